"""`docs/glossary.md` stays true to the code: every identifier its tables name exists in `sotay/`, and every section
of it that a comment cites (the page's path, a comma, then the heading in double quotes) is one of its headings.

Terms the code does not implement yet belong under the page's "Planned" heading, which is not checked.
"""

from __future__ import annotations

import re
from functools import cache

from .test_repository_stands_alone import HEADING, ROOT, _text, _tracked_files

PAGE = ROOT / "docs" / "glossary.md"
# `docs/glossary.md, "Abbreviations in document numbers"` in comments and docstrings.
SECTION_CITATION = re.compile(r'docs/glossary\.md, "([^"]+)"')


@cache
def code_words() -> frozenset[str]:
    """Every word in the application's Python code (tests and migrations left out: a name must be really used)."""
    words: set[str] = set()
    for path in _tracked_files():
        relative = path.relative_to(ROOT).as_posix()
        if relative.startswith("sotay/") and path.suffix == ".py" and "/tests/" not in relative:
            if "/migrations/" not in relative:
                words.update(re.findall(r"\w+", _text(path) or ""))
    return frozenset(words)


def unknown_names(markdown: str, words: frozenset[str]) -> list[str]:
    """ASCII identifiers inside `code spans` of the glossary's tables (before "Planned") that the code never uses."""
    tables = markdown.split("\n## Conventions", 1)[-1].split("\n## Planned", 1)[0]
    tables = tables.split("\n## ", 1)[-1]  # the Conventions section describes patterns (`verb_noun`), not names
    unknown = []
    for span in re.findall(r"`([^`]+)`", tables):
        for word in re.findall(r"\w+", span):
            if word.isascii() and re.search(r"[A-Za-z]", word) and word not in words and word not in unknown:
                unknown.append(word)
    return unknown


def headings(markdown: str) -> set[str]:
    return {match.group(1) for line in markdown.splitlines() if (match := HEADING.match(line))}


def test_the_name_check_catches_a_name_the_code_does_not_use():
    page = "# G\n## Conventions\n`verb_noun`\n## Dues\n| nợ | `arrears()`; `DuesDebt` |\n## Planned\n`Congress`\n"
    assert unknown_names(page, frozenset({"arrears"})) == ["DuesDebt"]


def test_every_name_in_the_glossary_tables_exists_in_the_code():
    assert not unknown_names(PAGE.read_text(encoding="utf-8"), code_words()), (
        "rename it in docs/glossary.md, or move it under 'Planned'"
    )


def test_sections_cited_from_the_code_exist():
    known = headings(PAGE.read_text(encoding="utf-8"))
    missing = []
    for path in _tracked_files():
        text = _text(path)
        if text is not None:
            missing += [
                f"{path.relative_to(ROOT)}: {name}" for name in SECTION_CITATION.findall(text) if name not in known
            ]
    assert not missing, missing
