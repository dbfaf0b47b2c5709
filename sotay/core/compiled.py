"""ORM queries compiled to SQL once and run again with new values for their placeholders.

Django builds and compiles a query on every evaluation: resolving a dozen filtered aggregates costs more than
running them on a small subtree. A hot read path (the statistics on every organisation page) compiles its
querysets once per shape, with sentinel values standing in for the parameters that change between calls, and
then runs the stored SQL through the connection's cursor with the real values.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db import connections
from django.db.models import QuerySet


@dataclass(frozen=True)
class CompiledQuery:
    sql: str
    params: tuple[Any, ...]
    slots: dict[str, tuple[int, ...]]  # placeholder name → positions in params
    using: str

    @classmethod
    def from_queryset(cls, queryset: QuerySet, placeholders: dict[str, Any]) -> CompiledQuery:
        """Compile `queryset`, in which each placeholder's sentinel value stands for a parameter to fill later."""
        sql, params = queryset.query.sql_with_params()
        slots = {
            name: tuple(i for i, p in enumerate(params) if p == sentinel) for name, sentinel in placeholders.items()
        }
        missing = [name for name, positions in slots.items() if not positions]
        if missing:
            raise ValueError(f"placeholders not found in the compiled query: {missing}")
        return cls(sql=sql, params=tuple(params), slots=slots, using=queryset.db)

    def fetchall(self, **values: Any) -> list[tuple]:
        params = list(self.params)
        for name, value in values.items():
            for position in self.slots[name]:
                params[position] = value
        with connections[self.using].cursor() as cursor:
            cursor.execute(self.sql, params)
            return cursor.fetchall()
