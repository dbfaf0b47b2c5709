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
from django.utils import timezone
from django.utils.translation import gettext as _
from vietnam_provinces import Province, Ward

from sotay.lib import cells, headings
from sotay.lib.batching import chunked
from sotay.lib.vntext import fold
from sotay.members.choices import MemberStatus
from sotay.members.models import Member
from sotay.members.services import EDITABLE_FIELDS, normalise_values, validate_member
from sotay.orgs import policy
from sotay.orgs.models import CELL_KINDS, Organization, OrgVersion, subtree_filter

from . import vocabulary
from .limits import check_row_count
from .models import ImportBatch, ImportMapping, ImportRow
from .reader import FileRefused, open_rows

CHUNK = 1000
DATE_FIELDS = {"birth_on", "admission_decision_on", "joined_on", "official_on"}
TEXT_FIELDS = {"full_name", "birth_name", "residence_address", "foreign_language", "occupation", "hometown"}


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

    def error(self, column: str, message: str) -> None:
        self.errors.append({"column": column, "message": str(message)})


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
        self.batch.mapping = {str(k): v for k, v in mapping.items()}
        self.batch.unknown_headings = [[i, t] for i, t in match.unknown if i not in mapping]
        self.batch.save(update_fields=["header_row", "mapping", "unknown_headings"])
        if "full_name" not in mapping.values():
            raise FileRefused(_("Không thấy cột họ và tên."))
        self.headings = {i: (heading_texts[i] if i < len(heading_texts) else str(i + 1)) for i in mapping}
        self.mapping = mapping
        total = opened.total_rows if opened.total_rows is not None else _count_rows(path, self.batch.file_name)
        check_row_count(self.user, total - (match.row_index + 1))  # before any preview row is stored
        data_rows = _numbered(head[match.row_index + 1 :], rows, first_number=match.data_start_number)
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

    # -- one row ----------------------------------------------------------------------------------------------
    def plan_row(self, number: int, row: list) -> RowPlan:
        plan = RowPlan(row_number=number)
        organization_text = ""
        for column, name in self.mapping.items():
            raw = row[column] if column < len(row) else None
            heading = self.headings[column]
            if isinstance(raw, str) and cells.is_formula_injection(raw):
                plan.error(
                    heading, _("Ô bắt đầu bằng ký tự công thức (=, +, -, @): không nhận để tránh chèn công thức.")
                )
                continue
            try:
                if name == "organization":
                    organization_text = cells.clean_text_cell(raw)
                elif name != "row_number":
                    self.read_cell(plan, name, raw)
            except (cells.CellError, vocabulary.VocabularyError) as exc:
                plan.error(heading, str(exc))
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
        elif name == "gender":
            values[name] = cells.parse_gender_cell(raw)
        elif name == "ethnicity":
            values[name] = vocabulary.ethnicity_code(cells.clean_text_cell(raw))
        elif name == "religion":
            values[name] = vocabulary.religion_code(cells.clean_text_cell(raw))
        elif name == "general_education":
            values[name] = vocabulary.general_education_code(cells.clean_text_cell(raw))
        elif name == "professional_education":
            values[name] = vocabulary.professional_code(cells.clean_text_cell(raw))
        elif name == "political_theory":
            values[name] = vocabulary.theory_code(cells.clean_text_cell(raw))
        elif name == "citizen_id":
            values[name] = cells.digits_cell(raw, length=12)
        elif name == "phone":
            values[name] = cells.digits_cell(raw, length=10)
        elif name in ("card_number", "biography_number"):
            values[name] = cells.clean_text_cell(raw).replace(" ", "")
        elif name == "hometown":
            text = cells.clean_text_cell(raw)
            values["hometown_text"] = text
            values.update(_current_units(text))
        elif name in TEXT_FIELDS:
            values[name] = cells.clean_text_cell(raw)

    def label(self, name: str) -> str:
        try:
            return str(Member._meta.get_field(name).verbose_name).capitalize()
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
                        _("Chưa biết chi bộ: ghi cột Chi bộ hoặc chọn chi bộ mặc định."),
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
        if not values.get("full_name"):
            plan.error(self.heading_of("full_name"), _("Thiếu họ và tên."))
            return
        try:
            validate_member(values, instance=member, status=status, check_unique=False)
        except ValidationError as exc:
            for name, messages in exc.message_dict.items():
                for message in messages:
                    plan.error(self.heading_of(name), message)

    def save(self, plans: list[RowPlan]) -> None:
        rows = []
        for plan in plans:
            self.counts[plan.action] += 1
            rows.append(
                ImportRow(
                    batch=self.batch,
                    row_number=plan.row_number,
                    action=plan.action,
                    member_id=plan.member_id,
                    organization=plan.organization,
                    values={k: _jsonable(v) for k, v in plan.values.items()},
                    diff=plan.diff,
                    errors=plan.errors,
                    warnings=[str(w) for w in plan.warnings],
                )
            )
        with transaction.atomic():
            ImportRow.objects.bulk_create(rows, batch_size=CHUNK)


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
