"""In-app notifications: the list, the unread count in the header, mark read; a notification is its recipient's only."""

from __future__ import annotations

from urllib.parse import urlencode

import pytest
from django.urls import reverse

from sotay.notifications.models import Notification, Preference, PushSubscription
from sotay.notifications.services import notify

pytestmark = pytest.mark.django_db


def _three(cast):
    return (
        notify([cast.member], kind="test", title="Họp chi bộ tháng 12", body="Lúc 19 giờ", url="/handbook/"),
        notify([cast.member], kind="test", title="Thông báo thu đảng phí"),
        notify([cast.cell_secretary], kind="test", title="Việc của bí thư"),
    )


def test_header_shows_unread_count_and_list_marks_read(cast, client):
    _three(cast)
    client.force_login(cast.member)
    page = client.get(reverse("web:home")).content.decode()
    assert 'class="unread-count"' in page and ">2</span>" in page
    listing = client.get(reverse("notifications:list")).content.decode()
    assert "Họp chi bộ tháng 12" in listing and "Việc của bí thư" not in listing
    first = Notification.objects.get(title="Họp chi bộ tháng 12")
    response = client.get(reverse("notifications:open", args=[first.pk]))
    assert response.status_code == 302 and response["Location"] == "/handbook/"
    first.refresh_from_db()
    assert first.read_at is not None
    assert client.post(reverse("notifications:read_all")).status_code == 302
    assert not Notification.objects.filter(recipient=cast.member, read_at__isnull=True).exists()
    page = client.get(reverse("notifications:list")).content.decode()
    assert 'class="unread-count"' not in page


def test_someone_elses_notification_is_404_and_stays_unread(cast, client):
    _three(cast)
    theirs = Notification.objects.get(recipient=cast.cell_secretary)
    client.force_login(cast.member)
    assert client.get(reverse("notifications:open", args=[theirs.pk])).status_code == 404
    assert client.post(reverse("notifications:read", args=[theirs.pk])).status_code == 404
    theirs.refresh_from_db()
    assert theirs.read_at is None


def test_open_does_not_redirect_off_site(cast, client):
    (n,) = notify([cast.member], kind="test", title="x", url="https://example.org/phish")
    client.force_login(cast.member)
    response = client.get(reverse("notifications:open", args=[n.pk]))
    assert response["Location"] == reverse("notifications:list")


def test_preferences_refuse_a_bad_address_in_vietnamese_and_store_nothing(cast, client):
    client.force_login(cast.member)
    response = client.post(reverse("notifications:preferences"), {"email": "khong-phai-thu", "email_enabled": "on"})
    assert response.status_code == 400
    assert "không hợp lệ" in response.content.decode()
    assert not Preference.objects.filter(user=cast.member).exists()
    response = client.post(reverse("notifications:preferences"), {"email": "an@example.vn", "push_enabled": "on"})
    assert response.status_code == 302
    pref = Preference.objects.get(user=cast.member)
    assert (pref.email, pref.email_enabled, pref.push_enabled) == ("an@example.vn", False, True)


def test_push_subscription_is_checked_before_it_is_stored(cast, client):
    client.force_login(cast.member)
    url = reverse("notifications:push_subscribe")
    bad = {"endpoint": "ftp://x", "keys": {"p256dh": "abc", "auth": "abc"}}
    response = client.post(url, bad, content_type="application/json")
    assert response.status_code == 400 and "không hợp lệ" in response.json()["error"]
    assert client.post(url, "không phải JSON", content_type="application/json").status_code == 400
    good = {"endpoint": "https://push.example.org/abc", "keys": {"p256dh": "B" + "A" * 86, "auth": "A" * 22}}
    assert client.post(url, good, content_type="application/json").status_code == 200
    assert PushSubscription.objects.filter(user=cast.member).count() == 1
    form = urlencode({"endpoint": good["endpoint"]})  # the preferences page's form, as a browser sends it
    client.post(reverse("notifications:push_unsubscribe"), form, content_type="application/x-www-form-urlencoded")
    assert not PushSubscription.objects.exists()


@pytest.mark.parametrize("name", ["notifications:push_subscribe", "notifications:push_unsubscribe"])
def test_push_endpoints_answer_400_with_a_message_to_a_body_that_is_not_json(cast, name):
    """A multipart body is read by the CSRF check before the view: touching request.body then was a 500."""
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(cast.member)
    client.get(reverse("notifications:preferences"))
    token = client.cookies["csrftoken"].value
    endpoint = "https://push.example.org/abc"
    for body, kwargs in [
        ({"endpoint": endpoint, "csrfmiddlewaretoken": token}, {}),  # multipart
        ("<xml/>", {"content_type": "text/xml", "HTTP_X_CSRFTOKEN": token}),
        ("[" * 100_000, {"content_type": "application/json", "HTTP_X_CSRFTOKEN": token}),
    ]:
        response = client.post(reverse(name), body, **kwargs)
        assert response.status_code == 400, body
        assert response.json()["error"]


def test_preferences_page_offers_push_without_inline_script(cast, client, settings, tmp_path):
    settings.VAR_DIR = tmp_path
    client.force_login(cast.member)
    page = client.get(reverse("notifications:preferences")).content.decode()
    assert 'id="push-box"' in page and "push-subscribe.js" in page
    assert "<script>" not in page
