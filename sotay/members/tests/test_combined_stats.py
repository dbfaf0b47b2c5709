"""Statistics of several subtrees together (`stats.combined_statistics`), e.g. a nation as the sum of its provinces
(issue 18: the nation's statistics without a national root organisation)."""

from __future__ import annotations

import datetime as dt
from collections import Counter

import pytest

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
