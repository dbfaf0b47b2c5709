"""The fast path of the member's cached home page (fastpath.py, P4): it answers only what the full stack would answer
with the same page, with the same headers and this browser's own CSRF token; everything else goes to the full
stack."""

from __future__ import annotations

import re
import time

import pytest
from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.middleware.csrf import _unmask_cipher_token
from django.test import Client
from django.urls import reverse

from conftest import build_cast
from sotay.accounts.middleware import NO_DEVICE_KEY
from sotay.web.fastpath import MemberHomeFastPath

pytestmark = pytest.mark.django_db(transaction=True)  # outside a transaction, as in production: the page is cached

BACKEND = "sotay.accounts.backends.UsernameOrPhoneBackend"
FAST = "sotay.web.fastpath.MemberHomeFastPath"
TOKEN = re.compile(r"(?<![A-Za-z0-9])[A-Za-z0-9]{64}(?![A-Za-z0-9])")
SECRET_A, SECRET_B = "a" * 16 + "B" * 16, "c" * 16 + "D" * 16


@pytest.fixture(autouse=True)
def _second_factor_required(settings):
    settings.SOTAY_REQUIRE_SECOND_FACTOR = True  # as in production (the tests' default is off)


@pytest.fixture
def served(monkeypatch):
    """What the fast path answered: True for each request it served, False for each it handed over."""
    record: list[bool] = []
    serve = MemberHomeFastPath._serve

    def spy(self, request):
        response = serve(self, request)
        record.append(response is not None)
        return response

    monkeypatch.setattr(MemberHomeFastPath, "_serve", spy)
    return record


def _browser(user, secret=SECRET_A) -> Client:
    client = Client()
    client.force_login(user, backend=BACKEND)
    client.cookies[settings.CSRF_COOKIE_NAME] = secret
    return client


def _warm(client) -> None:
    """The first page goes through the full stack: it fills the page cache and remembers "no second factor"."""
    assert client.get("/").status_code == 200


def test_a_cached_home_page_is_served_fast_as_the_full_stack_serves_it(served, settings):
    cast = build_cast()
    fast = _browser(cast.member)
    _warm(fast)
    served.clear()
    response = fast.get("/")
    assert response.status_code == 200 and served == [True]
    settings.MIDDLEWARE = [m for m in settings.MIDDLEWARE if m != FAST]
    full = Client()
    full.cookies = fast.cookies
    normal = full.get("/")
    assert normal.status_code == 200 and served == [True]  # the second answer came from the full stack
    assert TOKEN.sub("T", response.content.decode()) == TOKEN.sub("T", normal.content.decode())
    names = (
        "Content-Type", "Content-Language", "Vary", "Cache-Control", "X-Frame-Options", "Content-Security-Policy",
        "X-Content-Type-Options", "Referrer-Policy", "Cross-Origin-Opener-Policy", "Strict-Transport-Security",
    )  # fmt: skip
    assert {n: response.get(n) for n in names} == {n: normal.get(n) for n in names}
    assert response["Cache-Control"] == "private, no-store" or "no-store" in response["Cache-Control"]
    assert response["X-Frame-Options"] == "DENY" and "frame-ancestors 'none'" in response["Content-Security-Policy"]
    assert sorted(response.cookies) == sorted(normal.cookies)  # the CSRF cookie renewed by both, nothing else
    assert "nonce" not in response.content.decode()  # a cached page cannot carry a per-response nonce


def test_each_browser_gets_tokens_of_its_own_csrf_secret(served):
    cast = build_cast()
    phone, computer = _browser(cast.member, SECRET_A), _browser(cast.member, SECRET_B)
    _warm(phone)
    _warm(computer)  # its own session learns "no second factor" once; the page comes from the cache already
    served.clear()
    pages = [phone.get("/"), computer.get("/"), phone.get("/")]
    assert served == [True, True, True]
    for page, secret in zip(pages, (SECRET_A, SECRET_B, SECRET_A), strict=True):
        tokens = TOKEN.findall(page.content.decode())
        assert tokens and all(_unmask_cipher_token(t) == secret for t in tokens)
        assert page.cookies[settings.CSRF_COOKIE_NAME].value == secret
    assert TOKEN.findall(pages[0].content.decode())[0] != TOKEN.findall(pages[2].content.decode())[0]  # masked anew


def test_a_browser_without_a_csrf_cookie_gets_a_new_secret(served):
    cast = build_cast()
    phone = _browser(cast.member)
    _warm(phone)
    served.clear()
    del phone.cookies[settings.CSRF_COOKIE_NAME]
    page = phone.get("/")
    secret = page.cookies[settings.CSRF_COOKIE_NAME].value
    assert served == [True] and len(secret) == 32
    assert all(_unmask_cipher_token(t) == secret for t in TOKEN.findall(page.content.decode()))


def test_each_member_gets_their_own_page(served, settings):
    settings.SOTAY_REQUIRE_SECOND_FACTOR = False  # the fast path serves without the remembered "no device" too
    cast = build_cast()
    first, second = _browser(cast.member), _browser(cast.cell_secretary)
    from sotay.orgs.models import Role, RoleGrant

    RoleGrant.objects.filter(user=cast.cell_secretary).update(role=Role.MEMBER)  # a plain member too
    _warm(first)
    _warm(second)
    served.clear()
    mine, theirs = first.get("/").content.decode(), second.get("/").content.decode()
    assert served == [True, True]
    assert cast.member_member.full_name in mine and cast.secretary_member.full_name not in mine
    assert cast.secretary_member.full_name in theirs and cast.member_member.full_name not in theirs


