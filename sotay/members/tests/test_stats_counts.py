"""The kept statistics counts (sotay/members/counts.py) against the full computation over members and periods."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sotay.audit.models import AuditEntry
from sotay.members import counts, services, snapshots
from sotay.members.choices import MemberStatus, PoliticalTheory, Religion
from sotay.members.models import Member, MemberPeriod, StatCount, StatSnapshot
from sotay.members.stats import full_statistics, subtree_statistics
from sotay.orgs.actor import Actor
from sotay.orgs.services import Decision, move_organization

pytestmark = pytest.mark.django_db

ACTOR = Actor.system("command:test")
DAYS = st.dates(dt.date(2015, 1, 1), dt.date.today())
# Days asked: also long before the writes' days and the oldest snapshot (direct counts, empty snapshots).
PAST = st.dates(dt.date(1995, 1, 1), dt.date.today())


class Rolledback(Exception):
    pass


def _orgs(cast):
    return [cast.province, cast.commune_a, cast.commune_b, cast.cell_a, cast.base_a, cast.cell_a2, cast.cell_b]


def _cells(cast):
    return [cast.cell_a, cast.cell_a2, cast.cell_b]


def _admit(cast, data):
    cell = data.draw(st.sampled_from(_cells(cast)))
    joined = data.draw(st.dates(dt.date(2005, 1, 1), dt.date.today()))
    birth = data.draw(st.dates(dt.date(1940, 1, 1), dt.date(joined.year - 19, 12, 31)))
    official = data.draw(st.booleans()) and joined.year < dt.date.today().year - 1
    services.create_member(
        data={
            "full_name": "Nguyễn Văn " + data.draw(st.sampled_from(["An", "Bình", "Cường"])),
            "birth_on": birth,
            "gender": data.draw(st.sampled_from(["M", "F"])),
            "joined_on": joined,
            "official_on": dt.date(joined.year + 1, joined.month, 1) if official else None,
            "religion": data.draw(st.sampled_from([Religion.NONE, Religion.values[-1]])),
            "political_theory": data.draw(st.sampled_from(["", PoliticalTheory.values[0]])),
        },
        organization=cell,
        actor=ACTOR,
        status=MemberStatus.OFFICIAL if official else MemberStatus.PROBATIONARY,
    )


def _member(data):
    return data.draw(st.sampled_from(list(Member.objects.order_by("pk"))))


def _transfer(cast, data):
    services.transfer_member(
        member=_member(data), to_org=data.draw(st.sampled_from(_cells(cast))), on=data.draw(DAYS), actor=ACTOR
    )


def _status(cast, data):
    status = data.draw(st.sampled_from([s.value for s in MemberStatus]))
    services.change_member_status(
        member=_member(data),
        status=status,
        on=data.draw(DAYS),
        actor=ACTOR,
        decision_number="12-QĐ/ĐU",
        exit_kind="RESIGNED" if status == MemberStatus.LEFT else "",
    )


def _edit(cast, data):
    services.update_member(
        member=_member(data),
        data={
            "birth_on": data.draw(st.dates(dt.date(1940, 1, 1), dt.date(1995, 12, 31))),
            "gender": data.draw(st.sampled_from(["M", "F"])),
            "ethnicity": data.draw(st.sampled_from(["01", "04"])),
        },
        actor=ACTOR,
    )


def _merge(cast, data):
    """What a merger or split does to the members: all of a cell's members to another cell on one day."""
    source, target = data.draw(st.permutations(_cells(cast)))[:2]
    with transaction.atomic():
        services.move_members(
            Member.objects.filter(organization=source), to_org=target, actor=ACTOR, on=data.draw(DAYS)
        )


def _move_tree(cast, data):
    """The base committee (and its cell) put under the other commune."""
    base = type(cast.base_a).objects.get(pk=cast.base_a.pk)
    parent = cast.commune_b if base.path.startswith(cast.commune_a.path) else cast.commune_a
    day = data.draw(DAYS)
    move_organization(org=base, new_parent=parent, decision=Decision("5-QĐ/TU", day, day), actor=ACTOR)
    for name in ("base_a", "cell_a2", "commune_a", "commune_b"):
        getattr(cast, name).refresh_from_db()


