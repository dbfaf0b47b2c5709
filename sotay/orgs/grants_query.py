"""The query of a user's role grants in force, compiled once (P4).

Every signed-in request asks for the user's grants (the second-factor policy, the navigation, every permission
check), and building that small query through the ORM cost more than running it. It is compiled once per database
connection with sentinels for the user and the day, then run with the real values: the same SQL, and the same
RoleGrant instances with their organisation, as ``RoleGrant.objects.active(on).filter(user=user)
.select_related("organization")`` (orgs/tests/test_grants_query.py compares them). The day is a parameter, so a
compiled query never goes stale at midnight; a migration (post_migrate) drops what was compiled.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import router
from django.db.models import QuerySet
from django.utils import timezone

from sotay.core.compiled import CompiledModelQuery

from .models import RoleGrant

_USER_SENTINEL = -731_000_017
_DAY_SENTINEL = dt.date(1901, 2, 3)


def _build(connection: Any) -> tuple[QuerySet[RoleGrant], dict[str, Any]]:
    queryset = RoleGrant.objects.active(_DAY_SENTINEL).filter(user_id=_USER_SENTINEL).select_related("organization")
    return queryset, {"user": _USER_SENTINEL, "day": connection.ops.adapt_datefield_value(_DAY_SENTINEL)}


QUERY = CompiledModelQuery(_build)


def grants_in_force(user_id: int, on: dt.date | None = None) -> list[RoleGrant]:
    """The role grants of `user_id` in force on `on` (today), each with its organisation."""
    from django.db import connections

    using = router.db_for_read(RoleGrant)
    day = connections[using].ops.adapt_datefield_value(on or timezone.localdate())
    return QUERY.fetch(using=using, user=user_id, day=day)
