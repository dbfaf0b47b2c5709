"""Import pages: upload, preview with progress, fix the column mapping, confirm, roll back."""

from __future__ import annotations

import tempfile
from pathlib import Path

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django.views.decorators.vary import vary_on_headers
from django_htmx.http import HttpResponseClientRefresh

from sotay.accounts.http import AuthedRequest
from sotay.core.forms import add_form_errors
from sotay.members.history import describe
from sotay.orgs import policy
from sotay.orgs.access import find_org_for_user
from sotay.orgs.actor import Actor

from . import leases, services
from .access import batches_visible_to, get_batch_for_user
from .forms import EncodingForm, MappingForm, UploadForm
from .models import ImportBatch, ImportRow
from .preview import ENCODING_LABELS
from .reader import FileRefused

WORKING = {ImportBatch.Status.UPLOADED, ImportBatch.Status.PARSING, ImportBatch.Status.APPLYING}


def _require_importer(user) -> None:
    if not policy.user_has_permission(user, policy.CREATE_MEMBERS):
        raise Http404


@require_http_methods(["GET", "POST"])
def import_list(request: AuthedRequest) -> HttpResponse:
    user = request.user
    _require_importer(user)
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            org = (
                find_org_for_user(user, data["organization"], perm=policy.CREATE_MEMBERS, field="organization")
                if data["organization"]
                else policy.home_org(user)
            )
            cell = (
                find_org_for_user(
                    user, data["default_cell"], perm=policy.CREATE_MEMBERS, cells_only=True, field="default_cell"
                )
                if data["default_cell"]
                else None
            )
            if org is None:  # an importer always has a home organisation
                raise Http404
            upload = data["file"]
            with tempfile.NamedTemporaryFile(suffix=Path(upload.name).suffix) as handle:
                for chunk in upload.chunks():
                    handle.write(chunk)
                handle.flush()
                batch = services.start_import(
                    source_path=Path(handle.name),
                    file_name=upload.name,
                    organization=org,
                    default_cell=cell,
                    actor=Actor.from_request(request),
                    source=data["source"],
                )
            services.enqueue_preview(batch)
        except FileRefused as exc:
            form.add_error("file", str(exc))
        except ValidationError as exc:
            add_form_errors(form, exc)
        else:
            return redirect("imports:detail", batch_id=batch.pk)
    leases.recover_stalled(batches_visible_to(user))  # batches whose worker died are handed back (lazily)
    batches = batches_visible_to(user).select_related("organization")[:50]
    return render(request, "imports/list.html", {"form": form, "batches": batches})


@require_GET
@vary_on_headers("HX-Request")
def import_detail(request: AuthedRequest, batch_id: int) -> HttpResponse:
    batch = get_batch_for_user(request.user, batch_id)
    if batch.status in leases.HELD and leases.recover_stalled(ImportBatch.objects.filter(pk=batch.pk)):
        batch = get_batch_for_user(request.user, batch_id)  # its worker died: handed back, with a message
    show = request.GET.get("show", "REJECTED" if batch.counts.get("REJECTED") else "CHANGED")
    if show not in ImportRow.Action.values:
        show = "REJECTED"
    rows = ImportRow.objects.filter(batch=batch, action=show).select_related("member", "organization")
    page = Paginator(rows.order_by("row_number"), 100).get_page(request.GET.get("page"))
    columns = [(int(i), t, batch.mapping.get(str(i), "")) for i, t in batch.unknown_headings]
    context = {
        "batch": batch,
        "page": page,
        "show": show,
        "working": batch.status in WORKING,
        "mapping_form": (
            MappingForm(columns=columns)
            if columns and batch.status == "PREVIEWED" and not batch.previews_purged_at
            else None
        ),
        "encoding_form": _encoding_form(batch)
        if batch.status == "PREVIEWED" and not batch.previews_purged_at
        else None,
        "readings": _readings(batch),
        "blocked": services.members_changed_since(batch) if batch.status == "APPLIED" else [],
        "tabs": [(key, label, batch.counts.get(key, 0)) for key, label in ImportRow.Action.choices],
        "rows": [(row, describe(row.diff)) for row in page],
    }
    if request.htmx:
        if batch.status not in WORKING:
            return HttpResponseClientRefresh()  # done: reload once to show the rows and the mapping form
        return render(request, "imports/detail.html#status", context)
    return render(request, "imports/detail.html", context)


