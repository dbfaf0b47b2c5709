"""Read-only: attendance statistics, the xóa tên flags (docs/rules/discipline.md#bỏ-sinh-hoạt-hoặc-không-đóng-đảng-phí)
and the committees' oversight."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, Q, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from sotay.dues.ledger import XOA_TEN_UNPAID_MONTHS
from sotay.members.choices import ACTIVE_STATUSES
from sotay.members.models import Member
from sotay.orgs.models import CELL_KINDS, Organization, parent_path, subtree_filter
from sotay.rules.calendar import add_working_days

from .conf import setting
from .models import Attendance, AttendanceStatus, CellMeeting, MeetingKind, MeetingStatus, Minutes


@dataclass(frozen=True)
class Period:
    kind: str  # month, quarter, year
    year: int
    number: int = 1  # month 1–12 or quarter 1–4

    @property
    def start(self) -> dt.date:
        if self.kind == "month":
            return dt.date(self.year, self.number, 1)
        if self.kind == "quarter":
            return dt.date(self.year, 3 * self.number - 2, 1)
        return dt.date(self.year, 1, 1)

    @property
    def end(self) -> dt.date:
        """The first day after the period."""
        if self.kind == "month":
            return dt.date(self.year + self.number // 12, self.number % 12 + 1, 1)
        if self.kind == "quarter":
            m = 3 * self.number + 1
            return dt.date(self.year + (m > 12), (m - 1) % 12 + 1, 1)
        return dt.date(self.year + 1, 1, 1)

    @property
    def label(self) -> str:
        if self.kind == "month":
            return f"{self.number:02d}/{self.year}"
        if self.kind == "quarter":
            return _("Quý %(n)d/%(y)d") % {"n": self.number, "y": self.year}
        return _("Năm %(y)d") % {"y": self.year}


def parse_period(kind: str | None, year: str | None, number: str | None, today: dt.date | None = None) -> Period:
    today = today or timezone.localdate()
    kind = kind if kind in ("month", "quarter", "year") else "month"
    try:
        y = int(year) if year else today.year
        n = int(number) if number else (today.month if kind == "month" else (today.month - 1) // 3 + 1)
    except ValueError:
        y, n = today.year, today.month
    limit = 12 if kind == "month" else 4 if kind == "quarter" else 1
    if not 1 <= n <= limit or not 1990 <= y <= 2100:
        y, n = today.year, 1
    return Period(kind, y, n if kind != "year" else 1)


@dataclass
class Tally:
    present: int = 0
    excused: int = 0
    unexcused: int = 0
    exempt: int = 0
    late: int = 0

    @property
    def expected(self) -> int:
        return self.present + self.excused + self.unexcused

    @property
    def rate(self) -> float | None:
        return self.present / self.expected if self.expected else None

    def add(self, status: str, late: bool, is_exempt: bool) -> None:
        if is_exempt:
            self.exempt += 1
        elif status == AttendanceStatus.PRESENT:
            self.present += 1
        elif status == AttendanceStatus.ABSENT_EXCUSED:
            self.excused += 1
        elif status == AttendanceStatus.ABSENT_UNEXCUSED:
            self.unexcused += 1
        self.late += bool(late)


def _attendance_in(org: Organization, period: Period):
    return Attendance.objects.filter(
        subtree_filter(org.path, "meeting__organization__path"),
        meeting__month__gte=period.start,
        meeting__month__lt=period.end,
        meeting__status=MeetingStatus.HELD,
        is_guest=False,
    )


@dataclass
class SubtreeStats:
    total: Tally
    by_cell: list[tuple[Organization, Tally, int]]  # (cell, tally, meetings held)
    by_member: list[tuple[Member, Tally]] = field(default_factory=list)


def attendance_stats(org: Organization, period: Period, *, with_members: bool = False) -> SubtreeStats:
    """Attendance of the held meetings of `org`'s subtree in the period: in total, per cell, per member."""
    total = Tally()
    per_cell: dict[int, Tally] = defaultdict(Tally)
    per_member: dict[int, Tally] = defaultdict(Tally)
    for row in _attendance_in(org, period).values_list(
        "meeting__organization_id", "member_id", "status", "late", "is_exempt"
    ):
        cell_id, member_id, status, late, exempt = row
        total.add(status, late, exempt)
        per_cell[cell_id].add(status, late, exempt)
        per_member[member_id].add(status, late, exempt)
    held_meetings = CellMeeting.objects.filter(
        subtree_filter(org.path, "organization__path"),
        month__gte=period.start,
        month__lt=period.end,
        status=MeetingStatus.HELD,
    )
    held = dict(held_meetings.values("organization_id").annotate(n=Count("pk")).values_list("organization_id", "n"))
    # Attendance rows exist only for held meetings, so the organisations that held one are all there is to list.
    cells = Organization.objects.filter(pk__in=held_meetings.values("organization_id")).order_by("path")
    by_cell = [(c, per_cell.get(c.pk, Tally()), held.get(c.pk, 0)) for c in cells]
    by_member = []
    if with_members:
        members = Member.objects.filter(pk__in=per_member).select_related("organization").vietnamese_order()
        by_member = [(m, per_member[m.pk]) for m in members]
    return SubtreeStats(total, by_cell, by_member)


