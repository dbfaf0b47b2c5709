"""The date field on a phone: "24122026" typed on the keypad is shown back as "Thứ Năm, 24/12/2026" and saved."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from conftest import build_cast
from sotay.web.tests import test_browser as shared

browser = shared.browser  # the shared Chromium fixture (Debian's chromium, headless)
page = shared.page  # 360×740, vi-VN
login = shared.login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_secretary_types_digits_only_sees_the_weekday_and_the_meeting_is_saved(page, live_server):
    from django.utils import timezone

    from sotay.meetings.models import CellMeeting

    cast = build_cast()
    login(page, live_server, "chibo")
    page.goto(f"{live_server.url}/meetings/org/{cast.cell_a.pk}/new/")

    day = page.locator("input[name=day]")
    assert day.get_attribute("inputmode") == "text" and day.get_attribute("pattern") is None
    # The native picker writes dd/mm/yyyy back into the text field.
    page.locator("input.vn-date-native").fill("2026-12-25")
    expect(day).to_have_value("25/12/2026")
    expect(page.locator(".vn-date-echo").first).to_have_text("Thứ Sáu, 25/12/2026")

    day.fill("")
    day.press_sequentially("31022026")
    expect(page.locator(".vn-date-echo").first).to_have_text("Không có ngày 31/02/2026 trong lịch")
    day.fill("")
    day.press_sequentially("24122026")
    expect(page.locator(".vn-date-echo").first).to_have_text("Thứ Năm, 24/12/2026")
    time = page.locator("input[name=time]")
    time.press_sequentially("7h30 tối")
    expect(page.locator(".vn-date-echo").nth(1)).to_have_text("19:30")
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    shared.SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(shared.SHOTS / "date-input.png"), full_page=True)
    page.get_by_role("button", name="Tạo", exact=True).click()
    expect(page.locator("#messages")).to_contain_text("Đã tạo buổi sinh hoạt")

    meeting = CellMeeting.objects.get()
    local = timezone.localtime(meeting.starts_at)
    assert (local.day, local.month, local.year, local.hour, local.minute) == (24, 12, 2026, 19, 30)
