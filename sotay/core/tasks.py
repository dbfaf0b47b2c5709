"""Background work of the installation itself."""

from __future__ import annotations

from django_tasks import task


@task()
def daily_backup() -> dict:
    """Daily: one archive into BACKUP_DIR, then keep BACKUP_KEEP_DAILY daily and BACKUP_KEEP_WEEKLY weekly ones."""
    from sotay.orgs.actor import Actor

    from .backup import create_backup, prune

    result = create_backup(actor=Actor.system("worker:backup"))
    deleted = prune()
    return {"archive": result.path.name, "deleted": [p.name for p in deleted]}
