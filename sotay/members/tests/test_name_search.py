"""The member search at scale (issue 18): diacritics, case and "đ" ignored, matches sorted by given name, and on
PostgreSQL a trigram index on the folded name that serves `LIKE '%word%'` (migration 0012). Run on both engines."""

from __future__ import annotations

import pytest
from django.db import connection
from django.urls import reverse

from sotay.members.models import Member
from sotay.members.tests.factories import MemberFactory

from .test_views_member_list import names_in

pytestmark = pytest.mark.django_db

NAMES = ["Đặng Văn Đức", "Nguyễn Thị Đào", "Đỗ Đình Dũng", "Trần Văn Dung", "Lê Văn Đông", "Phạm Thị Hoa"]


@pytest.fixture
def people(cast):
    for name in NAMES:
        MemberFactory(full_name=name, organization=cast.cell_a)
    return cast


def test_search_ignores_diacritics_case_and_dd_and_sorts_by_given_name(client, people):
    client.force_login(people.commune_committee)
    for query in ("dung", "DUNG", "Dũng", "đung"):
        body = client.get(reverse("members:list"), {"q": query}).content.decode()
        # By given name first (Dung/Dũng: the same letters, so the middle name decides: Đình < Đức < Văn; tones
        # only after every name), never by family name.
        assert names_in(body, ["Trần Văn Dung", "Đỗ Đình Dũng", "Phạm Đức Dũng"]) == [
            "Đỗ Đình Dũng",
            "Phạm Đức Dũng",
            "Trần Văn Dung",
        ], query
        assert "Phạm Thị Hoa" not in body and "Lê Văn Đông" not in body
    body = client.get(reverse("members:list"), {"q": "dang van duc"}).content.decode()
    assert "Đặng Văn Đức" in body and "Trần Văn Dung" not in body
    body = client.get(reverse("members:list"), {"q": "D"}).content.decode()  # one letter: anywhere in the name
    found = names_in(body, NAMES)
    assert found == ["Đỗ Đình Dũng", "Trần Văn Dung", "Nguyễn Thị Đào", "Lê Văn Đông", "Đặng Văn Đức"]  # D < Đ


def test_the_search_sorts_its_matches_in_the_same_order_as_the_list(people):
    everyone = list(Member.objects.vietnamese_order().values_list("full_name", flat=True))
    matches = list(Member.objects.search("van").matches_in_vietnamese_order().values_list("full_name", flat=True))
    assert matches == [n for n in everyone if "Văn" in n]
    sql = str(Member.objects.search("van").matches_in_vietnamese_order().query)
    assert '"name_sort_key"' in sql and "ORDER BY" in sql


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the trigram index exists on PostgreSQL only")
def test_postgresql_has_a_trigram_index_on_the_folded_name(db):
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexdef FROM pg_indexes WHERE tablename = 'members_member' AND indexname = %s",
            ["members_member_name_folded_trgm"],
        )
        (definition,) = cursor.fetchone()
    assert "gin" in definition and "gin_trgm_ops" in definition and "name_folded" in definition


def test_sqlite_migration_adds_no_index(db):
    if connection.vendor != "sqlite":
        pytest.skip("the migration is a no-op on SQLite only; on PostgreSQL the test above checks the index it adds")
    with connection.cursor() as cursor:
        cursor.execute("SELECT name FROM sqlite_master WHERE type = 'index' AND name LIKE '%trgm%'")
        assert cursor.fetchall() == []


def test_many_matches_are_matched_in_a_subquery_with_the_same_result(people, monkeypatch):
    from sotay.members import querysets

    few = list(Member.objects.search("dung").matches_in_vietnamese_order().values_list("full_name", flat=True))
    monkeypatch.setattr(querysets, "SEARCH_IDS", 1)  # more matches than ids read: the words go in a subquery
    many = Member.objects.search("dung").matches_in_vietnamese_order()
    assert "LIKE" in str(many.query).upper()
    assert list(many.values_list("full_name", flat=True)) == few == ["Đỗ Đình Dũng", "Phạm Đức Dũng", "Trần Văn Dung"]
