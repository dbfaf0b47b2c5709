"""Import batches: start (upload), preview (parse and check), apply (one transaction), roll back."""

from __future__ import annotations

import datetime as dt
import hashlib
import shutil
import uuid
from collections.abc import Iterator, Sequence
from functools import partial
from pathlib import Path
from typing import Any, Protocol, cast

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from sotay.audit.log import actor as _user
from sotay.audit.log import log, log_many
from sotay.audit.models import AuditAction
from sotay.lib import bulk
from sotay.lib.batching import chunked, paused_gc
from sotay.members import counts, newcomers
from sotay.members.choices import MemberStatus
from sotay.members.models import Member, MemberChange
from sotay.members.services import EDITABLE_FIELDS
from sotay.orgs import policy
from sotay.orgs.actor import Actor
from sotay.orgs.models import Organization

from . import leases
from .models import ImportBatch, ImportMapping, ImportRow
from .preview import Previewer, headings_signature
from .reader import FileRefused, sniff

# Rows written per round of the apply (members, periods, history, audit).
APPLY_CHUNK = 2000
DATE_FIELDS = {"birth_on", "admission_decision_on", "joined_on", "official_on"}


def _linked(pk: int | None) -> int:
    """The link a row's action guarantees: a CHANGED row names its member, a NEW row its cell."""
    if pk is None:
        raise ValueError("An import row to apply lacks its member or its cell.")
    return pk


def storage_dir() -> Path:
    path = Path(settings.VAR_DIR) / "imports"
    path.mkdir(parents=True, exist_ok=True)
    return path


@transaction.atomic
def start_import(
    *,
    source_path: Path,
    file_name: str,
    organization: Organization,
    actor: Actor,
    default_cell: Organization | None = None,
    source: str = "",
    actor_name: str = "",
) -> ImportBatch:
    """Keep a private copy of the file (outside the web root) and register the batch; the preview runs after."""
    actor.require(policy.CREATE_MEMBERS, organization)
    sniff(source_path, file_name)  # refuse non-spreadsheets, empty, too large, password-protected at once
    digest = hashlib.sha256(source_path.read_bytes()).hexdigest()
    stored = storage_dir() / f"{uuid.uuid4().hex}{Path(file_name).suffix.lower()[:6]}"
    shutil.copyfile(source_path, stored)
    batch = ImportBatch.objects.create(
        created_by=_user(actor),
        actor_name=actor_name or actor.name,
        organization=organization,
        default_cell=default_cell,
        file_name=file_name[:255],
        file_path=str(stored),
        file_sha256=digest,
        source=source,
    )
    log(
        AuditAction.CREATE,
        batch,
        by=actor,
        organization=organization,
        actor_name=actor_name or None,
        data={"file": file_name, "sha256": digest},
    )
    return batch


def enqueue_preview(batch: ImportBatch) -> None:
    from .tasks import preview_import

    transaction.on_commit(partial(preview_import.enqueue, batch_id=batch.pk))


def run_preview(batch: ImportBatch, *, actor: Actor, task_id: str = "") -> ImportBatch:
    """Parse and check the file; the batch ends PREVIEWED, or REFUSED with the reason in `message`.

    The worker (`worker:preview_import`) holds the batch's lease while parsing and renews it after each chunk (see
    `leases`). The rows are checked against the rights of the user who acted, or of the batch's creator when the
    worker reads it for them."""
    actor.require(policy.PREVIEW_IMPORTS, batch.organization)
    leases.take(batch, ImportBatch.Status.PARSING, task_id=task_id, progress=0, message="")

    def progress(percent: int) -> None:
        leases.beat(batch, progress=percent)

    try:
        previewer = Previewer(batch, actor.user or batch.created_by, on_progress=progress)
        with paused_gc():
            previewer.run(Path(batch.file_path))
    except leases.LeaseLost:
        pass  # thought dead and handed back: whoever retries it owns the batch now
    except FileRefused as exc:
        ImportRow.objects.filter(batch=batch).delete()
        leases.finish(batch, status=ImportBatch.Status.REFUSED, message=str(exc))
    except Exception:
        ImportRow.objects.filter(batch=batch).delete()
        leases.finish(
            batch,
            status=ImportBatch.Status.FAILED,
            message=_("Có lỗi khi đọc tệp. Bấm “Đọc lại tệp” để thử lại; nếu vẫn lỗi, hãy báo quản trị hệ thống."),
        )
        raise
    else:
        leases.finish(batch, status=ImportBatch.Status.PREVIEWED, progress=100, counts=previewer.counts)
    batch.refresh_from_db()
    return batch


