"""One truth across processes: a rule or calendar change made in one process takes effect in every
other long-lived process at its next request or task, without a restart; a loop outside requests re-checks within
`config.CHECK_SECONDS`."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys

import pytest
from django.db import transaction
from django.test import override_settings
from django_tasks import task

from sotay.core import config
from sotay.core.models import ConfigVersion
from sotay.core.tests.live import ROOT, manage, scratch_database
from sotay.rules import calendar, registry
from sotay.rules.calendar import is_working_day
from sotay.rules.models import CalendarDay, Rule
from sotay.rules.registry import rule_value

MONDAY = dt.date(2026, 12, 7)

READER = """
import datetime as dt, json, sys
from django.core.signals import request_started
from sotay.rules.calendar import is_working_day
from sotay.rules.registry import rule_value
for line in sys.stdin:
    if line.strip() == "request":
        request_started.send(sender=None)  # what the WSGI handler sends at the start of each request
    print(json.dumps({"minimum": rule_value("cell_min_official_members"),
                      "working": is_working_day(dt.date(2026, 12, 7))}), flush=True)
"""

WRITER = """
import datetime as dt
from sotay.rules.models import CalendarDay, Rule
Rule.objects.create(key="cell_min_official_members", value=5, document_reference="Quyết định thử",
                    effective_from=dt.date(2020, 1, 1))
CalendarDay.objects.create(day=dt.date(2026, 12, 7), kind="DAY_OFF", name="Nghỉ thử", source_document="Thông báo thử")
"""


def test_a_change_in_one_process_is_seen_by_a_running_one(tmp_path, migrated_template):
    with scratch_database(tmp_path, migrated_template, label="config") as env:
        reader = subprocess.Popen(
            [sys.executable, str(ROOT / "manage.py"), "shell", "-v", "0", "-c", READER],
            env=env,
            cwd=ROOT,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        try:

            def ask() -> dict:
                reader.stdin.write("request\n")
                reader.stdin.flush()
                line = reader.stdout.readline()
                assert line, reader.stderr.read()
                return json.loads(line)

            assert ask() == {"minimum": 3, "working": True}  # both now cached in the reader
            assert ask() == {"minimum": 3, "working": True}
            manage(env, "shell", "-c", WRITER)  # another process changes both, and exits
            assert ask() == {"minimum": 5, "working": False}  # the next request sees them, no restart
        finally:
            reader.stdin.close()
            reader.wait(timeout=30)
            reader.stdout.close()
            reader.stderr.close()


@pytest.mark.django_db
def test_saving_a_rule_or_a_calendar_day_bumps_the_version_in_its_transaction():
    before = config.current_version()
    Rule.objects.create(key="x_test", value=1, document_reference="Thử", effective_from=dt.date(2020, 1, 1))
    assert config.current_version() == before + 1
    day = CalendarDay.objects.create(day=MONDAY, kind="DAY_OFF", name="Nghỉ", source_document="Thử")
    day.delete()
    assert config.current_version() == before + 3


@pytest.mark.django_db
def test_a_change_rolled_back_leaves_the_version_and_the_value():
    before = config.current_version()
    with pytest.raises(RuntimeError), transaction.atomic():
        Rule.objects.create(
            key="cell_min_official_members", value=6, document_reference="Thử", effective_from=dt.date(2021, 1, 1)
        )
        assert rule_value("cell_min_official_members") == 6  # the changing request sees its own change
        raise RuntimeError("refused")
    assert config.current_version() == before
    assert rule_value("cell_min_official_members") == 3


@pytest.mark.django_db
def test_a_version_moved_elsewhere_clears_the_caches_at_the_next_request(monkeypatch):
    assert rule_value("cell_min_official_members") == 3
    assert is_working_day(MONDAY)
    # Another process changed the rows and the version; this one's signals did not fire.
    Rule.objects.bulk_create(
        [Rule(key="cell_min_official_members", value=7, document_reference="Thử", effective_from=dt.date(2021, 1, 1))]
    )
    CalendarDay.objects.bulk_create([CalendarDay(day=MONDAY, kind="DAY_OFF", name="Nghỉ", source_document="Thử")])
    assert rule_value("cell_min_official_members") == 3  # still the cached copy: nothing told this process
    ConfigVersion.objects.update_or_create(pk=1, defaults={"version": config.current_version() + 1})
    assert rule_value("cell_min_official_members") == 3  # checked at most once per request or CHECK_SECONDS
    config.mark_stale()  # what request_started does
    assert rule_value("cell_min_official_members") == 7
    assert not is_working_day(MONDAY)


@pytest.mark.django_db
def test_a_long_loop_outside_requests_rechecks_after_check_seconds(monkeypatch):
    clock = [1000.0]
    monkeypatch.setattr(config.time, "monotonic", lambda: clock[0])
    assert rule_value("cell_min_official_members") == 3
    Rule.objects.bulk_create(
        [Rule(key="cell_min_official_members", value=8, document_reference="Thử", effective_from=dt.date(2021, 1, 1))]
    )
    ConfigVersion.objects.update_or_create(pk=1, defaults={"version": config.current_version() + 1})
    clock[0] += config.CHECK_SECONDS / 2
    assert rule_value("cell_min_official_members") == 3
    clock[0] += config.CHECK_SECONDS
    assert rule_value("cell_min_official_members") == 8


@task()
def _read_minimum() -> int:
    return rule_value("cell_min_official_members")


@pytest.mark.django_db
def test_each_task_checks_the_version_when_it_starts():
    assert rule_value("cell_min_official_members") == 3
    Rule.objects.bulk_create(
        [Rule(key="cell_min_official_members", value=9, document_reference="Thử", effective_from=dt.date(2021, 1, 1))]
    )
    ConfigVersion.objects.update_or_create(pk=1, defaults={"version": config.current_version() + 1})
    with override_settings(TASKS={"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}):
        assert _read_minimum.enqueue().return_value == 9


def test_clearing_needs_no_database():
    """The root conftest clears the caches before every test, including tests without database access."""
    registry.clear_cache()
    calendar.clear_cache()
    config.forget()
