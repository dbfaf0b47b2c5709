"""The letters of a verification case in Party format (sotay.core.partydoc): the request to verify (công văn đề
nghị thẩm tra) sent to a place, and the reply form (phiếu trả lời thẩm tra) the place fills in."""

from __future__ import annotations

from sotay.core.partydoc import Para, PartyDocument
from sotay.orgs.letterhead import parent_of, place_name

from .models import Letter

KINDS = ("request", "reply")


def request(letter: Letter) -> PartyDocument:
    case = letter.case
    org = case.organization
    above = parent_of(org)
    about = f" ({letter.about})" if letter.about else ""
    body: list[Para | str] = [
        f"Kính gửi: {letter.addressee}.",
        f"Để có cơ sở xem xét ({case.get_purpose_display().lower()}), {org.board_name} đề nghị quý cơ quan thẩm tra, "
        f"xác minh và cho ý kiến về lịch sử chính trị, chính trị hiện nay của:",
        f"Họ và tên: {case.full_name}; sinh ngày {case.birth_on:%d/%m/%Y}{about}.",
        f"Nơi thẩm tra: {letter.get_place_display().lower()}.",
        Para("Nội dung đề nghị xác minh", heading=True),
        "Lịch sử chính trị của bản thân và gia đình; chấp hành chủ trương, đường lối của Đảng, chính sách, pháp luật "
        "của Nhà nước; các mối quan hệ chính trị (nếu có).",
        f"Đề nghị quý cơ quan trả lời trước ngày {letter.due_on:%d/%m/%Y} (theo phiếu trả lời kèm theo).",
    ]
    return PartyDocument(
        superior=above.name if above else "",
        issuer=org.board_name,
        number=letter.number,
        place=place_name(org),
        on=letter.sent_on,
        title="Công văn",
        subject="Đề nghị thẩm tra, xác minh tiêu chuẩn chính trị",
        body=body,
        signer_capacity="T/M ban thường vụ" if org.depth <= 2 else "T/M đảng ủy",
        signer_title="Bí thư",
        recipients=["Như trên", "Lưu hồ sơ thẩm tra"],
        file_hint=f"{case.full_name}-{letter.pk}",
    )


def reply(letter: Letter) -> PartyDocument:
    case = letter.case
    body: list[Para | str] = [
        f"Kính gửi: {case.organization.board_name}.",
        f"Trả lời công văn số {letter.number or '……'} ngày {letter.sent_on:%d/%m/%Y} đề nghị thẩm tra, xác minh "
        f"tiêu chuẩn chính trị của {case.full_name}, sinh ngày {case.birth_on:%d/%m/%Y}"
        f"{' (' + letter.about + ')' if letter.about else ''}.",
        Para("Kết quả thẩm tra, xác minh", heading=True),
        "1. Lịch sử chính trị: ……………………………………………………………",
        "2. Chính trị hiện nay: ……………………………………………………………",
        "3. Ý kiến nhận xét: ……………………………………………………………",
    ]
    return PartyDocument(
        issuer=letter.addressee,
        title="Phiếu trả lời",
        subject="Kết quả thẩm tra, xác minh tiêu chuẩn chính trị",
        body=body,
        signer_capacity="T/M cơ quan, đơn vị",
        signer_title="",
        recipients=[case.organization.board_name, "Lưu"],
        file_hint=f"tra-loi-{case.full_name}-{letter.pk}",
    )


def build(letter: Letter, kind: str) -> PartyDocument:
    return request(letter) if kind == "request" else reply(letter)
