"""Entries without an organisation (logins, logouts, failed logins) belong to the person: a reader of the log sees
those of the people of their subtree, never another province's (security review)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from sotay.accounts.models import User
from sotay.audit.access import entries_visible_to
from sotay.audit.log import log
from sotay.audit.models import AuditAction
from sotay.orgs.models import Role, RoleGrant
from sotay.orgs.tests.factories import cell, province

pytestmark = pytest.mark.django_db


@pytest.fixture
def other_user(cast):
    root = province(code="TB", name="Đảng bộ tỉnh Thái Bình")
    user = User.objects.create_user(username="chibo_thaibinh", password="mat-khau-thu")
    RoleGrant.objects.create(
        user=user, organization=cell(root, name="Chi bộ thôn Nam", code="TB.1"), role="CELL_COMMITTEE"
    )
    return user


def _logins(cast, other_user):
    for user in (cast.cell_secretary, cast.member, other_user):
        log(AuditAction.LOGIN, user, by=user, object_repr=user.get_username())
    for name in ("chibo", "chibo_thaibinh", "khong_co_ai"):
        log(AuditAction.LOGIN_FAILED, None, object_repr=name, actor_name=name)


def test_the_provincial_officer_sees_the_logins_of_their_province_only(client, cast, other_user):
    _logins(cast, other_user)
    client.force_login(cast.provincial_officer)
    body = client.get(reverse("web:audit_log")).content.decode()
    assert "chibo_thaibinh" not in body and "khong_co_ai" not in body
    assert "dangvien" in body and "chibo" in body
    seen = entries_visible_to(cast.provincial_officer)
    logins = set(seen.filter(action="login").values_list("actor__username", flat=True))
    assert logins == {"chibo", "dangvien", "bantochuc"}  # the officer's own login by the test client too
    assert set(seen.filter(action="login_failed").values_list("actor_name", flat=True)) == {"chibo"}


def test_an_officer_of_the_other_province_sees_theirs(cast, other_user):
    _logins(cast, other_user)
    officer = User.objects.create_user(username="bantochuc_tb", password="mat-khau-thu")
    root = other_user.role_grants.get().organization.get_root()
    RoleGrant.objects.create(user=officer, organization=root, role=Role.ORG_DEPT_OFFICER)
    seen = entries_visible_to(officer)
    assert set(seen.values_list("object_repr", flat=True)) == {"chibo_thaibinh"}
    assert seen.count() == 2  # the login and the failed login


def test_a_commune_officer_sees_the_logins_of_people_of_the_commune(cast, other_user):
    _logins(cast, other_user)
    log(AuditAction.LOGIN, cast.outsider, by=cast.outsider, object_repr="ngoai")
    RoleGrant.objects.create(user=cast.commune_committee, organization=cast.commune_a, role=Role.ORG_DEPT_OFFICER)
    logins = entries_visible_to(cast.commune_committee).filter(action="login")
    assert set(logins.values_list("actor__username", flat=True)) == {"chibo", "dangvien"}


def test_no_right_to_read_the_log_sees_nothing(cast, other_user):
    _logins(cast, other_user)
    assert not entries_visible_to(cast.cell_secretary).exists()
