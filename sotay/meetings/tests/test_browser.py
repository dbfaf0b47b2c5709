"""The secretary's check-in in a real headless Chromium (Debian's /usr/bin/chromium), two phones at 360 px."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import expect

from conftest import build_cast
from sotay.orgs.actor import Actor
from sotay.web.tests import test_browser as shared

browser = shared.browser  # the shared Chromium fixture (Debian's chromium, headless)
login = shared.login
SHOTS = Path(__file__).resolve().parents[3] / "var" / "screenshots"

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def phone(browser):
    return browser.new_context(viewport={"width": 360, "height": 740}, locale="vi-VN").new_page()


def fits(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth") <= 360


def test_secretary_opens_check_in_and_the_member_checks_in_by_qr(browser, live_server):
    import datetime as dt

    from django.utils import timezone

    from sotay.meetings import services

    cast = build_cast()
    SHOTS.mkdir(parents=True, exist_ok=True)
    meeting = services.create_meeting(
        org=cast.cell_a,
        kind="REGULAR",
        starts_at=timezone.now() - dt.timedelta(minutes=5),
        place="Nhà văn hóa thôn Đông",
        actor=Actor.for_user(cast.cell_secretary),
    )

    secretary = phone(browser)
    login(secretary, live_server, "chibo")
    secretary.get_by_role("link", name="Sinh hoạt chi bộ", exact=True).first.click()
    secretary.get_by_role(
        "link",
        name=meeting.starts_at.astimezone(timezone.get_current_timezone()).strftime("%d/%m/%Y %H:%M"),
        exact=False,
    ).first.click()
    secretary.get_by_role("button", name="Gửi giấy mời").click()
    expect(secretary.locator("#messages")).to_contain_text("Đã gửi 4 giấy mời")
    assert fits(secretary)
    secretary.screenshot(path=str(SHOTS / "meeting-invited.png"), full_page=True)
    secretary.get_by_role("link", name="Điểm danh bằng mã QR").click()
    secretary.get_by_role("button", name="Mở điểm danh").click()
    qr = secretary.get_by_role("img", name="Mã QR điểm danh")
    expect(qr).to_be_visible()
    assert fits(secretary)
    secretary.screenshot(path=str(SHOTS / "meeting-checkin-qr.png"), full_page=True)
    scan_url = secretary.locator("#qr-url").get_attribute("href")
    assert "/meetings/c/" in scan_url

    member = phone(browser)
    login(member, live_server, "dangvien")
    member.get_by_role("link", name="Sinh hoạt chi bộ", exact=True).first.click()
    expect(member.get_by_role("main")).to_contain_text("Nhà văn hóa thôn Đông")  # the invitation's meeting
    member.goto(scan_url)  # what the phone camera opens from the QR code
    member.get_by_role("button", name="Xác nhận có mặt").click()
    expect(member.locator("#done")).to_contain_text("Bạn đã có mặt")
    assert fits(member)
    member.screenshot(path=str(SHOTS / "meeting-checked-in.png"), full_page=True)

    secretary.goto(scan_url)  # the secretary checks herself in with the same code
    secretary.get_by_role("button", name="Xác nhận có mặt").click()
    # The answer must be in before going back: going back while the check-in's own navigation is under way raced
    # with it in Chromium ("Not attached to an active page", once in three PostgreSQL runs).
    expect(secretary.locator("#done")).to_contain_text("Bạn đã có mặt")
    secretary.go_back()
    secretary.go_back()
    secretary.reload()
    expect(secretary.locator("#present")).to_contain_text("Nguyễn Văn Ấn")
    expect(secretary.locator("#present")).to_contain_text("Trần Thị Bình")
    secretary.get_by_role("button", name="Kết thúc điểm danh").click()
    expect(secretary.locator("#attendance")).to_contain_text("Có mặt 2/4")
    assert fits(secretary)
    secretary.screenshot(path=str(SHOTS / "meeting-attendance.png"), full_page=True)

    member.goto(scan_url)  # the same code after closing: refused
    expect(member.locator("#refused")).to_contain_text("đã đóng")

    # The rest of the month's flow on the same phone: minutes, approval, the files.
    secretary.get_by_role("link", name="Biên bản, nghị quyết").click()
    secretary.get_by_label("Chủ trì:", exact=True).select_option(label="Trần Thị Bình")
    secretary.get_by_label("Thư ký:", exact=True).select_option(label="Nguyễn Văn Ấn")
    secretary.get_by_label("Kết luận của chủ trì").fill("Chi bộ thống nhất các nhiệm vụ tháng tới.")
    secretary.get_by_role("button", name="Lưu biên bản").click()
    secretary.get_by_role("button", name="Thông qua và hoàn tất biên bản").click()
    expect(secretary.locator("#final")).to_contain_text("Biên bản đã hoàn tất")
    assert fits(secretary)
    secretary.screenshot(path=str(SHOTS / "meeting-minutes.png"), full_page=True)
    with secretary.expect_download() as download:
        secretary.get_by_role("link", name="DOCX").first.click()
    assert download.value.suggested_filename.endswith(".docx")

    committee = phone(browser)
    login(committee, live_server, "xa")
    committee.goto(f"{live_server.url}/meetings/oversight/?org={cast.commune_a.pk}")
    expect(committee.get_by_role("table")).to_contain_text("Chi bộ giáo viên")
    expect(committee.get_by_role("table")).to_contain_text("Chưa sinh hoạt")
    assert fits(committee)
    committee.screenshot(path=str(SHOTS / "meeting-oversight.png"), full_page=True)


def test_check_in_works_without_javascript(browser, live_server):
    """The member's phone may block scripts: the scanned URL and the confirm button are a plain page and form."""
    from django.utils import timezone

    from sotay.meetings import checkin, services

    cast = build_cast()
    meeting = services.create_meeting(
        org=cast.cell_a, kind="REGULAR", starts_at=timezone.now(), actor=Actor.for_user(cast.cell_secretary)
    )
    checkin.open_checkin(meeting=meeting, actor=Actor.for_user(cast.cell_secretary))
    scan_url = f"{live_server.url}/meetings/c/{checkin.make_token(meeting)}/"
    context = browser.new_context(java_script_enabled=False, viewport={"width": 360, "height": 740}, locale="vi-VN")
    page = context.new_page()
    page.goto(scan_url)  # not logged in: the login page, then back to the code's URL
    page.get_by_label("Tên đăng nhập hoặc số điện thoại").fill("dangvien")
    page.get_by_label("Mật khẩu").fill("mat-khau-thu")
    page.get_by_role("button", name="Đăng nhập").click()
    page.get_by_role("button", name="Xác nhận có mặt").click()
    expect(page.locator("#done")).to_contain_text("Bạn đã có mặt")
    assert meeting.attendances.get(member=cast.member_member).status == "PRESENT"
    context.close()
