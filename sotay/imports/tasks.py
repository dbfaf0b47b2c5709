"""Background work of imports: the preview and the apply run in the task worker; tasks take ids.

Each takes the batch's lease (sotay.imports.leases) so that a batch whose worker died is handed back; the periodic
tasks recover such batches and delete the preview rows of abandoned batches.
"""

from __future__ import annotations

from django_tasks import task


@task(takes_context=True)
def preview_import(context, batch_id: int) -> str:
    from sotay.orgs.actor import Actor

    from .models import ImportBatch
    from .services import run_preview

    batch = ImportBatch.objects.get(pk=batch_id)
    actor = Actor.system("worker:preview_import")
    return run_preview(batch, actor=actor, task_id=str(context.task_result.id)).status


@task(takes_context=True)
def apply_import(context, batch_id: int, user_id: int | None) -> str:
    from django.contrib.auth import get_user_model
    from django.core.exceptions import ValidationError
    from django.utils.translation import gettext as _

    from sotay.orgs.actor import Actor

    from . import leases
    from .models import ImportBatch
    from .services import apply_batch

    batch = ImportBatch.objects.get(pk=batch_id)
    applying = (ImportBatch.Status.APPLYING,)
    if not leases.take(batch, ImportBatch.Status.APPLYING, task_id=str(context.task_result.id), allowed=applying):
        return "skipped"  # handed back (its worker was thought dead) or already applied
    user = get_user_model().objects.filter(pk=user_id).first() if user_id else None
    try:
        # The user who confirmed the batch acts; a batch started without one acts as the import itself.
        actor = Actor.for_user(user) if user else Actor.system(f"import:{batch.pk}", scope=batch.organization)
        return apply_batch(batch=batch, actor=actor).status
    except ValidationError as exc:
        leases.finish(batch, status=ImportBatch.Status.PREVIEWED, message=" ".join(exc.messages))
        return "refused"
    except Exception:
        leases.finish(
            batch,
            status=ImportBatch.Status.PREVIEWED,
            message=_("Có lỗi khi ghi; chưa có gì được ghi. Hãy thử lại; nếu vẫn lỗi, báo quản trị hệ thống."),
        )
        raise


@task()
def recover_stalled_imports() -> list[int]:
    """Hourly: hand back the batches whose worker died while parsing or applying."""
    from .leases import recover_stalled

    return recover_stalled()


@task()
def purge_abandoned_previews() -> int:
    """Daily: delete the preview rows of batches left unapplied for SOTAY_IMPORT_PREVIEW_RETENTION_DAYS days."""
    from sotay.orgs.actor import Actor

    from .services import purge_abandoned_previews as purge

    return purge(actor=Actor.system("worker:purge_abandoned_previews"))
