"""Every write to an admission case: validated, atomic, audited (docs/rules/admission.md; 294-QĐ/TW; 12-HD/BTCTW)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sotay.audit.log import log
from sotay.audit.models import AuditAction
from sotay.lib.dates import add_months
from sotay.members.choices import MemberStatus
from sotay.members.models import Member
from sotay.members.services import contact_errors, create_member, readmit_member
from sotay.orgs import policy
from sotay.orgs.actor import Actor
from sotay.orgs.models import Organization
from sotay.rules.calendar import add_working_days
from sotay.rules.registry import RuleMissing, rule_value

from . import steps
from .models import STAGE_ORDER, AdmissionCase, AdmissionStep, Sponsorship, Stage, StepAttachment

# The cell's resolution gets three attempts; after the third failure the higher committee looks at the case.
MAX_CELL_VOTES = 3
DECISION_LIMIT_WORKING_DAYS = 60  # 232-QĐ/TW §4.3.1: 9-KNĐ within 60 working days of the cell's resolution
# The lễ kết nạp within 30 working days of the day the cell receives the 9-KNĐ decision (294-QĐ/TW, as 24-QĐ/TW
# before it; later only with the consent of the direct superior cấp ủy).
CEREMONY_LIMIT_WORKING_DAYS = 30
IDENTITY_FIELDS = [
    "full_name",
    "birth_on",
    "gender",
    "ethnicity",
    "religion",
    "citizen_id",
    "hometown_text",
    "residence_address",
    "general_education",
    "occupation",
    "phone",
]


@dataclass(frozen=True)
class Votes:
    votes_for: int
    votes_against: int
    total: int


def _date(day: dt.date) -> str:
    return f"{day:%d/%m/%Y}"


def readmission_wait_months(on: dt.date) -> int:
    """232-QĐ/TW / 294-QĐ/TW §3.5.1: 36 months out of the Party before kết nạp lại; the version in force on the day
    the case is considered (rule `readmission_wait_months`, versioned in sotay.rules)."""
    return int(rule_value("readmission_wait_months", on))


def readmission_possible_from(member: Member, on: dt.date | None = None) -> dt.date | None:
    """The first day a person who left may be considered for kết nạp lại (rules in force on `on`, default today)."""
    left_on = member.status_changed_on
    if left_on is None:
        return None
    return add_months(left_on, readmission_wait_months(on or timezone.localdate()))


def _check_readmission(case: AdmissionCase | None, member: Member, on: dt.date) -> None:
    """294-QĐ/TW §3.5.1: only someone who left the Party, at least 36 months after leaving, and only once."""
    if member.status != MemberStatus.LEFT or member.status_changed_on is None:
        raise ValidationError(
            {
                "former_member": _("Chỉ kết nạp lại người đã ra khỏi Đảng; %(n)s đang là “%(s)s”.")
                % {"n": member.full_name, "s": member.get_status_display()}
            }
        )
    try:
        months = readmission_wait_months(on)
    except RuleMissing:
        raise ValidationError(
            {"former_member": _("Chưa có quy định về thời hạn kết nạp lại có hiệu lực ngày %(d)s.") % {"d": _date(on)}}
        ) from None
    possible = add_months(member.status_changed_on, months)
    if on < possible:
        raise ValidationError(
            {
                "former_member": _(
                    "Chưa đủ %(m)s tháng kể từ ngày ra khỏi Đảng (%(left)s): %(n)s chỉ được xét kết nạp lại từ ngày "
                    "%(d)s."
                )
                % {"m": months, "left": _date(member.status_changed_on), "n": member.full_name, "d": _date(possible)}
            }
        )
    earlier = AdmissionCase.objects.filter(former_member=member, stage=Stage.ADMITTED)
    if case is not None:
        earlier = earlier.exclude(pk=case.pk)
    if earlier.exists():
        raise ValidationError(
            {"former_member": _("Người này đã được kết nạp lại một lần; chỉ được kết nạp lại một lần.")}
        )


@transaction.atomic
def open_case(
    *,
    organization: Organization,
    data: dict[str, Any],
    actor: Actor,
    is_readmission: bool = False,
    former_member: Member | None = None,
) -> AdmissionCase:
    """Open a case in a chi bộ. A re-admission (kết nạp lại) reuses the person's Member record: `former_member`
    when chosen explicitly, otherwise the record holding the citizen ID; a citizen ID held by someone who left the
    Party makes the case a re-admission."""
    actor.require(policy.CREATE_MEMBERS, organization)
    if not organization.is_cell:
        raise ValidationError({"organization": _("Hồ sơ kết nạp được lập tại chi bộ.")})
    if former_member is None and (cid := (data.get("citizen_id") or "").strip()):
        holder = Member.objects.filter(citizen_id=cid).first()
        if holder is not None and (is_readmission or holder.status == MemberStatus.LEFT):
            former_member = holder
    if former_member is not None:
        is_readmission = True
        if not actor.can(policy.VIEW_MEMBERS, former_member.organization):
            raise ValidationError({"former_member": _("Bạn không có quyền với hồ sơ đảng viên này.")})
        _check_readmission(None, former_member, timezone.localdate())
        # The identity comes from the record when the form leaves it empty.
        data = {k: getattr(former_member, k) for k in IDENTITY_FIELDS if getattr(former_member, k, None)} | {
            k: v for k, v in data.items() if v not in (None, "")
        }
    elif is_readmission:
        raise ValidationError(
            {
                "citizen_id": _(
                    "Kết nạp lại: không tìm thấy hồ sơ đảng viên có số định danh này; ghi đúng số định danh của "
                    "người đã ra khỏi Đảng."
                )
            }
        )
    values = {k: v for k, v in data.items() if k in IDENTITY_FIELDS}
    if len((values.get("full_name") or "").split()) < 2:
        raise ValidationError({"full_name": _("Cần ghi đầy đủ họ và tên (ít nhất hai chữ).")})
    if not values.get("birth_on"):
        raise ValidationError({"birth_on": _("Cần ghi ngày sinh.")})
    if errors := contact_errors(values):
        raise ValidationError(errors)
    case = AdmissionCase(
        organization=organization, is_readmission=is_readmission, former_member=former_member, **values
    )
    case.created_by = actor.audit_user
    case.full_clean(exclude=["member"])
    case.save()
    log(AuditAction.CREATE, case, by=actor)
    return case


@transaction.atomic
def update_case(
    *, case: AdmissionCase, data: dict[str, Any], actor: Actor, over_60_approval: str | None = None
) -> AdmissionCase:
    """Correct the candidate's identity (or record the over-60 approval) while the case is open; audited."""
    actor.require(policy.CREATE_MEMBERS, case.organization)
    case = AdmissionCase.objects.select_for_update().get(pk=case.pk)
    if case.is_closed:
        raise ValidationError(_("Hồ sơ đã kết thúc; sửa thông tin trên hồ sơ đảng viên."))
    values = {k: v for k, v in data.items() if k in IDENTITY_FIELDS}
    if over_60_approval is not None:
        values["over_60_approval"] = over_60_approval.strip()
    if "full_name" in values and len((values["full_name"] or "").split()) < 2:
        raise ValidationError({"full_name": _("Cần ghi đầy đủ họ và tên (ít nhất hai chữ).")})
    merged = {k: getattr(case, k) for k in IDENTITY_FIELDS} | values
    if errors := contact_errors(merged):
        raise ValidationError(errors)
    values = {k: merged[k] for k in values}
    changes = {k: [str(getattr(case, k)), str(v)] for k, v in values.items() if getattr(case, k) != v}
    if not changes:
        return case
    for key, value in values.items():
        setattr(case, key, value)
    case.full_clean(exclude=["member"])
    case.save()
    log(AuditAction.UPDATE, case, by=actor, data={"changes": changes})
    return case


