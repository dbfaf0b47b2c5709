"""Every `sotay <command>` that README.md and docs/ name exists, spelled as written (the `sotay` script turns the
dashes of a command name into underscores, sotay/__main__.py), every `run <command>` of docs/deploy.md
(the helper there runs `sotay`) and every `$(BIN)/sotay <command>` of the Makefile."""

from __future__ import annotations

import re
from pathlib import Path

from django.core.management import get_commands

from sotay.__main__ import command_line

ROOT = Path(__file__).resolve().parents[3]
CODE = re.compile(r"```.*?```|`[^`\n]+`", re.DOTALL)
SOTAY = re.compile(r"(?:^|(?<=[\s(])|(?<=bin/))(?<!-u )sotay ([a-z][a-z0-9_-]*)", re.MULTILINE)
MAKE = re.compile(r"\$\(BIN\)/sotay ([a-z][a-z0-9_-]*)")
RUN = re.compile(r"^run ([a-z][a-z0-9_-]*)", re.MULTILINE)


def documented() -> set[tuple[str, str]]:
    found: set[tuple[str, str]] = set()
    files = [ROOT / "README.md", *sorted((ROOT / "docs").rglob("*.md"))]
    for path in files:
        for block in CODE.findall(path.read_text(encoding="utf-8")):
            block = block.strip("`")
            for pattern in (SOTAY, RUN) if path.name == "deploy.md" else (SOTAY,):
                found.update((path.relative_to(ROOT).as_posix(), name) for name in pattern.findall(block))
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    found.update(("Makefile", name) for name in MAKE.findall(makefile))
    return found


def test_the_docs_name_sotay_commands():
    names = {name for _, name in documented()}
    assert {"demo", "backup", "restore", "stats-verify", "search-reindex", "found-province"} <= names


def test_every_documented_sotay_command_exists():
    commands = set(get_commands())
    missing = sorted((where, name) for where, name in documented() if command_line([name])[0] not in commands)
    assert missing == [], f"commands named in the docs that `sotay help` does not list: {missing}"
