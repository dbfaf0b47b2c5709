"""Increase–decrease (tăng giảm) and counts as of a past day, from member periods."""

from __future__ import annotations

import datetime as dt

import pytest

from sotay.members import services
from sotay.members.changes import Interval, event_member_ids, membership_changes
from sotay.members.choices import ExitKind, MemberStatus
from sotay.members.stats import subtree_statistics
from sotay.orgs.actor import Actor

pytestmark = pytest.mark.django_db
YEAR_2025 = Interval(dt.date(2025, 1, 1), dt.date(2025, 12, 31))


def test_increase_and_decrease_in_a_year(cast):
    new = services.create_member(
        data={
            "full_name": "Đinh Thị Mới",
            "birth_on": dt.date(1995, 2, 3),
            "gender": "F",
            "ethnicity": "01",
            "joined_on": dt.date(2025, 3, 1),
        },
        organization=cast.cell_a,
        actor=Actor.system("command:test"),
        status=MemberStatus.PROBATIONARY,
    )
    mover = cast.others_a[0]
    services.transfer_member(
        member=mover, to_org=cast.cell_b, on=dt.date(2025, 6, 1), actor=Actor.system("command:test")
    )
    services.change_member_status(
        member=cast.others_a[1],
        status=MemberStatus.LEFT,
        on=dt.date(2025, 8, 1),
        actor=Actor.system("command:test"),
        exit_kind=ExitKind.RESIGNED,
        decision_number="9-QĐ/ĐU",
    )
    services.change_member_status(
        member=cast.teacher, status=MemberStatus.DECEASED, on=dt.date(2025, 9, 9), actor=Actor.system("command:test")
    )
    commune_a = membership_changes(cast.commune_a, YEAR_2025)
    assert commune_a == {"admitted": 1, "transferred_in": 0, "transferred_out": 1, "left": 1, "deceased": 1}
    assert membership_changes(cast.commune_b, YEAR_2025)["transferred_in"] == 1
    # Inside the province the move is neither an increase nor a decrease.
    province = membership_changes(cast.province, YEAR_2025)
    assert province["transferred_in"] == province["transferred_out"] == 0
    assert set(event_member_ids(cast.commune_a, YEAR_2025, "admitted").values_list("member_id", flat=True)) == {new.pk}
    assert membership_changes(cast.commune_a, Interval(dt.date(2026, 1, 1), dt.date(2026, 12, 31)))["left"] == 0


def test_counts_as_of_a_day_are_reproducible(cast):
    services.transfer_member(
        member=cast.others_a[0], to_org=cast.cell_b, on=dt.date(2025, 6, 1), actor=Actor.system("command:test")
    )
    before, after = dt.date(2025, 5, 31), dt.date(2025, 6, 1)
    assert total_on(cast.commune_a, before) == 5
    assert total_on(cast.commune_a, after) == 4
    assert total_on(cast.commune_b, after) == 4
    # Recognised members were probationary during their first twelve months.
    status = subtree_statistics(cast.commune_a, as_of=dt.date(2010, 6, 1))["status"]
    assert {r.key: r.count for r in status if r.count} == {MemberStatus.PROBATIONARY: 5}
    assert total_on(cast.province, dt.date(2005, 1, 1)) == 0


def total_on(org, day):
    return subtree_statistics(org, as_of=day)["total"][0].count


def test_the_history_source_has_one_plain_index_and_migration_0021_reverses():
    """Migration 0021: `MemberChange.source` keeps one plain index (no PostgreSQL "_like" twin); its reverse puts
    back the former index or indexes, and the forward takes them away again."""
    import importlib

    from django.db import connection

    migration = importlib.import_module("sotay.members.migrations.0021_change_source_plain_index")

    def source_indexes():
        with connection.cursor() as cursor:
            found = connection.introspection.get_constraints(cursor, "members_memberchange")
        return sorted(name for name, c in found.items() if c["index"] and c["columns"] == ["source"])

    class Editor:  # what the migration's functions use of a schema editor
        def __init__(self, cursor):
            self.connection, self.cursor = connection, cursor

        def execute(self, sql):
            self.cursor.execute(sql)

    assert source_indexes() == ["member_change_source"]
    with connection.cursor() as cursor:
        migration.backward(None, Editor(cursor))
    old = [migration.OLD] + ([f"{migration.OLD}_like"] if connection.vendor == "postgresql" else [])
    assert source_indexes() == old
    with connection.cursor() as cursor:
        migration.forward(None, Editor(cursor))
    assert source_indexes() == ["member_change_source"]
