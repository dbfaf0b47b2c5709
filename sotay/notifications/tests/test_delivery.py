"""Delivery beyond the app: a real local SMTP server (aiosmtpd) and a local Web Push endpoint that decrypts the
payload with the subscriber's private key (RFC 8291, aes128gcm); failures retried with backoff, seen by staff."""

from __future__ import annotations

import base64
import datetime as dt
import email
import email.policy
import io
import json
import socket
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import http_ece
import pytest
from aiosmtpd.controller import Controller
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from sotay.notifications import conf
from sotay.notifications.delivery import deliver, retry_due
from sotay.notifications.models import Channel, Delivery, DeliveryStatus, Preference, PushSubscription
from sotay.notifications.services import notify

pytestmark = pytest.mark.django_db


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Inbox:
    def __init__(self):
        self.messages: list[email.message.EmailMessage] = []

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd's hook name
        msg = email.message_from_bytes(envelope.content, policy=email.policy.default)
        msg["X-Rcpt"] = ", ".join(envelope.rcpt_tos)
        self.messages.append(msg)
        return "250 OK"


@pytest.fixture
def smtp(settings):
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=free_port())
    controller.start()
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", controller.port
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.DEFAULT_FROM_EMAIL = "so-tay@hungyen.example.vn"
    yield inbox
    controller.stop()


def test_email_arrives_at_a_real_smtp_server_with_vietnamese_subject_and_body(cast, smtp, settings):
    settings.SOTAY_BASE_URL = "https://sotay.hungyen.example.vn"
    cast.member.email = "an@example.vn"
    cast.member.save()
    (n,) = notify(
        [cast.member],
        kind="announcement",
        title="Thông báo: họp chi bộ thường kỳ tháng 12",
        body="Đúng 19 giờ tại nhà văn hóa thôn Đông.",
        url="/handbook/announcements/1/",
    )
    assert deliver([n.pk]) == 1
    (msg,) = smtp.messages
    # Django folds the encoded subject onto a continuation line; unfolded it is the title.
    assert msg["Subject"].strip() == "Thông báo: họp chi bộ thường kỳ tháng 12"
    assert msg["X-Rcpt"] == "an@example.vn" and msg["From"] == "so-tay@hungyen.example.vn"
    body = msg.get_content()
    assert "Đúng 19 giờ tại nhà văn hóa thôn Đông." in body
    assert "https://sotay.hungyen.example.vn/handbook/announcements/1/" in body
    delivery = Delivery.objects.get(notification=n)
    assert (delivery.channel, delivery.status, delivery.attempts) == (Channel.EMAIL, DeliveryStatus.SENT, 1)
    assert deliver([n.pk]) == 0 and len(smtp.messages) == 1  # sent once, never twice


def test_email_preference_off_or_no_address_sends_nothing(cast, smtp):
    (n,) = notify([cast.member], kind="t", title="Không gửi")  # no address on the account
    assert deliver([n.pk]) == 0
    Preference.objects.create(user=cast.cell_secretary, email="binh@example.vn", email_enabled=False)
    (m,) = notify([cast.cell_secretary], kind="t", title="Không gửi")
    assert deliver([m.pk]) == 0
    assert smtp.messages == [] and not Delivery.objects.exists()


def test_failed_email_is_retried_with_backoff_then_given_up_and_shown_to_staff(
    cast, settings, client, django_capture_on_commit_callbacks
):
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", free_port()  # nobody listens there
    settings.EMAIL_TIMEOUT = 2
    cast.member.email = "an@example.vn"
    cast.member.save()
    (n,) = notify([cast.member], kind="t", title="Thư sẽ lỗi", organization=cast.cell_a)
    assert deliver([n.pk]) == 0
    d = Delivery.objects.get(notification=n)
    assert d.status == DeliveryStatus.FAILED and d.attempts == 1 and "Error" in d.last_error
    first_due = d.next_attempt_at
    assert dt.timedelta(seconds=59) < first_due - d.updated_at < dt.timedelta(seconds=61)
    deliver([n.pk])  # not due yet: not tried
    d.refresh_from_db()
    assert d.attempts == 1
    waits = []
    for _ in range(conf.MAX_ATTEMPTS - 1):
        Delivery.objects.filter(pk=d.pk).update(next_attempt_at=timezone.now() - dt.timedelta(seconds=1))
        before = timezone.now()
        retry_due()
        d.refresh_from_db()
        if d.next_attempt_at:
            waits.append(round((d.next_attempt_at - before).total_seconds() / 60))
    assert waits == [4, 16, 64]
    assert d.status == DeliveryStatus.GAVE_UP and d.attempts == conf.MAX_ATTEMPTS and d.next_attempt_at is None

    client.force_login(cast.commune_committee)
    page = client.get(reverse("notifications:deliveries")).content.decode()
    assert "Thư sẽ lỗi" in page and "đã ngừng thử" in page
    client.force_login(cast.outsider)
    assert "Thư sẽ lỗi" not in client.get(reverse("notifications:deliveries")).content.decode()
    retry = reverse("notifications:delivery_retry", args=[d.pk])
    assert client.post(retry).status_code == 404
    client.force_login(cast.commune_committee)
    with django_capture_on_commit_callbacks() as callbacks:
        assert client.post(retry).status_code == 302
    d.refresh_from_db()
    assert (d.status, d.attempts) == (DeliveryStatus.PENDING, 0) and len(callbacks) == 1
    client.force_login(cast.member)
    assert client.get(reverse("notifications:deliveries")).status_code == 404


