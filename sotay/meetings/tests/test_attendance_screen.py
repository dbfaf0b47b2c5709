"""The secretary's attendance screen: everyone present, then the exceptions, each tap saved in place (htmx) and
without JavaScript; running counts and the quorum (Điều lệ Đảng Điều 9 khoản 5, `quorum.quorum_met`)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from sotay.audit.models import AuditEntry
from sotay.meetings import services
from sotay.meetings.attendance_views import counts
from sotay.meetings.models import Attendance, AttendanceStatus
from sotay.members.choices import MemberStatus
from sotay.members.tests.factories import MemberFactory
from sotay.orgs.actor import Actor

from .helpers import meeting_of

pytestmark = pytest.mark.django_db


def test_everyone_present_keeps_exempt_and_approved_leave_and_earlier_marks(cast, client):
    exempt = MemberFactory(full_name="Cao Văn Già", organization=cast.cell_a, status=MemberStatus.EXEMPT)
    meeting = meeting_of(cast)
    leave = services.request_absence(
        meeting=meeting, member=cast.others_a[0], reason="Đi công tác", actor=Actor.for_user(cast.cell_secretary)
    )
    services.decide_absence(request=leave, approve=True, actor=Actor.for_user(cast.cell_secretary))
    client.force_login(cast.cell_secretary)
    client.post(
        reverse("meetings:attendance_mark", args=[meeting.pk, cast.others_a[1].pk]), {"status": "ABSENT_UNEXCUSED"}
    )
    response = client.post(reverse("meetings:attendance_all", args=[meeting.pk]))
    assert response.status_code == 302
    status = dict(Attendance.objects.filter(meeting=meeting).values_list("member_id", "status"))
    assert status[cast.member_member.pk] == AttendanceStatus.PRESENT
    assert status[cast.secretary_member.pk] == AttendanceStatus.PRESENT
    assert status[exempt.pk] == AttendanceStatus.EXEMPT
    assert status[cast.others_a[0].pk] == AttendanceStatus.ABSENT_EXCUSED
    assert status[cast.others_a[1].pk] == AttendanceStatus.ABSENT_UNEXCUSED  # the earlier tap is kept
    assert AuditEntry.objects.filter(data__event="mark_all_present").exists()
    c = counts(meeting)
    assert (c.present, c.excused, c.unexcused, c.exempt, c.unmarked) == (2, 1, 1, 1, 0)


def test_a_tap_swaps_the_card_and_the_counts_in_place(cast, client):
    meeting = meeting_of(cast)
    client.force_login(cast.cell_secretary)
    client.post(reverse("meetings:attendance_all", args=[meeting.pk]))
    url = reverse("meetings:attendance_mark", args=[meeting.pk, cast.member_member.pk])
    response = client.post(url, {"status": "ABSENT_EXCUSED", "note": "Ốm"}, HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert response.status_code == 200
    assert f'id="m{cast.member_member.pk}"' in html and "<html" not in html
    assert 'id="att-counts"' in html and 'hx-swap-oob="true"' in html
    att = Attendance.objects.get(meeting=meeting, member=cast.member_member)
    assert att.status == AttendanceStatus.ABSENT_EXCUSED and att.note == "Ốm"


def test_quorum_shown_per_dieu_le_dieu_9_khoan_5(cast, client):
    """Điều lệ Đảng Điều 9 khoản 5: more than half of the members who count must be present."""
    meeting = meeting_of(cast)  # four official members in cell_a
    client.force_login(cast.cell_secretary)
    for m, s in [(cast.member_member, "PRESENT"), (cast.secretary_member, "PRESENT")]:
        client.post(reverse("meetings:attendance_mark", args=[meeting.pk, m.pk]), {"status": s})
    for m in cast.others_a:
        client.post(reverse("meetings:attendance_mark", args=[meeting.pk, m.pk]), {"status": "ABSENT_UNEXCUSED"})
    page = client.get(reverse("meetings:attendance", args=[meeting.pk])).content.decode()
    assert "Chưa đủ số lượng để biểu quyết: 2/4" in page  # 2 of 4 is not more than half
    client.post(reverse("meetings:attendance_mark", args=[meeting.pk, cast.others_a[0].pk]), {"status": "PRESENT"})
    page = client.get(reverse("meetings:attendance", args=[meeting.pk])).content.decode()
    assert "Đủ số lượng để biểu quyết: 3/4" in page


def test_bad_status_is_refused_clearly_and_changes_nothing(cast, client):
    meeting = meeting_of(cast)
    client.force_login(cast.cell_secretary)
    url = reverse("meetings:attendance_mark", args=[meeting.pk, cast.member_member.pk])
    response = client.post(url, {"status": "EXEMPT"}, HTTP_HX_REQUEST="true")  # not an exempt member
    assert "không được miễn sinh hoạt" in response.content.decode()
    assert not Attendance.objects.filter(meeting=meeting, member=cast.member_member).exists()
    response = client.post(url, {"status": "NONSENSE"}, HTTP_HX_REQUEST="true")
    assert "Điểm danh không hợp lệ." in response.content.decode()
    assert not Attendance.objects.filter(meeting=meeting).exists()


def test_outsiders_and_members_get_404(cast, client):
    meeting = meeting_of(cast)
    client.force_login(cast.outsider)
    assert client.get(reverse("meetings:attendance", args=[meeting.pk])).status_code == 404
    assert client.post(reverse("meetings:attendance_all", args=[meeting.pk])).status_code == 404
    client.force_login(cast.member)
    assert client.get(reverse("meetings:attendance", args=[meeting.pk])).status_code == 404
    client.force_login(cast.cell_secretary)
    other = reverse("meetings:attendance_mark", args=[meeting.pk, cast.outsider_members[0].pk])
    assert client.post(other, {"status": "PRESENT"}).status_code == 404
    assert not Attendance.objects.filter(meeting=meeting).exists()


def test_meeting_list_pages_and_xem_them_brings_the_next_cards_in_place(cast, client):
    import datetime as dt

    from .helpers import at

    for i in range(25):
        meeting_of(cast, starts_at=at(2026, 1, 1) + dt.timedelta(days=i), invite=False)
    client.force_login(cast.cell_secretary)
    url = reverse("meetings:list") + f"?org={cast.cell_a.pk}"
    page = client.get(url).content.decode()
    assert page.count('class="card"><a href="/meetings/') == 20 and "Xem thêm" in page
    more = client.get(url + "&page=2", HTTP_HX_REQUEST="true").content.decode()
    assert "<html" not in more and more.count('class="card"><a href="/meetings/') == 5 and "Xem thêm" not in more


def test_offline_list_carries_the_members_next_invitation(cast, client):
    import datetime as dt

    from django.utils import timezone

    soon = meeting_of(cast, starts_at=timezone.now() + dt.timedelta(days=3))
    client.force_login(cast.member)
    urls = client.get(reverse("documents:offline_list")).json()["urls"]
    assert reverse("meetings:detail", args=[soon.pk]) in urls
    assert reverse("web:home") in urls and reverse("meetings:mine") in urls
