"""Parse and check a member spreadsheet into a preview: what would be new, changed, unchanged or rejected.

Nothing about members is written here; the rows of the plan are stored on the batch (ImportRow) for the user
to read and confirm. Rows are streamed and handled in chunks, so memory stays flat for large files.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Field
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from vietnam_provinces import Province, Ward

from sotay.lib import bulk, cells, headings
from sotay.lib.batching import chunked
from sotay.lib.citizen_id import PROVINCE_CODES
from sotay.lib.vnlegacy import (
    TCVN3,
    VNI,
    ColumnReader,
    Reading,
    could_be_unicode,
    fix_legacy_text,
    has_unicode_only_letters,
    to_unicode,
)
from sotay.lib.vntext import fold, nfc
from sotay.members.choices import MemberStatus
from sotay.members.models import Member
from sotay.members.services import EDITABLE_FIELDS, normalise_values, validate_member
from sotay.orgs import policy
from sotay.orgs.models import CELL_KINDS, Organization, OrgVersion, subtree_filter

from . import register, vocabulary
from .limits import check_row_count
from .models import ImportBatch, ImportMapping, ImportRow
from .reader import FileRefused, open_rows

CHUNK = 1000
DATE_FIELDS = {"birth_on", "admission_decision_on", "joined_on", "official_on"}
TEXT_FIELDS = {"full_name", "birth_name", "residence_address", "foreign_language", "occupation", "hometown"}
# Columns of digits: never read as legacy text.
DIGIT_FIELDS = {"citizen_id", "phone", "card_number", "biography_number", "row_number"}
ENCODING_LABELS = {"": _lazy("Unicode (giữ nguyên)"), TCVN3: "TCVN3 (ABC, .VnTime)", VNI: "VNI (VNI-Times)"}


# The longest text each member field holds: a longer cell is refused, never cut or left to the database.
MAX_LENGTHS: dict[str, int] = {
    f.name: f.max_length for f in Member._meta.concrete_fields if isinstance(f, Field) and f.max_length
}


def too_long_message(row: int, column: str, length: int, limit: int) -> str:
    return _("Dòng %(r)s, cột “%(c)s”: dài %(n)s ký tự, quá mức tối đa %(m)s ký tự; hãy rút gọn rồi tải lại.") % {
        "r": row,
        "c": column,
        "n": length,
        "m": limit,
    }


def check_lengths(values: dict[str, Any], name: str, row: int, column: str) -> None:
    """Raise CellError when the text read from the cell of field `name` is longer than its field holds."""
    for key in ("hometown_text",) if name == "hometown" else (name,):
        value, limit = values.get(key), MAX_LENGTHS.get(key)
        if isinstance(value, str) and limit and len(value) > limit:
            values.pop(key)
            raise cells.CellError(too_long_message(row, column, len(value), limit))


@dataclass
class RowPlan:
    row_number: int
    values: dict[str, Any] = field(default_factory=dict)
    errors: list[dict[str, str]] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    organization: Organization | None = None
    member_id: int | None = None
    action: str = ImportRow.Action.NEW
    diff: dict[str, list] = field(default_factory=dict)
    failed: set[str] = field(default_factory=set)  # fields whose cell was refused: not reported again

    def error(self, column: str, message: str, name: str = "") -> None:
        self.errors.append({"column": column, "message": str(message)})
        if name:
            self.failed.add(name)


def headings_signature(texts: Iterable[str]) -> str:
    return hashlib.sha256("|".join(fold(t or "") for t in texts).encode()).hexdigest()


class CellDirectory:
    """The cells a user may import into, found by code, current name or any former name (org history)."""

    def __init__(self, user, scope: Organization):
        actions = (policy.CREATE_MEMBERS,)
        cells_in_scope = Organization.objects.filter(
            subtree_filter(scope.path), kind__in=CELL_KINDS, valid_to__isnull=True
        )
        if user is not None:
            cells_in_scope = cells_in_scope.filter(policy.subtree_q(user, actions[0]))
        self.by_id = {org.pk: org for org in cells_in_scope}
        self.by_code = {org.code.lower(): org for org in self.by_id.values()}
        self.by_name: dict[str, list[Organization]] = {}
        for org in self.by_id.values():
            self.by_name.setdefault(org.name_folded, []).append(org)
        self.by_old_name: dict[str, list[Organization]] = {}
        for version in OrgVersion.objects.filter(organization_id__in=self.by_id).exclude(name=""):
            org = self.by_id[version.organization_id]
            if version.name_folded != org.name_folded:
                self.by_old_name.setdefault(version.name_folded, []).append(org)
        # A cell ended in a merger is found through its successor (e.g. a pre-2025 cell name).
        for ended in Organization.objects.filter(
            kind__in=CELL_KINDS, valid_to__isnull=False, successor_id__in=self.by_id
        ):
            self.by_old_name.setdefault(ended.name_folded, []).append(self.by_id[ended.successor_id])

    def find(self, text: str) -> tuple[Organization | None, str]:
        """(cell, note) — note is a warning when found by a former name, or an error message when not found."""
        key = fold(text)
        if text.strip().lower() in self.by_code:
            return self.by_code[text.strip().lower()], ""
        found = self.by_name.get(key) or []
        if len(found) == 1:
            return found[0], ""
        if len(found) > 1:
            return None, _("Có nhiều chi bộ tên “%(t)s”: hãy ghi mã chi bộ.") % {"t": text}
        former = {org.pk: org for org in self.by_old_name.get(key, [])}
        if len(former) == 1:
            org = next(iter(former.values()))
            return org, _("“%(t)s” là tên cũ; đã hiểu là %(o)s.") % {"t": text, "o": org.name}
        return None, _("Không tìm thấy chi bộ “%(t)s” trong phạm vi nhập.") % {"t": text}

    def find_titled(self, block: register.TitleBlock) -> tuple[Organization | None, str]:
        """The cell a title block names, under the unit it names (current or former names, pre-merger ones too):
        (cell, note) — the note says when a former name was used; (None, reason) when there is no such cell in
        scope."""
        key = fold(block.cell)
        # (cell in scope, the organisation whose name matched, whether that name is a former one)
        witnesses = [(org, org, False) for org in self.by_name.get(key, [])]
        for version in OrgVersion.objects.filter(organization_id__in=self.by_id, name_folded=key):
            org = self.by_id[version.organization_id]
            witnesses.append((org, org, True))
        for ended in Organization.objects.filter(
            kind__in=CELL_KINDS, valid_to__isnull=False, successor_id__in=self.by_id, name_folded=key
        ):
            witnesses.append((self.by_id[ended.successor_id], ended, True))
        if block.unit:
            unit = _unit_key(block.unit)
            witnesses = [w for w in witnesses if unit in _unit_names(w[1]) or unit in _unit_names(w[0])]
        found = {cell.pk: cell for cell, _w, _former in witnesses}
        if len(found) == 1:
            cell = next(iter(found.values()))
            if all(former for _c, _w, former in witnesses):
                return cell, _("“%(t)s” là tên cũ; đã hiểu là %(o)s.") % {"t": block.cell, "o": cell.name}
            return cell, ""
        if len(found) > 1:
            return None, _(
                "Tiêu đề của tệp ghi “%(t)s”, nhưng có nhiều chi bộ mang tên này: hãy chọn chi bộ khi tải lên."
            ) % {"t": block.label}
        return None, _(
            "Tiêu đề của tệp ghi “%(t)s”, nhưng không có chi bộ này trong phạm vi nhập của bạn (kể cả tên cũ, tên "
            "trước sáp nhập). Hãy kiểm tra tên chi bộ trong tiêu đề, hoặc chọn chi bộ khi tải lên."
        ) % {"t": block.label}


def _unit_key(text: str) -> str:
    """ "ĐẢNG ỦY XÃ ĐÔNG TIẾN" and "Đảng bộ xã Đông Tiến" name one unit."""
    key = fold(text)
    return "dang bo " + key[len("dang uy ") :] if key.startswith("dang uy ") else key


def _unit_names(org: Organization) -> set[str]:
    """Folded names, current and former (and of the units merged into them), of the units above an organisation,
    now and in its past versions."""
    units = list(org.get_ancestors())
    parents = OrgVersion.objects.filter(organization=org, parent__isnull=False).values_list("parent_id", flat=True)
    units += list(Organization.objects.filter(pk__in=list(parents)))
    ids = {u.pk for u in units}
    names = {u.name_folded for u in units}
    names |= set(OrgVersion.objects.filter(organization_id__in=ids).values_list("name_folded", flat=True))
    names |= set(Organization.objects.filter(successor_id__in=ids).values_list("name_folded", flat=True))
    return names


class Previewer:
    def __init__(self, batch: ImportBatch, user, *, on_progress: Callable[[int], None] | None = None):
        self.batch = batch
        self.user = user
        self.on_progress = on_progress or (lambda percent: None)
        self.cells = CellDirectory(user, batch.organization)
        visible = Member.objects.all()
        if user is not None:
            visible = visible.filter(policy.subtree_q(user, policy.CHANGE_MEMBERS, "organization__path"))
        self.visible_ids = set(visible.values_list("pk", flat=True))
        self.by_cid = dict(Member.objects.exclude(citizen_id=None).values_list("citizen_id", "pk"))
        self.by_card = dict(Member.objects.exclude(card_number=None).values_list("card_number", "pk"))
        self.by_biography = dict(Member.objects.exclude(biography_number=None).values_list("biography_number", "pk"))
        self.seen: dict[tuple[str, str], int] = {}
        self.counts = {a: 0 for a in ImportRow.Action.values}
        self.today = timezone.localdate()
        # The code each cell text of a coded column read as: a column holds a few distinct texts ("Nam", "Kinh").
        self.coded: dict[tuple[str, type, Any], str] = {}

    # -- the file ---------------------------------------------------------------------------------------------
    def run(self, path: Path) -> None:
        opened = open_rows(path, self.batch.file_name)
        rows = iter(opened.rows)
        head: list[list] = []
        for row in rows:
            head.append(row)
            if len(head) >= 15:
                break
        try:
            match = headings.find_header_row(head)
        except cells.CellError as exc:
            raise FileRefused(str(exc)) from exc
        mapping = {int(k): v for k, v in match.mapping.items()}
        heading_texts = match.headings
        remembered = ImportMapping.objects.filter(signature=headings_signature(heading_texts)).first()
        if remembered:
            mapping.update({int(k): v for k, v in remembered.mapping.items() if v})
            for k, v in remembered.mapping.items():
                if not v:
                    mapping.pop(int(k), None)
        if self.batch.mapping:  # fixed by the user for this batch
            mapping = {int(k): v for k, v in self.batch.mapping.items() if v}
        self.batch.header_row = match.row_index + 1
        self.signature = headings_signature(heading_texts)
        self.batch.mapping = {str(k): v for k, v in mapping.items()}
        self.batch.unknown_headings = [[i, t] for i, t in match.unknown if i not in mapping]
        self.batch.save(update_fields=["header_row", "mapping", "unknown_headings"])
        if "full_name" not in mapping.values():
            raise FileRefused(_("Không thấy cột họ và tên."))
        self.headings = {i: (heading_texts[i] if i < len(heading_texts) else str(i + 1)) for i in mapping}
        self.mapping = mapping
        total = opened.total_rows if opened.total_rows is not None else _count_rows(path, self.batch.file_name)
        check_row_count(self.user, total - (match.row_index + 1))  # before any preview row is stored
        self.findings: dict[str, Any] = {"signature": self.signature}
        self.read_title(head[: match.first_row])
        self.formulas = register.formula_cells(path, opened.kind)
        self.read_encodings(path, match, remembered)
        footer = register.FooterTracker(mapping)
        data_rows = (
            (number, row)
            for number, row in _numbered(head[match.row_index + 1 :], rows, first_number=match.data_start_number)
            if not footer.is_footer(row)
        )
        done = 0
        ImportRow.objects.filter(batch=self.batch).delete()
        for chunk in chunked(data_rows, CHUNK):
            plans = [self.plan_row(number, row) for number, row in chunk]
            self.compare(plans)
            self.save(plans)
            done += len(chunk)
            if total:
                self.on_progress(min(99, int(done * 100 / total)))
        if sum(self.counts.values()) == 0:
            raise FileRefused(_("Bảng tính không có dòng dữ liệu nào dưới dòng tiêu đề."))
        self.findings["footer_lines"] = footer.ignored
        self.batch.findings = self.findings
        self.batch.save(update_fields=["findings"])

    # -- around the table -------------------------------------------------------------------------------------
    def read_title(self, rows: list[list]) -> None:
        """The cell named in the title block: the cell of rows that name none, to be confirmed on the preview."""
        self.title_cell = None
        block = register.read_title_block(rows)
        if block is None:
            return
        cell, note = self.cells.find_titled(block)
        default = self.batch.default_cell
        if default is not None and (cell is None or cell.pk != default.pk):
            # The cell chosen on upload wins over the title; the difference is said, nothing is refused.
            note = _(
                "Tiêu đề của tệp ghi “%(t)s”; các dòng không ghi chi bộ vào chi bộ đã chọn khi tải lên: %(c)s."
            ) % {
                "t": block.label,
                "c": default.name,
            }
            cell = None
        self.findings["title"] = {
            "text": block.label,
            "cell_id": cell.pk if cell else None,
            "cell": cell.name if cell else "",
            "note": note,
        }
        if cell is not None:
            self.title_cell = cell
        elif "organization" not in self.mapping.values() and not self.batch.default_cell_id:
            raise FileRefused(note)

    def read_encodings(self, path: Path, match: headings.HeaderMatch, remembered: ImportMapping | None) -> None:
        """How each text column reads (Unicode, TCVN3 or VNI), decided on the whole column, before any row is
        planned; an uncertain column keeps the reading a person chose (for this batch, or remembered)."""
        columns = [c for c, name in self.mapping.items() if name not in DIGIT_FIELDS]
        readers = {c: ColumnReader() for c in columns}
        samples: dict[int, list[str]] = {c: [] for c in columns}
        footer = register.FooterTracker(self.mapping)
        rows = iter(open_rows(path, self.batch.file_name).rows)
        for _skipped in zip(range(match.row_index + 1), rows, strict=False):
            pass
        pending = list(columns)  # the columns not yet decided: only those are read further
        for row in rows:
            if footer.is_footer(row):
                continue
            decided = False
            for column in pending:
                value = row[column] if column < len(row) else None
                if isinstance(value, str):
                    reader = readers[column]
                    reader.add(value)
                    decided = decided or reader.decided
                    if len(samples[column]) < 3 and not value.isascii() and value not in samples[column]:
                        samples[column].append(value)
            if decided:
                pending = [c for c in pending if not readers[c].decided]
                if not pending:
                    break
        chosen = {**(remembered.encodings if remembered else {}), **self.batch.encodings}
        self.encodings: dict[int, str | None] = {}
        readings: dict[str, dict[str, Any]] = {}
        for column, reader in readers.items():
            reading: Reading = reader.reading()
            encoding = reading.encoding
            if not reading.certain and str(column) in chosen and (chosen[str(column)] or None) in reading.choices:
                encoding = chosen[str(column)] or None
            self.encodings[column] = encoding
            if encoding is None and reading.certain:
                continue
            readings[str(column)] = {
                "heading": self.headings[column],
                "encoding": encoding or "",
                "detected": reading.encoding or "",
                "choices": [c or "" for c in reading.choices],
                "samples": [
                    {c or "": cells.clean_text_cell(to_unicode(text, c), fix_legacy=False) for c in reading.choices}
                    for text in samples[column][:3]
                ],
            }
        if readings:
            self.findings["readings"] = readings

    def decode(self, column: int, raw: Any) -> Any:
        """A text cell read the way its column reads; a cell with letters only Unicode has is Unicode."""
        encoding = self.encodings.get(column)
        if encoding is None or not isinstance(raw, str) or has_unicode_only_letters(raw):
            return raw
        return to_unicode(raw, encoding)

    # -- one row ----------------------------------------------------------------------------------------------
    def plan_row(self, number: int, row: list) -> RowPlan:
        plan = RowPlan(row_number=number)
        organization_text = ""
        for column, name in self.mapping.items():
            raw = row[column] if column < len(row) else None
            heading = self.headings[column]
            if name == "row_number":
                continue
            if raw in (None, "") and (number, column) in self.formulas:
                plan.error(
                    heading,
                    _(
                        "Ô chứa công thức %(f)s, không phải giá trị (tệp không lưu kết quả của công thức): không "
                        "nhận công thức. Hãy sao chép cột rồi dán dạng giá trị (Paste Special → Values) và tải lại."
                    )
                    % {"f": _shorten(self.formulas[(number, column)])},
                    name,
                )
                continue
            if isinstance(raw, str) and cells.is_formula_injection(raw):
                plan.error(
                    heading, _("Ô bắt đầu bằng ký tự công thức (=, +, -, @): không nhận để tránh chèn công thức."), name
                )
                continue
            raw = self.decode(column, raw)
            if isinstance(raw, str) and self.encodings.get(column) is None and not could_be_unicode(raw):
                fixed, legacy = fix_legacy_text(raw)
                if legacy:  # one legacy cell in a Unicode column: said, not converted on its own
                    plan.error(
                        heading,
                        _(
                            "“%(v)s” có vẻ gõ bằng phông cũ %(e)s (“%(u)s”), nhưng các ô khác của cột là Unicode: hãy "
                            "chuyển ô này sang Unicode rồi tải lại."
                        )
                        % {"v": raw, "e": legacy, "u": nfc(fixed)},
                        name,
                    )
                    continue
            try:
                if name == "organization":
                    organization_text = cells.clean_text_cell(raw, fix_legacy=False)
                else:
                    self.read_cell(plan, name, raw)
                    check_lengths(plan.values, name, plan.row_number, heading)
            except (cells.CellError, vocabulary.VocabularyError) as exc:
                plan.error(heading, str(exc), name)
        self.resolve_cell(plan, organization_text)
        self.match_member(plan)
        return plan

    def read_cell(self, plan: RowPlan, name: str, raw: Any) -> None:
        if raw is None or (isinstance(raw, str) and not raw.strip()):
            return
        values = plan.values
        if name in DATE_FIELDS:
            parsed = cells.parse_date_cell(raw, today=self.today)
            values[name] = parsed.value
            if parsed.precision != "day":
                plan.warnings.append(
                    _("%(f)s chỉ ghi %(p)s; lấy ngày %(d)s.")
                    % {
                        "f": self.label(name),
                        "p": _("năm") if parsed.precision == "year" else _("tháng, năm"),
                        "d": f"{parsed.value:%d/%m/%Y}",
                    }
                )
        elif name in _CODED:
            # Read once per distinct text of the column (a refused text raises each time, uncached).
            key = (name, type(raw), raw)
            code = self.coded.get(key)
            if code is None:
                code = self.coded[key] = _CODED[name](raw)
            values[name] = code
        elif name == "citizen_id":
            values[name] = self.citizen_id(plan, raw)
        elif name == "phone":
            values[name] = cells.digits_cell(raw, length=10)
        elif name in ("card_number", "biography_number"):
            values[name] = cells.clean_text_cell(raw).replace(" ", "")
        elif name == "hometown":
            text = cells.clean_text_cell(raw, fix_legacy=False)
            values["hometown_text"] = text
            values.update(_current_units(text))
        elif name in TEXT_FIELDS:
            values[name] = cells.clean_text_cell(raw, fix_legacy=False)

    def citizen_id(self, plan: RowPlan, raw: Any) -> str:
        """Twelve digits. A number Excel stored loses its leading zeros: one or two zeros are put back when that
        gives a province code (with a warning); otherwise the digit count is reported plainly."""
        digits = cells.digits_cell(raw)
        if 10 <= len(digits) < 12:
            padded = digits.zfill(12)
            if padded[:3] in PROVINCE_CODES:
                plan.warnings.append(
                    _("Số định danh “%(d)s” chỉ có %(n)s chữ số; đã thêm số 0 ở đầu mà Excel bỏ mất: %(p)s.")
                    % {"d": digits, "n": len(digits), "p": padded}
                )
                return padded
            raise cells.CellError(
                _(
                    "Số định danh “%(d)s” chỉ có %(n)s chữ số, cần đủ 12. Có thể Excel đã bỏ mất số 0 ở đầu: hãy "
                    "định dạng cột là Văn bản (Text) và ghi lại đủ 12 chữ số."
                )
                % {"d": digits, "n": len(digits)}
            )
        return digits

    def label(self, name: str) -> str:
        try:
            field = Member._meta.get_field(name)
            if not isinstance(field, Field):  # a reverse relation has no label
                return name
            return str(field.verbose_name).capitalize()
        except Exception:  # noqa: BLE001
            return name

    def resolve_cell(self, plan: RowPlan, text: str) -> None:
        if text:
            org, note = self.cells.find(text)
            if org is None:
                plan.error(self.heading_of("organization"), note)
            else:
                plan.organization = org
                if note:
                    plan.warnings.append(note)
        elif self.batch.default_cell_id:
            plan.organization = self.batch.default_cell
        elif self.title_cell is not None:
            plan.organization = self.title_cell

    def heading_of(self, name: str) -> str:
        for column, field_name in self.mapping.items():
            if field_name == name:
                return self.headings[column]
        return name

    def match_member(self, plan: RowPlan) -> None:
        values = plan.values
        cid, card = values.get("citizen_id"), values.get("card_number")
        for key, value in (("citizen_id", cid), ("card_number", card)):
            if value:
                first = self.seen.get((key, value))
                if first is not None:
                    plan.error(self.heading_of(key), _("Trùng với dòng %(n)s trong cùng tệp.") % {"n": first})
                else:
                    self.seen[(key, value)] = plan.row_number
        pk = self.by_cid.get(cid) if cid else None
        if pk is None and card:
            pk = self.by_card.get(card)
        if pk is not None and cid and card and self.by_card.get(card) not in (None, pk):
            plan.error(self.heading_of("card_number"), _("Số thẻ này thuộc một đảng viên khác với số định danh."))
        if pk is not None and pk not in self.visible_ids:
            plan.error(
                self.heading_of("citizen_id" if cid else "card_number"),
                _("Đảng viên này thuộc tổ chức ngoài phạm vi của bạn."),
            )
            pk = None
        plan.member_id = pk
        if pk is None:
            for key, index in (
                ("citizen_id", self.by_cid),
                ("card_number", self.by_card),
                ("biography_number", self.by_biography),
            ):
                if values.get(key) and values[key] in index:
                    plan.error(self.heading_of(key), _("Số này đã có ở một đảng viên khác."))

    # -- against the database -------------------------------------------------------------------------------
    def compare(self, plans: list[RowPlan]) -> None:
        existing = Member.objects.in_bulk([p.member_id for p in plans if p.member_id])
        for plan in plans:
            incoming = normalise_values(plan.values)
            member = existing.get(plan.member_id) if plan.member_id else None
            if member is None:
                if plan.organization is None and not plan.errors:
                    plan.error(
                        self.heading_of("organization"),
                        _("Chưa biết chi bộ: ghi cột Chi bộ, ghi tên chi bộ ở tiêu đề, hoặc chọn chi bộ mặc định."),
                    )
                status = MemberStatus.OFFICIAL if incoming.get("official_on") else MemberStatus.PROBATIONARY
                values = {f: incoming.get(f) for f in EDITABLE_FIELDS}
                values["ethnicity"] = values["ethnicity"] or "01"
                self.validate(plan, values, None, status)
                plan.action = ImportRow.Action.NEW
                plan.values = {**incoming, "ethnicity": values["ethnicity"]}
            else:
                current = {f: getattr(member, f) for f in EDITABLE_FIELDS}
                merged = {**current, **{k: v for k, v in incoming.items() if k in EDITABLE_FIELDS}}
                self.validate(plan, merged, member, member.status)
                plan.diff = {
                    f: [_jsonable(current[f]), _jsonable(merged[f])] for f in EDITABLE_FIELDS if merged[f] != current[f]
                }
                plan.action = ImportRow.Action.CHANGED if plan.diff else ImportRow.Action.UNCHANGED
                if plan.organization is not None and plan.organization.pk != member.organization_id:
                    plan.warnings.append(_("Chi bộ trong tệp khác chi bộ hiện tại; không tự chuyển sinh hoạt."))
                plan.organization = None
            if plan.errors:
                plan.action = ImportRow.Action.REJECTED

    def validate(self, plan: RowPlan, values: dict, member: Member | None, status: str) -> None:
        """The registry's checks; a field whose cell was already refused is not reported a second time."""
        if not values.get("full_name"):
            if "full_name" not in plan.failed:
                plan.error(self.heading_of("full_name"), _("Thiếu họ và tên."))
            return
        try:
            validate_member(values, instance=member, status=status, check_unique=False)
        except ValidationError as exc:
            for name, messages in exc.message_dict.items():
                if name in plan.failed:
                    continue
                for message in messages:
                    plan.error(self.heading_of(name), message)

    def save(self, plans: list[RowPlan]) -> None:
        rows = []
        for plan in plans:
            self.counts[plan.action] += 1
            rows.append(
                {
                    "batch_id": self.batch.pk,
                    "row_number": plan.row_number,
                    "action": plan.action,
                    "member_id": plan.member_id,
                    "organization_id": plan.organization.pk if plan.organization is not None else None,
                    "values": {k: _jsonable(v) for k, v in plan.values.items()},
                    "diff": plan.diff,
                    "errors": plan.errors,
                    "warnings": [str(w) for w in plan.warnings],
                }
            )
        with transaction.atomic():
            bulk.insert_rows(ImportRow, rows)


