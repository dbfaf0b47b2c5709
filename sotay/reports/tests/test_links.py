"""The export links on the member list, the organisation page and the profile: only for users who may export."""

from __future__ import annotations

import pytest
from django.urls import reverse

from sotay.orgs import policy
from sotay.orgs.models import Role

pytestmark = pytest.mark.django_db


def page(client, user, url, **kw) -> str:
    client.force_login(user)
    response = client.get(url, **kw)
    assert response.status_code == 200
    return response.content.decode()


@pytest.fixture
def secretaries_cannot_export(monkeypatch):
    monkeypatch.setitem(
        policy.PERMISSIONS, Role.CELL_COMMITTEE, policy.PERMISSIONS[Role.CELL_COMMITTEE] - {policy.EXPORT_MEMBERS}
    )


def test_the_member_list_links_to_excel_with_its_filters(client, cast):
    body = page(client, cast.commune_committee, reverse("members:list"), data={"gender": "F", "page": "1"})
    assert 'href="/reports/members.xlsx?gender=F"' in body
    assert "Tải Excel" in body


def test_the_excel_link_follows_htmx_filter_updates(client, cast):
    body = page(
        client,
        cast.commune_committee,
        reverse("members:list"),
        data={"q": "lan", "gender": "", "org": str(cast.cell_a2.pk)},
        HTTP_HX_REQUEST="true",
    )
    assert body.lstrip().startswith('<div id="results">')
    assert f'href="/reports/members.xlsx?q=lan&amp;gender=&amp;org={cast.cell_a2.pk}"' in body


def test_the_organisation_page_links_to_the_register(client, cast):
    body = page(client, cast.commune_committee, reverse("web:org_detail", args=[cast.cell_a.pk]))
    assert "Sổ danh sách đảng viên (Mẫu 7-HSĐV):" in body
    assert reverse("reports:register_xlsx", args=[cast.cell_a.pk]) in body
    assert reverse("reports:register_pdf", args=[cast.cell_a.pk]) in body


def test_the_profile_links_to_the_pdf_sheet(client, cast):
    body = page(client, cast.cell_secretary, reverse("members:detail", args=[cast.member_member.pk]))
    assert reverse("reports:member_pdf", args=[cast.member_member.pk]) in body
    assert "Tải phiếu thông tin (PDF)" in body


def test_a_plain_member_sees_no_export_link_on_their_own_profile(client, cast):
    body = page(client, cast.member, reverse("members:detail", args=[cast.member_member.pk]))
    assert "/reports/" not in body


def test_users_without_the_export_right_see_no_links(client, cast, secretaries_cannot_export):
    user = cast.cell_secretary
    assert "/reports/" not in page(client, user, reverse("members:list"))
    assert "/reports/" not in page(client, user, reverse("members:list"), HTTP_HX_REQUEST="true")
    org_page = page(client, user, reverse("web:org_detail", args=[cast.cell_a.pk]))
    assert "/reports/register/" not in org_page and ".xlsx" not in org_page
    assert "/reports/" not in page(client, user, reverse("members:detail", args=[cast.member_member.pk]))
    assert client.get(reverse("reports:register_pdf", args=[cast.cell_a.pk])).status_code == 404
    assert client.get(reverse("reports:members_xlsx")).status_code == 404
