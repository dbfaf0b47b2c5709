"""The screening report (sàng lọc, docs/rules/discipline.md#sàng-lọc-đảng-viên): members of a subtree who may no longer
qualify in a year, each with the evidence and the decision taken. A list for the committee, never an action.

Grounds, each read from where it is kept:
- ≥ 3 unexcused absences from regular meetings, or ≥ 3 dues months unpaid (`meetings.stats.xoa_ten_flags`);
- KHTNV two years running (`evaluation.selectors.two_years_not_completed`);
- a disciplinary decision in force decided in the year;
- a probationary member not recognised `discipline.probation_overdue_days` days after the end of probation.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from sotay.evaluation.selectors import two_years_not_completed
from sotay.lib.dates import add_months
from sotay.meetings.stats import xoa_ten_flags
from sotay.members.choices import ACTIVE_STATUSES, MemberStatus
from sotay.members.models import Member
from sotay.orgs.models import Organization

from . import conf
from .models import Discipline, ScreeningDecision


class Ground:
    ABSENCE_OR_DUES = "ABSENCE_OR_DUES"
    KHTNV_TWO_YEARS = "KHTNV_TWO_YEARS"
    DISCIPLINED = "DISCIPLINED"
    PROBATION_OVERDUE = "PROBATION_OVERDUE"


@dataclass
class ScreeningLine:
    member: Member
    grounds: list[tuple[str, str]] = field(default_factory=list)  # (code, evidence in Vietnamese)
    decision: ScreeningDecision | None = None

    @property
    def codes(self) -> list[str]:
        return [code for code, _evidence in self.grounds]


def screening_report(org: Organization, year: int, *, on: dt.date) -> list[ScreeningLine]:
    """One line per member of `org`'s subtree flagged on some ground in `year` (or already decided on), in the order of
    the Vietnamese alphabet by given name."""
    lines: dict[int, ScreeningLine] = {}

    def line(member: Member) -> ScreeningLine:
        return lines.setdefault(member.pk, ScreeningLine(member))

    for flag in xoa_ten_flags(org, year, on=on):
        parts = []
        if flag.unexcused:
            parts.append(_("vắng không lý do %(n)s buổi sinh hoạt") % {"n": flag.unexcused})
        if flag.dues_unpaid:
            parts.append(_("từ 3 tháng đảng phí trở lên chưa đóng"))
        line(flag.member).grounds.append((Ground.ABSENCE_OR_DUES, "; ".join(parts)))
    for member in two_years_not_completed(org, year):
        line(member).grounds.append(
            (Ground.KHTNV_TWO_YEARS, _("không hoàn thành nhiệm vụ năm %(a)s và %(b)s") % {"a": year - 1, "b": year})
        )
    disciplines = (
        Discipline.objects.in_force()
        .filter(member__in=Member.objects.in_subtree(org), decided_on__year=year)
        .select_related("member__organization", "deciding_body")
        .order_by("decided_on", "pk")
    )
    for d in disciplines:
        line(d.member).grounds.append(
            (
                Ground.DISCIPLINED,
                _("kỷ luật %(k)s, QĐ %(n)s ngày %(d)s (%(b)s)")
                % {
                    "k": d.get_kind_display().lower(),
                    "n": d.decision_number,
                    "d": f"{d.decided_on:%d/%m/%Y}",
                    "b": d.deciding_body.name,
                },
            )
        )
    days = int(conf.setting("discipline.probation_overdue_days", on))
    # Probation lasts 12 months under every rule version kept; the exact end is checked per member.
    latest_join = add_months(on - dt.timedelta(days=days), -12)
    for member in (
        Member.objects.in_subtree(org)
        .filter(status=MemberStatus.PROBATIONARY, joined_on__lte=latest_join + dt.timedelta(days=31))
        .select_related("organization")
    ):
        ends = member.probation_ends_on
        if ends + dt.timedelta(days=days) < on:
            line(member).grounds.append(
                (
                    Ground.PROBATION_OVERDUE,
                    _("hết dự bị ngày %(d)s, quá %(n)s ngày chưa được công nhận chính thức")
                    % {"d": f"{ends:%d/%m/%Y}", "n": days},
                )
            )
    decided = ScreeningDecision.objects.filter(member__in=Member.objects.in_subtree(org), year=year).select_related(
        "member__organization"
    )
    for decision in decided:
        entry = line(decision.member)
        entry.decision = decision
        if not entry.grounds:
            entry.grounds = [(code, text) for code, text in decision.grounds]
    return sorted(lines.values(), key=lambda x: (x.member.name_sort_key, x.member.pk))


def active_in(line: ScreeningLine) -> bool:
    return line.member.status in ACTIVE_STATUSES
