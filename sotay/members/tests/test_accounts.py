"""Accounts come from the member registry: bulk creation, activation slips, activation, resets, and accounts that
follow the member's status."""

from __future__ import annotations

import datetime as dt
import io
import re

import pytest
from django.urls import reverse
from openpyxl import load_workbook
from pypdf import PdfReader

from sotay.accounts.models import ActivationCode, User
from sotay.audit.models import AuditEntry
from sotay.members.models import Member
from sotay.members.tests.factories import MemberFactory
from sotay.orgs.actor import Actor
from sotay.orgs.models import Role, RoleGrant

pytestmark = pytest.mark.django_db


def _create(client, org, fmt="pdf", what="create"):
    return client.post(reverse("members:accounts_create"), {"org": org.pk, "format": fmt, "what": what})


def test_secretary_creates_the_cells_accounts_and_gets_the_slips_as_pdf(client, cast):
    MemberFactory(full_name="Trần Thị Bình", organization=cast.cell_a, phone="0987 654 321")
    client.force_login(cast.cell_secretary)
    page = client.get(reverse("members:accounts"))
    assert page.status_code == 200 and "chưa có tài khoản" in page.content.decode()
    response = _create(client, cast.cell_a)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert "no-store" in response["Cache-Control"]
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(response.content)).pages)
    new_users = User.objects.filter(member__organization=cast.cell_a).exclude(pk=cast.cell_secretary.pk)
    new_users = new_users.exclude(pk=cast.member.pk)
    # Everyone active in the cell without an account got one; the member with a phone logs in with it.
    assert new_users.count() == 3
    assert User.objects.filter(username="0987654321", phone="0987654321").exists()
    assert User.objects.filter(username="cuonglv").exists()  # Lê Văn Cường: given name + initials
    for user in new_users:
        assert not user.has_usable_password()
        assert RoleGrant.objects.filter(user=user, role=Role.MEMBER, organization=cast.cell_a).exists()
        assert user.username in text
    codes = re.findall(r"Mã kích hoạt: ([A-Z2-9]{5}-[A-Z2-9]{5})", text)
    assert len(codes) == 3 and not any(
        c in "".join(ActivationCode.objects.values_list("code_hash", flat=True)) for c in codes
    )
    assert not set("01ILO") & set("".join(codes).replace("-", ""))
    # Nobody of another cell, nor the teacher of the base committee's cell, got an account from the cell's secretary.
    assert not User.objects.filter(member__organization=cast.cell_b).exclude(pk=cast.outsider.pk).exists()
    assert AuditEntry.objects.filter(action="account.created").count() == 3
    assert AuditEntry.objects.filter(action="export", data__kind="activation_slips").exists()
    # A second run creates nothing more.
    assert _create(client, cast.cell_a).status_code == 302


def test_slips_as_xlsx_and_reissuing_makes_old_codes_stop(client, cast):
    client.force_login(cast.cell_secretary)
    first = load_workbook(io.BytesIO(_create(client, cast.cell_a, "xlsx").content)).active
    rows = list(first.iter_rows(min_row=2, values_only=True))
    assert len(rows) == 2 and all(r[3] and "/accounts/activate/?login=" in r[5] for r in rows)
    second = load_workbook(io.BytesIO(_create(client, cast.cell_a, "xlsx", what="reissue").content)).active
    again = {r[2]: r[3] for r in second.iter_rows(min_row=2, values_only=True)}
    assert again.keys() == {r[2] for r in rows} and all(again[r[2]] != r[3] for r in rows)
    login, old_code = rows[0][2], rows[0][3]
    member = User.objects.get(username=login).member
    refused = _activate(client.__class__(), login, old_code, member.birth_on)
    assert "không đúng" in refused.content.decode()
    assert _activate(client.__class__(), login, again[login], member.birth_on).status_code == 302


def _activate(client, login, code, birth_on, password="mot-mat-khau-dai"):
    return client.post(
        reverse("accounts:activate"),
        {
            "login": login,
            "code": code,
            "birth_on": f"{birth_on:%d/%m/%Y}",
            "password1": password,
            "password2": password,
        },
    )


def _one_slip(client, cast):
    client.force_login(cast.cell_secretary)
    sheet = load_workbook(io.BytesIO(_create(client, cast.cell_a, "xlsx").content)).active
    row = next(sheet.iter_rows(min_row=2, values_only=True))
    return row[2], row[3], User.objects.get(username=row[2]).member