def test_a_signed_out_unknown_or_expired_session_is_not_served(served, monkeypatch):
    from django.utils import timezone

    cast = build_cast()
    phone = _browser(cast.member)
    _warm(phone)
    stranger = Client()
    stranger.cookies[settings.SESSION_COOKIE_NAME] = "x" * 32
    assert stranger.get("/").status_code == 302
    elsewhere = Client()
    elsewhere.cookies = phone.cookies
    elsewhere.post(reverse("accounts:logout"))  # the same session signed out (on another worker, say)
    response = phone.get("/")
    assert response.status_code == 302 and reverse("accounts:login") in response["Location"]
    assert True not in served

    later = _browser(cast.member)
    _warm(later)
    served.clear()
    real_time, real_now = time.time, timezone.now
    age = settings.SESSION_COOKIE_AGE + 60
    monkeypatch.setattr(time, "time", lambda: real_time() + age)
    monkeypatch.setattr(timezone, "now", lambda: real_now() + timezone.timedelta(seconds=age))
    assert later.get("/").status_code == 302 and served in ([], [False])


def test_a_changed_password_or_a_disabled_account_ends_the_session(served):
    cast = build_cast()
    phone = _browser(cast.member)
    _warm(phone)
    user = cast.member
    user.set_password("mat-khau-moi-123")
    user.save()
    assert phone.get("/").status_code == 302 and served[-1] is False
    assert SESSION_KEY not in phone.session  # flushed, as Django does on a password hash mismatch

    other = _browser(cast.member)
    _warm(other)
    type(user).objects.filter(pk=user.pk).update(is_active=False)
    assert other.get("/").status_code == 302 and served[-1] is False


def test_staff_are_left_to_the_full_stack(served, settings):
    cast = build_cast()
    secretary = _browser(cast.cell_secretary)  # a cell committee role: idle timeout and second factor apply
    response = secretary.get("/")
    assert response.status_code == 302 and reverse("accounts:two_factor_enrol") in response["Location"]
    assert served == [False]
    settings.SOTAY_REQUIRE_SECOND_FACTOR = False  # even then: the staff idle clock is the full stack's
    assert secretary.get("/").status_code == 200 and secretary.get("/").status_code == 200
    assert served == [False, False, False]


def test_a_member_with_a_second_factor_is_asked_for_it(served):
    from django_otp.plugins.otp_totp.models import TOTPDevice

    cast = build_cast()
    phone = _browser(cast.member)
    _warm(phone)
    TOTPDevice.objects.create(user=cast.member, name="Sổ tay", confirmed=True)
    session = phone.session
    session[NO_DEVICE_KEY] = int(time.time()) - 601  # the remembered "no device" has run out
    session.save()
    served.clear()
    response = phone.get("/")
    assert response.status_code == 302 and served == [False]
    session = phone.session
    session["otp_device_id"] = "otp_totp.totpdevice/1"  # a session bound to a device: the full stack decides
    session[NO_DEVICE_KEY] = int(time.time())
    session.save()
    phone.get("/")
    assert served[-1] is False


def test_other_requests_go_to_the_full_stack(served):
    cast = build_cast()
    phone = _browser(cast.member)
    _warm(phone)
    served.clear()
    assert phone.get("/?tab=1").status_code == 200
    assert phone.get("/", headers={"HX-Request": "true"}).status_code == 200
    assert phone.head("/").status_code == 405
    assert phone.post("/").status_code in (403, 405)
    assert Client().get("/").status_code == 302  # no session at all
    assert served == []  # none of them was even a candidate
    session = phone.session
    from django.contrib.messages import constants
    from django.contrib.messages.storage.session import SessionStorage

    session[SessionStorage.session_key] = '[["__json_message",0,' + str(constants.INFO) + ',"Xin chào"]]'
    session.save()
    assert "Xin chào" in phone.get("/").content.decode() and served == [False]


def test_the_masked_token_is_djangos_token_of_the_same_secret():
    from django.middleware.csrf import CSRF_ALLOWED_CHARS
    from django.test import RequestFactory

    from sotay.web.fastpath import masked_token

    request = RequestFactory().get("/")
    request.META["CSRF_COOKIE"] = SECRET_B
    tokens = {masked_token(request) for _ in range(200)}
    assert len(tokens) == 200 and all(len(t) == 64 and set(t) <= set(CSRF_ALLOWED_CHARS) for t in tokens)
    assert {_unmask_cipher_token(t) for t in tokens} == {SECRET_B}
    assert request.META["CSRF_COOKIE_NEEDS_UPDATE"] is True
    masks = "".join(t[:32] for t in tokens)
    assert len(set(masks)) == len(CSRF_ALLOWED_CHARS)  # every character is drawn (6,400 draws)
    fresh = RequestFactory().get("/")  # no cookie: Django's own get_token makes a new secret
    token = masked_token(fresh)
    assert _unmask_cipher_token(token) == fresh.META["CSRF_COOKIE"]


def test_the_security_policy_follows_the_settings(served, settings):
    cast = build_cast()
    phone = _browser(cast.member)
    _warm(phone)
    served.clear()
    assert "img-src 'self' data:" in phone.get("/")["Content-Security-Policy"]
    settings.CONTENT_SECURITY_POLICY = {"DIRECTIVES": {"default-src": ["'self'"], "img-src": ["'self'"]}}
    response = phone.get("/")
    assert sorted(response["Content-Security-Policy"].split("; ")) == ["default-src 'self'", "img-src 'self'"]
    assert served == [True, True]
