"""Issue 12 §2 "Tree paths": subtree filters and path arithmetic live in `sotay/orgs/` only (`subtree_filter`,
`is_within`, `path_within`, `child_path_toward`, `child_path_expr`, `parent_path`, `levels_below`, `ancestor_paths`,
`depth_of`, `path_length`, `Actor.subtree_q`). A module elsewhere that slices, measures or prefix-matches a
materialised path fails here."""

from __future__ import annotations

import re
from pathlib import Path

import sotay

ROOT = Path(sotay.__file__).parent

ARITHMETIC = re.compile(
    r"[._]path\.startswith\(|startswith\([\w.]*\.path\)|path__startswith|\bsteplen\b|path\[\s*:|path\[:-"
    r"|len\([\w.\[\]\"]*path\)",
)

# Files allowed to do it, each with the reason.
ALLOWED = {
    "benchmarks/national.py": "the national generator re-roots each generated province's paths for one bulk COPY",
    "bench.py": "the raw-SQL baseline the benchmarks measure the app against computes its range by hand on purpose",
    "documents/models.py": "the guides' own tree (steplen 3), not the organisation tree",
    "documents/services.py": "the guides' own tree: an editor's branches are guide paths, not organisation paths",
    "demo/generator/plan.py": "the generator lays out the organisation tree's paths itself for one bulk insert",
    "demo/generator/writer.py": "the generator lays out the organisation tree's paths itself for one bulk insert",
    "demo/generator/__init__.py": "the docstring describes the generator's path layout",
    "demo/generator/congresses.py": "demo data on the generated tree (written in parallel; to move after the merge)",
    "demo/generator/cadres.py": "demo data on the generated tree (written in parallel; to move after the merge)",
    "demo/generator/lifecycle.py": "demo data on the generated tree (to move)",
}


def _offenders() -> list[str]:
    found = []
    for path in sorted(ROOT.rglob("*.py")):
        rel = path.relative_to(ROOT).as_posix()
        if rel.startswith("orgs/") or "/tests/" in rel or "/migrations/" in rel or rel in ALLOWED:
            continue
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            if ARITHMETIC.search(line) and "request.path" not in line and "file_path" not in line:
                found.append(f"{rel}:{number}: {line.strip()}")
    return found


def test_no_module_outside_orgs_does_path_arithmetic():
    assert _offenders() == []


def test_the_check_catches_path_arithmetic():
    for line in (
        "if member.organization.path.startswith(org.path):",
        "Member.objects.filter(organization__path__startswith=org.path)",
        "parent = org.path[: -Organization.steplen]",
        "depth = (len(p) - len(root.path)) // step",
    ):
        assert ARITHMETIC.search(line), line


def test_every_allowed_file_still_exists():
    assert all((ROOT / rel).exists() for rel in ALLOWED)
