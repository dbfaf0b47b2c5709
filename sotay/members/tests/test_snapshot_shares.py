"""`snapshots.Shares` counts a period's share of the snapshots as spans of days (docs/decisions/0010, "Counted as
spans of days"): the same counts as adding it day by day with each day's cut, for any dates near or far from a band
boundary, any period and any set of snapshot days."""

from __future__ import annotations

import datetime as dt

from hypothesis import given, settings
from hypothesis import strategies as st

from sotay.members import snapshots
from sotay.members.choices import MemberStatus


class Ancestry:
    """Two organisations above every cell path: the province (1) and the commune (2); only 1 and 2 keep snapshots."""

    def of(self, path: str) -> list[int]:
        return [1, 2, 3]


def _shares(days: list[dt.date], periods: list[tuple], *, by_day: bool) -> dict:
    # The province keeps every snapshot; the commune only the even-numbered days (a snapshot dropped by a move).
    have = {day: {1, 2} if i % 2 == 0 else {1} for i, day in enumerate(sorted(days))}
    shares = snapshots.Shares(have)
    if by_day:
        shares.columns = None
    shares.add(periods, Ancestry())
    return dict(shares.rows())


def _iso(day: dt.date | None) -> str:
    return day.isoformat() if day else ""


month_ends = st.builds(
    snapshots._month_end, st.integers(min_value=1950, max_value=2030), st.integers(min_value=1, max_value=12)
)
dates = st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2031, 12, 31))
statuses = st.sampled_from([MemberStatus.PROBATIONARY, MemberStatus.OFFICIAL, MemberStatus.LEFT])


@st.composite
def periods(draw) -> tuple:
    start = draw(dates)
    end = draw(st.none() | st.dates(min_value=start + dt.timedelta(days=1), max_value=dt.date(2032, 1, 1)))
    attributes = ("F", _iso(draw(st.none() | dates)), _iso(draw(st.none() | dates)), "kinh", "", "dh", "cc")
    return ("0001.0002.0003", draw(statuses), start, end, attributes)


@settings(max_examples=150, deadline=None)
@given(st.sets(month_ends, min_size=1, max_size=40), st.lists(periods(), min_size=1, max_size=12))
def test_spans_count_what_each_day_counts(days, drawn):
    """Source: docs/decisions/0010-statistics-snapshots.md (the shares of a write to the snapshots)."""
    fast = _shares(sorted(days), drawn, by_day=False)
    assert fast == _shares(sorted(days), drawn, by_day=True)


def test_a_birth_date_changes_its_snapshot_value_within_one_period():
    """A member born 15/03/1990, in a period from 01/05/2010 on, turns 31 (band "31–40") on 15/03/2021: the snapshot
    of 31/12/2019 counts band "0" (18–30), 31/12/2020 keeps the date whole (74 days before the birthday, within 94),
    30/06/2021 and 31/12/2021 count band "1"; 31/12/2009, before the period, counts nothing."""
    days = [dt.date(2009, 12, 31), dt.date(2019, 12, 31), dt.date(2020, 12, 31), dt.date(2021, 6, 30)]
    days.append(dt.date(2021, 12, 31))
    member = ("M", "1990-03-15", "2010-05-01", "kinh", "", "", "")
    found = _shares(days, [("0001", MemberStatus.OFFICIAL, dt.date(2010, 5, 1), None, member)], by_day=False)
    births = {(org, day): value for (org, day, dim, value), n in found.items() if dim == "b" and n}
    assert births == {
        (1, "2019-12-31"): "0",
        (1, "2020-12-31"): "1990-03-15",
        (1, "2021-06-30"): "1",
        (1, "2021-12-31"): "1",
        (2, "2020-12-31"): "1990-03-15",  # the commune keeps every other day only
        (2, "2021-12-31"): "1",
    }
    assert not any(day == "2009-12-31" for (_org, day, _dim, _value) in found)
    assert found[(1, "2021-12-31", "s", MemberStatus.OFFICIAL)] == 1
    assert (3, "2021-12-31", "s", MemberStatus.OFFICIAL) not in found  # organisation 3 keeps no snapshot
