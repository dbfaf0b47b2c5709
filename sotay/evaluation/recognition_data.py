"""Read-only queries for recognition schemes: model-cell progress against targets, "bốn tốt" pre-fill and lists."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django_stubs_ext import StrOrPromise

from sotay.dues.ledger import three_months_unpaid
from sotay.members.models import Member
from sotay.orgs.models import (
    CELL_KINDS,
    CellType,
    Organization,
    OrgKind,
    ancestor_paths,
    child_path_expr,
    subtree_filter,
)

from .models import (
    CriterionSource,
    EnrolmentStage,
    Evaluation,
    Grade,
    Period,
    RecognitionScheme,
    SchemeAssessment,
    Stage,
)
from .selectors import percent

GOOD_OR_BETTER = (Grade.EXCELLENT, Grade.GOOD)


@dataclass(frozen=True)
class ProgressRow:
    label: StrOrPromise
    total: int
    registered: int
    recognised: int
    target: Decimal | None

    @property
    def percent(self) -> Decimal:
        return percent(self.recognised, self.total)

    @property
    def registered_percent(self) -> Decimal:
        return percent(self.registered, self.total)

    @property
    def needed(self) -> int | None:
        """Cells still to recognise to reach the target (0 when reached)."""
        if self.target is None:
            return None
        goal = int((Decimal(self.total) * self.target / 100).to_integral_value(rounding="ROUND_CEILING"))
        return max(goal - self.recognised, 0)

    @property
    def reached(self) -> bool:
        return self.target is not None and self.percent >= self.target

    # Server-rendered SVG chart (no inline styles under CSP): widths as plain numbers 0–100.
    @property
    def bar(self) -> str:
        return f"{min(self.percent, Decimal(100)):.1f}"

    @property
    def bar_registered(self) -> str:
        return f"{min(self.registered_percent, Decimal(100)):.1f}"

    @property
    def target_x(self) -> str:
        return f"{self.target:.1f}" if self.target is not None else ""


def model_cell_progress(scheme: RecognitionScheme, org: Organization) -> tuple[list[ProgressRow], list[ProgressRow]]:
    """(rows per cell kind with the scheme's targets, rows per cell type) for the active cells in `org`'s subtree."""
    in_scheme = Q(model_cell_enrolments__scheme=scheme)
    active = ~Q(model_cell_enrolments__stage__in=[EnrolmentStage.LAPSED, EnrolmentStage.WITHDRAWN])
    cells = Organization.objects.filter(subtree_filter(org.path), kind__in=CELL_KINDS, valid_to__isnull=True)
    annotated = {
        "total": Count("pk", distinct=True),
        "registered": Count("model_cell_enrolments", filter=in_scheme & active, distinct=True),
        "recognised": Count(
            "model_cell_enrolments",
            filter=in_scheme & Q(model_cell_enrolments__stage=EnrolmentStage.RECOGNISED),
            distinct=True,
        ),
    }
    by_kind = {r["kind"]: r for r in cells.values("kind").annotate(**annotated).order_by()}
    targets = {OrgKind.BASE_CELL: scheme.target_base_cell_percent, OrgKind.CELL: scheme.target_cell_percent}
    kind_rows = []
    for kind in (OrgKind.BASE_CELL, OrgKind.CELL):
        r = by_kind.get(kind, {"total": 0, "registered": 0, "recognised": 0})
        kind_rows.append(ProgressRow(OrgKind(kind).label, r["total"], r["registered"], r["recognised"], targets[kind]))
    labels = dict(CellType.choices)
    type_rows = [
        ProgressRow(
            labels.get(r["cell_type"], _("Chưa ghi loại hình")), r["total"], r["registered"], r["recognised"], None
        )
        for r in cells.values("cell_type").annotate(**annotated).order_by("cell_type")
    ]
    return kind_rows, type_rows


def four_good_prefill(scheme: RecognitionScheme, org: Organization, year: int) -> dict[int, tuple[Decimal, str]]:
    """Scores the system can give from its own data, with the reason; criteria without data stay manual.

    Evaluation results come from the decided yearly campaign grades; discipline from members struck off or expelled
    during the year (sotay/members); dues from the 3-month arrears check (sotay/dues); regular meetings held and
    attendance from the cell-meeting records (sotay/meetings) — only where the subtree keeps its meetings in Sổ tay;
    admissions against the year's development target (sotay/admissions).
    """
    members = Member.objects.filter(subtree_filter(org.path, "organization__path"))
    decided = Evaluation.objects.filter(stage=Stage.DECIDED, campaign__period=Period.YEAR, campaign__year=year)
    member_grades = decided.filter(member__in=members).values_list("grade", flat=True)
    out: dict[int, tuple[Decimal, str]] = {}
    for criterion in scheme.criteria.exclude(source=CriterionSource.MANUAL):
        full, source = criterion.max_score, criterion.source
        if source == CriterionSource.ORG_GRADE:
            grade = decided.filter(subject_organization=org).values_list("grade", flat=True).first()
            if grade:
                ok = grade in GOOD_OR_BETTER
                out[criterion.pk] = (
                    full if ok else Decimal(0),
                    _("Xếp loại năm %(y)s: %(g)s") % {"y": year, "g": grade},
                )
        elif source in (CriterionSource.MEMBERS_GOOD_SHARE, CriterionSource.NO_MEMBER_NOT_COMPLETED):
            grades = list(member_grades)
            if not grades:
                continue
            if source == CriterionSource.MEMBERS_GOOD_SHARE:
                good = sum(g in GOOD_OR_BETTER for g in grades)
                score = (full * good / len(grades)).quantize(Decimal("0.01"))
                out[criterion.pk] = (score, _("%(n)s/%(t)s đảng viên HTTNV trở lên") % {"n": good, "t": len(grades)})
            else:
                bad = sum(g == Grade.NOT_COMPLETED for g in grades)
                out[criterion.pk] = (full if not bad else Decimal(0), _("%(n)s đảng viên KHTNV") % {"n": bad})
        elif source == CriterionSource.NO_STRUCK_OFF:
            count = members.filter(exit_kind__in=("STRUCK_OFF", "EXPELLED"), status_changed_on__year=year).count()
            out[criterion.pk] = (
                full if not count else Decimal(0),
                _("%(n)s đảng viên bị xóa tên, khai trừ") % {"n": count},
            )
        elif source == CriterionSource.NO_DUES_ARREARS:
            on = dt.date(year, 12, 31)
            active = members.filter(status__in=("OFFICIAL", "PROBATIONARY"))[:500]
            late = sum(three_months_unpaid(m, year, on=on) for m in active)
            out[criterion.pk] = (
                full if not late else Decimal(0),
                _("%(n)s đảng viên nợ đảng phí 3 tháng") % {"n": late},
            )
        elif source == CriterionSource.MEETINGS_REGULAR:
            found = _regular_meetings(org, year)
            if found is not None:
                share, text = found
                out[criterion.pk] = ((full * share).quantize(Decimal("0.01")), text)
        elif source == CriterionSource.MEETING_ATTENDANCE:
            from sotay.meetings.stats import Period as MeetingPeriod
            from sotay.meetings.stats import attendance_stats

            rate = attendance_stats(org, MeetingPeriod("year", year)).total.rate
            if rate is not None:
                out[criterion.pk] = (
                    (full * Decimal(str(rate))).quantize(Decimal("0.01")),
                    _("Dự sinh hoạt: %(p)s%%") % {"p": round(rate * 100)},
                )
        elif source == CriterionSource.ADMISSION_TARGET:
            from sotay.admissions import funnel

            target = funnel.target_of(org, year)
            if target:
                admitted = funnel.funnel(org, year)["admitted"]
                share = min(Decimal(admitted) / Decimal(target), Decimal(1))
                out[criterion.pk] = (
                    (full * share).quantize(Decimal("0.01")),
                    _("Kết nạp %(a)s/%(t)s đảng viên theo chỉ tiêu") % {"a": admitted, "t": target},
                )
    return out


def _regular_meetings(org: Organization, year: int) -> tuple[Decimal, str] | None:
    """The share of the year's months (so far) in which each cell of the subtree held its regular meeting, averaged
    over the cells; None when the subtree keeps no meetings in Sổ tay that year (the criterion stays manual)."""
    from sotay.meetings.models import CellMeeting, MeetingKind, MeetingStatus

    today = timezone.localdate()
    months = 12 if year < today.year else max(today.month - 1, 1)
    held = (
        CellMeeting.objects.filter(
            subtree_filter(org.path, "organization__path"),
            kind=MeetingKind.REGULAR,
            status=MeetingStatus.HELD,
            month__gte=dt.date(year, 1, 1),
            month__lt=dt.date(year, months + 1, 1) if months < 12 else dt.date(year + 1, 1, 1),
        )
        .values("organization_id")
        .annotate(n=Count("month", distinct=True))
    )
    per_cell = {row["organization_id"]: min(row["n"], months) for row in held}
    if not per_cell:
        return None
    cells = (
        [org.pk]
        if org.is_cell
        else list(
            Organization.objects.in_subtree(org)
            .filter(kind__in=CELL_KINDS, valid_to__isnull=True)
            .values_list("pk", flat=True)
        )
    )
    total = sum(per_cell.get(pk, 0) for pk in cells)
    share = Decimal(total) / Decimal(months * max(len(cells), 1))
    return share, _("%(h)s/%(m)s tháng có sinh hoạt thường kỳ (bình quân các chi bộ)") % {
        "h": round(total / max(len(cells), 1), 1),
        "m": months,
    }


def four_good_candidates(scheme: RecognitionScheme, org: Organization):
    from .services.recognition import FOUR_GOOD_KINDS

    return Organization.objects.filter(subtree_filter(org.path), kind__in=FOUR_GOOD_KINDS, valid_to__isnull=True)


def four_good_assessments(scheme: RecognitionScheme, org: Organization, year: int):
    return (
        SchemeAssessment.objects.filter(scheme=scheme, year=year, enrolment__isnull=True)
        .filter(subtree_filter(org.path, "organization__path"))
        .select_related("organization")
        .order_by("organization__path")
    )


def schemes_covering(org: Organization):
    prefixes = ancestor_paths(org.path)
    return RecognitionScheme.objects.filter(
        Q(organization__path__in=prefixes) | subtree_filter(org.path, "organization__path")
    ).select_related("organization")


BAR_HEIGHT, BAR_GAP = 10, 4


def chart(rows: list[ProgressRow]) -> dict:
    """Bar positions for the server-rendered SVG progress chart (viewBox 100 wide; one bar per row)."""
    bars = [
        {"row": row, "y": i * (BAR_HEIGHT + BAR_GAP), "y2": i * (BAR_HEIGHT + BAR_GAP) + BAR_HEIGHT}
        for i, row in enumerate(rows)
    ]
    return {"bars": bars, "height": max(len(rows) * (BAR_HEIGHT + BAR_GAP) - BAR_GAP, BAR_HEIGHT)}


@dataclass(frozen=True)
class ChildProgress:
    org: Organization
    base: ProgressRow
    cell: ProgressRow


def model_cell_progress_by_child(scheme: RecognitionScheme, org: Organization) -> list[ChildProgress]:
    """For each organisation directly under `org`: its cells by level against the scheme's targets (one query)."""

    children = list(Organization.objects.children_of(org).filter(valid_to__isnull=True).order_by("path"))
    if not children:
        return []
    in_scheme = Q(model_cell_enrolments__scheme=scheme)
    active = ~Q(model_cell_enrolments__stage__in=[EnrolmentStage.LAPSED, EnrolmentStage.WITHDRAWN])
    rows = (
        Organization.objects.filter(subtree_filter(org.path), kind__in=CELL_KINDS, valid_to__isnull=True)
        .annotate(prefix=child_path_expr(org))
        .values("prefix", "kind")
        .annotate(
            total=Count("pk", distinct=True),
            registered=Count("model_cell_enrolments", filter=in_scheme & active, distinct=True),
            recognised=Count(
                "model_cell_enrolments",
                filter=in_scheme & Q(model_cell_enrolments__stage=EnrolmentStage.RECOGNISED),
                distinct=True,
            ),
        )
        .order_by()
    )
    table = {(r["prefix"], r["kind"]): r for r in rows}
    empty = {"total": 0, "registered": 0, "recognised": 0}
    out = []
    for child in children:
        b = table.get((child.path, OrgKind.BASE_CELL), empty)
        c = table.get((child.path, OrgKind.CELL), empty)
        if not b["total"] and not c["total"]:
            continue
        out.append(
            ChildProgress(
                child,
                ProgressRow(child.name, b["total"], b["registered"], b["recognised"], scheme.target_base_cell_percent),
                ProgressRow(child.name, c["total"], c["registered"], c["recognised"], scheme.target_cell_percent),
            )
        )
    return out


def four_good_progress(scheme: RecognitionScheme, org: Organization, year: int) -> list[ProgressRow]:
    """Bốn tốt in `year`: organisations assessed (as "registered") and recognised, per level, against the scheme's
    targets (chi bộ cơ sở, chi bộ trực thuộc; đảng bộ cơ sở without a target)."""
    from .services.recognition import FOUR_GOOD_KINDS

    orgs = Organization.objects.filter(subtree_filter(org.path), kind__in=FOUR_GOOD_KINDS, valid_to__isnull=True)
    this_year = Q(scheme_assessments__scheme=scheme, scheme_assessments__year=year, scheme_assessments__enrolment=None)
    counts = {
        r["kind"]: r
        for r in orgs.values("kind")
        .annotate(
            total=Count("pk", distinct=True),
            assessed=Count("scheme_assessments", filter=this_year, distinct=True),
            recognised=Count(
                "scheme_assessments",
                filter=this_year & Q(scheme_assessments__recognised_on__isnull=False),
                distinct=True,
            ),
        )
        .order_by()
    }
    targets = {
        OrgKind.BASE_CELL: scheme.target_base_cell_percent,
        OrgKind.CELL: scheme.target_cell_percent,
        OrgKind.BASE_COMMITTEE: None,
    }
    rows = []
    for kind in (OrgKind.BASE_CELL, OrgKind.CELL, OrgKind.BASE_COMMITTEE):
        r = counts.get(kind)
        if r:
            rows.append(ProgressRow(OrgKind(kind).label, r["total"], r["assessed"], r["recognised"], targets[kind]))
    return rows
