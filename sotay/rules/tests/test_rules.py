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


@pytest.mark.parametrize(
    ("on", "document", "article"),
    [
        (dt.date(2016, 7, 25), "29-QĐ/TW", "Điểm 1.1"),
        (dt.date(2021, 7, 29), "29-QĐ/TW", "Điểm 1.1"),
        (dt.date(2021, 7, 30), "24-QĐ/TW", "cần đối chiếu"),
        (dt.date(2025, 1, 19), "24-QĐ/TW", "cần đối chiếu"),
        (dt.date(2025, 1, 20), "232-QĐ/TW", "cần đối chiếu"),
        (dt.date(2025, 6, 30), "232-QĐ/TW", "cần đối chiếu"),
        (dt.date(2025, 7, 1), "294-QĐ/TW", "cần đối chiếu"),
    ],
)
def test_admission_age_limits_follow_the_regulations_in_sequence(on, document, article):
    """Điều lệ Điều 1 khoản 2 as implemented by 29-QĐ/TW (25/7/2016, điểm 1.1), 24-QĐ/TW (30/7/2021), 232-QĐ/TW
    (20/01/2025) and 294-QĐ/TW (01/7/2025): 18 to 60 counted in months (216 and 720 months) under each."""
    for key, months in (("admission_min_age_months", 216), ("admission_max_age_months", 720)):
        rule = Rule.objects.filter(key=key, effective_from__lte=on).order_by("-effective_from").first()
        assert (rule.document_reference, rule.value) == (document, months)
        assert article in rule.clause and "tính theo tháng" in rule.clause


def test_the_mislabelled_232_row_of_2020_is_gone():
    """232-QĐ/TW is of 20/01/2025: no age-limit version dated 28/01/2020 remains."""
    assert not Rule.objects.filter(key="admission_max_age_months", effective_from=dt.date(2020, 1, 28)).exists()
    with pytest.raises(RuleMissing):
        rule_value("admission_max_age_months", dt.date(2016, 7, 24))


def test_the_age_migration_leaves_a_row_staff_edited_alone():
    """Migration 0008 replaces only rows still exactly as an earlier seed wrote them."""
    import importlib

    from django.apps import apps

    migration = importlib.import_module("sotay.rules.migrations.0008_admission_age_versions")
    key, day, document, clause, note = migration.MISLABELLED
    Rule.objects.create(key=key, value=720, effective_from=day, document_reference=document, clause=clause, note=note)
    Rule.objects.create(
        key=key, value=720, effective_from=dt.date(2019, 1, 1), document_reference="Văn bản cán bộ nhập", clause="x"
    )
    Rule.objects.filter(key=key, effective_from=dt.date(2021, 7, 30)).update(clause="cán bộ đã sửa")
    migration.forwards(apps, None)
    assert not Rule.objects.filter(key=key, effective_from=day).exists()
    assert Rule.objects.get(key=key, effective_from=dt.date(2019, 1, 1)).document_reference == "Văn bản cán bộ nhập"
    assert Rule.objects.get(key=key, effective_from=dt.date(2021, 7, 30)).clause == "cán bộ đã sửa"