@transaction.atomic
def retry_preview(*, batch: ImportBatch, actor: Actor) -> ImportBatch:
    """Read a batch's file again after its worker died or reading failed (the page's “Đọc lại tệp” button)."""
    actor.require(policy.CREATE_MEMBERS, batch.organization)
    batch = ImportBatch.objects.select_for_update().get(pk=batch.pk)
    if batch.status != ImportBatch.Status.FAILED:
        raise ValidationError(_("Chỉ đọc lại được lần nhập bị lỗi."))
    if batch.previews_purged_at or not Path(batch.file_path).exists():
        raise ValidationError(_("Tệp của lần nhập này không còn được lưu; hãy tải tệp lên lại."))
    batch.status = ImportBatch.Status.UPLOADED
    batch.message = ""
    batch.save(update_fields=["status", "message"])
    log(AuditAction.UPDATE, batch, by=actor, organization=batch.organization, data={"retry": True})
    enqueue_preview(batch)
    return batch


@transaction.atomic
def set_mapping(*, batch: ImportBatch, mapping: dict[int, str], remember: bool, actor: Actor) -> ImportBatch:
    """Fix the column mapping by hand (before applying); optionally remember it for files with these headings."""
    actor.require(policy.CREATE_MEMBERS, batch.organization)
    if batch.status not in (ImportBatch.Status.PREVIEWED, ImportBatch.Status.REFUSED):
        raise ValidationError(_("Chỉ sửa cách hiểu cột trước khi ghi."))
    if batch.previews_purged_at:
        raise ValidationError(_("Bản xem trước của lần nhập này đã bị xóa vì để quá lâu; hãy tải tệp lên lại."))
    batch.mapping = {str(k): v for k, v in mapping.items() if v}
    batch.status = ImportBatch.Status.UPLOADED
    batch.save(update_fields=["mapping", "status"])
    if remember:
        texts = [t for _i, t in sorted(batch.unknown_headings)]
        ImportMapping.objects.update_or_create(
            signature=headings_signature(texts) if texts else headings_signature(batch.mapping.values()),
            defaults={"headings": texts, "mapping": {str(k): v for k, v in mapping.items()}, "source": batch.source},
        )
    log(AuditAction.UPDATE, batch, by=actor, organization=batch.organization, data={"mapping": batch.mapping})
    return batch


@transaction.atomic
def set_encodings(*, batch: ImportBatch, encodings: dict[int, str], remember: bool, actor: Actor) -> ImportBatch:
    """Choose how uncertain columns read ("" Unicode as written, "TCVN3", "VNI"); the preview then runs again
    and the rows hold the chosen reading, which the apply writes. Optionally remembered for files with these
    headings, like the column mapping."""
    actor.require(policy.CREATE_MEMBERS, batch.organization)
    if batch.status not in (ImportBatch.Status.PREVIEWED, ImportBatch.Status.REFUSED):
        raise ValidationError(_("Chỉ chọn cách đọc chữ trước khi ghi."))
    readings = batch.findings.get("readings", {})
    chosen = {}
    for column, encoding in encodings.items():
        reading = readings.get(str(column))
        if reading is None or encoding not in reading["choices"]:
            raise ValidationError(_("Cách đọc chữ không hợp lệ cho cột %(n)s.") % {"n": int(column) + 1})
        chosen[str(column)] = encoding
    batch.encodings = {**batch.encodings, **chosen}
    batch.status = ImportBatch.Status.UPLOADED
    batch.save(update_fields=["encodings", "status"])
    signature = batch.findings.get("signature")
    if remember and signature:
        remembered, _created = ImportMapping.objects.get_or_create(
            signature=signature, defaults={"source": batch.source, "mapping": {}}
        )
        remembered.encodings = {**remembered.encodings, **chosen}
        remembered.save(update_fields=["encodings", "updated_at"])
    log(AuditAction.UPDATE, batch, by=actor, organization=batch.organization, data={"encodings": chosen})
    return batch


