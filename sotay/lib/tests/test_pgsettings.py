"""A PostgreSQL setting changed for a few statements and set back (sotay.lib.pgsettings)."""

from __future__ import annotations

from contextlib import nullcontext

import pytest
from django.db import connection, transaction

from sotay.lib.pgsettings import setting

pytestmark = pytest.mark.django_db(transaction=True)


def _work_mem(cursor) -> str:
    cursor.execute("SELECT current_setting('work_mem')")
    return cursor.fetchone()[0]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="a PostgreSQL server setting; SQLite has none")
@pytest.mark.parametrize("in_transaction", [False, True])
def test_set_inside_and_back_after(in_transaction):
    with connection.cursor() as cursor:
        before = _work_mem(cursor)
        with transaction.atomic() if in_transaction else nullcontext():
            with setting(cursor, "work_mem", "77MB"):
                assert _work_mem(cursor) == "77MB"
            assert _work_mem(cursor) == before
        assert _work_mem(cursor) == before


@pytest.mark.skipif(connection.vendor != "postgresql", reason="a PostgreSQL server setting; SQLite has none")
def test_set_back_after_an_error_outside_a_transaction_and_by_the_rollback_inside_one():
    with connection.cursor() as cursor:
        before = _work_mem(cursor)
        with pytest.raises(ZeroDivisionError), setting(cursor, "work_mem", "77MB"):
            _ = 1 / 0
        assert _work_mem(cursor) == before
        with pytest.raises(ZeroDivisionError), transaction.atomic(), setting(cursor, "work_mem", "77MB"):
            _ = 1 / 0
        assert _work_mem(cursor) == before


def test_nothing_on_sqlite_and_the_statements_run():
    with connection.cursor() as cursor, setting(cursor, "work_mem", "77MB"):
        cursor.execute("SELECT 1")
        assert cursor.fetchone()[0] == 1
