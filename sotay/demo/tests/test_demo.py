from __future__ import annotations

import datetime as dt
from io import StringIO

import pytest
from django.core.management import call_command
from django.db.models import Count

from sotay.accounts.models import User
from sotay.demo.generator import (
    DEMO_LOGINS,
    DEMO_PASSWORD,
    build_plan,
    generate,
    iter_members,
)
from sotay.lib.citizen_id import validate_citizen_id
from sotay.lib.dates import add_months
from sotay.lib.vntext import fold, name_sort_key, nfc
from sotay.members.choices import ACTIVE_STATUSES, MemberStatus
from sotay.members.models import Member
from sotay.orgs.models import CELL_KINDS, Organization, OrgKind, OrgVersion, Reorganization, Role
from sotay.rules.seed import load as load_rules

N = 400
TODAY = dt.date(2026, 3, 15)


@pytest.fixture
def rules(db) -> None:
    # The rules come from a data migration; a transactional test elsewhere may have flushed them.
    load_rules()


@pytest.fixture
def demo(rules):
    return generate(N, seed=7, today=TODAY)


def test_same_seed_same_data() -> None:
    first = build_plan(N, seed=7, today=TODAY)
    second = build_plan(N, seed=7, today=TODAY)
    assert first.orgs == second.orgs
    members = list(iter_members(first))
    assert members == list(iter_members(second))
    assert len(members) == N
    other = list(iter_members(build_plan(N, seed=8, today=TODAY)))
    assert [m["full_name"] for m in other] != [m["full_name"] for m in members]


def test_plan_follows_the_province() -> None:
    plan = build_plan(N, seed=7, today=TODAY)
    communes = [plan.orgs[i] for i in plan.communes]
    assert len(communes) == 104
    assert communes[0].name == "Đảng bộ phường Phố Hiến"
    assert {c.commune_type for c in communes} == {"XA", "PHUONG"}
    assert all(c.ward_code for c in communes)
    assert all(spec.kind in CELL_KINDS for spec in plan.orgs if spec.size)


def test_tree_is_valid_and_members_sit_in_cells(demo) -> None:
    assert all(problems == [] for problems in Organization.objects.find_problems())
    # The generated province plus the two probationary members written for the recognition cases.
    from sotay.demo.generator.recognition import PEOPLE as RECOGNITION_PEOPLE

    assert Member.objects.count() == N + len(RECOGNITION_PEOPLE)
    assert not Member.objects.exclude(organization__kind__in=CELL_KINDS).exists()
    root = Organization.objects.get_first_root_node()
    assert root.name == "Đảng bộ tỉnh Hưng Yên" and root.kind == OrgKind.PROVINCIAL_COMMITTEE
    assert Organization.objects.get_children(root).filter(kind=OrgKind.COMMUNE_COMMITTEE).count() == 104
    assert Organization.objects.get_children(root).filter(kind=OrgKind.AGENCY_COMMITTEE).count() == 1
    assert Organization.objects.filter(kind=OrgKind.BASE_COMMITTEE).exists()
    # One history row per organisation, matching its present name, parent and dates; an old district has a second
    # one, under the new province, between the end of its old province and its own (sotay/demo/generator/premerger.py).
    districts = Organization.objects.filter(depth=2, valid_to__isnull=False)
    assert OrgVersion.objects.count() == Organization.objects.count() + districts.count()
    for org in Organization.objects.filter(depth__lte=2).exclude(pk__in=districts):
        version = org.versions.get()
        parent = Organization.objects.get_parent(org)
        assert (version.name, version.parent_id, version.valid_from, version.valid_to) == (
            org.name,
            parent.pk if parent else None,
            org.valid_from,
            org.valid_to,
        )
    # Every chi bộ holding members has at least three official ones.
    official = (
        Member.objects.filter(status=MemberStatus.OFFICIAL)
        .values("organization")
        .annotate(n=Count("pk"))
        .filter(n__lt=3)
    )
    assert not official.exists()


