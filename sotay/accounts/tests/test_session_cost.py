"""What a signed-in request costs (P4) and what it must still guarantee: the session is read from the shared cache
and not written on each request, the staff idle clock is written at most once a minute and still ends the session,
the member's name comes with the user."""

from __future__ import annotations

import datetime as dt
import time

import pytest
from django.conf import settings
from django.contrib.sessions.models import Session
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from sotay.accounts.backends import UsernameOrPhoneBackend

BACKEND = "sotay.accounts.backends.UsernameOrPhoneBackend"


@pytest.fixture
def clock(monkeypatch):
    """Moves "now" for the middleware, the session cache (time.time) and the session table (timezone.now)."""
    from django.utils import timezone

    real_time, real_now = time.time, timezone.now
    offset = {"s": 0.0}
    monkeypatch.setattr(time, "time", lambda: real_time() + offset["s"])
    monkeypatch.setattr(timezone, "now", lambda: real_now() + dt.timedelta(seconds=offset["s"]))
    return offset


def _session_writes(queries) -> list[str]:
    return [
        q["sql"]
        for q in queries.captured_queries
        if "django_session" in q["sql"] and not q["sql"].lstrip().upper().startswith("SELECT")
    ]


def _signed_in(client) -> bool:
    page = client.get(reverse("web:home"))
    return page.status_code == 200


def test_sessions_live_in_the_shared_cache_and_the_database():
    """The engine is decided (docs/decisions/0008-sessions-cached-db.md): cached_db over a cache every worker
    process shares (files), never a per-process memory cache."""
    assert settings.SESSION_ENGINE == "django.contrib.sessions.backends.cached_db"
    cache = settings.CACHES[settings.SESSION_CACHE_ALIAS]
    assert cache["BACKEND"] != "django.core.cache.backends.locmem.LocMemCache"


def test_a_members_signed_in_request_does_not_read_or_write_the_session_table(client, cast):
    client.force_login(cast.member, backend=BACKEND)
    assert _signed_in(client)
    with CaptureQueriesContext(connection) as queries:
        assert _signed_in(client)
    sqls = [q["sql"] for q in queries.captured_queries]
    assert not any("django_session" in sql for sql in sqls), sqls
    assert not any(sql.lstrip().upper().startswith(("INSERT", "UPDATE", "DELETE")) for sql in sqls), sqls


def test_the_members_name_comes_with_the_user_in_one_query(cast, django_assert_num_queries):
    with django_assert_num_queries(1):
        user = UsernameOrPhoneBackend().get_user(cast.member.pk)
        name = user.display_name()
    assert name == cast.member.member.full_name
    user.member = None  # set since: the loaded name no longer applies
    user.member_id = None
    assert user.display_name() == (user.get_full_name() or user.username)


def test_sign_out_ends_the_session_in_every_worker(client, cast):
    client.force_login(cast.member, backend=BACKEND)
    key = client.session.session_key
    client.post(reverse("accounts:logout"))
    other = client.__class__()  # another browser holding the old cookie, served by any worker
    other.cookies[settings.SESSION_COOKIE_NAME] = key
    assert other.get(reverse("web:home")).status_code == 302
    assert not Session.objects.filter(session_key=key).exists()


def test_a_password_change_ends_the_other_sessions(client, cast):
    client.force_login(cast.member, backend=BACKEND)
    assert _signed_in(client)
    cast.member.set_password("mot-mat-khau-moi-dai")
    cast.member.save()
    assert not _signed_in(client)


def test_the_staff_idle_clock_is_written_at_most_once_a_minute(client, cast, clock):
    client.force_login(cast.commune_committee, backend=BACKEND)
    assert _signed_in(client)
    assert client.session.get_expiry_age() == settings.SOTAY_STAFF_SESSION_IDLE_MINUTES * 60
    clock["s"] = 50
    with CaptureQueriesContext(connection) as queries:
        assert _signed_in(client)
    assert _session_writes(queries) == []
    clock["s"] = 61
    with CaptureQueriesContext(connection) as queries:
        assert _signed_in(client)
    assert _session_writes(queries)


def test_an_idle_staff_session_still_ends_and_a_member_stays(client, cast, clock):
    idle = settings.SOTAY_STAFF_SESSION_IDLE_MINUTES * 60
    client.force_login(cast.commune_committee, backend=BACKEND)
    member = client.__class__()
    member.force_login(cast.member, backend=BACKEND)
    assert _signed_in(client) and _signed_in(member)
    clock["s"] = 50  # not written: the clock still runs from the first request
    assert _signed_in(client)
    clock["s"] = idle + 1  # 29 min 11 s after the last request, 30 min 1 s after the last write
    assert not _signed_in(client)
    assert _signed_in(member)


def test_a_staff_session_used_each_minute_stays_signed_in(client, cast, clock):
    idle = settings.SOTAY_STAFF_SESSION_IDLE_MINUTES * 60
    client.force_login(cast.commune_committee, backend=BACKEND)
    assert _signed_in(client)
    clock["s"] = 61  # written: the clock restarts here
    assert _signed_in(client)
    clock["s"] = idle + 30
    assert _signed_in(client)
