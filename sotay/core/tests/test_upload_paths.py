"""One way for uploads (issue 12, §2 "Uploads"): every upload form judges the file by its content through
sotay.core.uploads, keeps it under PRIVATE_ROOT and serves it only through an access-checked view, never MEDIA_URL.

Documents (sotay/documents/tests/test_views.py, test_attachments.py) and admission scans
(sotay/admissions/tests/test_attachments.py) have their own ".exe renamed .pdf" tests; the other forms are here."""

from __future__ import annotations

import datetime as dt
import importlib
from decimal import Decimal

import pytest
from django.apps import apps
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from sotay.core import uploads
from sotay.core.forms import CheckedFileField
from sotay.core.tests.samples import EXE, blank_pdf
from sotay.orgs.actor import Actor

pytestmark = pytest.mark.django_db


def exe_as_pdf() -> SimpleUploadedFile:
    return SimpleUploadedFile("bien-ban.pdf", EXE, content_type="application/pdf")


@pytest.fixture(autouse=True)
def roots(settings, tmp_path):
    settings.PRIVATE_ROOT = tmp_path / "private"
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings


def stored_files(root) -> list:
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


# --- the field every form uses ---------------------------------------------------------------------------------


def test_the_field_refuses_a_renamed_program_and_renames_a_misnamed_file(settings):
    field = CheckedFileField()
    with pytest.raises(Exception, match="không phải PDF"):
        field.clean(exe_as_pdf())
    upload = field.clean(SimpleUploadedFile("Biên bản.docx", blank_pdf()))  # a PDF named .docx
    assert upload.name == "Biên bản.pdf" and upload.content_type == "application/pdf"
    settings.UPLOAD_MAX_BYTES = 100
    with pytest.raises(Exception, match="vượt giới hạn"):
        field.clean(SimpleUploadedFile("to.pdf", blank_pdf()))


def test_meeting_materials_may_be_spreadsheets_and_slides_but_not_programs():
    from sotay.lib.xlsx import xlsx_bytes

    content = xlsx_bytes(columns=[], rows=[], sheet_title="A")
    assert uploads.check_upload("du-toan.xlsx", content, allowed=uploads.MATERIALS)[1] == "xlsx"
    with pytest.raises(Exception, match="không phải"):
        uploads.check_upload("du-toan.xlsx", content)  # not a scan
    with pytest.raises(Exception, match="không phải"):
        uploads.check_upload("slides.pptx", EXE, allowed=uploads.MATERIALS)


# --- each upload form -----------------------------------------------------------------------------------------


def test_meeting_material_form_refuses_an_exe_renamed_pdf(cast, client, roots):
    from sotay.meetings.tests.helpers import meeting_of

    meeting = meeting_of(cast, invite=False)
    client.force_login(cast.cell_secretary)
    url = reverse("meetings:agenda_add", args=[meeting.pk])
    response = client.post(url, {"title": "Tài liệu", "kind": "OTHER", "material_file": exe_as_pdf()})
    assert response.status_code == 400 and "không phải" in response.content.decode()
    assert not meeting.agenda_items.filter(title="Tài liệu").exists()
    assert not stored_files(roots.PRIVATE_ROOT) and not stored_files(roots.MEDIA_ROOT)


def _enrolment(cast, *, supervised: bool):
    from sotay.evaluation import services
    from sotay.evaluation.models import SchemeKind

    scheme = services.create_scheme(
        kind=SchemeKind.MODEL_CELL,
        organization=cast.province,
        title="Đề án xây dựng chi bộ kiểu mẫu",
        reference="02-ĐA/TU",
        start_year=2022,
        end_year=2026,
        target_base_cell_percent=Decimal(50),
        target_cell_percent=Decimal(20),
        actor=Actor.for_user(cast.provincial_officer),
    )
    e = services.register_cell(
        scheme=scheme,
        organization=cast.cell_a,
        registered_on=dt.date(2025, 3, 1),
        actor=Actor.for_user(cast.cell_secretary),
    )
    if supervised:
        services.attach_plan(
            enrolment=e,
            resolution_number="05-NQ/CB",
            resolution_on=dt.date(2025, 3, 10),
            plan_note="Kế hoạch",
            actor=Actor.for_user(cast.cell_secretary),
        )
        services.assign_supervisor(
            enrolment=e,
            supervisor=cast.secretary_member,
            assigned_on=dt.date(2025, 3, 15),
            actor=Actor.for_user(cast.commune_committee),
        )
    return e


def test_model_cell_plan_form_refuses_an_exe_renamed_pdf(cast, client, roots):
    e = _enrolment(cast, supervised=False)
    client.force_login(cast.cell_secretary)
    url = reverse("evaluation:enrolment_action", args=[e.pk, "plan"])
    data = {"resolution_number": "01-NQ/CB", "resolution_on": "05/03/2025", "plan_file": exe_as_pdf()}
    response = client.post(url, data)
    assert response.status_code == 400 and "không phải" in response.content.decode()
    e.refresh_from_db()
    assert not e.plan_file and not e.resolution_number
    assert not stored_files(roots.PRIVATE_ROOT) and not stored_files(roots.MEDIA_ROOT)


