"""Demo data for congresses: a term of cell congresses in the demo secretary's commune, in progress (some held,
some late, some on track), and the commune's own congress, held, with a full election: two rounds, a nominee from
the floor, one invalid ballot, and a vacancy filled in round 2 (approved by the province, which gives the elected
who have accounts their committee role)."""

from __future__ import annotations

import datetime as dt
import random

from django.utils import timezone

from sotay.accounts.models import User
from sotay.orgs.actor import Actor
from sotay.orgs.models import CELL_KINDS, Organization, subtree_filter

SEED = 16
CELLS = 12
# Days before (negative) or after the congress each step is due (staff set these; the template leaves them blank).
OFFSETS = {
    "KH": -60,
    "BCCT": -40,
    "BCKD": -40,
    "GYVK": -30,
    "NS": -30,
    "TD": -20,
    "TT": -10,
    "DH": 0,
    "NQ": 5,
    "CY": 15,
}


def add_demo_congresses(today: dt.date | None = None) -> int:
    """The plan, the cells' congresses and the commune's held congress; returns the congresses created."""
    from sotay.congresses import services
    from sotay.congresses.models import CongressKind, PlanStep, StepStatus
    from sotay.members.choices import MemberStatus
    from sotay.members.models import Member

    secretary = User.objects.filter(username="chibo").select_related("member").first()
    if secretary is None or secretary.member is None:
        return 0
    today = today or timezone.localdate()
    rng = random.Random(SEED)
    actor = Actor.system("demo")
    home = secretary.member.organization
    commune = Organization.objects.get_parent(home)
    province = Organization.objects.get(path=home.path[: Organization.steplen])
    term = f"{today.year}–{today.year + 5}"
    # Ban Tổ chức issues the plan for every cell of the province; the demo commune's cells come first.
    plan = services.issue_plan(
        actor=actor,
        organization=province,
        title=f"Đại hội chi bộ trực thuộc nhiệm kỳ {term}",
        term_label=term,
        target_kinds=sorted(CELL_KINDS),
    )
    for step in plan.steps.all():
        PlanStep.objects.filter(pk=step.pk).update(offset_days=OFFSETS.get(step.code))
    active_cells = Organization.objects.filter(kind__in=CELL_KINDS, valid_to__isnull=True)
    cells = [home] + list(active_cells.filter(subtree_filter(commune.path)).exclude(pk=home.pk).order_by("path"))
    cells += list(
        active_cells.filter(subtree_filter(province.path)).exclude(pk__in=[c.pk for c in cells]).order_by("path")
    )
    created = 0
    for index, cell in enumerate(cells[:CELLS]):
        summoned = Member.objects.filter(organization=cell, status=MemberStatus.OFFICIAL).count()
        # Every other cell has held its congress; of the others, every second one is behind on its steps (the
        # demo secretary's own cell among them) and the rest are on track.
        held = index % 2 == 1
        behind = not held and index % 4 == 0
        on = today - dt.timedelta(days=10 + 4 * index) if held else today + dt.timedelta(days=10 + 3 * index)
        congress = services.open_congress(
            actor=actor, organization=cell, term_label=term, planned_on=on, summoned=summoned, plan=plan
        )
        created += 1
        if held:
            services.update_congress(actor=actor, congress=congress, held_on=on)
        for progress in congress.progress.select_related("step"):
            due = progress.deadline()
            if due is None or due >= today:
                continue
            if behind and rng.random() < 0.7:
                continue  # left undone: late
            services.record_step(actor=actor, progress=progress, status=StepStatus.DONE, done_on=min(due, today))
    created += _commune_congress(
        _commune_for_election(commune, province), actor, today, term, rng, CongressKind.DELEGATES
    )
    return created


def _commune_for_election(commune, province):
    """The demo commune, or (when it is too small for a seven-seat committee) the commune with most members."""
    from sotay.orgs.models import OrgKind

    def free_members(org) -> int:
        from sotay.members.models import Member

        return Member.objects.filter(
            organization__path__startswith=org.path, status="OFFICIAL", user__isnull=True
        ).count()

    if free_members(commune) >= 9:
        return commune  # the demo secretary's commune when it is big enough
    communes = Organization.objects.filter(
        subtree_filter(province.path), kind=OrgKind.COMMUNE_COMMITTEE, valid_to__isnull=True
    ).order_by("path")
    return max(communes, key=free_members, default=commune)


