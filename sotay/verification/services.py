"""Writes and audited reads of verification cases. Each write takes `actor: Actor`, checks VERIFY_POLITICAL on the
verifying committee itself, runs in a transaction and writes the audit log; `record_read` logs every read."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sotay.audit.log import log
from sotay.audit.models import AuditAction
from sotay.lib.vntext import nfc
from sotay.orgs import policy
from sotay.orgs.actor import Actor
from sotay.orgs.models import Organization, is_within

from . import deadlines
from .models import Conclusion, Letter, Purpose, VerificationCase

if TYPE_CHECKING:
    from sotay.admissions.models import AdmissionCase
    from sotay.members.models import Member

PERM = policy.VERIFY_POLITICAL


def _text(value: str, field: str, *, required: bool = True, limit: int = 255) -> str:
    value = nfc((value or "").strip())
    if required and not value:
        raise ValidationError({field: _("Trường này là bắt buộc.")})
    return value[:limit]


def _not_future(day: dt.date, field: str) -> None:
    if day > timezone.localdate():
        raise ValidationError({field: _("Ngày không được sau hôm nay.")})


def record_read(*, actor: Actor, case: VerificationCase, page: str) -> None:
    """Every read of a case is in the audit log (the page or document read)."""
    actor.require(PERM, case.organization)
    log(AuditAction.VIEW, case, by=actor, data={"page": page, "verification": True})


@transaction.atomic
def open_case(
    *,
    actor: Actor,
    organization: Organization,
    purpose: str,
    full_name: str,
    birth_on: dt.date,
    declaration_received_on: dt.date,
    member: Member | None = None,
    admission_case: AdmissionCase | None = None,
) -> VerificationCase:
    actor.require(PERM, organization)
    if purpose not in Purpose.values:
        raise ValidationError({"purpose": _("Mục đích không hợp lệ.")})
    _not_future(declaration_received_on, "declaration_received_on")
    if birth_on >= declaration_received_on:
        raise ValidationError({"birth_on": _("Ngày sinh phải trước ngày nhận lý lịch.")})
    if admission_case is not None:
        if purpose != Purpose.ADMISSION:
            raise ValidationError({"purpose": _("Hồ sơ kết nạp chỉ gắn với thẩm tra để kết nạp.")})
        if not is_within(admission_case.organization, organization):
            raise ValidationError({"admission_case": _("Hồ sơ kết nạp không thuộc cấp ủy thẩm tra.")})
        if VerificationCase.objects.filter(admission_case=admission_case).exists():
            raise ValidationError({"admission_case": _("Hồ sơ kết nạp này đã có hồ sơ thẩm tra.")})
    if member is not None and not is_within(member.organization, organization):
        raise ValidationError({"member": _("Đảng viên không thuộc cấp ủy thẩm tra.")})
    case = VerificationCase.objects.create(
        organization=organization,
        purpose=purpose,
        full_name=_text(full_name, "full_name", limit=120),
        birth_on=birth_on,
        member=member,
        admission_case=admission_case,
        declaration_received_on=declaration_received_on,
        created_by=actor.audit_user,
    )
    log(
        AuditAction.CREATE,
        case,
        by=actor,
        data={"purpose": purpose, "admission_case": getattr(admission_case, "pk", None)},
    )
    return case


def _open(case: VerificationCase) -> None:
    if case.is_concluded:
        raise ValidationError(_("Hồ sơ đã có kết luận."))


@transaction.atomic
def send_letter(
    *,
    actor: Actor,
    case: VerificationCase,
    place: str,
    addressee: str,
    sent_on: dt.date,
    about: str = "",
    number: str = "",
) -> Letter:
    """A letter to a place to verify; its reply is due in working days (deadlines.letter_due)."""
    actor.require(PERM, case.organization)
    _open(case)
    if place not in Letter.Place.values:
        raise ValidationError({"place": _("Nơi thẩm tra không hợp lệ.")})
    _not_future(sent_on, "sent_on")
    if sent_on < case.declaration_received_on:
        raise ValidationError({"sent_on": _("Ngày gửi không được trước ngày nhận lý lịch.")})
    if place == Letter.Place.RELATIVE and not (about or "").strip():
        raise ValidationError({"about": _("Ghi tên và quan hệ của người thân được thẩm tra.")})
    letter = Letter.objects.create(
        case=case,
        place=place,
        addressee=_text(addressee, "addressee"),
        about=_text(about, "about", required=False, limit=200),
        number=_text(number, "number", required=False, limit=60),
        sent_on=sent_on,
        due_on=deadlines.letter_due(sent_on),
    )
    log(
        AuditAction.UPDATE,
        case,
        by=actor,
        data={"letter": letter.pk, "place": place, "sent_on": sent_on.isoformat(), "due_on": letter.due_on.isoformat()},
    )
    return letter


@transaction.atomic
def record_reply(*, actor: Actor, letter: Letter, reply_on: dt.date, result: str, summary: str = "") -> Letter:
    letter = Letter.objects.select_for_update(of=("self",)).select_related("case__organization").get(pk=letter.pk)
    actor.require(PERM, letter.case.organization)
    _open(letter.case)
    if letter.reply_on is not None:
        raise ValidationError(_("Công văn này đã có trả lời."))
    if result not in Letter.Result.values:
        raise ValidationError({"result": _("Chọn kết quả trả lời.")})
    _not_future(reply_on, "reply_on")
    if reply_on < letter.sent_on:
        raise ValidationError(
            {
                "reply_on": _("Ngày nhận trả lời không được trước ngày gửi (%(d)s).")
                % {"d": f"{letter.sent_on:%d/%m/%Y}"}
            }
        )
    if result == Letter.Result.ISSUES and not (summary or "").strip():
        raise ValidationError({"summary": _("Ghi nội dung vấn đề cần xem xét.")})
    letter.reply_on = reply_on
    letter.reply_result = result
    letter.reply_summary = _text(summary, "summary", required=False, limit=4000)
    letter.save(update_fields=["reply_on", "reply_result", "reply_summary"])
    log(
        AuditAction.UPDATE,
        letter.case,
        by=actor,
        data={"letter": letter.pk, "reply_on": reply_on.isoformat(), "result": result},
    )
    return letter


@transaction.atomic
def conclude(
    *, actor: Actor, case: VerificationCase, conclusion: str, deciding_body: str, concluded_on: dt.date, note: str = ""
) -> VerificationCase:
    """The deciding committee's conclusion, once every letter has its reply."""
    case = VerificationCase.objects.select_for_update(of=("self",)).select_related("organization").get(pk=case.pk)
    actor.require(PERM, case.organization)
    _open(case)
    if conclusion not in Conclusion.values:
        raise ValidationError({"conclusion": _("Chọn kết luận.")})
    if not case.letters.exists():
        raise ValidationError({"conclusion": _("Chưa gửi công văn thẩm tra nào.")})
    waiting = case.letters.filter(reply_on__isnull=True).count()
    if waiting:
        raise ValidationError({"conclusion": _("Còn %(n)s công văn chưa có trả lời.") % {"n": waiting}})
    _not_future(concluded_on, "concluded_on")
    last_reply = max(day for day in case.letters.values_list("reply_on", flat=True) if day is not None)
    if concluded_on < last_reply:
        raise ValidationError({"concluded_on": _("Ngày kết luận không được trước ngày nhận trả lời cuối cùng.")})
    if conclusion != Conclusion.MEETS and not (note or "").strip():
        raise ValidationError({"note": _("Ghi nội dung kết luận, điều kiện hoặc lý do.")})
    case.conclusion = conclusion
    case.deciding_body = _text(deciding_body, "deciding_body", limit=200)
    case.concluded_on = concluded_on
    case.conclusion_note = _text(note, "note", required=False, limit=4000)
    case.save(update_fields=["conclusion", "deciding_body", "concluded_on", "conclusion_note"])
    log(
        AuditAction.STATUS,
        case,
        by=actor,
        data={"conclusion": conclusion, "by": case.deciding_body, "on": concluded_on.isoformat()},
    )
    return case
