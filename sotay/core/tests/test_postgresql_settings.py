"""PostgreSQL connections run without JIT compilation (docs/decisions/0012-postgresql-without-jit.md)."""

from __future__ import annotations

import pytest
from django.db import connection


@pytest.mark.django_db
@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="a PostgreSQL setting; runs in make test's PostgreSQL half"
)
def test_the_apps_postgresql_connections_do_not_compile_queries():
    with connection.cursor() as cursor:
        cursor.execute("SHOW jit")
        assert cursor.fetchone()[0] == "off"