STEPS = {
    "admit": _admit,
    "transfer": _transfer,
    "status": _status,
    "edit": _edit,
    "merge": _merge,
    "move": _move_tree,
}


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.data())
def test_kept_counts_equal_the_full_computation(cast, settings, data):
    """Random admissions, transfers, status changes, edits, mergers and moves in the tree (most of them dated in the
    past), some of them rolled back: today's statistics and those of any day equal the computation over every member
    and period, on every subtree, and the stored counts equal those rebuilt from scratch. With snapshots (kept here
    for every organisation), the past days are read from the nearest one — on a snapshot's day, up to 120 days from
    one, or any day since 1995 (before the oldest snapshot too) — and the snapshots kept through the writes equal
    those counted again."""
    settings.STAT_SNAPSHOT_DEPTH = 9
    with_snapshots = data.draw(st.booleans())
    if with_snapshots:
        snapshots.refresh()
    else:
        StatSnapshot.objects.all().delete()
    for _step in range(data.draw(st.integers(1, 5))):
        step = STEPS[data.draw(st.sampled_from(sorted(STEPS)))]
        rollback = data.draw(st.booleans())
        try:
            with transaction.atomic():
                step(cast, data)
                if rollback:
                    raise Rolledback
        except (ValidationError, Rolledback):
            pass
    snapshot_day = data.draw(st.sampled_from(snapshots.wanted_days()))
    days = [data.draw(PAST), snapshot_day, snapshot_day + dt.timedelta(days=data.draw(st.integers(-120, 120)))]
    for org in _orgs(cast):
        org.refresh_from_db()
        assert subtree_statistics(org) == full_statistics(org), org.code
        for day in days:
            assert subtree_statistics(org, as_of=day) == full_statistics(org, as_of=day), (org.code, day)
    assert counts.stored() == counts.recompute()
    expected, kept = snapshots.compared()
    assert kept == expected
    if with_snapshots and StatSnapshot.objects.filter(organization=cast.province).exists():
        assert snapshots.near(cast.province, snapshot_day) is not None


def test_an_import_and_its_rollback_keep_the_counts(cast):
    """The import service's bulk path (contributions summed over the batch) and its rollback."""
    before = counts.stored()
    created = [
        Member(
            full_name=f"Trần Văn {i}",
            birth_on=dt.date(1980 + i, 3, 1),
            gender="M",
            joined_on=dt.date(2010, 1, 1),
            official_on=dt.date(2011, 1, 1),
            status=MemberStatus.OFFICIAL,
            organization=cast.cell_b,
        )
        for i in range(3)
    ]
    from sotay.members import periods

    Member.objects.bulk_create(created)
    periods.open_first(created)
    counts.apply(dict(counts.contributions([m.pk for m in created])))
    assert counts.stored() == counts.recompute()
    assert subtree_statistics(cast.commune_b)["total"][0].count == 6
    counts.apply({key: -n for key, n in counts.contributions([m.pk for m in created]).items()})
    Member.objects.filter(pk__in=[m.pk for m in created]).delete()
    assert counts.stored() == before


@pytest.mark.parametrize("with_snapshots", [False, True])
def test_bulk_counting_in_the_database_equals_the_count_per_key(cast, settings, with_snapshots):
    """The import's path for many new members (`added_in_bulk`, one INSERT … SELECT … ON CONFLICT for the current and
    open-period counts, the snapshots from their periods) gives the counts recomputed from scratch, adding to the
    rows that exist (same cells) and creating the missing ones (new birth dates, a member without education)."""
    from sotay.members import periods

    settings.STAT_SNAPSHOT_DEPTH = 9
    if with_snapshots:
        snapshots.refresh()
    created = [
        Member(
            full_name=f"Lê Thị {i}",
            birth_on=dt.date(1970 + i, 5, 2),
            gender="F" if i % 2 else "M",
            joined_on=dt.date(2012 + i, 1, 1),
            official_on=None if i == 3 else dt.date(2013 + i, 1, 1),
            status=MemberStatus.PROBATIONARY if i == 3 else MemberStatus.OFFICIAL,
            organization=[cast.cell_a, cast.cell_a2, cast.cell_b][i % 3],
        )
        for i in range(4)
    ]
    Member.objects.bulk_create(created)
    periods.open_first(created)
    # Two members whose open period is not their cell and status (their share of "h" is not none): a transfer to
    # cell B dated ahead, and an open period of another status.
    ahead = timezone.localdate() + dt.timedelta(days=10)
    MemberPeriod.objects.filter(member=created[1]).update(valid_to=ahead)
    MemberPeriod.objects.create(member=created[1], organization=cast.cell_b, status=created[1].status, valid_from=ahead)
    MemberPeriod.objects.filter(member=created[2]).update(status=MemberStatus.PROBATIONARY)
    counts.added_in_bulk(Member.objects.filter(pk__in=[m.pk for m in created]).values_list("pk", flat=True))
    assert counts.stored() == counts.recompute()
    assert any(kind == "h" for _org, kind, _dim, _value in counts.stored())
    expected, kept = snapshots.compared()
    assert kept == expected
    if with_snapshots:
        assert StatSnapshot.objects.filter(organization=cast.province).exists()
    assert subtree_statistics(cast.province) == full_statistics(cast.province)


def test_stats_verify_reports_and_fixes_differences(cast):
    out = io.StringIO()
    call_command("stats_verify", stdout=out)
    assert "khớp" in out.getvalue()
    # A write that bypassed the services: the counts are now wrong.
    Member.objects.filter(pk=cast.teacher.pk).update(gender="M")
    with pytest.raises(SystemExit) as exit_code:
        call_command("stats_verify", "--org", cast.commune_a.code, stdout=out)
    assert exit_code.value.code == 1
    assert "Đảng bộ xã Đông Tiến" in out.getvalue() and "giới tính" in out.getvalue()
    call_command("stats_verify", "--fix", stdout=out)
    assert AuditEntry.objects.filter(actor_name="command:stats-verify").exists()
    assert counts.stored() == counts.recompute()
    assert {r.key: r.count for r in subtree_statistics(cast.commune_a)["gender"]} == {"M": 4, "F": 1}


