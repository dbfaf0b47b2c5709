"""What a disciplinary decision does to the other rules (docs/rules/discipline.md#kỷ-luật-và-các-quy-tắc-khác).

- `badge_delay(member, eligible_on)`: the badge eligibility date, pushed back to N months after the decision's
  effective date (6/9/12 months for khiển trách/cảnh cáo/cách chức, as reported for 24-QĐ/TW, cần đối chiếu).
  Registered with `sotay.members.badges.ELIGIBILITY_DELAYS` by this app's `ready()`, so members does not import it.
- `grade_cap(member, year)`: the decision that caps a member's yearly grade at KHTNV (366-QĐ/TW, cần đối chiếu),
  unless the deciding committee allowed otherwise. `sotay.evaluation` calls it in `record_step`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sotay.lib.dates import add_months

from . import conf
from .models import Discipline, Sanction

KHTNV = "KHTNV"


def delayed_until(kind: str, effective_on: dt.date) -> dt.date | None:
    """The first day a badge may be due after a sanction of `kind` taking effect on `effective_on` (None: no delay)."""
    months = conf.badge_delay_months(kind, effective_on)
    return add_months(effective_on, months) if months else None


@dataclass(frozen=True)
class BadgeDelay:
    until: dt.date
    discipline: Discipline

    @property
    def reason(self) -> str:
        from django.utils.translation import gettext as _

        key = f"discipline.badge_delay_months.{self.discipline.kind}"
        return _("Lùi xét Huy hiệu đến %(d)s do kỷ luật %(k)s (QĐ %(n)s, %(src)s, cần đối chiếu).") % {
            "d": f"{self.until:%d/%m/%Y}",
            "k": self.discipline.get_kind_display().lower(),
            "n": self.discipline.decision_number,
            "src": conf.source(key, self.discipline.effective_on),
        }


def badge_delay(member, eligible_on: dt.date) -> BadgeDelay | None:
    """The latest delay a decision in force puts on a milestone reached on `eligible_on`: a decision taking effect
    on or before that day whose delay runs past it. Decisions after the milestone do not take back a date reached."""
    if not getattr(member, "pk", None):
        return None
    found: BadgeDelay | None = None
    # Read once per member object: the badge pages ask for every milestone of every candidate.
    decisions = member.__dict__.get("_badge_delaying_decisions")
    if decisions is None:
        decisions = list(
            Discipline.objects.in_force().filter(
                member_id=member.pk, kind__in=(Sanction.REPRIMAND, Sanction.WARNING, Sanction.REMOVAL)
            )
        )
        member.__dict__["_badge_delaying_decisions"] = decisions
    for decision in decisions:
        if decision.effective_on > eligible_on:
            continue
        until = delayed_until(decision.kind, decision.effective_on)
        if until and until > eligible_on and (found is None or until > found.until):
            found = BadgeDelay(until, decision)
    return found


def delayed_eligibility(member, eligible_on: dt.date) -> dt.date | None:
    """The hook for sotay.members.badges: the later date, or None."""
    delay = badge_delay(member, eligible_on)
    return delay.until if delay else None


def grade_cap(member, year: int) -> Discipline | None:
    """The decision in force, decided in `year`, that makes the member's yearly grade KHTNV — None when there is none,
    when the rule is off, or when the deciding committee allowed a higher grade."""
    if not conf.setting("discipline.khtnv_when_disciplined", dt.date(year, 12, 31)):
        return None
    return (
        Discipline.objects.in_force()
        .filter(member_id=member.pk, decided_on__year=year, grade_override_on__isnull=True)
        .order_by("-decided_on", "-pk")
        .first()
    )


def disciplines_in_year(member, year: int):
    """Every decision in force decided in `year` (shown on the grading step, overridden or not)."""
    return (
        Discipline.objects.in_force().filter(member_id=member.pk, decided_on__year=year).select_related("deciding_body")
    )


def grade_refusal(member, year: int, grade: str) -> str | None:
    """The Vietnamese reason a grade above KHTNV is refused for `year`, or None."""
    from django.utils.translation import gettext as _

    if grade == KHTNV:
        return None
    decision = grade_cap(member, year)
    if decision is None:
        return None
    return _(
        "Đảng viên bị kỷ luật %(k)s trong năm %(y)s (QĐ %(n)s ngày %(d)s của %(b)s): "
        "xếp loại không hoàn thành nhiệm vụ (%(src)s, cần đối chiếu). "
        "Chỉ cấp ủy đã quyết định kỷ luật mới cho phép xếp loại khác."
    ) % {
        "k": decision.get_kind_display().lower(),
        "y": year,
        "n": decision.decision_number,
        "d": f"{decision.decided_on:%d/%m/%Y}",
        "b": decision.deciding_body.name,
        "src": conf.source("discipline.khtnv_when_disciplined", dt.date(year, 12, 31)),
    }