def _self_assessment(e, upload) -> dict:
    scores = {f"self-score_{c.pk}": str(c.max_score) for c in e.scheme.criteria_for(e.organization.cell_type)}
    return {
        **scores,
        "self-assessed_on": "01/12/2025",
        "self-period_label": "Năm 2025",
        "self-evidence": "",
        "self-evidence_file": upload,
    }


def test_evidence_form_refuses_an_exe_renamed_pdf(cast, client, roots):
    e = _enrolment(cast, supervised=True)
    client.force_login(cast.cell_secretary)
    url = reverse("evaluation:enrolment_action", args=[e.pk, "self"])
    response = client.post(url, _self_assessment(e, exe_as_pdf()))
    assert response.status_code == 400 and "không phải" in response.content.decode()
    assert not e.assessments.exists()
    assert not stored_files(roots.PRIVATE_ROOT) and not stored_files(roots.MEDIA_ROOT)


def test_member_import_form_refuses_an_exe_renamed_xlsx(cast, client, roots):
    from sotay.imports.models import ImportBatch

    client.force_login(cast.commune_committee)
    upload = SimpleUploadedFile("danh-sach.xlsx", EXE)
    response = client.post(reverse("imports:list"), {"file": upload})
    assert response.status_code in (200, 400)
    assert not ImportBatch.objects.exists()


# --- evidence is private ------------------------------------------------------------------------------------------


def test_evidence_is_stored_privately_and_served_only_to_those_who_see_the_cell(cast, client, roots):
    e = _enrolment(cast, supervised=True)
    client.force_login(cast.cell_secretary)
    url = reverse("evaluation:enrolment_action", args=[e.pk, "self"])
    pdf = blank_pdf()
    assert client.post(url, _self_assessment(e, SimpleUploadedFile("minh chứng.pdf", pdf))).status_code == 302
    assessment = e.assessments.get()
    name = assessment.evidence_file.name
    assert (roots.PRIVATE_ROOT / "evaluation" / name).read_bytes() == pdf
    assert not stored_files(roots.MEDIA_ROOT)
    with pytest.raises(ValueError):
        assessment.evidence_file.url  # no URL maps to private storage  # noqa: B018
    evidence_url = reverse("evaluation:evidence_file", args=[e.pk, assessment.pk])
    response = client.get(evidence_url)
    assert response.status_code == 200 and b"".join(response.streaming_content) == pdf
    assert response["Cache-Control"] == "private, no-store"
    client.force_login(cast.outsider)  # the secretary of a cell in another commune
    assert client.get(evidence_url).status_code == 404
    client.logout()
    assert client.get(evidence_url).status_code in (302, 404)  # to the sign-in page
    for guess in (f"/media/{name}", f"/{name}", f"/private/evaluation/{name}"):
        assert client.get(guess).status_code == 404


# --- the data migration moves the files uploaded before -----------------------------------------------------------


@pytest.mark.parametrize(
    "module,area",
    [
        ("sotay.meetings.migrations.0006_private_uploads", "meetings"),
        ("sotay.evaluation.migrations.0007_private_uploads", "evaluation"),
    ],
)
def test_the_migration_moves_earlier_uploads_from_media_to_private_and_back(cast, roots, module, area):
    migration = importlib.import_module(module)
    from sotay.evaluation.models import SchemeAssessment
    from sotay.meetings.models import AgendaItem

    if area == "meetings":
        from sotay.meetings.tests.helpers import meeting_of

        meeting = meeting_of(cast, invite=False)
        item = AgendaItem.objects.create(meeting=meeting, position=9, title="Tài liệu")
        AgendaItem.objects.filter(pk=item.pk).update(material_file="meetings/materials/nghi-quyet.pdf")
        name = "meetings/materials/nghi-quyet.pdf"
    else:
        e = _enrolment(cast, supervised=True)
        SchemeAssessment.objects.create(
            scheme=e.scheme,
            organization=e.organization,
            enrolment=e,
            kind="SELF",
            year=2025,
            assessed_on=dt.date(2025, 12, 1),
            total=Decimal(90),
            evidence_file="evaluation/evidence/2025/minh-chung.pdf",
        )
        name = "evaluation/evidence/2025/minh-chung.pdf"
    old = roots.MEDIA_ROOT / name
    old.parent.mkdir(parents=True)
    old.write_bytes(b"%PDF-1.4 earlier")
    migration.to_private(apps, None)
    new = roots.PRIVATE_ROOT / area / name
    assert new.read_bytes() == b"%PDF-1.4 earlier" and not old.exists()
    migration.to_private(apps, None)  # a second run finds nothing to move
    assert new.exists()
    migration.to_media(apps, None)
    assert old.read_bytes() == b"%PDF-1.4 earlier" and not new.exists()
