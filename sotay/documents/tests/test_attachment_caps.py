"""Attachments cannot exhaust the server (security review, issue 11 item 4): a DOCX decompression bomb is refused in
the request when its zip declares it; text is taken in the task worker, never in the request, with hard caps on the
XML read, the PDF pages and the text kept; a cap reached keeps the file without text and tells staff why."""

from __future__ import annotations

import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from sotay.core import uploads
from sotay.documents import extract, services
from sotay.documents.models import Attachment, TextStatus
from sotay.documents.tests.test_attachments import _docx, _pdf
from sotay.orgs.actor import Actor

pytestmark = pytest.mark.django_db


@pytest.fixture
def doc(cast):
    from sotay.documents.tests.factories import DocumentFactory

    return DocumentFactory(organization=cast.province)


@pytest.fixture
def private_root(settings, tmp_path):
    settings.DOCUMENTS_PRIVATE_ROOT = tmp_path / "private"
    settings.PRIVATE_ROOT = tmp_path / "private"
    return tmp_path / "private"


def _bomb(megabytes: int) -> bytes:
    """A real DOCX whose document.xml holds `megabytes` MB of one repeated paragraph: a few hundred KB zipped."""
    paragraph = "<w:p><w:r><w:t>" + "A" * 1000 + "</w:t></w:r></w:p>"
    body = paragraph * (megabytes * 1024 * 1024 // len(paragraph))
    xml = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>'
        f"{body}</w:body></w:document>"
    )
    template = _docx(["x"])
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(template)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = xml.encode() if info.filename == "word/document.xml" else src.read(info.filename)
            dst.writestr(info.filename, data, compress_type=zipfile.ZIP_DEFLATED, compresslevel=9)
    return out.getvalue()


def test_a_docx_bomb_is_refused_in_the_request_and_nothing_is_stored(cast, doc, private_root, client):
    bomb = _bomb(120)  # 120 MB of XML in well under 1 MB: past the 100 MB cap and the 100:1 ratio
    assert len(bomb) < 1024 * 1024
    client.force_login(cast.provincial_officer)
    upload = io.BytesIO(bomb)
    upload.name = "bom.docx"
    response = client.post(reverse("documents:attachment_upload", args=[doc.pk]), {"file": upload}, follow=True)
    assert response.status_code == 200
    assert "bom nén" in response.content.decode()
    assert not Attachment.objects.exists()
    assert not private_root.exists() or not any(p.is_file() for p in private_root.rglob("*"))


def test_the_compression_ratio_is_checked_below_the_size_cap(settings):
    bomb = _bomb(3)
    with pytest.raises(ValidationError, match="tỉ lệ"):
        uploads.check_zip("a.docx", bomb)
    settings.UPLOAD_MAX_ZIP_RATIO = 100_000
    uploads.check_zip("a.docx", bomb)  # the same file passes when the ratio is allowed
    settings.UPLOAD_MAX_UNCOMPRESSED_BYTES = 1024 * 1024
    with pytest.raises(ValidationError, match="vượt giới hạn 1.0 MB"):
        uploads.check_zip("a.docx", bomb)


def test_every_upload_checks_zips_scans_included(settings):
    with pytest.raises(ValidationError, match="bom nén"):
        uploads.check_upload("to-trinh.docx", _bomb(120))


def test_reading_a_zip_entry_stops_at_the_hard_cap_whatever_it_declares(settings):
    settings.UPLOAD_MAX_ZIP_RATIO = 100_000
    with zipfile.ZipFile(io.BytesIO(_bomb(2))) as z:
        with pytest.raises(uploads.TooLarge, match="giới hạn"):
            with uploads.read_zip_member(z, "word/document.xml", limit=1024 * 1024) as f:
                while f.read(65536):
                    pass


def test_docx_text_extraction_stops_at_the_xml_cap(settings):
    settings.UPLOAD_MAX_UNCOMPRESSED_BYTES = 512 * 1024
    with pytest.raises(extract.TooLarge):
        extract.extract("bom.docx", _bomb(2))


def test_docx_text_extraction_stops_at_the_text_cap(settings):
    settings.DOCUMENTS_MAX_TEXT_BYTES = 1000
    with pytest.raises(extract.TooLarge, match="giới hạn"):
        extract.extract("dai.docx", _docx([f"Đoạn {i} về công tác đảng viên" for i in range(200)]))


def test_pdf_text_extraction_is_capped_by_text_and_by_pages(settings):
    pdf = _pdf("Quy định về chuẩn mực đạo đức cách mạng " * 200)
    settings.DOCUMENTS_MAX_TEXT_BYTES = 500
    with pytest.raises(extract.TooLarge, match="MB chữ"):
        extract.extract("qd.pdf", pdf)
    settings.DOCUMENTS_MAX_TEXT_BYTES = 5 * 1024 * 1024
    settings.DOCUMENTS_MAX_PDF_PAGES = 1
    two_pages = _pdf('x</p><p style="page-break-before: always">y')
    with pytest.raises(extract.TooLarge, match="2 trang"):
        extract.extract("qd.pdf", two_pages)


