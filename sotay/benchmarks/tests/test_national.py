"""The national generator at a tiny scale (PostgreSQL only: it loads with COPY): the template province, its derived
tables made by the app, and the copies of it as the other provinces."""

from __future__ import annotations

import pytest
from django.db import connection

from sotay.benchmarks import national
from sotay.lib.vntext import fold, name_sort_key
from sotay.members.models import Member, MemberPeriod, StatCount, StatSnapshot
from sotay.members.stats import combined_statistics, full_statistics, subtree_statistics
from sotay.orgs.models import Organization, OrgVersion

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="the national generator loads with PostgreSQL's COPY, which SQLite does not have",
    ),
]


@pytest.fixture
def nation():
    summary = national.generate(800, 2, seed=7, progress=lambda _m: None)
    verified = national.finish(progress=lambda _m: None)
    return summary, verified


def test_the_tree_is_valid_for_the_app(nation):
    summary, _derived = nation
    roots = list(Organization.objects.get_root_nodes())
    assert [r.name for r in roots] == national.PROVINCE_NAMES[:2]
    assert [r.code for r in roots] == ["R01", "R02"]
    assert Organization.objects.count() == summary["organizations"] == OrgVersion.objects.count()
    # treebeard's own check of paths, depths and child counts finds nothing wrong
    assert all(not problems for problems in Organization.objects.find_problems())
    for org in Organization.objects.exclude(depth=1)[:200]:
        parent = Organization.objects.get_parent(org)
        assert org.code.startswith(parent.code + ".")
        assert OrgVersion.objects.get(organization=org).parent_id == parent.pk
    # the sequences were moved past the copied ids: the app can add an organisation
    child = Organization.objects.add_child(
        roots[0], {"code": "R01.NEW", "name": "Chi bộ mới", "name_folded": "chi bo moi", "kind": "CELL"}
    )
    assert child.pk > summary["organizations"]


def test_members_have_the_apps_keys_unique_numbers_and_periods(nation):
    summary, verified = nation
    assert Member.objects.count() == summary["members"] == 800
    for m in Member.objects.all()[:300]:
        assert m.name_folded == fold(m.full_name)
        assert m.name_sort_key == name_sort_key(m.full_name)
    cards = list(Member.objects.exclude(card_number=None).values_list("card_number", flat=True))
    assert len(cards) == len(set(cards)) and all(c[:2] in ("01", "02") for c in cards)
    assert not Member.objects.filter(periods__isnull=True).exists()
    citizens = list(Member.objects.exclude(citizen_id=None).values_list("citizen_id", flat=True))
    assert len(citizens) == len(set(citizens)) and {c[:3] for c in citizens} == {"001", "002"}
    # the template's derived rows were made by the app, and each copy has as many
    periods, counts, snapshot_rows = (summary["derived"][what]["rows"] for what, _rebuild in national.DERIVED)
    assert 2 * periods == MemberPeriod.objects.count() == summary["rows"]["members_memberperiod"]
    assert 2 * counts == StatCount.objects.count() > 0  # the statistics read these (members/counts.py)
    assert 2 * snapshot_rows == StatSnapshot.objects.count() > 0
    # the copied province's counts equal those the app recomputes from its members and periods
    assert verified["differences"] == 0 and verified["province"] == national.PROVINCE_NAMES[1]


def test_statistics_and_bench_logins_work_on_the_generated_nation(nation):
    roots = list(Organization.objects.get_root_nodes())
    total = sum(subtree_statistics(r)["total"][0].count for r in roots)
    assert total == Member.objects.active().count() == combined_statistics(roots)["total"][0].count
    # every copied province has the template's figures, today and on a snapshot's day
    day = StatSnapshot.objects.order_by("-day").values_list("day", flat=True).first()
    assert subtree_statistics(roots[1]) == subtree_statistics(roots[0]) == full_statistics(roots[1])
    assert subtree_statistics(roots[1], as_of=day) == full_statistics(roots[1], as_of=day)
    commune = national._largest_commune(roots[0])
    from sotay.accounts.models import User

    user = User.objects.get(username=national.COMMUNE_LOGIN)
    rows = national._first_page(user, {"org": str(commune.pk)})
    assert 0 < rows <= 50
    assert national._first_page(User.objects.get(username=national.NATION_LOGIN), {"q": "nguyen"}) > 0


def test_snapshots_made_again_for_a_cached_nation_equal_the_apps(nation):
    """`resnapshot` (a cached database whose snapshot days are no longer the app's): the template's snapshots made
    by the app, the other province's copied, and both equal what the app counts from the periods."""
    from sotay.members import snapshots

    StatSnapshot.objects.filter(day=StatSnapshot.objects.order_by("day").values("day")[:1]).delete()
    rows = national.resnapshot(progress=lambda _m: None)
    assert rows == StatSnapshot.objects.count()
    roots = list(Organization.objects.get_root_nodes())
    assert set(snapshots.existing()) == set(snapshots.wanted_days())
    expected, kept = snapshots.compared(roots[1])
    assert kept == expected and kept