def test_member_activates_with_code_and_birth_date_then_signs_in(client, cast):
    login, code, member = _one_slip(client, cast)
    anonymous = client.__class__()
    wrong_birth = _activate(anonymous, login, code, member.birth_on + dt.timedelta(days=1))
    assert wrong_birth.status_code == 200 and "không đúng" in wrong_birth.content.decode()
    weak = _activate(anonymous, login, code, member.birth_on, password="123")
    assert weak.status_code == 200
    done = _activate(anonymous, login, code.lower().replace("-", " "), member.birth_on)
    assert done.status_code == 302
    assert (
        anonymous.post(reverse("accounts:login"), {"username": login, "password": "mot-mat-khau-dai"}).status_code
        == 302
    )
    again = _activate(client.__class__(), login, code, member.birth_on, password="khac-mat-khau-nua")
    assert "không đúng" in again.content.decode()  # single use
    assert AuditEntry.objects.filter(action="account.activated", object_repr__contains=login).exists()


def test_wrong_codes_count_towards_the_lockout(client, cast):
    login, code, member = _one_slip(client, cast)
    anonymous = client.__class__()
    for _i in range(10):
        _activate(anonymous, login, "AAAAA-BBBBB", member.birth_on)
    assert _activate(anonymous, login, code, member.birth_on).status_code == 429


def test_secretary_resets_a_forgotten_password_only_inside_the_cell(client, cast):
    client.force_login(cast.cell_secretary)
    page = client.post(reverse("members:reset_password", args=[cast.member_member.pk]))
    assert page.status_code == 200
    code = re.search(r'class="code">([A-Z2-9]{5}-[A-Z2-9]{5})<', page.content.decode()).group(1)
    cast.member.refresh_from_db()
    assert not cast.member.has_usable_password()  # the old password stops
    assert AuditEntry.objects.filter(action="account.reset_issued", actor=cast.cell_secretary).exists()
    assert _activate(client.__class__(), "dangvien", code, cast.member_member.birth_on).status_code == 302
    # Another commune's member: not even visible.
    assert client.post(reverse("members:reset_password", args=[cast.outsider_members[0].pk])).status_code == 404
    member_client = client.__class__()
    cast.member.refresh_from_db()  # the new password changed the session hash
    member_client.force_login(cast.member)
    assert member_client.post(reverse("members:reset_password", args=[cast.secretary_member.pk])).status_code == 404


def test_leaving_the_party_deactivates_the_account_and_ends_its_roles(client, cast):
    from sotay.members.services import change_member_status

    change_member_status(
        member=cast.secretary_member,
        status="LEFT",
        on=dt.date.today(),
        actor=Actor.for_user(cast.commune_committee),
        exit_kind="RESIGNED",
        decision_number="12-QĐ/ĐU",
    )
    cast.cell_secretary.refresh_from_db()
    assert (
        not cast.cell_secretary.is_active and not RoleGrant.objects.active().filter(user=cast.cell_secretary).exists()
    )
    response = client.post(reverse("accounts:login"), {"username": "chibo", "password": "mat-khau-thu"})
    assert response.status_code == 200  # refused
    assert AuditEntry.objects.filter(action="account.deactivated", object_repr__contains="chibo").exists()


def test_transfer_inside_the_province_keeps_the_account_and_moves_the_members_role(cast):
    from sotay.members.services import transfer_member

    transfer_member(
        member=cast.member_member, to_org=cast.cell_b, on=dt.date.today(), actor=Actor.for_user(cast.commune_committee)
    )
    cast.member.refresh_from_db()
    assert cast.member.is_active
    assert list(RoleGrant.objects.filter(user=cast.member).values_list("organization", flat=True)) == [cast.cell_b.pk]
    assert Member.objects.get(pk=cast.member_member.pk).organization == cast.cell_b


def test_password_change_ends_other_sessions(client, cast):
    other = client.__class__()
    client.post(reverse("accounts:login"), {"username": "dangvien", "password": "mat-khau-thu"})
    other.post(reverse("accounts:login"), {"username": "dangvien", "password": "mat-khau-thu"})
    assert other.get(reverse("web:home")).status_code == 200
    response = client.post(
        reverse("accounts:password_change"),
        {"old_password": "mat-khau-thu", "new_password1": "mat-khau-moi-dai", "new_password2": "mat-khau-moi-dai"},
    )
    assert response.status_code == 302
    assert client.get(reverse("web:home")).status_code == 200
    assert other.get(reverse("web:home")).status_code == 302  # signed out
    assert AuditEntry.objects.filter(action="account.password_changed", actor=cast.member).exists()


def test_login_page_explains_how_to_get_back_in(client):
    assert reverse("accounts:forgot") in client.get(reverse("accounts:login")).content.decode()
    body = client.get(reverse("accounts:forgot")).content.decode()
    assert "chi ủy" in body and "thư điện tử" in body


def test_a_reset_is_confirmed_before_the_password_stops(client, cast):
    client.force_login(cast.cell_secretary)
    page = client.get(reverse("members:reset_password", args=[cast.member_member.pk]))
    assert page.status_code == 200 and "hết hiệu lực ngay" in page.content.decode()
    cast.member.refresh_from_db()
    assert cast.member.has_usable_password()  # nothing happened yet
