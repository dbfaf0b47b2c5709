"""The spreadsheets Sổ tay exports: their columns and rows, written with `sotay.lib.xlsx`."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import IO, Any

from django.utils.translation import gettext as _

from sotay.lib.xlsx import Column, Group, write_xlsx
from sotay.members.models import Member

from .register import RegisterRow, column_titles


def member_list_columns() -> list[Column]:
    return [
        Column(_("STT"), 6),
        Column(_("Họ và tên"), 28),
        Column(_("Ngày sinh"), 12),
        Column(_("Giới tính"), 9),
        Column(_("Dân tộc"), 12),
        Column(_("Tôn giáo"), 14),
        Column(_("Chi bộ"), 32),
        Column(_("Trạng thái"), 16),
        Column(_("Ngày vào Đảng"), 14),
        Column(_("Ngày chính thức"), 14),
        Column(_("Số thẻ đảng viên"), 16),
        Column(_("Số CCCD"), 15),
        Column(_("Điện thoại"), 13),
    ]


def member_list_rows(members: Iterable[Member]) -> Iterator[list[Any]]:
    for number, m in enumerate(members, start=1):
        yield [
            number,
            m.full_name,
            m.birth_on,
            m.get_gender_display(),
            m.ethnicity_name,
            m.get_religion_display(),
            m.organization.name,
            m.get_status_display(),
            m.joined_on,
            m.official_on,
            m.card_number or "",
            m.citizen_id or "",
            m.phone,
        ]


def write_member_list(target: IO[bytes], members: Iterable[Member]) -> int:
    return write_xlsx(
        target,
        columns=member_list_columns(),
        rows=member_list_rows(members),
        sheet_title=_("Danh sách đảng viên"),
        document_title=_("Danh sách đảng viên"),
    )


def register_layout() -> tuple[list[Group], list[Column]]:
    """Mẫu 7-HSĐV as a sheet: a numbered header for each of the 14 columns over one cell per field.

    One value per cell keeps the sheet sortable and filterable, and dates stay real dates.
    """
    fields: list[list[Column]] = [
        [Column(_("STT"), 6)],
        [Column(_("Họ và tên"), 26), Column(_("Họ tên khai sinh"), 20)],
        [Column(_("Nam, nữ"), 8), Column(_("Dân tộc"), 10), Column(_("Tôn giáo"), 12)],
        [Column(_("Quê quán"), 30)],
        [
            Column(_("Văn hóa"), 14),
            Column(_("Lý luận chính trị"), 14),
            Column(_("Chuyên môn nghiệp vụ"), 16),
            Column(_("Ngoại ngữ"), 12),
        ],
        [Column(_("Khi vào Đảng"), 18), Column(_("Hiện nay"), 18)],
        [Column(_("Ngày vào Đảng"), 13), Column(_("Ngày chính thức"), 13)],
        [Column(_("Số thẻ đảng viên"), 14), Column(_("Số lý lịch"), 12), Column(_("Số Huy hiệu Đảng"), 12)],
        [Column(_("Bộ đội, công an, hưu trí"), 12)],
        [Column(_("Ngày chuyển đi"), 13), Column(_("Nơi đến"), 18)],
        [Column(_("Ngày chuyển đến"), 13), Column(_("Nơi đi"), 18)],
        [Column(_("Ngày từ trần"), 13)],
        [Column(_("Lý do"), 16)],
        [Column(_("Ngày ra khỏi Đảng"), 13), Column(_("Hình thức"), 10), Column(_("Ghi chú"), 24)],
    ]
    groups = [
        Group(f"({n}) {title}", len(cols))
        for n, (title, cols) in enumerate(zip(column_titles(), fields, strict=True), 1)
    ]
    return groups, [column for cols in fields for column in cols]


def register_sheet_row(r: RegisterRow) -> list[Any]:
    return [
        r.number,
        r.full_name,
        r.birth_name,
        r.gender,
        r.ethnicity,
        r.religion,
        r.hometown,
        r.general_education,
        r.political_theory,
        r.professional_education,
        r.foreign_language,
        r.occupation_before,
        r.occupation,
        r.joined_on,
        r.official_on,
        r.card_number,
        r.biography_number,
        r.badge_number,
        r.service_background,
        r.transferred_out_on,
        r.transferred_to,
        r.transferred_in_on,
        r.transferred_from,
        r.died_on,
        r.reason,
        r.left_on,
        r.exit_kind,
        r.note,
    ]


def write_register(target: IO[bytes], rows: Iterable[RegisterRow], *, title: str) -> int:
    groups, columns = register_layout()
    return write_xlsx(
        target,
        columns=columns,
        rows=(register_sheet_row(r) for r in rows),
        groups=groups,
        sheet_title=_("Mẫu 7-HSĐV"),
        document_title=title,
    )
