"""Exit 0 when the PostgreSQL server named by the URL answers, 1 otherwise (used by `make test`)."""

import sys

import psycopg

url = sys.argv[1]
# Ask the maintenance database: the test database does not exist yet.
base = url.rsplit("/", 1)[0] + "/postgres"
try:
    psycopg.connect(base, connect_timeout=3).close()
except Exception as exc:  # noqa: BLE001 - any failure means "no server"
    print(f"PostgreSQL not reachable: {exc}", file=sys.stderr)
    sys.exit(1)
sys.exit(0)
