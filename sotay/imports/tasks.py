"""Background work of imports: the preview and the apply run in the task worker; tasks take ids."""

from __future__ import annotations

from django_tasks import task


@task()
def preview_import(batch_id: int) -> str:
    from .models import ImportBatch
    from .services import run_preview

    batch = ImportBatch.objects.get(pk=batch_id)
    return run_preview(batch).status


@task()
def apply_import(batch_id: int, user_id: int | None) -> str:
    from django.contrib.auth import get_user_model
    from django.core.exceptions import ValidationError

    from .models import ImportBatch
    from .services import apply_batch

    batch = ImportBatch.objects.get(pk=batch_id)
    user = get_user_model().objects.filter(pk=user_id).first() if user_id else None
    try:
        return apply_batch(batch=batch, by=user).status
    except ValidationError as exc:
        ImportBatch.objects.filter(pk=batch_id).update(
            status=ImportBatch.Status.PREVIEWED, message=" ".join(exc.messages)
        )
        return "refused"