def test_member_fields_are_consistent(demo) -> None:
    from sotay.demo.generator.recognition import PEOPLE as RECOGNITION_PEOPLE

    # The recognition demo's two members are written by hand through create_member with the fields a secretary
    # types, and their probation has ended on purpose (one case overdue): the generator's invariants are not theirs.
    written_by_hand = [p[0] for p in RECOGNITION_PEOPLE]
    for m in Member.objects.exclude(full_name__in=written_by_hand):
        assert m.full_name == nfc(m.full_name) and len(m.full_name.split(" ")) >= 3
        assert m.name_folded == fold(m.full_name)
        assert m.name_sort_key == name_sort_key(m.full_name)
        validate_citizen_id(m.citizen_id, born=m.birth_on, female=m.gender == "F")
        assert dt.date(1935, 1, 1) <= m.birth_on <= dt.date(2006, 12, 31)
        assert add_months(m.birth_on, 18 * 12) <= m.joined_on < TODAY
        assert m.admission_decision_on < m.joined_on
        if m.status == MemberStatus.PROBATIONARY:
            assert m.official_on is None and m.card_number is None
            assert m.joined_on > add_months(TODAY, -12)
        else:
            assert m.official_on == add_months(m.joined_on, 12) <= TODAY
            assert m.card_number and len(m.card_number) == 8
        assert bool(m.exit_kind) == (m.status == MemberStatus.LEFT)
        assert not m.phone or (len(m.phone) == 10 and m.phone[:2] in {"09", "03", "08"})
        assert m.residence_province_code == 33 and m.residence_ward_code
    written = list(
        Member.objects.exclude(full_name__in=written_by_hand).order_by("pk").values_list("full_name", "citizen_id")
    )
    planned = [(m["full_name"], m["citizen_id"]) for m in iter_members(build_plan(N, seed=7, today=TODAY))]
    assert written == planned
    statuses = dict(Member.objects.values_list("status").annotate(n=Count("pk")).order_by())
    assert statuses[MemberStatus.OFFICIAL] > 0.85 * N
    assert statuses.get(MemberStatus.PROBATIONARY, 0) > 0


def test_demo_logins(demo) -> None:
    expected = {
        "bantochuc": Role.ORG_DEPT_OFFICER,
        "tinhuy": Role.COMMITTEE,
        "xa": Role.COMMITTEE,
        "dangbocoso": Role.BASE_COMMITTEE,
        "chibo": Role.CELL_COMMITTEE,
        "dangvien": Role.MEMBER,
        "quantri": Role.SYSTEM_ADMIN,
    }
    assert {login.username: login.role for login in DEMO_LOGINS} == expected
    root = Organization.objects.get_first_root_node()
    commune = Organization.objects.get_first_child(root)
    for username, role in expected.items():
        user = User.objects.get(username=username)
        assert user.check_password(DEMO_PASSWORD)
        grant = user.role_grants.get()
        assert grant.role == role
        if username in {"bantochuc", "tinhuy", "quantri"}:
            assert grant.organization == root
        if username == "xa":
            assert grant.organization == commune
    assert not User.objects.get(username="bantochuc").member_id
    admin = User.objects.get(username="quantri")
    assert admin.is_staff and admin.is_superuser
    secretary = User.objects.get(username="chibo")
    cell = secretary.role_grants.get().organization
    assert cell.kind in CELL_KINDS and cell.path.startswith(commune.path)
    assert secretary.member.organization == cell and secretary.member.status == MemberStatus.OFFICIAL
    assert secretary.phone == secretary.member.phone == "0912000001"
    member = User.objects.get(username="dangvien").member
    assert member.organization == cell and member.pk != secretary.member_id
    assert member.status in ACTIVE_STATUSES
    base = User.objects.get(username="dangbocoso").role_grants.get().organization
    assert base.kind == OrgKind.BASE_COMMITTEE


