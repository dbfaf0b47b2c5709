"""A payroll sheet (bảng lương, XLSX) as dues bases (issue 14): each row's member and the salary on which BHXH is paid
(docs/rules/dues.md#căn-cứ-đóng: 1% of it). The file goes through core.uploads (size, real kind, zip bombs) and the
import reader (sheet size, passwords, no formulas evaluated); nothing is kept. The preview lists every row with the
member found or the row's reason in Vietnamese; confirming declares them all through bulk.declare_bases, or none.

Columns are found by their heading in the first rows: the name ("Họ và tên", "Họ tên"), optionally the citizen ID
("CCCD", "Số định danh") which decides when two members share a name, and the amount ("Lương đóng BHXH", "Tiền
lương", "Số tiền", "Mức lương").
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from sotay.core.uploads import check_uploaded_file
from sotay.lib.vntext import fold, nfc
from sotay.members.models import Member

from .bulk import MAX_AMOUNT

NAME_HEADINGS = ("ho va ten", "ho ten", "ten dang vien")
ID_HEADINGS = ("cccd", "so dinh danh", "can cuoc")
AMOUNT_HEADINGS = ("luong dong bhxh", "tien luong", "so tien", "muc luong", "luong")
HEADER_ROWS = 10
MAX_ROWS = 2000


@dataclass
class PayrollRow:
    line: int
    name: str
    amount: int | None
    member: Member | None = None
    problem: str = ""


@dataclass
class Payroll:
    rows: list[PayrollRow] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return bool(self.rows) and not any(r.problem for r in self.rows)


def _column(header: list[str], headings: tuple[str, ...]) -> int | None:
    for heading in headings:  # the most specific heading first
        for i, cell in enumerate(header):
            if cell == heading or cell.startswith(heading):
                return i
    return None


def _cell(row: list, i: int | None):
    return row[i] if i is not None and i < len(row) else ""


def _amount(value) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return int(value) if value == int(value) else None
    text = str(value or "").replace(".", "").replace(",", "").replace(" ", "").replace("đ", "").strip()
    return int(text) if text.isdigit() else None


def read(upload, members: list[Member]) -> Payroll:
    """The rows of the payroll sheet, each matched to one of `members` (the cell's) or with its reason."""
    from sotay.imports.reader import FileRefused, rows_from_bytes

    name, _kind, _type, data = check_uploaded_file(upload, allowed=("xlsx",))
    try:
        rows = rows_from_bytes(data, name)
    except FileRefused as exc:
        raise ValidationError({"file": str(exc)}) from None
    start, columns = 0, None
    for i, heading_row in enumerate(rows[:HEADER_ROWS]):
        header = [fold(str(c or "")).strip() for c in heading_row]
        found = (_column(header, NAME_HEADINGS), _column(header, ID_HEADINGS), _column(header, AMOUNT_HEADINGS))
        if found[0] is not None and found[2] is not None:
            start, columns = i + 1, found
            break
    if columns is None:
        raise ValidationError(
            {"file": _("Không thấy cột “Họ và tên” và cột “Lương đóng BHXH” (hoặc “Số tiền”) ở các dòng đầu của bảng.")}
        )
    body = [(n + start + 1, r) for n, r in enumerate(rows[start:]) if any(str(c or "").strip() for c in r)]
    if len(body) > MAX_ROWS:
        raise ValidationError({"file": _("Bảng có quá nhiều dòng (tối đa %(n)s).") % {"n": MAX_ROWS}})
    by_name: dict[str, list[Member]] = {}
    for m in members:
        by_name.setdefault(fold(m.full_name), []).append(m)
    by_id = {m.citizen_id: m for m in members if m.citizen_id}
    name_col, id_col, amount_col = columns
    payroll, seen = Payroll(), set()
    for line, raw in body:
        full_name = nfc(str(_cell(raw, name_col) or "").strip())
        row = PayrollRow(line, full_name, _amount(_cell(raw, amount_col)))
        citizen = str(_cell(raw, id_col) or "").strip()
        candidates = [by_id[citizen]] if citizen in by_id else by_name.get(fold(full_name), [])
        if not full_name:
            row.problem = _("thiếu họ tên")
        elif not candidates:
            row.problem = _("không có đảng viên tên này trong chi bộ")
        elif len(candidates) > 1:
            row.problem = _("có %(n)s đảng viên cùng tên: hãy ghi số CCCD") % {"n": len(candidates)}
        elif row.amount is None or not 0 < row.amount <= MAX_AMOUNT:
            row.problem = _("số tiền không hợp lệ")
        elif candidates[0].pk in seen:
            row.problem = _("đảng viên này đã có ở dòng trên")
        else:
            row.member = candidates[0]
            seen.add(row.member.pk)
        payroll.rows.append(row)
    if not payroll.rows:
        raise ValidationError({"file": _("Bảng lương không có dòng nào.")})
    return payroll
