"""Granting and ending roles: who may grant what (orgs/policy.py), dates and decisions, expiry, scope, XLSX."""

from __future__ import annotations

import datetime as dt
import io
import time

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from sotay.accounts.reauth import SESSION_KEY
from sotay.audit.models import AuditEntry
from sotay.orgs import policy
from sotay.orgs.actor import Actor
from sotay.orgs.models import Role, RoleGrant
from sotay.orgs.services import grant_role

pytestmark = pytest.mark.django_db


def _grant(client, org, login, role, **extra):
    data = {"login": login, "role": role, "starts_on": f"{timezone.localdate():%d/%m/%Y}", **extra}
    return client.post(reverse("orgs:role_grant", args=[org.pk]), data)


def test_commune_committee_grants_a_chi_uy_role_with_its_decision(client, cast):
    client.force_login(cast.commune_committee)
    page = client.get(reverse("orgs:roles", args=[cast.cell_a.pk]))
    assert page.status_code == 200
    response = _grant(client, cast.cell_a, "dangvien", Role.CELL_COMMITTEE, decision="NQ Đại hội chi bộ 15/08/2025")
    assert response.status_code == 302
    grant = RoleGrant.objects.get(user=cast.member, role=Role.CELL_COMMITTEE)
    assert grant.organization == cast.cell_a and grant.decision == "NQ Đại hội chi bộ 15/08/2025"
    assert grant.granted_by == cast.commune_committee
    entry = AuditEntry.objects.get(action="grant", actor=cast.commune_committee)
    assert entry.data["role"] == Role.CELL_COMMITTEE and entry.data["decision"]
    cast.member.refresh_from_db()
    assert policy.user_has_permission_for_org(cast.member, policy.MANAGE_MEETINGS, cast.cell_a)


def test_nobody_grants_a_role_above_their_own(client, cast):
    client.force_login(cast.commune_committee)
    # The commune committee cannot make a peer at its own level, nor a Ban Tổ chức officer.
    assert _grant(client, cast.commune_a, "dangvien", Role.COMMITTEE).status_code == 422
    assert _grant(client, cast.cell_a, "dangvien", Role.ORG_DEPT_OFFICER).status_code == 422
    assert not RoleGrant.objects.filter(user=cast.member).exclude(role=Role.MEMBER).exists()
    secretary = Actor.for_user(cast.cell_secretary)
    with pytest.raises(policy.NotAllowed):
        grant_role(actor=secretary, user=cast.member, organization=cast.cell_a, role=Role.CELL_COMMITTEE)
    officer = Actor.for_user(cast.provincial_officer)
    assert Role.SYSTEM_ADMIN not in policy.grantable_roles(officer.grants, cast.province)
    assert Role.COMMITTEE in policy.grantable_roles(officer.grants, cast.commune_a)


def test_roles_of_another_commune_are_out_of_reach(client, cast):
    client.force_login(cast.commune_committee)
    assert client.get(reverse("orgs:roles", args=[cast.cell_b.pk])).status_code == 404
    assert _grant(client, cast.cell_b, "dangvien", Role.CELL_COMMITTEE).status_code == 404
    outsider_grant = RoleGrant.objects.get(user=cast.outsider)
    assert client.post(reverse("orgs:role_revoke", args=[outsider_grant.pk])).status_code == 404
    assert RoleGrant.objects.active().filter(pk=outsider_grant.pk).exists()


def test_an_ended_grant_stops_the_day_after_its_end_date(cast):
    today = timezone.localdate()
    officer = Actor.for_user(cast.provincial_officer)
    grant = grant_role(
        actor=officer,
        user=cast.member,
        organization=cast.cell_a,
        role=Role.CELL_COMMITTEE,
        starts_on=today - dt.timedelta(days=30),
        ends_on=today,
    )
    assert RoleGrant.objects.active(today).filter(pk=grant.pk).exists()
    assert not RoleGrant.objects.active(today + dt.timedelta(days=1)).filter(pk=grant.pk).exists()
    grant.ends_on = today - dt.timedelta(days=1)
    grant.save()
    cast.member.refresh_from_db()
    assert not policy.user_has_permission(cast.member, policy.MANAGE_MEETINGS)


def test_revoking_keeps_the_history_and_is_audited(client, cast):
    client.force_login(cast.commune_committee)
    grant = RoleGrant.objects.get(user=cast.cell_secretary)
    assert client.post(reverse("orgs:role_revoke", args=[grant.pk])).status_code == 302
    grant.refresh_from_db()
    assert grant.ends_on == timezone.localdate() - dt.timedelta(days=1)
    assert AuditEntry.objects.filter(action="revoke", actor=cast.commune_committee).exists()
    ended = client.get(reverse("orgs:roles", args=[cast.cell_a.pk]), {"ended": "1"}).content.decode()
    assert "chibo" in ended


def test_role_list_as_xlsx(client, cast):
    client.force_login(cast.provincial_officer)
    response = client.get(reverse("orgs:roles_xlsx", args=[cast.province.pk]))
    rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(min_row=2, values_only=True))
    assert {r[0] for r in rows} >= {"chibo", "xa", "dangvien", "ngoai", "bantochuc"}
    assert AuditEntry.objects.filter(action="export", data__kind="role_grants").exists()


def test_granting_asks_for_the_password_again_after_15_minutes(client, cast):
    client.force_login(cast.commune_committee)
    session = client.session
    session[SESSION_KEY] = int(time.time()) - 16 * 60
    session.save()
    response = _grant(client, cast.cell_a, "dangvien", Role.CELL_COMMITTEE)
    assert response.status_code == 302 and response["Location"].startswith(reverse("accounts:reauth"))
    assert not RoleGrant.objects.filter(user=cast.member, role=Role.CELL_COMMITTEE).exists()
    export = client.get(reverse("reports:members_xlsx"))
    assert export["Location"].startswith(reverse("accounts:reauth"))
    wrong = client.post(reverse("accounts:reauth"), {"password": "sai", "next": "/"})
    assert "không đúng" in wrong.content.decode()
    ok = client.post(reverse("accounts:reauth"), {"password": "mat-khau-thu", "next": reverse("reports:members_xlsx")})
    assert ok["Location"] == reverse("reports:members_xlsx")
    assert client.get(reverse("reports:members_xlsx")).status_code == 200
    assert _grant(client, cast.cell_a, "dangvien", Role.CELL_COMMITTEE).status_code == 302


def test_a_role_goes_only_to_someone_of_the_area(client, cast):
    client.force_login(cast.commune_committee)
    refused = _grant(client, cast.cell_a, "ngoai", Role.CELL_COMMITTEE)  # a member of another commune's cell
    assert refused.status_code == 422 and "không thuộc tổ chức này" in refused.content.decode()
    assert not RoleGrant.objects.filter(user=cast.outsider, organization=cast.cell_a).exists()
    assert _grant(client, cast.commune_a, "dangvien", Role.CELL_COMMITTEE).status_code == 302  # of the commune


def test_revoking_a_grant_made_today_reads_as_cancelled(client, cast):
    client.force_login(cast.commune_committee)
    _grant(client, cast.cell_a, "dangvien", Role.CELL_COMMITTEE)
    grant = RoleGrant.objects.get(user=cast.member, role=Role.CELL_COMMITTEE)
    client.post(reverse("orgs:role_revoke", args=[grant.pk]))
    ended = client.get(reverse("orgs:roles", args=[cast.cell_a.pk]), {"ended": "1"}).content.decode()
    assert "đã hủy trước khi có hiệu lực" in ended
