"""The national generator at a tiny scale (PostgreSQL only: it loads with COPY), and its derived step."""

from __future__ import annotations

import pytest
from django.db import connection

from sotay.benchmarks import national
from sotay.lib.vntext import fold, name_sort_key
from sotay.members.models import Member, MemberPeriod, StatCount
from sotay.members.stats import subtree_statistics
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
    derived = national.derive(progress=lambda _m: None)
    return summary, derived


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
    summary, derived = nation
    assert Member.objects.count() == summary["members"] == 800
    for m in Member.objects.all()[:300]:
        assert m.name_folded == fold(m.full_name)
        assert m.name_sort_key == name_sort_key(m.full_name)
    cards = list(Member.objects.exclude(card_number=None).values_list("card_number", flat=True))
    assert len(cards) == len(set(cards)) and all(c[:2] in ("01", "02") for c in cards)
    assert not Member.objects.filter(periods__isnull=True).exists()
    periods, counts = (derived[what]["rows"] for what, _rebuild in national.DERIVED)
    assert periods == MemberPeriod.objects.count()
    assert counts == StatCount.objects.count() > 0  # the statistics read these (members/counts.py)


def test_statistics_and_bench_logins_work_on_the_generated_nation(nation):
    roots = list(Organization.objects.get_root_nodes())
    total = sum(subtree_statistics(r)["total"][0].count for r in roots)
    assert total == Member.objects.active().count()
    commune = national._largest_commune(roots[0])
    from sotay.accounts.models import User

    user = User.objects.get(username=national.COMMUNE_LOGIN)
    rows = national._first_page(user, {"org": str(commune.pk)})
    assert 0 < rows <= 50
    assert national._first_page(User.objects.get(username=national.NATION_LOGIN), {"q": "nguyen"}) > 0
