"""Issue 14, Offline: "Tôi sẽ dự" tapped without network is kept on the phone, the member is told so, and it is sent
when the network is back (static/core/offline.js), in a real Chromium at 360 × 740."""

from __future__ import annotations

import datetime as dt

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


@pytest.mark.service_worker
def test_rsvp_made_offline_is_queued_then_sent_when_back_online(browser, live_server):
    cast = build_cast()
    meeting = services.create_meeting(
        org=cast.cell_a,
        kind="REGULAR",
        starts_at=timezone.now() + dt.timedelta(days=2),
        place="Nhà văn hóa thôn Đông",
        actor=Actor.for_user(cast.cell_secretary),
    )
    services.send_invitations(meeting=meeting, actor=Actor.for_user(cast.cell_secretary))
    context = browser.new_context(viewport={"width": 360, "height": 740}, locale="vi-VN")
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