@transaction.atomic
def request_apply(*, batch: ImportBatch, actor: Actor) -> ImportBatch:
    """The user confirmed: the worker applies the batch (large files take longer than a web request)."""
    actor.require(policy.CREATE_MEMBERS, batch.organization)
    from .tasks import apply_import

    batch = ImportBatch.objects.select_for_update().get(pk=batch.pk)
    if batch.status != ImportBatch.Status.PREVIEWED:
        raise ValidationError(_("Lần nhập này không ở trạng thái chờ xác nhận."))
    if batch.previews_purged_at:
        raise ValidationError(_("Bản xem trước của lần nhập này đã bị xóa vì để quá lâu; hãy tải tệp lên lại."))
    batch.status = ImportBatch.Status.APPLYING
    batch.message = ""
    batch.save(update_fields=["status", "message"])
    transaction.on_commit(partial(apply_import.enqueue, batch_id=batch.pk, user_id=getattr(_user(actor), "pk", None)))
    return batch


class PlannedRow(Protocol):
    """A previewed row as the apply reads it (`values_list(..., named=True)`)."""

    row_number: int
    action: str
    values: dict[str, Any]
    diff: dict[str, Any]
    member_id: int | None
    organization_id: int | None


def _overlong(rows: Sequence[PlannedRow]) -> list[str]:
    """The texts of previewed rows that no longer fit their field (a preview kept from an older version), each
    named by its row and column."""
    from .preview import MAX_LENGTHS, too_long_message

    errors = []
    for row in rows:
        for name, value in row.values.items():
            limit = MAX_LENGTHS.get(name)
            if isinstance(value, str) and limit and len(value) > limit:
                field = Member._meta.get_field(name)
                column = str(getattr(field, "verbose_name", name)).capitalize()
                errors.append(too_long_message(row.row_number, column, len(value), limit))
    return errors


_EDITABLE = frozenset(EDITABLE_FIELDS)


def _member_fields(values: dict[str, Any]) -> dict[str, Any]:
    return {
        name: dt.date.fromisoformat(value) if name in DATE_FIELDS and value else value
        for name, value in values.items()
        if name in _EDITABLE
    }


