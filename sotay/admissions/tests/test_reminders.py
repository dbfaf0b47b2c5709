"""Deadline reminders (docs/rules/working-days.md#các-thời-hạn-tính-bằng-ngày-làm-việc): sent ahead and when overdue, to
the cell and the committee above, once."""

from __future__ import annotations

import datetime as dt

import pytest

from sotay.admissions import services, steps
from sotay.admissions.reminders import send_deadline_reminders
from sotay.admissions.tests.helpers import cell_vote, open_case, through_verification
from sotay.members import transfers
from sotay.members.tests.factories import MemberFactory
from sotay.notifications.models import Notification
from sotay.orgs.actor import Actor

pytestmark = pytest.mark.django_db


def _recipients(title_part: str) -> set[str]:
    return {n.recipient.username for n in Notification.objects.filter(title__contains=title_part)}


def test_232_qd_tw_decision_deadline_reminded_ahead_then_overdue_once_each(cast):
    case = through_verification(cast, open_case(cast))
    cell_vote(case, cast.cell_secretary)
    case.refresh_from_db()
    due = case.decision_due_on
    assert (
        send_deadline_reminders(due - dt.timedelta(days=30), actor=Actor.system("worker:test")).get("admission", 0) == 0
    )
    assert send_deadline_reminders(due - dt.timedelta(days=2), actor=Actor.system("worker:test"))["admission"] == 1
    assert (
        send_deadline_reminders(due - dt.timedelta(days=1), actor=Actor.system("worker:test")).get("admission", 0) == 0
    )  # not twice
    assert send_deadline_reminders(due + dt.timedelta(days=1), actor=Actor.system("worker:test"))["admission"] == 1
    # The cell's chi ủy and the commune committee; not the province's staff, not the other commune.
    assert _recipients("Quá hạn ra quyết định kết nạp") == {"chibo", "xa"}


def test_ceremony_deadline_after_the_decision(cast):
    case = through_verification(cast, open_case(cast))
    cell_vote(case, cast.cell_secretary)
    services.record_step(
        case=case, form_code=steps.DECISION, done_on=dt.date(2026, 2, 2), actor=Actor.for_user(cast.commune_committee)
    )
    case.refresh_from_db()
    send_deadline_reminders(case.ceremony_due_on + dt.timedelta(days=1), actor=Actor.system("worker:test"))
    assert _recipients("Quá hạn tổ chức lễ kết nạp") == {"chibo", "xa"}


def test_probation_end_reminded_30_days_ahead_and_recognition_overdue_after_30_working_days(cast):
    member = MemberFactory(organization=cast.cell_a, status="PROBATIONARY", joined_on=dt.date(2025, 12, 1))
    member.official_on = None
    member.save()
    assert send_deadline_reminders(dt.date(2026, 10, 1), actor=Actor.system("worker:test")).get("probation", 0) == 0
    assert send_deadline_reminders(dt.date(2026, 11, 5), actor=Actor.system("worker:test"))["probation"] == 1
    # 12 months end 01/12/2026; 30 working days later is mid-January 2027.
    assert send_deadline_reminders(dt.date(2026, 12, 20), actor=Actor.system("worker:test")).get("probation", 0) == 0
    assert send_deadline_reminders(dt.date(2027, 1, 20), actor=Actor.system("worker:test"))["probation"] == 1
    assert _recipients("Quá hạn xét công nhận") == {"chibo", "xa"}


def test_overdue_transfer_reminds_both_ends(cast):
    transfer = transfers.issue_transfer(
        member=cast.member_member,
        kind="OFFICIAL",
        to_org=cast.cell_b,
        letter_number="15-GGT/ĐU",
        issued_on=dt.date(2026, 3, 2),
        decided_on=dt.date(2026, 3, 2),
        issuing_body="",
        actor=Actor.system("command:test"),
    )
    sent = send_deadline_reminders(transfer.due_on + dt.timedelta(days=1), actor=Actor.system("worker:test"))
    assert sent["transfer"] == 2
    assert _recipients("Quá hạn chuyển sinh hoạt đảng") == {"chibo", "xa", "ngoai"}


def test_ceremony_reminder_counts_from_the_day_the_cell_receives_the_decision(cast):
    """294-QĐ/TW: 30 working days from receiving the 9-KNĐ (13/02/2026 → 03/04/2026), not from signing (06/02 →
    27/03/2026): no overdue reminder on 30/03/2026."""
    case = through_verification(cast, open_case(cast))
    cell_vote(case, cast.cell_secretary)
    services.record_step(
        case=case,
        form_code=steps.DECISION,
        done_on=dt.date(2026, 2, 6),
        actor=Actor.for_user(cast.commune_committee),
        received_on=dt.date(2026, 2, 13),
    )
    send_deadline_reminders(dt.date(2026, 3, 30), actor=Actor.system("worker:test"))
    assert _recipients("Quá hạn tổ chức lễ kết nạp") == set()
    assert _recipients("Sắp đến hạn tổ chức lễ kết nạp") == {"chibo", "xa"}
    send_deadline_reminders(dt.date(2026, 4, 6), actor=Actor.system("worker:test"))
    assert _recipients("Quá hạn tổ chức lễ kết nạp") == {"chibo", "xa"}
