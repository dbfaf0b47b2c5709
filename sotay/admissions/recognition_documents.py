"""The recognition forms as Party-format documents (12-HD/BTCTW; docs/rules/admission.md#hồ-sơ-công-nhận-chính-thức).

10-, 11- and 12-KNĐ are offered pre-filled with the member's identity and left for the member, the mentor and the
chi ủy to write in; 13-, 15- and 16-KNĐ are filled from the recorded step (its date, number and vote), like 6-KNĐ.
"""

from __future__ import annotations

from django.http import Http404

from sotay.core.partydoc import Para, PartyDocument
from sotay.orgs.letterhead import parent_of as _parent
from sotay.orgs.letterhead import place_name as _place

from . import recognition as rec
from .documents import _base_committee, _deciding, _percent
from .models import RecognitionCase, RecognitionStep

BLANK = {10: rec.SELF_REVIEW, 11: rec.MENTOR_REVIEW, 12: rec.OPINIONS}
FILLED = {13: rec.CELL_RESOLUTION, 15: rec.BASE_RESOLUTION, 16: rec.DECISION}
DOTS = "…" * 40


def _identity(case: RecognitionCase) -> list[Para | str]:
    m = case.member
    return [
        f"Họ và tên: {m.full_name}; sinh ngày {m.birth_on:%d/%m/%Y}.",
        f"Ngày vào Đảng: {m.joined_on:%d/%m/%Y}; hết thời kỳ dự bị ngày {case.probation_ends_on:%d/%m/%Y}.",
        f"Sinh hoạt tại {case.organization.name}.",
    ]


def _votes(step: RecognitionStep, who: str) -> list[Para | str]:
    if not step.votes_total:
        return []
    total, yes, no = step.votes_total, step.votes_for or 0, step.votes_against or 0
    return [
        f"Tổng số {who}: {total}; số tán thành: {yes} ({_percent(yes, total)}); "
        f"số không tán thành: {no} ({_percent(no, total)})."
    ]


def self_review(case: RecognitionCase) -> PartyDocument:
    body: list[Para | str] = [
        "Kính gửi: Chi bộ " + case.organization.name.removeprefix("Chi bộ ").strip(),
        *_identity(case),
        Para("1. Ưu điểm", heading=True),
        DOTS,
        Para("2. Khuyết điểm, hạn chế và nguyên nhân", heading=True),
        DOTS,
        Para("3. Tự nhận thấy (đủ / chưa đủ) điều kiện trở thành đảng viên chính thức", heading=True),
        DOTS,
    ]
    return PartyDocument(
        issuer="",
        title="Bản tự kiểm điểm",
        subject="Đề nghị công nhận đảng viên chính thức",
        body=body,
        place=_place(case.organization),
        signer_title="Người tự kiểm điểm",
        signer_name=case.member.full_name,
        form_code="Mẫu 10-KNĐ",
    )


def mentor_review(case: RecognitionCase) -> PartyDocument:
    body: list[Para | str] = [
        "Kính gửi: " + case.organization.name,
        "Tôi là đảng viên chính thức được chi bộ phân công giúp đỡ đảng viên dự bị:",
        *_identity(case),
        Para("Nhận xét ưu điểm, khuyết điểm trong thời kỳ dự bị", heading=True),
        DOTS,
        Para("Đề nghị chi bộ xét, công nhận (hoặc không công nhận) đảng viên chính thức", heading=True),
        DOTS,
    ]
    return PartyDocument(
        issuer="",
        title="Bản nhận xét đảng viên dự bị",
        subject="Của đảng viên được phân công giúp đỡ",
        body=body,
        place=_place(case.organization),
        signer_title="Đảng viên giúp đỡ",
        form_code="Mẫu 11-KNĐ",
    )


def opinions(case: RecognitionCase) -> PartyDocument:
    above = _parent(case.organization)
    body: list[Para | str] = [
        *_identity(case),
        Para("1. Ý kiến nhận xét của tổ chức đoàn thể nơi đảng viên dự bị sinh hoạt", heading=True),
        DOTS,
        Para("2. Ý kiến nhận xét của chi ủy (chi bộ) nơi cư trú", heading=True),
        DOTS,
    ]
    return PartyDocument(
        superior=above.name if above else "",
        issuer=case.organization.name,
        title="Tổng hợp ý kiến nhận xét",
        subject="Đối với đảng viên dự bị",
        body=body,
        place=_place(case.organization),
        signer_capacity="T/M chi ủy",
        signer_title="Bí thư",
        form_code="Mẫu 12-KNĐ",
    )


