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
