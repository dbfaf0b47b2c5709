"""The screening report (Nghị quyết 21-NQ/TW; docs/rules/discipline.md#sàng-lọc-đảng-viên), its decisions and XLSX."""

from __future__ import annotations

import datetime as dt
import io

import openpyxl
import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from sotay.audit.models import AuditAction, AuditEntry
from sotay.discipline import services
from sotay.discipline.models import Sanction, ScreeningOutcome
from sotay.discipline.screening import Ground, screening_report
from sotay.members.choices import ExitKind, MemberStatus
from sotay.members.models import Member
from sotay.members.tests.factories import MemberFactory

from .helpers import committee, discipline

pytestmark = pytest.mark.django_db
ON = dt.date(2026, 11, 30)


def test_disciplined_and_overdue_probationary_members_are_flagged_21_NQ_TW(cast):
    """21-NQ/TW: the disciplined in the year and the probationary members past their recognition deadline (Điều lệ
    Điều 5, cần đối chiếu: 30 days after the end of probation) appear with their evidence; others do not."""
    disciplined = cast.others_a[0]
    discipline(cast, disciplined, Sanction.WARNING, on=dt.date(2026, 3, 2), number="05-QĐ/ĐU")
    overdue = MemberFactory(organization=cast.cell_a, status=MemberStatus.PROBATIONARY, joined_on=dt.date(2025, 9, 1))
    in_time = MemberFactory(organization=cast.cell_a, status=MemberStatus.PROBATIONARY, joined_on=dt.date(2025, 11, 15))
    lines = {x.member.pk: x for x in screening_report(cast.commune_a, 2026, on=ON)}
    assert lines[disciplined.pk].codes == [Ground.DISCIPLINED]
    assert "05-QĐ/ĐU" in lines[disciplined.pk].grounds[0][1]
    assert lines[overdue.pk].codes == [Ground.PROBATION_OVERDUE]
    assert "01/09/2026" in lines[overdue.pk].grounds[0][1]
    assert in_time.pk not in lines
    assert cast.member_member.pk not in lines
    # Outside the subtree: nothing.
    assert screening_report(cast.commune_b, 2026, on=ON) == []


def test_struck_off_through_screening_closes_membership_Dieu_le_Dieu_8(cast):
    """Điều lệ Đảng Điều 8 (xóa tên): the outcome is recorded and the membership closed through the exit service."""
    member = cast.others_a[0]
    discipline(cast, member, Sanction.REPRIMAND, on=dt.date(2026, 3, 2))
    with pytest.raises(ValidationError):
        services.record_screening(
            actor=committee(cast),
            member=member,
            year=2026,
            outcome=ScreeningOutcome.STRUCK_OFF,
            decided_on=dt.date(2026, 11, 20),
            grounds=[],
        )
    assert Member.objects.get(pk=member.pk).status == MemberStatus.OFFICIAL
    services.record_screening(
        actor=committee(cast),
        member=member,
        year=2026,
        outcome=ScreeningOutcome.STRUCK_OFF,
        decided_on=dt.date(2026, 11, 20),
        decision_number="40-QĐ/ĐU",
        grounds=[["DISCIPLINED", "kỷ luật"]],
    )
    member = Member.objects.get(pk=member.pk)
    assert member.status == MemberStatus.LEFT and member.exit_kind == ExitKind.STRUCK_OFF
    line = next(x for x in screening_report(cast.commune_a, 2026, on=ON) if x.member.pk == member.pk)
    assert line.decision.outcome == ScreeningOutcome.STRUCK_OFF


def test_expelled_outcome_needs_the_disciplinary_decision(cast):
    with pytest.raises(ValidationError, match="khai trừ"):
        services.record_screening(
            actor=committee(cast),
            member=cast.others_a[1],
            year=2026,
            outcome=ScreeningOutcome.EXPELLED,
            decided_on=dt.date(2026, 11, 20),
            grounds=[],
        )


def test_screening_page_decision_and_xlsx(client, cast):
    member = cast.others_a[0]
    discipline(cast, member, Sanction.WARNING, on=dt.date(2026, 3, 2))
    client.force_login(cast.commune_committee)
    url = f"{reverse('discipline:screening')}?org={cast.commune_a.pk}&year=2026"
    page = client.get(url)
    assert page.status_code == 200 and member.full_name in page.content.decode()
    response = client.post(
        reverse("discipline:screening_decide", args=[member.pk]),
        {"year": "2026", "org": cast.commune_a.pk, "outcome": ScreeningOutcome.KEPT, "decided_on": "20/11/2026"},
    )
    assert response.status_code == 302
    assert "Giữ lại" in client.get(url).content.decode()
    download = client.get(f"{reverse('discipline:screening_xlsx')}?org={cast.commune_a.pk}&year=2026")
    assert download.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(download.content)).active
    values = [c.value for row in sheet.iter_rows() for c in row]
    assert member.full_name in values and "Giữ lại, tiếp tục giáo dục" in values
    assert AuditEntry.objects.filter(action=AuditAction.EXPORT, data__kind="screening").exists()


def test_khtnv_two_years_running_is_a_ground_Dieu_le_Dieu_8(cast):
    """Điều lệ Đảng Điều 8 (hai năm liền vi phạm tư cách; read as KHTNV two years running, cần đối chiếu): the
    existing evaluation flag feeds the screening with the two years as evidence."""
    from sotay.demo.generator.evaluation import add_demo_evaluation
    from sotay.evaluation.selectors import two_years_not_completed

    add_demo_evaluation(dt.date(2026, 11, 27))
    flagged = {m.pk for m in two_years_not_completed(cast.commune_a, 2025)}
    assert flagged
    lines = {x.member.pk: x for x in screening_report(cast.commune_a, 2025, on=dt.date(2026, 11, 27))}
    for pk in flagged:
        assert Ground.KHTNV_TWO_YEARS in lines[pk].codes
        assert "2024 và 2025" in dict(lines[pk].grounds)[Ground.KHTNV_TWO_YEARS]
