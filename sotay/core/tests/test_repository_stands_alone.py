"""A clone of Sổ tay makes sense on its own: rules are cited from `docs/rules/`, terms and conventions from
`docs/glossary.md`, never from files outside the repository.

Every tracked file outside `docs/rules/` is searched for the old out-of-repository digests (rules, glossary, style
guide), for the outside sample folder and for relative paths into sibling folders of the repository; every
`docs/rules/<page>.md#<anchor>` cited anywhere must name an existing page and one of its headings (GitHub's slug:
lower case, Vietnamese letters kept, punctuation dropped, spaces to hyphens).
"""

from __future__ import annotations

import re
import subprocess
import unicodedata
from functools import cache
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]
RULES_DIR = ROOT / "docs" / "rules"
# Spelled in pieces so that this file does not match itself. Case matters: `docs/glossary.md` is the project's own
# page, while the old digest was also cited by its name alone, in capitals, without the extension.
FORBIDDEN = ("RULES" + ".md", "../" + "shared", "GLOSS" + "ARY", "STYLE" + ".md", "shared" + "/samples")
# `docs/rules/admission.md#tuổi-đời` in code, templates and docs; `\w` covers precomposed Vietnamese letters.
CITATION = re.compile(r"docs/rules/([\w.-]+?\.md)(?:#([\w-]+))?")
# Markdown links inside docs/rules: `[text](admission.md#tuổi-đời)` or `[text](#ba-cấp)`.
MD_LINK = re.compile(r"\]\(([^)\s]*)\)")
HEADING = re.compile(r"^#{1,6}\s+(.+?)\s*#*\s*$")


def _tracked_files() -> list[Path]:
    try:
        out = subprocess.run(["git", "ls-files", "-z"], cwd=ROOT, capture_output=True, check=True, text=True).stdout
    except (OSError, subprocess.CalledProcessError):
        pytest.skip("not a git work tree (e.g. an unpacked release): there is no list of tracked files to check")
    return [ROOT / name for name in out.split("\0") if name]


def _text(path: Path) -> str | None:
    try:
        return path.read_text(encoding="utf-8")
    except (UnicodeDecodeError, FileNotFoundError, IsADirectoryError):
        return None  # binary files (images, .mo) and files deleted but not yet committed


def github_slug(heading: str) -> str:
    """The anchor GitHub gives a Markdown heading (github-slugger): inline markup and punctuation dropped."""
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", heading)  # a link keeps its text
    text = unicodedata.normalize("NFC", text.replace("`", "").replace("*", "")).lower()
    kept = "".join(ch for ch in text if ch in " -_" or unicodedata.category(ch)[0] in "LNM")
    return kept.replace(" ", "-")


@cache
def anchors(page: str) -> frozenset[str]:
    seen: dict[str, int] = {}
    result = set()
    in_fence = False
    for line in (RULES_DIR / page).read_text(encoding="utf-8").splitlines():
        if line.startswith("```"):
            in_fence = not in_fence
        match = None if in_fence else HEADING.match(line)
        if match:
            slug = github_slug(match.group(1))
            count = seen.get(slug, 0)
            seen[slug] = count + 1
            result.add(slug if count == 0 else f"{slug}-{count}")
    return frozenset(result)


def test_slug_matches_github_for_vietnamese_headings():
    assert github_slug("Tuổi đời") == "tuổi-đời"
    assert github_slug("Biểu quyết quá nửa") == "biểu-quyết-quá-nửa"
    assert github_slug("Quy định 339-QĐ/TW (2025)") == "quy-định-339-qđtw-2025"
    assert github_slug("Sổ `cái`, *mới*") == "sổ-cái-mới"


def outside_mentions(text: str) -> list[int]:
    """Line numbers (1-based) that cite an old digest, the outside sample folder or a sibling folder."""
    return [number for number, line in enumerate(text.splitlines(), 1) if any(word in line for word in FORBIDDEN)]