def _act_on_batch(request: AuthedRequest, batch_id: int, service, done: str) -> HttpResponse:
    """Run a service on a batch in the user's scope; show its refusal, or `done` (%(n)s names the batch)."""
    batch = get_batch_for_user(request.user, batch_id)
    try:
        service(batch=batch, actor=Actor.from_request(request))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, done % {"n": batch.pk})
    return redirect("imports:detail", batch_id=batch.pk)


@require_POST
def import_apply(request: AuthedRequest, batch_id: int) -> HttpResponse:
    done = _("Đang ghi dữ liệu; trang sẽ tự cập nhật khi xong.")
    return _act_on_batch(request, batch_id, services.request_apply, done)


@require_POST
def import_retry(request: AuthedRequest, batch_id: int) -> HttpResponse:
    done = _("Đang đọc lại tệp; trang sẽ tự cập nhật khi xong.")
    return _act_on_batch(request, batch_id, services.retry_preview, done)


@require_POST
def import_rollback(request: AuthedRequest, batch_id: int) -> HttpResponse:
    return _act_on_batch(request, batch_id, services.rollback_batch, _("Đã hoàn tác lần nhập #%(n)s."))


@require_POST
def import_mapping(request: AuthedRequest, batch_id: int) -> HttpResponse:
    batch = get_batch_for_user(request.user, batch_id)
    columns = [(int(i), t, batch.mapping.get(str(i), "")) for i, t in batch.unknown_headings]
    form = MappingForm(request.POST, columns=columns)
    if form.is_valid():
        mapping = {int(k): v for k, v in batch.mapping.items()} | form.mapping()
        try:
            services.set_mapping(
                batch=batch, mapping=mapping, remember=form.cleaned_data["remember"], actor=Actor.from_request(request)
            )
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            services.enqueue_preview(batch)  # outside a transaction, on_commit enqueues at once
    return redirect("imports:detail", batch_id=batch.pk)


def _encoding_form(batch: ImportBatch, data=None) -> EncodingForm | None:
    """The choice of reading for the columns whose reading is uncertain (more than one choice)."""
    uncertain = {c: r for c, r in batch.findings.get("readings", {}).items() if len(r["choices"]) > 1}
    if not uncertain:
        return None
    return EncodingForm(data, readings=uncertain, labels={k: str(v) for k, v in ENCODING_LABELS.items()})


def _readings(batch: ImportBatch) -> list[dict]:
    """Each column read other than as Unicode, or uncertain, with its sample values in every reading."""
    labels = {k: str(v) for k, v in ENCODING_LABELS.items()}
    out = []
    for _column, reading in sorted(batch.findings.get("readings", {}).items(), key=lambda item: int(item[0])):
        out.append(
            {
                "heading": reading["heading"],
                "label": labels.get(reading["encoding"], reading["encoding"]),
                "uncertain": len(reading["choices"]) > 1,
                "samples": [
                    [(labels.get(c, c), sample.get(c, "")) for c in reading["choices"]] for sample in reading["samples"]
                ],
            }
        )
    return out


@require_POST
def import_encodings(request: AuthedRequest, batch_id: int) -> HttpResponse:
    batch = get_batch_for_user(request.user, batch_id)
    form = _encoding_form(batch, request.POST)
    if form is not None and form.is_valid():
        try:
            services.set_encodings(
                batch=batch,
                encodings=form.encodings(),
                remember=form.cleaned_data["remember"],
                actor=Actor.from_request(request),
            )
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            services.enqueue_preview(batch)  # outside a transaction, on_commit enqueues at once
    return redirect("imports:detail", batch_id=batch.pk)
