"""Party-format documents open as real DOCX and PDF files and carry the heading block and signature."""

import datetime as dt
import io

from docx import Document as WordDocument
from pypdf import PdfReader

from sotay.core.partydoc import Para, PartyDocument, docx_text, render_docx, render_pdf

DOC = PartyDocument(
    superior="Đảng bộ xã Đông Tiến",
    issuer="Chi bộ thôn Đông",
    number="05-NQ/CB",
    place="Đông Tiến",
    on=dt.date(2026, 3, 5),
    title="Nghị quyết",
    subject="Đề nghị kết nạp đảng viên",
    body=[Para("I. Kết quả biểu quyết", heading=True), "Tổng số đảng viên chính thức: 12; tán thành: 11 (91,7%)."],
    signer_capacity="T/M Chi bộ",
    signer_title="Bí thư",
    signer_name="Trần Thị Bình",
    recipients=["Đảng ủy xã", "Lưu chi bộ"],
    form_code="Mẫu 6-KNĐ",
)


def test_docx_opens_and_has_heading_block_body_and_signature():
    data = render_docx(DOC)
    WordDocument(io.BytesIO(data))  # a real Word file
    text = docx_text(data)
    for expected in (
        "ĐẢNG BỘ XÃ ĐÔNG TIẾN",
        "CHI BỘ THÔN ĐÔNG",
        "Số 05-NQ/CB",
        "ĐẢNG CỘNG SẢN VIỆT NAM",
        "Đông Tiến, ngày 05 tháng 03 năm 2026",
        "NGHỊ QUYẾT",
        "Đề nghị kết nạp đảng viên",
        "I. Kết quả biểu quyết",
        "tán thành: 11 (91,7%)",
        "T/M CHI BỘ",
        "BÍ THƯ",
        "Trần Thị Bình",
        "- Lưu chi bộ",
    ):
        assert expected in text, expected
    assert "{{" not in text and "{%" not in text


def test_docx_escapes_markup_in_content():
    doc = PartyDocument(issuer="Chi bộ <A> & B", title="Thông báo", body=["x < y & z"])
    text = docx_text(render_docx(doc))
    assert "CHI BỘ <A> & B" in text and "x < y & z" in text


def test_blank_number_and_date_leave_room_to_write_by_hand():
    text = docx_text(render_docx(PartyDocument(issuer="Chi bộ A", title="Quyết định", place="Hưng Yên")))
    assert "Số      " in text and "Hưng Yên, ngày ..... tháng ....." in text


def test_pdf_opens_and_carries_the_same_text():
    reader = PdfReader(io.BytesIO(render_pdf(DOC)))
    text = " ".join(page.extract_text() for page in reader.pages)
    assert "ĐẢNG CỘNG SẢN VIỆT NAM" in text and "Trần Thị Bình" in text and "05-NQ/CB" in text


def test_file_name_keeps_d_and_names_the_person():
    doc = PartyDocument(issuer="Chi bộ A", title="Quyết định", number="118-QĐ/ĐU", subject="Kết nạp đảng viên")
    doc.file_hint = "Đặng Văn Khải"
    assert doc.filename("docx") == "quyet-dinh-118-qddu-ket-nap-dang-vien-dang-van-khai.docx"
