"""Party age (tuổi đảng, docs/rules/party-age-and-badges.md#tuổi-đảng): time since the admission decision minus every
period out of Party activity.

The arithmetic works on plain dates so it can be checked without a database:

- Party age runs from the signing date of the admission decision, or from the ceremony date (`joined_on`, the date
  printed on the card) when the decision date is unknown — the same start as `querysets.PARTY_SINCE`.
- A gap (`PartyAgeGap`) covers `start_on`…`end_on`, both days included; a day inside a gap adds nothing.
- On day `on`, the gap days strictly before `on` are left out: the Party age on `on` is the calendar distance from
  the start to `on − gap days`. It never decreases as `on` moves forward.
- The day Party age reaches N years (`date_reaching`) is the start + N years + the gap days before that day, so a
  gap of D days that begins before that day moves it exactly D days later
  (docs/rules/party-age-and-badges.md#ngày-đủ-điều-kiện: "decision date + N years + total gap length").

Years are counted in calendar months as `sotay.lib.dates.add_months` does (29 February + 1 year = 28 February).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sotay.audit.log import actor as _user
from sotay.audit.log import log
from sotay.audit.models import AuditAction
from sotay.lib.dates import add_months
from sotay.lib.vntext import nfc
from sotay.orgs import policy
from sotay.orgs.actor import Actor

if TYPE_CHECKING:
    from .models import Member, PartyAgeGap

ONE_DAY = dt.timedelta(days=1)


class GapLike(Protocol):
    start_on: dt.date
    end_on: dt.date


@dataclass(frozen=True)
class Span:
    start_on: dt.date
    end_on: dt.date  # inclusive

    @property
    def days(self) -> int:
        return (self.end_on - self.start_on).days + 1


@dataclass(frozen=True)
class PartyAge:
    """Party age on a day: completed years, then months and days, and the gap days left out."""

    since: dt.date
    on: dt.date
    gap_days: int
    years: int
    months: int
    days: int

    @property
    def total_months(self) -> int:
        return self.years * 12 + self.months

    def __str__(self) -> str:
        return _("%(y)s năm %(m)s tháng %(d)s ngày") % {"y": self.years, "m": self.months, "d": self.days}


def party_since(member: Member) -> dt.date:
    """Where Party age starts: the admission decision, or the ceremony when the decision date is unknown."""
    return member.admission_decision_on or member.joined_on


def spans(since: dt.date, gaps: Iterable[GapLike]) -> list[Span]:
    """The gaps as sorted, disjoint spans from `since` on (parts before admission are ignored, overlaps merged)."""
    clipped = sorted((max(g.start_on, since), g.end_on) for g in gaps if g.end_on >= since and g.end_on >= g.start_on)
    merged: list[Span] = []
    for start, end in clipped:
        if merged and start <= merged[-1].end_on + ONE_DAY:
            if end > merged[-1].end_on:
                merged[-1] = Span(merged[-1].start_on, end)
        else:
            merged.append(Span(start, end))
    return merged


def gap_days_before(since: dt.date, gaps: Iterable[GapLike], on: dt.date) -> int:
    """Gap days strictly before `on`."""
    total = 0
    for span in spans(since, gaps):
        if span.start_on >= on:
            break
        total += (min(span.end_on, on - ONE_DAY) - span.start_on).days + 1
    return total


def compute_party_age(since: dt.date, on: dt.date, gaps: Iterable[GapLike] = ()) -> PartyAge:
    """Party age on `on` for a membership starting `since` with the given gaps (zero before `since`)."""
    if on <= since:
        return PartyAge(since, on, 0, 0, 0, 0)
    gap_days = gap_days_before(since, gaps, on)
    counted_to = on - dt.timedelta(days=gap_days)
    months = (counted_to.year - since.year) * 12 + counted_to.month - since.month
    if add_months(since, months) > counted_to:
        months -= 1
    days = (counted_to - add_months(since, months)).days
    return PartyAge(since, on, gap_days, months // 12, months % 12, days)


def compute_date_reaching(since: dt.date, years: int, gaps: Iterable[GapLike] = ()) -> dt.date:
    """The first day on which Party age is `years` full years: since + years + the gap days before that day."""
    day = add_months(since, 12 * years)
    for span in spans(since, gaps):
        if span.start_on >= day:
            break
        day += dt.timedelta(days=span.days)
    return day


def _gaps_of(member: Member) -> list[PartyAgeGap]:
    if member.pk is None:
        return []
    return list(member.party_age_gaps.all())  # uses a prefetch when there is one


def party_age(member: Member, on: dt.date | None = None) -> PartyAge:
    """Party age of `member` on `on` (today by default), docs/rules/party-age-and-badges.md#tuổi-đảng."""
    return compute_party_age(party_since(member), on or timezone.localdate(), _gaps_of(member))