def _done(case: AdmissionCase) -> dict[str, AdmissionStep]:
    """The step that counts for each code: the latest approved one."""
    out: dict[str, AdmissionStep] = {}
    for step in case.steps.order_by("done_on", "pk"):
        if step.counts:
            out[step.form_code] = step
    return out


def allowed_codes(case: AdmissionCase) -> list[str]:
    """The steps that may be recorded now, in order (the ceremony goes through `admit_member`)."""
    if case.is_closed:
        return []
    done = _done(case)
    chain = steps.required_codes(case.organization)
    if steps.CELL_RESOLUTION not in done:  # the optional papers belong to the file the cell considers
        chain |= {s.code for s in steps.STEPS if s.optional}
    return [
        code
        for code in steps.FORM_CODES
        if code in chain and code not in done and all(p in done for p in steps.prerequisites(code, case.organization))
    ]


def _check_introducers(case: AdmissionCase, done: dict[str, AdmissionStep]) -> None:
    """The Statute (Điều 4; docs/rules/admission.md#người-giới-thiệu): two official members introduce the candidate, or,
    for a member of the Youth Union (4-KNĐ) or the trade union (4A-KNĐ), its resolution and one official member."""
    sponsors = case.sponsorships.filter(role=Sponsorship.Role.SPONSOR).count()
    needed = 1 if steps.YOUTH_UNION in done else 2
    if sponsors < needed:
        raise ValidationError(
            {
                "form_code": _(
                    "Cần %(n)s đảng viên chính thức giới thiệu (hiện có %(h)s); đoàn viên có nghị quyết giới thiệu "
                    "của Đoàn (4-KNĐ) thì cần một."
                )
                % {"n": needed, "h": sponsors}
            }
        )


