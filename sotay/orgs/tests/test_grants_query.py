"""The compiled grants query (grants_query.py) gives what the ORM queryset gives, on any day, for any user."""

from __future__ import annotations

import datetime as dt

import pytest
from django.apps import apps
from django.db import connection
from django.db.models.signals import post_migrate
from django.test.utils import CaptureQueriesContext

from sotay.orgs import grants_query, policy
from sotay.orgs.models import Role, RoleGrant

pytestmark = pytest.mark.django_db


def _fields(grant: RoleGrant) -> tuple:
    org = grant.organization
    return (
        grant.pk, grant.user_id, grant.role, grant.starts_on, grant.ends_on, grant.granted_at, grant.decision,
        org.pk, org.path, org.name, org.kind, org.code, org.valid_from, org.valid_to,
    )  # fmt: skip


def _orm(user, day: dt.date) -> list[tuple]:
    grants = RoleGrant.objects.active(day).filter(user=user).select_related("organization").order_by("pk")
    return [_fields(g) for g in grants]


def test_same_grants_as_the_orm_on_every_day_and_for_every_user(cast):
    today = dt.date(2026, 6, 15)
    user = cast.cell_secretary
    RoleGrant.objects.filter(user=user).update(starts_on=dt.date(2020, 1, 1))
    RoleGrant.objects.create(
        user=user, organization=cast.commune_a, role=Role.COMMITTEE, starts_on=dt.date(2026, 1, 1),
        ends_on=dt.date(2026, 6, 15),
    )  # fmt: skip
    RoleGrant.objects.create(user=user, organization=cast.province, role=Role.MEMBER, starts_on=dt.date(2026, 6, 16))
    days = [dt.date(2019, 12, 31), dt.date(2026, 1, 1), today, today + dt.timedelta(days=1), dt.date(2030, 1, 1)]
    for day in days:
        for someone in (user, cast.member, cast.outsider, cast.provincial_officer):
            got = sorted((_fields(g) for g in grants_query.grants_in_force(someone.pk, day)), key=lambda f: f[0])
            assert got == _orm(someone, day), (someone, day)
    assert len(grants_query.grants_in_force(user.pk, today)) == 2  # the ended grant still counts on its last day
    assert len(grants_query.grants_in_force(user.pk, today + dt.timedelta(days=1))) == 2  # ended one, future one
    assert grants_query.grants_in_force(-1, today) == []


def test_one_query_with_the_organisation_and_instances_as_loaded(cast):
    with CaptureQueriesContext(connection) as queries:
        (grant,) = grants_query.grants_in_force(cast.member.pk)
        assert grant.organization == cast.cell_a and grant.get_role_display()
    assert len(queries) == 1
    assert not grant._state.adding and grant._state.db == "default"
    assert grant.organization.is_cell  # a real Organization, usable by the policy


def test_the_policy_reads_grants_through_the_compiled_query(cast):
    user = cast.commune_committee
    assert [g.organization for g in policy.active_grants(user)] == [cast.commune_a]
    assert policy.user_has_permission_for_org(user, policy.VIEW_MEMBERS, cast.cell_a)
    assert not policy.user_has_permission_for_org(user, policy.VIEW_MEMBERS, cast.cell_b)


def test_a_migration_drops_what_was_compiled(cast):
    grants_query.grants_in_force(cast.member.pk)
    assert len(grants_query.QUERY._by_connection) == 1
    core = apps.get_app_config("core")
    post_migrate.send(sender=core, app_config=core, verbosity=0, interactive=False, using="default", apps=apps, plan=[])
    assert len(grants_query.QUERY._by_connection) == 0
    assert len(grants_query.grants_in_force(cast.member.pk)) == 1
