"""A committee publishes an announcement; a member sees it with the unread count and reads it; the publisher sees
the read percentage. Real headless Chromium at 360 px (see sotay/web/tests/test_browser.py)."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from conftest import build_cast
from sotay.orgs.actor import Actor
from sotay.web.tests.test_browser import SHOTS, browser, login, page  # noqa: F401 - fixtures

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def fits(tab) -> None:
    assert tab.evaluate("document.documentElement.scrollWidth") <= 360


def test_publish_read_and_see_the_read_percentage(browser, page, live_server):  # noqa: F811
    build_cast()
    SHOTS.mkdir(parents=True, exist_ok=True)
    login(page, live_server, "xa")
    page.get_by_role("link", name="Thông báo, học tập").click()
    page.get_by_role("link", name="Đăng thông báo").click()
    expect(page.get_by_label("Gửi tới")).to_have_value("Đảng bộ xã Đông Tiến (HY.A)")
    page.get_by_label("Tiêu đề").fill("Lịch sinh hoạt chi bộ tháng 12")
    page.get_by_label("Nội dung").fill("Các chi bộ sinh hoạt trước ngày 10/12.\nNộp biên bản trước ngày 15/12.")
    page.get_by_label("Ghim lên đầu").check()
    fits(page)
    page.get_by_role("button", name="Đăng", exact=True).click()
    page.get_by_role("heading", name="Lịch sinh hoạt chi bộ tháng 12").wait_for()
    expect(page.locator("#read-total")).to_contain_text("0%")
    publisher_url = page.url

    member_context = browser.new_context(viewport={"width": 360, "height": 740}, locale="vi-VN")
    member = member_context.new_page()
    login(member, live_server, "dangvien")
    badge = member.locator(".notif-link .unread-count")
    expect(badge).to_have_text("1")
    member.get_by_role("link", name="Thông báo, học tập").click()
    item = member.locator(".feed li.pinned")
    expect(item).to_contain_text("Chưa đọc")
    fits(member)
    member.screenshot(path=str(SHOTS / "handbook-feed-member.png"), full_page=True)
    item.get_by_role("link", name="Lịch sinh hoạt chi bộ tháng 12").click()
    member.get_by_role("heading", name="Lịch sinh hoạt chi bộ tháng 12").wait_for()
    expect(member.get_by_text("Nộp biên bản trước ngày 15/12.")).to_be_visible()
    expect(member.get_by_text("Tình hình đọc")).to_have_count(0)
    expect(member.locator(".notif-link .unread-count")).to_have_count(0)
    fits(member)
    member_context.close()

    page.goto(publisher_url)
    # cell_a has two members with accounts (the secretary and the member); one has read.
    expect(page.locator("#read-total")).to_contain_text("50%")
    expect(page.get_by_text("50% của Chi bộ thôn Đông đã đọc")).to_be_attached()
    fits(page)
    page.screenshot(path=str(SHOTS / "handbook-read-percentage.png"), full_page=True)


def test_member_studies_with_quiz_and_asks_the_cell_which_answers(browser, page, live_server):  # noqa: F811
    import datetime as dt

    from django.utils import timezone

    from sotay.documents.tests.factories import DocumentFactory
    from sotay.handbook import services

    cast = build_cast()
    doc = DocumentFactory(organization=cast.province, number=21, type_code="NQ", reference="21-NQ/TW")
    services.assign_study(
        organization=cast.commune_a,
        document=doc,
        deadline=timezone.localdate() + dt.timedelta(days=7),
        actor=Actor.for_user(cast.commune_committee),
        quiz_text="Nghị quyết này của cơ quan nào?\n*Ban Chấp hành Trung ương\nQuốc hội",
    )
    login(page, live_server, "dangvien")
    page.get_by_role("link", name="Thông báo, học tập").click()
    page.get_by_role("link", name="Học tập nghị quyết").click()
    page.get_by_role("link", name=str(doc)).click()
    page.get_by_label("Bài thu hoạch").fill("Tâm đắc việc củng cố chi bộ; sẽ sinh hoạt đầy đủ, đóng góp ý kiến.")
    page.get_by_label("Ban Chấp hành Trung ương").check()
    fits(page)
    page.get_by_role("button", name="Đã học tập, nộp thu hoạch").click()
    expect(page.get_by_text("Trắc nghiệm: đúng 1/1 câu.")).to_be_visible()
    page.screenshot(path=str(SHOTS / "handbook-study-done.png"), full_page=True)

    page.goto(f"{live_server.url}/handbook/feedback/new/")
    page.get_by_label("Gửi tới").select_option(label="Chi bộ thôn Đông")
    page.get_by_label("Tiêu đề").fill("Hỏi về đảng phí khi nghỉ hưu")
    page.get_by_label("Nội dung").fill("Mức đóng tính theo lương hưu thế nào?")
    fits(page)
    page.get_by_role("button", name="Gửi", exact=True).click()
    expect(page.get_by_text("Đang chờ trả lời")).to_be_visible()

    secretary_context = browser.new_context(viewport={"width": 360, "height": 740}, locale="vi-VN")
    secretary = secretary_context.new_page()
    login(secretary, live_server, "chibo")
    secretary.goto(f"{live_server.url}/handbook/feedback/inbox/")
    fits(secretary)
    secretary.get_by_role("link", name="Hỏi về đảng phí khi nghỉ hưu").click()
    secretary.get_by_role("radio", name="Trả lời").check()
    secretary.get_by_label("Nội dung trả lời hoặc ghi chú").fill("Đóng 0,5% lương hưu (Quy định 01-QĐ/TW).")
    secretary.get_by_role("button", name="Ghi").click()
    expect(secretary.get_by_text("Không có ý kiến nào đang chờ.")).to_be_visible()
    secretary_context.close()

    page.goto(f"{live_server.url}/notifications/")
    fits(page)
    page.get_by_role("link", name=re.compile("đã trả lời: Hỏi về đảng phí")).click()
    expect(page.get_by_text("Đóng 0,5% lương hưu (Quy định 01-QĐ/TW).")).to_be_visible()
    fits(page)
    page.screenshot(path=str(SHOTS / "handbook-feedback-answered.png"), full_page=True)
    page.goto(f"{live_server.url}/notifications/preferences/")
    fits(page)