def test_stats_verify_refuses_an_unknown_organisation(cast):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="Không có tổ chức"):
        call_command("stats_verify", "--org", "KHÔNG-CÓ")


def test_counts_live_in_the_write_transaction(cast):
    """A failed write leaves no count behind."""
    rows = StatCount.objects.count()
    with pytest.raises(Rolledback), transaction.atomic():
        services.transfer_member(member=cast.others_a[0], to_org=cast.cell_b, on=dt.date(2025, 6, 1), actor=ACTOR)
        raise Rolledback
    assert StatCount.objects.count() == rows
    assert counts.stored() == counts.recompute()


def test_open_periods_are_kept_as_their_difference_from_the_members(cast):
    """Kind "h" holds the open periods minus the members (docs/decisions/0009-statistics-counts.md, "Open periods as
    a difference"): nothing while every open period is its member's cell and status; a change dated ahead leaves a
    difference, and today's and any past day's statistics still equal the full computation. Migration 0018 turns the
    former rows (the open periods themselves) into the difference and back."""
    import importlib

    from django.db import connection

    from sotay.members import periods

    assert not StatCount.objects.filter(kind="h").exclude(n=0).exists()
    member = cast.others_a[0]
    ahead = dt.date.today() + dt.timedelta(days=30)
    with transaction.atomic(), counts.tracking([member.pk]):
        periods.change([member.pk], ahead, organization_id=cast.cell_b.pk)
    now = counts.stored()
    # The cells themselves keep no count of their own members (docs/decisions/0015): the communes above them do.
    assert now[(cast.commune_b.pk, "h", "a", "")] == 1 and now[(cast.commune_a.pk, "h", "a", "")] == -1
    assert not StatCount.objects.filter(organization__in=[cast.cell_a, cast.cell_b]).exists()
    assert (cast.province.pk, "h", "a", "") not in now  # the same province either way
    assert now == counts.recompute()
    for org in (cast.province, cast.commune_a, cast.commune_b, cast.cell_a, cast.cell_b):
        for day in (dt.date.today(), ahead, dt.date(2020, 6, 30)):
            assert subtree_statistics(org, as_of=day) == full_statistics(org, as_of=day), (org.code, day)

    migration = importlib.import_module("sotay.members.migrations.0018_stat_count_open_periods_as_difference")
    with connection.cursor() as cursor:
        for sql in migration.BACKWARD:
            cursor.execute(sql)
    former = counts.stored()
    expected = {(o, "h", d, v): now.get((o, "c", d, v), 0) + n for (o, k, d, v), n in now.items() if k == "h"}
    expected.update({(o, "h", d, v): n for (o, k, d, v), n in now.items() if k == "c" and (o, "h", d, v) not in now})
    assert {key: n for key, n in former.items() if key[1] == "h"} == {key: n for key, n in expected.items() if n}
    assert former[(cast.commune_a.pk, "h", "a", "")] == now[(cast.commune_a.pk, "c", "a", "")] - 1
    with connection.cursor() as cursor:
        for sql in migration.FORWARD:
            cursor.execute(sql)
    assert counts.stored() == now


def test_own_members_are_counted_when_read_not_stored(cast):
    """No count holds an organisation's own members (docs/decisions/0015): a cell has no row, the commune above it
    counts them, and the cell's statistics, read from its members, equal the full computation. Migration 0020 takes
    the former rows' own share out, and its reverse puts it back."""
    import importlib

    from django.db import connection

    now = counts.stored()
    assert now == counts.recompute()
    assert not StatCount.objects.filter(organization__in=_cells(cast)).exists()
    assert now[(cast.commune_a.pk, "c", "a", "")] == Member.objects.active().in_subtree(cast.commune_a).count()
    for org in _cells(cast):
        assert subtree_statistics(org) == full_statistics(org)
        assert subtree_statistics(org, as_of=dt.date(2024, 1, 1)) == full_statistics(org, as_of=dt.date(2024, 1, 1))

    migration = importlib.import_module("sotay.members.migrations.0020_stat_counts_without_own_members")
    with connection.cursor() as cursor:
        for sql in migration.BACKWARD:
            cursor.execute(sql)
    former = counts.stored()
    cell = cast.cell_a
    own = {("c", dim, value): n for dim, value, n in counts.own([cell.pk], "c")}
    for dim, value, n in counts.own([cell.pk], "h"):
        own[("h", dim, value)] = n - own.get(("c", dim, value), 0)
    assert {key[1:]: n for key, n in former.items() if key[0] == cell.pk} == {k: n for k, n in own.items() if n}
    assert former[(cell.pk, "c", "a", "")] == Member.objects.active().filter(organization=cell).count() > 0
    assert {k: n for k, n in former.items() if k[0] == cast.commune_a.pk} == {
        k: n for k, n in now.items() if k[0] == cast.commune_a.pk
    }
    with connection.cursor() as cursor:
        for sql in migration.FORWARD:
            cursor.execute(sql)
    assert counts.stored() == now