class PushEndpoint(BaseHTTPRequestHandler):
    received: list[tuple[dict, bytes]] = []
    status = 201

    def do_POST(self):  # noqa: N802
        body = self.rfile.read(int(self.headers["Content-Length"]))
        type(self).received.append(({k.lower(): v for k, v in self.headers.items()}, body))
        self.send_response(type(self).status)
        self.end_headers()

    def log_message(self, *args):
        pass


@pytest.fixture
def push_server():
    PushEndpoint.received, PushEndpoint.status = [], 201
    server = ThreadingHTTPServer(("127.0.0.1", 0), PushEndpoint)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


def b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def test_vapid_command_writes_and_prints_keys(settings, tmp_path):
    settings.VAR_DIR = tmp_path
    out = io.StringIO()
    call_command("vapid", stdout=out)
    lines = dict(line.split("=", 1) for line in out.getvalue().splitlines())
    assert (tmp_path / "vapid_private.pem").exists()
    assert lines["SOTAY_VAPID_PRIVATE_KEY"] == str(tmp_path / "vapid_private.pem")
    assert len(base64.urlsafe_b64decode(lines["SOTAY_VAPID_PUBLIC_KEY"] + "==")) == 65
    assert conf.vapid().public_key == lines["SOTAY_VAPID_PUBLIC_KEY"]
    again = io.StringIO()
    call_command("vapid", stdout=again, stderr=io.StringIO())  # kept, not replaced
    assert again.getvalue() == out.getvalue()


def test_web_push_reaches_a_local_endpoint_and_decrypts_with_the_subscribers_key(cast, settings, tmp_path, push_server):
    settings.VAR_DIR = tmp_path
    call_command("vapid", stdout=io.StringIO())
    browser_key = ec.generate_private_key(ec.SECP256R1())
    public = browser_key.public_key().public_bytes(
        serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint
    )
    auth = b"0123456789abcdef"
    endpoint = f"http://127.0.0.1:{push_server.server_port}/push/abc"
    PushSubscription.objects.create(user=cast.member, endpoint=endpoint, p256dh=b64(public), auth=b64(auth))
    (n,) = notify(
        [cast.member], kind="announcement", title="Nghị quyết mới cần học tập", body="Hạn 31/12/2026", url="/handbook/"
    )
    assert deliver([n.pk]) == 1
    ((headers, body),) = PushEndpoint.received
    assert headers["content-encoding"] == "aes128gcm"
    assert f"k={conf.vapid().public_key}" in headers["authorization"]
    plain = http_ece.decrypt(body, private_key=browser_key, auth_secret=auth, version="aes128gcm")
    payload = json.loads(plain.decode("utf-8"))
    assert payload == {"title": "Nghị quyết mới cần học tập", "body": "Hạn 31/12/2026", "url": "/handbook/", "id": n.pk}
    assert Delivery.objects.get(notification=n, channel=Channel.PUSH).status == DeliveryStatus.SENT


def test_a_withdrawn_push_subscription_is_forgotten(cast, settings, tmp_path, push_server):
    settings.VAR_DIR = tmp_path
    call_command("vapid", stdout=io.StringIO())
    PushEndpoint.status = 410
    key = ec.generate_private_key(ec.SECP256R1()).public_key()
    public = key.public_bytes(serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint)
    endpoint = f"http://127.0.0.1:{push_server.server_port}/push/gone"
    PushSubscription.objects.create(user=cast.member, endpoint=endpoint, p256dh=b64(public), auth=b64(b"x" * 16))
    (n,) = notify([cast.member], kind="t", title="Không còn ai nhận")
    assert deliver([n.pk]) == 0
    assert not PushSubscription.objects.exists()
    assert Delivery.objects.get(notification=n).status == DeliveryStatus.GAVE_UP
