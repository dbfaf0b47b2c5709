"""The home page as "what to do now" (issue 14) and its per-user cache under the home stamp (issue 13, P4)."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from conftest import build_cast
from sotay.dues.models import DuesLiability
from sotay.dues.services import record_dues_payment
from sotay.handbook import services as handbook
from sotay.handbook.models import Announcement
from sotay.meetings import services as meetings
from sotay.meetings.models import Invitation, Rsvp
from sotay.orgs.actor import Actor
from sotay.web import stamps
from sotay.web.home import valid_until


def _meeting(cast, days=2):
    starts = timezone.localtime().replace(hour=19, minute=30, second=0, microsecond=0) + dt.timedelta(days=days)
    meeting = meetings.create_meeting(
        org=cast.cell_a,
        kind="REGULAR",
        starts_at=starts,
        place="Nhà văn hóa thôn Đông",
        actor=Actor.for_user(cast.cell_secretary),
    )
    meetings.send_invitations(meeting=meeting, actor=Actor.for_user(cast.cell_secretary))
    return meeting


def _owe(cast, amount=30000):
    month = timezone.localdate().replace(day=1)
    return DuesLiability.objects.create(
        member=cast.member_member, organization=cast.cell_a, month=month, amount=amount, rule_reference="342-QĐ/TW"
    )


def _home(client) -> str:
    response = client.get(reverse("web:home"))
    assert response.status_code == 200
    return response.content.decode()


def test_member_home_lists_the_next_meeting_unread_notices_and_dues_in_order(client, cast):
    meeting = _meeting(cast)
    handbook.publish_announcement(
        organization=cast.cell_a,
        title="Họp chi bộ tháng này",
        body="Nội dung",
        actor=Actor.for_user(cast.cell_secretary),
    )
    _owe(cast)
    client.force_login(cast.member)
    html = _home(client)
    assert "Tôi sẽ dự" in html and reverse("meetings:rsvp", args=[meeting.pk]) in html
    assert "Họp chi bộ tháng này" in html
    assert "Còn phải đóng" in html and ("30.000" in html or "30,000" in html)
    # The order of issue 14: meeting, then notices, then dues.
    assert html.index("todo-meeting") < html.index("todo-unread") < html.index("todo-dues")
    # The ID card moved to "Tôi": the home page does not show the citizen number block any more.
    assert "Số định danh" not in html


def test_the_rsvp_is_one_tap_from_home(client, cast):
    meeting = _meeting(cast)
    client.force_login(cast.member)
    html = _home(client)
    form = re.search(
        r'<form method="post" action="([^"]+)"><input type="hidden" name="csrfmiddlewaretoken" value="([^"]+)">'
        r'<input type="hidden" name="answer" value="YES">',
        html,
    )
    assert form is not None and form.group(1) == reverse("meetings:rsvp", args=[meeting.pk])
    assert "__sotay_csrf_token__" not in html
    client.post(form.group(1), {"answer": "YES"})
    assert Invitation.objects.get(meeting=meeting, member=cast.member_member).rsvp == Rsvp.YES
    html = _home(client)
    assert "Sẽ dự" in html and 'name="answer" value="YES"' not in html


def test_a_member_with_nothing_to_do_is_told_so(client, cast):
    client.force_login(cast.member)
    assert "Bạn không có việc gì cần làm ngay" in _home(client)


def test_secretary_sees_the_jobs_of_the_day(client, cast):
    meeting = _meeting(cast)
    meetings.request_absence(
        meeting=meeting, member=cast.member_member, reason="Đi công tác", actor=Actor.for_user(cast.member)
    )
    _owe(cast)
    client.force_login(cast.cell_secretary)
    html = _home(client)
    assert "Việc của chi bộ hôm nay" in html
    assert "Đơn xin vắng chờ quyết định" in html and "1 đơn" in html
    assert "Chưa đóng đảng phí tháng này" in html and "1 đảng viên" in html


def test_staff_without_a_member_record_get_the_menu_and_shortcuts_not_the_tabs(client, cast):
    client.force_login(cast.provincial_officer)
    html = _home(client)
    assert 'class="tab-bar"' not in html
    assert 'id="menu-sheet"' in html and "Nhật ký" in html
    assert 'class="shortcuts"' in html


def test_members_get_the_bottom_tabs_with_the_current_one_marked(client, cast):
    client.force_login(cast.member)
    html = _home(client)
    bar = html[html.index('class="tab-bar"') :]
    assert (
        bar.index("Trang chủ")
        < bar.index("Sinh hoạt")
        < bar.index("Văn bản")
        < bar.index("Thông báo")
        < bar.index("Tôi")
    )
    assert re.search(r'<a href="/" aria-label="Trang chủ" aria-current="page">', bar)


def test_valid_until_is_the_next_clock_change():
    now = timezone.make_aware(dt.datetime(2026, 3, 19, 10, 0))
    assert valid_until(None, now) == timezone.make_aware(dt.datetime(2026, 3, 20, 0, 0))


@pytest.mark.django_db(transaction=True)
def test_cached_home_shows_each_change_on_the_next_request(client):
    """The panels are cached per user under the home stamp; every write that changes them moves the stamp after
    its commit, so the next request shows the change (correctness before speed, issue 13 P4)."""
    cast = build_cast()
    client.force_login(cast.member)
    first = _home(client)
    assert "Bạn không có việc gì cần làm ngay" in first
    assert _home(client) == first or "Bạn không có việc gì cần làm ngay" in _home(client)  # a cache hit

    handbook.publish_announcement(
        organization=cast.cell_a, title="Thông báo mới", body="Nội dung", actor=Actor.for_user(cast.cell_secretary)
    )
    assert "Thông báo mới" in _home(client)

    announcement = Announcement.objects.get(title="Thông báo mới")
    client.get(reverse("handbook:announcement", args=[announcement.pk]))  # read: leaves the unread list
    assert "Thông báo mới" not in _home(client)

    meeting = _meeting(cast)
    assert reverse("meetings:rsvp", args=[meeting.pk]) in _home(client)

    _owe(cast, 25000)
    assert "Còn phải đóng" in _home(client)
    record_dues_payment(
        member=cast.member_member,
        month=timezone.localdate().replace(day=1),
        amount=25000,
        paid_on=timezone.localdate(),
        channel="CASH",
        actor=Actor.for_user(cast.cell_secretary),
    )
    assert "Còn phải đóng" not in _home(client)


@pytest.mark.django_db(transaction=True)
def test_a_cached_member_home_costs_few_queries(client):
    cast = build_cast()
    _meeting(cast)
    client.force_login(cast.member)
    _home(client)  # fills the cache
    with CaptureQueriesContext(connection) as queries:
        _home(client)
    tables = [q["sql"].split(" FROM ")[1].split()[0] for q in queries.captured_queries if " FROM " in q["sql"]]
    assert '"meetings_invitation"' not in tables and '"handbook_announcement"' not in tables
    assert len(queries.captured_queries) <= 7, tables


@pytest.mark.django_db(transaction=True)
def test_the_stamp_does_not_move_on_a_rolled_back_write():
    from django.db import transaction

    cast = build_cast()
    before = stamps.current()
    with pytest.raises(RuntimeError), transaction.atomic():
        _owe(cast)
        raise RuntimeError
    assert stamps.current() == before
    _owe(cast)
    assert stamps.current() != before


@pytest.mark.django_db(transaction=True)
def test_a_cached_member_home_reads_the_user_the_grants_the_stamp_and_the_unread_count_only(client):
    """P4: the signed-in request costs the user (with the member's name), the grants, the home stamp and the unread
    count; the session comes from the shared cache and nothing is written."""
    cast = build_cast()
    _meeting(cast)
    client.force_login(cast.member, backend="sotay.accounts.backends.UsernameOrPhoneBackend")
    _home(client)  # fills the cache
    with CaptureQueriesContext(connection) as queries:
        html = _home(client)
    sqls = [q["sql"] for q in queries.captured_queries]
    tables = [sql.split(" FROM ")[1].split()[0].strip('"`') for sql in sqls if " FROM " in sql]
    assert sorted(tables) == sorted(
        ["accounts_user", "orgs_rolegrant", "web_homeversion", "notifications_notification"]
    )
    assert all(sql.lstrip().upper().startswith("SELECT") for sql in sqls), sqls
    assert cast.member.member.full_name in html


@pytest.mark.django_db(transaction=True)
def test_a_member_home_page_is_served_from_the_cache_with_each_browsers_own_csrf_token(monkeypatch):
    """P4: the whole member home page is cached per user and not rendered again; it is stored with a mark, never with
    one browser's CSRF token, so the same member on a second phone can still answer an invitation from it."""
    from django.test import Client

    from sotay.web import views
    from sotay.web.home import CSRF_MARK

    cast = build_cast()
    meeting = _meeting(cast)
    first, second = Client(enforce_csrf_checks=True), Client(enforce_csrf_checks=True)
    first.force_login(cast.member)
    second.force_login(cast.member)
    _home(first)  # renders and fills the cache

    def no_render(*args, **kwargs):
        raise AssertionError("the cached page was rendered again")

    monkeypatch.setattr(views, "render", no_render)
    html = _home(second)
    assert CSRF_MARK not in html
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)
    response = second.post(reverse("meetings:rsvp", args=[meeting.pk]), {"answer": "YES", "csrfmiddlewaretoken": token})
    assert response.status_code == 302  # 403 if the page carried the first phone's token
    assert Invitation.objects.get(meeting=meeting, member=cast.member_member).rsvp == Rsvp.YES


@pytest.mark.django_db(transaction=True)
def test_the_cached_member_home_page_shows_messages_and_each_change(client):
    """A page with a message to show is rendered, not cached, and the message shows once; the answer just given
    shows at once, because the RSVP moved the home stamp."""
    cast = build_cast()
    meeting = _meeting(cast)
    client.force_login(cast.member)
    rsvp_url = reverse("meetings:rsvp", args=[meeting.pk])
    assert rsvp_url in _home(client)
    assert rsvp_url in _home(client)  # from the cache
    client.post(rsvp_url, {"answer": "YES"})  # the redirect is not followed: the message waits for the next page
    shown = _home(client)
    assert "Đã ghi nhận trả lời của bạn." in shown
    assert rsvp_url not in shown and "Bạn đã trả lời" in shown
    again = _home(client)
    assert "Đã ghi nhận trả lời của bạn." not in again and "Bạn đã trả lời" in again
