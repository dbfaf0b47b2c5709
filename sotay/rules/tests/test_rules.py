from __future__ import annotations

import datetime as dt

import pytest

from sotay.rules.models import Rule
from sotay.rules.registry import RuleMissing, rule_in_force, rule_value

pytestmark = pytest.mark.django_db


def test_probation_is_12_months_under_294_qd_tw_from_1_july_2025():
    """294-QĐ/TW (in force 01/07/2025) keeps the Statute's 12-month probation."""
    rule = rule_in_force("probation_months", dt.date(2025, 7, 1))
    assert rule.value == 12 and rule.document_reference == "294-QĐ/TW"
    assert rule_in_force("probation_months", dt.date(2025, 6, 30)).document_reference == "Điều lệ Đảng 2011"


def test_a_new_regulation_is_data_with_an_effective_date():
    Rule.objects.create(
        key="cell_min_official_members",
        value=5,
        document_reference="99-QĐ/TW",
        effective_from=dt.date(2030, 1, 1),
    )
    assert rule_value("cell_min_official_members", dt.date(2029, 12, 31)) == 3
    assert rule_value("cell_min_official_members", dt.date(2030, 1, 1)) == 5


def test_a_rule_before_its_first_version_is_missing_not_guessed():
    with pytest.raises(RuleMissing):
        rule_value("probation_months", dt.date(1990, 1, 1))


def test_cell_needs_three_official_members_per_statute_articles_21_and_24():
    """Điều lệ Đảng Điều 21, 24: at least 3 official members to found a chi bộ."""
    assert rule_in_force("cell_min_official_members").value == 3


def test_rule_lookups_are_cached_and_refreshed_when_a_rule_changes(django_assert_num_queries):
    rule_value("probation_months", dt.date(2025, 8, 1))
    with django_assert_num_queries(0):
        assert rule_value("probation_months", dt.date(2025, 8, 1)) == 12
    Rule.objects.filter(key="probation_months", effective_from=dt.date(2025, 7, 1)).get().delete()
    assert rule_in_force("probation_months", dt.date(2025, 8, 1)).document_reference == "Điều lệ Đảng 2011"
