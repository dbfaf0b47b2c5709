"""Statistics snapshots (sotay/members/snapshots.py): kept right through past-dated writes, read near their day."""

from __future__ import annotations

import datetime as dt
import importlib
import io
from types import SimpleNamespace

import pytest
from django.apps import apps
from django.conf import settings as django_settings
from django.core.management import call_command
from django.db import connection, transaction
from django.utils import timezone

from sotay.members import counts, periods, services, snapshots
from sotay.members.choices import MemberStatus
from sotay.members.models import Member, StatSnapshot
from sotay.members.stats import full_statistics, subtree_statistics
from sotay.members.tasks import refresh_stat_snapshots
from sotay.members.tests.factories import MemberFactory
from sotay.orgs.actor import Actor
from sotay.orgs.services import Decision, move_organization

pytestmark = pytest.mark.django_db

ACTOR = Actor.system("command:test")


class Rolledback(Exception):
    pass


@pytest.fixture
def kept(cast, settings):
    """Snapshots for every organisation of the cast (the default keeps them for the provinces only)."""
    settings.STAT_SNAPSHOT_DEPTH = 9
    snapshots.rebuild()
    return cast


def _right():
    expected, kept = snapshots.compared()
    assert kept == expected
    assert kept, "no snapshot was compared"


def _same(org, day):
    assert subtree_statistics(org, as_of=day) == full_statistics(org, as_of=day), (org.code, day)


def test_wanted_days_are_24_month_ends_then_june_and_december_back_to_the_first_period():
    days = snapshots.wanted_days(dt.date(2026, 12, 3), since=dt.date(1954, 5, 29))
    assert days[-1] == dt.date(2026, 11, 30)
    assert dt.date(2024, 12, 31) in days and dt.date(2024, 11, 30) not in days
    assert dt.date(2024, 6, 30) in days and dt.date(2024, 7, 31) not in days
    assert dt.date(2026, 2, 28) in days
    # The last kept day before the first period (an empty snapshot), then every end of June and December.
    assert days[0] == dt.date(1953, 12, 31) and days[1] == dt.date(1954, 6, 30)
    assert len(days) == 24 + (2024 - 1954 + 1) + (2023 - 1954 + 1) + 1  # Junes to 2024, Decembers to 2023
    # Any day from the first one on is within REACH days of a snapshot.
    assert max((b - a).days for a, b in zip(days, days[1:], strict=False)) <= 2 * snapshots.REACH
    # A first period in July: the end of June before it is the empty one.
    assert snapshots.wanted_days(dt.date(2026, 12, 3), since=dt.date(2000, 7, 1))[0] == dt.date(2000, 6, 30)


def test_the_default_keeps_them_for_the_provinces_only(cast):
    assert django_settings.STAT_SNAPSHOT_DEPTH == 1
    snapshots.rebuild()
    assert set(StatSnapshot.objects.values_list("organization_id", flat=True)) == {cast.province.pk}
    assert StatSnapshot.objects.filter(dim=snapshots.MARK).count() == len(snapshots.wanted_days())
    _right()


def test_a_past_day_is_read_from_the_nearest_snapshot(kept):
    day = snapshots.wanted_days()[-3]
    for org in (kept.province, kept.commune_a, kept.cell_a):
        for asked in (day, day - dt.timedelta(days=9), day + dt.timedelta(days=12)):
            assert snapshots.near(org, asked) is not None
            _same(org, asked)
    # Closer to today than to any snapshot: the counts of the open periods answer.
    assert snapshots.near(kept.province, timezone.localdate() - dt.timedelta(days=1)) is None


