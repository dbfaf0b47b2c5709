"""Recognition as an official member as a case (docs/rules/admission.md#công-nhận-đảng-viên-chính-thức).

Sources named in each test: Điều lệ Đảng Điều 5 (12 months, two thirds, official from the end of probation, xóa tên),
294-QĐ/TW with Hướng dẫn 01-HD/TW điểm 4 (30 working days for the cell), 12-HD/BTCTW (forms 10–16-KNĐ).
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from sotay.admissions import recognition as rec
from sotay.admissions.models import RecognitionCase, RecognitionStage
from sotay.audit.models import AuditEntry
from sotay.members.choices import ExitKind, MemberStatus
from sotay.members.tests.factories import MemberFactory
from sotay.orgs import policy
from sotay.orgs.actor import Actor
from sotay.rules.calendar import add_working_days
from sotay.rules.models import Rule
from sotay.rules.registry import clear_cache

D = dt.date
JOINED = D(2025, 9, 1)  # 12 months end 01/09/2026


@pytest.fixture
def probationer(cast):
    return MemberFactory(
        full_name="Đinh Thị Mai", organization=cast.cell_a, status=MemberStatus.PROBATIONARY, joined_on=JOINED
    )


def secretary(cast):
    return Actor.for_user(cast.cell_secretary)


def committee(cast):
    return Actor.for_user(cast.commune_committee)


PAPERS_ON = D(2026, 8, 20)


def papers(case, actor, on=PAPERS_ON):
    for code in rec.CELL_PAPERS:
        rec.record_step(case=case, form_code=code, done_on=on, actor=actor)


def test_deadline_is_30_working_days_after_probation_294_qd_tw(cast, probationer):
    """294-QĐ/TW (thi hành Điều lệ Điều 5), 01-HD/TW điểm 4: the chi bộ considers within 30 working days after the
    12 months end (Điều lệ Điều 5 khoản 1); counted on the working-day calendar."""
    case = rec.open_recognition(member=probationer, actor=secretary(cast))
    assert case.probation_ends_on == D(2026, 9, 1)
    assert case.consider_due_on == add_working_days(D(2026, 9, 1), 30)
    assert case.is_overdue(D(2026, 12, 2))
    assert not case.is_overdue(case.consider_due_on)


def test_deadline_follows_the_rule_version_in_force_294_qd_tw(cast, probationer):
    """The limit is versioned data (rule `recognition_consider_working_days`, 294-QĐ/TW): a newer version applies to
    probations ending from its effective date."""
    Rule.objects.create(
        key=rec.RULE_KEY, value=20, document_reference="thử", clause="thử", effective_from=D(2026, 8, 1)
    )
    clear_cache()
    case = rec.open_recognition(member=probationer, actor=secretary(cast))
    assert case.consider_due_on == add_working_days(D(2026, 9, 1), 20)


def test_full_recognition_official_from_12_month_date_dieu_le_dieu_5(cast, probationer):
    """Điều lệ Điều 5 khoản 3: two thirds of the cell's official members; official as of the exact end of the 12
    months even when the decision is later; the commune committee (the competent level) decides."""
    case = rec.open_recognition(member=probationer, actor=secretary(cast))
    papers(case, secretary(cast))
    step = rec.record_step(
        case=case,
        form_code=rec.CELL_RESOLUTION,
        done_on=D(2026, 9, 10),
        actor=secretary(cast),
        votes=rec.Votes(2, 1, 3),
        document_number="05-NQ/CB",
    )
    assert step.approved is True
    case.refresh_from_db()
    assert case.stage == RecognitionStage.CELL_RESOLVED
    rec.decide(
        case=case, recognised=True, decided_on=D(2026, 10, 20), decision_number="120-QĐ/ĐU", actor=committee(cast)
    )
    probationer.refresh_from_db()
    case.refresh_from_db()
    assert probationer.status == MemberStatus.OFFICIAL
    assert probationer.official_on == D(2026, 9, 1)
    assert case.stage == RecognitionStage.RECOGNISED and case.decision_number == "120-QĐ/ĐU"
    assert AuditEntry.objects.filter(object_type="admissions.recognitioncase", action="status").exists()


def test_failed_vote_leads_to_xoa_ten_through_exit_service_dieu_le_dieu_5(cast, probationer):
    """Điều lệ Điều 5 khoản 3: 4 of 7 is short of two thirds; the cell proposes xóa tên, the committee strikes the
    member off the probationary list through the status service (exit kind xóa tên)."""
    case = rec.open_recognition(member=probationer, actor=secretary(cast))
    papers(case, secretary(cast))
    step = rec.record_step(
        case=case,
        form_code=rec.CELL_RESOLUTION,
        done_on=D(2026, 9, 10),
        actor=secretary(cast),
        votes=rec.Votes(4, 3, 7),
    )
    assert step.approved is False
    case.refresh_from_db()
    assert case.stage == RecognitionStage.REMOVAL_PROPOSED
    with pytest.raises(ValidationError):
        rec.decide(case=case, recognised=True, decided_on=D(2026, 10, 1), decision_number="1", actor=committee(cast))
    rec.decide(
        case=case, recognised=False, decided_on=D(2026, 10, 1), decision_number="121-QĐ/ĐU", actor=committee(cast)
    )
    probationer.refresh_from_db()
    assert probationer.status == MemberStatus.LEFT and probationer.exit_kind == ExitKind.STRUCK_OFF
    assert RecognitionCase.objects.get(pk=case.pk).stage == RecognitionStage.STRUCK_OFF


def test_cell_cannot_resolve_before_probation_ends_or_without_papers_12_hd_btctw(cast, probationer):
    """12-HD/BTCTW: 13-KNĐ follows 10-, 11- and 12-KNĐ; Điều lệ Điều 5: only after the 12 months."""
    case = rec.open_recognition(member=probationer, actor=secretary(cast))
    with pytest.raises(ValidationError, match="còn thiếu"):
        rec.record_step(
            case=case,
            form_code=rec.CELL_RESOLUTION,
            done_on=D(2026, 9, 10),
            actor=secretary(cast),
            votes=rec.Votes(3, 0, 3),
        )
    papers(case, secretary(cast))
    with pytest.raises(ValidationError, match="hết 12 tháng"):
        rec.record_step(
            case=case,
            form_code=rec.CELL_RESOLUTION,
            done_on=D(2026, 8, 25),
            actor=secretary(cast),
            votes=rec.Votes(3, 0, 3),
        )
    assert case.steps.filter(form_code=rec.CELL_RESOLUTION).count() == 0


def test_base_committee_resolution_required_under_dang_uy_co_so_12_hd_btctw(cast):
    """12-HD/BTCTW: a cell under a đảng ủy cơ sở needs its resolution (15-KNĐ) before the decision."""
    member = MemberFactory(organization=cast.cell_a2, status=MemberStatus.PROBATIONARY, joined_on=JOINED)
    case = rec.open_recognition(member=member, actor=committee(cast))
    papers(case, committee(cast))
    rec.record_step(
        case=case,
        form_code=rec.CELL_RESOLUTION,
        done_on=D(2026, 9, 10),
        actor=committee(cast),
        votes=rec.Votes(3, 0, 3),
    )
    with pytest.raises(ValidationError, match="15-KNĐ"):
        rec.decide(case=case, recognised=True, decided_on=D(2026, 10, 1), decision_number="1", actor=committee(cast))
    rec.record_step(
        case=case,
        form_code=rec.BASE_RESOLUTION,
        done_on=D(2026, 9, 20),
        actor=committee(cast),
        votes=rec.Votes(5, 0, 5),
    )
    rec.decide(case=case, recognised=True, decided_on=D(2026, 10, 1), decision_number="2", actor=committee(cast))
    member.refresh_from_db()
    assert member.status == MemberStatus.OFFICIAL


def test_cell_secretary_cannot_decide_and_outsider_is_hidden(cast, probationer):
    """The competent committee decides (Điều lệ Điều 5): the cell's secretary may not; another commune's secretary
    does not even see the case."""
    case = rec.open_recognition(member=probationer, actor=secretary(cast))
    papers(case, secretary(cast))
    rec.record_step(
        case=case,
        form_code=rec.CELL_RESOLUTION,
        done_on=D(2026, 9, 10),
        actor=secretary(cast),
        votes=rec.Votes(3, 0, 3),
    )
    with pytest.raises(policy.NotAllowed) as refused:
        rec.decide(case=case, recognised=True, decided_on=D(2026, 10, 1), decision_number="1", actor=secretary(cast))
    assert refused.value.hidden is False
    with pytest.raises(policy.NotAllowed) as hidden:
        rec.record_step(
            case=case, form_code=rec.SELF_REVIEW, done_on=D(2026, 9, 1), actor=Actor.for_user(cast.outsider)
        )
    assert hidden.value.hidden is True
    probationer.refresh_from_db()
    assert probationer.status == MemberStatus.PROBATIONARY


def test_daily_task_opens_cases_once(cast, probationer):
    """The recognition source opens a case when probation ends within 30 days, once."""
    actor = Actor.system("recognition")
    assert rec.open_due_recognitions(actor=actor, on=D(2026, 8, 15)) == 1
    assert rec.open_due_recognitions(actor=actor, on=D(2026, 8, 16)) == 0
    assert RecognitionCase.objects.filter(member=probationer).count() == 1
    with pytest.raises(ValidationError):
        rec.open_recognition(member=probationer, actor=secretary(cast))


def test_vote_threshold_two_thirds_without_rounding_dieu_le_dieu_5():
    """Điều lệ Điều 5 khoản 3: 2/3 and 6/9 pass, 4/7 fails."""
    assert rec.vote_passes(rec.Votes(2, 1, 3))
    assert rec.vote_passes(rec.Votes(6, 3, 9))
    assert not rec.vote_passes(rec.Votes(4, 3, 7))


def test_overdue_reminder_points_at_the_case_and_stops_once_the_cell_has_voted(cast, probationer):
    """The overdue reminder (30 working days after the 12 months, 294-QĐ/TW) goes to the cell and the committee above
    with a link to the recognition case; once the cell has voted, the case carries on and no reminder is sent."""
    from sotay.admissions.reminders import send_deadline_reminders
    from sotay.notifications.models import Notification

    case = rec.open_recognition(member=probationer, actor=secretary(cast))
    late_day = add_working_days(case.consider_due_on, 1)
    assert send_deadline_reminders(late_day, actor=Actor.system("worker:test"))["probation"] == 1
    note = Notification.objects.filter(recipient=cast.commune_committee, title__startswith="Quá hạn xét").get()
    assert note.url.endswith(f"/admissions/recognition/{case.pk}/")
    other = MemberFactory(organization=cast.cell_a, status=MemberStatus.PROBATIONARY, joined_on=JOINED)
    other_case = rec.open_recognition(member=other, actor=secretary(cast))
    papers(other_case, secretary(cast))
    rec.record_step(
        case=other_case,
        form_code=rec.CELL_RESOLUTION,
        done_on=D(2026, 9, 10),
        actor=secretary(cast),
        votes=rec.Votes(3, 0, 3),
    )
    assert (
        send_deadline_reminders(add_working_days(late_day, 1), actor=Actor.system("worker:test")).get("probation", 0)
        == 0
    )