@paused_gc()
@transaction.atomic
def apply_batch(*, batch: ImportBatch, actor: Actor) -> ImportBatch:
    """Write the previewed plan in one transaction: all rows or none."""
    actor.require(policy.CREATE_MEMBERS, batch.organization)
    batch = ImportBatch.objects.select_for_update().get(pk=batch.pk)
    if batch.status not in (ImportBatch.Status.PREVIEWED, ImportBatch.Status.APPLYING):
        raise ValidationError(_("Lần nhập này không ở trạng thái chờ xác nhận."))
    now = timezone.now()
    tag = batch.source_tag
    user = actor.audit_user or batch.created_by
    by_id = user.pk if user else None
    rows = (
        ImportRow.objects.filter(batch=batch, action__in=[ImportRow.Action.NEW, ImportRow.Action.CHANGED])
        .order_by("row_number")
        # Plain named tuples, not model objects; the errors and warnings are not read (a NEW or CHANGED row has
        # none that stop it).
        .values_list("row_number", "action", "values", "diff", "member_id", "organization_id", named=True)
    )
    audit_entries: list[dict] = []
    touched_orgs: set[int] = set()
    new_members = counts.NewMembers()  # their snapshot shares, gathered as they are written
    overlong: list[str] = []
    # Streamed in chunks: a 100,000-row batch read whole held ~150 MB for the whole apply.
    for chunk in chunked(cast(Iterator[PlannedRow], rows.iterator(chunk_size=APPLY_CHUNK)), APPLY_CHUNK):
        # A text that no longer fits refuses the whole batch: the rest is only read, for up to 20 such errors,
        # and the transaction takes back what earlier chunks wrote.
        overlong += _overlong(chunk)
        if overlong:
            if len(overlong) >= 20:
                break
            continue
        new_rows = [r for r in chunk if r.action == ImportRow.Action.NEW]
        changed_rows = [r for r in chunk if r.action == ImportRow.Action.CHANGED]
        created = _create_members(new_rows, now)
        new_members.add(created)
        touched_orgs |= {m.organization_id for m in created}
        changes = [
            {
                "member_id": m.pk,
                "at": now,
                "by_id": by_id,
                "kind": MemberChange.Kind.CREATE,
                "source": tag,
                "changes": {k: [None, v] for k, v in r.values.items() if v not in (None, "")},
            }
            for r, m in zip(new_rows, created, strict=True)
        ]
        audit_entries += [{"action": AuditAction.CREATE, "obj": m, "data": {"import": batch.pk}} for m in created]
        with counts.tracking([_linked(r.member_id) for r in changed_rows]):
            updated = _update_members(changed_rows, now, stale_check=True)
        changes += [
            {
                "member_id": _linked(r.member_id),
                "at": now,
                "by_id": by_id,
                "kind": MemberChange.Kind.UPDATE,
                "source": tag,
                "changes": r.diff,
            }
            for r in changed_rows
        ]
        audit_entries += [
            {"action": AuditAction.UPDATE, "obj": m, "data": {"import": batch.pk, "fields": sorted(r.diff)}}
            for r, m in zip(changed_rows, updated, strict=True)
        ]
        bulk.insert_rows(MemberChange, changes)
        log_many(audit_entries, by=actor, actor_name=batch.actor_name)
        audit_entries = []
    if overlong:
        raise ValidationError(overlong[:20])
    # The new members' statistics counts, added once for the whole batch, in the database.
    counts.added_in_bulk(
        MemberChange.objects.filter(source=tag, kind=MemberChange.Kind.CREATE).values_list("member_id", flat=True),
        new_members,
    )
    batch.status = ImportBatch.Status.APPLIED
    batch.applied_at = now
    batch.worker, batch.lease_expires_at = "", None
    batch.save(update_fields=["status", "applied_at", "worker", "lease_expires_at"])
    log(
        AuditAction.UPDATE,
        batch,
        by=actor,
        organization=batch.organization,
        data={"applied": batch.counts, "file": batch.file_name},
    )
    _review_cells(touched_orgs)
    return batch


def _create_members(rows: list[PlannedRow], now: dt.datetime) -> list[Member]:
    planned = [(row, _member_fields(row.values)) for row in rows]
    cids = {f["citizen_id"] for _r, f in planned if f.get("citizen_id")}
    cards = {f["card_number"] for _r, f in planned if f.get("card_number")}
    # Added since the preview? One query for both keys, through their unique indexes.
    taken = Member.objects.filter(Q(citizen_id__in=cids) | Q(card_number__in=cards)).values_list(
        "citizen_id", "card_number"
    )
    taken_cids: set[str] = set()
    taken_cards: set[str] = set()
    for cid, card in taken:  # a member found by one key may have the other empty, or another one
        if cid is not None and cid in cids:
            taken_cids.add(cid)
        if card is not None and card in cards:
            taken_cards.add(card)
    members = []
    for row, fields in planned:
        if fields.get("citizen_id") in taken_cids or fields.get("card_number") in taken_cards:
            raise ValidationError(
                _("Dòng %(n)s: đảng viên này vừa được thêm sau khi xem trước; hãy xem trước lại.")
                % {"n": row.row_number}
            )
        status = MemberStatus.OFFICIAL if fields.get("official_on") else MemberStatus.PROBATIONARY
        members.append(Member(**fields, organization_id=_linked(row.organization_id), status=status))
    return newcomers.register(members, count=False)  # apply_batch adds the counts once per batch