def meeting_tallies(attendances) -> dict[int, Tally]:
    """The attendance of each meeting among `attendances`, counted in the database (one row per meeting, not one
    per member): the same sums as `Tally.add` over each row."""
    counted = Q(is_exempt=False)
    rows = (
        attendances.order_by()
        .values("meeting_id")
        .annotate(
            present=Count("pk", filter=counted & Q(status=AttendanceStatus.PRESENT)),
            excused=Count("pk", filter=counted & Q(status=AttendanceStatus.ABSENT_EXCUSED)),
            unexcused=Count("pk", filter=counted & Q(status=AttendanceStatus.ABSENT_UNEXCUSED)),
            exempt=Count("pk", filter=Q(is_exempt=True)),
            late=Count("pk", filter=Q(late=True)),
        )
    )
    return {
        row["meeting_id"]: Tally(row["present"], row["excused"], row["unexcused"], row["exempt"], row["late"])
        for row in rows
    }


@dataclass(frozen=True)
class MemberFlag:
    member: Member
    unexcused: int
    dues_unpaid: bool


def unpaid_dues_months(org: Organization, year: int, *, on: dt.date) -> dict[int, int]:
    """Per member of the subtree: dues months of `year` over on `on` and not fully paid.

    The same rule as `sotay.dues.ledger.three_months_unpaid` (liabilities net of reversals minus payments, months
    owing 0 đ never count, the month of `on` is still being collected), in two grouped queries for a whole subtree
    instead of two per member; `test_bulk_dues_flags_match_the_ledger` keeps the two in step.
    """
    from sotay.dues.models import DuesLiability, DuesPayment

    current = on.replace(day=1)
    window = {"month__year": year, "month__lt": current}
    members = Member.objects.filter(status__in=ACTIVE_STATUSES).in_subtree(org).values("pk")
    due = (
        DuesLiability.objects.filter(member__in=members, **window)
        .values("member_id", "month")
        .annotate(total=Sum("amount"))
        .values_list("member_id", "month", "total")
    )
    paid = {
        (m, month): total
        for m, month, total in DuesPayment.objects.filter(member__in=members, **window)
        .values("member_id", "month")
        .annotate(total=Sum("amount"))
        .values_list("member_id", "month", "total")
    }
    months: dict[int, int] = defaultdict(int)
    for member_id, month, total in due:
        if total - paid.get((member_id, month), 0) > 0:
            months[member_id] += 1
    return months


def xoa_ten_flags(org: Organization, year: int, *, on: dt.date | None = None) -> list[MemberFlag]:
    """Members of the subtree meeting a xóa tên ground of docs/rules/discipline.md#bỏ-sinh-hoạt-hoặc-không-đóng-đảng-phí
    in `year`: absent without reason from ≥ 3 regular meetings, or dues unpaid for ≥ 3 months (the dues ledger). A flag
    for the chi bộ to judge — never an action."""
    on = on or timezone.localdate()
    threshold = int(setting("meetings.absence_flag_count", on))
    absences = dict(
        Attendance.objects.filter(
            subtree_filter(org.path, "meeting__organization__path"),
            meeting__kind=MeetingKind.REGULAR,
            meeting__month__year=year,
            meeting__status=MeetingStatus.HELD,
            status=AttendanceStatus.ABSENT_UNEXCUSED,
            member__status__in=ACTIVE_STATUSES,
        )
        .values("member_id")
        .annotate(n=Count("pk"))
        .values_list("member_id", "n")
    )
    unpaid = unpaid_dues_months(org, year, on=on)
    flagged = {m for m, n in absences.items() if n >= threshold} | {
        m for m, n in unpaid.items() if n >= XOA_TEN_UNPAID_MONTHS
    }
    members = Member.objects.filter(pk__in=flagged).select_related("organization").vietnamese_order()
    return [MemberFlag(m, absences.get(m.pk, 0), unpaid.get(m.pk, 0) >= XOA_TEN_UNPAID_MONTHS) for m in members]