def test_the_text_is_taken_by_the_worker_not_in_the_request(
    cast, doc, private_root, django_capture_on_commit_callbacks
):
    # The project's tests use the dummy task backend: nothing runs unless the worker does.
    with django_capture_on_commit_callbacks(execute=True):
        att = services.add_attachment(
            document=doc, name="qd.docx", data=_docx(["Đảng phí"]), actor=Actor.for_user(cast.provincial_officer)
        )
    att.refresh_from_db()
    assert att.text == "" and att.text_status == TextStatus.PENDING
    assert services.extract_attachment_text(att.pk, actor=Actor.system("worker:test")) == TextStatus.READY
    att.refresh_from_db()
    assert att.text == "Đảng phí"


def test_a_cap_reached_in_the_worker_keeps_the_file_without_text_and_staff_see_why(
    cast, doc, private_root, settings, immediate_tasks, django_capture_on_commit_callbacks, client
):
    from sotay.documents import search

    settings.DOCUMENTS_MAX_TEXT_BYTES = 1000
    with django_capture_on_commit_callbacks(execute=True):
        att = services.add_attachment(
            document=doc,
            name="dai.docx",
            data=_docx([f"Đoạn {i} về sinh hoạt chuyên đề" for i in range(200)]),
            actor=Actor.for_user(cast.provincial_officer),
        )
    att.refresh_from_db()
    assert att.text_status == TextStatus.FAILED and att.text == "" and "giới hạn" in att.text_note
    assert (private_root / att.file.name).exists()
    assert search.search(cast.member, "sinh hoat chuyen de").hits == []
    client.force_login(cast.provincial_officer)
    page = client.get(reverse("documents:detail", args=[doc.pk])).content.decode()
    assert "không lấy chữ để tìm kiếm" in page and "dai.docx" in page


def _pdf_with(mutate) -> bytes:
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(_pdf("Kế hoạch"))))
    mutate(writer)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _open_action_js(writer):
    from pypdf.generic import DictionaryObject, NameObject, TextStringObject

    writer._root_object[NameObject("/OpenAction")] = DictionaryObject(
        {NameObject("/S"): NameObject("/JavaScript"), NameObject("/JS"): TextStringObject("app.alert(1)")}
    )


def _launch(writer):
    from pypdf.generic import DictionaryObject, NameObject, TextStringObject

    writer._root_object[NameObject("/OpenAction")] = DictionaryObject(
        {NameObject("/S"): NameObject("/Launch"), NameObject("/F"): TextStringObject("cmd.exe")}
    )


def _names_javascript(writer):
    from pypdf.generic import ArrayObject, DictionaryObject, NameObject, TextStringObject

    action = writer._add_object(DictionaryObject({NameObject("/JS"): TextStringObject("app.alert(2)")}))
    tree = DictionaryObject({NameObject("/Names"): ArrayObject([TextStringObject("a"), action])})
    writer._root_object[NameObject("/Names")] = DictionaryObject({NameObject("/JavaScript"): tree})


@pytest.mark.parametrize(
    "mutate",
    [
        _open_action_js,
        _names_javascript,
        _launch,
        lambda w: w.add_attachment("virus.exe", b"MZ" + b"\0" * 64),
    ],
    ids=["openaction-js", "names-javascript", "launch", "embedded-file"],
)
def test_a_pdf_with_active_content_is_refused(cast, doc, private_root, mutate):
    bad = _pdf_with(mutate)
    for check in (
        lambda: uploads.check_upload("kh.pdf", bad),
        lambda: services.add_attachment(
            document=doc, name="kh.pdf", data=bad, actor=Actor.for_user(cast.provincial_officer)
        ),
    ):
        with pytest.raises(ValidationError, match="mã chạy tự động"):
            check()
    assert not Attachment.objects.exists()


def test_a_plain_pdf_and_a_pdf_opening_at_its_first_page_are_accepted():
    from pypdf.generic import ArrayObject, NameObject

    def open_at_first_page(writer):
        writer._root_object[NameObject("/OpenAction")] = ArrayObject(
            [writer.pages[0].indirect_reference, NameObject("/Fit")]
        )

    for data in (_pdf("Kế hoạch"), _pdf_with(open_at_first_page)):
        assert uploads.check_upload("kh.pdf", data)[1] == "pdf"


def test_a_damaged_pdf_is_refused_with_a_message():
    with pytest.raises(ValidationError, match="bị hỏng"):
        uploads.check_upload("kh.pdf", b"%PDF-1.7\n" + b"\x00garbage" * 50)
