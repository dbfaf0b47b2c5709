"""The admission forms the system can fill: 6-KNĐ and 8-KNĐ resolutions and the 9-KNĐ decision (12-HD/BTCTW).

Each is built from the recorded step (its date, number and vote) and the case's identity, as a Party-format
document (`sotay.core.partydoc`), then written as DOCX or PDF. A form is only offered once its step is recorded:
the paper the committee signs must say what the system recorded.
"""

from __future__ import annotations

from django.http import Http404

from sotay.core.partydoc import Para, PartyDocument
from sotay.orgs.letterhead import nearest
from sotay.orgs.letterhead import parent_of as _parent
from sotay.orgs.letterhead import place_name as _place
from sotay.orgs.models import Organization, OrgKind

from . import steps
from .models import AdmissionCase, AdmissionStep

FILLABLE = (steps.CELL_RESOLUTION, steps.BASE_RESOLUTION, steps.DECISION)
# The level that decides on admission (docs/rules/organisation.md, docs/rules/admission.md#quyết-định-kết-nạp: the
# committee with cấp trên cơ sở authority).
DECIDING_KINDS = (OrgKind.COMMUNE_COMMITTEE, OrgKind.AGENCY_COMMITTEE, OrgKind.PROVINCIAL_COMMITTEE)


def _deciding(cell: Organization) -> Organization:
    return nearest(cell, DECIDING_KINDS) or _parent(cell) or cell


def _base_committee(cell: Organization) -> Organization:
    """The đảng ủy cơ sở above the cell (8-KNĐ); a chi bộ cơ sở answers to its direct superior."""
    return nearest(cell, (OrgKind.BASE_COMMITTEE,)) or _parent(cell) or cell


def _identity(case: AdmissionCase) -> list[Para | str]:
    lines: list[Para | str] = [
        f"Họ và tên: {case.full_name}; giới tính: {case.get_gender_display()}; sinh ngày {case.birth_on:%d/%m/%Y}.",
    ]
    if case.hometown_text:
        lines.append(f"Quê quán: {case.hometown_text}.")
    if case.residence_address:
        lines.append(f"Nơi cư trú: {case.residence_address}.")
    details = [f"Dân tộc: {case.get_ethnicity_display()}", f"tôn giáo: {case.get_religion_display()}"]
    if case.general_education:
        details.append(f"giáo dục phổ thông: {case.get_general_education_display()}")
    lines.append("; ".join(details) + ".")
    if case.occupation:
        lines.append(f"Nghề nghiệp: {case.occupation}.")
    return lines


def _percent(part: int, whole: int) -> str:
    return f"{part * 100 / whole:.1f}".replace(".", ",") + "%" if whole else "—"


def _vote_lines(step: AdmissionStep, who: str) -> list[Para | str]:
    if not step.votes_total:
        return []
    total, yes, no = step.votes_total, step.votes_for or 0, step.votes_against or 0
    return [
        f"Tổng số {who}: {total}; số tán thành: {yes} ({_percent(yes, total)}); "
        f"số không tán thành: {no} ({_percent(no, total)})."
    ]


def _sponsors(case: AdmissionCase) -> str:
    names = [s.sponsor.full_name for s in case.sponsorships.select_related("sponsor") if s.role == "SPONSOR"]
    return ", ".join(names)


def cell_resolution(case: AdmissionCase, step: AdmissionStep) -> PartyDocument:
    cell = case.organization
    above = _parent(cell)
    body: list[Para | str] = [
        f"Ngày {step.done_on:%d/%m/%Y}, {cell.name} đã họp xét đề nghị kết nạp quần chúng {case.full_name} vào Đảng.",
        Para("I. Sơ lược lý lịch người xin vào Đảng", heading=True),
        *_identity(case),
    ]
    if sponsors := _sponsors(case):
        body.append(f"Đảng viên giới thiệu: {sponsors}.")
    body += [Para("II. Kết quả biểu quyết", heading=True), *_vote_lines(step, "đảng viên chính thức của chi bộ")]
    if step.approved:
        body.append(
            f"Chi bộ đề nghị {(above.name if above else 'cấp ủy cấp trên')} xem xét, "
            f"kết nạp quần chúng {case.full_name} vào Đảng Cộng sản Việt Nam."
        )
    else:
        body.append("Số đảng viên chính thức tán thành chưa đủ hai phần ba: chi bộ chưa đề nghị kết nạp.")
    if step.note:
        body.append(step.note)
    return PartyDocument(
        superior=above.name if above else "",
        issuer=cell.name,
        number=step.document_number,
        place=_place(cell),
        on=step.done_on,
        title="Nghị quyết",
        subject="Đề nghị kết nạp đảng viên",
        body=body,
        signer_capacity="T/M chi bộ",
        signer_title="Bí thư",
        recipients=[above.name if above else "Cấp ủy cấp trên", "Lưu chi bộ"],
        form_code="Mẫu 6-KNĐ",
    )


