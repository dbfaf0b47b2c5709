"""Minutes, votes and the quorum, finalise/reopen with audit, the resolution's tasks, self-score, DOCX and PDF."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from docx import Document as WordDocument
from pypdf import PdfReader

from sotay.audit.models import AuditEntry
from sotay.core.partydoc import docx_text
from sotay.meetings import checkin, documents
from sotay.meetings import minutes as svc
from sotay.meetings.models import AttendanceStatus, ScoreCriterion
from sotay.orgs.actor import Actor

from .helpers import at, meeting_of

pytestmark = pytest.mark.django_db


def run_meeting(cast, day=None, present=None):
    meeting = meeting_of(cast, starts_at=day or at(2026, 3, 19))
    for member in present if present is not None else [cast.secretary_member, cast.member_member, cast.others_a[0]]:
        checkin.mark(
            meeting=meeting, member=member, status=AttendanceStatus.PRESENT, actor=Actor.for_user(cast.cell_secretary)
        )
    checkin.close_checkin(meeting=meeting, actor=Actor.for_user(cast.cell_secretary))
    svc.save_minutes(
        meeting=meeting,
        chair=cast.secretary_member,
        recorder=cast.member_member,
        conclusions="Chi bộ thống nhất tập trung thu hoạch lúa xuân.",
        actor=Actor.for_user(cast.cell_secretary),
    )
    return meeting


def test_vote_with_quorum_and_majority(cast):
    """Điều lệ Đảng Điều 9 khoản 5: a resolution needs more than half of the members who count voting for."""
    meeting = run_meeting(cast)
    vote = svc.record_vote(
        meeting=meeting,
        subject="Thông qua nghị quyết tháng 3",
        votes_for=3,
        votes_against=0,
        abstentions=0,
        actor=Actor.for_user(cast.cell_secretary),
    )
    assert (vote.eligible, vote.present) == (4, 3) and vote.quorum_met and vote.passed
    weak = svc.record_vote(
        meeting=meeting,
        subject="Đề xuất khác",
        votes_for=2,
        votes_against=1,
        abstentions=0,
        actor=Actor.for_user(cast.cell_secretary),
    )
    assert weak.quorum_met and not weak.passed  # 2 of 4 is not more than half
    with pytest.raises(ValidationError):  # more votes than official members present
        svc.record_vote(
            meeting=meeting,
            subject="X",
            votes_for=4,
            votes_against=0,
            abstentions=0,
            actor=Actor.for_user(cast.cell_secretary),
        )


def test_quorum_not_met_is_flagged(cast):
    meeting = run_meeting(cast, present=[cast.secretary_member, cast.member_member])
    vote = svc.record_vote(
        meeting=meeting,
        subject="Thông qua",
        votes_for=2,
        votes_against=0,
        abstentions=0,
        actor=Actor.for_user(cast.cell_secretary),
    )
    assert not vote.quorum_met and not vote.passed


def test_finalise_locks_and_reopen_is_audited(cast):
    meeting = run_meeting(cast)
    with pytest.raises(ValidationError):
        svc.reopen_minutes(meeting=meeting, reason="x", actor=Actor.for_user(cast.cell_secretary))
    minutes = svc.finalise_minutes(meeting=meeting, actor=Actor.for_user(cast.cell_secretary))
    assert minutes.is_final and minutes.attendance_summary["present"] == 3
    assert minutes.number.endswith("-BB/CB")
    for attempt in (
        lambda: svc.save_minutes(meeting=meeting, chair=None, recorder=None, actor=Actor.for_user(cast.cell_secretary)),
        lambda: svc.record_vote(
            meeting=meeting,
            subject="Y",
            votes_for=1,
            votes_against=0,
            abstentions=0,
            actor=Actor.for_user(cast.cell_secretary),
        ),
        lambda: checkin.mark(
            meeting=meeting, member=cast.others_a[1], status="PRESENT", actor=Actor.for_user(cast.cell_secretary)
        ),
    ):
        with pytest.raises(ValidationError):
            attempt()
    with pytest.raises(ValidationError):
        svc.reopen_minutes(meeting=meeting, reason="  ", actor=Actor.for_user(cast.cell_secretary))
    svc.reopen_minutes(meeting=meeting, reason="Sửa tên người phát biểu", actor=Actor.for_user(cast.cell_secretary))
    entry = AuditEntry.objects.filter(data__event="minutes_reopened").get()
    assert entry.data["reason"] == "Sửa tên người phát biểu" and entry.actor == cast.cell_secretary
    svc.save_minutes(
        meeting=meeting,
        chair=cast.secretary_member,
        recorder=cast.member_member,
        conclusions="Đã sửa.",
        actor=Actor.for_user(cast.cell_secretary),
    )


def test_finalise_needs_chair_recorder_and_closed_check_in(cast):
    meeting = meeting_of(cast)
    checkin.open_checkin(meeting=meeting, actor=Actor.for_user(cast.cell_secretary))
    with pytest.raises(ValidationError):
        svc.finalise_minutes(meeting=meeting, actor=Actor.for_user(cast.cell_secretary))
    checkin.close_checkin(meeting=meeting, actor=Actor.for_user(cast.cell_secretary))
    with pytest.raises(ValidationError):
        svc.finalise_minutes(meeting=meeting, actor=Actor.for_user(cast.cell_secretary))


def test_tasks_of_the_resolution_come_back_at_the_next_meeting(cast):
    march = run_meeting(cast)
    task = svc.add_action_item(
        meeting=march,
        title="Vận động nhân dân hiến đất làm đường",
        owner=cast.member_member,
        due_on=dt.date(2026, 4, 15),
        actor=Actor.for_user(cast.cell_secretary),
    )
    with pytest.raises(ValidationError):
        svc.add_action_item(
            meeting=march,
            title="X",
            owner=cast.outsider_members[0],
            due_on=dt.date(2026, 4, 1),
            actor=Actor.for_user(cast.cell_secretary),
        )
    april = meeting_of(cast, starts_at=at(2026, 4, 16))
    assert list(svc.open_items_for(april)) == [task]
    svc.review_action_item(
        item=task,
        at_meeting=april,
        done_on=dt.date(2026, 4, 10),
        note="Xong",
        actor=Actor.for_user(cast.cell_secretary),
    )
    assert list(svc.open_items_for(april)) == []
    assert task in april.reviewed_action_items.all()


def test_self_score_with_configurable_criteria(cast):
    meeting = run_meeting(cast)
    criteria = list(ScoreCriterion.objects.filter(is_active=True))
    assert sum(c.max_points for c in criteria) == 100
    svc.save_scores(
        meeting=meeting, points={c.pk: c.max_points - 2 for c in criteria}, actor=Actor.for_user(cast.cell_secretary)
    )
    assert svc.score_total(meeting) == (100 - 2 * len(criteria), 100)
    with pytest.raises(ValidationError):
        svc.save_scores(meeting=meeting, points={criteria[0].pk: 999}, actor=Actor.for_user(cast.cell_secretary))


def full_meeting(cast):
    meeting = run_meeting(cast)
    item = meeting.agenda_items.get(kind="CURRENT_AFFAIRS")
    from sotay.meetings import services

    services.update_agenda_item(
        item=item,
        notes="Đồng chí Bình phổ biến Nghị quyết mới.",
        conclusion="Triển khai trong tháng.",
        actor=Actor.for_user(cast.cell_secretary),
    )
    svc.record_vote(
        meeting=meeting,
        subject="Thông qua nghị quyết tháng 3",
        votes_for=3,
        votes_against=0,
        abstentions=0,
        actor=Actor.for_user(cast.cell_secretary),
    )
    svc.save_resolution(
        meeting=meeting,
        title="Nghị quyết sinh hoạt chi bộ tháng 3 năm 2026",
        body="Lãnh đạo hoàn thành thu hoạch vụ xuân.",
        actor=Actor.for_user(cast.cell_secretary),
    )
    svc.add_action_item(
        meeting=meeting,
        title="Hoàn thành thu đảng phí quý I",
        owner=cast.member_member,
        due_on=dt.date(2026, 4, 10),
        actor=Actor.for_user(cast.cell_secretary),
    )
    svc.finalise_minutes(meeting=meeting, actor=Actor.for_user(cast.cell_secretary))
    return meeting


def test_minutes_docx_in_party_format_parses_back(cast):
    """Hướng dẫn 36-HD/VPTW layout: heading block, number, place and date, title, body, signature block."""
    meeting = full_meeting(cast)
    from sotay.core.partydoc import render_docx

    data = render_docx(documents.minutes_document(meeting))
    WordDocument(io.BytesIO(data))  # opens
    text = docx_text(data)
    assert "ĐẢNG CỘNG SẢN VIỆT NAM" in text and "CHI BỘ THÔN ĐÔNG" in text and "ĐẢNG BỘ XÃ ĐÔNG TIẾN" in text
    assert "Số 01-BB/CB" in text and "Đông Tiến, ngày 19 tháng 03 năm 2026" in text and "BIÊN BẢN" in text
    assert "phải triệu tập: 4; có mặt: 3 (75%)" in text and "Vắng không lý do: Phạm Đức Dũng." in text
    assert "Đồng chí Bình phổ biến Nghị quyết mới." in text and "3/4 tán thành" in text
    assert "CHỦ TRÌ" in text and "Trần Thị Bình" in text and "THƯ KÝ: Nguyễn Văn Ấn" in text


def test_resolution_docx_and_pdf(cast, client):
    meeting = full_meeting(cast)
    client.force_login(cast.cell_secretary)
    response = client.get(reverse("meetings:document", args=[meeting.pk, "resolution", "docx"]))
    assert response.status_code == 200 and "attachment" in response["Content-Disposition"]
    text = docx_text(response.content)
    assert "NGHỊ QUYẾT" in text and "01-NQ/CB" in text and "CHI BỘ QUYẾT NGHỊ" in text
    assert "Hoàn thành thu đảng phí quý I — phụ trách: Nguyễn Văn Ấn; hạn: 10/04/2026." in text
    assert "BÍ THƯ" in text and "Nơi nhận:" in text
    pdf = client.get(reverse("meetings:document", args=[meeting.pk, "minutes", "pdf"]))
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    pdf_text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf.content)).pages)
    assert "ĐẢNG CỘNG SẢN VIỆT NAM" in pdf_text and "BIÊN BẢN" in pdf_text and "Phạm Đức Dũng" in pdf_text
    assert AuditEntry.objects.filter(
        action="export", data__kind="meeting_minutes", data__params__document="minutes"
    ).exists()


def test_minutes_page_flow(cast, client):
    meeting = meeting_of(cast)
    checkin.mark(
        meeting=meeting, member=cast.member_member, status="PRESENT", actor=Actor.for_user(cast.cell_secretary)
    )
    checkin.mark(
        meeting=meeting, member=cast.secretary_member, status="PRESENT", actor=Actor.for_user(cast.cell_secretary)
    )
    checkin.mark(meeting=meeting, member=cast.others_a[0], status="PRESENT", actor=Actor.for_user(cast.cell_secretary))
    checkin.close_checkin(meeting=meeting, actor=Actor.for_user(cast.cell_secretary))
    client.force_login(cast.cell_secretary)
    url = reverse("meetings:minutes", args=[meeting.pk])
    assert client.get(url).status_code == 200
    post = {
        "part": "minutes",
        "chair": cast.secretary_member.pk,
        "recorder": cast.member_member.pk,
        "conclusions": "Tốt",
        "ended_at": "21:00",
    }
    assert client.post(url, post).status_code == 302
    assert (
        client.post(
            url, {"part": "vote", "subject": "NQ", "votes_for": 3, "votes_against": 0, "abstentions": 0}
        ).status_code
        == 302
    )
    bad = client.post(url, {"part": "vote", "subject": "NQ", "votes_for": 9, "votes_against": 0, "abstentions": 0})
    assert bad.status_code == 400 and "lớn hơn số đảng viên chính thức có mặt" in bad.content.decode()
    assert client.post(url, {"part": "finalise"}).status_code == 302
    page = client.get(url).content.decode()
    assert "Biên bản đã hoàn tất" in page and "Mở lại biên bản" in page
    assert client.post(url, {"part": "reopen", "reason": "Bổ sung ý kiến"}).status_code == 302
    assert AuditEntry.objects.filter(data__event="minutes_reopened").exists()


def test_chair_and_recorder_must_be_present(cast):
    meeting = meeting_of(cast)
    checkin.mark(
        meeting=meeting, member=cast.secretary_member, status="PRESENT", actor=Actor.for_user(cast.cell_secretary)
    )
    checkin.close_checkin(meeting=meeting, actor=Actor.for_user(cast.cell_secretary))
    with pytest.raises(ValidationError) as info:
        svc.save_minutes(
            meeting=meeting,
            chair=cast.secretary_member,
            recorder=cast.member_member,
            actor=Actor.for_user(cast.cell_secretary),
        )
    assert "Nguyễn Văn Ấn" in info.value.messages[0]


def test_minutes_of_a_meeting_not_yet_held_cannot_be_finalised(cast):
    from django.utils import timezone

    meeting = meeting_of(cast, starts_at=timezone.now() + dt.timedelta(days=3))
    with pytest.raises(ValidationError):
        svc.finalise_minutes(meeting=meeting, actor=Actor.for_user(cast.cell_secretary))


def test_review_of_last_months_tasks_from_the_minutes_page(cast, client):
    march = run_meeting(cast)
    task = svc.add_action_item(
        meeting=march,
        title="Sửa đường liên thôn",
        owner=cast.member_member,
        due_on=dt.date(2026, 4, 15),
        actor=Actor.for_user(cast.cell_secretary),
    )
    april = meeting_of(cast, starts_at=at(2026, 4, 16))
    client.force_login(cast.cell_secretary)
    page = client.get(reverse("meetings:minutes", args=[april.pk])).content.decode()
    assert "Sửa đường liên thôn" in page and f'id="id_t{task.pk}-done_on"' in page
    url = reverse("meetings:review_item", args=[april.pk, task.pk])
    assert client.post(url, {f"t{task.pk}-done_on": "10/04/2026", f"t{task.pk}-note": "Xong"}).status_code == 302
    task.refresh_from_db()
    assert task.done_on == dt.date(2026, 4, 10) and task.reviewed_at == april


def test_paper_invitation_for_members_without_a_phone(cast, client):
    meeting = meeting_of(cast)
    client.force_login(cast.cell_secretary)
    response = client.get(reverse("meetings:document", args=[meeting.pk, "invitation", "docx"]))
    text = docx_text(response.content)
    assert "GIẤY MỜI" in text and "CHI ỦY THÔN ĐÔNG" in text.upper() and "ĐẢNG CỘNG SẢN VIỆT NAM" in text
    assert "Thời gian: 19 giờ 30, ngày 19/03/2026." in text and "Địa điểm: Nhà văn hóa thôn Đông." in text
    assert "1. Thu đảng phí" in text
    pdf = client.get(reverse("meetings:document", args=[meeting.pk, "invitation", "pdf"]))
    assert "GIẤY MỜI" in "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.content)).pages)


# Who counts in a vote: Điều lệ Điều 9 khoản 5; 24-QĐ/TW and 294-QĐ/TW §9.3.2


def _vote(cast, meeting, votes_for):
    return svc.record_vote(
        meeting=meeting,
        subject="Thông qua",
        votes_for=votes_for,
        votes_against=0,
        abstentions=0,
        actor=Actor.for_user(cast.cell_secretary),
    )


def test_members_absent_with_approved_leave_do_not_count(cast):
    """Điều lệ Điều 9 khoản 5, 24-QĐ/TW and 294-QĐ/TW §9.3.2: of the cell's 4 official members one is absent with
    approved leave, so 3 count: 2 present is a quorum and 2 votes for pass (more than half of 3); counting the
    absent member, 2 of 4 would not."""
    meeting = meeting_of(cast, starts_at=at(2026, 3, 19))
    for member in (cast.secretary_member, cast.member_member):
        checkin.mark(
            meeting=meeting, member=member, status=AttendanceStatus.PRESENT, actor=Actor.for_user(cast.cell_secretary)
        )
    checkin.mark(
        meeting=meeting,
        member=cast.others_a[1],
        status=AttendanceStatus.ABSENT_EXCUSED,
        actor=Actor.for_user(cast.cell_secretary),
    )
    checkin.close_checkin(
        meeting=meeting, actor=Actor.for_user(cast.cell_secretary)
    )  # others_a[0]: absent without a reason
    vote = _vote(cast, meeting, 2)
    assert (vote.eligible, vote.present) == (3, 2) and vote.quorum_met and vote.passed
    assert not _vote(cast, meeting, 1).passed  # 1 of 3 is not more than half


def test_an_exempt_member_counts_only_when_attending(cast):
    """24-QĐ/TW and 294-QĐ/TW §9.3.2: a member exempt from Party work and meetings who attends and votes counts;
    one who stays away does not."""
    from sotay.members.choices import MemberStatus
    from sotay.members.tests.factories import MemberFactory

    exempt = MemberFactory(full_name="Đỗ Văn Giáp", organization=cast.cell_a, status=MemberStatus.EXEMPT)
    away = run_meeting(cast)  # 3 of the 4 official members present, the exempt member not
    assert _vote(cast, away, 3).eligible == 4
    came = run_meeting(cast, day=at(2026, 4, 16), present=[cast.secretary_member, cast.member_member, exempt])
    vote = _vote(cast, came, 3)
    assert (vote.eligible, vote.present) == (5, 3) and vote.quorum_met and vote.passed  # 3 of 5 > half
    assert not _vote(cast, came, 2).passed  # 2 of 5 is not more than half


def test_a_member_attached_temporarily_elsewhere_does_not_count(cast):
    """24-QĐ/TW and 294-QĐ/TW §9.3.2: a member on temporary activity in another Party organisation is not counted
    at home, even with an attendance row from before the attachment."""
    from sotay.members import transfers

    meeting = meeting_of(cast, starts_at=at(2026, 3, 19))
    checkin.mark(
        meeting=meeting,
        member=cast.others_a[1],
        status=AttendanceStatus.ABSENT_UNEXCUSED,
        actor=Actor.system("command:test"),
    )
    transfer = transfers.issue_transfer(
        member=cast.others_a[1],
        kind="TEMPORARY",
        to_org=cast.cell_b,
        letter_number="10-GGT/CB",
        issued_on=dt.date(2026, 2, 2),
        decided_on=dt.date(2026, 2, 2),
        issuing_body="",
        actor=Actor.system("command:test"),
    )
    transfers.receive_transfer(transfer=transfer, received_on=dt.date(2026, 2, 3), actor=Actor.system("command:test"))
    for member in (cast.secretary_member, cast.member_member):
        checkin.mark(
            meeting=meeting, member=member, status=AttendanceStatus.PRESENT, actor=Actor.for_user(cast.cell_secretary)
        )
    checkin.close_checkin(meeting=meeting, actor=Actor.for_user(cast.cell_secretary))
    vote = _vote(cast, meeting, 2)
    assert (vote.eligible, vote.present) == (3, 2) and vote.passed
