"""Issue 14, Offline: "Tôi sẽ dự" tapped without network is kept on the phone, the member is told so, and it is sent
when the network is back, in a real Chromium at 360 × 740: by Background Sync from the service worker
(static/documents/sw.js), or where SyncManager is absent by the page itself (static/core/offline.js)."""

from __future__ import annotations

import datetime as dt
import time

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from conftest import build_cast
from sotay.meetings import services
from sotay.meetings.models import Invitation, Rsvp
from sotay.orgs.actor import Actor
from sotay.web.tests import test_browser as shared

browser = shared.browser
login = shared.login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _invited():
    cast = build_cast()
    meeting = services.create_meeting(
        org=cast.cell_a,
        kind="REGULAR",
        starts_at=timezone.now() + dt.timedelta(days=2),
        place="Nhà văn hóa thôn Đông",
        actor=Actor.for_user(cast.cell_secretary),
    )
    services.send_invitations(meeting=meeting, actor=Actor.for_user(cast.cell_secretary))
    return cast, meeting


def _wait(page, function: str, seconds: float = 40) -> None:
    """Poll `function` in the page until it returns true (wait_for_function evaluates strings, which the CSP
    forbids). 40 s: on the 2-core CI machine under a full parallel run, the service worker once took over 15 s to
    take control of the page."""
    deadline = time.monotonic() + seconds
    while not page.evaluate(function):
        assert time.monotonic() < deadline, function
        page.wait_for_timeout(100)


# The answers the page handed to the service worker (IndexedDB "sotay-offline", store "rsvp").
KEPT = """() => new Promise((resolve, reject) => {
  const open = indexedDB.open("sotay-offline", 1);
  open.onupgradeneeded = () => open.result.createObjectStore("rsvp", {keyPath: "url"});
  open.onerror = () => reject(open.error);
  open.onsuccess = () => {
    const request = open.result.transaction("rsvp").objectStore("rsvp").getAll();
    request.onsuccess = () => { open.result.close(); resolve(request.result); };
  };
})"""
# A token that no longer matches the session's (as after signing in again): the worker must fetch a fresh one.
SPOIL_TOKEN = """() => new Promise((resolve) => {
  const open = indexedDB.open("sotay-offline", 1);
  open.onsuccess = () => {
    const store = open.result.transaction("rsvp", "readwrite").objectStore("rsvp");
    store.getAll().onsuccess = (event) => {
      for (const item of event.target.result) { item.body.csrfmiddlewaretoken = "x".repeat(64); store.put(item); }
      store.transaction.oncomplete = () => { open.result.close(); resolve(); };
    };
  };
})"""


@pytest.mark.service_worker
def test_rsvp_made_offline_is_sent_by_background_sync(browser, live_server):
    cast, meeting = _invited()
    context = browser.new_context(viewport={"width": 360, "height": 740}, locale="vi-VN")
    page = context.new_page()
    login(page, live_server, "dangvien")
    page.goto(f"{live_server.url}/")
    _wait(page, "() => navigator.serviceWorker && navigator.serviceWorker.controller !== null")
    assert page.evaluate("'SyncManager' in window")
    context.set_offline(True)
    page.get_by_role("button", name="Tôi sẽ dự").click()
    expect(page.get_by_role("main")).to_contain_text("sẽ tự gửi khi có mạng")
    _wait(page, f"() => ({KEPT})().then(items => items.length === 1)")
    kept = page.evaluate(KEPT)
    assert kept[0]["url"] == f"/meetings/{meeting.pk}/rsvp/" and kept[0]["body"]["csrfmiddlewaretoken"]
    tags = page.evaluate("navigator.serviceWorker.ready.then(r => r.sync.getTags())")
    assert "sotay-rsvp" in tags
    assert page.evaluate("localStorage.getItem('sotay-rsvp-queue')") in (None, "[]")  # not the page's queue
    invitation = Invitation.objects.get(meeting=meeting, member=cast.member_member)
    assert invitation.rsvp != Rsvp.YES  # nothing reached the server
    page.evaluate(SPOIL_TOKEN)
    context.set_offline(False)
    # The worker sends it (sync event, or asked on "online") and tells the page.
    expect(page.locator("#messages")).to_contain_text("đã được gửi", timeout=20000)
    invitation.refresh_from_db()
    assert invitation.rsvp == Rsvp.YES
    assert page.evaluate(KEPT) == []
    context.close()


@pytest.mark.service_worker
def test_the_sync_event_itself_sends_the_kept_answer(browser, live_server):
    """The service worker's `sync` handler, fired through the DevTools protocol as the browser fires it when the
    network comes back, with the page's own fallbacks out of the way."""
    cast, meeting = _invited()
    context = browser.new_context(viewport={"width": 360, "height": 740}, locale="vi-VN")
    page = context.new_page()
    login(page, live_server, "dangvien")
    page.goto(f"{live_server.url}/")
    _wait(page, "() => navigator.serviceWorker && navigator.serviceWorker.controller !== null")
    cdp = context.new_cdp_session(page)
    registrations = []
    cdp.on("ServiceWorker.workerRegistrationUpdated", lambda e: registrations.extend(e["registrations"]))
    cdp.send("ServiceWorker.enable")
    page.wait_for_timeout(300)
    context.set_offline(True)
    page.get_by_role("button", name="Tôi sẽ dự").click()
    _wait(page, f"() => ({KEPT})().then(items => items.length === 1)")
    # Only the worker may send it now: no "online" event reaches this page.
    page.evaluate("window.addEventListener('online', (e) => e.stopImmediatePropagation(), true)")
    context.set_offline(False)
    registration = next(r for r in registrations if r["scopeURL"].rstrip("/") == live_server.url.rstrip("/"))
    cdp.send(
        "ServiceWorker.dispatchSyncEvent",
        {
            "origin": live_server.url,
            "registrationId": registration["registrationId"],
            "tag": "sotay-rsvp",
            "lastChance": False,
        },
    )
    expect(page.locator("#messages")).to_contain_text("đã được gửi", timeout=20000)
    invitation = Invitation.objects.get(meeting=meeting, member=cast.member_member)
    assert invitation.rsvp == Rsvp.YES
    assert page.evaluate(KEPT) == []
    context.close()


@pytest.mark.service_worker
def test_without_background_sync_the_page_sends_it_when_back_online(browser, live_server):
    cast, meeting = _invited()
    context = browser.new_context(viewport={"width": 360, "height": 740}, locale="vi-VN")
    context.add_init_script("delete window.SyncManager;")  # a browser without Background Sync
    page = context.new_page()
    login(page, live_server, "dangvien")
    page.goto(f"{live_server.url}/")
    page.wait_for_load_state("load")
    context.set_offline(True)
    page.get_by_role("button", name="Tôi sẽ dự").click()  # 1 tap from home, as online
    expect(page.get_by_role("main")).to_contain_text("sẽ tự gửi khi có mạng")
    invitation = Invitation.objects.get(meeting=meeting, member=cast.member_member)
    assert invitation.rsvp != Rsvp.YES  # nothing reached the server
    context.set_offline(False)
    expect(page.locator("#messages")).to_contain_text("đã được gửi")
    invitation.refresh_from_db()
    assert invitation.rsvp == Rsvp.YES
    assert page.evaluate("localStorage.getItem('sotay-rsvp-queue')") == "[]"
    context.close()
