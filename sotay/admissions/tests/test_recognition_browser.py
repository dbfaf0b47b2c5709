"""Recognition as official member in a real headless Chromium at 360 px: the cell secretary records the cell's vote
(13-KNĐ, Điều lệ Điều 5 khoản 3: two thirds), the commune committee sees the overdue case (30 working days after the
12 months, 294-QĐ/TW; docs/rules/admission.md#công-nhận-đảng-viên-chính-thức)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from playwright.sync_api import expect

from conftest import build_cast
from sotay.web.tests import test_browser as shared

browser = shared.browser
login = shared.login
SHOTS = Path(__file__).resolve().parents[3] / "var" / "screenshots"

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def phone(browser):
    return browser.new_context(viewport={"width": 360, "height": 740}, locale="vi-VN").new_page()


def fits(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth") <= 360


def test_secretary_records_the_cell_vote_and_committee_sees_the_overdue_one(browser, live_server):
    from sotay.admissions import recognition as rec
    from sotay.members.choices import MemberStatus
    from sotay.members.tests.factories import MemberFactory
    from sotay.orgs.actor import Actor

    cast = build_cast()
    SHOTS.mkdir(parents=True, exist_ok=True)
    secretary_actor = Actor.for_user(cast.cell_secretary)
    voted = MemberFactory(
        full_name="Đinh Thị Mai",
        organization=cast.cell_a,
        status=MemberStatus.PROBATIONARY,
        joined_on=dt.date(2025, 9, 1),
    )
    late = MemberFactory(
        full_name="Lò Văn Sáng",
        organization=cast.cell_a,
        status=MemberStatus.PROBATIONARY,
        joined_on=dt.date(2025, 8, 4),
    )
    case = rec.open_recognition(member=voted, actor=secretary_actor)
    for code in rec.CELL_PAPERS:
        rec.record_step(case=case, form_code=code, done_on=dt.date(2026, 8, 20), actor=secretary_actor)
    late_case = rec.open_recognition(member=late, actor=secretary_actor)

    secretary = phone(browser)
    login(secretary, live_server, "chibo")
    secretary.goto(f"{live_server.url}/admissions/recognition/")
    secretary.get_by_role("link", name="Đinh Thị Mai").click()
    secretary.locator("#id_form_code").select_option(rec.CELL_RESOLUTION)
    secretary.locator("#id_done_on").fill("10/09/2026")
    secretary.get_by_label("Số văn bản").fill("07-NQ/CB")
    secretary.get_by_label("Số tán thành").fill("3")
    secretary.get_by_label("Số không tán thành").fill("1")
    secretary.get_by_label("Tổng số biểu quyết").fill("4")
    secretary.get_by_role("button", name="Ghi", exact=True).click()
    expect(secretary.locator("#messages")).to_contain_text("Đã ghi bước 13-KNĐ")
    expect(secretary.get_by_role("main")).to_contain_text("Chi bộ đề nghị công nhận")
    assert fits(secretary)
    secretary.screenshot(path=str(SHOTS / "recognition-cell-vote.png"), full_page=True)

    committee = phone(browser)
    login(committee, live_server, "xa")
    committee.goto(f"{live_server.url}/admissions/recognition/?org={cast.commune_a.pk}")
    expect(committee.get_by_role("main")).to_contain_text("1 đảng viên dự bị quá hạn xét công nhận chính thức")
    row = committee.locator("li.overdue")
    expect(row).to_contain_text("Lò Văn Sáng")
    expect(row).to_contain_text("Quá hạn")
    expect(row).not_to_contain_text("Đinh Thị Mai")
    assert fits(committee)
    committee.screenshot(path=str(SHOTS / "recognition-overdue.png"), full_page=True)
    committee.get_by_role("link", name="Lò Văn Sáng").click()
    expect(committee.get_by_role("main")).to_contain_text(f"{late_case.consider_due_on:%d/%m/%Y}")
    expect(committee.get_by_role("main")).to_contain_text("Quá hạn")
