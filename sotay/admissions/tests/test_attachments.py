"""Each admission step keeps its paper: files checked by content and size, private, served through the case's
access check (the same rules as document attachments)."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from sotay.admissions import steps
from sotay.admissions.models import StepAttachment
from sotay.core.tests.export_checks import assert_export

from .helpers import open_case, through_verification

pytestmark = pytest.mark.django_db


def _blank_pdf() -> bytes:
    """A valid one-page PDF: uploads are opened with pypdf to look for scripts, so a stub would be refused."""
    import io

    from pypdf import PdfWriter

    writer, out = PdfWriter(), io.BytesIO()
    writer.add_blank_page(width=595, height=842)
    writer.write(out)
    return out.getvalue()


PDF = _blank_pdf()


@pytest.fixture(autouse=True)
def _private_root(settings, tmp_path):
    settings.PRIVATE_ROOT = tmp_path / "private"


def _step(cast):
    case = through_verification(cast, open_case(cast))
    return case, case.steps.get(form_code=steps.APPLICATION)


def test_scan_uploaded_listed_and_downloaded_only_inside_the_subtree(cast, client, settings):
    case, step = _step(cast)
    client.force_login(cast.cell_secretary)
    upload = SimpleUploadedFile("don xin vao Dang.pdf", PDF, content_type="application/pdf")
    client.post(reverse("admissions:attach", args=[case.pk, step.pk]), {"file": upload})
    attachment = StepAttachment.objects.get(step=step)
    assert attachment.content_type == "application/pdf" and attachment.size == len(PDF)
    stored = settings.PRIVATE_ROOT / "admissions" / attachment.file.name
    assert stored.read_bytes() == PDF  # outside the web root: under PRIVATE_ROOT, no URL maps to it
    html = client.get(reverse("admissions:detail", args=[case.pk])).content.decode()
    assert "don xin vao Dang.pdf" in html
    response = client.get(reverse("admissions:file", args=[case.pk, attachment.pk]))
    assert response.status_code == 200 and b"".join(response.streaming_content) == PDF
    assert response["Cache-Control"] == "private, no-store"
    assert assert_export(response, kind="admission_scan", user=cast.cell_secretary).object_id == str(case.pk)
    assert response["Content-Disposition"] == 'attachment; filename="don xin vao Dang.pdf"'
    client.force_login(cast.outsider)
    assert client.get(reverse("admissions:file", args=[case.pk, attachment.pk])).status_code == 404


@pytest.mark.parametrize(
    "name,data",
    [
        ("don.pdf", b"MZ\x90\x00\x03 this is a Windows program"),  # an .exe renamed .pdf
        ("empty.pdf", b""),
    ],
)
def test_disguised_or_empty_file_refused_and_nothing_stored(cast, client, settings, name, data):
    case, step = _step(cast)
    client.force_login(cast.cell_secretary)
    response = client.post(
        reverse("admissions:attach", args=[case.pk, step.pk]), {"file": SimpleUploadedFile(name, data)}, follow=True
    )
    assert not StepAttachment.objects.exists()
    assert not (settings.PRIVATE_ROOT / "admissions").exists() or not any(
        (settings.PRIVATE_ROOT / "admissions").rglob("*.*")
    )
    assert "không phải" in response.content.decode() or "rỗng" in response.content.decode()


def test_oversized_file_refused(cast, client, settings):
    settings.UPLOAD_MAX_BYTES = 10
    case, step = _step(cast)
    client.force_login(cast.cell_secretary)
    client.post(reverse("admissions:attach", args=[case.pk, step.pk]), {"file": SimpleUploadedFile("a.pdf", PDF)})
    assert not StepAttachment.objects.exists()