@dataclass
class CellOversight:
    cell: Organization
    meeting: CellMeeting | None
    held: bool
    rate: float | None
    minutes_overdue: bool
    minutes_due_on: dt.date | None
    thematic: int = 0  # thematic meetings held in the quarter of the month
    thematic_short: bool = False  # the quarter is over with fewer than `meetings.thematic_per_quarter`
    parent: Organization | None = None  # shown with the cell: many cells share a name ("Chi bộ khu phố 1")


def oversight(org: Organization, month: dt.date, *, today: dt.date | None = None) -> list[CellOversight]:
    """For each active cell of the subtree: did it hold its regular meeting in `month`, its attendance rate,
    whether the minutes are overdue (not finalised `meetings.minutes_due_working_days` after the meeting), and its
    thematic meetings in the quarter (docs/rules/meetings.md#tham-số-chưa-xác-nhận: once a quarter, unconfirmed —
    `meetings.thematic_per_quarter`). A fixed number of queries, whatever the size of the subtree."""
    today = today or timezone.localdate()
    in_subtree = subtree_filter(org.path, "organization__path")
    cells = list(
        Organization.objects.filter(subtree_filter(org.path), kind__in=CELL_KINDS, valid_to__isnull=True).order_by(
            "path"
        )
    )
    month_meetings = CellMeeting.objects.filter(
        in_subtree, month=month, kind__in=[MeetingKind.REGULAR, MeetingKind.THEMATIC]
    ).exclude(status=MeetingStatus.CANCELLED)
    meetings: dict[int, CellMeeting] = {}
    for found in month_meetings.order_by("starts_at"):
        if found.organization_id not in meetings or found.status == MeetingStatus.HELD:
            meetings[found.organization_id] = found
    final = set(Minutes.objects.filter(meeting__in=month_meetings, is_final=True).values_list("meeting_id", flat=True))
    tallies = meeting_tallies(Attendance.objects.filter(meeting__in=month_meetings, is_guest=False))
    quarter = Period("quarter", month.year, (month.month - 1) // 3 + 1)
    thematic = dict(
        CellMeeting.objects.filter(
            in_subtree,
            kind=MeetingKind.THEMATIC,
            status=MeetingStatus.HELD,
            month__gte=quarter.start,
            month__lt=quarter.end,
        )
        .values("organization_id")
        .annotate(n=Count("pk"))
        .values_list("organization_id", "n")
    )
    parents = {o.path: o for o in Organization.objects.filter(path__in={parent_path(c.path) for c in cells})}
    required = int(setting("meetings.thematic_per_quarter", month))
    quarter_over = today >= quarter.end
    days = int(setting("meetings.minutes_due_working_days", month))
    rows = []
    for cell in cells:
        m = meetings.get(cell.pk)
        held = m is not None and m.status == MeetingStatus.HELD
        due = add_working_days(timezone.localtime(m.starts_at).date(), days) if m is not None else None
        overdue = bool(
            m is not None and m.pk not in final and due is not None and today > due and m.starts_at <= timezone.now()
        )
        n = thematic.get(cell.pk, 0)
        rows.append(
            CellOversight(
                cell,
                m,
                held,
                tallies.get(m.pk, Tally()).rate if m is not None else None,
                overdue,
                due,
                n,
                quarter_over and n < required,
                parents.get(parent_path(cell.path)),
            )
        )
    return rows


def missed_cells(org: Organization, month: dt.date) -> list[Organization]:
    return [row.cell for row in oversight(org, month) if not row.held]


def member_meetings(member: Member):
    """Meetings a member is called to or attended (their own cell's, and those they were invited to as a guest)."""
    return CellMeeting.objects.filter(
        Q(organization_id=member.organization_id) & ~Q(kind=MeetingKind.BOARD)
        | Q(invitations__member=member)
        | Q(attendances__member=member)
    ).distinct()
