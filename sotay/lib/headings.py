"""The column headings of member spreadsheets: which Member field each column holds, and where the header is.

Lists of Party members come from many hands: headings in any order, with or without diacritics, in capitals,
broken over two lines inside the cell, with notes in brackets ("Ngày sinh (dd/mm/yyyy)"), still in TCVN3
("Hä vµ tªn"), under one or more title rows, or as a two-row header whose top cells are merged across their
sub-headings ("Ngày" over "sinh" and "vào Đảng"). Headings are compared by :func:`normalize_heading`, which
drops all of that, against the usual wordings in :data:`FIELD_HEADINGS`. Only exact matches count: a heading
the lists do not know is reported back (see :class:`HeaderMatch`) for the user to map by hand, because a wrong
guess would fill a field with another column's data.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from sotay.lib.cells import CellError, clean_text_cell
from sotay.lib.vnlegacy import to_unicode_tcvn3, to_unicode_vni
from sotay.lib.vntext import fold

# Field names are those of sotay.members.models.Member; "row_number" is the STT column.
FIELD_HEADINGS: dict[str, tuple[str, ...]] = {
    "row_number": ("STT", "TT", "Số TT", "Số thứ tự"),
    "full_name": (
        "Họ và tên",
        "Họ tên",
        "Họ và tên đảng viên",
        "Họ tên đảng viên",
        "Tên đảng viên",
        "Họ và tên đang dùng",
        "Họ và tên thường dùng",
    ),
    "birth_name": ("Họ tên khai sinh", "Họ và tên khai sinh", "Tên khai sinh"),
    "birth_on": ("Ngày sinh", "Ngày, tháng, năm sinh", "Sinh ngày", "Năm sinh"),
    "gender": ("Giới tính", "Nam/Nữ", "Giới"),
    "ethnicity": ("Dân tộc",),
    "religion": ("Tôn giáo",),
    "hometown": ("Quê quán", "Nguyên quán"),
    "residence_address": (
        "Nơi ở hiện nay",
        "Nơi cư trú",
        "Nơi ở",
        "Chỗ ở hiện nay",
        "Nơi thường trú",
        "Địa chỉ",
        "Địa chỉ thường trú",
        "Địa chỉ nơi ở",
        "Địa chỉ cư trú",
    ),
    "general_education": (
        "Trình độ học vấn",
        "Học vấn",
        "Giáo dục phổ thông",
        "Trình độ giáo dục phổ thông",
        "GDPT",
        "Văn hóa",
        "Trình độ văn hóa",
    ),
    "professional_education": (
        "Chuyên môn",
        "Trình độ chuyên môn",
        "Chuyên môn nghiệp vụ",
        "Trình độ chuyên môn nghiệp vụ",
        "CMNV",
        "Trình độ CMNV",
    ),
    "political_theory": ("Lý luận chính trị", "LLCT", "Trình độ lý luận chính trị", "Trình độ LLCT", "Chính trị"),
    "foreign_language": ("Ngoại ngữ", "Trình độ ngoại ngữ"),
    "occupation": ("Nghề nghiệp", "Nghề nghiệp hiện nay", "Nghề nghiệp, chức vụ"),
    "admission_decision_on": (
        "Ngày quyết định kết nạp",
        "Ngày ra quyết định kết nạp",
        "Ngày QĐ kết nạp",
        "Ngày ký quyết định kết nạp",
    ),
    "joined_on": (
        "Ngày vào Đảng",
        "Ngày kết nạp",
        "Ngày kết nạp Đảng",
        "Ngày kết nạp vào Đảng",
        "Ngày vào Đảng dự bị",
        "Vào Đảng",
        "Dự bị",
    ),
    "official_on": (
        "Ngày chính thức",
        "Ngày công nhận chính thức",
        "Ngày vào Đảng chính thức",
        "Ngày chuyển chính thức",
        "Ngày công nhận đảng viên chính thức",
        "Chính thức",
    ),
    "card_number": ("Số thẻ đảng viên", "Số thẻ", "Số thẻ ĐV", "Thẻ đảng viên"),
    "biography_number": ("Số lý lịch", "Số lý lịch đảng viên", "Số LL", "Số LLĐV"),
    "citizen_id": (
        "Số CCCD",
        "CCCD",
        "Số căn cước",
        "Số căn cước công dân",
        "Căn cước công dân",
        "Số định danh cá nhân",
        "Số định danh",
        "Mã định danh",
        "CCCD/CMND",
        "CMND/CCCD",
        "Số CCCD/CMND",
        "Số CMND/CCCD",
        "Số CMND",
        "CMND",
    ),
    "phone": ("Số điện thoại", "Điện thoại", "SĐT", "ĐT", "Số ĐT", "Điện thoại di động", "Di động", "ĐTDĐ"),
    "organization": ("Chi bộ", "Chi bộ sinh hoạt", "Tên chi bộ", "Sinh hoạt tại chi bộ", "Đơn vị", "Nơi sinh hoạt"),
}
# Without one of these besides the name a row cannot be matched to a member, so it is no header.
IDENTIFYING_FIELDS = ("citizen_id", "card_number", "birth_on")

_NOTES = re.compile(r"\([^)]*\)?|\[[^\]]*\]?")
_NOT_WORD = re.compile(r"[^a-z0-9]+")
_FORMAT_HINT = re.compile(r"\b(?:dd? mm?(?: yy(?:yy)?)?|mm? yy(?:yy)?|dd|yyyy)\b")
_LEADING_NUMBER = re.compile(r"^\d+ ")
_COLUMN_NUMBER = re.compile(r"\(?\d{1,2}\)?")


def normalize_heading(text: object) -> str:
    """The comparison key of a heading: legacy encodings fixed, notes in brackets, date-format hints, a leading
    number, diacritics, case, punctuation and extra white space (line breaks too) dropped ("ho va ten")."""
    cleaned = _NOTES.sub(" ", clean_text_cell(text))
    key = _NOT_WORD.sub(" ", fold(cleaned)).strip()
    key = _LEADING_NUMBER.sub("", _FORMAT_HINT.sub(" ", key).strip())
    return " ".join(key.split())


_BY_KEY: dict[str, str] = {normalize_heading(h): name for name, hs in FIELD_HEADINGS.items() for h in hs}


def match_heading(text: object) -> str | None:
    """The field a heading names, or None. TCVN3/VNI headings are tried converted even when too short to detect."""
    key = normalize_heading(text)
    if not key:
        return None
    if key in _BY_KEY:
        return _BY_KEY[key]
    if isinstance(text, str) and not text.isascii():
        for convert in (to_unicode_tcvn3, to_unicode_vni):
            if (name := _BY_KEY.get(normalize_heading(convert(text)))) is not None:
                return name
    return None


@dataclass(frozen=True)
class HeaderMatch:
    """Where the header is and what its columns hold.

    `first_row` and `row_index` are 0-based: the header's first row and the last row of the header block (the
    second row of a two-row header, or a row of column numbers "(1) (2) (3)…" under it), so data start at
    `row_index + 1`. `mapping` maps column indexes to field names; `headings` holds each column's heading text
    (the two cells joined for a two-row header, "" for none); `unknown` lists (column, heading) pairs no field
    matched — or a field another column already took — for the user to map by hand.
    """

    first_row: int
    row_index: int
    mapping: dict[int, str]
    headings: list[str]
    unknown: list[tuple[int, str]] = field(default_factory=list)

    @property
    def data_start_number(self) -> int:
        """The spreadsheet's (1-based) row number of the first row under the header."""
        return self.row_index + 2

    @property
    def columns(self) -> dict[str, int]:
        """Field name → column index."""
        return {name: column for column, name in self.mapping.items()}


