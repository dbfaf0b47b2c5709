"""Meeting pages: scoping (outsiders get 404), the secretary's flow, the member's scan, the iCalendar feed."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from sotay.meetings import checkin, services
from sotay.meetings.models import Attendance, AttendanceStatus, CellMeeting, MeetingSchedule
from sotay.notifications.models import Notification
from sotay.orgs.actor import Actor

from .helpers import at, meeting_of

pytestmark = pytest.mark.django_db


def test_outsider_gets_404_everywhere(cast, client):
    meeting = meeting_of(cast)
    client.force_login(cast.outsider)
    for name in ("detail", "checkin", "minutes", "move", "cancel"):
        assert client.get(reverse(f"meetings:{name}", args=[meeting.pk])).status_code == 404
    assert client.get(reverse("meetings:list"), {"org": cast.cell_a.pk}).status_code == 404
    assert client.post(reverse("meetings:invite", args=[meeting.pk])).status_code == 404
    assert client.get(reverse("meetings:document", args=[meeting.pk, "minutes", "docx"])).status_code == 404
    client.force_login(cast.member)  # a member sees the meeting, but cannot run it
    assert client.get(reverse("meetings:detail", args=[meeting.pk])).status_code == 200
    assert client.get(reverse("meetings:checkin", args=[meeting.pk])).status_code == 404
    assert client.get(reverse("meetings:minutes", args=[meeting.pk])).status_code == 404


def test_secretary_sets_schedule_and_creates_this_month(cast, client):
    client.force_login(cast.cell_secretary)
    url = reverse("meetings:schedule", args=[cast.cell_a.pk])
    assert client.get(url).status_code == 200
    data = {"weekday": 3, "week": 3, "start_time": "19:30", "duration_minutes": 120, "place": "Nhà văn hóa"}
    assert client.post(url, data).status_code == 302
    assert MeetingSchedule.objects.get(organization=cast.cell_a, is_active=True).week == 3
    page = client.get(reverse("meetings:list"), {"org": cast.cell_a.pk}).content.decode()
    assert "Thứ Năm" in page and "19:30" in page
    response = client.post(reverse("meetings:generate", args=[cast.cell_a.pk]))
    meeting = CellMeeting.objects.get(organization=cast.cell_a)
    assert response.status_code == 302 and response.url == reverse("meetings:detail", args=[meeting.pk])


def test_create_meeting_with_dd_mm_yyyy(cast, client):
    client.force_login(cast.cell_secretary)
    url = reverse("meetings:create", args=[cast.cell_a.pk])
    data = {
        "kind": "THEMATIC",
        "title": "Học tập Nghị quyết",
        "day": "16/04/2026",
        "time": "19:30",
        "place": "Hội trường",
    }
    assert client.post(url, data).status_code == 302
    meeting = CellMeeting.objects.get(kind="THEMATIC")
    page = client.get(reverse("meetings:detail", args=[meeting.pk])).content.decode()
    assert "16/04/2026" in page and "Nội dung chuyên đề" in page


def test_member_answers_and_asks_to_be_absent(cast, client):
    meeting = meeting_of(cast)
    client.force_login(cast.member)
    assert client.post(reverse("meetings:rsvp", args=[meeting.pk]), {"answer": "YES"}).status_code == 302
    assert client.post(reverse("meetings:absence", args=[meeting.pk]), {"reason": "Đi viện"}).status_code == 302
    req = meeting.absence_requests.get()
    client.force_login(cast.cell_secretary)
    page = client.get(reverse("meetings:detail", args=[meeting.pk])).content.decode()
    assert "Đi viện" in page
    client.post(reverse("meetings:absence_decide", args=[req.pk]), {"decision": "approve"})
    req.refresh_from_db()
    assert req.status == "APPROVED"


def test_checkin_screen_shows_a_qr_code_and_the_member_checks_in(cast, client):
    from django.utils import timezone

    meeting = meeting_of(cast, starts_at=timezone.now())
    client.force_login(cast.cell_secretary)
    url = reverse("meetings:checkin", args=[meeting.pk])
    client.post(url, {"action": "open"})
    page = client.get(url).content.decode()
    assert 'src="data:image/svg+xml' in page
    scan_url = re.search(r'href="(http://testserver/meetings/c/[^"]+)"', page).group(1)
    client.force_login(cast.member)
    confirm = client.get(scan_url)
    assert confirm.status_code == 200 and "Xác nhận có mặt" in confirm.content.decode()
    done = client.post(scan_url)
    assert done.status_code == 200 and "Bạn đã có mặt" in done.content.decode()
    again = client.post(scan_url)
    assert again.status_code == 400 and "đã điểm danh" in again.content.decode()
    client.force_login(cast.outsider)
    other = client.post(scan_url)
    assert other.status_code == 400 and "không điểm danh được" in other.content.decode()
    assert Attendance.objects.filter(meeting=meeting, status=AttendanceStatus.PRESENT).count() == 1


def test_scan_needs_login_and_refuses_a_forged_code(cast, client):
    meeting = meeting_of(cast)
    checkin.open_checkin(meeting=meeting, actor=Actor.for_user(cast.cell_secretary))
    url = reverse("meetings:scan", args=[checkin.make_token(meeting)])
    response = client.get(url)
    assert response.status_code == 302 and "/accounts/login/" in response.url
    client.force_login(cast.member)
    bad = client.post(reverse("meetings:scan", args=["gia-mao"]))
    assert bad.status_code == 400 and "không hợp lệ" in bad.content.decode()


def test_manual_marking_from_the_meeting_page(cast, client):
    meeting = meeting_of(cast)
    client.force_login(cast.cell_secretary)
    url = reverse("meetings:mark", args=[meeting.pk, cast.member_member.pk])
    client.post(url, {"status": "PRESENT", "late": "on"})
    att = Attendance.objects.get(meeting=meeting, member=cast.member_member)
    assert att.status == "PRESENT" and att.late and att.method == "MANUAL"
    outsider_url = reverse("meetings:mark", args=[meeting.pk, cast.outsider_members[0].pk])
    assert client.post(outsider_url, {"status": "PRESENT"}).status_code == 404


def test_move_page_notifies(cast, client):
    meeting = meeting_of(cast)
    client.force_login(cast.cell_secretary)
    data = {"day": "20/03/2026", "time": "19:30", "reason": "Trùng họp thôn"}
    assert client.post(reverse("meetings:move", args=[meeting.pk]), data).status_code == 302
    assert Notification.objects.filter(kind="meeting.moved", recipient=cast.member).exists()
    assert client.post(reverse("meetings:move", args=[meeting.pk]), {"day": "x"}).status_code == 400


def test_ical_feed_works_without_login_at_the_secret_url(cast, client):
    meeting_of(cast)
    client.force_login(cast.member)
    page = client.get(reverse("meetings:mine")).content.decode()
    feed_url = re.search(r"(http://testserver/meetings/ical/[^<]+\.ics)", page).group(1)
    client.logout()
    response = client.get(feed_url)
    assert response.status_code == 200 and response["Content-Type"].startswith("text/calendar")
    from icalendar import Calendar

    cal = Calendar.from_ical(response.content)
    events = [c for c in cal.walk("VEVENT")]
    assert len(events) == 1 and "Chi bộ thôn Đông" in str(events[0]["summary"])
    assert client.get(feed_url.replace(".ics", "x.ics")).status_code == 404
    services.cancel_meeting(meeting=CellMeeting.objects.get(), reason="Bão", actor=Actor.for_user(cast.cell_secretary))
    assert b"STATUS:CANCELLED" in client.get(feed_url).content
    client.force_login(cast.member)
    client.post(reverse("meetings:reset_feed"))
    client.logout()
    assert client.get(feed_url).status_code == 404


def test_navigation_and_organisation_page_link(cast, client):
    client.force_login(cast.cell_secretary)
    home = client.get("/").content.decode()
    assert f'href="{reverse("meetings:list")}"' in home and "Sinh hoạt chi bộ" in home
    org_page = client.get(reverse("web:org_detail", args=[cast.cell_a.pk])).content.decode()
    assert f"{reverse('meetings:list')}?org={cast.cell_a.pk}" in org_page
    client.force_login(cast.member)
    assert f'href="{reverse("meetings:mine")}"' in client.get("/").content.decode()


def test_demo_meetings_for_the_demo_commune(db):
    """The demo generator's meetings module: schedules, held months with attendance, this month's invitations."""
    import datetime as dt

    from sotay.demo.generator.meetings import add_demo_meetings
    from sotay.meetings import stats
    from sotay.members.tests.factories import MemberFactory
    from sotay.orgs.models import Role, RoleGrant
    from sotay.orgs.tests.factories import cell, commune, province

    prov = province(code="DM")
    com = commune(prov, name="Đảng bộ xã Demo", code="DM.1")
    cells = [cell(com, name=f"Chi bộ thôn {n}", code=f"DM.1.{n}") for n in range(1, 5)]
    members = [MemberFactory(full_name=f"Nguyễn Văn {c}", organization=o) for o in cells for c in "ABC"]
    from sotay.accounts.models import User

    user = User.objects.create_user(username="chibo", password="x", member=members[0])
    RoleGrant.objects.create(user=user, organization=cells[0], role=Role.CELL_COMMITTEE)
    assert add_demo_meetings(dt.date(2026, 3, 15)) == 4 + 4 + 4 + 3  # Dec–Mar; the fourth cell skips February
    rows = {r.cell.code: r for r in stats.oversight(com, dt.date(2026, 2, 1), today=dt.date(2026, 3, 15))}
    assert rows["DM.1.1"].held and rows["DM.1.1"].minutes_overdue and not rows["DM.1.4"].held
    from sotay.meetings.models import CellMeeting, Minutes

    march = CellMeeting.objects.get(organization=cells[0], month=dt.date(2026, 3, 1))
    assert march.status == "PLANNED" and march.invitations.count() == 3
    assert Minutes.objects.filter(meeting__organization=cells[1], is_final=True).count() == 3
    assert stats.attendance_stats(com, stats.Period("quarter", 2026, 1)).total.expected > 0


def test_invitations_with_the_committee_above_as_guests(cast, client):
    meeting = meeting_of(cast, invite=False)
    client.force_login(cast.cell_secretary)
    client.post(reverse("meetings:invite", args=[meeting.pk]), {"with_guests": "1"})
    assert meeting.invitations.filter(guest=cast.commune_committee).exists()
    assert meeting.invitations.filter(member__isnull=False).count() == 4
    client.force_login(cast.commune_committee)
    assert client.get(reverse("meetings:detail", args=[meeting.pk])).status_code == 200


def test_agenda_material_upload_is_served_only_to_the_meeting(cast, client, settings, tmp_path):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from sotay.core.tests.samples import blank_pdf

    settings.PRIVATE_ROOT = tmp_path
    meeting = meeting_of(cast)
    client.force_login(cast.cell_secretary)
    url = reverse("meetings:agenda_add", args=[meeting.pk])
    bad = SimpleUploadedFile("virus.exe", b"MZ", content_type="application/octet-stream")
    assert client.post(url, {"title": "Tài liệu", "kind": "OTHER", "material_file": bad}).status_code == 400
    pdf = SimpleUploadedFile("nghi-quyet.pdf", blank_pdf(), content_type="application/pdf")
    assert (
        client.post(url, {"title": "Nghị quyết mới", "kind": "CURRENT_AFFAIRS", "material_file": pdf}).status_code
        == 302
    )
    item = meeting.agenda_items.get(title="Nghị quyết mới")
    client.force_login(cast.member)
    response = client.get(reverse("meetings:material", args=[item.pk]))
    assert response.status_code == 200 and b"".join(response.streaming_content) == blank_pdf()
    assert (tmp_path / "meetings" / item.material_file.name).is_file()  # private storage, not MEDIA_ROOT
    client.force_login(cast.outsider)
    assert client.get(reverse("meetings:material", args=[item.pk])).status_code == 404


def test_oversight_and_statistics_pages_do_not_query_per_cell(cast, client):
    """The committee's pages run a fixed number of queries however many cells the subtree has."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from sotay.orgs.tests.factories import cell

    client.force_login(cast.provincial_officer)
    urls = [
        (reverse("meetings:oversight"), {"org": cast.province.pk, "month": "2026-03"}),
        (reverse("meetings:statistics"), {"org": cast.province.pk, "period": "year", "year": 2026}),
    ]

    def counts():
        result = []
        for url, params in urls:
            with CaptureQueriesContext(connection) as ctx:
                assert client.get(url, params).status_code == 200
            result.append(len(ctx.captured_queries))
        return result

    meeting = meeting_of(cast, starts_at=at(2026, 3, 19))
    from sotay.meetings import checkin

    checkin.close_checkin(meeting=meeting, actor=Actor.for_user(cast.cell_secretary))
    counts()  # fills the per-process caches (rules, working calendar)
    before = counts()
    for n in range(6):
        extra = cell(cast.commune_b, name=f"Chi bộ thôn {n}", code=f"HY.B.X{n}")
        m = services.create_meeting(
            org=extra, kind="REGULAR", starts_at=at(2026, 3, 12), actor=Actor.for_user(cast.provincial_officer)
        )
        checkin.close_checkin(meeting=m, actor=Actor.for_user(cast.provincial_officer))
    assert counts() == before


