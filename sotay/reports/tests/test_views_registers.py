"""GET /reports/registers/<org_id>/<kind>/ and …/xlsx: the three member registers of docs/rules/registers.md#bốn-sổ.

docs/rules/registers.md#bốn-sổ keeps a register of current members (official and probationary), one of members who left
the Party (xin ra, xóa tên, khai trừ) and one of deceased members; exits never delete the member, they move them to
the matching register (docs/rules/discipline.md#không-xóa-dữ-liệu). A member who left or died stays on the
register of the cell they last belonged to.
"""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from sotay.audit.models import AuditAction, AuditEntry
from sotay.members import services
from sotay.members.choices import ExitKind, MemberStatus
from sotay.members.tests.factories import MemberFactory
from sotay.orgs import policy
from sotay.orgs.actor import Actor
from sotay.orgs.models import Role
from sotay.reports import register_views
from sotay.reports.register_views import _text

pytestmark = pytest.mark.django_db

STRUCK_OFF_ON = dt.date(2025, 3, 4)
DIED_ON = dt.date(2025, 9, 9)
EXEMPT_ON = dt.date(2024, 6, 1)


def page_url(org, kind: str) -> str:
    return reverse("reports:member_register", args=[org.pk, kind])


def xlsx_url(org, kind: str) -> str:
    return reverse("reports:member_register_xlsx", args=[org.pk, kind])


def get(client, user, url, **params):
    client.force_login(user)
    return client.get(url, params)


def sheet_rows(response) -> list[list]:
    ws = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    return [list(row) for row in ws.iter_rows(values_only=True)]


def names(response) -> list[str]:
    return [cells[1] for _member, cells in response.context["rows"]]


@pytest.fixture
def exits(cast):
    """Commune A's registers (§4.9): Cường struck off, Lan (a cell further down) died, Dũng exempt; and in commune B
    a member who resigned, who must stay off commune A's registers."""
    cast.struck_off, cast.exempt = cast.others_a
    services.change_member_status(
        member=cast.struck_off,
        status=MemberStatus.LEFT,
        exit_kind=ExitKind.STRUCK_OFF,
        on=STRUCK_OFF_ON,
        decision_number="12-QĐ/ĐU",
        actor=Actor.for_user(cast.commune_committee),
    )
    services.change_member_status(
        member=cast.teacher, status=MemberStatus.DECEASED, on=DIED_ON, actor=Actor.system("command:test")
    )
    services.change_member_status(
        member=cast.exempt,
        status=MemberStatus.EXEMPT,
        on=EXEMPT_ON,
        decision_number="3-QĐ/ĐU",
        actor=Actor.system("command:test"),
    )
    services.change_member_status(
        member=cast.outsider_members[1],
        status=MemberStatus.LEFT,
        exit_kind=ExitKind.RESIGNED,
        on=STRUCK_OFF_ON,
        decision_number="9-QĐ/ĐU",
        actor=Actor.system("command:test"),
    )
    cast.moved_out = MemberFactory(
        full_name="Lý Văn Tâm", organization=cast.cell_a, status=MemberStatus.TRANSFERRED_OUT
    )
    return cast


def test_urls():
    org = type("O", (), {"pk": 7})
    assert page_url(org, "current") == "/reports/registers/7/current/"
    assert xlsx_url(org, "left") == "/reports/registers/7/left/xlsx"
    assert register_views.PAGE_SIZE == 50


