"""Writes of inspection and supervision: each takes `actor: Actor`, checks `policy.MANAGE_INSPECTION` on the planning
committee, runs in one transaction and writes the audit log."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sotay.audit.log import log
from sotay.audit.models import AuditAction
from sotay.lib.vntext import nfc
from sotay.members.models import Member
from sotay.orgs import policy
from sotay.orgs.actor import Actor
from sotay.orgs.models import CELL_KINDS, Organization, is_within

from .models import INSPECTION_RESULTS, SUPERVISION_RESULTS, Body, Inspection, Kind, Plan, Recommendation, Status

PERM = policy.MANAGE_INSPECTION


def _text(value: str | None) -> str:
    return nfc(value or "").strip()


def _d(day: dt.date) -> str:
    return f"{day:%d/%m/%Y}"


@transaction.atomic
def create_plan(*, actor: Actor, organization: Organization, year: int, title: str, decision_number: str = "") -> Plan:
    """The committee's inspection and supervision plan for `year` (one per committee and year)."""
    actor.require(PERM, organization)
    title = _text(title)
    errors: dict[str, str] = {}
    if organization.kind in CELL_KINDS:
        errors["organization"] = _("Kế hoạch kiểm tra, giám sát do cấp ủy từ cơ sở trở lên lập.")
    if not title:
        errors["title"] = _("Cần ghi tên kế hoạch.")
    if not 2000 <= year <= 2100:
        errors["year"] = _("Năm không hợp lệ.")
    elif Plan.objects.filter(organization=organization, year=year).exists():
        errors["year"] = _("%(o)s đã có kế hoạch năm %(y)s.") % {"o": organization.name, "y": year}
    if errors:
        raise ValidationError(errors)
    plan = Plan.objects.create(
        organization=organization, year=year, title=title, decision_number=_text(decision_number)
    )
    log(AuditAction.CREATE, plan, by=actor, organization=organization, data={"year": year})
    return plan


@transaction.atomic
def add_inspection(
    *,
    actor: Actor,
    plan: Plan,
    kind: str,
    body: str,
    content: str,
    period_start: dt.date,
    period_end: dt.date,
    subject_organization: Organization | None = None,
    subject_member: Member | None = None,
) -> Inspection:
    """Add an inspection or a thematic supervision of an organisation or a member of the committee's subtree."""
    actor.require(PERM, plan.organization)
    errors: dict[str, str] = {}
    if (subject_organization is None) == (subject_member is None):
        errors["subject"] = _("Chọn một tổ chức đảng hoặc một đảng viên được kiểm tra, giám sát.")
    else:
        where = subject_member.organization if subject_member is not None else subject_organization
        if where is None or not is_within(where, plan.organization):
            errors["subject"] = _("Đối tượng không thuộc phạm vi của %(o)s.") % {"o": plan.organization.name}
    if kind not in Kind.values:
        errors["kind"] = _("Chọn kiểm tra hoặc giám sát chuyên đề.")
    if body not in Body.values:
        errors["body"] = _("Chọn cơ quan chủ trì: cấp ủy hoặc ủy ban kiểm tra.")
    content = _text(content)
    if not content:
        errors["content"] = _("Cần ghi nội dung.")
    if period_end < period_start:
        errors["period_end"] = _("Ngày kết thúc không được trước ngày bắt đầu.")
    elif period_start.year != plan.year and period_end.year != plan.year:
        errors["period_start"] = _("Thời gian phải thuộc năm %(y)s của kế hoạch.") % {"y": plan.year}
    if errors:
        raise ValidationError(errors)
    inspection = Inspection.objects.create(
        plan=plan,
        organization=plan.organization,
        kind=kind,
        body=body,
        content=content,
        period_start=period_start,
        period_end=period_end,
        subject_organization=subject_organization,
        subject_member=subject_member,
    )
    log(AuditAction.CREATE, inspection, by=actor, organization=plan.organization, data={"kind": kind, "body": body})
    return inspection


@transaction.atomic
def record_decision(
    *, actor: Actor, inspection: Inspection, decision_number: str, decision_on: dt.date, team: str
) -> Inspection:
    """The decision to carry out the inspection (or supervision) and its team."""
    inspection = Inspection.objects.select_for_update().get(pk=inspection.pk)
    actor.require(PERM, inspection.organization)
    number, team = _text(decision_number), _text(team)
    errors: dict[str, str] = {}
    if inspection.status in (Status.CONCLUDED, Status.CANCELLED):
        errors["decision_number"] = _("Cuộc kiểm tra, giám sát đã kết thúc.")
    if not number:
        errors["decision_number"] = _("Cần ghi số quyết định.")
    if not team:
        errors["team"] = _("Cần ghi thành phần đoàn (tổ) kiểm tra, giám sát.")
    if decision_on > timezone.localdate():
        errors["decision_on"] = _("Ngày quyết định không được sau hôm nay.")
    if errors:
        raise ValidationError(errors)
    inspection.decision_number, inspection.decision_on, inspection.team = number, decision_on, team
    inspection.status = Status.DECIDED
    inspection.save(update_fields=["decision_number", "decision_on", "team", "status"])
    log(AuditAction.UPDATE, inspection, by=actor, data={"decision_number": number, "decision_on": str(decision_on)})
    return inspection