def cell_resolution(case: RecognitionCase, step: RecognitionStep) -> PartyDocument:
    cell, above = case.organization, _parent(case.organization)
    m = case.member
    body: list[Para | str] = [
        f"Ngày {step.done_on:%d/%m/%Y}, {cell.name} đã họp xét đề nghị công nhận đảng viên dự bị {m.full_name} "
        "trở thành đảng viên chính thức.",
        Para("I. Sơ lược lý lịch", heading=True),
        *_identity(case),
        Para("II. Kết quả biểu quyết", heading=True),
        *_votes(step, "đảng viên chính thức của chi bộ"),
    ]
    if step.approved:
        body.append(
            f"Chi bộ đề nghị {(above.name if above else 'cấp ủy cấp trên')} xét, công nhận đồng chí {m.full_name} "
            f"là đảng viên chính thức kể từ ngày {case.probation_ends_on:%d/%m/%Y}."
        )
    else:
        body.append(
            "Số đảng viên chính thức tán thành chưa đủ hai phần ba: chi bộ đề nghị xóa tên đồng chí "
            f"{m.full_name} khỏi danh sách đảng viên dự bị."
        )
    if step.note:
        body.append(step.note)
    return PartyDocument(
        superior=above.name if above else "",
        issuer=cell.name,
        number=step.document_number,
        place=_place(cell),
        on=step.done_on,
        title="Nghị quyết",
        subject="Đề nghị công nhận đảng viên chính thức",
        body=body,
        signer_capacity="T/M chi bộ",
        signer_title="Bí thư",
        recipients=[above.name if above else "Cấp ủy cấp trên", "Lưu chi bộ"],
        form_code="Mẫu 13-KNĐ",
    )


def base_resolution(case: RecognitionCase, step: RecognitionStep) -> PartyDocument:
    committee = _base_committee(case.organization)
    above = _parent(committee)
    m = case.member
    body: list[Para | str] = [
        f"Ngày {step.done_on:%d/%m/%Y}, Đảng ủy {committee.name} đã xem xét nghị quyết của {case.organization.name} "
        f"đề nghị công nhận đảng viên chính thức đối với đồng chí {m.full_name}.",
        *_identity(case),
        Para("Kết quả biểu quyết của đảng ủy", heading=True),
        *_votes(step, "cấp ủy viên"),
    ]
    if step.approved:
        body.append(
            f"Đảng ủy đề nghị {(above.name if above else 'cấp ủy cấp trên')} quyết định công nhận đảng viên chính thức."
        )
    else:
        body.append(
            "Số cấp ủy viên tán thành chưa đủ hai phần ba: đảng ủy đề nghị xóa tên khỏi danh sách đảng viên dự bị."
        )
    return PartyDocument(
        superior=above.name if above else "",
        issuer=f"Đảng ủy {committee.name}",
        number=step.document_number,
        place=_place(committee),
        on=step.done_on,
        title="Nghị quyết",
        subject="Đề nghị công nhận đảng viên chính thức",
        body=body,
        signer_capacity="T/M đảng ủy",
        signer_title="Bí thư",
        recipients=[above.name if above else "Cấp ủy cấp trên", case.organization.name, "Lưu"],
        form_code="Mẫu 15-KNĐ",
    )


def decision(case: RecognitionCase, step: RecognitionStep) -> PartyDocument:
    committee = _deciding(case.organization)
    above = _parent(committee)
    m = case.member
    if step.approved:
        article = (
            f"Điều 1. Công nhận đồng chí {m.full_name}, sinh ngày {m.birth_on:%d/%m/%Y}, "
            f"đảng viên {case.organization.name}, "
            f"là đảng viên chính thức kể từ ngày {case.probation_ends_on:%d/%m/%Y}."
        )
        subject = "Công nhận đảng viên chính thức"
    else:
        article = (
            f"Điều 1. Xóa tên đồng chí {m.full_name}, sinh ngày {m.birth_on:%d/%m/%Y}, khỏi danh sách đảng viên dự bị "
            f"của {case.organization.name}."
        )
        subject = "Xóa tên đảng viên dự bị"
    body: list[Para | str] = [
        "Căn cứ Điều lệ Đảng Cộng sản Việt Nam và các quy định, hướng dẫn thi hành;",
        f"Xét đề nghị của {case.organization.name},",
        Para(f"BAN THƯỜNG VỤ {committee.name.upper()} QUYẾT ĐỊNH", heading=True, center=True),
        article,
        f"Điều 2. {case.organization.name} và đồng chí có tên tại Điều 1 thi hành quyết định này.",
    ]
    if step.note:
        body.append(step.note)
    return PartyDocument(
        superior=above.name if above else "",
        issuer=committee.name,
        number=step.document_number,
        place=_place(committee),
        on=step.done_on,
        title="Quyết định",
        subject=subject,
        body=body,
        signer_capacity="T/M Ban Thường vụ",
        signer_title="Bí thư",
        recipients=[case.organization.name, "Như Điều 2", "Lưu"],
        form_code="Mẫu 16-KNĐ",
    )


BLANK_BUILDERS = {10: self_review, 11: mentor_review, 12: opinions}
FILLED_BUILDERS = {13: cell_resolution, 15: base_resolution, 16: decision}


def available(case: RecognitionCase) -> list[tuple[int, str, str]]:
    """(number, code, label) of the forms offered now: 10–12 always, 13/15/16 once their step is recorded."""
    done = rec.done_steps(case)
    out = [(n, code, str(rec.SPECS[code].label)) for n, code in BLANK.items()]
    out += [(n, code, str(rec.SPECS[code].label)) for n, code in FILLED.items() if code in done]
    return out


def build(case: RecognitionCase, number: int) -> PartyDocument:
    if number in BLANK_BUILDERS:
        document = BLANK_BUILDERS[number](case)
    elif number in FILLED_BUILDERS and (step := rec.done_steps(case).get(FILLED[number])) is not None:
        document = FILLED_BUILDERS[number](case, step)
    else:
        raise Http404("Mẫu này chưa có để in.")
    document.file_hint = case.member.full_name
    return document
