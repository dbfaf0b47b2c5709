"""The Django admin is limited to the administrator's subtrees (security review): `quantri`, a
SYSTEM_ADMIN granted at one province, neither lists nor opens another province's members, organisations, role
grants, audit entries or dues; opening a member writes an audit entry; settings and rules stay editable."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from sotay.accounts.models import User
from sotay.audit.log import log
from sotay.audit.models import AuditAction, AuditEntry
from sotay.members.models import MemberChange
from sotay.members.tests.factories import MemberFactory
from sotay.orgs.models import Role, RoleGrant
from sotay.orgs.tests.factories import cell, province

pytestmark = pytest.mark.django_db


@pytest.fixture
def other(cast):
    """Another province with a cell, a member (citizen ID and all) and a secretary."""
    root = province(code="TB", name="Đảng bộ tỉnh Thái Bình")
    chi_bo = cell(root, name="Chi bộ thôn Nam Thái Bình", code="TB.1")
    member = MemberFactory(full_name="Đinh Thị Thái Bình", organization=chi_bo, citizen_id="034190000009")
    secretary = User.objects.create_user(username="chibo_thaibinh", password="x", member=member)
    grant = RoleGrant.objects.create(user=secretary, organization=chi_bo, role=Role.CELL_COMMITTEE)
    return root, chi_bo, member, secretary, grant


@pytest.fixture
def quantri(cast):
    user = User.objects.create_superuser(username="quantri", password="x")
    RoleGrant.objects.create(user=user, organization=cast.province, role=Role.SYSTEM_ADMIN)
    return user


def _changelist(client, name):
    response = client.get(reverse(f"admin:{name}_changelist"))
    assert response.status_code == 200, name
    return response.content.decode()


def test_an_admin_of_one_province_cannot_list_or_open_anothers_members(client, cast, other, quantri):
    _root, _chi_bo, member, _secretary, _grant = other
    client.force_login(quantri)
    body = _changelist(client, "members_member")
    assert cast.member_member.full_name in body
    assert member.full_name not in body
    assert client.get(reverse("admin:members_member_change", args=[member.pk])).status_code == 404
    assert client.get(reverse("admin:members_member_history", args=[member.pk])).status_code == 404
    body = client.get(reverse("admin:members_member_changelist"), {"q": "034190000009"}).content.decode()
    assert member.full_name not in body  # not even by searching the citizen ID
    assert not AuditEntry.objects.filter(action="view", object_id=str(member.pk)).exists()


def test_an_admin_of_one_province_cannot_list_or_open_anothers_organisations_and_grants(client, cast, other, quantri):
    root, chi_bo, _member, secretary, grant = other
    client.force_login(quantri)
    body = _changelist(client, "orgs_organization")
    assert cast.cell_a.name in body
    assert root.name not in body and chi_bo.name not in body
    assert client.get(reverse("admin:orgs_organization_change", args=[chi_bo.pk])).status_code == 404
    body = _changelist(client, "orgs_rolegrant")
    assert "chibo" in body and secretary.username not in body
    assert client.get(reverse("admin:orgs_rolegrant_change", args=[grant.pk])).status_code == 404
    assert client.get(reverse("admin:orgs_orgversion_changelist")).content.decode().count(chi_bo.name) == 0


def test_documents_are_not_in_the_admin_and_users_are_scoped_read_only(client, cast, other, quantri):
    _root, _chi_bo, _member, secretary, _grant = other
    client.force_login(quantri)
    assert client.get("/admin/documents/document/").status_code == 404
    body = _changelist(client, "accounts_user")
    assert "chibo" in body and secretary.username not in body
    assert client.get(reverse("admin:accounts_user_change", args=[secretary.pk])).status_code == 404
    page = client.get(reverse("admin:accounts_user_change", args=[cast.cell_secretary.pk])).content.decode()
    assert "Chi ủy, bí thư chi bộ" in page and reverse("orgs:roles", args=[cast.cell_a.pk]) in page
    assert 'name="_save"' not in page


def test_admin_search_ignores_diacritics_and_the_site_is_titled(client, cast, quantri):
    MemberFactory(full_name="Nguyễn Thị Hồng", organization=cast.cell_a)
    client.force_login(quantri)
    for typed in ("Hồng", "hong", "HONG"):
        body = client.get(reverse("admin:members_member_changelist"), {"q": typed}).content.decode()
        assert "Nguyễn Thị Hồng" in body, typed
    index = client.get(reverse("admin:index")).content.decode()
    assert "Sổ tay — Quản trị" in index and "Đảng viên" in index and "Tổ chức đảng" in index


def test_audit_entries_and_member_changes_of_another_province_are_hidden(client, cast, other, quantri):
    _root, _chi_bo, member, secretary, _grant = other
    entry = log(AuditAction.UPDATE, member, by=secretary)
    kind = MemberChange.Kind.choices[0][0]
    change = MemberChange.objects.create(member=member, kind=kind, changes={"phone": ["", "0912"]})
    client.force_login(quantri)
    assert member.full_name not in _changelist(client, "audit_auditentry")
    assert client.get(reverse("admin:audit_auditentry_change", args=[entry.pk])).status_code == 404
    assert client.get(reverse("admin:members_memberchange_change", args=[change.pk])).status_code == 404


def test_dues_of_another_province_are_hidden(client, cast, other, quantri):
    from sotay.dues.models import MemberDuesBasis

    _root, _chi_bo, member, secretary, _grant = other
    basis = MemberDuesBasis.objects.create(
        member=member, basis="INSURED_SALARY", amount=9_000_000, effective_from=dt.date(2026, 1, 1)
    )
    client.force_login(quantri)
    assert client.get(reverse("admin:dues_memberduesbasis_change", args=[basis.pk])).status_code == 404
    assert member.full_name not in _changelist(client, "dues_memberduesbasis")


def test_opening_a_member_in_the_admin_writes_an_audit_entry(client, cast, quantri):
    member = cast.member_member
    client.force_login(quantri)
    response = client.get(reverse("admin:members_member_change", args=[member.pk]))
    assert response.status_code == 200
    assert reverse("members:detail", args=[member.pk]) in response.content.decode()  # the app's page
    entry = AuditEntry.objects.get(action="view", object_id=str(member.pk))
    assert entry.actor == quantri and entry.data == {"page": "admin"}
    assert entry.organization_id == member.organization_id


def test_a_superuser_without_grants_sees_no_organisation_data_but_keeps_the_settings(client, cast):
    root_user = User.objects.create_superuser(username="kythuat", password="x")
    client.force_login(root_user)
    assert cast.member_member.full_name not in _changelist(client, "members_member")
    assert cast.province.name not in _changelist(client, "orgs_organization")
    assert client.get(reverse("admin:members_member_change", args=[cast.member_member.pk])).status_code == 404
    assert client.get(reverse("admin:rules_calendarday_add")).status_code == 200
    assert client.get(reverse("admin:dues_duesrule_changelist")).status_code == 200


def test_a_recognition_scheme_cannot_be_given_to_another_province(client, cast, other, quantri):
    from sotay.evaluation.models import RecognitionScheme

    _root, chi_bo, _member, _secretary, _grant = other
    client.force_login(quantri)
    data = {
        "kind": RecognitionScheme._meta.get_field("kind").choices[0][0],
        "title": "Đề án thử",
        "reference": "02-ĐA/TU",
        "organization": chi_bo.pk,
        "start_year": 2026,
        "end_year": 2030,
        "pass_score": "80",
        "created_at_0": "02/12/2026",
        "created_at_1": "08:00:00",
        "criteria-TOTAL_FORMS": "0",
        "criteria-INITIAL_FORMS": "0",
    }
    response = client.post(reverse("admin:evaluation_recognitionscheme_add"), data)
    assert response.status_code == 200  # the form again, with the error
    assert "organization" in response.context["adminform"].form.errors
    assert not RecognitionScheme.objects.filter(title="Đề án thử").exists()
    data["organization"] = cast.province.pk  # its own province: saved
    assert client.post(reverse("admin:evaluation_recognitionscheme_add"), data).status_code == 302
    assert RecognitionScheme.objects.get(title="Đề án thử").organization == cast.province


def test_every_admin_list_opens_for_a_scoped_administrator(client, cast, other, quantri):
    from django.contrib import admin

    client.force_login(quantri)
    for model in admin.site._registry:
        name = f"{model._meta.app_label}_{model._meta.model_name}"
        assert client.get(reverse(f"admin:{name}_changelist")).status_code == 200, name
