"""The rules of the cadres app, each naming its source (docs/rules/cadres.md)."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sotay.cadres import planning, standards
from sotay.lib.dates import add_months

D = dt.date


@given(born=st.dates(D(1940, 1, 1), D(2010, 12, 31)), days=st.integers(0, 80 * 366))
def test_age_in_completed_months_lies_between_its_two_month_boundaries(born, days):
    """Ages at the reference day are completed months (as Điều lệ Điều 1 khoản 2 / 294-QĐ/TW count the admission
    age): add_months(born, n) ≤ day < add_months(born, n + 1)."""
    on = born + dt.timedelta(days=days)
    n = standards.age_in_months(born, on)
    assert add_months(born, n) <= on < add_months(born, n + 1)


@pytest.mark.parametrize(
    ("on", "within"),
    [
        (D(2030, 7, 14), True),  # exactly 57 years: within
        (D(2030, 8, 13), True),  # 57 years 0 months 30 days: still 684 completed months
        (D(2030, 8, 14), False),  # 57 years 1 month complete: over
    ],
)
def test_first_time_age_limit_at_the_month_boundary(on, within):
    """35-CT/TW (tuổi tham gia cấp ủy lần đầu: còn trọn một nhiệm kỳ, cần đối chiếu), counted in months like
    294-QĐ/TW counts the admission age: a man born 14/7/1973 under a 684-month limit (57 years) is within it until 57
    years and one month are complete."""
    assert standards.within_age(D(1973, 7, 14), on, 684) is within


def test_age_limit_on_the_31st_falls_back_to_the_month_end():
    """A birthday on the 31st reaches a month without one on its last day (sotay.lib.dates.add_months)."""
    born = D(1970, 1, 31)
    assert standards.age_in_months(born, D(1970, 2, 27)) == 0
    assert standards.age_in_months(born, D(1970, 2, 28)) == 1


@pytest.mark.parametrize(
    ("planned", "posts", "warned"),
    [(1, 1, "Thiếu"), (2, 1, ""), (3, 1, ""), (4, 1, "Vượt"), (3, 2, "Thiếu"), (4, 2, ""), (6, 2, ""), (7, 2, "Vượt")],
)
def test_ratio_of_planned_people_per_post(planned, posts, warned):
    """50-QĐ/TW (quy hoạch cán bộ, cần đối chiếu): 2 to 3 planned people for each post of a position."""
    message = planning.ratio_warning(planned, posts, 2, 3)
    assert (message.split(" ")[0] if message else "") == warned


def test_ratio_bounds_come_from_the_rules_registry_with_their_source(db):
    """50-QĐ/TW: the bounds are rules (cadre_plan_min_per_post, cadre_plan_max_per_post) seeded with their source."""
    from sotay.rules.registry import rule_in_force

    assert planning.per_post_bounds(D(2030, 1, 1)) == (2, 3)
    assert rule_in_force("cadre_plan_max_per_post", D(2030, 1, 1)).document_reference == "50-QĐ/TW"
