"""Writes for congresses and elections. Each takes `actor: Actor`, checks its own permission, runs atomically and
writes the audit log (docs/decisions/0005-actor.md). The audit entries use the general verbs with the precise event
in their data ({"event": "election.counted"}), so this app adds no audit migration."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sotay.audit.log import log
from sotay.audit.models import AuditAction
from sotay.core.uploads import check_upload
from sotay.lib.vntext import nfc
from sotay.orgs import policy
from sotay.orgs.actor import Actor
from sotay.orgs.models import CELL_KINDS, Organization, OrgKind, Role, RoleGrant, is_within, subtree_filter

from . import plans, tally
from .models import (
    BallotEntry,
    Body,
    Candidate,
    CandidateSource,
    Congress,
    CongressKind,
    CongressPlan,
    Election,
    ElectionStatus,
    HandVote,
    Method,
    PlanStep,
    Responsible,
    Round,
    StepProgress,
    StepStatus,
)

if TYPE_CHECKING:
    from typing import Any

    from sotay.members.models import Member

MANAGE = policy.MANAGE_CONGRESSES
APPROVE = policy.APPROVE_ELECTIONS


def _refuse(field: str, message: str) -> ValidationError:
    return ValidationError({field: message})


# -- plans and congresses ----------------------------------------------------------------------------------------


@transaction.atomic
def issue_plan(
    *,
    actor: Actor,
    organization: Organization,
    title: str,
    term_label: str,
    target_kinds: Sequence[str] = (),
    steps: Sequence[plans.StepTemplate] = plans.STEPS_2025_2030,
    directive: str = plans.DIRECTIVE_2025,
    delegates_from: int = 300,
) -> CongressPlan:
    """A committee's plan for its subtree's congresses of a term, with the default steps (editable afterwards)."""
    actor.require(APPROVE, organization)
    if not nfc(title).strip():
        raise _refuse("title", _("Cần ghi tên kế hoạch."))
    plan = CongressPlan.objects.create(
        organization=organization,
        title=nfc(title).strip(),
        term_label=nfc(term_label).strip(),
        directive=directive,
        target_kinds=list(target_kinds),
        delegates_from=delegates_from,
    )
    PlanStep.objects.bulk_create(
        PlanStep(
            plan=plan,
            order=i,
            code=s.code,
            title=s.title,
            responsible=s.responsible,
            offset_days=s.offset_days,
            produces=s.produces,
        )
        for i, s in enumerate(steps, start=1)
    )
    log(AuditAction.CREATE, plan, by=actor, organization=organization, data={"event": "congress_plan.issued"})
    return plan


@transaction.atomic
def update_plan_step(
    *,
    actor: Actor,
    step: PlanStep,
    title: str,
    offset_days: int | None,
    fixed_due_on: dt.date | None,
    produces: str = "",
) -> PlanStep:
    """Edit one step of a plan (its due date relative to the congress, or fixed; its title and document)."""
    actor.require(APPROVE, step.plan.organization)
    if not nfc(title).strip():
        raise _refuse("title", _("Cần ghi nội dung bước."))
    if offset_days is not None and fixed_due_on is not None:
        raise _refuse("fixed_due_on", _("Chọn một trong hai: hạn theo ngày đại hội hoặc hạn cố định."))
    step.title, step.offset_days, step.fixed_due_on = nfc(title).strip(), offset_days, fixed_due_on
    step.produces = nfc(produces).strip()
    step.save(update_fields=["title", "offset_days", "fixed_due_on", "produces"])
    log(
        AuditAction.UPDATE,
        step.plan,
        by=actor,
        organization=step.plan.organization,
        data={
            "event": "congress_plan.step",
            "step": step.code,
            "offset_days": offset_days,
            "fixed_due_on": fixed_due_on.isoformat() if fixed_due_on else None,
        },
    )
    return step


@transaction.atomic
def open_congresses_for_plan(*, actor: Actor, plan: CongressPlan, planned_on: dt.date | None = None) -> int:
    """A congress of the plan's term for every active organisation of its kinds in the plan's subtree that has
    none yet (the issuing committee's own congress excepted); returns how many were opened."""
    from sotay.members.choices import MemberStatus
    from sotay.members.models import Member

    actor.require(APPROVE, plan.organization)
    orgs = Organization.objects.filter(subtree_filter(plan.organization.path), valid_to__isnull=True).exclude(
        pk=plan.organization_id
    )
    if plan.target_kinds:
        orgs = orgs.filter(kind__in=plan.target_kinds)
    have = set(Congress.objects.filter(term_label=plan.term_label).values_list("organization_id", flat=True))
    opened = 0
    for org in orgs.order_by("path"):
        if org.pk in have:
            continue
        summoned = Member.objects.filter(
            subtree_filter(org.path, "organization__path"), status=MemberStatus.OFFICIAL
        ).count()
        open_congress(
            actor=actor,
            organization=org,
            term_label=plan.term_label,
            planned_on=planned_on,
            summoned=summoned,
            plan=plan,
        )
        opened += 1
    return opened


def kind_for(summoned: int, plan: CongressPlan | None) -> str:
    """Members' congress below the plan's size threshold, delegates' congress from it (configurable per plan)."""
    limit = plan.delegates_from if plan is not None else 300
    return CongressKind.DELEGATES if summoned >= limit else CongressKind.MEMBERS


@transaction.atomic
def open_congress(
    *,
    actor: Actor,
    organization: Organization,
    term_label: str,
    planned_on: dt.date | None = None,
    summoned: int = 0,
    plan: CongressPlan | None = None,
    kind: str | None = None,
    reference_on: dt.date | None = None,
) -> Congress:
    """An organisation's congress for a term, with one progress row per step of its plan."""
    actor.require(MANAGE, organization)
    if plan is not None and not is_within(organization, plan.organization):
        raise _refuse("plan", _("Kế hoạch này không áp dụng cho tổ chức này."))
    if kind is not None and kind not in CongressKind.values:
        raise _refuse("kind", _("Hình thức đại hội không hợp lệ."))
    congress = Congress.objects.create(
        organization=organization,
        plan=plan,
        term_label=nfc(term_label).strip(),
        planned_on=planned_on,
        summoned=summoned,
        kind=kind or kind_for(summoned, plan),
        reference_on=reference_on,
        targets={"women": None, "under_40": 10, "ethnic": None, "reelected": None},
    )
    if plan is not None:
        StepProgress.objects.bulk_create(StepProgress(congress=congress, step=step) for step in plan.steps.all())
    log(AuditAction.CREATE, congress, by=actor, data={"event": "congress.opened", "term": congress.term_label})
    return congress


@transaction.atomic
def update_congress(*, actor: Actor, congress: Congress, **fields: Any) -> Congress:
    """Dates, size and the personnel plan (sizes and structure targets)."""
    actor.require(MANAGE, congress.organization)
    allowed = {
        "planned_on",
        "held_on",
        "summoned",
        "kind",
        "reference_on",
        "committee_size",
        "standing_size",
        "deputy_secretaries",
        "targets",
        "sequence_number",
    }
    unknown = set(fields) - allowed
    if unknown:
        raise ValueError(f"unknown fields {unknown}")
    if "held_on" in fields and fields["held_on"] and fields["held_on"] > timezone.localdate():
        raise _refuse("held_on", _("Ngày tổ chức đại hội không được sau hôm nay."))
    for name, value in fields.items():
        setattr(congress, name, value)
    congress.save(update_fields=list(fields))
    log(
        AuditAction.UPDATE,
        congress,
        by=actor,
        data={"event": "congress.updated", **{k: str(v) for k, v in fields.items()}},
    )
    return congress


@transaction.atomic
def record_step(
    *,
    actor: Actor,
    progress: StepProgress,
    status: str,
    done_on: dt.date | None = None,
    note: str = "",
    file_name: str = "",
    file_data: bytes | None = None,
) -> StepProgress:
    """Progress on one step, with the document it produces (checked by content; private storage). A step the
    committee above is responsible for is recorded by that committee."""
    org = progress.congress.organization
    if progress.step.responsible == Responsible.SUPERIOR:
        parent = Organization.objects.get_parent(org)
        actor.require(MANAGE, org)
        if parent is None or not actor.can(APPROVE, parent):
            raise policy.NotAllowed(APPROVE)
    else:
        actor.require(MANAGE, org)
    if status not in StepStatus.values:
        raise _refuse("status", _("Tình trạng không hợp lệ."))
    today = timezone.localdate()
    if status == StepStatus.DONE:
        done_on = done_on or today
        if done_on > today:
            raise _refuse("done_on", _("Ngày xong không được sau hôm nay."))
    else:
        done_on = None
    fields = ["status", "done_on", "note"]
    if file_data is not None:
        clean_name, kind, _type = check_upload(file_name, file_data)
        old = progress.document.name if progress.document else ""
        progress.document.save(f"{uuid.uuid4().hex}.{kind}", ContentFile(file_data), save=False)
        progress.document_name = clean_name
        fields += ["document", "document_name"]
        if old:
            transaction.on_commit(lambda: progress.document.storage.delete(old))
    progress.status, progress.done_on, progress.note = status, done_on, nfc(note)[:300]
    progress.save(update_fields=fields)
    log(
        AuditAction.UPDATE,
        progress.congress,
        by=actor,
        data={"event": "congress.step", "step": progress.step.code, "status": status, "file": progress.document_name},
    )
    return progress


@transaction.atomic
def record_hand_vote(
    *, actor: Actor, congress: Congress, organ: str, names: str, present: int, in_favour: int, against: int = 0
) -> HandVote:
    """A show-of-hands vote for an organising body (190-QĐ/TW: presidium, secretariat, credentials committee)."""
    actor.require(MANAGE, congress.organization)
    if organ not in HandVote.Organ.values:
        raise _refuse("organ", _("Cơ quan không hợp lệ."))
    if in_favour + against > present:
        raise _refuse("in_favour", _("Số tán thành và không tán thành cộng lại nhiều hơn số có mặt."))
    vote = HandVote.objects.create(
        congress=congress, organ=organ, names=nfc(names).strip(), present=present, in_favour=in_favour, against=against
    )
    log(AuditAction.CREATE, vote, by=actor, organization=congress.organization, data={"event": "congress.hand_vote"})
    return vote


# -- elections ---------------------------------------------------------------------------------------------------


@transaction.atomic
def create_election(
    *,
    actor: Actor,
    organization: Organization,
    body: str,
    seats: int,
    held_on: dt.date,
    summoned: int,
    excluded: Mapping[str, int] | None = None,
    present: int = 0,
    congress: Congress | None = None,
    method: str = Method.SECRET,
    kind: str | None = None,
    counting_committee: Sequence[str] = (),
) -> Election:
    """An election with its first round (the base computed from `summoned` and `excluded`)."""
    actor.require(MANAGE, organization)
    if congress is not None and congress.organization_id != organization.pk:
        raise _refuse("congress", _("Đại hội không thuộc tổ chức này."))
    if body not in Body.values:
        raise _refuse("body", _("Chức danh bầu không hợp lệ."))
    if method not in Method.values:
        raise _refuse("method", _("Hình thức bầu không hợp lệ."))
    if seats < 1:
        raise _refuse("seats", _("Số lượng cần bầu phải ít nhất là 1."))
    kind = kind or (congress.kind if congress is not None else CongressKind.MEMBERS)
    try:
        tally.compute_base(kind, summoned, excluded)
    except tally.TallyError as exc:
        raise _refuse("summoned", str(exc)) from exc
    if present > summoned:
        raise _refuse("present", _("Số có mặt nhiều hơn số được triệu tập."))
    election = Election.objects.create(
        organization=organization,
        congress=congress,
        body=body,
        seats=seats,
        method=method,
        kind=kind,
        held_on=held_on,
        counting_committee=[nfc(n).strip() for n in counting_committee if n.strip()],
    )
    Round.objects.create(
        election=election,
        number=1,
        seats=seats,
        summoned=summoned,
        excluded=dict(excluded or {}),
        present=present,
        rules_source=tally.rules_on(held_on).source,
    )
    log(AuditAction.CREATE, election, by=actor, data={"event": "election.created", "body": body, "seats": seats})
    return election


def _open_round(round_: Round) -> None:
    if round_.is_counted:
        raise _refuse("round", _("Lần bầu này đã kiểm phiếu xong; không sửa được."))
    if round_.election.status == ElectionStatus.APPROVED:
        raise _refuse("round", _("Kết quả bầu cử đã được chuẩn y."))


@transaction.atomic
def add_candidate(
    *,
    actor: Actor,
    round_: Round,
    full_name: str = "",
    member: Member | None = None,
    source: str = CandidateSource.LIST,
    approvals: int | None = None,
) -> Candidate:
    """A candidate on a round's list. A nominee from the floor or a self-nominee needs approval of more than 30% of
    those present (190-QĐ/TW Điều 14); the refusal names the rule."""
    election = round_.election
    actor.require(MANAGE, election.organization)
    _open_round(round_)
    if member is not None:
        if not is_within(member.organization, election.organization):
            raise _refuse("member", _("Đảng viên này không thuộc tổ chức bầu cử."))
        full_name = member.full_name
    full_name = nfc(full_name).strip()
    if not full_name:
        raise _refuse("full_name", _("Cần ghi họ và tên người ứng cử."))
    if source not in CandidateSource.values:
        raise _refuse("source", _("Nguồn giới thiệu không hợp lệ."))
    if round_.candidates.filter(full_name=full_name).exists():
        raise _refuse("full_name", _("%(name)s đã có trong danh sách.") % {"name": full_name})
    if source != CandidateSource.LIST:
        if approvals is None or not round_.present:
            raise _refuse("approvals", _("Cần ghi số người có mặt và số người đồng ý đưa vào danh sách."))
        try:
            finding = tally.floor_nominee_approved(approvals=approvals, present=round_.present, rules=election.rules())
        except tally.TallyError as exc:
            raise _refuse("approvals", str(exc)) from exc
        if not finding.ok:
            raise _refuse("approvals", finding.message)
    candidate = Candidate.objects.create(
        round=round_, member=member, full_name=full_name, source=source, approvals=approvals
    )
    log(
        AuditAction.UPDATE,
        election,
        by=actor,
        data={"event": "election.candidate", "round": round_.number, "name": full_name, "source": source},
    )
    return candidate


@transaction.atomic
def remove_candidate(*, actor: Actor, candidate: Candidate) -> None:
    round_ = candidate.round
    actor.require(MANAGE, round_.election.organization)
    _open_round(round_)
    if round_.ballots.exists():
        raise _refuse("round", _("Đã nhập phiếu: không bỏ tên khỏi danh sách được."))
    name = candidate.full_name
    candidate.delete()
    log(AuditAction.UPDATE, round_.election, by=actor, data={"event": "election.candidate_removed", "name": name})


def surplus_findings(round_: Round) -> list[tally.Finding]:
    """The surplus rules for the round's list: the convening list (from the committee) and the list the congress
    votes on (with the floor nominees). A further round for ties or vacancies has no surplus rule."""
    election = round_.election
    if round_.number > 1 or election.method == Method.POLL:
        return []
    names = list(round_.candidates.all())
    required = election.surplus_required
    findings = []
    convening = [c for c in names if c.source == CandidateSource.LIST]
    findings += tally.check_surplus(
        seats=round_.seats,
        candidates=len(convening),
        stage=tally.CONVENING,
        rules=election.rules(),
        surplus_required=required,
    )
    if len(convening) != len(names):
        findings += tally.check_surplus(
            seats=round_.seats,
            candidates=len(names),
            stage=tally.CONGRESS,
            rules=election.rules(),
            surplus_required=required,
        )
    return findings


@transaction.atomic
def update_base(*, actor: Actor, round_: Round, summoned: int, excluded: Mapping[str, int], present: int) -> Round:
    actor.require(MANAGE, round_.election.organization)
    _open_round(round_)
    try:
        tally.compute_base(round_.election.kind, summoned, excluded)
    except tally.TallyError as exc:
        raise _refuse("summoned", str(exc)) from exc
    if present > summoned:
        raise _refuse("present", _("Số có mặt nhiều hơn số được triệu tập."))
    round_.summoned, round_.excluded, round_.present = summoned, dict(excluded), present
    round_.save(update_fields=["summoned", "excluded", "present"])
    log(AuditAction.UPDATE, round_.election, by=actor, data={"event": "election.base", "round": round_.number})
    return round_


def _store_result(round_: Round, result: tally.Result, *, by_ballot: bool) -> None:
    round_.by_ballot = by_ballot
    counts = result.counts
    if counts is not None:
        round_.issued, round_.returned, round_.valid, round_.invalid = (
            counts.issued,
            counts.returned,
            counts.valid,
            counts.invalid,
        )
    round_.result = result.as_dict()
    round_.rules_source = tally.rules_on(round_.election.held_on).source
    round_.counted_at = timezone.now()
    round_.save()
    votes = {c.name: c.votes for c in result.candidates}
    for candidate in round_.candidates.all():
        candidate.votes = votes.get(candidate.full_name, 0)
        candidate.save(update_fields=["votes"])
    election = round_.election
    election.status = ElectionStatus.DONE
    election.save(update_fields=["status"])


def _names(round_: Round) -> list[str]:
    names = list(round_.candidates.values_list("full_name", flat=True))
    if len(names) < round_.seats:
        raise _refuse(
            "round",
            _("Danh sách có %(n)d người, ít hơn số lượng cần bầu (%(seats)d).")
            % {"n": len(names), "seats": round_.seats},
        )
    return names


@transaction.atomic
def record_totals(
    *, actor: Actor, round_: Round, issued: int, returned: int, valid: int, invalid: int, votes: Mapping[int, int]
) -> tally.Result:
    """Count a round by totals: the ballot counts and each candidate's votes (keyed by candidate id)."""
    actor.require(MANAGE, round_.election.organization)
    _open_round(round_)
    names = _names(round_)
    by_id = {c.pk: c.full_name for c in round_.candidates.all()}
    unknown = [k for k in votes if k not in by_id]
    if unknown:
        raise _refuse("votes", _("Có số phiếu cho người không có trong danh sách."))
    try:
        result = tally.tally_votes(
            base=round_.base(),
            seats=round_.seats,
            candidates=names,
            votes={by_id[k]: v for k, v in votes.items()},
            counts=tally.BallotCounts(issued=issued, returned=returned, valid=valid, invalid=invalid),
        )
    except tally.TallyError as exc:
        raise _refuse("votes", str(exc)) from exc
    _store_result(round_, result, by_ballot=False)
    log(AuditAction.STATUS, round_.election, by=actor, data={"event": "election.counted", "round": round_.number})
    return result


@transaction.atomic
def enter_ballot(*, actor: Actor, round_: Round, kept_ids: Sequence[int], issued: bool = True) -> BallotEntry:
    """One ballot from the box, for the counting committee's laptop: the names left uncrossed. Its validity is
    decided at once (244-QĐ/TW Điều 17) and shown, so the committee can check it against the paper."""
    actor.require(MANAGE, round_.election.organization)
    _open_round(round_)
    names = _names(round_)
    by_id = {c.pk: c for c in round_.candidates.all()}
    if any(k not in by_id for k in kept_ids) or len(set(kept_ids)) != len(kept_ids):
        raise _refuse("kept", _("Phiếu có tên không có trong danh sách bầu cử."))
    number = (round_.ballots.order_by("-number").values_list("number", flat=True).first() or 0) + 1
    check = tally.check_ballot(
        tally.Ballot(tuple(by_id[k].full_name for k in kept_ids), issued),
        seats=round_.seats,
        candidates=names,
        number=number,
    )
    entry = BallotEntry.objects.create(
        round=round_, number=number, issued=issued, valid=check.valid, reason=check.reason
    )
    entry.kept.set([by_id[k] for k in kept_ids])
    return entry


@transaction.atomic
def delete_ballot(*, actor: Actor, entry: BallotEntry) -> None:
    """Take back a ballot entered by mistake (only the last one, before the round is closed)."""
    round_ = entry.round
    actor.require(MANAGE, round_.election.organization)
    _open_round(round_)
    last = round_.ballots.order_by("-number").first()
    if last is None or last.pk != entry.pk:
        raise _refuse("ballot", _("Chỉ xóa được phiếu nhập sau cùng."))
    entry.delete()
    log(
        AuditAction.UPDATE, round_.election, by=actor, data={"event": "election.ballot_removed", "number": entry.number}
    )


@transaction.atomic
def close_ballot_count(*, actor: Actor, round_: Round, issued: int) -> tally.Result:
    """Finish a round counted ballot by ballot: the result from the ballots entered."""
    actor.require(MANAGE, round_.election.organization)
    _open_round(round_)
    names = _names(round_)
    ballots = [
        tally.Ballot(tuple(c.full_name for c in entry.kept.all()), entry.issued)
        for entry in round_.ballots.prefetch_related("kept").order_by("number")
    ]
    if not ballots:
        raise _refuse("ballots", _("Chưa nhập phiếu nào."))
    try:
        result = tally.tally_ballots(
            base=round_.base(), seats=round_.seats, candidates=names, ballots=ballots, issued=issued
        )
    except tally.TallyError as exc:
        raise _refuse("issued", str(exc)) from exc
    _store_result(round_, result, by_ballot=True)
    log(AuditAction.STATUS, round_.election, by=actor, data={"event": "election.counted", "round": round_.number})
    return result


def elected_so_far(election: Election) -> list[Candidate]:
    """The elected of every counted round, in round order then votes (an opinion poll elects nobody)."""
    out: list[Candidate] = []
    if election.method == Method.POLL:
        return out
    for round_ in election.rounds.order_by("number"):
        if not round_.is_counted:
            continue
        elected = round_.result.get("elected", [])
        by_name = {c.full_name: c for c in round_.candidates.all()}
        out += [by_name[n] for n in elected if n in by_name]
    return out


def seats_left(election: Election) -> int:
    return election.seats - len(elected_so_far(election))


@transaction.atomic
def open_next_round(*, actor: Actor, election: Election, names: Sequence[str] = ()) -> Round:
    """A further round for the seats still vacant: for the candidates tied at the cut-off (when `names` is empty)
    or for a new list. The base carries over from the last round."""
    actor.require(MANAGE, election.organization)
    if election.method == Method.POLL:
        raise _refuse("round", _("Lấy phiếu giới thiệu không có lần bầu tiếp."))
    last = election.rounds.order_by("-number").first()
    if last is None or not last.is_counted:
        raise _refuse("round", _("Lần bầu trước chưa kiểm phiếu xong."))
    if election.status == ElectionStatus.APPROVED:
        raise _refuse("round", _("Kết quả bầu cử đã được chuẩn y."))
    left = seats_left(election)
    if left <= 0:
        raise _refuse("round", _("Đã bầu đủ số lượng; không cần bầu thêm."))
    already = {c.full_name for c in elected_so_far(election)}
    if not names:
        names = last.result.get("rerun", [])
    names = [nfc(n).strip() for n in names if nfc(n).strip()]
    if any(n in already for n in names):
        raise _refuse("names", _("Người đã trúng cử không ứng cử lại ở lần bầu sau."))
    if len(names) < left:
        raise _refuse(
            "names",
            _("Cần ít nhất %(left)d người cho %(left)d chỗ còn thiếu; danh sách mới có %(n)d người.")
            % {"left": left, "n": len(names)},
        )
    round_ = Round.objects.create(
        election=election,
        number=last.number + 1,
        seats=left,
        summoned=last.summoned,
        excluded=last.excluded,
        present=last.present,
        rules_source=last.rules_source,
    )
    previous = {c.full_name: c for c in last.candidates.all()}
    for name in names:
        old = previous.get(name)
        Candidate.objects.create(
            round=round_, full_name=name, member=old.member if old else None, source=CandidateSource.LIST
        )
    election.status = ElectionStatus.OPEN
    election.save(update_fields=["status"])
    log(AuditAction.UPDATE, election, by=actor, data={"event": "election.round_opened", "round": round_.number})
    return round_


# What role the elected committee's members get on the organisation (on approval).
ROLE_FOR_ORG: dict[str, str] = {
    OrgKind.CELL: Role.CELL_COMMITTEE,
    OrgKind.BASE_CELL: Role.CELL_COMMITTEE,
    OrgKind.BASE_COMMITTEE: Role.BASE_COMMITTEE,
    OrgKind.SUB_COMMITTEE: Role.CELL_COMMITTEE,
    OrgKind.COMMUNE_COMMITTEE: Role.COMMITTEE,
    OrgKind.AGENCY_COMMITTEE: Role.COMMITTEE,
    OrgKind.PROVINCIAL_COMMITTEE: Role.COMMITTEE,
}
# Bodies whose members run the organisation's work in Sổ tay (a cell's chi ủy has no standing committee).
GRANTING_BODIES = {Body.COMMITTEE, Body.STANDING, Body.SECRETARY, Body.DEPUTY}


@transaction.atomic
def approve_election(
    *, actor: Actor, election: Election, decision: str, approved_on: dt.date, term_starts_on: dt.date
) -> list[RoleGrant]:
    """Approval (chuẩn y) by the competent committee: the one above the organisation (an organisation never
    approves its own election). The elected who hold an account get the organisation's committee role from the
    term's start date, with the decision recorded on the grant."""
    org = election.organization
    parent = Organization.objects.get_parent(org)
    actor.require(MANAGE, org)
    if parent is None or not actor.can(APPROVE, parent):
        raise policy.NotAllowed(APPROVE)
    if election.method == Method.POLL:
        raise _refuse("status", _("Kết quả lấy phiếu giới thiệu không phải kết quả bầu cử; không chuẩn y."))
    if election.status != ElectionStatus.DONE:
        raise _refuse("status", _("Chỉ chuẩn y cuộc bầu đã có kết quả."))
    if election.rounds.filter(counted_at__isnull=True).exists():
        raise _refuse("status", _("Còn lần bầu chưa kiểm phiếu."))
    if not nfc(decision).strip():
        raise _refuse("decision", _("Cần ghi số quyết định chuẩn y."))
    if approved_on > timezone.localdate():
        raise _refuse("approved_on", _("Ngày chuẩn y không được sau hôm nay."))
    if term_starts_on < election.held_on:
        raise _refuse("term_starts_on", _("Nhiệm kỳ không bắt đầu trước ngày bầu."))
    election.status = ElectionStatus.APPROVED
    election.approved_on, election.approval_decision = approved_on, nfc(decision).strip()
    election.approved_by, election.term_starts_on = actor.audit_user, term_starts_on
    election.save(update_fields=["status", "approved_on", "approval_decision", "approved_by", "term_starts_on"])
    grants = []
    role = ROLE_FOR_ORG.get(org.kind)
    if election.body in GRANTING_BODIES and role is not None:
        for candidate in elected_so_far(election):
            user = getattr(candidate.member, "user", None) if candidate.member else None
            if user is None or not user.is_active:
                continue
            grant, _created = RoleGrant.objects.update_or_create(
                user=user,
                organization=org,
                role=role,
                defaults={
                    "starts_on": term_starts_on,
                    "ends_on": None,
                    "decision": election.approval_decision,
                    "granted_by": actor.audit_user,
                },
            )
            log(
                AuditAction.GRANT,
                grant,
                by=actor,
                organization=org,
                data={
                    "user": user.get_username(),
                    "role": role,
                    "starts_on": term_starts_on.isoformat(),
                    "decision": election.approval_decision,
                    "event": "election.approved",
                },
            )
            grants.append(grant)
    log(
        AuditAction.STATUS,
        election,
        by=actor,
        data={"event": "election.approved", "decision": election.approval_decision, "grants": len(grants)},
    )
    return grants


def is_cell(org: Organization) -> bool:
    return org.kind in CELL_KINDS
