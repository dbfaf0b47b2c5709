"""The library in a real headless Chromium on a 360 px phone: a member searches "quy dinh 144" without
diacritics, opens the result, bookmarks it, and reads it again with the network off (service worker)."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from conftest import build_cast
from sotay.orgs.actor import Actor
from sotay.web.tests.test_browser import SHOTS, browser, login, page  # noqa: F401 - the shared browser fixtures

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _library(cast):
    from sotay.documents import search
    from sotay.documents.starter import load_library

    loaded = load_library(cast.province, actor=Actor.system("command:test"))
    search.reindex()  # the tests' task backend never runs the index tasks
    return loaded["documents"]


@pytest.mark.service_worker
def test_member_finds_quy_dinh_144_without_diacritics_and_reads_it_offline(page, live_server):  # noqa: F811
    cast = build_cast()
    documents = _library(cast)
    doc = documents["144-QĐ/TW"]
    login(page, live_server, "dangvien")

    page.get_by_role("link", name="Văn bản", exact=True).click()
    page.wait_for_url(f"{live_server.url}/documents/")
    page.wait_for_load_state("load")
    page.get_by_label("Tìm văn bản, hướng dẫn").fill("quy dinh 144")
    page.get_by_role("button", name="Tìm").click()
    results = page.locator("#results")
    first = results.locator("li.hit").first
    expect(first).to_contain_text("144-QĐ/TW")
    expect(first.locator("mark").first).to_be_visible()
    # Nothing on the page is wider than the phone.
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / "documents-search.png"), full_page=True)

    first.locator("a.hit-title").click()
    page.wait_for_url(f"{live_server.url}/documents/{doc.pk}/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("chuẩn mực đạo đức cách mạng")
    expect(page.locator("#cited-by")).to_contain_text("Đổi mới, sáng tạo trong công tác tổ chức xây dựng Đảng")
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    page.screenshot(path=str(SHOTS / "documents-detail.png"), full_page=True)

    page.get_by_role("button", name="Lưu để đọc không cần mạng").click()
    page.wait_for_url(f"{live_server.url}/documents/{doc.pk}/")
    expect(page.get_by_role("button", name="Bỏ lưu")).to_be_visible()
    page.wait_for_load_state("load")

    # The service worker has fetched the bookmarked document into its cache.
    page.evaluate("navigator.serviceWorker.ready.then(() => true)")
    page.wait_for_function(
        f"""caches.open('sotay-documents-v1').then(c => c.match('/documents/{doc.pk}/')).then(r => !!r)""",
        timeout=15000,
    )
    page.goto(f"{live_server.url}/documents/bookmarks/")
    page.context.set_offline(True)
    try:
        page.goto(f"{live_server.url}/documents/{doc.pk}/")
        expect(page.get_by_role("heading", level=1)).to_contain_text("144-QĐ/TW")
        page.goto(f"{live_server.url}/documents/{documents['294-QĐ/TW'].pk}/")  # not saved: the offline page
        expect(page.get_by_role("heading", level=1)).to_contain_text("Không có mạng")
    finally:
        page.context.set_offline(False)
