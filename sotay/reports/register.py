"""Mẫu 7-HSĐV, the *sổ danh sách đảng viên*: one row per member ever on an organisation's register
(docs/rules/registers.md#sổ-danh-sách-đảng-viên).

The register keeps everyone: members in activity (probationary, official, exempt) and those who transferred out,
died or left the Party, with the date and form of leaving. Rows come in Vietnamese name order.

What Sổ tay does not store yet stays blank: the badge number (column 8) and the reason (13). Moves across the
subtree's border (columns 10 and 11) come from member periods: a member who moved to another cell of this instance
stays on the old register with the date and destination of the move. A move out of the instance is the status
"transferred out" (its destination is not stored yet).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import gettext as _

from sotay.lib.batching import chunked
from sotay.lib.dates import format_date
from sotay.members.choices import ACTIVE_STATUSES, MemberStatus
from sotay.members.models import Member, MemberPeriod
from sotay.orgs.models import Organization, path_within, subtree_filter

COLUMN_COUNT = 14


@dataclass(frozen=True)
class RegisterRow:
    """The 14 columns of Mẫu 7-HSĐV for one member; several fields share a column as on the paper form."""

    member_id: int
    number: int  # (1) STT
    full_name: str  # (2) họ và tên
    birth_name: str  # (2) họ tên khai sinh
    gender: str  # (3) nam/nữ
    ethnicity: str  # (3) dân tộc
    religion: str  # (3) tôn giáo
    hometown: str  # (4) quê quán: as written in the file, else the current administrative unit
    general_education: str  # (5) văn hóa
    political_theory: str  # (5) lý luận chính trị
    professional_education: str  # (5) chuyên môn nghiệp vụ
    foreign_language: str  # (5) ngoại ngữ
    occupation_before: str  # (6) nghề nghiệp khi vào Đảng
    occupation: str  # (6) nghề nghiệp hiện nay
    joined_on: dt.date  # (7) ngày vào Đảng
    official_on: dt.date | None  # (7) ngày chính thức
    card_number: str  # (8) số thẻ đảng viên
    biography_number: str  # (8) số lý lịch đảng viên
    badge_number: str  # (8) số Huy hiệu Đảng (not stored yet)
    service_background: str  # (9) bộ đội, công an, hưu trí
    transferred_out_on: dt.date | None  # (10) ngày chuyển đi
    transferred_to: str  # (10) nơi chuyển đến (not stored yet)
    transferred_in_on: dt.date | None  # (11) ngày chuyển đến (not stored yet)
    transferred_from: str  # (11) nơi chuyển đi (not stored yet)
    died_on: dt.date | None  # (12) ngày từ trần
    reason: str  # (13) lý do (not stored yet)
    left_on: dt.date | None  # (14) ngày ra khỏi Đảng
    exit_kind: str  # (14) hình thức: xin ra, xóa tên, khai trừ
    note: str  # (14) ghi chú
    cell_name: str  # the member's chi bộ (in the note when the register covers several cells)

    def columns(self) -> list[list[str]]:
        """The 14 columns as lines of text, dates as dd/mm/yyyy (the printed register)."""
        return [
            [str(self.number)],
            [self.full_name, self.birth_name],
            [self.gender, self.ethnicity, self.religion],
            [self.hometown],
            [self.general_education, self.political_theory, self.professional_education, self.foreign_language],
            [self.occupation_before, self.occupation],
            [format_date(self.joined_on), format_date(self.official_on)],
            [self.card_number, self.biography_number, self.badge_number],
            [self.service_background],
            [format_date(self.transferred_out_on), self.transferred_to],
            [format_date(self.transferred_in_on), self.transferred_from],
            [format_date(self.died_on)],
            [self.reason],
            [format_date(self.left_on), self.exit_kind, self.note],
        ]


def column_titles() -> list[str]:
    """The headings of the 14 columns, in the form's words."""
    return [
        _("STT"),
        _("Họ và tên (tên khai sinh)"),
        _("Nam, nữ; dân tộc; tôn giáo"),
        _("Quê quán"),
        _("Văn hóa, lý luận, chuyên môn nghiệp vụ, ngoại ngữ"),
        _("Nghề nghiệp khi vào Đảng, hiện nay"),
        _("Ngày vào Đảng, ngày chính thức"),
        _("Số thẻ đảng viên, số lý lịch, số Huy hiệu Đảng"),
        _("Bộ đội, công an, hưu trí"),
        _("Ngày chuyển đi, nơi đến"),
        _("Ngày chuyển đến, nơi đi"),
        _("Ngày từ trần"),
        _("Lý do"),
        _("Ngày ra khỏi Đảng, hình thức; ghi chú"),
    ]


def register_members(org: Organization, *, on: dt.date | None = None):
    """Everyone who was on the subtree's register by the day (member periods): admitted there or moved in by then,
    whether still there or since moved away, left or died."""
    on = on or timezone.localdate()
    was_here = MemberPeriod.objects.filter(subtree_filter(org.path, "organization__path"), valid_from__lte=on)
    return Member.objects.filter(pk__in=was_here.values("member_id")).select_related("organization").vietnamese_order()