def broken_citations(text: str) -> list[str]:
    """`docs/rules/<page>.md#<anchor>` citations whose page or heading does not exist."""
    broken = []
    for number, line in enumerate(text.splitlines(), 1):
        for page, anchor in CITATION.findall(line):
            if not (RULES_DIR / page).is_file():
                broken.append(f"{number}: no page docs/rules/{page}")
            elif anchor and unicodedata.normalize("NFC", anchor) not in anchors(page):
                broken.append(f"{number}: no heading #{anchor} in docs/rules/{page}")
    return broken


def broken_links(text: str, where: Path) -> list[str]:
    """Relative Markdown links from `where` into docs/rules whose file or heading does not exist."""
    broken = []
    for number, line in enumerate(text.splitlines(), 1):
        for target in MD_LINK.findall(line):
            if re.match(r"[a-z]+:", target):
                continue  # an absolute URL
            name, _, anchor = target.partition("#")
            resolved = (where.parent / name).resolve() if name else where.resolve()
            if not resolved.is_relative_to(RULES_DIR) and where.resolve().parent != RULES_DIR:
                continue  # a link elsewhere in the repository, from a page outside docs/rules
            if not resolved.exists():
                broken.append(f"{number}: {target} (no such file)")
            elif anchor and resolved.parent == RULES_DIR and anchor not in anchors(resolved.name):
                broken.append(f"{number}: {target} (no such heading)")
    return broken


def test_the_checks_catch_what_they_should():
    rules = "docs/" + "rules/"  # spelled in two pieces: the broken citations below must not be found in this file
    assert outside_mentions("ok\n# see " + FORBIDDEN[0] + " §4.4\nsee " + FORBIDDEN[1] + "/domain") == [2, 3]
    glossary, style, samples = FORBIDDEN[2:]
    text = f"names from {glossary}.md\n# {style} convention 12\n(a copy of {samples})\nsee docs/glossary.md"
    assert outside_mentions(text + f"\n({glossary}'s Evaluation)") == [1, 2, 3, 5]
    assert broken_citations(f"{rules}admission.md#tuổi-đời and {rules}dues.md") == []
    assert broken_citations(f"{rules}admission.md#không-có") == [f"1: no heading #không-có in {rules}admission.md"]
    assert broken_citations(f"{rules}nowhere.md#x") == [f"1: no page {rules}nowhere.md"]
    links = f"[a]({rules}dues.md#sổ-cái) [b]({rules}dues.md#sổ) [c](docs/meetings.md)"
    assert broken_links(links, ROOT / "README.md") == [f"1: {rules}dues.md#sổ (no such heading)"]


def test_no_tracked_file_outside_docs_rules_cites_files_outside_the_repository():
    offenders = []
    for path in _tracked_files():
        text = None if path.is_relative_to(RULES_DIR) else _text(path)
        if text is not None:
            lines = text.splitlines()
            offenders += [f"{path.relative_to(ROOT)}:{n}: {lines[n - 1].strip()[:100]}" for n in outside_mentions(text)]
    assert not offenders, (
        "cite the regulation, docs/rules/<page>.md#<anchor> or docs/glossary.md instead:\n" + "\n".join(offenders)
    )


def test_every_cited_rules_anchor_exists():
    missing = []
    for path in _tracked_files():
        text = _text(path)
        if text is not None:
            missing += [f"{path.relative_to(ROOT)}:{problem}" for problem in broken_citations(text)]
    assert not missing, "\n".join(missing)


def test_markdown_links_into_docs_rules_resolve():
    missing = []
    pages = {path for path in _tracked_files() if path.suffix == ".md"} | set(RULES_DIR.glob("*.md"))
    for path in sorted(pages):
        text = _text(path)
        if text is not None:
            missing += [f"{path.relative_to(ROOT)}:{problem}" for problem in broken_links(text, path)]
    assert not missing, "\n".join(missing)


def test_every_rules_page_is_in_the_index():
    index = (RULES_DIR / "README.md").read_text(encoding="utf-8")
    pages = {path.name for path in RULES_DIR.glob("*.md")} - {"README.md"}
    assert pages and all(f"]({page})" in index for page in pages), pages
