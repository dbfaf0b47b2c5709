"""Check-in codes are offered only inside the check-in window, and the window is shown (issue 14, "Secretary's
meeting screen"; its minutes are unconfirmed parameters, docs/rules/meetings.md#tham-số-chưa-xác-nhận)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from sotay.meetings import checkin
from sotay.orgs.actor import Actor

from .helpers import meeting_of

pytestmark = pytest.mark.django_db


def test_window_is_before_start_to_after_end(cast):
    meeting = meeting_of(cast, invite=False)
    opens, closes = checkin.window(meeting)
    assert opens == meeting.starts_at - dt.timedelta(minutes=120)
    assert closes == meeting.ends_at + dt.timedelta(minutes=120)
    assert checkin.in_window(meeting, opens) and checkin.in_window(meeting, closes)
    assert not checkin.in_window(meeting, opens - dt.timedelta(seconds=1))


def test_outside_the_window_no_code_is_shown_and_the_window_is(cast, client):
    meeting = meeting_of(cast, invite=False)  # 19/03/2026: over
    checkin.open_checkin(meeting=meeting, actor=Actor.for_user(cast.cell_secretary))
    client.force_login(cast.cell_secretary)
    page = client.get(reverse("meetings:checkin", args=[meeting.pk])).content.decode()
    assert "Đã hết giờ điểm danh" in page and "Giờ điểm danh: từ 17:30 19/03/2026" in page
    assert "Mã QR điểm danh" not in page and "/meetings/c/" not in page
    detail = client.get(reverse("meetings:detail", args=[meeting.pk])).content.decode()
    assert "Điểm danh bằng mã QR" not in detail and "Màn hình điểm danh" not in detail
    assert "Mã QR điểm danh: từ 17:30 19/03/2026" in detail


def test_too_early_says_so(cast, client):
    meeting = meeting_of(cast, starts_at=timezone.now() + dt.timedelta(days=3), invite=False)
    client.force_login(cast.cell_secretary)
    page = client.get(reverse("meetings:checkin", args=[meeting.pk])).content.decode()
    assert "Chưa đến giờ điểm danh" in page


def test_inside_the_window_the_code_is_offered(cast, client):
    meeting = meeting_of(cast, starts_at=timezone.now() - dt.timedelta(minutes=5), invite=False)
    client.force_login(cast.cell_secretary)
    detail = client.get(reverse("meetings:detail", args=[meeting.pk])).content.decode()
    assert "Điểm danh bằng mã QR" in detail
    checkin.open_checkin(meeting=meeting, actor=Actor.for_user(cast.cell_secretary))
    page = client.get(reverse("meetings:checkin", args=[meeting.pk])).content.decode()
    assert "Mã QR điểm danh" in page and "/meetings/c/" in page and "giờ điểm danh:" not in page
