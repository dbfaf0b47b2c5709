"""Issue 12 §1: "Nothing outside orgs/ touches policy._grants". Other apps ask through `policy.active_grants`,
`policy.holds_role`, `policy.granted_orgs`, `policy.subtree_q` or the Actor; the grant rows and their per-user cache
(`_sotay_grants`) are the policy's own. A module elsewhere that reaches for them fails here."""

from __future__ import annotations

import re
from pathlib import Path

import sotay

ROOT = Path(sotay.__file__).parent
PRIVATE = re.compile(r"\._grants\b|\b_sotay_grants\b|from sotay\.orgs\.policy import [^\n]*\b_grants\b")


def _offenders() -> list[str]:
    found = []
    for path in sorted(ROOT.rglob("*.py")):
        rel = path.relative_to(ROOT).as_posix()
        if rel.startswith("orgs/") or "/tests/" in rel or "/migrations/" in rel:
            continue
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            if PRIVATE.search(line):
                found.append(f"{rel}:{number}: {line.strip()}")
    return found


def test_no_module_outside_orgs_touches_the_policys_private_grants():
    assert _offenders() == []


def test_the_check_catches_a_private_grants_lookup():
    for line in (
        "grants = policy._grants(request.user)",
        "user.__dict__.pop('_sotay_grants', None)",
        "from sotay.orgs.policy import PERMISSIONS, _grants",
        "paths = [g.organization.path for g in actor._grants]",
    ):
        assert PRIVATE.search(line), line
    assert not PRIVATE.search("grants = policy.active_grants(user)")
    assert not PRIVATE.search("role_grants__organization=org")