def test_checkin_screen_refreshes_the_code_in_place_with_htmx(cast, client):
    import datetime as dt

    from django.utils import timezone

    meeting = meeting_of(cast, starts_at=timezone.now() - dt.timedelta(minutes=5))  # inside the check-in window
    client.force_login(cast.cell_secretary)
    url = reverse("meetings:checkin", args=[meeting.pk])
    client.post(url, {"action": "open"})
    partial = client.get(url, HTTP_HX_REQUEST="true").content.decode()
    assert partial.lstrip().startswith('<div id="live"') and "<html" not in partial
    assert 'src="data:image/svg+xml' in partial


def test_committee_meetings_are_seen_by_the_committee_only(cast, client):
    board = services.create_meeting(
        org=cast.cell_a, kind="BOARD", starts_at=at(2026, 3, 10), actor=Actor.for_user(cast.cell_secretary)
    )
    services.send_invitations(meeting=board, actor=Actor.for_user(cast.cell_secretary))
    client.force_login(cast.member)
    assert client.get(reverse("meetings:detail", args=[board.pk])).status_code == 404
    general = services.create_meeting(
        org=cast.base_a, kind="GENERAL", starts_at=at(2026, 6, 25), actor=Actor.for_user(cast.commune_committee)
    )
    services.send_invitations(meeting=general, actor=Actor.for_user(cast.commune_committee))
    from sotay.accounts.models import User

    teacher = User.objects.create_user(username="giaovien", password="x", member=cast.teacher)
    client.force_login(teacher)  # a member of a cell under the đảng bộ cơ sở, called to its general meeting
    assert client.get(reverse("meetings:detail", args=[general.pk])).status_code == 200


def test_agenda_notes_from_the_minutes_page_return_there(cast, client):
    meeting = meeting_of(cast)
    item = meeting.agenda_items.get(kind="REVIEW")
    client.force_login(cast.cell_secretary)
    url = reverse("meetings:agenda_edit", args=[item.pk]) + "?from=minutes"
    data = {"title": item.title, "kind": item.kind, "notes": "Đã hoàn thành 3/4 nhiệm vụ.", "conclusion": "Tốt"}
    response = client.post(url, data)
    assert response.status_code == 302 and response.url.startswith(reverse("meetings:minutes", args=[meeting.pk]))
    item.refresh_from_db()
    assert item.notes == "Đã hoàn thành 3/4 nhiệm vụ." and item.conclusion == "Tốt"


def test_my_meetings_show_my_answer(cast, client):
    import datetime as dt

    from django.utils import timezone

    meeting = meeting_of(cast, starts_at=timezone.now() + dt.timedelta(days=3))
    services.respond(meeting=meeting, member=cast.member_member, answer="YES", actor=Actor.for_user(cast.member))
    client.force_login(cast.member)
    page = client.get(reverse("meetings:mine")).content.decode()
    assert "Trả lời của tôi:" in page and "Sẽ dự" in page
