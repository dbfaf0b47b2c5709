"""Periodic tasks are queued once per period, by the worker or by `sotay periodic`."""

import datetime as dt

import pytest
from django.core.management import call_command

from sotay.core.models import PeriodicRun
from sotay.core.periodic import period_key, run_due

pytestmark = pytest.mark.django_db
TASK = "sotay.admissions.tasks.deadline_reminders"


def test_daily_task_is_queued_once_a_day(settings, django_capture_on_commit_callbacks):
    settings.PERIODIC_TASKS = {TASK: "daily"}
    with django_capture_on_commit_callbacks() as callbacks:
        assert run_due(dt.date(2026, 11, 27)) == [TASK]
        assert run_due(dt.date(2026, 11, 27)) == []
        assert run_due(dt.date(2026, 11, 28)) == [TASK]
    assert len(callbacks) == 2
    assert PeriodicRun.objects.get(name=TASK).period_key == "2026-11-28"


def test_monthly_key_and_unknown_period():
    assert period_key("monthly", dt.date(2026, 2, 14)) == "2026-02"
    with pytest.raises(ValueError):
        period_key("weekly", dt.date(2026, 2, 14))


def test_hourly_task_is_queued_once_an_hour(settings, django_capture_on_commit_callbacks):
    task = "sotay.imports.tasks.recover_stalled_imports"
    settings.PERIODIC_TASKS = {task: "hourly"}
    with django_capture_on_commit_callbacks() as callbacks:
        assert run_due(dt.date(2026, 11, 27), 9) == [task]
        assert run_due(dt.date(2026, 11, 27), 9) == []
        assert run_due(dt.date(2026, 11, 27), 10) == [task]
    assert len(callbacks) == 2
    assert PeriodicRun.objects.get(name=task).period_key == "261127T10"


def test_command_queues_due_tasks_and_the_real_task_runs(settings, capsys, django_capture_on_commit_callbacks):
    settings.PERIODIC_TASKS = {TASK: "daily"}
    with django_capture_on_commit_callbacks(execute=True):
        call_command("periodic")
    assert TASK in capsys.readouterr().out
    call_command("periodic")
    assert "Không có tác vụ định kỳ nào đến hạn" in capsys.readouterr().out