def _commune_congress(commune, actor, today, term, rng, kind) -> int:
    from sotay.congresses import services
    from sotay.congresses.models import Body, CandidateSource, HandVote
    from sotay.members.choices import MemberStatus
    from sotay.members.models import Member

    held_on = today - dt.timedelta(days=20)
    congress = services.open_congress(
        actor=actor,
        organization=commune,
        term_label=term,
        planned_on=held_on,
        summoned=40,
        kind=kind,
        reference_on=held_on.replace(day=1),
    )
    services.update_congress(
        actor=actor, congress=congress, held_on=held_on, committee_size=7, standing_size=3, deputy_secretaries=1
    )
    services.record_hand_vote(
        actor=actor,
        congress=congress,
        organ=HandVote.Organ.PRESIDIUM,
        names="Đoàn chủ tịch gồm 3 đồng chí",
        present=39,
        in_favour=39,
    )
    people = list(
        # Members without an account: the approval then grants no demo login a new role.
        Member.objects.filter(
            organization__path__startswith=commune.path, status=MemberStatus.OFFICIAL, user__isnull=True
        ).order_by("pk")[:9]
    )
    # A small demo commune: the list is completed with names only (people who are not in the registry here).
    extra = [
        "Nguyễn Thị Thu Hà",
        "Trần Văn Khánh",
        "Lê Thị Mai",
        "Phạm Văn Nam",
        "Đặng Thị Oanh",
        "Vũ Văn Phúc",
        "Hoàng Thị Quyên",
        "Bùi Văn Sơn",
        "Đỗ Thị Trang",
    ]
    names = [m.full_name for m in people] + [n for n in extra if n not in {m.full_name for m in people}]
    election = services.create_election(
        actor=actor,
        organization=commune,
        congress=congress,
        body=Body.COMMITTEE,
        seats=7,
        held_on=held_on,
        summoned=40,
        excluded={"absent_approved": 1},
        present=39,
        counting_committee=names[:3],
    )
    first = election.rounds.get()
    members = {m.full_name: m for m in people}
    candidates = [
        services.add_candidate(actor=actor, round_=first, full_name=n, member=members.get(n)) for n in names[:8]
    ]
    candidates.append(
        services.add_candidate(
            actor=actor,
            round_=first,
            full_name=names[8],
            member=members.get(names[8]),
            source=CandidateSource.FLOOR,
            approvals=15,
        )
    )
    # Base 39, threshold 20: six pass it, the seventh seat stays vacant.
    wanted = [36, 34, 33, 31, 28, 25, 15, 12, 9]
    order = list(range(9))
    rng.shuffle(order)  # the votes do not follow the alphabetical list
    ballots: list[list[int]] = [[] for _ in range(37)]
    for slot, votes in zip(order, wanted, strict=True):
        chosen = sorted(range(37), key=lambda b: (len(ballots[b]), rng.random()))[:votes]
        for b in chosen:
            ballots[b].append(candidates[slot].pk)
    for kept in ballots:
        services.enter_ballot(actor=actor, round_=first, kept_ids=kept)
    services.enter_ballot(actor=actor, round_=first, kept_ids=[c.pk for c in candidates[:8]])  # 8 names: invalid
    result = services.close_ballot_count(actor=actor, round_=first, issued=38)
    names = [c.name for c in result.candidates if c.name not in result.elected][:2]
    second = services.open_next_round(actor=actor, election=election, names=names)
    by_name = {c.full_name: c for c in second.candidates.all()}
    services.record_totals(
        actor=actor,
        round_=second,
        issued=38,
        returned=38,
        valid=38,
        invalid=0,
        votes={by_name[names[0]].pk: 27, by_name[names[1]].pk: 11},
    )
    services.approve_election(
        actor=actor,
        election=election,
        decision="125-QĐ/TU",
        approved_on=held_on + dt.timedelta(days=7),
        term_starts_on=held_on + dt.timedelta(days=7),
    )
    return 1