def test_merger_history(demo) -> None:
    root = Organization.objects.get_first_root_node()
    assert root.valid_to is None
    old = Organization.objects.filter(successor=root, depth=1).order_by("path")
    assert [o.name for o in old] == ["Đảng bộ tỉnh Hưng Yên (trước hợp nhất)", "Đảng bộ tỉnh Thái Bình"]
    assert {o.valid_to for o in old} == {dt.date(2025, 6, 30)}
    assert [v.valid_to for o in old for v in o.versions.all()] == [dt.date(2025, 6, 30)] * 2
    merges = Reorganization.objects.filter(kind=Reorganization.Kind.MERGE, effective_on=dt.date(2025, 6, 30))
    merges = merges.order_by("decision_on")
    assert [(m.decision_number, m.decision_on, m.effective_on) for m in merges] == [
        ("1788-QĐ/TU", dt.date(2025, 6, 26), dt.date(2025, 6, 30)),
        ("2051-QĐ/TU", dt.date(2025, 6, 27), dt.date(2025, 6, 30)),
    ]
    for merge, source in zip(merges, old, strict=True):
        assert list(merge.sources.all()) == [source]
        assert list(merge.targets.all()) == [root]
        assert [h.signed_on for h in merge.handovers.all()] == [dt.date(2025, 6, 30)]
    assert Reorganization.objects.filter(kind=Reorganization.Kind.FOUND, targets=root).exists()
    # "As of" a day before the merger the old provinces are active, after it only the new one.
    assert set(Organization.objects.filter(depth=1).active(dt.date(2025, 6, 29))) == set(old)
    assert list(Organization.objects.filter(depth=1).active(dt.date(2025, 7, 1))) == [root]


def test_the_tree_before_the_merger(demo) -> None:
    """As of 01/06/2025 the two old provinces with their districts and communes; today the merged province; a
    commune sees its own predecessors only (sotay/orgs/history.py)."""
    from sotay.orgs.history import tree_as_of

    officer, commune_user = User.objects.get(username="bantochuc"), User.objects.get(username="xa")
    before = tree_as_of(officer, dt.date(2025, 6, 1))
    assert [u.name for u in before.tops] == ["Đảng bộ tỉnh Hưng Yên (trước hợp nhất)", "Đảng bộ tỉnh Thái Bình"]
    old_hy = before.tops[0]
    assert old_hy.note == "không còn từ 30/06/2025 · nay thuộc Đảng bộ tỉnh Hưng Yên"
    assert "Đảng bộ huyện Khoái Châu" in {d.name for d in old_hy.children} and len(old_hy.children) == 10
    assert len(before.tops[1].children) == 8
    old_communes = [u for u in before.walk() if u.depth == 3]
    assert len(old_communes) > 104 * 2 - 1
    assert all(u.note.startswith("không còn từ 01/07/2025 · nay thuộc Đảng bộ ") for u in old_communes)
    # The day between the two: the old districts were handed to the new province with their communes.
    between = tree_as_of(officer, dt.date(2025, 6, 30))
    assert [u.name for u in between.tops] == ["Đảng bộ tỉnh Hưng Yên"] and len(between.tops[0].children) == 18
    today = tree_as_of(officer, TODAY)
    assert [u.name for u in today.tops] == ["Đảng bộ tỉnh Hưng Yên"] and len(today.tops[0].children) == 105
    assert not any(u.ended_on for u in today.walk())
    mine = tree_as_of(commune_user, dt.date(2025, 6, 1))
    home = commune_user.role_grants.get().organization
    assert 2 <= len(mine.tops) <= 3 and all(u.note.endswith("nay thuộc " + home.name) for u in mine.tops)
    merges = Reorganization.objects.filter(kind=Reorganization.Kind.MERGE, effective_on=dt.date(2025, 7, 1))
    assert merges.count() == 104 and merges.get(targets=home).sources.count() == len(mine.tops)


