"""The unread badge on the member's "Thông báo" tab (issue 14, Navigation): the number of unread announcements, in the
tab's accessible name too; gone once read; no badge (and no query) for staff without a tab bar."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from sotay.handbook import services as handbook
from sotay.handbook.models import Announcement
from sotay.orgs.actor import Actor

pytestmark = pytest.mark.django_db


def _tab(html: str) -> str:
    bar = html[html.index('<nav class="tab-bar"') :]
    found = re.search(r'<a href="/handbook/"[^>]*>.*?</a>', bar, re.S)
    assert found, "the Thông báo tab is on the page"
    return found.group(0)


def test_badge_counts_unread_announcements_and_goes_when_read(client, cast):
    for title in ("Lịch sinh hoạt tháng", "Học Nghị quyết"):
        handbook.publish_announcement(
            organization=cast.cell_a, title=title, body="Nội dung", actor=Actor.for_user(cast.cell_secretary)
        )
    client.force_login(cast.member)
    tab = _tab(client.get(reverse("meetings:mine")).content.decode())
    assert '<span class="tab-badge" aria-hidden="true">2</span>' in tab
    assert 'aria-label="Thông báo, học tập, 2 chưa đọc"' in tab
    for announcement in Announcement.objects.all():
        client.get(reverse("handbook:announcement", args=[announcement.pk]))
    tab = _tab(client.get(reverse("meetings:mine")).content.decode())
    assert "tab-badge" not in tab and 'aria-label="Thông báo, học tập"' in tab
    assert "__sotay_tab_badge" not in tab


def test_no_tab_bar_no_badge_for_staff_without_a_member_record(client, cast):
    client.force_login(cast.provincial_officer)
    html = client.get(reverse("web:home")).content.decode()
    assert "tab-badge" not in html and "__sotay_tab_badge" not in html


def _header_count(html: str) -> int:
    header = html[html.index('<header class="site-header"') : html.index("</header>")]
    found = re.search(r'<span class="unread-count"[^>]*>(\d+)</span>', header)
    return int(found.group(1)) if found else 0


def _tab_count(html: str) -> int:
    found = re.search(r'<span class="tab-badge" aria-hidden="true">(\d+)</span>', _tab(html))
    return int(found.group(1)) if found else 0


def test_the_header_and_the_tab_show_one_unread_count(client, cast):
    """The header's "Thông báo" and the tab's come from one source (the unread notifications): an announcement and
    a notification of another kind count the same in both, and reading clears both alike."""
    from sotay.notifications.models import Notification
    from sotay.notifications.services import notify

    handbook.publish_announcement(
        organization=cast.cell_a, title="Lịch tháng", body="Nội dung", actor=Actor.for_user(cast.cell_secretary)
    )
    notify([cast.member], kind=Notification.objects.first().kind, title="Giấy mời sinh hoạt", url="/meetings/")
    client.force_login(cast.member)
    for url in (reverse("web:home"), reverse("meetings:mine"), reverse("handbook:home")):
        html = client.get(url).content.decode()
        assert _header_count(html) == _tab_count(html) == 2, url
    client.get(reverse("handbook:announcement", args=[Announcement.objects.get().pk]))
    html = client.get(reverse("meetings:mine")).content.decode()
    assert _header_count(html) == _tab_count(html) == 1