def _texts(row: Sequence[object]) -> list[str]:
    return [clean_text_cell(cell) for cell in row]


def _match_texts(texts: Sequence[str], fallbacks: Sequence[str] = ()) -> tuple[dict[int, str], list[tuple[int, str]]]:
    mapping: dict[int, str] = {}
    unknown: list[tuple[int, str]] = []
    for column, text in enumerate(texts):
        if not text:
            continue
        name = match_heading(text)
        if name is None and column < len(fallbacks) and fallbacks[column]:
            name = match_heading(fallbacks[column])
        if name is None or name in mapping.values():
            unknown.append((column, text))
        else:
            mapping[column] = name
    return mapping, unknown


def _join_two_rows(upper: Sequence[str], lower: Sequence[str]) -> list[str]:
    """Each column's two header cells joined; a merged top cell ("Ngày") is repeated over its sub-headings."""
    joined: list[str] = []
    group = ""
    for column in range(max(len(upper), len(lower))):
        top = upper[column] if column < len(upper) else ""
        sub = lower[column] if column < len(lower) else ""
        if top:
            group = top if sub else ""
        elif sub and group:
            top = group
        else:
            group = ""
        joined.append(" ".join(part for part in (top, sub) if part))
    return joined


def _acceptable(mapping: dict[int, str]) -> bool:
    names = set(mapping.values())
    return "full_name" in names and any(name in names for name in IDENTIFYING_FIELDS)


def _is_column_numbers(texts: Sequence[str]) -> bool:
    cells = [t for t in texts if t]
    if len(cells) < 3 or not all(_COLUMN_NUMBER.fullmatch(t) for t in cells):
        return False
    numbers = [int(t.strip("()")) for t in cells]
    return all(a < b for a, b in zip(numbers, numbers[1:], strict=False))


def find_header_row(rows: Iterable[Sequence[object]], max_scan: int = 15) -> HeaderMatch:
    """Find the header among the first `max_scan` rows, skipping title rows, empty rows and merged remnants.

    A row is a header when its headings name the full name and at least one of citizen ID, card number or
    date of birth. A row and the next one are read as one two-row header when, joined column by column, they
    name more fields than either row alone. Raises CellError when no row qualifies.
    """
    texts: list[list[str]] = []
    for row in rows:
        texts.append(_texts(row))
        if len(texts) > max_scan + 1:
            break
    for index in range(min(len(texts), max_scan)):
        mapping, unknown = _match_texts(texts[index])
        headings, last = texts[index], index
        if index + 1 < len(texts):
            joined = _join_two_rows(texts[index], texts[index + 1])
            two_mapping, two_unknown = _match_texts(joined, fallbacks=texts[index + 1])
            next_alone, _ = _match_texts(texts[index + 1])
            if len(two_mapping) > max(len(mapping), len(next_alone)):
                mapping, unknown, headings, last = two_mapping, two_unknown, joined, index + 1
        if not _acceptable(mapping):
            continue
        if last + 1 < len(texts) and _is_column_numbers(texts[last + 1]):
            last += 1
        return HeaderMatch(first_row=index, row_index=last, mapping=mapping, headings=list(headings), unknown=unknown)
    raise CellError(
        f"Không tìm thấy dòng tiêu đề trong {max_scan} dòng đầu: cần cột “Họ và tên” và ít nhất một trong các cột "
        "“Số CCCD”, “Số thẻ đảng viên”, “Ngày sinh”."
    )