@transaction.atomic
def record_conclusion(
    *,
    actor: Actor,
    inspection: Inspection,
    concluded_on: dt.date,
    result: str,
    findings: str,
    conclusion_number: str = "",
) -> Inspection:
    """The conclusion of an inspection (or the lighter result of a supervision, which may be a cảnh báo)."""
    inspection = Inspection.objects.select_for_update().get(pk=inspection.pk)
    actor.require(PERM, inspection.organization)
    findings = _text(findings)
    allowed = INSPECTION_RESULTS if inspection.kind == Kind.INSPECTION else SUPERVISION_RESULTS
    errors: dict[str, str] = {}
    if inspection.status == Status.CANCELLED:
        errors["result"] = _("Cuộc kiểm tra, giám sát đã hủy.")
    if inspection.kind == Kind.INSPECTION and inspection.status == Status.PLANNED:
        errors["result"] = _("Chưa có quyết định kiểm tra: ghi quyết định và đoàn kiểm tra trước.")
    if result not in allowed:
        errors["result"] = _("Kết quả không áp dụng cho %(k)s.") % {"k": inspection.get_kind_display().lower()}
    if not findings:
        errors["findings"] = _("Cần ghi kết luận, nhận xét.")
    if concluded_on > timezone.localdate():
        errors["concluded_on"] = _("Ngày kết luận không được sau hôm nay.")
    elif inspection.decision_on and concluded_on < inspection.decision_on:
        errors["concluded_on"] = _("Ngày kết luận không được trước ngày quyết định (%(d)s).") % {
            "d": _d(inspection.decision_on)
        }
    if errors:
        raise ValidationError(errors)
    inspection.concluded_on, inspection.result, inspection.findings = concluded_on, result, findings
    inspection.conclusion_number = _text(conclusion_number)
    inspection.status = Status.CONCLUDED
    inspection.save(update_fields=["concluded_on", "result", "findings", "conclusion_number", "status"])
    log(AuditAction.UPDATE, inspection, by=actor, data={"concluded_on": str(concluded_on), "result": result})
    return inspection


@transaction.atomic
def add_recommendation(
    *, actor: Actor, inspection: Inspection, text: str, addressee: str, due_on: dt.date
) -> Recommendation:
    actor.require(PERM, inspection.organization)
    text, addressee = _text(text), _text(addressee)
    errors: dict[str, str] = {}
    if not text:
        errors["text"] = _("Cần ghi nội dung kiến nghị.")
    if not addressee:
        errors["addressee"] = _("Cần ghi tổ chức, cá nhân thực hiện.")
    start = inspection.concluded_on or inspection.decision_on or inspection.period_start
    if due_on < start:
        errors["due_on"] = _("Hạn hoàn thành không được trước %(d)s.") % {"d": _d(start)}
    if errors:
        raise ValidationError(errors)
    item = Recommendation.objects.create(
        inspection=inspection, organization=inspection.organization, text=text, addressee=addressee, due_on=due_on
    )
    log(AuditAction.CREATE, item, by=actor, data={"inspection": inspection.pk, "due_on": str(due_on)})
    return item


@transaction.atomic
def complete_recommendation(*, actor: Actor, item: Recommendation, done_on: dt.date, note: str = "") -> Recommendation:
    """Record that a recommendation was carried out (the follow-up, like the review of a meeting task)."""
    item = Recommendation.objects.select_for_update().select_related("inspection").get(pk=item.pk)
    actor.require(PERM, item.organization)
    errors: dict[str, str] = {}
    if item.done_on is not None:
        errors["done_on"] = _("Kiến nghị đã được ghi hoàn thành ngày %(d)s.") % {"d": _d(item.done_on)}
    elif done_on > timezone.localdate():
        errors["done_on"] = _("Ngày hoàn thành không được sau hôm nay.")
    elif item.inspection.concluded_on and done_on < item.inspection.concluded_on:
        errors["done_on"] = _("Ngày hoàn thành không được trước ngày kết luận (%(d)s).") % {
            "d": _d(item.inspection.concluded_on)
        }
    if errors:
        raise ValidationError(errors)
    item.done_on, item.done_note = done_on, _text(note)
    item.save(update_fields=["done_on", "done_note"])
    log(AuditAction.UPDATE, item, by=actor, data={"done_on": str(done_on)})
    return item
