"""Transfer pages (docs/rules/transfers.md#cấp-giấy-giới-thiệu): issue the letter from the profile, list
incoming/outgoing, record arrival."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from sotay.core import partydoc
from sotay.core.exports import export_response
from sotay.core.forms import add_form_errors
from sotay.orgs import policy
from sotay.orgs.access import find_org_for_user, get_org_for_user, org_for_list, province_orgs_for
from sotay.orgs.actor import Actor
from sotay.orgs.models import subtree_filter

from . import services, transfer_letter, transfers
from .access import get_member_for_user
from .forms import ArrivalForm, ReceiveForm, TransferForm
from .models import TemporaryAttachment, Transfer


@dataclass(frozen=True)
class TransferRow:
    """One open transfer of the list: late today or not, and what the viewer may do with it."""

    transfer: Transfer
    overdue: bool
    can_receive: bool
    can_print: bool


@require_http_methods(["GET", "POST"])
def member_transfer(request: HttpRequest, member_id: int) -> HttpResponse:
    """Issue the giấy giới thiệu; the member stays in the cell until the receiving cell records arrival."""
    member = get_member_for_user(request.user, member_id, perm=policy.CHANGE_MEMBERS)
    today = timezone.localdate()
    form = TransferForm(request.POST or None, initial={"issued_on": today, "decided_on": today})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            target = None
            if data["to"]:
                target = find_org_for_user(
                    request.user,
                    data["to"],
                    perm=policy.CHANGE_MEMBERS,
                    field="to",
                    candidates=province_orgs_for(request.user),
                )
            transfer = transfers.issue_transfer(
                member=member,
                kind=data["kind"],
                to_org=target,
                destination_text=data["destination_text"],
                letter_number=data["letter_number"],
                issued_on=data["issued_on"],
                decided_on=data["decided_on"],
                issuing_body=data["issuing_body"],
                note=data["note"],
                actor=Actor.from_request(request),
            )
        except ValidationError as exc:
            add_form_errors(form, exc)
        else:
            messages.success(
                request,
                _("Đã ghi giấy giới thiệu %(n)s đến %(o)s; hạn nộp giấy %(d)s.")
                % {"n": transfer.letter_number, "o": transfer.destination, "d": f"{transfer.present_due_on:%d/%m/%Y}"},
            )
            return redirect("members:detail", member_id=member.pk)
    pending = Transfer.objects.filter(member=member, status=Transfer.Status.OPEN).select_related("to_org").first()
    context = {
        "form": form,
        "member": member,
        "pending": pending,
        "can_cancel": pending is not None and policy.may_cancel_transfer(request.user, pending),
        "title": _("Chuyển sinh hoạt đảng"),
    }
    return render(request, "members/transfer_form.html", context)


@require_GET
def transfer_list(request: HttpRequest) -> HttpResponse:
    """Open transfers arriving in and leaving a subtree (?org=<id>), the overdue ones flagged with their dates."""
    user = request.user
    org = org_for_list(user, request.GET.get("org"), perm=policy.VIEW_MEMBERS)
    today = timezone.localdate()
    rows = [
        TransferRow(
            t,
            overdue=t.due_on < today,
            can_receive=policy.may_receive_transfer(user, t),
            can_print=policy.may_cancel_transfer(user, t),
        )
        for t in transfers.open_transfers(org).order_by("present_due_on", "pk")
    ]
    in_subtree = Transfer.objects.filter(subtree_filter(org.path, "to_org__path")).values_list("pk", flat=True)
    incoming_ids = set(in_subtree.filter(pk__in=[row.transfer.pk for row in rows]))
    context = {
        "org": org,
        "today": today,
        "incoming": [row for row in rows if row.transfer.pk in incoming_ids],
        "outgoing": [row for row in rows if row.transfer.pk not in incoming_ids],
        "overdue_count": sum(row.overdue for row in rows),
        "temporary": list(transfers.temporary_members(org)),
        "can_end_temporary": policy.user_has_permission_for_org(user, policy.CHANGE_MEMBERS, org),
    }
    return render(request, "members/transfers.html", context)


def _get_transfer(transfer_id: int) -> Transfer:
    transfer = Transfer.objects.select_related("member", "from_org", "to_org").filter(pk=transfer_id).first()
    if transfer is None:
        raise Http404("Không tìm thấy giấy giới thiệu.")
    return transfer


@require_POST
def transfer_receive(request: HttpRequest, transfer_id: int) -> HttpResponse:
    transfer = _get_transfer(transfer_id)
    if not policy.may_receive_transfer(request.user, transfer):
        raise Http404("Không tìm thấy giấy giới thiệu.")
    form = ReceiveForm(request.POST)
    back = transfer.to_org or transfer.from_org
    if not form.is_valid():
        messages.error(request, _("Ngày đến không hợp lệ (cần dạng dd/mm/yyyy)."))
        return redirect(f"{_list_url()}?org={back.pk}")
    try:
        transfers.receive_transfer(
            transfer=transfer, received_on=form.cleaned_data["received_on"], actor=Actor.from_request(request)
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(
            request,
            _("Đã ghi nhận đảng viên %(m)s đến ngày %(d)s.")
            % {"m": transfer.member.full_name, "d": f"{form.cleaned_data['received_on']:%d/%m/%Y}"},
        )
    return redirect(f"{_list_url()}?org={back.pk}")


@require_POST
def transfer_cancel(request: HttpRequest, transfer_id: int) -> HttpResponse:
    transfer = _get_transfer(transfer_id)
    if not policy.may_cancel_transfer(request.user, transfer):
        raise Http404("Không tìm thấy giấy giới thiệu.")
    try:
        transfers.cancel_transfer(
            transfer=transfer, actor=Actor.from_request(request), note=request.POST.get("note", "")
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Đã hủy giấy giới thiệu %(n)s.") % {"n": transfer.letter_number})
    return redirect("members:detail", member_id=transfer.member_id)


@require_http_methods(["GET", "POST"])
def arrival(request: HttpRequest, org_id: int) -> HttpResponse:
    """Register a member who arrives from outside the province with a paper letter."""
    org = get_org_for_user(request.user, org_id, perm=policy.CREATE_MEMBERS)
    initial = {"ethnicity": "01", "religion": "NONE", "status": "OFFICIAL", "arrived_on": timezone.localdate()}
    form = ArrivalForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k in services.EDITABLE_FIELDS}
        extra = {k: form.cleaned_data[k] for k in ("arrived_on", "letter_number", "origin")}
        try:
            member = transfers.receive_from_outside(
                data=data,
                organization=org,
                status=form.cleaned_data["status"],
                actor=Actor.from_request(request),
                **extra,
            )
        except ValidationError as exc:
            add_form_errors(form, exc)
        else:
            messages.success(request, _("Đã tiếp nhận đảng viên %(n)s.") % {"n": member.full_name})
            return redirect("members:detail", member_id=member.pk)
    title = _("Tiếp nhận đảng viên từ ngoài tỉnh")
    return render(request, "members/form.html", {"form": form, "org": org, "title": title})


@require_POST
def temporary_end(request: HttpRequest, attachment_id: int) -> HttpResponse:
    """The host cell records the end of a member's temporary activity there."""
    scope = policy.subtree_q(request.user, policy.CHANGE_MEMBERS, field="host__path")
    attachment = TemporaryAttachment.objects.filter(scope, pk=attachment_id).select_related("member", "host").first()
    if attachment is None:
        raise Http404("Không tìm thấy.")
    form = ReceiveForm({"received_on": request.POST.get("ended_on", "")})
    if not form.is_valid():
        messages.error(request, _("Ngày kết thúc không hợp lệ (cần dạng dd/mm/yyyy)."))
    else:
        try:
            transfers.end_temporary_attachment(
                attachment=attachment, ended_on=form.cleaned_data["received_on"], actor=Actor.from_request(request)
            )
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            name = attachment.member.full_name
            messages.success(request, _("Đã ghi kết thúc sinh hoạt tạm thời của %(n)s.") % {"n": name})
    return redirect(f"{_list_url()}?org={attachment.host_id}")


@require_GET
def transfer_letter_file(request: HttpRequest, transfer_id: int, fmt: str) -> HttpResponseBase:
    """The introduction letter as DOCX or PDF, for those who may issue it (the sending side); audited."""
    transfer = _get_transfer(transfer_id)
    if fmt not in ("docx", "pdf") or not policy.may_cancel_transfer(request.user, transfer):
        raise Http404("Không tìm thấy giấy giới thiệu.")
    document = transfer_letter.build(transfer)
    data = partydoc.render_docx(document) if fmt == "docx" else partydoc.render_pdf(document)
    return export_response(
        actor=Actor.from_request(request),
        kind="transfer_letter",
        subject=transfer.member,
        filename=document.filename(fmt),
        content=data,
        params={"letter": transfer.letter_number},
    )


def _list_url() -> str:
    return reverse("members:transfers")