def _update_members(rows: Sequence[PlannedRow], now: dt.datetime, *, stale_check: bool) -> list[Member]:
    """Set each row's diff (new side); with `stale_check`, refuse when a member changed since the preview."""
    members = Member.objects.in_bulk([r.member_id for r in rows])
    fields: set[str] = set()
    ordered = []
    for row in rows:
        member = members[row.member_id]
        for name, (before, after) in row.diff.items():
            if stale_check and _jsonable(getattr(member, name)) != before:
                raise ValidationError(
                    _("Dòng %(n)s: %(m)s đã được sửa sau khi xem trước; hãy xem trước lại.")
                    % {"n": row.row_number, "m": member.full_name}
                )
            setattr(member, name, dt.date.fromisoformat(after) if name in DATE_FIELDS and after else after)
            fields.add(name)
        if "full_name" in row.diff:
            member.set_full_name(member.full_name)
            fields |= {"name_folded", "name_sort_key"}
        member.updated_at = now
        ordered.append(member)
    if ordered:
        Member.objects.bulk_update(ordered, [*sorted(fields), "updated_at"], batch_size=1000)
    return ordered


def _jsonable(value: object) -> object:
    return value.isoformat() if isinstance(value, dt.date) else value


def members_changed_since(batch: ImportBatch) -> list[Member]:
    """Members of the batch that someone changed after it was applied (they block a rollback)."""
    member_ids = MemberChange.objects.filter(source=batch.source_tag).values("member_id")
    later = (
        MemberChange.objects.filter(member_id__in=member_ids, at__gt=batch.applied_at)
        .exclude(source=batch.source_tag)
        .values("member_id")
    )
    return list(Member.objects.filter(pk__in=later).order_by("name_sort_key"))


@transaction.atomic
def rollback_batch(*, batch: ImportBatch, actor: Actor) -> ImportBatch:
    """Reverse an applied batch: new members removed, changed fields restored; refused if edited since."""
    actor.require(policy.CHANGE_MEMBERS, batch.organization)
    batch = ImportBatch.objects.select_for_update().get(pk=batch.pk)
    if batch.status != ImportBatch.Status.APPLIED:
        raise ValidationError(_("Chỉ hoàn tác được lần nhập đã ghi."))
    blocked = members_changed_since(batch)
    if blocked:
        names = ", ".join(m.full_name for m in blocked[:20])
        raise ValidationError(
            _("Không hoàn tác được: %(n)s đảng viên đã được sửa sau lần nhập này (%(names)s).")
            % {"n": len(blocked), "names": names}
        )
    now = timezone.now()
    user = actor.audit_user
    tag = f"rollback:{batch.pk}"
    audit: list[dict] = []
    changed = list(ImportRow.objects.filter(batch=batch, action=ImportRow.Action.CHANGED))
    reversed_rows = [
        ImportRow(member_id=r.member_id, row_number=r.row_number, diff={k: [v[1], v[0]] for k, v in r.diff.items()})
        for r in changed
    ]
    for chunk in chunked(iter(reversed_rows), 2000):
        with counts.tracking([_linked(r.member_id) for r in chunk]):
            restored = _update_members(chunk, now, stale_check=False)
        MemberChange.objects.bulk_create(
            [
                MemberChange(member=m, at=now, by=user, kind=MemberChange.Kind.UPDATE, source=tag, changes=r.diff)
                for r, m in zip(chunk, restored, strict=True)
            ],
            batch_size=2000,
        )
        audit += [{"action": AuditAction.UPDATE, "obj": m, "data": {"rollback": batch.pk}} for m in restored]
    # The members this batch created are those whose creation it recorded.
    created = MemberChange.objects.filter(source=batch.source_tag, kind=MemberChange.Kind.CREATE)
    created_members = list(Member.objects.filter(pk__in=created.values("member_id")))
    audit += [{"action": AuditAction.DELETE, "obj": m, "data": {"rollback": batch.pk}} for m in created_members]
    log_many(audit, by=actor)
    MemberChange.objects.filter(member__in=created_members, source=batch.source_tag).delete()
    from sotay.accounts.models import User

    User.objects.filter(member__in=created_members).update(member=None)
    counts.apply({key: -n for key, n in counts.contributions([m.pk for m in created_members]).items()})
    Member.objects.filter(pk__in=[m.pk for m in created_members]).delete()
    batch.status = ImportBatch.Status.ROLLED_BACK
    batch.rolled_back_at = now
    batch.save(update_fields=["status", "rolled_back_at"])
    log(AuditAction.UPDATE, batch, by=actor, organization=batch.organization, data={"rolled_back": True})
    _review_cells({m.organization_id for m in created_members})
    return batch


