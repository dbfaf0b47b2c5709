"""Background work really runs through the database queue and its worker."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.management import call_command

from sotay.members import services
from sotay.members.tests.factories import MemberFactory
from sotay.orgs.actor import Actor
from sotay.orgs.models import OrgFlag
from sotay.orgs.tests.factories import cell, commune, province

pytestmark = pytest.mark.django_db(transaction=True)


def test_cell_size_review_is_queued_on_commit_and_run_by_the_worker(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    from django_tasks_db.models import DBTaskResult

    k = cell(commune(province(code="P"), code="P.1"), code="P.1.1")
    MemberFactory.create_batch(29, organization=k)
    services.create_member(
        data={
            "full_name": "Đinh Văn Ba Mươi",
            "birth_on": dt.date(1990, 1, 1),
            "gender": "M",
            "ethnicity": "01",
            "joined_on": dt.date(2020, 1, 1),
            "official_on": dt.date(2021, 1, 1),
        },
        organization=k,
        actor=Actor.system("command:test"),
        status="OFFICIAL",
    )
    assert DBTaskResult.objects.filter(status="READY").count() == 1
    assert not OrgFlag.objects.exists()
    call_command("worker", "--batch")  # also queues and runs the periodic tasks due today
    review = DBTaskResult.objects.get(task_path="sotay.members.tasks.review_cell_size")
    assert review.status == "SUCCESSFUL"
    reminders = DBTaskResult.objects.get(task_path="sotay.admissions.tasks.deadline_reminders")
    assert reminders.status == "SUCCESSFUL"
    assert OrgFlag.objects.get(organization=k).kind == OrgFlag.Kind.BASE_CELL_OVER_LIMIT
