"""Recognition as an official member (công nhận đảng viên chính thức) as a case, beside admission.

docs/rules/admission.md#công-nhận-đảng-viên-chính-thức: when the 12 months of probation end (Điều lệ Điều 5 khoản 1),
the chi bộ reviews the member with the forms of Hướng dẫn 12-HD/BTCTW — 10-KNĐ the member's self-review, 11-KNĐ the
mentor's comments, 12-KNĐ the summary of opinions of the mass organisations and the residence chi ủy, 13-KNĐ the
cell's resolution (two thirds of its official members, Điều lệ Điều 5 khoản 3) — within a versioned number of working
days (rule `recognition_consider_working_days`, 30 from 294-QĐ/TW); the đảng ủy cơ sở resolves (15-KNĐ, after the
đảng ủy bộ phận's report 14-KNĐ where there is one); the competent committee decides (16-KNĐ, numbering "cần đối
chiếu"). Recognised: official as of the exact 12-month date (through the member status service). Not recognised —
a failed vote or a refusal — the member is struck off the probationary list (xóa tên) through the same service.

Every write takes `actor: Actor`, checks its right itself, runs atomically and is audited.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Exists, OuterRef, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from sotay.audit.log import actor as audit_user
from sotay.audit.log import log
from sotay.audit.models import AuditAction
from sotay.lib.vntext import nfc
from sotay.members.choices import ExitKind, MemberStatus
from sotay.members.models import Member
from sotay.members.services import change_member_status
from sotay.orgs import policy
from sotay.orgs.actor import Actor
from sotay.orgs.models import Organization, OrgKind, subtree_filter
from sotay.rules.calendar import add_working_days
from sotay.rules.registry import RuleMissing, rule_value

from .models import RECOGNITION_CLOSED, RecognitionCase, RecognitionStage, RecognitionStep
from .steps import StepSpec

SELF_REVIEW = "10-KNĐ"
MENTOR_REVIEW = "11-KNĐ"
OPINIONS = "12-KNĐ"
CELL_RESOLUTION = "13-KNĐ"
SUB_COMMITTEE_REPORT = "14-KNĐ"  # cần đối chiếu: not in the source checked
BASE_RESOLUTION = "15-KNĐ"
DECISION = "16-KNĐ"  # cần đối chiếu: the decision's form number

RULE_KEY = "recognition_consider_working_days"
CELL_PAPERS = (SELF_REVIEW, MENTOR_REVIEW, OPINIONS)

STEPS: list[StepSpec] = [
    StepSpec(SELF_REVIEW, gettext_lazy("Bản tự kiểm điểm của đảng viên dự bị")),
    StepSpec(MENTOR_REVIEW, gettext_lazy("Bản nhận xét của đảng viên chính thức giúp đỡ")),
    StepSpec(OPINIONS, gettext_lazy("Tổng hợp ý kiến nhận xét của đoàn thể và chi ủy nơi cư trú")),
    StepSpec(
        CELL_RESOLUTION,
        gettext_lazy("Nghị quyết chi bộ đề nghị công nhận đảng viên chính thức"),
        CELL_PAPERS,
        stage=RecognitionStage.CELL_RESOLVED,
        vote=True,
    ),
    StepSpec(
        SUB_COMMITTEE_REPORT,
        gettext_lazy("Báo cáo thẩm định của đảng ủy bộ phận"),
        (CELL_RESOLUTION,),
        committee=True,
    ),
    StepSpec(
        BASE_RESOLUTION,
        gettext_lazy("Nghị quyết đảng ủy cơ sở đề nghị công nhận đảng viên chính thức"),
        (CELL_RESOLUTION,),
        stage=RecognitionStage.COMMITTEE_RESOLVED,
        vote=True,
        committee=True,
    ),
    StepSpec(
        DECISION,
        gettext_lazy("Quyết định công nhận đảng viên chính thức hoặc xóa tên"),
        (CELL_RESOLUTION,),
        committee=True,
    ),
]
SPECS: dict[str, StepSpec] = {s.code: s for s in STEPS}
FORM_CODES = [s.code for s in STEPS]


@dataclass(frozen=True)
class Votes:
    votes_for: int
    votes_against: int
    total: int


def _date(day: dt.date) -> str:
    return f"{day:%d/%m/%Y}"


def consider_limit(probation_ends_on: dt.date) -> int:
    """Working days the chi bộ has after the 12 months end: the version in force on that day; before the first
    version Sổ tay knows, the earliest one (the same 30 days are reported before 294-QĐ/TW, cần đối chiếu)."""
    try:
        return int(rule_value(RULE_KEY, probation_ends_on))
    except RuleMissing:
        from sotay.rules.models import Rule

        row = Rule.objects.filter(key=RULE_KEY).order_by("effective_from").first()
        if row is None:
            raise ValidationError(
                _("Chưa có quy định về thời hạn chi bộ xét công nhận đảng viên chính thức.")
            ) from None
        return int(row.value)


def consider_due_on(probation_ends_on: dt.date) -> dt.date:
    return add_working_days(probation_ends_on, consider_limit(probation_ends_on))


def required_codes(cell: Organization) -> set[str]:
    """15-KNĐ under a đảng ủy cơ sở, with 14-KNĐ first under a đảng ủy bộ phận (as for admission)."""
    codes = {SELF_REVIEW, MENTOR_REVIEW, OPINIONS, CELL_RESOLUTION, DECISION}
    if cell.kind != OrgKind.CELL:
        return codes
    parent = Organization.objects.get_parent(cell)
    if parent is not None and parent.kind == OrgKind.SUB_COMMITTEE:
        codes |= {SUB_COMMITTEE_REPORT, BASE_RESOLUTION}
    elif parent is not None and parent.kind == OrgKind.BASE_COMMITTEE:
        codes.add(BASE_RESOLUTION)
    return codes


def prerequisites(code: str, cell: Organization) -> tuple[str, ...]:
    needed = set(SPECS[code].requires)
    chain = required_codes(cell)
    if code == BASE_RESOLUTION and SUB_COMMITTEE_REPORT in chain:
        needed.add(SUB_COMMITTEE_REPORT)
    return tuple(c for c in FORM_CODES if c in needed)


def done_steps(case: RecognitionCase) -> dict[str, RecognitionStep]:
    """The latest recorded step of each code."""
    out: dict[str, RecognitionStep] = {}
    for step in case.steps.order_by("done_on", "pk"):
        out[step.form_code] = step
    return out


def allowed_codes(case: RecognitionCase, actor: Actor) -> list[str]:
    """The steps `actor` may record now, in order (committee steps need CHANGE_STATUS over the cell)."""
    if case.is_closed:
        return []
    done = done_steps(case)
    chain = required_codes(case.organization)
    may_decide = actor.can(policy.CHANGE_STATUS, case.organization)
    may_record = actor.can(policy.CREATE_MEMBERS, case.organization)
    out = []
    for code in FORM_CODES:
        spec = SPECS[code]
        if code not in chain or (code in done and code != DECISION):
            continue
        if not (may_decide if spec.committee else may_record):
            continue
        if case.stage == RecognitionStage.REMOVAL_PROPOSED and code != DECISION:
            continue
        if code == DECISION:
            if CELL_RESOLUTION not in done:
                continue
        elif not all(p in done and done[p].approved is not False for p in prerequisites(code, case.organization)):
            continue
        out.append(code)
    return out


# -- opening ---------------------------------------------------------------------------------------------------------


def _open(member: Member, actor: Actor) -> RecognitionCase:
    ends = member.probation_ends_on
    case = RecognitionCase.objects.create(
        member=member,
        organization=member.organization,
        probation_ends_on=ends,
        consider_due_on=consider_due_on(ends),
        created_by=actor.audit_user,
    )
    log(
        AuditAction.CREATE,
        case,
        by=actor,
        data={"member": member.pk, "probation_ends_on": ends.isoformat(), "due": case.consider_due_on.isoformat()},
    )
    return case


@transaction.atomic
def open_recognition(*, member: Member, actor: Actor) -> RecognitionCase:
    """Open the recognition case of a probationary member (the cell's chi ủy, or the daily task)."""
    member = Member.objects.select_for_update().select_related("organization").get(pk=member.pk)
    if not actor.can(policy.OPEN_RECOGNITION, member.organization):
        actor.require(policy.CREATE_MEMBERS, member.organization)
    if member.status != MemberStatus.PROBATIONARY:
        raise ValidationError(_("%(n)s không phải đảng viên dự bị.") % {"n": member.full_name})
    existing = RecognitionCase.objects.filter(member=member).exclude(stage__in=RECOGNITION_CLOSED).first()
    if existing is not None:
        raise ValidationError(_("%(n)s đã có hồ sơ công nhận chính thức đang xét.") % {"n": member.full_name})
    return _open(member, actor)


def due_without_case(org: Organization, *, on: dt.date, ahead_days: int = 30) -> QuerySet[Member]:
    """Probationary members of the subtree whose 12 months end within `ahead_days` (or have ended) and who have no
    open recognition case. The date test is done in Python (the probation rule is versioned)."""
    open_case = RecognitionCase.objects.filter(member=OuterRef("pk")).exclude(stage__in=RECOGNITION_CLOSED)
    members = (
        Member.objects.filter(subtree_filter(org.path, "organization__path"), status=MemberStatus.PROBATIONARY)
        .exclude(Exists(open_case))
        .select_related("organization")
    )
    limit = on + dt.timedelta(days=ahead_days)
    keep = [m.pk for m in members if (ends_on := _ends_on(m)) is not None and ends_on <= limit]
    return members.filter(pk__in=keep).order_by("joined_on", "name_sort_key")


def _ends_on(member: Member) -> dt.date | None:
    try:
        return member.probation_ends_on
    except RuleMissing:
        return None


def open_due_recognitions(*, actor: Actor, on: dt.date | None = None, ahead_days: int = 30) -> int:
    """Daily: open the case of every probationary member whose probation ends within `ahead_days`; how many opened."""
    on = on or timezone.localdate()
    opened = 0
    for root in Organization.objects.get_root_nodes():
        for member in due_without_case(root, on=on, ahead_days=ahead_days):
            try:
                open_recognition(member=member, actor=actor)
            except (ValidationError, policy.NotAllowed):
                continue
            opened += 1
    return opened


# -- steps -----------------------------------------------------------------------------------------------------------


def _check_votes(votes: Votes | None) -> None:
    if votes is None:
        raise ValidationError({"votes_for": _("Nghị quyết cần ghi kết quả biểu quyết.")})
    if votes.total <= 0 or min(votes.votes_for, votes.votes_against) < 0:
        raise ValidationError({"votes_total": _("Tổng số biểu quyết phải lớn hơn 0.")})
    if votes.votes_for + votes.votes_against > votes.total:
        raise ValidationError({"votes_total": _("Số tán thành và không tán thành vượt quá tổng số.")})


def vote_passes(votes: Votes) -> bool:
    """Điều lệ Điều 5 khoản 3: at least two thirds of the cell's official members (of the committee's members for
    15-KNĐ), without rounding."""
    return votes.votes_for * 3 >= votes.total * 2


def _locked(case: RecognitionCase) -> RecognitionCase:
    return RecognitionCase.objects.select_for_update().select_related("organization", "member").get(pk=case.pk)


@transaction.atomic
def record_step(
    *,
    case: RecognitionCase,
    form_code: str,
    done_on: dt.date,
    actor: Actor,
    document_number: str = "",
    votes: Votes | None = None,
    note: str = "",
) -> RecognitionStep:
    """Record one paper of the review (10–15-KNĐ); the decision goes through `decide`."""
    case = _locked(case)
    spec = SPECS.get(form_code)
    if spec is None or form_code == DECISION:
        raise ValidationError({"form_code": _("Mẫu %(c)s không thuộc hồ sơ công nhận chính thức.") % {"c": form_code}})
    actor.require(policy.CHANGE_STATUS if spec.committee else policy.CREATE_MEMBERS, case.organization)
    if case.is_closed:
        raise ValidationError(_("Hồ sơ đã kết thúc (%(s)s).") % {"s": case.get_stage_display()})
    if case.stage == RecognitionStage.REMOVAL_PROPOSED:
        raise ValidationError(_("Đã có đề nghị xóa tên: chờ quyết định của cấp ủy có thẩm quyền."))
    if form_code not in required_codes(case.organization):
        raise ValidationError({"form_code": _("Chi bộ này không qua bước %(c)s.") % {"c": form_code}})
    done = done_steps(case)
    if form_code in done:
        raise ValidationError({"form_code": _("Bước %(c)s đã được ghi.") % {"c": form_code}})
    missing = [c for c in prerequisites(form_code, case.organization) if c not in done or done[c].approved is False]
    if missing:
        raise ValidationError(
            {"form_code": _("Chưa thể ghi %(c)s: còn thiếu %(m)s.") % {"c": form_code, "m": ", ".join(missing)}}
        )
    if done_on > timezone.localdate():
        raise ValidationError({"done_on": _("Ngày không được sau hôm nay.")})
    for code in prerequisites(form_code, case.organization):
        if done_on < done[code].done_on:
            raise ValidationError(
                {
                    "done_on": _("Ngày %(c)s không được trước ngày %(p)s (%(d)s).")
                    % {"c": form_code, "p": code, "d": _date(done[code].done_on)}
                }
            )
    if form_code == CELL_RESOLUTION and done_on < case.probation_ends_on:
        raise ValidationError(
            {
                "done_on": _("Chi bộ xét công nhận khi đảng viên đã hết 12 tháng dự bị (ngày %(d)s).")
                % {"d": _date(case.probation_ends_on)}
            }
        )
    step = RecognitionStep(
        case=case,
        form_code=form_code,
        done_on=done_on,
        document_number=nfc(document_number.strip()),
        note=nfc(note),
        recorded_by=actor.audit_user,
    )
    if spec.vote:
        _check_votes(votes)
        assert votes is not None
        step.votes_for, step.votes_against, step.votes_total = votes.votes_for, votes.votes_against, votes.total
        step.approved = vote_passes(votes)
        case.stage = spec.stage if step.approved else RecognitionStage.REMOVAL_PROPOSED
    step.save()
    case.save(update_fields=["stage"])
    log(
        AuditAction.UPDATE,
        case,
        by=actor,
        data={"form_code": form_code, "done_on": done_on.isoformat(), "approved": step.approved, "stage": case.stage},
    )
    return step


@transaction.atomic
def decide(
    *,
    case: RecognitionCase,
    recognised: bool,
    decided_on: dt.date,
    decision_number: str,
    actor: Actor,
    reason: str = "",
) -> RecognitionCase:
    """The competent committee's decision: recognise (official from the exact end of probation) or strike the member
    off the probationary list (xóa tên). Both go through `members.services.change_member_status`."""
    case = _locked(case)
    actor.require(policy.CHANGE_STATUS, case.organization)
    if case.is_closed:
        raise ValidationError(_("Hồ sơ đã kết thúc (%(s)s).") % {"s": case.get_stage_display()})
    done = done_steps(case)
    resolution = done.get(CELL_RESOLUTION)
    if resolution is None:
        raise ValidationError(_("Cần có nghị quyết của chi bộ (13-KNĐ) trước khi cấp ủy quyết định."))
    number = nfc(decision_number.strip())
    if not number:
        raise ValidationError({"decision_number": _("Cần ghi số quyết định.")})
    if decided_on > timezone.localdate():
        raise ValidationError({"decided_on": _("Ngày không được sau hôm nay.")})
    last = max(s.done_on for s in done.values())
    if decided_on < last:
        raise ValidationError({"decided_on": _("Ngày quyết định không được trước ngày %(d)s.") % {"d": _date(last)}})
    if recognised:
        if case.stage == RecognitionStage.REMOVAL_PROPOSED:
            raise ValidationError(
                _("Chi bộ hoặc đảng ủy không đủ hai phần ba tán thành: không thể công nhận đảng viên chính thức.")
            )
        if BASE_RESOLUTION in required_codes(case.organization) and case.stage != RecognitionStage.COMMITTEE_RESOLVED:
            raise ValidationError(_("Cần có nghị quyết của đảng ủy cơ sở (15-KNĐ) trước khi quyết định."))
        change_member_status(
            member=case.member,
            status=MemberStatus.OFFICIAL,
            on=decided_on,
            actor=actor,
            decision_number=number,
            decision_on=decided_on,
        )
        case.stage = RecognitionStage.RECOGNISED
    else:
        change_member_status(
            member=case.member,
            status=MemberStatus.LEFT,
            on=decided_on,
            actor=actor,
            decision_number=number,
            decision_on=decided_on,
            exit_kind=ExitKind.STRUCK_OFF,
            reason=reason or _("Không được công nhận đảng viên chính thức"),
        )
        case.stage = RecognitionStage.STRUCK_OFF
    RecognitionStep.objects.create(
        case=case,
        form_code=DECISION,
        done_on=decided_on,
        document_number=number,
        note=nfc(reason),
        approved=recognised,
        recorded_by=audit_user(actor),
    )
    case.decided_on, case.decision_number = decided_on, number
    case.save(update_fields=["stage", "decided_on", "decision_number"])
    log(
        AuditAction.STATUS,
        case,
        by=actor,
        data={"recognised": recognised, "decided_on": decided_on.isoformat(), "decision_number": number},
    )
    return case


def record_case_view(*, case: RecognitionCase, actor: Actor) -> None:
    """Reading a member's recognition file is logged like a member's profile (docs/rules/personal-data.md)."""
    with transaction.atomic():
        log(AuditAction.VIEW, case, by=actor, organization=case.organization, data={"page": "recognition"})


def cases_in(org: Organization) -> QuerySet[RecognitionCase]:
    return RecognitionCase.objects.filter(subtree_filter(org.path, "organization__path")).select_related(
        "organization", "member"
    )
