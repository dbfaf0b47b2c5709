"""The introduction letter for a transfer of Party activity (giấy giới thiệu sinh hoạt đảng, 294-QĐ/TW §6.3.1).

Built from the recorded `Transfer`: the letter the member carries says the same number, dates and deadline as
the system. Out of the province it is the only link with the receiving committee; within it, it is the paper
copy of what the receiving cell will confirm in the app.
"""

from __future__ import annotations

from sotay.core.partydoc import Para, PartyDocument
from sotay.orgs.letterhead import nearest, parent_of, place_name
from sotay.orgs.models import OrgKind

from .choices import MemberStatus
from .models import Transfer

ISSUING_KINDS = (OrgKind.COMMUNE_COMMITTEE, OrgKind.AGENCY_COMMITTEE, OrgKind.BASE_COMMITTEE)


def build(transfer: Transfer) -> PartyDocument:
    member, cell = transfer.member, transfer.from_org
    issuer = nearest(cell, ISSUING_KINDS) or parent_of(cell) or cell
    above = parent_of(issuer)
    standing = "đảng viên dự bị" if member.status == MemberStatus.PROBATIONARY else "đảng viên chính thức"
    kind = "chính thức" if transfer.kind == Transfer.Kind.OFFICIAL else "tạm thời"
    body: list[Para | str] = [
        f"{issuer.name} trân trọng giới thiệu đồng chí {member.full_name}, sinh ngày {member.birth_on:%d/%m/%Y},"
        f" {standing}.",
        f"Vào Đảng ngày {member.joined_on:%d/%m/%Y}"
        + (f"; chính thức ngày {member.official_on:%d/%m/%Y}" if member.official_on else "")
        + (f"; thẻ đảng viên số {member.card_number}" if member.card_number else "")
        + ".",
        f"Hiện sinh hoạt tại {cell.name}.",
        f"Được chuyển sinh hoạt đảng {kind} đến {transfer.destination}.",
        "Đề nghị các đồng chí tiếp nhận và giúp đỡ đồng chí hoàn thành nhiệm vụ đảng viên.",
        Para(
            f"Đồng chí phải xuất trình giấy này với chi ủy nơi đến trước ngày {transfer.present_due_on:%d/%m/%Y}"
            " (30 ngày làm việc kể từ ngày cấp).",
            heading=True,
        ),
    ]
    if transfer.note:
        body.append(transfer.note)
    return PartyDocument(
        superior=above.name if above else "",
        issuer=transfer.issuing_body or issuer.name,
        number=transfer.letter_number,
        place=place_name(issuer),
        on=transfer.issued_on,
        title="Giấy giới thiệu",
        subject=f"Sinh hoạt đảng {kind}",
        body=body,
        signer_capacity="T/M đảng ủy" if issuer.kind != OrgKind.BASE_CELL else "T/M chi ủy",
        signer_title="Bí thư",
        recipients=[transfer.destination, cell.name, "Lưu"],
        file_hint=member.full_name,
    )