def test_bands_move_between_the_snapshot_day_and_the_asked_day(kept):
    """Born between the band boundaries of the two days: 30 at the month end, 31 a fortnight later."""
    month_end = snapshots.wanted_days()[-2]
    later = month_end + dt.timedelta(days=14)
    birthday = (month_end + dt.timedelta(days=7)).replace(year=month_end.year - 31)
    joined = dt.date(month_end.year - 6, 12, month_end.day)  # Party age 5 on the month end, after 1 boundary too
    with transaction.atomic():
        member = MemberFactory(organization=kept.cell_b, birth_on=birthday, joined_on=joined)
    snapshots.rebuild()
    before = {r.key: r.count for r in subtree_statistics(kept.province, as_of=month_end)["age"]}
    after = {r.key: r.count for r in subtree_statistics(kept.province, as_of=later)["age"]}
    assert member.birth_on == birthday
    assert before["1"] + 1 == after["1"] or before["0"] - 1 == after["0"]
    for org in (kept.province, kept.commune_b, kept.cell_b):
        _same(org, month_end)
        _same(org, later)
        _same(org, month_end - dt.timedelta(days=20))


def test_backdated_writes_fix_the_snapshots_in_their_transaction(kept):
    two_years_ago = timezone.localdate() - dt.timedelta(days=730)
    services.change_member_status(
        member=kept.others_a[0],
        status=MemberStatus.LEFT,
        on=two_years_ago,
        actor=ACTOR,
        decision_number="12-QĐ/ĐU",
        exit_kind="RESIGNED",
    )
    services.transfer_member(member=kept.others_a[1], to_org=kept.cell_b, on=two_years_ago, actor=ACTOR)
    services.update_member(member=kept.teacher, data={"birth_on": dt.date(1980, 12, 30)}, actor=ACTOR)
    _right()
    for day in snapshots.wanted_days()[-20:-10]:
        for org in (kept.province, kept.commune_a, kept.commune_b):
            _same(org, day)


def test_a_rolled_back_backdated_write_leaves_the_snapshots(kept):
    rows = snapshots.stored(snapshots.roots())
    with pytest.raises(Rolledback), transaction.atomic():
        services.transfer_member(member=kept.others_a[0], to_org=kept.cell_b, on=dt.date(2019, 3, 1), actor=ACTOR)
        assert snapshots.stored(snapshots.roots()) != rows
        raise Rolledback
    assert snapshots.stored(snapshots.roots()) == rows


def test_an_import_with_past_dates_and_its_undoing(kept):
    """The import's bulk path: members joined in 2010 count in every snapshot since."""
    rows = snapshots.stored(snapshots.roots())
    created = [
        Member(
            full_name=f"Trần Văn {i}",
            birth_on=dt.date(1980 + i, 3, 1),
            gender="M",
            joined_on=dt.date(2010, 1, 1),
            official_on=dt.date(2011, 1, 1),
            status=MemberStatus.OFFICIAL,
            organization=kept.cell_b,
        )
        for i in range(3)
    ]
    Member.objects.bulk_create(created)
    periods.open_first(created)
    counts.apply(dict(counts.contributions([m.pk for m in created])))
    _right()
    _same(kept.commune_b, dt.date(2016, 12, 31))
    counts.apply({key: -n for key, n in counts.contributions([m.pk for m in created]).items()})
    Member.objects.filter(pk__in=[m.pk for m in created]).delete()
    assert {k: n for k, n in snapshots.stored(snapshots.roots()).items() if n or k[2] == "#"} == rows


def test_a_move_in_the_tree_drops_the_changed_snapshots_until_the_refresh(kept):
    base = type(kept.base_a).objects.get(pk=kept.base_a.pk)
    day = dt.date(2024, 5, 1)
    move_organization(org=base, new_parent=kept.commune_b, decision=Decision("5-QĐ/TU", day, day), actor=ACTOR)
    have = snapshots.existing()
    last = snapshots.wanted_days()[-1]
    assert kept.province.pk in have[last]
    assert kept.commune_a.pk not in have[last] and kept.commune_b.pk not in have[last]
    _right()
    for org in (kept.province, kept.commune_a, kept.commune_b):
        org.refresh_from_db()
        _same(org, last)
    done = snapshots.refresh()
    assert done["built"] >= 2 * len(snapshots.wanted_days())
    assert kept.commune_b.pk in snapshots.existing()[last]
    _right()


