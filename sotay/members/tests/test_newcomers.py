"""Issue 12 §2 "Creating a member": every path that adds a member (the create form and admissions through
`services.create_member`, the import, the demo, the test factory) goes through `members.newcomers.register`, which
keeps NFC, the name keys and the first periods in one place."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from pathlib import Path

import pytest

import sotay
from sotay.lib.vntext import name_sort_key
from sotay.members import newcomers, services
from sotay.members.models import Member, MemberPeriod
from sotay.members.tests.factories import MemberFactory
from sotay.orgs.actor import Actor

pytestmark = pytest.mark.django_db

DECOMPOSED = unicodedata.normalize("NFD", "Đặng Thị Hòa")


@pytest.fixture
def spy(monkeypatch):
    calls: list[list[str]] = []
    original = newcomers.register

    def register(members, **kw):
        calls.append([m.full_name for m in members])
        return original(members, **kw)

    monkeypatch.setattr(newcomers, "register", register)
    return calls


def _check_invariants(member: Member) -> None:
    member.refresh_from_db()
    assert member.full_name == "Đặng Thị Hòa" and unicodedata.is_normalized("NFC", member.full_name)
    assert member.name_folded == "dang thi hoa"
    assert member.name_sort_key == name_sort_key("Đặng Thị Hòa")  # Vietnamese order: given name first
    assert MemberPeriod.objects.filter(member=member, valid_to=None).exists()


def test_the_create_service_used_by_the_form_and_admissions_registers_through_it(spy, cast, actor_of):
    member = services.create_member(
        data={
            "full_name": DECOMPOSED,
            "birth_on": dt.date(1990, 1, 2),
            "gender": "F",
            "ethnicity": "01",
            "joined_on": dt.date(2020, 5, 1),
        },
        organization=cast.cell_a,
        actor=actor_of(cast.cell_secretary),
        status="PROBATIONARY",
    )
    assert spy[-1] == ["Đặng Thị Hòa"]  # the form data is cleaned first; the register keeps it NFC
    _check_invariants(member)


def test_the_import_registers_through_it(spy, cast, tmp_path):
    from sotay.imports import services as imports
    from sotay.imports.tests.workbooks import member_row, write

    actor = Actor.for_user(cast.commune_committee)
    path = write(tmp_path / "ds.xlsx", [member_row(1, name=DECOMPOSED, cell=cast.cell_a.name)])
    batch = imports.start_import(source_path=path, file_name="ds.xlsx", organization=cast.commune_a, actor=actor)
    batch = imports.run_preview(batch, actor=actor)
    assert batch.counts.get("NEW") == 1, batch.message
    imports.apply_batch(batch=batch, actor=actor)
    assert DECOMPOSED in spy[-1] or "Đặng Thị Hòa" in spy[-1]
    _check_invariants(Member.objects.get(full_name="Đặng Thị Hòa"))


def test_the_test_factory_registers_through_it(spy):
    member = MemberFactory(full_name=DECOMPOSED)
    assert spy == [[DECOMPOSED]]
    _check_invariants(member)


# Modules that may write new member rows themselves, each with the reason.
WRITERS = {
    "members/newcomers.py": "the one path",
    "benchmarks/p2.py": "the raw baseline the import is measured against: a plain bulk insert on purpose",
    "benchmarks/p2_report.py": "the report's text describing that raw baseline (no code writes members there)",
}
WRITE = re.compile(r"Member\.objects\.(bulk_create|create|get_or_create|update_or_create)\(|\bMember\([^)]*\)\.save\(")


def test_no_other_module_writes_new_member_rows():
    """The demo generator, admissions and every other module hand new members to `newcomers.register` (directly or
    through `services.create_member`): a new `Member.objects.create`/`bulk_create` elsewhere fails here."""
    root = Path(sotay.__file__).parent
    offenders = []
    for path in root.rglob("*.py"):
        rel = path.relative_to(root).as_posix()
        if "/tests/" in rel or "/migrations/" in rel or rel in WRITERS:
            continue
        if WRITE.search(path.read_text(encoding="utf-8")):
            offenders.append(rel)
    assert offenders == []
    demo = (root / "demo/generator/writer.py").read_text(encoding="utf-8")
    assert "newcomers.register(" in demo
    assert "create_member(" in (root / "admissions/services.py").read_text(encoding="utf-8")
