"""GET /reports/member/<member_id>.pdf: a member's profile sheet."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from sotay.audit.models import AuditEntry
from sotay.members.tests.factories import MemberFactory
from sotay.reports.tests import pdftext

pytestmark = pytest.mark.django_db

FOOTER = "Tài liệu chứa dữ liệu cá nhân — không chia sẻ ngoài phạm vi công tác"


def url(member) -> str:
    return reverse("reports:member_pdf", args=[member.pk])


def get(client, user, member):
    client.force_login(user)
    return client.get(url(member))


def test_url():
    assert url(type("M", (), {"pk": 5})) == "/reports/member/5.pdf"


def test_the_sheet_shows_the_profile_under_the_party_heading(client, cast):
    member = MemberFactory(
        full_name="Vương Thị Yến",
        organization=cast.cell_a,
        gender="F",
        occupation="Giáo viên",
        political_theory="INTERMEDIATE",
        biography_number="LL-0042",
        phone="0912345678",
        admission_decision_on=dt.date(2010, 2, 20),
    )
    response = get(client, cast.cell_secretary, member)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    today = timezone.localdate()
    assert response["Content-Disposition"] == (
        f'attachment; filename="phieu-thong-tin-dang-vien-vuong-thi-yen-{today:%Y%m%d}.pdf"'
    )
    assert "no-store" in response["Cache-Control"]
    content = response.content
    assert content.startswith(b"%PDF-")
    (size,) = pdftext.page_sizes(content)
    assert size[0] < size[1]  # portrait A4
    lines = pdftext.text_lines(content)
    text = "\n".join(lines)
    assert "ĐẢNG BỘ XÃ ĐÔNG TIẾN" in lines and FOOTER in lines
    for expected in (
        "ĐẢNG BỘ XÃ ĐÔNG TIẾN",
        "CHI BỘ THÔN ĐÔNG",
        "ĐẢNG CỘNG SẢN VIỆT NAM",
        "PHIẾU THÔNG TIN ĐẢNG VIÊN",
        "Vương Thị Yến",
        "17/05/1980",
        "Nữ",
        "02/03/2010",
        "20/02/2010",
        "LL-0042",
        member.citizen_id,
        "0912345678",
        "Giáo viên",
        "Trung cấp",
        FOOTER,
    ):
        assert expected in text, expected


def test_it_writes_one_audit_entry_for_the_member(client, cast):
    get(client, cast.commune_committee, cast.member_member)
    (entry,) = AuditEntry.objects.filter(action="export")
    assert entry.organization == cast.cell_a
    assert (entry.object_type, entry.object_id) == ("members.member", str(cast.member_member.pk))
    assert entry.data == {"kind": "member_pdf", "format": "pdf", "rows": 1, "params": {}}


def test_the_higher_levels_may_export_their_subtree(client, cast):
    assert get(client, cast.commune_committee, cast.teacher).status_code == 200
    assert get(client, cast.provincial_officer, cast.outsider_members[1]).status_code == 200


def test_the_outsider_and_a_plain_member_get_404(client, cast):
    assert get(client, cast.outsider, cast.member_member).status_code == 404
    assert get(client, cast.member, cast.member_member).status_code == 404  # not even their own record
    assert get(client, cast.cell_secretary, cast.teacher).status_code == 404  # another cell
    assert not AuditEntry.objects.filter(action="export").exists()
