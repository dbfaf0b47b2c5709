"""Attachments: PDF and DOCX text for search, legacy TCVN3 (ABC) and VNI text converted, files judged by content,
size-limited, kept in private storage."""

from __future__ import annotations

import io

import pytest
from django.core.exceptions import ValidationError

from sotay.documents import extract, services
from sotay.documents.models import Attachment
from sotay.lib.vnlegacy import from_unicode_tcvn3, from_unicode_vni
from sotay.orgs.actor import Actor

pytestmark = pytest.mark.django_db

# Unicode → as typed with the legacy fonts (the Latin-1 view of the bytes); the conversion must give the left side.
LEGACY_TABLE = [
    ("Nguyễn Văn An", "NguyÔn V¨n An", "Nguyeãn Vaên An"),
    ("Đảng ủy xã Đông Tiến", None, None),
    ("Quy định thi hành Điều lệ Đảng", None, None),
    ("chi bộ kiểu mẫu", None, None),
    ("Nghị quyết về tăng cường củng cố tổ chức cơ sở đảng", None, None),
    ("thẻ đảng viên, đảng phí, ưu tú", None, None),
]


def _docx(paragraphs: list[str]) -> bytes:
    import docx

    document = docx.Document()
    for p in paragraphs:
        document.add_paragraph(p)
    buf = io.BytesIO()
    document.save(buf)
    return buf.getvalue()


def _pdf(text: str) -> bytes:
    from weasyprint import HTML

    return HTML(string=f"<p>{text}</p>").write_pdf()


@pytest.mark.parametrize(("unicode", "tcvn3", "vni"), LEGACY_TABLE)
def test_legacy_tcvn3_and_vni_text_in_a_docx_is_converted(unicode, tcvn3, vni):
    tcvn3 = tcvn3 or from_unicode_tcvn3(unicode)
    vni = vni or from_unicode_vni(unicode)
    assert tcvn3 != unicode and vni != unicode
    for legacy, encoding in ((tcvn3, "tcvn3"), (vni, "vni")):
        out = extract.extract("van-ban.docx", _docx([legacy, legacy]))
        assert out.converted_from == encoding
        assert out.text.splitlines()[0] == unicode


def test_unicode_text_is_left_alone():
    out = extract.extract("a.docx", _docx(["Quy định 294-QĐ/TW về thi hành Điều lệ Đảng"]))
    assert out.converted_from == "" and out.text == "Quy định 294-QĐ/TW về thi hành Điều lệ Đảng"


def test_pdf_text_is_extracted():
    out = extract.extract("qd.PDF", _pdf("Quy định về chuẩn mực đạo đức cách mạng"))
    assert out.kind == "pdf" and "chuẩn mực đạo đức" in out.text


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("quy-dinh.pdf", b"MZ\x90\x00\x03" + b"\x00" * 100, "không phải PDF"),  # an .exe renamed .pdf
        ("quy-dinh.docx", b"PK\x03\x04not really a zip", "không phải PDF"),
        ("anh.pdf", b"\x89PNG\r\n\x1a\n" + b"\x00" * 50, "không phải PDF"),
    ],
)
def test_files_are_judged_by_content_not_by_name(name, data, message):
    with pytest.raises(extract.UnsupportedFile, match=message):
        extract.extract(name, data)


def test_a_pdf_named_docx_is_refused():
    with pytest.raises(extract.UnsupportedFile, match="đuôi"):
        extract.extract("x.docx", _pdf("x"))


@pytest.fixture
def doc(cast):
    from sotay.documents.tests.factories import DocumentFactory

    return DocumentFactory(organization=cast.province)


@pytest.fixture
def private_root(settings, tmp_path):
    settings.DOCUMENTS_PRIVATE_ROOT = tmp_path / "private"
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.DOCUMENTS_PRIVATE_ROOT


def test_an_attachment_is_stored_outside_the_web_root_with_its_text(
    cast, doc, private_root, settings, immediate_tasks, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        att = services.add_attachment(
            document=doc,
            name="../../etc/qd.docx",
            data=_docx(["Đảng phí"]),
            actor=Actor.for_user(cast.provincial_officer),
        )
    att.refresh_from_db()
    path = private_root / att.file.name
    assert path.exists() and str(path).startswith(str(private_root))
    assert not str(path).startswith(str(settings.STATIC_ROOT)) and not str(path).startswith(str(settings.MEDIA_ROOT))
    assert att.original_name == "qd.docx" and att.text == "Đảng phí" and att.size == path.stat().st_size


def test_an_oversized_file_is_refused_and_nothing_is_stored(cast, doc, private_root, settings):
    settings.DOCUMENTS_MAX_UPLOAD_BYTES = 1000
    with pytest.raises(ValidationError, match="vượt giới hạn"):
        services.add_attachment(
            document=doc,
            name="lon.pdf",
            data=_pdf("x" * 10) + b" " * 2000,
            actor=Actor.for_user(cast.provincial_officer),
        )
    assert not Attachment.objects.exists()
    assert not private_root.exists() or not any(p.is_file() for p in private_root.rglob("*"))


def test_a_disguised_executable_is_refused_and_nothing_is_stored(cast, doc, private_root):
    with pytest.raises(ValidationError, match="không phải PDF"):
        services.add_attachment(
            document=doc, name="quy-dinh.pdf", data=b"MZ" + b"\x00" * 500, actor=Actor.for_user(cast.provincial_officer)
        )
    assert not Attachment.objects.exists()
    assert not private_root.exists() or not any(p.is_file() for p in private_root.rglob("*"))


def test_attachment_text_is_searchable(cast, doc, private_root, immediate_tasks, django_capture_on_commit_callbacks):
    from sotay.documents import search

    with django_capture_on_commit_callbacks(execute=True):
        services.add_attachment(
            document=doc,
            name="kem-theo.docx",
            data=_docx([from_unicode_tcvn3("Phụ lục về sinh hoạt chuyên đề")]),
            actor=Actor.for_user(cast.provincial_officer),
        )
    hits = search.search(cast.member, "sinh hoat chuyen de").hits
    assert [h.object_id for h in hits] == [doc.pk]
