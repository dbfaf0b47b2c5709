"""The forms the system fills (12-HD/BTCTW: 6-KNĐ, 8-KNĐ, 9-KNĐ) open in Word and say what was recorded."""

from __future__ import annotations

import io

import pytest
from django.urls import reverse
from pypdf import PdfReader

from sotay.admissions import services, steps
from sotay.admissions.tests.helpers import D, cell_vote, open_case, through_verification
from sotay.audit.models import AuditEntry
from sotay.core.partydoc import docx_text
from sotay.core.tests.export_checks import assert_export
from sotay.orgs.actor import Actor

pytestmark = pytest.mark.django_db


def _decided(cast):
    case = through_verification(cast, open_case(cast))
    cell_vote(case, cast.cell_secretary)
    by = cast.commune_committee
    number = "125-QĐ/ĐU"
    services.record_step(
        case=case, form_code=steps.DECISION, done_on=D(2026, 2, 10), document_number=number, actor=Actor.for_user(by)
    )
    case.refresh_from_db()
    return case


def test_6_knd_resolution_docx_carries_identity_vote_and_proposal(cast, client):
    case = _decided(cast)
    step = case.steps.get(form_code=steps.CELL_RESOLUTION)
    client.force_login(cast.cell_secretary)
    response = client.get(reverse("admissions:form", args=[case.pk, step.pk, "docx"]))
    assert response.status_code == 200
    assert response["Content-Disposition"].endswith('.docx"')
    text = docx_text(response.content)
    assert "Mẫu 6-KNĐ" in text and "CHI BỘ THÔN ĐÔNG" in text and "ĐẢNG BỘ XÃ ĐÔNG TIẾN" in text
    assert "Số 01-NQ/CB" in text and "ngày 20 tháng 01 năm 2026" in text
    assert "Ngô Thị Hạnh" in text and "sinh ngày 15/01/2000" in text
    # 3 of 4 official members: 75,0% — above the two-thirds of 294-QĐ/TW
    assert "số tán thành: 3 (75,0%)" in text
    assert "Trần Thị Bình" in text  # the introducer
    assert AuditEntry.objects.filter(action="export", object_id=str(case.pk)).exists()
    assert assert_export(response, kind="admission_form", user=cast.cell_secretary).data["format"] == "docx"


def test_9_knd_decision_pdf_names_the_ceremony_deadline(cast, client):
    case = _decided(cast)
    step = case.steps.get(form_code=steps.DECISION)
    client.force_login(cast.commune_committee)
    response = client.get(reverse("admissions:form", args=[case.pk, step.pk, "pdf"]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert_export(response, kind="admission_form", user=cast.commune_committee)
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(response.content)).pages)
    assert "QUYẾT ĐỊNH" in text and "125-QĐ/ĐU" in text
    assert f"{case.ceremony_due_on:%d/%m/%Y}" in text


def test_forms_only_for_recorded_fillable_steps_and_only_inside_the_subtree(cast, client):
    case = _decided(cast)
    course = case.steps.get(form_code=steps.COURSE)
    client.force_login(cast.cell_secretary)
    assert client.get(reverse("admissions:form", args=[case.pk, course.pk, "docx"])).status_code == 404
    step = case.steps.get(form_code=steps.CELL_RESOLUTION)
    assert client.get(reverse("admissions:form", args=[case.pk, step.pk, "exe"])).status_code == 404
    client.force_login(cast.outsider)
    assert client.get(reverse("admissions:form", args=[case.pk, step.pk, "docx"])).status_code == 404


def test_detail_page_links_the_fillable_forms(cast, client):
    case = _decided(cast)
    client.force_login(cast.cell_secretary)
    html = client.get(reverse("admissions:detail", args=[case.pk])).content.decode()
    assert html.count("/form/") == 4  # 6-KNĐ and 9-KNĐ, each DOCX and PDF