_CODED: dict[str, Callable[[Any], str]] = {
    "gender": cells.parse_gender_cell,
    "ethnicity": lambda raw: vocabulary.ethnicity_code(cells.clean_text_cell(raw)),
    "religion": lambda raw: vocabulary.religion_code(cells.clean_text_cell(raw)),
    "general_education": lambda raw: vocabulary.general_education_code(cells.clean_text_cell(raw)),
    "professional_education": lambda raw: vocabulary.professional_code(cells.clean_text_cell(raw)),
    "political_theory": lambda raw: vocabulary.theory_code(cells.clean_text_cell(raw)),
}


def _current_units(text: str) -> dict[str, int]:
    """Province and ward codes when the home town names current units ("Phường Phố Hiến, Hưng Yên")."""
    folded = fold(text)
    found: dict[str, int] = {}
    for province in Province.iter_all():
        name = fold(province.name.replace("Thành phố ", "").replace("Tỉnh ", ""))
        if folded.endswith(name):
            found["hometown_province_code"] = province.code.value
            for ward in Ward.iter_by_province(province.code):
                if fold(ward.name) in folded:
                    found["hometown_ward_code"] = ward.code.value
                    break
            break
    return found


def _shorten(formula: str, limit: int = 60) -> str:
    return formula if len(formula) <= limit else formula[: limit - 1] + "…"


def _jsonable(value: Any) -> Any:
    return value.isoformat() if isinstance(value, dt.date) else value


def _count_rows(path: Path, name: str) -> int:
    """The rows of a file whose reader cannot tell in advance (CSV), streamed once."""
    return sum(1 for _row in open_rows(path, name).rows)


def _numbered(head: list[list], rest: Iterator[list], first_number: int) -> Iterator[tuple[int, list]]:
    number = first_number
    for row in [*head]:
        if any(cell not in (None, "") for cell in row):
            yield number, row
        number += 1
    for row in rest:
        if any(cell not in (None, "") for cell in row):  # trailing and empty rows are skipped
            yield number, row
        number += 1
