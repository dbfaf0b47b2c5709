"""schemathesis against the live schema: every operation with generated input, as a committee with a read-write
token. Expect no server error and every documented response matching its schema. Derandomized and bounded, so it
is the same run every time and fits the CI time (API_CHECK_EXAMPLES per operation)."""

from __future__ import annotations

import os

import pytest
import schemathesis
from django.core.handlers.wsgi import WSGIHandler
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import content_type_conformance, response_schema_conformance

from sotay.api import tokens
from sotay.orgs.actor import Actor

EXAMPLES = int(os.environ.get("API_CHECK_EXAMPLES", "15"))


@pytest.mark.django_db
def test_every_operation_holds_against_generated_input(client, cast):
    from django.core.cache import cache

    _token, secret = tokens.create_token(
        actor=Actor.for_user(cast.commune_committee), name="schemathesis", read_only=False, days=1
    )
    client.force_login(cast.commune_committee)
    schema = schemathesis.openapi.from_dict(client.get("/api/v1/openapi.json").json())
    schema.app = WSGIHandler()
    headers = {"Authorization": f"Bearer {secret}"}
    operations = examples = 0
    failures: list[str] = []
    for result in schema.get_all_operations():
        operation = result.ok()
        operations += 1

        @given(case=operation.as_strategy())
        @settings(
            max_examples=EXAMPLES,
            derandomize=True,
            deadline=None,
            database=None,
            suppress_health_check=list(HealthCheck),
        )
        def run(case, operation=operation):
            nonlocal examples
            examples += 1
            cache.clear()  # the per-token throttle is not under test here
            response = case.call(headers=headers)
            try:
                case.validate_response(
                    response, checks=[not_a_server_error, response_schema_conformance, content_type_conformance]
                )
            except Exception as exc:  # collect every failing operation, not only the first
                failures.append(f"{operation.method.upper()} {operation.path}: {str(exc)[:300]}")
                raise

        try:
            run()
        except Exception:  # noqa: BLE001 - recorded above
            pass
    print(f"\nschemathesis: {operations} operations, {examples} examples, {len(failures)} failures")
    assert operations >= 20
    assert not failures, "\n".join(failures)