def test_command_if_empty_and_logins(rules) -> None:
    out = StringIO()
    call_command("demo", "--logins", stdout=out)
    assert "Chưa có tài khoản" in out.getvalue()
    out = StringIO()
    call_command("demo", "--members", str(N), "--if-empty", verbosity=0, stdout=out)  # as `make run` calls it
    assert len(out.getvalue().strip().splitlines()) == 1 and "Đã tạo Đảng bộ tỉnh" in out.getvalue()
    from sotay.demo.generator.recognition import PEOPLE as RECOGNITION_PEOPLE  # written for the recognition cases

    assert Member.objects.count() == N + len(RECOGNITION_PEOPLE)
    counts = (Organization.objects.count(), Member.objects.count(), User.objects.count())
    out = StringIO()
    call_command("demo", "--members", str(N), "--if-empty", stdout=out)
    assert "đã có sẵn" in out.getvalue()
    assert (Organization.objects.count(), Member.objects.count(), User.objects.count()) == counts
    out = StringIO()
    call_command("demo", "--logins", stdout=out)
    text = out.getvalue()
    assert DEMO_PASSWORD in text
    assert all(login.username in text for login in DEMO_LOGINS)
    out = StringIO()
    call_command("demo", "--members", str(N), "--if-empty", verbosity=0, stdout=out)
    assert out.getvalue() == ""


def test_make_run_keeps_the_terminal_to_the_logins_the_address_and_warnings() -> None:
    """The run target echoes no command and asks migrate and the demo for no progress (-v 0); the worker and the
    web server log to var/log/ (sotay serve prints only its address)."""
    from pathlib import Path

    makefile = (Path(__file__).resolve().parents[3] / "Makefile").read_text(encoding="utf-8")
    recipe = makefile.split("\nrun: setup\n", 1)[1].split("\n\n", 1)[0].replace("\\\n", " ")
    commands = [line for line in recipe.splitlines() if line.startswith("\t") and not line.startswith("\t@#")]
    assert commands and all(line.startswith("\t@") for line in commands), commands
    assert "migrate --noinput -v 0" in recipe and "demo --if-empty -v 0" in recipe
    assert "demo --logins" in recipe and "serve --port" in recipe


def test_statistics_counts_are_filled(demo) -> None:
    """The generator fills the kept statistics counts (docs/decisions/0009-statistics-counts.md): the fast
    statistics equal the full computation, today and as of a past day, for the province and a commune."""
    from sotay.members.stats import full_statistics, subtree_statistics

    province = Organization.objects.filter(depth=1, valid_to__isnull=True).first()
    commune = Organization.objects.filter(depth=2, valid_to__isnull=True).first()
    for org in (province, commune):
        assert subtree_statistics(org, on=TODAY) == full_statistics(org, on=TODAY)
        day = dt.date(2025, 12, 31)
        assert subtree_statistics(org, on=TODAY, as_of=day) == full_statistics(org, on=TODAY, as_of=day)
    assert subtree_statistics(province, on=TODAY)["total"][0].count > 0


def test_demo_secretary_can_record_dues_straight_away(demo) -> None:
    """The demo's wage regions (generator/dues.py) make the dues page usable at once: the secretary declares the
    "other members" basis for the whole cell, computes the month and records a payment — no region missing."""
    from sotay.dues import bulk, seed
    from sotay.dues.models import DuesBasis, DuesLiability, WageRegion
    from sotay.dues.months import region_for
    from sotay.dues.services import compute_liabilities, record_dues_payment
    from sotay.orgs.actor import Actor

    seed.load()
    secretary = User.objects.get(username="chibo")
    cell = secretary.role_grants.get().organization
    root = Organization.objects.get_first_root_node()
    assert region_for(root, TODAY).region == WageRegion.III
    wards = Organization.objects.filter(kind=OrgKind.COMMUNE_COMMITTEE, commune_type="PHUONG")
    assert wards.exists() and all(region_for(w, TODAY).region == WageRegion.II for w in wards)
    assert region_for(cell, TODAY) is not None
    actor = Actor.for_user(secretary)
    members = list(Member.objects.active().in_subtree(cell))
    month = TODAY.replace(day=1)
    entries = [bulk.Entry(member=m, basis=DuesBasis.OTHER_WORKING_AGE) for m in members]
    assert bulk.declare_bases(org=cell, entries=entries, effective_from=month, actor=actor) == len(members)
    result = compute_liabilities(org=cell, month=month, actor=actor)
    assert result.missing == [] and len(result.created) == len(members)
    owed = DuesLiability.objects.get(member=secretary.member, month=month)
    assert owed.amount > 0
    record_dues_payment(
        member=secretary.member, month=month, amount=owed.amount, paid_on=TODAY, channel="CASH", actor=actor
    )
