from __future__ import annotations

import pytest

from sotay.core.compiled import CompiledQuery
from sotay.members.models import Member

pytestmark = pytest.mark.django_db


def test_compiled_query_gives_the_orm_result_for_new_values(cast):
    query = CompiledQuery.from_queryset(
        Member.objects.filter(organization__code="\x00code").order_by("pk").values_list("full_name"),
        {"code": "\x00code"},
    )
    for org in (cast.cell_a, cast.cell_b):
        expected = list(Member.objects.filter(organization=org).order_by("pk").values_list("full_name"))
        assert query.fetchall(code=org.code) == expected


def test_a_placeholder_missing_from_the_query_is_an_error(cast):
    with pytest.raises(ValueError, match="placeholders not found"):
        CompiledQuery.from_queryset(Member.objects.filter(gender="M"), {"code": "\x00nowhere"})


def test_compiled_model_query_gives_the_instances_the_queryset_gives(cast):
    from django.db.models import F

    from sotay.core.compiled import CompiledModelQuery

    def build(connection):
        queryset = (
            Member.objects.filter(organization__code="\x00code")
            .select_related("organization")
            .annotate(org_name=F("organization__name"))
            .order_by("pk")
        )
        return queryset, {"code": "\x00code"}

    query = CompiledModelQuery(build)
    for org in (cast.cell_a, cast.cell_b, cast.province):
        expected = list(
            Member.objects.filter(organization=org)
            .select_related("organization")
            .annotate(org_name=F("organization__name"))
            .order_by("pk")
        )
        got = query.fetch(code=org.code)
        assert [(m.pk, m.full_name, m.joined_on, m.organization.path, m.org_name) for m in got] == [
            (m.pk, m.full_name, m.joined_on, m.organization.path, m.org_name) for m in expected
        ]
    with pytest.raises(ValueError, match="placeholders not found"):
        CompiledModelQuery(lambda c: (Member.objects.all(), {"x": "\x00nowhere"})).fetch(x=1)
