"""Invitations, RSVP, absence requests, reminders, move and cancel
(docs/rules/membership.md#miễn-công-tác-và-sinh-hoạt-đảng, docs/rules/meetings.md)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from sotay.audit.models import AuditEntry
from sotay.meetings import services
from sotay.meetings.models import AbsenceStatus, AgendaKind, Invitation, Rsvp
from sotay.members.choices import MemberStatus
from sotay.members.tests.factories import MemberFactory
from sotay.notifications.models import Notification
from sotay.orgs.actor import Actor

from .helpers import at, meeting_of

pytestmark = pytest.mark.django_db


def test_invitations_go_to_non_exempt_members_once(cast):
    """docs/rules/membership.md#miễn-công-tác-và-sinh-hoạt-đảng, docs/rules/meetings.md#báo-cáo-số-lượng-dự-họp: exempt
    members (miễn sinh hoạt) are not called to the meeting, but counted apart."""
    exempt = MemberFactory(full_name="Cao Văn Già", organization=cast.cell_a, status=MemberStatus.EXEMPT)
    meeting = meeting_of(cast)
    invited = set(meeting.invitations.values_list("member_id", flat=True))
    assert exempt.pk not in invited and cast.member_member.pk in invited and len(invited) == 4
    notes = Notification.objects.filter(kind="meeting.invitation")
    assert set(notes.values_list("recipient_id", flat=True)) == {cast.cell_secretary.pk, cast.member.pk}
    assert services.send_invitations(meeting=meeting, actor=Actor.for_user(cast.cell_secretary)) == 0  # nobody twice
    assert Notification.objects.filter(kind="meeting.invitation").count() == 2


def test_guest_from_the_committee_above_is_invited(cast):
    meeting = meeting_of(cast)
    services.send_invitations(
        meeting=meeting, actor=Actor.for_user(cast.cell_secretary), guests=[cast.commune_committee]
    )
    assert Invitation.objects.filter(meeting=meeting, guest=cast.commune_committee).exists()
    assert Notification.objects.filter(kind="meeting.invitation", recipient=cast.commune_committee).exists()


def test_rsvp_and_absence_request_approved(cast):
    """docs/rules/meetings.md#báo-cáo-số-lượng-dự-họp: the attendance report lists absentees with reasons; the secretary
    accepts the reason."""
    meeting = meeting_of(cast)
    services.respond(meeting=meeting, member=cast.member_member, answer=Rsvp.YES, actor=Actor.for_user(cast.member))
    assert meeting.invitations.get(member=cast.member_member).rsvp == Rsvp.YES
    req = services.request_absence(
        meeting=meeting, member=cast.member_member, reason="Đi công tác", actor=Actor.for_user(cast.member)
    )
    assert meeting.invitations.get(member=cast.member_member).rsvp == Rsvp.NO
    assert Notification.objects.filter(kind="meeting.absence_request", recipient=cast.cell_secretary).exists()
    services.decide_absence(request=req, approve=True, actor=Actor.for_user(cast.cell_secretary))
    req.refresh_from_db()
    assert req.status == AbsenceStatus.APPROVED
    assert Notification.objects.filter(kind="meeting.absence_decision", recipient=cast.member).exists()
    with pytest.raises(ValidationError):
        services.decide_absence(request=req, approve=False, actor=Actor.for_user(cast.cell_secretary))
    with pytest.raises(ValidationError):  # decided: cannot be rewritten by the member
        services.request_absence(
            meeting=meeting, member=cast.member_member, reason="Khác", actor=Actor.for_user(cast.member)
        )


def test_absence_needs_a_reason_and_a_member_of_the_cell(cast):
    meeting = meeting_of(cast)
    with pytest.raises(ValidationError):
        services.request_absence(
            meeting=meeting, member=cast.member_member, reason="  ", actor=Actor.for_user(cast.member)
        )
    with pytest.raises(ValidationError):
        services.request_absence(
            meeting=meeting, member=cast.outsider_members[0], reason="Ốm", actor=Actor.for_user(cast.outsider)
        )
    assert not meeting.absence_requests.exists()


def test_move_and_cancel_notify_the_invitees(cast):
    meeting = meeting_of(cast)
    with pytest.raises(ValidationError):
        services.move_meeting(
            meeting=meeting, starts_at=at(2026, 3, 20), reason="", actor=Actor.for_user(cast.cell_secretary)
        )
    services.move_meeting(
        meeting=meeting,
        starts_at=at(2026, 3, 20),
        reason="Trùng lịch họp thôn",
        actor=Actor.for_user(cast.cell_secretary),
    )
    meeting.refresh_from_db()
    assert meeting.moved_from == at(2026, 3, 19) and meeting.starts_at == at(2026, 3, 20)
    moved = Notification.objects.filter(kind="meeting.moved")
    assert set(moved.values_list("recipient_id", flat=True)) == {cast.cell_secretary.pk, cast.member.pk}
    assert "20/03/2026" in moved.first().title
    services.cancel_meeting(meeting=meeting, reason="Bão số 3", actor=Actor.for_user(cast.cell_secretary))
    assert Notification.objects.filter(kind="meeting.cancelled").count() == 2
    assert AuditEntry.objects.filter(object_type="meetings.cellmeeting", data__event="cancelled").exists()
    with pytest.raises(ValidationError):
        services.move_meeting(
            meeting=meeting, starts_at=at(2026, 3, 21), reason="x", actor=Actor.for_user(cast.cell_secretary)
        )


def test_reminder_the_day_before_once(cast):
    meeting = meeting_of(cast)
    req = services.request_absence(
        meeting=meeting, member=cast.member_member, reason="Ốm", actor=Actor.for_user(cast.member)
    )
    services.decide_absence(request=req, approve=True, actor=Actor.for_user(cast.cell_secretary))
    assert (
        services.send_reminders(actor=Actor.system("worker:test"), now=at(2026, 3, 17, 7, 0)) == 0
    )  # two days before: not yet
    assert services.send_reminders(actor=Actor.system("worker:test"), now=at(2026, 3, 18, 7, 0)) == 1
    reminded = set(Notification.objects.filter(kind="meeting.reminder").values_list("recipient_id", flat=True))
    assert reminded == {cast.cell_secretary.pk}  # the excused member is not reminded
    assert services.send_reminders(actor=Actor.system("worker:test"), now=at(2026, 3, 18, 9, 0)) == 0


def test_agenda_is_editable_per_meeting(cast):
    meeting = meeting_of(cast)
    first = meeting.agenda_items.order_by("position").first()
    assert first.kind == AgendaKind.DUES
    item = services.add_agenda_item(
        meeting=meeting,
        title="Góp ý dự thảo văn kiện",
        actor=Actor.for_user(cast.cell_secretary),
        material_url="/documents/12/",
    )
    services.move_agenda_item(item=item, step=-1, actor=Actor.for_user(cast.cell_secretary))
    titles = list(meeting.agenda_items.order_by("position").values_list("title", flat=True))
    assert titles[-2] == "Góp ý dự thảo văn kiện"
    services.update_agenda_item(item=first, notes="Thu đủ 4/4 đồng chí", actor=Actor.for_user(cast.cell_secretary))
    services.remove_agenda_item(item=item, actor=Actor.for_user(cast.cell_secretary))
    assert not meeting.agenda_items.filter(title="Góp ý dự thảo văn kiện").exists()
    with pytest.raises(ValidationError):
        services.add_agenda_item(meeting=meeting, title=" ", actor=Actor.for_user(cast.cell_secretary))


def test_reminder_task_runs(cast):
    from sotay.meetings.tasks import daily_reminders

    meeting_of(cast, starts_at=at(2030, 1, 1))
    assert daily_reminders.call().endswith("đã nhắc")


def test_dates_are_local(cast):
    meeting = meeting_of(cast, starts_at=at(2026, 3, 31, 23, 30))
    assert meeting.month == dt.date(2026, 3, 1)


def test_general_meeting_of_a_base_committee_calls_the_whole_subtree(cast):
    """docs/rules/meetings.md#định-kỳ-sinh-hoạt: the đảng bộ cơ sở meets twice a year (mid-year, year-end) — every
    member of its cells."""
    from sotay.meetings import checkin

    meeting = services.create_meeting(
        org=cast.base_a,
        kind="GENERAL",
        starts_at=at(2026, 6, 25),
        title="Hội nghị sơ kết 6 tháng",
        actor=Actor.for_user(cast.commune_committee),
    )
    services.send_invitations(meeting=meeting, actor=Actor.for_user(cast.commune_committee))
    assert list(meeting.invitations.values_list("member__full_name", flat=True)) == ["Hoàng Thị Lan"]
    checkin.open_checkin(meeting=meeting, actor=Actor.for_user(cast.commune_committee))
    with pytest.raises(checkin.CheckinRefused):  # a member of another cell of the commune
        checkin.check_in(
            token=checkin.make_token(meeting, now=at(2026, 6, 25)),
            actor=Actor.for_user(cast.member),
            now=at(2026, 6, 25),
        )


def test_committee_meeting_calls_the_committee_members(cast):
    meeting = services.create_meeting(
        org=cast.cell_a, kind="BOARD", starts_at=at(2026, 3, 10), actor=Actor.for_user(cast.cell_secretary)
    )
    services.send_invitations(meeting=meeting, actor=Actor.for_user(cast.cell_secretary))
    assert list(meeting.invitations.values_list("member__full_name", flat=True)) == ["Trần Thị Bình"]


def test_material_links_are_library_pages_or_web_addresses(cast):
    meeting = meeting_of(cast)
    for bad in ("javascript:alert(1)", "//evil.example/x", "data:text/html,x"):
        with pytest.raises(ValidationError):
            services.add_agenda_item(
                meeting=meeting, title="Tài liệu", material_url=bad, actor=Actor.for_user(cast.cell_secretary)
            )
    item = services.add_agenda_item(
        meeting=meeting, title="Tài liệu", material_url="/documents/7/", actor=Actor.for_user(cast.cell_secretary)
    )
    with pytest.raises(ValidationError):
        services.update_agenda_item(
            item=item, material_url="javascript:alert(1)", actor=Actor.for_user(cast.cell_secretary)
        )
    services.update_agenda_item(
        item=item, material_url="https://dangcongsan.vn/", actor=Actor.for_user(cast.cell_secretary)
    )


def test_temporary_members_attend_the_host_cell_not_their_home_cell(cast):
    """docs/rules/transfers.md#sinh-hoạt-tạm-thời: a member on temporary activity keeps the home record but is called to
    the host cell's meetings; the home cell does not call them while the attachment lasts."""
    from sotay.meetings.models import CellMeeting
    from sotay.members import transfers

    transfer = transfers.issue_transfer(
        member=cast.outsider_members[1],  # of chi bộ tổ dân phố số 3
        kind="TEMPORARY",
        to_org=cast.cell_a,
        letter_number="9-GGT/CB",
        issued_on=dt.date(2026, 2, 2),
        decided_on=dt.date(2026, 2, 2),
        issuing_body="",
        actor=Actor.system("command:test"),
    )
    transfers.receive_transfer(transfer=transfer, received_on=dt.date(2026, 2, 3), actor=Actor.system("command:test"))
    host_meeting = meeting_of(cast)  # 19/03/2026 in chi bộ thôn Đông
    assert cast.outsider_members[1].pk in set(host_meeting.invitations.values_list("member_id", flat=True))
    home = services.create_meeting(
        org=cast.cell_b,
        kind="REGULAR",
        starts_at=at(2026, 3, 20),
        place="Nhà văn hóa",
        actor=Actor.for_user(cast.outsider),
    )
    services.send_invitations(meeting=home, actor=Actor.for_user(cast.outsider))
    assert cast.outsider_members[1].pk not in set(home.invitations.values_list("member_id", flat=True))
    # Before the attachment began, the home cell called them as usual.
    earlier = services.create_meeting(
        org=cast.cell_b,
        kind="REGULAR",
        starts_at=at(2026, 1, 20),
        place="Nhà văn hóa",
        actor=Actor.for_user(cast.outsider),
    )
    services.send_invitations(meeting=earlier, actor=Actor.for_user(cast.outsider))
    assert cast.outsider_members[1].pk in set(earlier.invitations.values_list("member_id", flat=True))
    assert CellMeeting.objects.count() == 3
