"""The log of handing over and lending member files (docs/rules/registers.md#sổ-giao-nhận-và-cho-mượn-hồ-sơ): lend,
return, list. Never deleted."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from sotay.audit.log import actor as _user
from sotay.audit.log import log
from sotay.audit.models import AuditAction
from sotay.lib.vntext import nfc
from sotay.orgs import policy
from sotay.orgs.actor import Actor
from sotay.orgs.models import Organization, subtree_filter

from .models import FileLoan, Member


@transaction.atomic
def lend_file(
    *,
    member: Member,
    borrower: str,
    purpose: str,
    documents: str,
    lent_on: dt.date,
    actor: Actor,
    kind: str = FileLoan.Kind.LOAN,
    borrower_unit: str = "",
    due_on: dt.date | None = None,
) -> FileLoan:
    actor.require(policy.CHANGE_MEMBERS, member.organization)
    borrower, purpose, documents = (nfc(v or "").strip() for v in (borrower, purpose, documents))
    errors: dict[str, str] = {}
    if not borrower:
        errors["borrower"] = _("Cần ghi người nhận hồ sơ.")
    if not purpose:
        errors["purpose"] = _("Cần ghi mục đích.")
    if not documents:
        errors["documents"] = _("Cần ghi tài liệu giao.")
    if lent_on > timezone.localdate():
        errors["lent_on"] = _("Ngày giao không được sau ngày hôm nay.")
    if due_on is not None and due_on < lent_on:
        errors["due_on"] = _("Ngày hẹn trả phải sau ngày giao.")
    if kind not in FileLoan.Kind.values:
        errors["kind"] = _("Loại không hợp lệ.")
    if errors:
        raise ValidationError(errors)
    loan = FileLoan.objects.create(
        member=member,
        organization=member.organization,
        kind=kind,
        borrower=borrower,
        borrower_unit=nfc(borrower_unit or "").strip(),
        purpose=purpose,
        documents=documents,
        lent_on=lent_on,
        due_on=due_on,
        lent_by=_user(actor),
    )
    log(AuditAction.CREATE, loan, by=actor, organization=member.organization, data={"member": member.pk, "kind": kind})
    return loan


@transaction.atomic
def return_file(*, loan: FileLoan, returned_on: dt.date, actor: Actor) -> FileLoan:
    actor.require(policy.CHANGE_MEMBERS, loan.member.organization)
    loan = FileLoan.objects.select_for_update(of=("self",)).select_related("member").get(pk=loan.pk)
    if loan.returned_on is not None:
        raise ValidationError(_("Hồ sơ đã được trả ngày %(d)s.") % {"d": f"{loan.returned_on:%d/%m/%Y}"})
    if returned_on < loan.lent_on:
        raise ValidationError({"returned_on": _("Ngày trả không được trước ngày giao.")})
    if returned_on > timezone.localdate():
        raise ValidationError({"returned_on": _("Ngày trả không được sau ngày hôm nay.")})
    loan.returned_on, loan.returned_to = returned_on, _user(actor)
    loan.save(update_fields=["returned_on", "returned_to"])
    log(
        AuditAction.UPDATE,
        loan,
        by=actor,
        organization=loan.organization,
        data={"returned_on": returned_on.isoformat()},
    )
    return loan


def loans_in(org: Organization) -> QuerySet[FileLoan]:
    """The log of a subtree: open entries first, then by date."""
    return (
        FileLoan.objects.filter(subtree_filter(org.path, "organization__path"))
        .select_related("member", "organization")
        .order_by(F("returned_on").asc(nulls_first=True), "-lent_on", "-pk")
    )
