"""The navigation and the home page in Chromium on a 360 × 740 phone (issue 14): the 56 px header, the member's
bottom tabs, the staff menu sheet, the one-tap RSVP from home, no horizontal scroll. Taps are counted as the test
clicks; the counts are those of docs/ux.md, and the screenshots go to docs/img/ux/."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from conftest import build_cast
from sotay.dues.models import DuesLiability
from sotay.handbook import services as handbook
from sotay.meetings import services as meetings
from sotay.meetings.models import Invitation, Rsvp
from sotay.orgs.actor import Actor

from .test_browser import browser, login, page  # noqa: F401  (fixtures)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SHOTS = Path(__file__).resolve().parents[3] / "docs" / "img" / "ux"


def _no_horizontal_scroll(page) -> None:  # noqa: F811
    assert page.evaluate("document.documentElement.scrollWidth") <= 360


def _shot(page, name: str) -> None:  # noqa: F811
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.evaluate("window.scrollTo(0, 0)")
    page.screenshot(path=str(SHOTS / f"{name}.png"))


class Taps:
    """Counts the taps of one job."""

    def __init__(self, page):  # noqa: F811
        self.page, self.n = page, 0

    def click(self, locator) -> None:
        locator.click()
        self.n += 1


def test_member_answers_the_invitation_in_one_tap_from_home(page, live_server):  # noqa: F811
    cast = build_cast()
    starts = timezone.localtime().replace(hour=19, minute=30, second=0, microsecond=0) + dt.timedelta(days=2)
    meeting = meetings.create_meeting(
        org=cast.cell_a,
        kind="REGULAR",
        starts_at=starts,
        place="Nhà văn hóa thôn Đông",
        actor=Actor.for_user(cast.cell_secretary),
    )
    meetings.send_invitations(meeting=meeting, actor=Actor.for_user(cast.cell_secretary))
    handbook.publish_announcement(
        organization=cast.cell_a,
        title="Lịch sinh hoạt chi bộ tháng 12",
        body="Nội dung",
        actor=Actor.for_user(cast.cell_secretary),
    )
    DuesLiability.objects.create(
        member=cast.member_member,
        organization=cast.cell_a,
        month=timezone.localdate().replace(day=1),
        amount=30000,
        rule_reference="342-QĐ/TW",
    )
    login(page, live_server, "dangvien")

    header = page.locator(".site-header").bounding_box()
    assert header["height"] <= 57, header  # issue 14: at most about 56 px
    tabs = page.locator("nav.tab-bar")
    expect(tabs).to_be_visible()
    box = tabs.bounding_box()
    assert box["y"] + box["height"] == pytest.approx(740, abs=1)  # at the bottom of the screen
    for name in ("Trang chủ", "Sinh hoạt chi bộ", "Văn bản", "Thông báo, học tập", "Hồ sơ của tôi"):
        expect(tabs.get_by_role("link", name=name)).to_be_visible()
        assert tabs.get_by_role("link", name=name).bounding_box()["height"] >= 44
    expect(tabs.get_by_role("link", name="Trang chủ")).to_have_attribute("aria-current", "page")
    expect(page.locator(".todo-meeting")).to_contain_text("Nhà văn hóa thôn Đông")
    expect(page.locator(".todo-unread")).to_contain_text("Lịch sinh hoạt chi bộ tháng 12")
    expect(page.locator(".todo-dues")).to_contain_text("Còn phải đóng")
    _no_horizontal_scroll(page)
    _shot(page, "member-home")

    rsvp = Taps(page)
    rsvp.click(page.get_by_role("button", name="Tôi sẽ dự"))
    expect(page.get_by_text("Đã ghi nhận trả lời của bạn.")).to_be_visible()
    assert rsvp.n == 1
    assert Invitation.objects.get(meeting=meeting, member=cast.member_member).rsvp == Rsvp.YES

    read = Taps(page)
    page.goto(f"{live_server.url}/")
    expect(page.locator(".todo-meeting")).to_contain_text("Sẽ dự")
    read.click(page.locator(".todo-unread").get_by_role("link", name="Lịch sinh hoạt chi bộ tháng 12"))
    expect(page.get_by_role("heading", name="Lịch sinh hoạt chi bộ tháng 12")).to_be_visible()
    assert read.n == 1
    page.goto(f"{live_server.url}/")
    expect(page.locator(".todo-unread")).to_have_count(0)  # read: gone from home on the next request

    tabs = page.locator("nav.tab-bar")
    tabs.get_by_role("link", name="Sinh hoạt chi bộ").click()
    expect(page.locator("nav.tab-bar").get_by_role("link", name="Sinh hoạt chi bộ")).to_have_attribute(
        "aria-current", "page"
    )
    _no_horizontal_scroll(page)


def test_staff_open_every_section_from_the_menu_sheet_by_keyboard(page, live_server):  # noqa: F811
    build_cast()
    login(page, live_server, "bantochuc")
    expect(page.locator("nav.tab-bar")).to_have_count(0)
    assert page.locator(".site-header").bounding_box()["height"] <= 57
    sheet = page.locator("#menu-sheet")
    expect(sheet).to_be_hidden()
    page.get_by_role("button", name="Menu").focus()
    page.keyboard.press("Enter")
    expect(sheet).to_be_visible()
    for name in ("Tổ chức đảng", "Đảng viên", "Nhật ký", "Tài khoản", "Bảo mật tài khoản", "Hướng dẫn"):
        expect(sheet.get_by_role("link", name=name, exact=True)).to_be_visible()
    _no_horizontal_scroll(page)
    _shot(page, "staff-menu")
    page.keyboard.press("Escape")
    expect(sheet).to_be_hidden()
    taps = Taps(page)
    taps.click(page.get_by_role("button", name="Menu"))
    taps.click(sheet.get_by_role("link", name="Nhật ký", exact=True))
    page.wait_for_url(f"{live_server.url}/audit/")
    assert taps.n == 2
    _no_horizontal_scroll(page)


def test_secretary_home_shows_the_jobs_of_the_day(page, live_server):  # noqa: F811
    cast = build_cast()
    starts = timezone.localtime().replace(hour=19, minute=30, second=0, microsecond=0) + dt.timedelta(days=2)
    meeting = meetings.create_meeting(
        org=cast.cell_a,
        kind="REGULAR",
        starts_at=starts,
        place="Nhà văn hóa",
        actor=Actor.for_user(cast.cell_secretary),
    )
    meetings.send_invitations(meeting=meeting, actor=Actor.for_user(cast.cell_secretary))
    meetings.request_absence(
        meeting=meeting, member=cast.member_member, reason="Đi công tác", actor=Actor.for_user(cast.member)
    )
    login(page, live_server, "chibo")
    expect(page.get_by_role("heading", name="Việc của chi bộ hôm nay")).to_be_visible()
    expect(page.get_by_text("1 đơn")).to_be_visible()
    _no_horizontal_scroll(page)
    _shot(page, "secretary-home")
    taps = Taps(page)
    taps.click(page.get_by_role("link", name="1 đơn"))
    page.wait_for_url(f"{live_server.url}/meetings/{meeting.pk}/")
    assert taps.n == 1
