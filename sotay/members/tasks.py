"""Background work of the members app. Tasks take ids and call services or selectors."""

from __future__ import annotations

from django_tasks import task


@task()
def review_cell_size(org_id: int) -> str:
    """Flag a chi bộ cơ sở that has reached the member count for a đảng bộ cơ sở
    (docs/rules/organisation.md#ngưỡng-30-đảng-viên)."""
    from .checks import review_base_cell_size

    return review_base_cell_size(org_id)
