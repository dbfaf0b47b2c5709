"""Background work of the members app. Tasks take ids and call services or selectors."""

from __future__ import annotations

from django_tasks import task


@task()
def review_cell_size(org_id: int) -> str:
    """Flag a chi bộ cơ sở that has reached the member count for a đảng bộ cơ sở
    (docs/rules/organisation.md#ngưỡng-30-đảng-viên)."""
    from sotay.orgs.actor import Actor

    from .checks import review_base_cell_size

    return review_base_cell_size(org_id, actor=Actor.system("worker:review_cell_size"))


@task()
def refresh_stat_snapshots() -> str:
    """Daily: build the statistics snapshot of the newest month end (and any missing one), drop those no longer
    wanted (docs/decisions/0010-statistics-snapshots.md)."""
    from .snapshots import refresh

    done = refresh()
    return f"built {done['built']}, dropped {done['rows_dropped']} rows"