def _review_cells(org_ids: set[int]) -> None:
    from sotay.members.tasks import review_cell_size

    for org_id in sorted(org_ids):
        transaction.on_commit(partial(review_cell_size.enqueue, org_id=org_id))


ABANDONED = (ImportBatch.Status.PREVIEWED, ImportBatch.Status.REFUSED, ImportBatch.Status.FAILED)


def purge_abandoned_previews(*, actor: Actor, now: dt.datetime | None = None) -> int:
    """Delete the preview rows (and the stored file) of batches never applied after the retention period.

    The batch stays, with its counts and a note; it can no longer be applied (the file must be uploaded again).
    Returns the number of batches purged. Run daily by the worker (`worker:purge_abandoned_previews`)."""
    actor.require(policy.PREVIEW_IMPORTS)
    now = now or timezone.now()
    days = getattr(settings, "SOTAY_IMPORT_PREVIEW_RETENTION_DAYS", 14)
    stale = ImportBatch.objects.filter(
        status__in=ABANDONED, previews_purged_at=None, created_at__lt=now - dt.timedelta(days=days)
    )
    purged = 0
    for pk in list(stale.values_list("pk", flat=True)):
        with transaction.atomic():  # marked first: from then on the batch can be neither applied nor read again
            batch = ImportBatch.objects.select_for_update().filter(pk=pk, status__in=ABANDONED).first()
            if batch is None:
                continue
            note = _(
                "Bản xem trước đã được xóa ngày %(d)s vì lần nhập không được ghi sau %(n)s ngày; các con số vẫn "
                "được giữ. Muốn nhập, hãy tải tệp lên lại."
            ) % {"d": f"{timezone.localdate(now):%d/%m/%Y}", "n": days}
            batch.message = f"{batch.message}\n{note}".strip()
            batch.previews_purged_at = now
            batch.save(update_fields=["message", "previews_purged_at"])
            log(
                AuditAction.UPDATE,
                batch,
                by=actor,
                organization=batch.organization,
                data={"previews_purged": True},
            )
        rows = ImportRow.objects.filter(batch_id=pk)
        while True:  # in slices, each its own transaction: a million-row preview must not lock the database long
            ids = list(rows.values_list("pk", flat=True)[:5000])
            if not ids:
                break
            ImportRow.objects.filter(pk__in=ids).delete()
        Path(batch.file_path).unlink(missing_ok=True)
        purged += 1
    return purged
