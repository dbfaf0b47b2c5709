from __future__ import annotations

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_pages_send_a_content_security_policy_that_allows_only_our_origin(client, cast):
    client.force_login(cast.member)
    response = client.get(reverse("web:home"))
    policy = response["Content-Security-Policy"]
    assert "default-src 'self'" in policy and "frame-ancestors 'none'" in policy
    assert "unsafe-inline" not in policy
    assert response["X-Frame-Options"] == "DENY"


def test_static_assets_are_public_but_pages_are_not(client, cast):
    assert client.get(reverse("web:org_tree")).status_code == 302
    assert client.get(reverse("accounts:login")).status_code == 200
