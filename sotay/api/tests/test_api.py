"""The JSON API: tokens, session with CSRF, the same scope as the pages, problem+json errors, throttling."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from sotay.api.models import ApiToken
from sotay.audit.models import AuditEntry

pytestmark = pytest.mark.django_db
API = "/api/v1"


def _token(client, user, *, read_only=True, days=30) -> str:
    client.force_login(user)
    page = client.post(
        reverse("api_tokens:list"), {"name": "Điện thoại", "read_only": "1" if read_only else "0", "days": str(days)}
    )
    secret = re.search(r'<code class="secret">(sotay_[^<]+)</code>', page.content.decode()).group(1)
    client.logout()
    return secret


def _bearer(token: str) -> dict:
    return {"HTTP_AUTHORIZATION": f"Bearer {token}"}


def test_token_is_shown_once_stored_hashed_and_each_use_is_audited(client, cast):
    secret = _token(client, cast.member)
    stored = ApiToken.objects.get(user=cast.member)
    assert secret not in (stored.token_hash, stored.prefix) and secret.startswith(stored.prefix)
    response = Client().get(f"{API}/me", **_bearer(secret))
    assert response.status_code == 200
    body = response.json()
    assert body["full_name"] == "Nguyễn Văn Ấn" and body["organization"]["name"] == "Chi bộ thôn Đông"
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", body["birth_on"])  # ISO 8601
    assert AuditEntry.objects.filter(action="api.token_used", actor=cast.member).exists()


def test_no_credentials_is_401_problem_json(client):
    response = client.get(f"{API}/me")
    assert response.status_code == 401
    assert response["Content-Type"].startswith("application/problem+json")
    assert response.json()["title"].startswith("Cần đăng nhập")


def test_read_only_token_cannot_write_and_revoked_or_expired_tokens_stop(client, cast):
    secret = _token(client, cast.member, read_only=True)
    refused = Client().post(f"{API}/announcements/1/read", **_bearer(secret))
    assert refused.status_code == 403 and "chỉ được đọc" in refused.json()["title"]
    token = ApiToken.objects.get(user=cast.member)
    token.expires_at = timezone.now() - dt.timedelta(seconds=1)
    token.save()
    assert Client().get(f"{API}/me", **_bearer(secret)).status_code == 401
    token.expires_at = None
    token.save()
    client.force_login(cast.member)
    client.post(reverse("api_tokens:revoke", args=[token.pk]))
    assert Client().get(f"{API}/me", **_bearer(secret)).status_code == 401
    assert AuditEntry.objects.filter(action="api.token_revoked").exists()


def test_session_needs_csrf_for_unsafe_methods(cast):
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(cast.member)
    assert browser.get(f"{API}/me").status_code == 200
    assert browser.post(f"{API}/announcements/1/read").status_code == 403


def test_committee_sees_its_subtree_only_and_member_reads_are_audited(client, cast):
    secret = _token(client, cast.commune_committee)
    listing = Client().get(f"{API}/orgs/{cast.commune_a.pk}/members", **_bearer(secret))
    assert listing.status_code == 200
    names = [m["full_name"] for m in listing.json()["items"]]
    assert "Nguyễn Văn Ấn" in names and "Đỗ Văn Hải" not in names
    assert Client().get(f"{API}/orgs/{cast.commune_b.pk}/members", **_bearer(secret)).status_code == 404
    outsider = cast.outsider_members[1]
    assert Client().get(f"{API}/members/{outsider.pk}", **_bearer(secret)).status_code == 404
    detail = Client().get(f"{API}/members/{cast.member_member.pk}", **_bearer(secret))
    assert detail.status_code == 200 and "citizen_id" in detail.json()
    assert AuditEntry.objects.filter(action="view", object_id=str(cast.member_member.pk)).exists()
    member_secret = _token(client, cast.member)
    assert Client().get(f"{API}/orgs/{cast.cell_a.pk}/members", **_bearer(member_secret)).status_code == 404


def test_statistics_and_tree(client, cast):
    secret = _token(client, cast.commune_committee)
    stats = Client().get(f"{API}/orgs/{cast.commune_a.pk}/statistics", **_bearer(secret)).json()
    assert stats["groups"]["total"][0]["count"] == 5  # four in Chi bộ thôn Đông, one teacher
    tree = Client().get(f"{API}/orgs/tree", **_bearer(secret)).json()
    assert {n["name"] for n in tree} >= {"Đảng bộ xã Đông Tiến", "Chi bộ thôn Đông"}
    assert "Chi bộ tổ dân phố số 3" not in {n["name"] for n in tree}


def test_bad_input_is_422_with_vietnamese_field_errors_never_500(client, cast):
    secret = _token(client, cast.commune_committee)
    bad = Client().get(f"{API}/orgs/{cast.commune_a.pk}/statistics?on=31-12-2025", **_bearer(secret))
    assert bad.status_code == 422 and bad["Content-Type"].startswith("application/problem+json")
    assert bad.json()["errors"][0]["field"] == "on" and "yyyy-mm-dd" in bad.json()["errors"][0]["message"]
    future = Client().get(f"{API}/orgs/{cast.commune_a.pk}/statistics?on=9999-12-31", **_bearer(secret))
    assert future.status_code == 422
    write = _token(client, cast.member, read_only=False)
    for body in ("{", "[]", '{"answer": 5}', "x" * 5000):
        response = Client().post(f"{API}/invitations/1/rsvp", body, content_type="application/json", **_bearer(write))
        assert response.status_code in (404, 422), body
    assert Client().get(f"{API}/orgs/999999999999999999999/members", **_bearer(secret)).status_code in (404, 422)


def test_throttled_per_token(client, cast, settings):
    from sotay.api import core

    secret = _token(client, cast.member)
    throttle = core.api.throttle[0]
    old = throttle.rate, throttle.num_requests, throttle.duration
    throttle.num_requests, throttle.duration = 3, 60
    try:
        from django.core.cache import cache

        cache.clear()
        codes = [Client().get(f"{API}/me", **_bearer(secret)).status_code for _i in range(5)]
    finally:
        throttle.rate, throttle.num_requests, throttle.duration = old
    assert codes[:3] == [200, 200, 200] and codes[-1] == 429


def test_schema_and_docs_for_signed_in_users(client, cast):
    assert client.get(f"{API}/docs").status_code == 302
    assert client.get(f"{API}/openapi.json").status_code == 302
    client.force_login(cast.provincial_officer)
    schema = client.get(f"{API}/openapi.json")
    assert schema.status_code == 200 and "/api/v1/me" in schema.json()["paths"]
    assert client.get(f"{API}/docs").status_code == 200
