"""Dues on the phone: the month's collection as cards (name, amount due, "Đã thu" in one tap, another amount when the
member pays part), and the member's own dues status. Views and templates only: every payment goes through
`services.record_dues_payment`, whose rules are unchanged here."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from sotay.accounts.http import AuthedRequest
from sotay.members.access import get_member_for_user
from sotay.orgs import policy
from sotay.orgs.access import get_org_for_user
from sotay.orgs.actor import Actor
from sotay.orgs.models import is_within

from . import ledger, payments, services
from .models import DuesPayment, PaymentChannel

TEMPLATE = "dues/collect.html"


def _month(year: int, month: int) -> dt.date:
    try:
        return dt.date(year, month, 1)
    except ValueError:
        raise Http404("Tháng không hợp lệ.") from None


def _undo_by_member(org, day: dt.date, rows: list[ledger.SheetRow]) -> dict[int, int]:
    """The newest payment of the month per member that may still be undone (one query)."""
    found = payments.undoable(
        DuesPayment.objects.filter(month=day, member_id__in=[r.member.pk for r in rows])
    ).order_by("created_at", "pk")
    return dict(found.values_list("member_id", "pk"))


def _totals(rows: list[ledger.SheetRow]) -> dict:
    computed = [r for r in rows if r.due]
    return {
        "due": sum(r.due or 0 for r in rows),
        "paid": sum(r.paid for r in rows),
        "done": sum(1 for r in computed if r.balance is not None and r.balance <= 0),
        "people": len(computed),
        "missing": sum(1 for r in rows if r.due is None),
    }


@require_GET
def collect(request: AuthedRequest, org_id: int, year: int, month: int) -> HttpResponse:
    org = get_org_for_user(request.user, org_id, perm=policy.CHANGE_MEMBERS)
    day = _month(year, month)
    rows = ledger.collection_sheet(org, day)
    previous = (day - dt.timedelta(days=1)).replace(day=1)
    following = (day + dt.timedelta(days=32)).replace(day=1)
    context = {
        "org": org,
        "month": day,
        "rows": rows,
        "totals": _totals(rows),
        "undo": _undo_by_member(org, day, rows),
        "previous": previous,
        "following": following,
        "channels": PaymentChannel.choices,
    }
    return render(request, TEMPLATE, context)


@require_POST
def collect_pay(request: AuthedRequest, org_id: int, year: int, month: int, member_id: int) -> HttpResponse:
    """One tap: the remaining balance, paid today in cash; or the amount typed (part of it, or more when ticked)."""
    org = get_org_for_user(request.user, org_id, perm=policy.CHANGE_MEMBERS)
    day = _month(year, month)
    member = get_member_for_user(request.user, member_id, perm=policy.CHANGE_MEMBERS)
    if not is_within(member.organization, org):
        raise Http404("Không tìm thấy đảng viên.")
    error = ""
    totals = ledger.month_totals(member, day)
    raw = (request.POST.get("amount") or "").replace(".", "").replace(",", "").replace(" ", "").strip()
    channel = request.POST.get("channel") or PaymentChannel.CASH
    try:
        amount = int(raw) if raw else (totals.balance if totals else 0)
    except ValueError:
        error = _("Số tiền phải là số nguyên (đồng), ví dụ 30000.")
        amount = 0
    if not error:
        try:
            services.record_dues_payment(
                member=member,
                month=day,
                amount=amount,
                paid_on=timezone.localdate(),
                channel=channel,
                pays_more=bool(request.POST.get("pays_more")),
                actor=Actor.from_request(request),
            )
        except ValidationError as exc:
            error = " ".join(exc.messages)
    if not request.htmx:
        if error:
            messages.error(request, error)
        else:
            messages.success(request, _("Đã thu đảng phí của %(n)s.") % {"n": member.full_name})
        url = reverse("dues:collect", kwargs={"org_id": org.pk, "year": day.year, "month": day.month})
        return redirect(f"{url}#d{member.pk}")
    return _card_response(request, org, day, member, error=error, done=_("Đã ghi.") if not error else "")


def _card_response(request: AuthedRequest, org, day: dt.date, member, *, error: str, done: str) -> HttpResponse:
    """The member's card again (htmx) and the month's totals out of band."""
    rows = ledger.collection_sheet(org, day)
    row = next((r for r in rows if r.member.pk == member.pk), None)
    if row is None:
        raise Http404
    base = {"org": org, "month": day, "channels": PaymentChannel.choices, "undo": _undo_by_member(org, day, [row])}
    html = render_to_string(f"{TEMPLATE}#card", {**base, "r": row, "error": error, "done": done}, request=request)
    html += render_to_string(f"{TEMPLATE}#totals", {**base, "totals": _totals(rows), "oob": True}, request=request)
    return HttpResponse(html)


@require_POST
def collect_undo(request: AuthedRequest, org_id: int, year: int, month: int, member_id: int) -> HttpResponse:
    """ "Hoàn tác": take back the payment just recorded for the wrong member (payments.undo_payment says until when)."""
    org = get_org_for_user(request.user, org_id, perm=policy.CHANGE_MEMBERS)
    day = _month(year, month)
    member = get_member_for_user(request.user, member_id, perm=policy.CHANGE_MEMBERS)
    if not is_within(member.organization, org):
        raise Http404("Không tìm thấy đảng viên.")
    payment_id = _int(request.POST.get("payment"))
    payment = (
        DuesPayment.objects.filter(pk=payment_id, member=member, month=day).first() if payment_id is not None else None
    )
    error = ""
    if payment is None:
        error = _("Không còn khoản thu này để hoàn tác.")
    else:
        try:
            payments.undo_payment(payment=payment, actor=Actor.from_request(request))
        except ValidationError as exc:
            error = " ".join(exc.messages)
    done = "" if error else _("Đã hoàn tác khoản thu của %(n)s.") % {"n": member.full_name}
    if not request.htmx:
        messages.error(request, error) if error else messages.success(request, done)
        url = reverse("dues:collect", kwargs={"org_id": org.pk, "year": day.year, "month": day.month})
        return redirect(f"{url}#d{member.pk}")
    return _card_response(request, org, day, member, error=error, done=done)


def _int(raw) -> int | None:
    try:
        return int(raw)
    except (TypeError, ValueError):
        return None


@require_GET
def my_dues(request: AuthedRequest) -> HttpResponse:
    """The member's own dues: this month's amount and what is paid, the months still owed, the latest months."""
    member = getattr(request.user, "member", None)
    if member is None:
        raise Http404("Tài khoản chưa gắn với hồ sơ đảng viên.")
    today = timezone.localdate()
    context = {
        "member": member,
        "this_month": ledger.month_totals(member, today.replace(day=1)),
        "month": today.replace(day=1),
        "arrears": ledger.arrears(member, today),
        "history": ledger.history(member, 12),
    }
    return render(request, "dues/mine.html", context)