def date_reaching(member: Member, years: int) -> dt.date:
    """The day `member` reaches `years` full years of Party age, given the gaps recorded so far."""
    return compute_date_reaching(party_since(member), years, _gaps_of(member))


def refresh_party_age_from(member: Member) -> dt.date | None:
    """Store where Party age would start had it run without a break (`Member.party_age_from`), for SQL filters.

    Empty without gaps. Called whenever a gap is recorded or the decision or ceremony date changes.
    """
    from .models import Member

    since = party_since(member)
    gaps = list(member.party_age_gaps.all().order_by("start_on"))
    value = since + dt.timedelta(days=sum(s.days for s in spans(since, gaps))) if gaps else None
    from . import counts

    with counts.tracking([member.pk]):
        Member.objects.filter(pk=member.pk).update(party_age_from=value)
    member.party_age_from = value
    return value


@transaction.atomic
def record_party_age_gap(
    *,
    member: Member,
    start_on: dt.date,
    end_on: dt.date,
    reason: str,
    decision_number: str = "",
    actor: Actor,
) -> PartyAgeGap:
    """Record a period out of Party activity, left out of Party age
    (docs/rules/party-age-and-badges.md#khoảng-không-sinh-hoạt-đảng)."""
    actor.require(policy.CHANGE_MEMBERS, member.organization)
    from .models import Member, MemberChange, PartyAgeGap

    member = Member.objects.select_for_update().select_related("organization").get(pk=member.pk)
    reason, decision_number = nfc(reason or "").strip(), nfc(decision_number or "").strip()
    errors: dict[str, str] = {}
    since = party_since(member)
    if not reason:
        errors["reason"] = _("Cần ghi lý do không tính tuổi đảng.")
    if end_on < start_on:
        errors["end_on"] = _("Ngày kết thúc phải sau hoặc cùng ngày bắt đầu.")
    if start_on < since:
        errors["start_on"] = _("Thời gian không tính tuổi đảng không thể bắt đầu trước ngày kết nạp (%(d)s).") % {
            "d": f"{since:%d/%m/%Y}"
        }
    elif start_on > timezone.localdate():
        errors["start_on"] = _("Ngày bắt đầu không được sau ngày hôm nay.")
    if end_on > timezone.localdate() and "end_on" not in errors:
        errors["end_on"] = _("Ngày kết thúc không được sau ngày hôm nay; ghi khi thời gian này đã kết thúc.")
    if "end_on" not in errors:
        overlapping = member.party_age_gaps.filter(start_on__lte=end_on, end_on__gte=start_on).first()
        if overlapping is not None:
            errors["start_on"] = _("Trùng với thời gian không tính tuổi đảng đã ghi: %(a)s–%(b)s.") % {
                "a": f"{overlapping.start_on:%d/%m/%Y}",
                "b": f"{overlapping.end_on:%d/%m/%Y}",
            }
    if errors:
        raise ValidationError(errors)
    gap = PartyAgeGap.objects.create(
        member=member, start_on=start_on, end_on=end_on, reason=reason, decision_number=decision_number
    )
    refresh_party_age_from(member)
    period = f"{start_on:%d/%m/%Y}–{end_on:%d/%m/%Y}"
    MemberChange.objects.create(
        member=member,
        by=_user(actor),
        kind=MemberChange.Kind.GAP,
        changes={"party_age_gap": [None, period], "reason": ["", reason]},
        decision_number=decision_number,
    )
    log(
        AuditAction.CREATE,
        gap,
        by=actor,
        organization=member.organization,
        data={
            "member": member.pk,
            "start_on": start_on.isoformat(),
            "end_on": end_on.isoformat(),
            "days": gap.days,
            "decision_number": decision_number,
        },
    )
    return gap