def test_the_current_register_lists_official_probationary_and_exempt_members_now_in_the_subtree(client, exits):
    """§4.9: current members (chính thức + dự bị); exempt members are still members, marked as such."""
    response = get(client, exits.commune_committee, page_url(exits.commune_a, "current"))
    assert response.status_code == 200
    assert names(response) == ["Nguyễn Văn Ấn", "Trần Thị Bình", "Phạm Đức Dũng"]  # Vietnamese name order
    rows = {cells[1]: cells for _m, cells in response.context["rows"]}
    assert rows["Nguyễn Văn Ấn"] == [
        "1",
        "Nguyễn Văn Ấn",
        "17/05/1980",
        "Chi bộ thôn Đông",
        "Chính thức",
        "02/03/2010",
        "02/03/2011",
        exits.member_member.card_number,
    ]
    assert rows["Phạm Đức Dũng"][4] == "Miễn công tác và sinh hoạt (từ 01/06/2024)"
    body = response.content.decode()
    assert "Sổ đảng viên đang sinh hoạt" in body
    assert "3 đảng viên" in body
    assert reverse("members:detail", args=[exits.member_member.pk]) in body
    assert xlsx_url(exits.commune_a, "current") in body
    for gone in ("Lê Văn Cường", "Hoàng Thị Lan", "Lý Văn Tâm", "Đỗ Văn Hải"):
        assert gone not in body


def test_the_left_register_keeps_the_date_and_form_and_the_last_cell(client, exits):
    """§4.8–4.9: xóa tên moves the member to the register of those who left, with its date and form."""
    response = get(client, exits.commune_committee, page_url(exits.commune_a, "left"))
    assert response.status_code == 200
    assert response.context["titles"][-2:] == ["Ngày ra khỏi Đảng", "Hình thức"]
    assert [cells for _m, cells in response.context["rows"]] == [
        [
            "1",
            "Lê Văn Cường",
            "17/05/1980",
            "Chi bộ thôn Đông",
            "02/03/2010",
            "02/03/2011",
            exits.struck_off.card_number,
            "04/03/2025",
            "Xóa tên",
        ]
    ]
    assert "Vũ Văn Khoa" not in response.content.decode()  # resigned in commune B: not this subtree
    other = get(client, exits.provincial_officer, page_url(exits.commune_b, "left"))
    assert [cells[-1] for _m, cells in other.context["rows"]] == ["Xin ra"]


def test_the_deceased_register_keeps_the_date_of_death(client, exits):
    response = get(client, exits.commune_committee, page_url(exits.commune_a, "deceased"))
    assert response.status_code == 200
    assert response.context["titles"][-1] == "Ngày từ trần"
    assert [cells for _m, cells in response.context["rows"]] == [
        [
            "1",
            "Hoàng Thị Lan",
            "17/05/1980",
            "Chi bộ giáo viên",
            "02/03/2010",
            "02/03/2011",
            exits.teacher.card_number,
            "09/09/2025",
        ]
    ]
    # On the register of the cell she belonged to, not on a sibling cell's.
    assert names(get(client, exits.commune_committee, page_url(exits.cell_a2, "deceased"))) == ["Hoàng Thị Lan"]
    assert names(get(client, exits.commune_committee, page_url(exits.cell_a, "deceased"))) == []


@pytest.mark.parametrize("kind", ["current", "left", "deceased"])
def test_the_spreadsheet_has_the_same_rows_as_the_page(client, exits, kind):
    page = get(client, exits.commune_committee, page_url(exits.commune_a, kind))
    response = get(client, exits.commune_committee, xlsx_url(exits.commune_a, kind))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert response["Cache-Control"] == "private, no-store"
    today = timezone.localdate()
    assert response["Content-Disposition"].endswith(f'-hy.a-{today:%Y%m%d}.xlsx"')
    header, *rows = sheet_rows(response)
    assert list(header) == page.context["titles"]
    assert [[_text(v) for v in row] for row in rows] == [cells for _m, cells in page.context["rows"]]
    assert rows, "every register of the fixture has someone"


def test_the_spreadsheet_keeps_dates_as_dates(client, exits):
    header, row = sheet_rows(get(client, exits.commune_committee, xlsx_url(exits.commune_a, "left")))
    assert dict(zip(header, row, strict=True))["Ngày ra khỏi Đảng"] == dt.datetime(2025, 3, 4)


