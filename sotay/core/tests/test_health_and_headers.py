"""/healthz, /favicon.ico, `Cache-Control: no-store` for signed-in users, gzip, and `sotay serve`'s gunicorn."""

from __future__ import annotations

import datetime as dt
import gzip
import re

import pytest
from django.core.management import call_command
from django.db import OperationalError, connection
from django.db.migrations.recorder import MigrationRecorder
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone

from sotay.core import health
from sotay.core.models import WorkerHeartbeat

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_migration_check(monkeypatch):
    monkeypatch.setattr(health, "_migrations_done", False)


def test_healthz_is_200_when_database_migrations_and_worker_are_fine(client):
    health.beat("worker@test")
    response = client.get("/healthz")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok" and body["database"] == "ok" and body["migrations"] == "ok"
    assert body["worker"] == "ok" and body["worker_last_seen_seconds"] < 60
    assert set(body) <= {"status", "database", "migrations", "worker", "worker_last_seen_seconds", "pending_migrations"}
    assert "no-cache" in response["Cache-Control"]


def test_healthz_is_503_when_the_worker_never_beat(client):
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["worker"] == "never seen"


def test_healthz_is_503_when_the_heartbeat_is_stale(client, settings):
    settings.HEALTHZ_WORKER_MAX_AGE = 300
    WorkerHeartbeat.objects.create(name="worker@old", beat_at=timezone.now() - dt.timedelta(minutes=6))
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["worker"] == "stale" and response.json()["worker_last_seen_seconds"] >= 360


def test_healthz_is_503_when_a_migration_is_pending(client):
    health.beat("worker@test")
    from django.db import connection
    from django.db.migrations.loader import MigrationLoader

    latest = max(name for app, name in MigrationLoader(connection).graph.leaf_nodes() if app == "core")
    MigrationRecorder.Migration.objects.filter(app="core", name=latest).delete()
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["migrations"] == "pending" and response.json()["pending_migrations"] == 1


def test_healthz_is_503_when_the_database_does_not_answer(client):
    def refuse(execute, sql, params, many, context):
        raise OperationalError("connection refused")

    with connection.execute_wrapper(refuse):
        response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json() == {"status": "fail", "database": "down", "migrations": "unknown", "worker": "unknown"}


def test_healthz_needs_no_login_and_no_https_redirect(client, settings):
    settings.SECURE_SSL_REDIRECT = True
    health.beat("worker@test")
    assert client.get("/healthz").status_code == 200
    assert client.get(reverse("web:home")).status_code == 301  # the rest of the site goes to https


@pytest.mark.django_db(transaction=True)  # the worker closes its database connection when done
def test_worker_batch_writes_the_heartbeat(settings):
    settings.PERIODIC_TASKS = {}
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    call_command("worker", "--batch", "--no-periodic", verbosity=0)
    assert WorkerHeartbeat.objects.get().beat_at > timezone.now() - dt.timedelta(minutes=1)


def test_favicon(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 302 and response["Location"] == "/static/favicon.ico"


def test_pages_link_the_favicon(client, cast):
    client.force_login(cast.member)
    html = client.get(reverse("web:home")).content.decode()
    assert 'rel="icon" href="/static/favicon.ico"' in html and "favicon.svg" in html


def test_signed_in_pages_are_not_stored_anonymous_responses_are_left_alone(client, cast):
    client.force_login(cast.cell_secretary)
    response = client.get(reverse("web:home"))
    assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]
    sw = client.get(reverse("documents:service_worker"))
    assert sw["Cache-Control"] == "no-cache"  # a response's own Cache-Control is kept
    client.logout()
    assert not client.get("/favicon.ico").has_header("Cache-Control")


def test_api_answers_are_not_stored(client, cast):
    from sotay.api.tokens import create_token
    from sotay.orgs.actor import Actor

    _token, secret = create_token(actor=Actor.for_user(cast.member), name="Điện thoại", read_only=True, days=30)
    response = client.get("/api/v1/me", headers={"authorization": f"Bearer {secret}"})
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]
    assert "no-store" in client.get("/api/v1/me")["Cache-Control"]  # 401 too


def test_html_is_gzipped_but_binary_exports_are_not(client, cast):
    client.force_login(cast.cell_secretary)
    response = client.get(reverse("web:home"), headers={"accept-encoding": "gzip"})
    assert response["Content-Encoding"] == "gzip"
    assert b"<html" in gzip.decompress(response.content)
    from django.http import HttpResponse

    from sotay.core.middleware import TextGZipMiddleware

    request = RequestFactory().get("/", headers={"accept-encoding": "gzip"})
    pdf = HttpResponse(b"%PDF-1.7 " * 100, content_type="application/pdf")
    assert not TextGZipMiddleware(lambda r: pdf)(request).has_header("Content-Encoding")
    csv = HttpResponse("Họ và tên;Chi bộ\n" * 100, content_type="text/csv; charset=utf-8")
    assert TextGZipMiddleware(lambda r: csv)(request)["Content-Encoding"] == "gzip"


def test_serve_runs_gunicorn_without_the_shared_control_socket(monkeypatch, tmp_path, settings):
    import os

    settings.LOG_DIR = tmp_path
    calls = []
    monkeypatch.setattr(os, "execv", lambda exe, argv: calls.append(argv))
    call_command("serve", "--port", "8161")
    argv = calls[0]
    assert "--no-control-socket" in argv and "--control-socket" not in argv
    assert argv[argv.index("--access-logfile") + 1] == str(tmp_path / "access.log")
    call_command("serve", "--port", "8162", "--control-socket", str(tmp_path / "gunicorn.ctl"))
    assert calls[1][calls[1].index("--control-socket") + 1] == str(tmp_path / "gunicorn.ctl")
    assert "--no-control-socket" not in calls[1]


def test_collected_static_files_have_hashed_names_and_a_one_year_cache(settings, tmp_path, cast):
    from django.test import Client

    settings.STATIC_ROOT = tmp_path / "static"
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
    }
    call_command("collectstatic", "--noinput", verbosity=0)  # fails on a reference to a missing file
    client = Client()  # a new handler: WhiteNoise scans STATIC_ROOT when it starts
    client.force_login(cast.member)
    html = client.get(reverse("web:home")).content.decode()
    css = re.search(r'href="(/static/css/sotay\.[0-9a-f]{12}\.css)"', html)
    assert css, "the page links the hashed stylesheet"
    response = client.get(css[1])
    assert response.status_code == 200
    assert "max-age=315360000" in response["Cache-Control"] and "immutable" in response["Cache-Control"]
    assert "no-store" not in response["Cache-Control"]
    icon = client.get("/favicon.ico", follow=True)
    assert icon.status_code == 200 and icon.redirect_chain[0][0].startswith("/static/favicon.")
