"""SQLite under concurrent use: transactions take the write lock when they begin and writers wait
for it, so a read transaction that turns into a write never fails at once with "database is locked" (the load test
in test_load.py shows the effect with real processes)."""

from __future__ import annotations

import pytest
from django.db import connection, transaction


@pytest.mark.django_db
def test_sqlite_begins_immediate_in_wal_with_a_busy_timeout(settings):
    if connection.vendor != "sqlite":
        pytest.skip("SQLite settings only; PostgreSQL locks rows, not the whole database")
    options = settings.DATABASES["default"]["OPTIONS"]
    assert options["transaction_mode"] == "IMMEDIATE"
    assert options["timeout"] >= 10
    assert "journal_mode=WAL" in options["init_command"]
    with transaction.atomic():
        assert connection.transaction_mode == "IMMEDIATE"
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA busy_timeout")
            assert cursor.fetchone()[0] == options["timeout"] * 1000


def test_a_database_connection_is_kept_between_requests_unless_configured_otherwise(monkeypatch):
    """P4: opening a connection per request cost more than the rest of a signed-in request (decision 0008)."""
    from sotay import settings as project

    monkeypatch.delenv("DB_CONN_MAX_AGE", raising=False)
    kept = project.database_from_env()
    assert kept["CONN_MAX_AGE"] == project.CONN_MAX_AGE_DEFAULT > 0
    assert kept["CONN_HEALTH_CHECKS"] is True
    monkeypatch.setenv("DB_CONN_MAX_AGE", "0")
    assert project.database_from_env()["CONN_MAX_AGE"] == 0
