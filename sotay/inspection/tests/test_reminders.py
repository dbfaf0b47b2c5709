"""The daily reminder of recommendations coming due (issue 17 §5: tracked to completion with due dates, like the
meeting tasks; docs/discipline.md#kiểm-tra-giám-sát): once each, to the committee and its UBKT, not to the cell."""

from __future__ import annotations

import datetime as dt

import pytest

from sotay.discipline.tests.helpers import ubkt_user
from sotay.inspection import reminders, services
from sotay.inspection.models import Result
from sotay.notifications.models import Notification
from sotay.orgs.actor import Actor

from .test_inspection import actor, plan_with_two

D = dt.date
pytestmark = pytest.mark.django_db


def _recommendations(cast):
    _plan, inspection, _supervision = plan_with_two(cast)
    services.record_decision(
        actor=actor(cast), inspection=inspection, decision_number="15-QĐ/UBKT", decision_on=D(2026, 3, 1), team="Tổ"
    )
    services.record_conclusion(
        actor=actor(cast),
        inspection=inspection,
        concluded_on=D(2026, 4, 1),
        result=Result.SHORTCOMINGS,
        findings="Thu đảng phí chậm ba tháng.",
    )
    add = services.add_recommendation
    soon = add(actor=actor(cast), inspection=inspection, text="Thu đảng phí", addressee="Chi ủy", due_on=D(2026, 5, 8))
    later = add(actor=actor(cast), inspection=inspection, text="Sổ đảng phí", addressee="Chi ủy", due_on=D(2026, 6, 1))
    return soon, later


def test_a_recommendation_is_reminded_once_within_the_lead_time_to_the_committee_and_ubkt_only(cast):
    ubkt_user(cast)
    soon, later = _recommendations(cast)
    assert reminders.lead_days() == 7
    assert (
        reminders.send_due_reminders(D(2026, 4, 30), actor=Actor.system("worker:test")) == 0
    )  # due in 8 days: not yet
    assert reminders.send_due_reminders(D(2026, 5, 1), actor=Actor.system("worker:test")) == 1  # due in 7 days
    assert reminders.send_due_reminders(D(2026, 5, 2), actor=Actor.system("worker:test")) == 0  # once each
    soon.refresh_from_db()
    assert soon.reminded_on == D(2026, 5, 1)
    sent = Notification.objects.filter(kind="inspection.recommendation_due")
    assert set(sent.values_list("recipient__username", flat=True)) == {"xa", "ubkt"}
    assert all("08/05/2026" in n.title and "sắp đến hạn" in n.title for n in sent)


def test_done_items_are_not_reminded_and_an_overdue_one_never_reminded_is_reminded_as_overdue(cast):
    soon, later = _recommendations(cast)
    services.complete_recommendation(actor=actor(cast), item=soon, done_on=D(2026, 4, 20), note="Đã thu đủ")
    assert reminders.send_due_reminders(D(2026, 6, 3), actor=Actor.system("worker:test")) == 1
    titles = list(Notification.objects.filter(kind="inspection.recommendation_due").values_list("title", flat=True))
    assert len(set(titles)) == 1 and "quá hạn" in titles[0] and "01/06/2026" in titles[0]


def test_the_daily_task_is_scheduled(settings):
    assert settings.PERIODIC_TASKS["sotay.inspection.tasks.due_recommendation_reminders"] == "daily"
    from sotay.inspection import tasks

    assert callable(tasks.due_recommendation_reminders.call)
