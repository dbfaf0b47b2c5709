"""The recovery codes page offers to print and to copy the codes (issue 14 review leftover)."""

from __future__ import annotations

from pathlib import Path

from django.template.loader import render_to_string
from django.test import RequestFactory

from sotay.accounts.models import User


def test_recovery_codes_page_has_print_and_copy_buttons_revealed_by_its_script(db):
    request = RequestFactory().get("/accounts/security/")
    request.user = User.objects.create_user(username="a", password="mat-khau-thu")
    html = render_to_string("accounts/recovery_codes.html", {"codes": ["abcd-1234"], "next": "/"}, request=request)
    assert "data-recovery-codes" in html and "<code>abcd-1234</code>" in html
    assert "In các mã" in html and "Sao chép các mã" in html
    assert "core/recovery.js" in html
    script = (Path(__file__).resolve().parents[3] / "static" / "core" / "recovery.js").read_text()
    assert "window.print()" in script and "navigator.clipboard.writeText" in script
