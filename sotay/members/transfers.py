"""The transfer workflow (chuyển sinh hoạt đảng, docs/rules/transfers.md#chuyển-sinh-hoạt-chính-thức; 294-QĐ/TW §6.3.1):
letter, arrival, deadlines.

- Official within 60 working days of the decision or move (`start_due_on`); the member presents the letter to the
  receiving chi ủy within 30 working days of its issue (`present_due_on`).
- Within the province the member stays in the old cell until the receiving cell records arrival; an official
  transfer then moves them (periods and history follow), a temporary one only attaches them to the host cell.
- Out of the province (`to_org` empty) an official letter marks the member TRANSFERRED_OUT on its issue date.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from sotay.audit.log import log
from sotay.audit.models import AuditAction
from sotay.lib.vntext import nfc
from sotay.orgs import policy
from sotay.orgs.actor import Actor
from sotay.orgs.models import Organization, subtree_filter
from sotay.rules.calendar import add_working_days

from . import counts, services
from .choices import ACTIVE_STATUSES, MemberStatus
from .models import Member, MemberChange, MemberPeriod, TemporaryAttachment, Transfer

START_WORKING_DAYS = 60  # official transfer after the decision or the move
PRESENT_WORKING_DAYS = 30  # presenting the letter to the receiving chi ủy


def _d(day: dt.date) -> str:
    return f"{day:%d/%m/%Y}"


def _history(member: Member, by, changes: dict, *, number: str = "", on: dt.date | None = None) -> None:
    MemberChange.objects.create(
        member=member,
        by=services._user(by),
        kind=MemberChange.Kind.LETTER,
        changes=changes,
        decision_number=number,
        decision_on=on,
    )


def _check_issue(
    member: Member,
    *,
    kind: str,
    to_org: Organization | None,
    destination_text: str,
    letter_number: str,
    issued_on: dt.date,
    decided_on: dt.date,
) -> None:
    errors: dict[str, str] = {}
    if kind not in Transfer.Kind.values:
        errors["kind"] = _("Loại chuyển sinh hoạt không hợp lệ.")
    if member.status not in ACTIVE_STATUSES:
        raise ValidationError(_("Chỉ chuyển sinh hoạt cho đảng viên đang sinh hoạt."))
    if Transfer.objects.filter(member=member, status=Transfer.Status.OPEN).exists():
        raise ValidationError(_("Đảng viên này đang có giấy giới thiệu chưa hoàn tất; hãy ghi nhận hoặc hủy trước."))
    if to_org is not None and destination_text:
        errors["destination_text"] = _("Chỉ ghi nơi chuyển đến ngoài tỉnh khi không chọn chi bộ trong tỉnh.")
    elif to_org is None and not destination_text:
        errors["to"] = _("Cần chọn chi bộ chuyển đến, hoặc ghi nơi chuyển đến ngoài tỉnh.")
    elif to_org is not None:
        if not to_org.is_cell:
            errors["to"] = _("Đảng viên chỉ sinh hoạt ở chi bộ; “%(o)s” là %(k)s.") % {
                "o": to_org.name,
                "k": to_org.get_kind_display(),
            }
        elif not to_org.is_active:
            errors["to"] = _("Chi bộ “%(o)s” đã hết hiệu lực.") % {"o": to_org.name}
        elif to_org.pk == member.organization_id:
            errors["to"] = _("Đảng viên đang sinh hoạt ở chi bộ này.")
    if not letter_number:
        errors["letter_number"] = _("Cần ghi số giấy giới thiệu.")
    if issued_on > timezone.localdate():
        errors["issued_on"] = _("Ngày cấp giấy không được sau ngày hôm nay.")
    elif issued_on < decided_on:
        errors["issued_on"] = _("Ngày cấp giấy không được trước ngày quyết định hoặc chuyển nơi ở (%(d)s).") % {
            "d": _d(decided_on)
        }
    if decided_on < member.joined_on:
        errors["decided_on"] = _("Ngày quyết định không được trước ngày vào Đảng.")
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def issue_transfer(
    *,
    member: Member,
    kind: str = Transfer.Kind.OFFICIAL,
    to_org: Organization | None = None,
    destination_text: str = "",
    letter_number: str,
    issued_on: dt.date,
    decided_on: dt.date,
    issuing_body: str = "",
    note: str = "",
    actor: Actor,
) -> Transfer:
    """Record the giấy giới thiệu. In the province nothing moves yet; an official letter out of it ends membership
    here (TRANSFERRED_OUT on the issue date)."""
    actor.require(policy.CHANGE_MEMBERS, member.organization)
    member = Member.objects.select_for_update().select_related("organization").get(pk=member.pk)
    destination_text, letter_number = nfc(destination_text).strip(), nfc(letter_number).strip()
    _check_issue(
        member,
        kind=kind,
        to_org=to_org,
        destination_text=destination_text,
        letter_number=letter_number,
        issued_on=issued_on,
        decided_on=decided_on,
    )
    transfer = Transfer.objects.create(
        member=member,
        kind=kind,
        from_org=member.organization,
        to_org=to_org,
        destination_text=destination_text,
        letter_number=letter_number,
        issued_on=issued_on,
        issuing_body=nfc(issuing_body).strip(),
        decided_on=decided_on,
        start_due_on=add_working_days(decided_on, START_WORKING_DAYS),
        present_due_on=add_working_days(issued_on, PRESENT_WORKING_DAYS),
        note=nfc(note).strip(),
    )
    _history(
        member,
        actor,
        {"transfer": ["", f"{transfer.get_kind_display()}: {member.organization.name} → {transfer.destination}"]},
        number=letter_number,
        on=issued_on,
    )
    log(
        AuditAction.TRANSFER,
        member,
        by=actor,
        organization=member.organization,
        data={"transfer": transfer.pk, "letter": letter_number, "kind": kind, "to": transfer.destination},
    )
    if to_org is None and kind == Transfer.Kind.OFFICIAL:
        services.change_member_status(
            member=member,
            status=MemberStatus.TRANSFERRED_OUT,
            on=issued_on,
            actor=actor,
            decision_number=letter_number,
            decision_on=issued_on,
            reason=_("Chuyển sinh hoạt đến %(d)s") % {"d": destination_text},
        )
    return transfer


@transaction.atomic
def receive_transfer(*, transfer: Transfer, received_on: dt.date, actor: Actor) -> Transfer:
    """The receiving cell records the member's arrival (or, out of the province, the sender records the
    confirmation of receipt). Official in the province: the member moves on `received_on`."""
    # The receiving cell, or the sender for a transfer out of the province.
    actor.require(policy.CHANGE_MEMBERS, transfer.to_org or transfer.from_org)
    transfer = (
        Transfer.objects.select_for_update(of=("self",))
        .select_related("member", "to_org", "from_org")
        .get(pk=transfer.pk)
    )
    if transfer.status != Transfer.Status.OPEN:
        raise ValidationError(_("Giấy giới thiệu này đã được ghi nhận hoặc đã hủy."))
    if received_on < transfer.issued_on:
        raise ValidationError(
            {"received_on": _("Ngày đến không được trước ngày cấp giấy (%(d)s).") % {"d": _d(transfer.issued_on)}}
        )
    if received_on > timezone.localdate():
        raise ValidationError({"received_on": _("Ngày đến không được sau ngày hôm nay.")})
    member = Member.objects.select_for_update().get(pk=transfer.member_id)
    target = transfer.to_org
    if target is not None:
        if member.status not in ACTIVE_STATUSES or member.organization_id != transfer.from_org_id:
            raise ValidationError(_("Đảng viên không còn sinh hoạt ở nơi cấp giấy; hãy hủy giấy giới thiệu này."))
        if not target.is_active:
            raise ValidationError(_("Chi bộ “%(o)s” đã hết hiệu lực.") % {"o": target.name})
    transfer.status = Transfer.Status.RECEIVED
    transfer.received_on = received_on
    transfer.received_by = services._user(actor)
    transfer.save(update_fields=["status", "received_on", "received_by"])
    if target is not None and transfer.kind == Transfer.Kind.OFFICIAL:
        services.move_members(
            Member.objects.filter(pk=member.pk),
            to_org=target,
            actor=actor,
            decision_number=transfer.letter_number,
            decision_on=transfer.issued_on,
            on=received_on,
        )
    else:
        if target is not None:
            TemporaryAttachment.objects.create(member=member, host=target, transfer=transfer, valid_from=received_on)
        _history(
            member,
            actor,
            {"transfer": ["", _("Đã đến %(o)s ngày %(d)s") % {"o": transfer.destination, "d": _d(received_on)}]},
            number=transfer.letter_number,
            on=transfer.issued_on,
        )
    log(
        AuditAction.TRANSFER,
        member,
        by=actor,
        organization=target or transfer.from_org,
        data={"transfer": transfer.pk, "received_on": received_on.isoformat(), "to": transfer.destination},
    )
    return transfer


@transaction.atomic
def cancel_transfer(*, transfer: Transfer, actor: Actor, note: str = "") -> Transfer:
    """Withdraw an open letter. An official letter out of the province already ended membership here: that is
    not undone (the status change is final); such a letter cannot be cancelled."""
    actor.require(policy.CHANGE_MEMBERS, transfer.from_org)
    transfer = Transfer.objects.select_for_update(of=("self",)).select_related("member").get(pk=transfer.pk)
    if transfer.status != Transfer.Status.OPEN:
        raise ValidationError(_("Giấy giới thiệu này đã được ghi nhận hoặc đã hủy."))
    if transfer.to_org_id is None and transfer.kind == Transfer.Kind.OFFICIAL:
        raise ValidationError(_("Đảng viên đã chuyển ra ngoài tỉnh; không thể hủy giấy giới thiệu này."))
    transfer.status = Transfer.Status.CANCELLED
    if note:
        transfer.note = f"{transfer.note}\n{nfc(note).strip()}".strip()
    transfer.save(update_fields=["status", "note"])
    _history(
        transfer.member,
        actor,
        {"transfer": [transfer.destination, _("Đã hủy giấy giới thiệu")]},
        number=transfer.letter_number,
        on=transfer.issued_on,
    )
    log(AuditAction.TRANSFER, transfer.member, by=actor, data={"transfer": transfer.pk, "cancelled": True})
    return transfer


@transaction.atomic
def receive_from_outside(
    *,
    data: dict,
    organization: Organization,
    status: str,
    arrived_on: dt.date,
    letter_number: str,
    origin: str,
    actor: Actor,
) -> Member:
    """A member arriving from outside the province with a paper letter
    (docs/rules/transfers.md#chuyển-sinh-hoạt-chính-thức): registered in the receiving cell from the day they present
    it. Their time in the province (member periods, the increase–decrease report) starts on `arrived_on`, not on the day
    they joined the Party elsewhere."""
    actor.require(policy.CREATE_MEMBERS, organization)
    letter_number, origin = nfc(letter_number or "").strip(), nfc(origin or "").strip()
    errors: dict[str, str] = {}
    if not letter_number:
        errors["letter_number"] = _("Cần ghi số giấy giới thiệu.")
    if not origin:
        errors["origin"] = _("Cần ghi nơi chuyển đi (cấp ủy cấp giấy giới thiệu).")
    if arrived_on > timezone.localdate():
        errors["arrived_on"] = _("Ngày đến không được sau ngày hôm nay.")
    elif data.get("joined_on") and arrived_on < data["joined_on"]:
        errors["arrived_on"] = _("Ngày đến không được trước ngày vào Đảng.")
    if errors:
        raise ValidationError(errors)
    member = services.create_member(data=data, organization=organization, actor=actor, status=status)
    # The periods begin in this province on the day of arrival.
    with counts.tracking([member.pk]):
        MemberPeriod.objects.filter(member=member, valid_to__isnull=False, valid_to__lte=arrived_on).delete()
        MemberPeriod.objects.filter(member=member, valid_from__lt=arrived_on).update(valid_from=arrived_on)
    _history(
        member,
        actor,
        {"transfer": [origin, _("Đến %(o)s ngày %(d)s") % {"o": organization.name, "d": _d(arrived_on)}]},
        number=letter_number,
        on=arrived_on,
    )
    log(
        AuditAction.TRANSFER,
        member,
        by=actor,
        organization=organization,
        data={"from_outside": origin, "letter": letter_number, "arrived_on": arrived_on.isoformat()},
    )
    return member


@transaction.atomic
def end_temporary_attachment(
    *, attachment: TemporaryAttachment, ended_on: dt.date, actor: Actor
) -> TemporaryAttachment:
    """The member's temporary activity in the host cell ends (they return home or move officially)."""
    actor.require(policy.CHANGE_MEMBERS, attachment.host)
    attachment = (
        TemporaryAttachment.objects.select_for_update(of=("self",))
        .select_related("member", "host")
        .get(pk=attachment.pk)
    )
    if attachment.valid_to is not None:
        raise ValidationError(_("Sinh hoạt tạm thời này đã kết thúc ngày %(d)s.") % {"d": _d(attachment.valid_to)})
    if ended_on < attachment.valid_from:
        raise ValidationError(
            {"ended_on": _("Ngày kết thúc không được trước ngày bắt đầu (%(d)s).") % {"d": _d(attachment.valid_from)}}
        )
    if ended_on > timezone.localdate():
        raise ValidationError({"ended_on": _("Ngày kết thúc không được sau ngày hôm nay.")})
    attachment.valid_to = ended_on
    attachment.save(update_fields=["valid_to"])
    _history(
        attachment.member,
        actor,
        {"transfer": [attachment.host.name, _("Kết thúc sinh hoạt tạm thời ngày %(d)s") % {"d": _d(ended_on)}]},
    )
    log(
        AuditAction.TRANSFER,
        attachment.member,
        by=actor,
        organization=attachment.host,
        data={"attachment": attachment.pk, "ended_on": ended_on.isoformat()},
    )
    return attachment


def temporary_members(org: Organization) -> QuerySet[TemporaryAttachment]:
    """Members temporarily active in the subtree of `org` now (their home record is elsewhere)."""
    return (
        TemporaryAttachment.objects.filter(subtree_filter(org.path, "host__path"), valid_to__isnull=True)
        .select_related("member", "member__organization", "host")
        .order_by("member__name_sort_key")
    )


def open_transfers(org: Organization) -> QuerySet[Transfer]:
    """Open transfers leaving or arriving in the subtree of `org`."""
    return (
        Transfer.objects.filter(status=Transfer.Status.OPEN)
        .filter(subtree_filter(org.path, "from_org__path") | subtree_filter(org.path, "to_org__path"))
        .select_related("member", "from_org", "to_org")
    )


def overdue_transfers(org: Organization, on: dt.date) -> QuerySet[Transfer]:
    """Members "in transit" past the deadline on `on` (docs/rules/transfers.md#theo-dõi-đảng-viên-đang-chuyển): the
    letter not presented within 30 working days of issue, or an official transfer not completed within 60 working days
    of the decision or move."""
    late = Q(present_due_on__lt=on) | Q(kind=Transfer.Kind.OFFICIAL, start_due_on__lt=on)
    return open_transfers(org).filter(late).order_by("present_due_on", "pk")