def base_resolution(case: AdmissionCase, step: AdmissionStep) -> PartyDocument:
    committee = _base_committee(case.organization)
    above = _parent(committee)
    body: list[Para | str] = [
        f"Ngày {step.done_on:%d/%m/%Y}, Đảng ủy {committee.name} đã xem xét hồ sơ và nghị quyết của "
        f"{case.organization.name} đề nghị kết nạp quần chúng {case.full_name} vào Đảng.",
        Para("I. Sơ lược lý lịch người xin vào Đảng", heading=True),
        *_identity(case),
        Para("II. Kết quả biểu quyết của đảng ủy", heading=True),
        *_vote_lines(step, "cấp ủy viên"),
    ]
    if step.approved:
        body.append(
            f"Đảng ủy đề nghị {(above.name if above else 'cấp ủy cấp trên')} xem xét, "
            f"quyết định kết nạp quần chúng {case.full_name} vào Đảng Cộng sản Việt Nam."
        )
    else:
        body.append("Số cấp ủy viên tán thành chưa đủ hai phần ba: đảng ủy chưa đề nghị kết nạp.")
    return PartyDocument(
        superior=above.name if above else "",
        issuer=f"Đảng ủy {committee.name}" if committee.kind != OrgKind.BASE_CELL else committee.name,
        number=step.document_number,
        place=_place(committee),
        on=step.done_on,
        title="Nghị quyết",
        subject="Đề nghị kết nạp đảng viên",
        body=body,
        signer_capacity="T/M đảng ủy",
        signer_title="Bí thư",
        recipients=[above.name if above else "Cấp ủy cấp trên", case.organization.name, "Lưu"],
        form_code="Mẫu 8-KNĐ",
    )


def decision(case: AdmissionCase, step: AdmissionStep) -> PartyDocument:
    committee = _deciding(case.organization)
    above = _parent(committee)
    ceremony = f" (hạn {case.ceremony_due_on:%d/%m/%Y})" if case.ceremony_due_on else ""
    body: list[Para | str] = [
        "Căn cứ Điều lệ Đảng Cộng sản Việt Nam và các quy định, hướng dẫn thi hành;",
        f"Xét đề nghị của {case.organization.name} và hồ sơ của quần chúng {case.full_name},",
        Para(f"BAN THƯỜNG VỤ {committee.name.upper()} QUYẾT ĐỊNH", heading=True, center=True),
        f"Điều 1. Kết nạp quần chúng {case.full_name}, sinh ngày {case.birth_on:%d/%m/%Y}, vào Đảng Cộng sản Việt Nam.",
        f"Điều 2. {case.organization.name} tổ chức lễ kết nạp trong thời hạn 30 ngày làm việc kể từ ngày "
        f"ký quyết định{ceremony}; thời gian dự bị 12 tháng kể từ ngày kết nạp.",
        f"Điều 3. {case.organization.name} và đảng viên có tên tại Điều 1 thi hành quyết định này.",
    ]
    return PartyDocument(
        superior=above.name if above else "",
        issuer=committee.name,
        number=step.document_number,
        place=_place(committee),
        on=step.done_on,
        title="Quyết định",
        subject="Kết nạp đảng viên",
        body=body,
        signer_capacity="T/M Ban Thường vụ",
        signer_title="Bí thư",
        recipients=[case.organization.name, "Như Điều 3", "Lưu"],
        form_code="Mẫu 9-KNĐ",
    )


BUILDERS = {
    steps.CELL_RESOLUTION: cell_resolution,
    steps.BASE_RESOLUTION: base_resolution,
    steps.DECISION: decision,
}


def fillable_steps(case: AdmissionCase) -> list[AdmissionStep]:
    """The recorded steps whose form the system can fill, latest attempt of each code."""
    latest: dict[str, AdmissionStep] = {}
    for step in case.steps.filter(form_code__in=FILLABLE).order_by("done_on", "pk"):
        latest[step.form_code] = step
    return [latest[c] for c in FILLABLE if c in latest]


def build(case: AdmissionCase, step_id: int) -> PartyDocument:
    step = case.steps.filter(pk=step_id, form_code__in=FILLABLE).first()
    if step is None:
        raise Http404("Bước này không có mẫu văn bản để in.")
    document = BUILDERS[step.form_code](case, step)
    document.file_hint = case.full_name
    return document