def _check_age(case: AdmissionCase, on: dt.date) -> None:
    """Điều lệ Điều 1 khoản 2 (29-QĐ/TW điểm 1.1 and its successors 24-, 232-, 294-QĐ/TW): from 18 to 60 years of
    age counted in months on the day the chi bộ considers. A candidate is still 60 until the 60 years and one month
    are complete; over 60 needs the written consent of the cấp ủy trực thuộc Trung ương."""
    minimum = rule_value("admission_min_age_months", on)
    maximum = rule_value("admission_max_age_months", on)
    if add_months(case.birth_on, minimum) > on:
        raise ValidationError(
            {
                "done_on": _("Ngày %(d)s người xin vào Đảng chưa đủ %(y)s tuổi (tính theo tháng).")
                % {"d": _date(on), "y": minimum // 12}
            }
        )
    if add_months(case.birth_on, maximum + 1) <= on and not case.over_60_approval:
        raise ValidationError(
            {
                "done_on": _(
                    "Người xin vào Đảng đã quá %(y)s tuổi: cần ghi văn bản đồng ý của Ban Thường vụ cấp ủy "
                    "trực thuộc Trung ương trước khi chi bộ xét."
                )
                % {"y": maximum // 12}
            }
        )


def _vote_passes(code: str, votes: Votes) -> bool:
    """docs/rules/admission.md#biểu-quyết-hai-phần-ba: two thirds of the cell's official members (6-KNĐ) or of the
    committee's members (8-KNĐ)."""
    return votes.votes_for * 3 >= votes.total * 2


def _check_votes(votes: Votes | None) -> None:
    if votes is None:
        raise ValidationError({"votes_for": _("Nghị quyết cần ghi kết quả biểu quyết.")})
    if votes.total <= 0 or min(votes.votes_for, votes.votes_against) < 0:
        raise ValidationError({"votes_total": _("Tổng số biểu quyết phải lớn hơn 0.")})
    if votes.votes_for + votes.votes_against > votes.total:
        raise ValidationError({"votes_total": _("Số tán thành và không tán thành vượt quá tổng số.")})


@transaction.atomic
def record_step(
    *,
    case: AdmissionCase,
    form_code: str,
    done_on: dt.date,
    document_number: str = "",
    actor: Actor,
    votes: Votes | None = None,
    note: str = "",
    received_on: dt.date | None = None,
) -> AdmissionStep:
    """Record one step of 12-HD/BTCTW after its prerequisites and not before their dates; move the stage on.

    For the decision (9-KNĐ), `received_on` is the day the cell receives it (default: the signing day), from which
    the ceremony's 30 working days run."""
    actor.require(policy.CREATE_MEMBERS, case.organization)
    case = AdmissionCase.objects.select_for_update().select_related("organization").get(pk=case.pk)
    if form_code not in steps.SPECS:
        raise ValidationError({"form_code": _("Mẫu %(c)s không có trong danh mục.") % {"c": form_code}})
    if form_code == steps.CEREMONY:
        raise ValidationError({"form_code": _("Lễ kết nạp được ghi bằng thủ tục kết nạp đảng viên.")})
    if case.is_closed:
        raise ValidationError(_("Hồ sơ đã kết thúc (%(s)s).") % {"s": case.get_stage_display()})
    spec = steps.SPECS[form_code]
    if form_code not in steps.required_codes(case.organization) and not spec.optional:
        raise ValidationError({"form_code": _("Chi bộ này không qua bước %(c)s.") % {"c": form_code}})
    done = _done(case)
    if form_code in done:
        raise ValidationError({"form_code": _("Bước %(c)s đã được ghi.") % {"c": form_code}})
    missing = [c for c in steps.prerequisites(form_code, case.organization) if c not in done]
    if missing:
        raise ValidationError(
            {"form_code": _("Chưa thể ghi %(c)s: còn thiếu %(m)s.") % {"c": form_code, "m": ", ".join(missing)}}
        )
    if done_on > timezone.localdate():
        raise ValidationError({"done_on": _("Ngày không được sau hôm nay.")})
    if spec.optional and steps.CELL_RESOLUTION in done:
        raise ValidationError(
            {"form_code": _("%(c)s thuộc hồ sơ chi bộ xét; chi bộ đã ra nghị quyết.") % {"c": form_code}}
        )
    for code in steps.prerequisites(form_code, case.organization):
        if done_on < done[code].done_on:
            raise ValidationError(
                {
                    "done_on": _("Ngày %(c)s không được trước ngày %(p)s (%(d)s).")
                    % {"c": form_code, "p": code, "d": _date(done[code].done_on)}
                }
            )
    if form_code == steps.CELL_RESOLUTION:
        if case.former_member is not None:
            _check_readmission(case, case.former_member, done_on)
        _check_age(case, done_on)
        _check_introducers(case, done)
        for guard in steps.VOTE_GUARDS:
            guard(case, done_on)
    if form_code == steps.DECISION:
        received_on = received_on or done_on
        _check_received(received_on, done_on)
        case.decision_received_on = received_on
    elif received_on is not None:
        raise ValidationError({"received_on": _("Ngày nhận chỉ ghi cho quyết định kết nạp (9-KNĐ).")})
    step = AdmissionStep(
        case=case,
        form_code=form_code,
        done_on=done_on,
        document_number=document_number.strip(),
        note=note,
        recorded_by=actor.audit_user,
    )
    if spec.vote:
        _check_votes(votes)
        assert votes is not None
        step.votes_for, step.votes_against, step.votes_total = votes.votes_for, votes.votes_against, votes.total
        step.approved = _vote_passes(form_code, votes)
    step.save()
    _advance(case, step)
    log(
        AuditAction.UPDATE,
        case,
        by=actor,
        data={"form_code": form_code, "done_on": done_on.isoformat(), "approved": step.approved, "stage": case.stage},
    )
    return step


def _advance(case: AdmissionCase, step: AdmissionStep) -> None:
    spec = steps.SPECS[step.form_code]
    if step.approved is False:
        if step.form_code == steps.CELL_RESOLUTION:
            failed = case.steps.filter(form_code=steps.CELL_RESOLUTION, approved=False).count()
            if failed >= MAX_CELL_VOTES:
                case.stage = Stage.ESCALATED
        else:
            case.stage = Stage.REJECTED
    elif spec.stage and STAGE_ORDER.index(spec.stage) > STAGE_ORDER.index(case.stage):
        case.stage = spec.stage
    if step.form_code == steps.CELL_RESOLUTION and step.approved:
        case.decision_due_on = add_working_days(step.done_on, DECISION_LIMIT_WORKING_DAYS)
    if step.form_code == steps.DECISION:
        received = case.decision_received_on or step.done_on
        case.ceremony_due_on = add_working_days(received, CEREMONY_LIMIT_WORKING_DAYS)
    case.save(update_fields=["stage", "decision_due_on", "ceremony_due_on", "decision_received_on"])


def _check_received(received_on: dt.date, signed_on: dt.date) -> None:
    if received_on < signed_on:
        raise ValidationError(
            {"received_on": _("Ngày nhận quyết định không được trước ngày ký (%(d)s).") % {"d": _date(signed_on)}}
        )
    if received_on > timezone.localdate():
        raise ValidationError({"received_on": _("Ngày nhận quyết định không được sau hôm nay.")})


@transaction.atomic
def set_decision_received(*, case: AdmissionCase, received_on: dt.date, actor: Actor) -> AdmissionCase:
    """Correct the day the cell received the 9-KNĐ before the ceremony; the ceremony's deadline follows. Audited."""
    actor.require(policy.CREATE_MEMBERS, case.organization)
    case = AdmissionCase.objects.select_for_update().get(pk=case.pk)
    decision = _done(case).get(steps.DECISION)
    if case.stage != Stage.DECIDED or decision is None:
        raise ValidationError(
            {"received_on": _("Chỉ ghi ngày nhận quyết định khi đã có quyết định và chưa tổ chức lễ kết nạp.")}
        )
    _check_received(received_on, decision.done_on)
    before = case.decision_received_on
    case.decision_received_on = received_on
    case.ceremony_due_on = add_working_days(received_on, CEREMONY_LIMIT_WORKING_DAYS)
    case.save(update_fields=["decision_received_on", "ceremony_due_on"])
    log(
        AuditAction.UPDATE,
        case,
        by=actor,
        data={
            "decision_received_on": [before.isoformat() if before else None, received_on.isoformat()],
            "ceremony_due_on": case.ceremony_due_on.isoformat(),
        },
    )
    return case


@transaction.atomic
def add_sponsor(
    *, case: AdmissionCase, sponsor: Member, role: str, known_since: dt.date | None, actor: Actor
) -> Sponsorship:
    """294-QĐ/TW: the introducer is an official member who has worked with the candidate ≥ 1 year."""
    actor.require(policy.CREATE_MEMBERS, case.organization)
    if sponsor.status != MemberStatus.OFFICIAL:
        raise ValidationError({"sponsor": _("Người giới thiệu, giúp đỡ phải là đảng viên chính thức.")})
    if role not in Sponsorship.Role.values:
        raise ValidationError({"role": _("Vai trò không hợp lệ.")})
    if role == Sponsorship.Role.SPONSOR:
        application = _done(case).get(steps.APPLICATION)
        if application is None:
            raise ValidationError({"sponsor": _("Ghi người giới thiệu sau khi có đơn xin vào Đảng (1-KNĐ).")})
        if known_since is None or add_months(known_since, 12) > application.done_on:
            raise ValidationError(
                {
                    "known_since": _(
                        "Người giới thiệu phải cùng công tác, sinh sống với người xin vào Đảng ít nhất "
                        "một năm tính đến ngày làm đơn (%(d)s)."
                    )
                    % {"d": _date(application.done_on)}
                }
            )
    if Sponsorship.objects.filter(case=case, sponsor=sponsor, role=role).exists():
        raise ValidationError({"sponsor": _("Đảng viên này đã được ghi với vai trò này.")})
    link = Sponsorship.objects.create(case=case, sponsor=sponsor, role=role, known_since=known_since)
    log(AuditAction.UPDATE, case, by=actor, data={"sponsor": sponsor.pk, "role": role})
    return link


@transaction.atomic
def admit_member(
    *, case: AdmissionCase, ceremony_on: dt.date, actor: Actor, late_consent: str = "", note: str = ""
) -> Member:
    """Hold the lễ kết nạp: creates the probationary Member (joined_on = ceremony), or for a re-admission makes the
    former record probationary again, and closes the case."""
    actor.require(policy.CREATE_MEMBERS, case.organization)
    case = AdmissionCase.objects.select_for_update().select_related("organization").get(pk=case.pk)
    decision = _done(case).get(steps.DECISION)
    if case.stage != Stage.DECIDED or decision is None:
        raise ValidationError({"form_code": _("Chỉ tổ chức lễ kết nạp sau khi có quyết định kết nạp (9-KNĐ).")})
    received = case.decision_received_on or decision.done_on
    if ceremony_on < received:
        raise ValidationError(
            {"done_on": _("Lễ kết nạp không được trước ngày chi bộ nhận quyết định (%(d)s).") % {"d": _date(received)}}
        )
    if late_consent:
        case.late_ceremony_consent = late_consent
    due = case.ceremony_due_on or add_working_days(received, CEREMONY_LIMIT_WORKING_DAYS)
    if ceremony_on > due and not case.late_ceremony_consent:
        raise ValidationError(
            {
                "done_on": _(
                    "Lễ kết nạp quá hạn 30 ngày làm việc kể từ ngày chi bộ nhận quyết định (hạn %(d)s): cần ghi "
                    "văn bản đồng ý của cấp ủy cấp trên trực tiếp."
                )
                % {"d": _date(due)}
            }
        )
    if not case.former_member_id and case.citizen_id:
        # A case opened before the record was linked: the citizen ID of someone who left makes it a re-admission.
        holder = Member.objects.filter(citizen_id=case.citizen_id, status=MemberStatus.LEFT).first()
        if holder is not None:
            case.former_member, case.is_readmission = holder, True
            case.save(update_fields=["former_member", "is_readmission"])
    if case.former_member is not None:
        # Kết nạp lại (294-QĐ/TW §3.5.1): the same record, probationary again; Party age keeps the first decision.
        _check_readmission(case, case.former_member, ceremony_on)
        member = readmit_member(
            member=case.former_member,
            organization=case.organization,
            decision_on=decision.done_on,
            ceremony_on=ceremony_on,
            decision_number=decision.document_number,
            actor=actor,
        )
    else:
        data = {f: getattr(case, f) for f in IDENTITY_FIELDS}
        data.update(joined_on=ceremony_on, admission_decision_on=decision.done_on, occupation_before=case.occupation)
        member = create_member(data=data, organization=case.organization, actor=actor, status=MemberStatus.PROBATIONARY)
    AdmissionStep.objects.create(
        case=case,
        form_code=steps.CEREMONY,
        done_on=ceremony_on,
        note=note,
        recorded_by=actor.audit_user,
    )
    case.member = member
    case.stage = Stage.ADMITTED
    case.save(update_fields=["member", "stage", "late_ceremony_consent"])
    log(AuditAction.STATUS, case, by=actor, data={"member": member.pk, "ceremony_on": ceremony_on.isoformat()})
    return member


@transaction.atomic
def attach_file(*, step: AdmissionStep, name: str, data: bytes, actor: Actor) -> StepAttachment:
    """Keep the scan or file of a recorded step (checked by content and size; see sotay.core.uploads)."""
    actor.require(policy.CREATE_MEMBERS, step.case.organization)
    import uuid

    from django.core.files.base import ContentFile

    from sotay.core.uploads import check_upload

    clean_name, kind, content_type = check_upload(name, data)
    attachment = StepAttachment(
        step=step,
        original_name=clean_name,
        content_type=content_type,
        size=len(data),
        uploaded_by=actor.audit_user,
    )
    attachment.file.save(f"{uuid.uuid4().hex}.{kind}", ContentFile(data), save=False)
    try:  # every check has passed: only a database failure can leave the file without its row
        attachment.save()
    except Exception:
        if attachment.file.name:  # set by file.save above
            attachment.file.storage.delete(attachment.file.name)
        raise
    log(AuditAction.UPDATE, step.case, by=actor, data={"step": step.form_code, "attachment": clean_name})
    return attachment


def record_case_view(*, case: AdmissionCase, actor: Actor, page: str = "admission") -> None:
    """Reading a candidate's file (identity, background, sponsors' verdicts) is logged like a member's profile
    (docs/rules/personal-data.md#nhật-ký-xem-và-xuất-hồ-sơ: every view and export of a profile)."""
    actor.require(policy.VIEW_MEMBERS, case.organization)
    with transaction.atomic():
        log(AuditAction.VIEW, case, by=actor, organization=case.organization, data={"page": page})