@dataclass(frozen=True)
class Moves:
    """A member's moves across the subtree's border, read from their periods
    (docs/rules/registers.md#sổ-danh-sách-đảng-viên columns 10 and 11)."""

    in_on: dt.date | None = None
    in_from: str = ""
    out_on: dt.date | None = None
    out_to: str = ""
    cell_name: str = ""


def _moves(periods: list[MemberPeriod], prefix: str, on: dt.date) -> Moves:
    inside = [p for p in periods if path_within(p.organization.path, prefix) and p.valid_from <= on]
    if not inside:
        return Moves()
    first, last = inside[0], inside[-1]
    before = [p for p in periods if p.valid_to == first.valid_from and not path_within(p.organization.path, prefix)]
    after = [
        p
        for p in periods
        if last.valid_to is not None
        and p.valid_from == last.valid_to
        and p.valid_from <= on
        and not path_within(p.organization.path, prefix)
    ]
    moved_out = after[0] if after and after[0].status in ACTIVE_STATUSES else None
    return Moves(
        in_on=first.valid_from if before else None,
        in_from=before[0].organization.name if before else "",
        out_on=moved_out.valid_from if moved_out else None,
        out_to=moved_out.organization.name if moved_out else "",
        cell_name=last.organization.name,
    )


def _on_or_before(day: dt.date | None, on: dt.date) -> dt.date | None:
    return day if day is not None and day <= on else None


def _row(number: int, m: Member, on: dt.date, several_cells: bool, moves: Moves | None = None) -> RegisterRow:
    moves = moves or Moves()
    changed_on = _on_or_before(m.status_changed_on, on)
    status = m.status
    notes = []
    if status == MemberStatus.EXEMPT:
        notes.append(
            _("Miễn công tác và sinh hoạt đảng từ %(d)s") % {"d": format_date(changed_on)}
            if changed_on
            else _("Miễn công tác và sinh hoạt đảng")
        )
    if several_cells:
        notes.append(moves.cell_name or m.organization.name)
    left = status == MemberStatus.LEFT and changed_on is not None
    return RegisterRow(
        member_id=m.pk,
        number=number,
        full_name=m.full_name,
        birth_name=m.birth_name if m.birth_name != m.full_name else "",
        gender=m.get_gender_display(),
        ethnicity=m.ethnicity_name,
        religion=m.get_religion_display(),
        hometown=m.hometown_text or m.hometown,
        general_education=m.get_general_education_display() if m.general_education else "",
        political_theory=m.get_political_theory_display() if m.political_theory else "",
        professional_education=m.get_professional_education_display() if m.professional_education else "",
        foreign_language=m.foreign_language,
        occupation_before=m.occupation_before,
        occupation=m.occupation,
        joined_on=m.joined_on,
        official_on=_on_or_before(m.official_on, on),
        card_number=m.card_number or "",
        biography_number=m.biography_number or "",
        badge_number="",
        service_background=m.get_service_background_display() if m.service_background else "",
        transferred_out_on=moves.out_on or (changed_on if status == MemberStatus.TRANSFERRED_OUT else None),
        transferred_to=moves.out_to,
        transferred_in_on=moves.in_on,
        transferred_from=moves.in_from,
        died_on=changed_on if status == MemberStatus.DECEASED else None,
        reason="",
        left_on=changed_on if left else None,
        exit_kind=m.get_exit_kind_display() if left and m.exit_kind else "",
        note="; ".join(notes),
        cell_name=moves.cell_name or m.organization.name,
    )


def member_register(org: Organization, *, on: dt.date | None = None) -> Iterator[RegisterRow]:
    """The rows of Mẫu 7-HSĐV for the organisation's subtree as it stands on `on` (default today).

    Members admitted after `on` are left out; a transfer out, death or exit dated after `on` is not shown yet.
    Rows are produced as they are read, so a large subtree is never held in memory at once.
    """
    on = on or timezone.localdate()
    several_cells = not org.is_cell
    number = 0
    for chunk in chunked(register_members(org, on=on).iterator(chunk_size=2000), 1000):
        periods: dict[int, list[MemberPeriod]] = {}
        for period in (
            MemberPeriod.objects.filter(member_id__in=[m.pk for m in chunk])
            .select_related("organization")
            .order_by("member_id", "valid_from", "pk")
        ):
            periods.setdefault(period.member_id, []).append(period)
        for member in chunk:
            number += 1
            yield _row(number, member, on, several_cells, _moves(periods.get(member.pk, []), org.path, on))


DEFAULT_PDF_MAX_ROWS = 1000


def pdf_max_rows() -> int:
    """The most rows Mẫu 7-HSĐV is printed in one PDF (settings.SOTAY_REGISTER_PDF_MAX_ROWS): larger registers are
    offered as Excel only."""
    from django.conf import settings

    return int(getattr(settings, "SOTAY_REGISTER_PDF_MAX_ROWS", DEFAULT_PDF_MAX_ROWS))
