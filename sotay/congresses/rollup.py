"""The committee's roll-up of congress preparation for a subtree: counts by step, organisations behind, the
children to drill into, the XLSX sheet; and the personnel plan's figures. Read-only."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from sotay.lib.xlsx import Column, xlsx_bytes
from sotay.orgs.models import Organization, path_within, subtree_filter

from .models import Body, Congress, Election, Method, StepProgress, StepStatus
from .services import surplus_findings


@dataclass
class StepRow:
    code: str
    title: str
    done: int = 0
    in_progress: int = 0
    not_started: int = 0
    late: int = 0

    @property
    def total(self) -> int:
        return self.done + self.in_progress + self.not_started

    @property
    def done_percent(self) -> int:
        return round(self.done * 100 / self.total) if self.total else 0


@dataclass
class Behind:
    congress: Congress
    late_steps: list[StepProgress]


@dataclass
class ChildRow:
    org: Organization
    planned: int = 0
    held: int = 0
    late: int = 0


@dataclass
class Rollup:
    org: Organization
    term: str
    terms: list[str]
    planned: int = 0
    held: int = 0
    late: int = 0
    steps: list[StepRow] = field(default_factory=list)
    behind: list[Behind] = field(default_factory=list)
    children: list[ChildRow] = field(default_factory=list)


def terms_in(org: Organization) -> list[str]:
    rows = Congress.objects.filter(subtree_filter(org.path, "organization__path")).values_list("term_label", flat=True)
    return sorted(set(rows), reverse=True)


def rollup(org: Organization, term: str = "", today: dt.date | None = None) -> Rollup:
    today = today or timezone.localdate()
    terms = terms_in(org)
    term = term if term in terms else (terms[0] if terms else "")
    congresses = list(
        Congress.objects.filter(subtree_filter(org.path, "organization__path"), term_label=term)
        .exclude(organization=org)
        .select_related("organization")
        .order_by("organization__path")
    )
    progress = (
        StepProgress.objects.filter(congress__in=congresses)
        .select_related("step", "congress")
        .order_by("congress_id", "step__order")
    )
    by_congress: dict[int, list[StepProgress]] = {}
    steps: dict[str, StepRow] = {}
    for p in progress:
        by_congress.setdefault(p.congress_id, []).append(p)
        row = steps.setdefault(p.step.code, StepRow(p.step.code, p.step.title))
        if p.status == StepStatus.DONE:
            row.done += 1
        elif p.status == StepStatus.IN_PROGRESS:
            row.in_progress += 1
        else:
            row.not_started += 1
        if p.is_late(today):
            row.late += 1
    result = Rollup(org=org, term=term, terms=terms, steps=list(steps.values()))
    children = {c.pk: ChildRow(c) for c in Organization.objects.children_of(org).order_by("path")}
    child_paths = sorted(((c.org.path, pk) for pk, c in children.items()), reverse=True)
    for congress in congresses:
        late = [p for p in by_congress.get(congress.pk, []) if p.is_late(today)]
        child = next((children[pk] for path, pk in child_paths if path_within(congress.organization.path, path)), None)
        if congress.is_held:
            result.held += 1
        else:
            result.planned += 1
        if late:
            result.late += 1
            result.behind.append(Behind(congress, late))
        if child is not None:
            child.held += congress.is_held
            child.planned += not congress.is_held
            child.late += bool(late)
    result.children = [c for c in children.values() if c.planned or c.held]
    return result


def rollup_xlsx(data: Rollup) -> tuple[bytes, int]:
    columns = [
        Column(_("Tổ chức đảng"), 40),
        Column(_("Nhiệm kỳ"), 12),
        Column(_("Hình thức"), 18),
        Column(_("Ngày dự kiến"), 14),
        Column(_("Ngày tổ chức"), 14),
        Column(_("Số được triệu tập"), 12),
        Column(_("Bước chậm"), 40),
    ]
    late_by = {b.congress.pk: b.late_steps for b in data.behind}
    congresses = (
        Congress.objects.filter(subtree_filter(data.org.path, "organization__path"), term_label=data.term)
        .exclude(organization=data.org)
        .select_related("organization")
        .order_by("organization__path")
    )
    rows = [
        [
            c.organization.name,
            c.term_label,
            c.get_kind_display(),
            f"{c.planned_on:%d/%m/%Y}" if c.planned_on else "",
            f"{c.held_on:%d/%m/%Y}" if c.held_on else "",
            c.summoned,
            "; ".join(
                _("%(code)s (hạn %(due)s)") % {"code": p.step.code, "due": f"{p.deadline():%d/%m/%Y}"}
                for p in late_by.get(c.pk, [])
            ),
        ]
        for c in congresses
    ]
    content = xlsx_bytes(
        columns=columns,
        rows=rows,
        sheet_title=_("Đại hội"),
        document_title=_("Tiến độ đại hội nhiệm kỳ %(term)s — %(org)s") % {"term": data.term, "org": data.org.name},
    )
    return content, len(rows)


# -- the personnel plan ------------------------------------------------------------------------------------------

TARGET_LABELS = {
    "women": gettext_lazy("Nữ"),
    "under_40": gettext_lazy("Dưới 40 tuổi"),
    "ethnic": gettext_lazy("Người dân tộc thiểu số"),
    "reelected": gettext_lazy("Tái cử"),
}


@dataclass
class PersonRow:
    name: str
    member: object | None
    age: int | None
    party_age: int | None
    education: str
    theory: str
    women: bool
    under_40: bool
    ethnic: bool
    reelected: bool
    elected: bool | None = None  # None until a round is counted
    round_number: int = 1  # the round whose list first carried the name


@dataclass
class Personnel:
    reference_on: dt.date | None
    people: list[PersonRow]
    shares: dict[str, tuple[int, int | None]]  # key -> (percent now, target)
    warnings: list[str]
    counted: bool = False  # shares are of the elected (the final result across rounds), else of the list
    election: Election | None = None


def _person(c, ref: dt.date, sitting: set[int], round_number: int) -> PersonRow:
    m = c.member
    education = ""
    if m:
        education = ", ".join(
            x for x in (m.get_general_education_display(), m.get_professional_education_display()) if x
        )
    return PersonRow(
        name=c.full_name,
        member=m,
        age=m.age(ref) if m else None,
        party_age=m.party_age(ref) if m else None,
        education=education,
        theory=(m.get_political_theory_display() if m and m.political_theory else "") or "",
        women=bool(m and m.gender == "F"),
        under_40=bool(m and m.age(ref) < 40),
        ethnic=bool(m and m.ethnicity != "01"),
        reelected=bool(m and m.pk in sitting),
        round_number=round_number,
    )


def personnel(congress: Congress) -> Personnel:
    """The candidates for the new committee across every round of the committee election (an opinion poll is
    not an election and is left out), their age on the reference date
    (docs/rules/elections-and-congresses.md#mốc-tính-tuổi), Party age, education and theory from the registry.
    Before counting, the structure targets are checked on the list; once rounds are counted, on the elected of
    all rounds (the final result), with a warning for each target not met and for seats still vacant."""
    from sotay.orgs.models import RoleGrant

    from .services import elected_so_far

    ref = congress.reference_on or congress.date or timezone.localdate()
    election = congress.elections.filter(body=Body.COMMITTEE).exclude(method=Method.POLL).order_by("pk").first()
    people: list[PersonRow] = []
    warnings: list[str] = []
    counted = False
    if election is not None:
        sitting = set(
            RoleGrant.objects.active(ref)
            .filter(organization=congress.organization, user__member__isnull=False)
            .values_list("user__member_id", flat=True)
        )
        rounds = list(election.rounds.order_by("number").prefetch_related("candidates__member"))
        seen: set[str] = set()
        for round_ in rounds:
            for c in round_.candidates.all():
                if c.full_name not in seen:
                    seen.add(c.full_name)
                    people.append(_person(c, ref, sitting, round_.number))
        counted = any(r.is_counted for r in rounds)
        if counted:
            elected = {c.full_name for c in elected_so_far(election)}
            for p in people:
                p.elected = p.name in elected
            if len(elected) < election.seats:
                warnings.append(
                    _("Còn thiếu %(n)d trong %(seats)d cấp ủy viên cần bầu.")
                    % {"n": election.seats - len(elected), "seats": election.seats}
                )
        elif rounds:
            warnings += [f.message for f in surplus_findings(rounds[0]) if not f.ok]
    basis = [p for p in people if p.elected] if counted else people
    counts: Counter[str] = Counter()
    for p in basis:
        for key in TARGET_LABELS:
            counts[key] += getattr(p, key)
    shares = {}
    for key, label in TARGET_LABELS.items():
        target = (congress.targets or {}).get(key)
        pct = round(counts[key] * 100 / len(basis)) if basis else 0
        shares[key] = (pct, target)
        if target is not None and basis and pct < target:
            message = (
                _("%(label)s: %(pct)s%% trong số trúng cử, chỉ tiêu %(target)s%% (chỉ tiêu cơ cấu của đại hội).")
                if counted
                else _("%(label)s: %(pct)s%% trong danh sách, chỉ tiêu %(target)s%% (chỉ tiêu cơ cấu của đại hội).")
            )
            warnings.append(message % {"label": label, "pct": pct, "target": target})
    if congress.committee_size and not counted and people and len(people) < congress.committee_size:
        warnings.append(
            _("Danh sách có %(n)d người, ít hơn số lượng cấp ủy viên dự kiến (%(size)d).")
            % {"n": len(people), "size": congress.committee_size}
        )
    return Personnel(
        reference_on=ref, people=people, shares=shares, warnings=warnings, counted=counted, election=election
    )
