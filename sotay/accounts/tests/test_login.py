from __future__ import annotations

import pytest
from django.urls import reverse

from sotay.audit.models import AuditEntry

pytestmark = pytest.mark.django_db


def test_login_page_is_in_vietnamese(client):
    body = client.get(reverse("accounts:login")).content.decode()
    assert "Tên đăng nhập hoặc số điện thoại" in body and "Mật khẩu" in body


@pytest.mark.parametrize("login", ["chibo", "0912000001", "+84912000001", "0912 000 001"])
def test_login_with_username_or_phone(client, cast, login):
    response = client.post(reverse("accounts:login"), {"username": login, "password": "mat-khau-thu"})
    assert response.status_code == 302 and response["Location"] == reverse("web:home")
    entry = AuditEntry.objects.get(action="login")
    assert entry.actor == cast.cell_secretary


def test_failed_login_is_refused_in_vietnamese_and_counted_not_audited(client, cast):
    from axes.models import AccessAttempt

    response = client.post(reverse("accounts:login"), {"username": "chibo", "password": "sai"}, REMOTE_ADDR="192.0.2.7")
    assert response.status_code == 200
    assert "không đúng" in response.content.decode()
    # One failure is counted for the lockout (accounts/security.py); the audit log gets an entry per lockout only.
    assert AccessAttempt.objects.get(username="chibo").failures_since_start == 1
    assert not AuditEntry.objects.exists()


def test_logout_is_a_post_and_audited(client, cast):
    client.force_login(cast.member)
    response = client.post(reverse("accounts:logout"))
    assert response.status_code == 302
    assert AuditEntry.objects.filter(action="logout", actor=cast.member).exists()


def test_vietnamese_is_the_default_whatever_the_browser_says(client, cast):
    client.force_login(cast.member)
    body = client.get(reverse("web:home"), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").content.decode()
    assert 'lang="vi"' in body and "Trang chủ" in body


def test_language_switch_to_english(client, cast):
    client.force_login(cast.member)
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    body = client.get(reverse("web:home"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert 'lang="en"' in body
    assert ">Home<" in body and "Trang chủ" not in body


@pytest.mark.parametrize(
    "login",
    ["a" * 100_000, "chibo%" * 20_000, "chi\x00bo", "0912" + "_" * 60_000, "\u202echibo", "😀" * 50_000],
    ids=["100k", "like-wildcards", "nul", "underscores", "rtl", "emoji"],
)
def test_a_hostile_login_name_gets_a_message_not_a_500(client, cast, login):
    response = client.post(reverse("accounts:login"), {"username": login, "password": "sai"})
    assert response.status_code == 200
    body = response.content.decode()
    assert "dài quá" in body or "không đúng" in body


def test_the_backend_refuses_an_overlong_login_without_asking_the_database(cast):
    from django.contrib.auth import authenticate
    from django.db import connection
    from django.test import RequestFactory
    from django.test.utils import CaptureQueriesContext

    request = RequestFactory().post("/accounts/login/")  # django-axes counts failures by request
    with CaptureQueriesContext(connection) as queries:
        assert authenticate(request, username="a" * 100_000, password="mat-khau-thu") is None
    assert not [q for q in queries.captured_queries if "accounts_user" in q["sql"]]
