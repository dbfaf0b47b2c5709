"""Statistics of several subtrees together (`stats.combined_statistics`), e.g. a nation as the sum of its provinces
(issue 18: the nation's statistics without a national root organisation)."""

from __future__ import annotations

import datetime as dt
import importlib
from collections import Counter

import pytest

from sotay.members.querysets import _years_ago
from sotay.members.stats import combined_statistics, full_statistics, subtree_statistics
from sotay.members.tests.factories import MemberFactory

pytestmark = pytest.mark.django_db


def _summed(*figures):
    """Section -> Counter of row key -> count, summed over the given statistics."""
    out: dict[str, Counter] = {}
    for stats in figures:
        for section, rows in stats.items():
            out.setdefault(section, Counter()).update({row.key: row.count for row in rows})
    return {section: +counter for section, counter in out.items()}


@pytest.fixture
def members(cast):
    """Members in both communes, with birthdays and admissions spread over the years."""
    for i, cell in enumerate([cast.cell_a, cast.cell_a2, cast.cell_b] * 4):
        MemberFactory(
            organization=cell,
            birth_on=dt.date(1950 + 5 * i, 1 + i % 12, 1 + i),
            joined_on=dt.date(1980 + 3 * i, 1 + (5 * i) % 12, 2),
        )


def test_disjoint_subtrees_add_up(cast, members):
    together = combined_statistics([cast.commune_a, cast.commune_b])
    apart = _summed(full_statistics(cast.commune_a), full_statistics(cast.commune_b))
    assert _summed(together) == apart
    assert together["total"][0].count >= 12


def test_a_subtree_inside_another_is_counted_once(cast, members):
    assert combined_statistics([cast.province, cast.commune_a, cast.cell_b]) == subtree_statistics(cast.province)
    assert combined_statistics([cast.commune_a, cast.commune_a]) == subtree_statistics(cast.commune_a)


def test_as_of_a_day_each_subtree_is_read_on_that_day(cast, members):
    day = dt.date(2000, 6, 30)
    together = combined_statistics([cast.commune_a, cast.commune_b], as_of=day)
    apart = _summed(full_statistics(cast.commune_a, as_of=day), full_statistics(cast.commune_b, as_of=day))
    assert _summed(together) == apart
    # Members who joined after that day are not in it.
    assert 0 < together["total"][0].count < combined_statistics([cast.commune_a, cast.commune_b])["total"][0].count


def test_bands_read_by_month_are_exact_at_their_edges(cast):
    """Dates on each side of every band boundary, and in the months the boundaries fall in, are counted in the
    right band: the month rows are summed only for months wholly inside a band (stats._stored_counts)."""
    today = dt.date.today()
    births, joins = [], []
    for years in (18, 31, 41, 51, 61, 71):
        edge = _years_ago(today, years)
        births += [edge, edge + dt.timedelta(days=1), edge - dt.timedelta(days=1), edge.replace(day=1)]
    for years in (10, 30, 50):
        edge = _years_ago(today, years)
        joins += [edge, edge + dt.timedelta(days=1), edge - dt.timedelta(days=1), edge.replace(day=1)]
    for i, birth in enumerate(births):
        joined = max(joins[i % len(joins)], _years_ago(birth, -18) + dt.timedelta(days=1))
        MemberFactory(organization=cast.cell_a, birth_on=birth, joined_on=min(joined, today))
    for org in (cast.province, cast.commune_a, cast.cell_a):
        assert subtree_statistics(org) == full_statistics(org), org.code
        assert combined_statistics([org]) == full_statistics(org), org.code


def test_the_month_rows_migration_fills_what_the_app_counts(cast, members):
    """Migration 0015 sums the kept day rows into month rows: afterwards the counts equal those recomputed."""
    from django.db import connection

    from sotay.members import counts

    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM members_statcount WHERE dim IN ('B', 'P')")
    assert counts.stored() != counts.recompute()
    migration = importlib.import_module("sotay.members.migrations.0015_stat_count_months")
    with connection.cursor() as cursor:
        cursor.execute(migration.FILL)
    assert counts.stored() == counts.recompute()
