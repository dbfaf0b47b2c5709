"""schemathesis against the live schema: every operation with generated input, as a committee with a read-write
token. Expect no server error and every documented response matching its schema. Derandomized and bounded, so it
is the same run every time and fits the CI time (API_CHECK_EXAMPLES per operation)."""

from __future__ import annotations

import os
from contextlib import contextmanager

import pytest
import schemathesis
from django.core.handlers.wsgi import WSGIHandler
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import content_type_conformance, response_schema_conformance

from sotay.api import tokens
from sotay.orgs.actor import Actor

EXAMPLES = int(os.environ.get("API_CHECK_EXAMPLES", "15"))


def _checker(operation, headers, failures: list[str], counter: list[int]):
    """The hypothesis test of one operation (built here: @given refuses a function with default arguments, which
    is how the loop variable would otherwise have to be bound)."""
    from django.core.cache import cache

    @given(case=operation.as_strategy())
    @settings(
        max_examples=EXAMPLES,
        derandomize=True,
        deadline=None,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    def run(case):
        counter[0] += 1
        cache.clear()  # the per-token throttle is not under test here
        response = case.call(headers=headers)
        try:
            case.validate_response(
                response, checks=[not_a_server_error, response_schema_conformance, content_type_conformance]
            )
        except Exception as exc:  # collect every failing operation, not only the first
            failures.append(f"{operation.method.upper()} {operation.path}: {str(exc)[:300]}")
            raise

    return run


@contextmanager
def _connection_kept_across_requests():
    """The WSGI transport sends Django's request signals, whose close_old_connections would close the test's
    connection inside its transaction (on PostgreSQL: "the connection is closed"); Django's test Client turns it
    off around each of its requests in the same way (and back on after, so this wraps only the WSGI calls)."""
    from django.core import signals
    from django.db import close_old_connections

    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    try:
        yield
    finally:
        signals.request_started.connect(close_old_connections)
        signals.request_finished.connect(close_old_connections)


@pytest.mark.django_db
def test_every_operation_holds_against_generated_input(client, cast):
    _token, secret = tokens.create_token(
        actor=Actor.for_user(cast.commune_committee), name="schemathesis", read_only=False, days=1
    )
    client.force_login(cast.commune_committee)
    schema = schemathesis.openapi.from_dict(client.get("/api/v1/openapi.json").json())
    schema.app = WSGIHandler()
    # The WSGI transport does not undo gzip (GZipMiddleware compresses large answers): ask for plain bodies.
    headers = {"Authorization": f"Bearer {secret}", "Accept-Encoding": "identity"}
    operations = 0
    counter = [0]
    failures: list[str] = []
    for result in schema.get_all_operations():
        operation = result.ok()
        operations += 1
        before = len(failures)
        run = _checker(operation, headers, failures, counter)
        try:
            with _connection_kept_across_requests():
                run()
        except Exception as exc:  # noqa: BLE001 - a failing example is recorded by the checker; anything else here
            if len(failures) == before:
                failures.append(f"{operation.method.upper()} {operation.path}: {type(exc).__name__}: {str(exc)[:300]}")
    examples = counter[0]
    print(f"\nschemathesis: {operations} operations, {examples} examples, {len(failures)} failures")
    assert operations >= 20
    assert examples >= operations  # every operation ran at least one generated example
    assert not failures, "\n".join(failures)
