"""The pages in a real headless Chromium (Debian's /usr/bin/chromium driven by Playwright)."""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

import pytest
from playwright.sync_api import expect

from conftest import build_cast

CHROMIUM = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or "/usr/bin/chromium"
SHOTS = Path(__file__).resolve().parents[3] / "var" / "screenshots"

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(scope="module")
def browser():
    # Playwright's sync API runs an event loop in this thread; Django's ORM calls in the test are still sync.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=CHROMIUM,
            headless=True,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 360, "height": 740}, locale="vi-VN")
    page = context.new_page()
    yield page
    context.close()


def login(page, live_server, username):
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Tên đăng nhập hoặc số điện thoại").fill(username)
    page.get_by_label("Mật khẩu").fill("mat-khau-thu")
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_url(f"{live_server.url}/")


def test_cell_secretary_searches_without_diacritics_and_opens_a_profile(page, live_server):
    build_cast()
    SHOTS.mkdir(parents=True, exist_ok=True)
    login(page, live_server, "chibo")
    assert page.get_by_role("heading", name="Xin chào, Trần Thị Bình").is_visible()
    page.screenshot(path=str(SHOTS / "home-cell-secretary.png"), full_page=True)

    page.get_by_role("link", name="Đảng viên", exact=True).click()
    page.wait_for_url(f"{live_server.url}/members/")
    page.wait_for_load_state("load")  # htmx (a deferred script) must be running before we type
    search = page.get_by_label("Tìm theo tên, số thẻ, CCCD")
    search.fill("nguyen van an")
    # htmx swaps the results in place (no full reload) and puts the clean query in the address bar.
    results = page.locator("#results")
    expect(results.get_by_role("link", name="Lê Văn Cường")).to_have_count(0)
    expect(results.get_by_role("link", name="Nguyễn Văn Ấn")).to_be_visible()
    expect(page).to_have_url(re.compile(r"/members/\?q=nguyen\+van\+an$"))
    page.screenshot(path=str(SHOTS / "member-list-search.png"), full_page=True)

    results.get_by_role("link", name="Nguyễn Văn Ấn").click()
    page.get_by_role("heading", name="Nguyễn Văn Ấn", level=1).wait_for()
    assert page.get_by_text("Ngày vào Đảng").first.is_visible()
    assert "02/03/2010" in page.content()
    # Usable from 360 px: nothing wider than the screen.
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    page.screenshot(path=str(SHOTS / "member-profile.png"), full_page=True)


def test_outsider_cannot_open_a_profile_of_another_commune(page, live_server):
    cast = build_cast()
    login(page, live_server, "ngoai")
    response = page.goto(f"{live_server.url}/members/{cast.member_member.pk}/")
    assert response.status == 404
    assert page.get_by_role("heading", name="Không tìm thấy trang").is_visible()


def test_core_reading_works_without_javascript(browser, live_server):
    cast = build_cast()
    context = browser.new_context(java_script_enabled=False, viewport={"width": 360, "height": 740}, locale="vi-VN")
    page = context.new_page()
    login(page, live_server, "xa")
    page.goto(f"{live_server.url}/members/?q=hoang+thi+lan")
    assert page.locator("#results").get_by_role("link", name="Hoàng Thị Lan").is_visible()
    page.goto(f"{live_server.url}/orgs/{cast.commune_a.pk}/")
    assert page.get_by_role("heading", name="Đảng bộ xã Đông Tiến").is_visible()
    context.close()
