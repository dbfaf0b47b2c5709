"""Properties of the badge delay (24-QĐ/TW as reported, cần đối chiếu;
docs/rules/discipline.md#lùi-xét-huy-hiệu-sau-kỷ-luật-cách-tính)."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sotay.discipline import hooks
from sotay.discipline.models import Sanction

days = st.dates(min_value=dt.date(2000, 1, 1), max_value=dt.date(2040, 12, 31))
pytestmark = pytest.mark.django_db
delaying = st.sampled_from([Sanction.REPRIMAND, Sanction.WARNING, Sanction.REMOVAL])


class FakeDecision:
    def __init__(self, kind, effective_on):
        self.kind, self.effective_on = kind, effective_on


@given(kind=delaying, effective_on=days, reached=days)
def test_a_delay_never_brings_a_badge_forward_and_ends_after_the_decision(kind, effective_on, reached):
    """The delayed day is never before the day reached, and a decision on or before that day moves it to the end of
    its delay at the latest; the heavier sanction never delays less."""
    until = hooks.delayed_until(kind, effective_on)
    assert until is not None and until > effective_on
    member = type("M", (), {})()
    member.pk = 1
    member.__dict__["_badge_delaying_decisions"] = [FakeDecision(kind, effective_on)]
    delay = hooks.badge_delay(member, reached)
    if effective_on <= reached < until:
        assert delay is not None and delay.until == until > reached
    else:
        assert delay is None
    order = [Sanction.REPRIMAND, Sanction.WARNING, Sanction.REMOVAL]
    heavier = order[min(order.index(kind) + 1, 2)]
    assert hooks.delayed_until(heavier, effective_on) >= until
