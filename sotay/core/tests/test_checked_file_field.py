"""Uploads outside the documents library and the admission scans (meeting materials, model-cell plans and
evidence) get the same checks as those (sotay.core.uploads.check_upload): the kind judged by content, zip bombs
and PDFs with active content refused in the form; a PDF that cannot be read is refused too, as in the library."""

from __future__ import annotations

from django import forms
from django.core.files.uploadedfile import SimpleUploadedFile

from sotay.core.forms import CheckedFileField
from sotay.core.tests.samples import blank_pdf
from sotay.documents.tests.test_attachment_caps import _bomb, _open_action_js, _pdf_with


class _Form(forms.Form):
    file = CheckedFileField()


def _clean(name: str, data: bytes) -> _Form:
    form = _Form(files={"file": SimpleUploadedFile(name, data)})
    form.is_valid()
    return form


def test_a_zip_bomb_is_refused_by_the_form():
    assert "bom nén" in str(_clean("tai-lieu.docx", _bomb(120)).errors["file"])


def test_a_pdf_that_runs_a_script_is_refused_by_the_form():
    assert "mã chạy tự động" in str(_clean("nghi-quyet.pdf", _pdf_with(_open_action_js)).errors["file"])
    raw = b"%PDF-1.4\n1 0 obj<</OpenAction<</S/JavaScript/JS(app.alert(1))>>>>endobj\n%%EOF"  # unreadable
    assert not _clean("x.pdf", raw).is_valid()


def test_ordinary_files_pass_and_can_be_read_again():
    pdf = blank_pdf()
    form = _clean("ke-hoach.pdf", pdf)
    assert form.is_valid() and form.cleaned_data["file"].read() == pdf


def test_the_forms_that_take_files_use_it():
    from sotay.evaluation.recognition_forms import PlanForm
    from sotay.meetings.forms import AgendaItemForm

    assert isinstance(PlanForm.base_fields["plan_file"], CheckedFileField)
    assert isinstance(AgendaItemForm.base_fields["material_file"], CheckedFileField)
