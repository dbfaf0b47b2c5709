"""The typed Actor: a user with their grants, or a declared system source, and the one refusal NotAllowed."""

from __future__ import annotations

import pytest
from django.test import RequestFactory

from sotay.audit import log as audit_log
from sotay.audit.models import AuditEntry
from sotay.orgs import policy
from sotay.orgs.actor import Actor


@pytest.mark.django_db
def test_user_actor_follows_the_grants_of_the_cast(cast):
    secretary = Actor.for_user(cast.cell_secretary)
    assert secretary.can(policy.VIEW_MEMBERS, cast.cell_a)
    assert not secretary.can(policy.VIEW_MEMBERS, cast.cell_b)
    assert not secretary.can(policy.CHANGE_STATUS, cast.cell_a)
    committee = Actor.for_user(cast.commune_committee)
    assert committee.can(policy.CHANGE_STATUS, cast.cell_a2)  # a grandchild of the commune
    assert not committee.can(policy.CHANGE_STATUS, cast.cell_b)


@pytest.mark.django_db
def test_refusal_is_hidden_outside_scope_and_forbidden_inside(cast):
    secretary = Actor.for_user(cast.cell_secretary)
    with pytest.raises(policy.NotAllowed) as outside:
        secretary.require(policy.VIEW_MEMBERS, cast.cell_b)
    assert outside.value.hidden  # another commune's cell: 404
    with pytest.raises(policy.NotAllowed) as inside:
        secretary.require(policy.CHANGE_STATUS, cast.cell_a)
    assert not inside.value.hidden  # their own cell, an action they lack: 403
    secretary.require(policy.VIEW_MEMBERS, cast.cell_a)


@pytest.mark.django_db
def test_subtree_filter_matches_policy(cast):
    from sotay.orgs.models import Organization

    committee = Actor.for_user(cast.commune_committee)
    by_actor = set(Organization.objects.filter(committee.subtree_q(policy.VIEW_MEMBERS)))
    by_policy = set(policy.instances_user_has_permission_for(cast.commune_committee, policy.VIEW_MEMBERS))
    assert by_actor == by_policy
    assert cast.cell_b not in by_actor


@pytest.mark.django_db
def test_system_source_has_exactly_its_declared_rights_within_its_scope(cast):
    batch = Actor.system("import:7", scope=cast.commune_a)
    assert batch.can(policy.CREATE_MEMBERS, cast.cell_a)
    assert not batch.can(policy.CREATE_MEMBERS, cast.cell_b)
    assert not batch.can(policy.CHANGE_STATUS, cast.cell_a)  # not declared for imports
    with pytest.raises(ValueError):
        Actor.system("nobody-declared-this")
    with pytest.raises(ValueError):
        Actor()


@pytest.mark.django_db
def test_audit_names_the_system_source_and_the_requesting_user(cast):
    entry = audit_log.log("create", cast.cell_a, by=Actor.system("command:backup"))
    assert entry.actor is None and entry.actor_name == "command:backup"
    request = RequestFactory().get("/", REMOTE_ADDR="10.0.0.9", HTTP_USER_AGENT="Android")
    request.user = cast.cell_secretary
    actor = Actor.from_request(request)
    assert Actor.from_request(request) is actor  # built once per request
    entry = audit_log.log("view", cast.secretary_member, by=actor)
    entry = AuditEntry.objects.get(pk=entry.pk)
    assert (entry.actor, entry.actor_name, entry.ip, entry.user_agent) == (
        cast.cell_secretary,
        "chibo",
        "10.0.0.9",
        "Android",
    )


def test_anonymous_request_cannot_act():
    from django.contrib.auth.models import AnonymousUser

    request = RequestFactory().get("/")
    request.user = AnonymousUser()
    with pytest.raises(policy.NotAllowed) as refused:
        Actor.from_request(request)
    assert refused.value.hidden