def test_each_download_is_audited(client, exits):
    for kind in ("current", "left", "deceased"):
        get(client, exits.cell_secretary, xlsx_url(exits.cell_a, kind))
    entries = AuditEntry.objects.filter(action=AuditAction.EXPORT).order_by("pk")
    assert [(e.data["kind"], e.data["rows"]) for e in entries] == [
        ("register_current_xlsx", 3),
        ("register_left_xlsx", 1),
        ("register_deceased_xlsx", 0),
    ]
    assert all(e.organization == exits.cell_a and e.actor == exits.cell_secretary for e in entries)
    assert entries[1].data["params"] == {"register": "left"}


def test_viewing_the_page_is_not_an_export(client, exits):
    get(client, exits.commune_committee, page_url(exits.commune_a, "current"))
    assert not AuditEntry.objects.filter(action=AuditAction.EXPORT).exists()


@pytest.mark.parametrize("kind", ["current", "left", "deceased"])
def test_outsiders_get_404(client, exits, kind):
    for url in (page_url(exits.commune_a, kind), xlsx_url(exits.commune_a, kind)):
        assert get(client, exits.outsider, url).status_code == 404
    assert get(client, exits.cell_secretary, page_url(exits.commune_a, kind)).status_code == 404  # above their cell


@pytest.mark.parametrize("kind", ["current", "left", "deceased"])
def test_a_plain_member_gets_404_even_on_their_own_cell(client, exits, kind):
    assert get(client, exits.member, page_url(exits.cell_a, kind)).status_code == 404
    assert get(client, exits.member, xlsx_url(exits.cell_a, kind)).status_code == 404
    assert not AuditEntry.objects.filter(action=AuditAction.EXPORT).exists()


def test_an_unknown_register_is_404(client, exits):
    assert get(client, exits.commune_committee, page_url(exits.commune_a, "transferred")).status_code == 404
    assert get(client, exits.commune_committee, xlsx_url(exits.commune_a, "transferred")).status_code == 404


def test_the_download_takes_the_export_permission(client, exits, monkeypatch):
    monkeypatch.setitem(
        policy.PERMISSIONS, Role.CELL_COMMITTEE, policy.PERMISSIONS[Role.CELL_COMMITTEE] - {policy.EXPORT_MEMBERS}
    )
    response = get(client, exits.cell_secretary, page_url(exits.cell_a, "current"))
    assert response.status_code == 200
    assert "/xlsx" not in response.content.decode()
    assert get(client, exits.cell_secretary, xlsx_url(exits.cell_a, "current")).status_code == 404


def test_the_page_is_paginated_with_a_count_and_continuous_numbers(client, exits, monkeypatch):
    monkeypatch.setattr(register_views, "PAGE_SIZE", 2)
    first = get(client, exits.commune_committee, page_url(exits.commune_a, "current"))
    second = get(client, exits.commune_committee, page_url(exits.commune_a, "current"), page="2")
    assert [cells[0] for _m, cells in first.context["rows"]] == ["1", "2"]
    assert [cells[:2] for _m, cells in second.context["rows"]] == [["3", "Phạm Đức Dũng"]]
    assert "3 đảng viên" in second.content.decode()
    assert "Trang 2 / 2" in second.content.decode()
    # The spreadsheet is never paginated.
    assert len(sheet_rows(get(client, exits.commune_committee, xlsx_url(exits.commune_a, "current")))) == 1 + 3


def test_the_statistics_page_links_to_the_three_registers(client, cast):
    client.force_login(cast.commune_committee)
    body = client.get(reverse("reports:statistics", args=[cast.commune_a.pk])).content.decode()
    assert "Sổ đảng viên:" in body
    for kind, label in (("current", "đang sinh hoạt"), ("left", "đã ra khỏi Đảng"), ("deceased", "đã từ trần")):
        assert f'<a href="{page_url(cast.commune_a, kind)}">{label}</a>' in body
