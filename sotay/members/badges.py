"""Party badges (Huy hiệu Đảng, docs/rules/party-age-and-badges.md#mốc-huy-hiệu-đảng): milestones, eligibility, the
candidates of an occasion, the award.

The milestones and early-award windows are versioned rule data kept here, keyed by the guidance that set them.
They belong in `sotay.rules` (one `Rule` row per key and version, read with `rule_value`); move them there when the
rules app adds list-valued badge rules, and keep `badge_rules(on)` as the one place that reads them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Collection
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.utils.translation import gettext as _

from sotay.audit.log import actor as _user
from sotay.audit.log import log
from sotay.audit.models import AuditAction
from sotay.lib.dates import add_months
from sotay.lib.vntext import nfc
from sotay.orgs import policy
from sotay.orgs.actor import Actor
from sotay.orgs.models import Organization

from .choices import ACTIVE_STATUSES, MemberStatus
from .models import Badge, Member, MemberChange
from .party_age import PartyAge, date_reaching, party_age
from .querysets import PARTY_SINCE


@dataclass(frozen=True)
class BadgeRules:
    """One version of the badge rules: milestones (years of Party age) and how early a badge may be given."""

    document: str
    clause: str
    effective_from: dt.date
    milestones: tuple[int, ...]
    # (lowest milestone, highest milestone, months early) for seriously ill members
    ill_early: tuple[tuple[int, int, int], ...]
    posthumous_early_months: int
    note: str = ""
    # The award occasions (day, month) and the text that confirms them.
    occasions: tuple[tuple[int, int], ...] = ()
    occasions_source: str = ""

    @property
    def reference(self) -> str:
        return f"{self.document} {self.clause}".strip()

    def ill_early_months(self, years: int) -> int:
        return next((months for low, high, months in self.ill_early if low <= years <= high), 0)

    def next_occasion(self, on: dt.date) -> dt.date | None:
        """The first award occasion on or after `on`."""
        days = sorted(dt.date(year, month, day) for year in (on.year, on.year + 1) for day, month in self.occasions)
        return next((day for day in days if day >= on), None)

    @property
    def occasion_labels(self) -> str:
        return ", ".join(f"{day}/{month}" for day, month in self.occasions)


_MILESTONES = (30, 40, 45, 50, 55, 60, 65, 70, 75, 80, 85, 90)
_ILL_EARLY = ((30, 65, 12), (70, 90, 24))
# 01-HD/TW (28/9/2021) §18: badges are awarded on 3/2, 19/5, 2/9 and 7/11 (confirmed against the text); other
# occasions happen by decision (e.g. 18/8/2025) and are entered as the award's date.
_OCCASIONS = ((3, 2), (19, 5), (2, 9), (7, 11))
_OCCASIONS_SOURCE = "01-HD/TW §18"

# Newest first. Sources: 01-HD/TW 2021 §18 (milestones, occasions); early awards as reported in 2023.
BADGE_RULES: tuple[BadgeRules, ...] = (
    BadgeRules(
        "06-HD/TW",
        "(09/6/2025)",
        dt.date(2025, 6, 9),
        _MILESTONES,
        _ILL_EARLY,
        12,
        "Milestones and early windows assumed unchanged from 01-HD/TW 2021 §18: the 2025 text is not published in "
        "full. The award occasions are those of 01-HD/TW §18.",
        _OCCASIONS,
        _OCCASIONS_SOURCE,
    ),
    BadgeRules(
        "01-HD/TW",
        "(28/9/2021) §18",
        dt.date(2021, 9, 28),
        _MILESTONES,
        _ILL_EARLY,
        12,
        "",
        _OCCASIONS,
        _OCCASIONS_SOURCE,
    ),
)


class BadgeRulesMissing(LookupError):
    pass


def badge_rules(on: dt.date) -> BadgeRules:
    """The badge rules in force on `on` (the occasion or the award date)."""
    for version in BADGE_RULES:
        if version.effective_from <= on:
            return version
    raise BadgeRulesMissing(_("Chưa có quy định về Huy hiệu Đảng có hiệu lực ngày %(d)s.") % {"d": f"{on:%d/%m/%Y}"})


# Later days an award may not come before, registered by other apps in their `ready()` (sotay.discipline: the
# delay after a sanction, docs/rules/party-age-and-badges.md#lùi-xét-sau-kỷ-luật): (member, day reached) → a later
# day or None.
ELIGIBILITY_DELAYS: list[Callable[[Member, dt.date], dt.date | None]] = []


def eligibility_date(member: Member, years: int) -> dt.date:
    """Decision date + `years` years + the gap days before that day
    (docs/rules/party-age-and-badges.md#ngày-đủ-điều-kiện), pushed back by any registered delay."""
    day = date_reaching(member, years)
    for delay in ELIGIBILITY_DELAYS:
        later = delay(member, day)
        if later is not None and later > day:
            day = later
    return day


@dataclass(frozen=True)
class BadgeCandidate:
    member: Member
    years: int
    eligible_on: dt.date
    party_age: PartyAge  # on the occasion; at death for a posthumous award
    is_early: bool = False
    is_posthumous: bool = False


def _reachable(rules: BadgeRules, latest: dt.date, window: Callable[[int], int]) -> Q:
    """A loose database filter: the member's next milestone can fall on or before `latest` + its window.

    Gaps only delay a milestone, so `party_since` + N years ≤ that day is necessary; the exact check is in Python.
    """
    query = Q(pk__in=[])
    previous = 0
    for years in rules.milestones:
        bound = add_months(latest, window(years) - 12 * years) + dt.timedelta(days=3)  # slack for 29 February
        query |= Q(top_held__gte=previous, top_held__lt=years, party_since__lte=bound)
        previous = years
    return query


def _highest_reached(member: Member, rules: BadgeRules, top_held: int, by: dt.date) -> tuple[int, dt.date] | None:
    best = None
    for years in rules.milestones:
        if years <= top_held:
            continue
        day = eligibility_date(member, years)
        if day > by:
            break
        best = (years, day)
    return best


def badge_candidates(
    org: Organization,
    occasion_on: dt.date,
    *,
    include_early: bool = False,
    ill_member_ids: Collection[int] = (),
) -> list[BadgeCandidate]:
    """Members of `org`'s subtree due a badge on `occasion_on`, in cell and name order.

    Each member appears once, for the highest milestone reached by the occasion above every badge held. With
    `include_early`: members in `ill_member_ids` (seriously ill, decided per request) not yet due, whose next
    milestone falls within the early window; and deceased members (whenever they died, before the occasion) for the
    highest milestone not yet awarded that they reached, or would have reached within the posthumous window (12
    months, 01-HD/TW §18) after their death. The 12 months are how far ahead of the milestone a posthumous award may
    come, not a limit on how long ago the death was.
    """
    rules = badge_rules(occasion_on)
    top_held = Subquery(
        Badge.objects.filter(member=OuterRef("pk")).values("member").annotate(top=Max("years")).values("top")[:1]
    )
    members = Member.objects.in_subtree(org).annotate(party_since=PARTY_SINCE, top_held=Coalesce(top_held, 0))
    active = Q(status__in=ACTIVE_STATUSES)
    wanted = active & _reachable(rules, occasion_on, lambda years: 0)
    ill = {int(pk) for pk in ill_member_ids}
    if include_early:
        if ill:
            wanted |= active & Q(pk__in=ill) & _reachable(rules, occasion_on, rules.ill_early_months)
        wanted |= Q(status=MemberStatus.DECEASED, status_changed_on__lte=occasion_on) & _reachable(
            rules, occasion_on, lambda years: rules.posthumous_early_months
        )
    rows = (
        members.filter(wanted)
        .select_related("organization")
        .prefetch_related("party_age_gaps")
        .order_by("organization__path", "name_sort_key", "pk")
    )
    candidates: list[BadgeCandidate] = []
    for member in rows:
        if member.status == MemberStatus.DECEASED:
            died_on = member.status_changed_on
            assert died_on is not None
            found = _highest_reached(member, rules, member.top_held, add_months(died_on, rules.posthumous_early_months))
            if found:
                years, day = found
                age = party_age(member, died_on)
                candidates.append(BadgeCandidate(member, years, day, age, is_early=day > died_on, is_posthumous=True))
            continue
        found = _highest_reached(member, rules, member.top_held, occasion_on)
        if found:
            candidates.append(BadgeCandidate(member, found[0], found[1], party_age(member, occasion_on)))
        elif include_early and member.pk in ill:
            early = _next_within_ill_window(member, rules, member.top_held, occasion_on)
            if early:
                years, day = early
                candidates.append(BadgeCandidate(member, years, day, party_age(member, occasion_on), is_early=True))
    return candidates


def _next_within_ill_window(
    member: Member, rules: BadgeRules, top_held: int, occasion_on: dt.date
) -> tuple[int, dt.date] | None:
    nxt = next((years for years in rules.milestones if years > top_held), None)
    if nxt is None:
        return None
    day = eligibility_date(member, nxt)
    return (nxt, day) if day <= add_months(occasion_on, rules.ill_early_months(nxt)) else None


def next_milestone(member: Member, on: dt.date) -> tuple[int, dt.date] | None:
    """For the profile: the highest milestone already reached and not yet awarded (due now), else the next one
    above every badge held, with the day it is reached; None if none."""
    try:
        rules = badge_rules(on)
    except BadgeRulesMissing:
        return None
    held = max((b.years for b in member.badges.all()), default=0)
    ahead = [(years, eligibility_date(member, years)) for years in rules.milestones if years > held]
    reached = [pair for pair in ahead if pair[1] <= on]
    if reached:  # already due: the highest milestone reached is the one to propose
        return reached[-1]
    return ahead[0] if ahead else None


def _check_eligibility(
    member: Member, rules: BadgeRules, years: int, awarded_on: dt.date, *, early: bool, posthumous: bool
) -> tuple[dict[str, str], dt.date]:
    """Errors for a milestone not reached (outside the allowed window), and the eligibility date."""
    day = eligibility_date(member, years)
    fmt = {"y": years, "d": f"{day:%d/%m/%Y}"}
    if posthumous:
        died_on = member.status_changed_on
        if died_on is None:
            return {"posthumous": _("Chưa ghi ngày từ trần của đảng viên.")}, day
        if awarded_on < died_on:
            return {"awarded_on": _("Ngày truy tặng phải sau ngày từ trần.")}, day
        months = rules.posthumous_early_months
        if day > add_months(died_on, months):
            return {
                "years": _(
                    "Chỉ truy tặng khi đảng viên từ trần không quá %(m)s tháng trước ngày đủ %(y)s năm tuổi Đảng "
                    "(ngày đủ: %(d)s)."
                )
                % {**fmt, "m": months}
            }, day
        return {}, day
    if day <= awarded_on:
        return {}, day
    months = rules.ill_early_months(years)
    if not early:
        return {
            "years": _(
                "Đến %(d)s đảng viên mới đủ %(y)s năm tuổi Đảng. "
                "Chỉ tặng sớm cho đảng viên ốm nặng (đánh dấu tặng sớm)."
            )
            % fmt
        }, day
    if day > add_months(awarded_on, months):
        return {
            "years": _("Chỉ được tặng sớm tối đa %(m)s tháng; đến %(d)s đảng viên mới đủ %(y)s năm tuổi Đảng.")
            % {**fmt, "m": months}
        }, day
    return {}, day


@transaction.atomic
def award_badge(
    *,
    member: Member,
    years: int,
    awarded_on: dt.date,
    badge_number: str,
    occasion: str,
    decision_number: str,
    actor: Actor,
    early: bool = False,
    posthumous: bool = False,
) -> Badge:
    """Award the badge for `years` of Party age (docs/rules/party-age-and-badges.md#tặng-sớm-và-truy-tặng): early only
    for seriously ill members (`early`), posthumously only for deceased members (`posthumous`), each within its
    window."""
    actor.require(policy.CHANGE_MEMBERS, member.organization)
    member = Member.objects.select_for_update().select_related("organization").get(pk=member.pk)
    try:
        rules = badge_rules(awarded_on)
    except BadgeRulesMissing as exc:
        raise ValidationError({"awarded_on": str(exc)}) from None
    number = nfc(badge_number or "").strip()
    decision_number, occasion = nfc(decision_number or "").strip(), nfc(occasion or "").strip()
    errors: dict[str, str] = {}
    if years not in rules.milestones:
        errors["years"] = _("Không có mốc Huy hiệu %(y)s năm tuổi Đảng (các mốc: %(l)s).") % {
            "y": years,
            "l": ", ".join(str(m) for m in rules.milestones),
        }
    held = member.badges.filter(years=years).first()
    if held is not None:
        errors["years"] = _("Đảng viên đã được tặng Huy hiệu %(y)s năm tuổi Đảng ngày %(d)s.") % {
            "y": years,
            "d": f"{held.awarded_on:%d/%m/%Y}",
        }
    if not number:
        errors["badge_number"] = _("Cần ghi số Huy hiệu.")
    elif Badge.objects.filter(badge_number=number).exists():
        errors["badge_number"] = _("Số Huy hiệu “%(n)s” đã được cấp.") % {"n": number}
    if not decision_number:
        errors["decision_number"] = _("Cần ghi số quyết định tặng Huy hiệu.")
    if early and posthumous:
        errors["early"] = _("Chọn tặng sớm (ốm nặng) hoặc truy tặng, không chọn cả hai.")
    elif posthumous and member.status != MemberStatus.DECEASED:
        errors["posthumous"] = _("Chỉ truy tặng cho đảng viên đã từ trần.")
    elif member.status == MemberStatus.DECEASED and not posthumous:
        errors["posthumous"] = _("Đảng viên đã từ trần: chỉ có thể truy tặng.")
    elif member.status not in (*ACTIVE_STATUSES, MemberStatus.DECEASED):
        errors["member"] = _("Chỉ tặng Huy hiệu cho đảng viên đang sinh hoạt (hiện: %(s)s).") % {
            "s": member.get_status_display()
        }
    day = None
    if not errors:
        reach_errors, day = _check_eligibility(member, rules, years, awarded_on, early=early, posthumous=posthumous)
        errors.update(reach_errors)
    if errors:
        raise ValidationError(errors)
    assert day is not None
    reference_day = member.status_changed_on if posthumous else awarded_on
    assert reference_day is not None
    badge = Badge.objects.create(
        member=member,
        years=years,
        badge_number=number,
        awarded_on=awarded_on,
        occasion=occasion,
        is_early=day > reference_day,
        is_posthumous=posthumous,
        decision_number=decision_number,
        rule_reference=rules.reference,
    )
    MemberChange.objects.create(
        member=member,
        by=_user(actor),
        kind=MemberChange.Kind.BADGE,
        changes={"badge_years": [None, years], "badge_number": [None, number]},
        decision_number=decision_number,
        decision_on=awarded_on,
    )
    log(
        AuditAction.CREATE,
        badge,
        by=actor,
        organization=member.organization,
        data={
            "member": member.pk,
            "years": years,
            "badge_number": number,
            "awarded_on": awarded_on.isoformat(),
            "eligible_on": day.isoformat(),
            "is_early": badge.is_early,
            "is_posthumous": posthumous,
            "rule": rules.reference,
        },
    )
    return badge
