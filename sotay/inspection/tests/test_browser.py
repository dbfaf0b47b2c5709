"""The UBKT records an inspection's conclusion and follows a recommendation to completion, in a real headless
Chromium (Debian's /usr/bin/chromium) on a 360 px phone."""

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


def test_ubkt_concludes_an_inspection_and_follows_a_recommendation(browser, live_server):
    from django.utils import timezone

    from sotay.inspection import services
    from sotay.inspection.models import Body, Kind
    from sotay.orgs.actor import Actor

    cast = build_cast()
    SHOTS.mkdir(parents=True, exist_ok=True)
    today = timezone.localdate()
    from sotay.discipline.tests.helpers import ubkt_user

    actor = Actor.for_user(ubkt_user(cast))  # the commune's UBKT, with its own role (orgs.Role.INSPECTION_COMMISSION)
    plan = services.create_plan(
        actor=actor, organization=cast.commune_a, year=today.year, title=f"Kế hoạch kiểm tra năm {today.year}"
    )
    inspection = services.add_inspection(
        actor=actor,
        plan=plan,
        kind=Kind.INSPECTION,
        body=Body.UBKT,
        content="Việc thu, nộp đảng phí",
        period_start=today.replace(day=1),
        period_end=today,
        subject_organization=cast.cell_a,
    )
    services.record_decision(
        actor=actor, inspection=inspection, decision_number="15-QĐ/UBKT", decision_on=today.replace(day=1), team="Tổ KT"
    )

    page = phone(browser)
    login(page, live_server, "ubkt")
    page.get_by_role("link", name="Kiểm tra, kỷ luật").first.click()
    page.get_by_role("link", name="Kiểm tra, giám sát").first.click()
    page.get_by_role("link", name=plan.title).click()
    page.get_by_role("link", name="Kiểm tra: Chi bộ thôn Đông").click()
    page.locator("#id_result").select_option("SHORTCOMINGS")
    page.get_by_label("Kết luận, nhận xét").fill("Thu đảng phí chậm ba tháng; sổ thu chưa ghi đủ.")
    page.get_by_role("button", name="Ghi kết luận").click()
    expect(page.locator("#messages")).to_contain_text("Đã ghi kết luận")
    expect(page.get_by_role("main")).to_contain_text("Có hạn chế, khuyết điểm cần khắc phục")
    page.get_by_text("Thêm kiến nghị", exact=True).first.click()
    page.get_by_label("Kiến nghị, yêu cầu khắc phục").fill("Thu đủ đảng phí còn nợ")
    page.get_by_label("Tổ chức, cá nhân thực hiện").fill("Chi ủy thôn Đông")
    page.locator("#id_due_on").fill((today + dt.timedelta(days=30)).strftime("%d/%m/%Y"))
    page.get_by_role("button", name="Thêm kiến nghị").click()
    expect(page.locator("#messages")).to_contain_text("Đã thêm kiến nghị")
    assert fits(page)
    page.screenshot(path=str(SHOTS / "inspection-concluded.png"), full_page=True)
    page.get_by_label("Kết quả thực hiện").fill("Đã thu đủ")
    page.get_by_role("button", name="Ghi hoàn thành").click()
    expect(page.locator("#messages")).to_contain_text("Đã ghi hoàn thành kiến nghị")
    expect(page.get_by_role("main")).to_contain_text("Đã hoàn thành")
    assert fits(page)
    page.screenshot(path=str(SHOTS / "inspection-recommendation-done.png"), full_page=True)