def test_the_daily_refresh_adds_the_newest_month_end_and_prunes(cast, settings):
    assert settings.PERIODIC_TASKS["sotay.members.tasks.refresh_stat_snapshots"] == "daily"
    today = timezone.localdate()
    snapshots.rebuild(today=today - dt.timedelta(days=62))
    old = set(snapshots.existing())
    assert "built" in refresh_stat_snapshots.call()
    now = set(snapshots.existing())
    assert now == set(snapshots.wanted_days())
    assert now - old and old - now
    assert refresh_stat_snapshots.call() == "built 0, dropped 0 rows"
    _right()


def test_stats_verify_finds_a_wrong_snapshot_and_fix_rebuilds_it(cast):
    snapshots.rebuild()
    row = StatSnapshot.objects.filter(dim="a").order_by("day").first()
    StatSnapshot.objects.filter(pk=row.pk).update(n=row.n + 5)
    out = io.StringIO()
    with pytest.raises(SystemExit):
        call_command("stats_verify", stdout=out)
    assert f"ảnh chụp ngày {row.day:%d/%m/%Y}" in out.getvalue()
    call_command("stats_verify", "--fix", stdout=out)
    _right()
    out = io.StringIO()
    call_command("stats_verify", stdout=out)
    assert "khớp" in out.getvalue()


def test_the_refill_migration_counts_as_the_app_does(cast):
    """0016 builds again, in the new form, the snapshots 0014 made; the daily task adds the older days."""
    old = importlib.import_module("sotay.members.migrations.0014_fill_stat_snapshots")
    old.fill(apps, SimpleNamespace(connection=connection))
    days = set(snapshots.existing())
    assert days == set(old.wanted_days(timezone.localdate()))
    migration = importlib.import_module("sotay.members.migrations.0016_stat_snapshots_any_day")
    migration.refill(apps, SimpleNamespace(connection=connection))
    assert set(snapshots.existing()) == days
    assert snapshots.stored(snapshots.roots()) == snapshots.recompute(snapshots.roots(), sorted(days))
    snapshots.refresh()
    assert set(snapshots.existing()) == set(snapshots.wanted_days())
    _right()


def test_any_past_day_far_from_the_month_ends(kept):
    """Members whose birth date or Party-age start lies near a band boundary, read 1 to 92 days from a mid-year or
    year-end snapshot, before the oldest one, and with no snapshot (counted directly or by undoing)."""
    with transaction.atomic():
        for born, joined in (
            (dt.date(1978, 8, 15), dt.date(2008, 8, 20)),  # 41 and Party age 10 in August 2019
            (dt.date(1989, 4, 2), dt.date(2009, 3, 30)),  # 31 in April 2020, Party age 10 in March 2019
            (dt.date(1999, 10, 1), dt.date(2018, 10, 2)),  # 18 on 01/10/2017, 19 at admission
        ):
            MemberFactory(organization=kept.cell_a, birth_on=born, joined_on=joined)
    snapshots.rebuild()
    days = set(snapshots.wanted_days())
    assert dt.date(2019, 6, 30) in days and dt.date(2019, 9, 30) not in days
    far = [dt.date(2019, 8, 16), dt.date(2019, 9, 30), dt.date(2019, 10, 1), dt.date(2020, 4, 2), dt.date(2019, 3, 31)]
    for org in (kept.province, kept.commune_a, kept.cell_a):
        for asked in far:
            assert snapshots.near(org, asked) is not None
            _same(org, asked)
    oldest = min(days)
    assert snapshots.near(kept.province, oldest - dt.timedelta(days=400)) is not None  # an empty snapshot answers
    _same(kept.province, oldest - dt.timedelta(days=400))
    StatSnapshot.objects.all().delete()
    for org in (kept.province, kept.commune_a):
        for asked in (*far, dt.date(2009, 1, 1), oldest - dt.timedelta(days=400)):
            _same(org, asked)
