"""Recognition pages: the cell records its vote, the committee sees the overdue cases and decides; outsiders 404;
forms 10–16-KNĐ as DOCX and PDF (12-HD/BTCTW; docs/rules/admission.md#công-nhận-đảng-viên-chính-thức)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from sotay.admissions import recognition as rec
from sotay.admissions.models import RecognitionCase, RecognitionStage
from sotay.members.choices import MemberStatus
from sotay.members.tests.factories import MemberFactory
from sotay.orgs.actor import Actor

D = dt.date


@pytest.fixture
def case(cast):
    member = MemberFactory(
        full_name="Đinh Thị Mai", organization=cast.cell_a, status=MemberStatus.PROBATIONARY, joined_on=D(2025, 9, 1)
    )
    return rec.open_recognition(member=member, actor=Actor.for_user(cast.cell_secretary))


def test_committee_sees_overdue_and_uncased_members_dieu_le_dieu_5(client, cast, case):
    """294-QĐ/TW / 01-HD/TW điểm 4: past the 30 working days the case is flagged to the committee above; a member
    whose probation has ended without a case is flagged too."""
    MemberFactory(
        full_name="Lò Văn Sáng", organization=cast.cell_a, status=MemberStatus.PROBATIONARY, joined_on=D(2025, 8, 1)
    )
    client.force_login(cast.commune_committee)
    page = client.get(reverse("admissions:recognitions"), {"org": cast.commune_a.pk})
    text = page.content.decode()
    assert page.status_code == 200
    assert "Đinh Thị Mai" in text and "Lò Văn Sáng" in text
    assert "2 đảng viên dự bị quá hạn" in text


def test_secretary_records_vote_and_committee_decides(client, cast, case):
    client.force_login(cast.cell_secretary)
    url = reverse("admissions:recognition_step", args=[case.pk])
    for code in rec.CELL_PAPERS:
        assert client.post(url, {"form_code": code, "done_on": "20/08/2026"}).status_code == 302
    bad = client.post(url, {"form_code": rec.CELL_RESOLUTION, "done_on": "25/08/2026", "votes_total": "3"})
    assert bad.status_code == 400 and "hết 12 tháng" in bad.content.decode()
    ok = client.post(
        url,
        {"form_code": rec.CELL_RESOLUTION, "done_on": "10/09/2026", "votes_for": "3", "votes_total": "3"},
    )
    assert ok.status_code == 302
    assert client.post(reverse("admissions:recognition_decide", args=[case.pk]), {}).status_code == 403
    client.force_login(cast.commune_committee)
    decided = client.post(
        reverse("admissions:recognition_decide", args=[case.pk]),
        {"outcome": "recognise", "decided_on": "01/10/2026", "decision_number": "120-QĐ/ĐU"},
    )
    assert decided.status_code == 302
    case.refresh_from_db()
    case.member.refresh_from_db()
    assert case.stage == RecognitionStage.RECOGNISED
    assert case.member.official_on == D(2026, 9, 1)


@pytest.mark.parametrize("number", [10, 11, 12, 13, 16])
@pytest.mark.parametrize("fmt", ["docx", "pdf"])
def test_forms_download_12_hd_btctw(client, cast, case, number, fmt):
    """12-HD/BTCTW: 10–12-KNĐ pre-filled, 13-KNĐ and the decision filled from the recorded steps."""
    secretary = Actor.for_user(cast.cell_secretary)
    for code in rec.CELL_PAPERS:
        rec.record_step(case=case, form_code=code, done_on=D(2026, 8, 20), actor=secretary)
    rec.record_step(
        case=case, form_code=rec.CELL_RESOLUTION, done_on=D(2026, 9, 10), actor=secretary, votes=rec.Votes(3, 0, 3)
    )
    rec.decide(
        case=case,
        recognised=True,
        decided_on=D(2026, 10, 1),
        decision_number="120-QĐ/ĐU",
        actor=Actor.for_user(cast.commune_committee),
    )
    client.force_login(cast.cell_secretary)
    response = client.get(reverse("admissions:recognition_form", args=[case.pk, number, fmt]))
    assert response.status_code == 200
    body = response.content
    assert body[:4] == (b"PK\x03\x04" if fmt == "docx" else b"%PDF")
    if fmt == "docx":
        import io

        from docx import Document

        text = "\n".join(p.text for p in Document(io.BytesIO(body)).paragraphs)
        assert "Đinh Thị Mai" in text
        if number == 16:
            assert "kể từ ngày 01/09/2026" in text


def test_form_15_not_offered_before_its_step(client, cast, case):
    client.force_login(cast.cell_secretary)
    assert client.get(reverse("admissions:recognition_form", args=[case.pk, 15, "pdf"])).status_code == 404


def test_outsider_gets_404(client, cast, case):
    client.force_login(cast.outsider)
    assert client.get(reverse("admissions:recognition", args=[case.pk])).status_code == 404
    response = client.post(
        reverse("admissions:recognition_step", args=[case.pk]), {"form_code": rec.SELF_REVIEW, "done_on": "20/08/2026"}
    )
    assert response.status_code == 404
    assert client.post(reverse("admissions:recognition_open", args=[case.member.pk])).status_code == 404
    assert not case.steps.exists()
    assert RecognitionCase.objects.count() == 1
