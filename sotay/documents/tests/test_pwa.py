"""The installable library: manifest, icons and service worker as static files; pages without inline script or
style (CSP)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

STATIC = Path(settings.BASE_DIR) / "static" / "documents"


def test_the_manifest_makes_the_library_installable():
    manifest = json.loads((STATIC / "manifest.webmanifest").read_text(encoding="utf-8"))
    assert manifest["display"] == "standalone" and manifest["start_url"] == "/documents/"
    assert manifest["name"] == "Sổ tay đảng viên" and manifest["lang"] == "vi"
    sizes = {icon["sizes"] for icon in manifest["icons"]}
    assert {"192x192", "512x512"} <= sizes
    for icon in manifest["icons"]:
        path = STATIC / Path(icon["src"]).name
        assert path.exists(), icon["src"]
        if icon["type"] == "image/png":
            from PIL import Image

            with Image.open(path) as image:
                assert f"{image.width}x{image.height}" == icon["sizes"]


def test_the_service_worker_caches_the_offline_page_and_the_bookmarks():
    sw = (STATIC / "sw.js").read_text(encoding="utf-8")
    assert '"/documents/offline/"' in sw and "/documents/offline/urls.json" in sw
    assert 'addEventListener("fetch"' in sw


@pytest.mark.django_db
def test_library_pages_carry_no_inline_script_or_style(client, library, cast):
    client.force_login(cast.provincial_officer)
    doc = library["294-QĐ/TW"]
    pages = [
        reverse("documents:library"),
        reverse("documents:library") + "?q=dang+phi",
        reverse("documents:detail", args=[doc.pk]),
        reverse("documents:edit", args=[doc.pk]),
        reverse("documents:create"),
        reverse("documents:bookmarks"),
        reverse("documents:offline"),
    ]
    for url in pages:
        response = client.get(url)
        assert response.status_code == 200, url
        body = response.content.decode()
        assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", body), url
        assert " style=" not in body and "<style" not in body, url
        assert (
            "Content-Security-Policy" in response.headers or "Content-Security-Policy-Report-Only" in response.headers
        )


@pytest.mark.django_db
def test_the_service_worker_is_served_without_sign_in_or_second_factor(client, cast, settings):
    """/documents/sw.js holds code, no data: anonymous visitors and a staff member who has not enrolled the second
    factor yet get the script itself, never a redirect to sign-in or to the enrolment page."""
    settings.SOTAY_REQUIRE_SECOND_FACTOR = True
    url = reverse("documents:service_worker")
    for who in (None, cast.provincial_officer, cast.member):
        if who is not None:
            client.force_login(who)
        response = client.get(url)
        assert response.status_code == 200, (who, response.get("Location"))
        assert response["Content-Type"].startswith("text/javascript")
        assert response["Service-Worker-Allowed"] == "/"
        assert b'addEventListener("fetch"' in response.content
    # The pages themselves still ask for the enrolment.
    assert client.get(reverse("documents:library")).status_code == 200  # a member without a device
    client.force_login(cast.provincial_officer)
    assert "/accounts/" in client.get(reverse("documents:library"))["Location"]
