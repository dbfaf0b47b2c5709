"""Issue 12 §2: data migrations are frozen (they carry their own data and import no app code), and one seeding
policy holds for rules, criteria, rates and calendar days — insert what is missing, never overwrite a row staff
edited, and record that it was edited (`core.models.SeededRow.edited_at`; docs/decisions/0007-seeding.md)."""

from __future__ import annotations

import ast
import importlib
from pathlib import Path
from types import SimpleNamespace

import pytest
from django.apps import apps
from django.contrib import admin

import sotay
from sotay.cadres import seed as cadres_seed
from sotay.discipline import conf as discipline_conf
from sotay.dues import seed as dues_seed
from sotay.evaluation import seed as evaluation_seed
from sotay.orgs.actor import Actor
from sotay.rules import calendar_seed
from sotay.rules import seed as rules_seed
from sotay.rules.models import CalendarDay, Rule

ROOT = Path(sotay.__file__).parent


def _migration(app: str, name: str):
    return importlib.import_module(f"sotay.{app}.migrations.{name}")


def test_no_migration_imports_app_code_to_run():
    """A data migration that imported live code (rules 0002/0003/0006, members 0004 did) would change when the code
    does. Only the field declarations makemigrations writes (`import sotay.core.uploads` for a storage) remain."""
    offenders = []
    for path in sorted(ROOT.glob("*/migrations/0*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("sotay"):
                offenders.append(f"{path.relative_to(ROOT)}:{node.lineno}")
        for func in (n for n in ast.walk(tree) if isinstance(n, ast.FunctionDef)):
            for node in ast.walk(func):
                if isinstance(node, ast.Import) and any(a.name.startswith("sotay") for a in node.names):
                    offenders.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    assert offenders == []


@pytest.mark.django_db
def test_every_seed_row_of_the_code_is_in_the_migrated_database():
    """The seed modules describe the data; the migrations carry it. A row added to a seed module without a new
    migration that inserts it fails here."""
    for key, _value, _doc, _clause, effective_from, _note in (
        rules_seed.RULES + cadres_seed.RULES + discipline_conf.RULES
    ):
        assert Rule.objects.filter(key=key, effective_from=effective_from).exists(), (key, effective_from)
    for day, *_rest in calendar_seed.CALENDAR_DAYS:
        assert CalendarDay.objects.filter(day=day).exists(), day
    DuesRule, Wage = apps.get_model("dues", "DuesRule"), apps.get_model("dues", "RegionalMinimumWage")
    for _document, start, basis, *_rest in dues_seed.RULES:
        assert DuesRule.objects.filter(basis=basis, effective_from=start).exists(), (basis, start)
    for region, _amount, start, _document in dues_seed.WAGES:
        assert Wage.objects.filter(region=region, effective_from=start).exists(), (region, start)
    CriteriaSet = apps.get_model("evaluation", "CriteriaSet")
    for code, *_rest, criteria in evaluation_seed.CRITERIA_SETS:
        assert CriteriaSet.objects.get(code=code).criteria.count() >= len(criteria), code


@pytest.mark.django_db
def test_reseeding_rules_inserts_the_missing_row_and_keeps_the_edited_one():
    """Điều lệ Đảng Điều 5 (probation 12 months) is a seeded rule version: staff may correct a value; seeding again
    puts back a deleted version but leaves the edited one as staff left it."""
    edited = Rule.objects.get(key="probation_months", effective_from=rules_seed.RULES[0][4])
    edited.note = "Cán bộ ghi chú thêm."
    edited.mark_edited()
    edited.save()
    removed = Rule.objects.filter(key="probation_months").exclude(pk=edited.pk).first()
    removed_key = (removed.key, removed.effective_from)
    removed.delete()
    before = Rule.objects.count()
    _migration("rules", "0002_seed_rules").forwards(apps, None)
    edited.refresh_from_db()
    assert edited.note == "Cán bộ ghi chú thêm." and edited.edited_at is not None
    assert Rule.objects.filter(key=removed_key[0], effective_from=removed_key[1]).exists()
    assert Rule.objects.count() == before + 1


@pytest.mark.django_db
def test_a_calendar_day_staff_entered_is_marked_edited_and_not_overwritten(cast):
    """Tết 2026 as announced (calendar_seed): staff re-enter a seeded day through the service; it is marked edited
    and seeding again does not put the seeded name back."""
    from sotay.rules.calendar import set_calendar_day

    day, kind, _name, holiday, source, _note = calendar_seed.CALENDAR_DAYS[-1]
    set_calendar_day(
        day=day,
        kind=kind,
        name="Tết Bính Ngọ",
        source_document=source,
        holiday=holiday,
        actor=Actor.system("command:t"),
    )
    _migration("rules", "0005_seed_calendar_days").forwards(apps, None)
    entry = CalendarDay.objects.get(day=day)
    assert entry.name == "Tết Bính Ngọ" and entry.edited_at is not None


@pytest.mark.django_db
def test_a_dues_rate_and_a_criterion_changed_in_the_admin_are_marked_edited_and_kept():
    """Dues rates (01-QĐ/TW) and 366-QĐ/TW criteria are seeded defaults that staff adjust in the admin."""
    from sotay.dues.admin import DuesRuleAdmin

    DuesRule = apps.get_model("dues", "DuesRule")
    rate = DuesRule.objects.order_by("pk").first()
    rate.note = "Tỉnh ủy đã đối chiếu."
    request = SimpleNamespace(user=None)
    DuesRuleAdmin(DuesRule, admin.site).save_model(request, rate, SimpleNamespace(has_changed=lambda: True), True)
    _migration("dues", "0002_seed_rules").forwards(apps, None)
    rate.refresh_from_db()
    assert rate.note == "Tỉnh ủy đã đối chiếu." and rate.edited_at is not None

    Criterion = apps.get_model("evaluation", "Criterion")
    criterion = Criterion.objects.order_by("pk").first()
    criterion.title = "Chính trị tư tưởng (tỉnh hướng dẫn)"
    criterion.mark_edited()
    criterion.save()
    count = Criterion.objects.count()
    _migration("evaluation", "0002_seed_criteria").forwards(apps, None)
    criterion.refresh_from_db()
    assert criterion.title == "Chính trị tư tưởng (tỉnh hướng dẫn)" and Criterion.objects.count() == count
