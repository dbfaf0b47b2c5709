"""ORM queries compiled to SQL once and run again with new values for their placeholders.

Django builds and compiles a query on every evaluation: resolving a dozen filtered aggregates costs more than
running them on a small subtree. A hot read path (the statistics on every organisation page) compiles its
querysets once per shape, with sentinel values standing in for the parameters that change between calls, and
then runs the stored SQL through the connection's cursor with the real values.
"""

from __future__ import annotations

import weakref
from collections.abc import Callable
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


_MODEL_QUERIES: weakref.WeakSet[CompiledModelQuery] = weakref.WeakSet()


def reset_compiled(**_kwargs: Any) -> None:
    """Drop every compiled model query (connected to post_migrate: a migration may have changed a table)."""
    for query in list(_MODEL_QUERIES):
        query.reset()


class CompiledModelQuery:
    """A queryset of model instances compiled once per database connection, then run with new placeholder values.

    What Django does on every evaluation of ``queryset`` — build the query, compile it to SQL, work out the columns
    of the model, of its ``select_related`` objects and of its annotations — is done once per connection (so once
    per thread of a worker; a connection's converters belong to it); each call then runs the stored SQL and builds
    the instances as the queryset's iterator would (``Model.from_db``: the same field values, related objects and
    annotations, the instances marked as loaded from that database).

    ``build(connection)`` gives the queryset and its placeholders: a name for each sentinel value that stands in the
    queryset for a parameter, given as the database gets it (e.g. ``connection.ops.adapt_datefield_value(day)`` for
    a date on SQLite); the values passed to ``fetch`` must be adapted alike. ``reset()`` drops what was
    compiled (after a migration changed a table).
    """

    def __init__(self, build: Callable[[Any], tuple[QuerySet, dict[str, Any]]]) -> None:
        self._build = build  # (connection) -> (queryset, placeholders): the placeholders may depend on the engine
        self._by_connection: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()
        _MODEL_QUERIES.add(self)

    def reset(self) -> None:
        self._by_connection.clear()

    def _compiled(self, using: str) -> _Compiled:
        connection = connections[using]
        compiled = self._by_connection.get(connection)
        if compiled is None:
            compiled = self._by_connection[connection] = _Compiled.build(*self._build(connection), using=using)
        return compiled

    def fetch(self, *, using: str = "default", **values: Any) -> list:
        return self._compiled(using).fetch(values)


@dataclass
class _Compiled:
    compiler: Any
    sql: str
    params: tuple[Any, ...]
    slots: dict[str, tuple[int, ...]]
    converters: dict
    model: Any
    model_columns: tuple[int, int]
    init_list: list[str]
    populators: list
    annotations: dict[str, int]
    using: str

    @classmethod
    def build(cls, queryset: QuerySet, placeholders: dict[str, Any], *, using: str) -> _Compiled:
        from django.db.models.query import get_related_populators

        compiler = queryset.query.get_compiler(using=using)
        sql, params = compiler.as_sql()
        slots = {name: tuple(i for i, p in enumerate(params) if p == s) for name, s in placeholders.items()}
        missing = [name for name, positions in slots.items() if not positions]
        if missing:
            raise ValueError(f"placeholders not found in the compiled query: {missing}")
        select, klass_info = compiler.select, compiler.klass_info
        start, end = klass_info["select_fields"][0], klass_info["select_fields"][-1] + 1
        return cls(
            compiler=compiler,
            sql=sql,
            params=tuple(params),
            slots=slots,
            converters=compiler.get_converters([s[0] for s in select[0 : compiler.col_count]]),
            model=klass_info["model"],
            model_columns=(start, end),
            init_list=[f[0].target.attname for f in select[start:end]],
            populators=get_related_populators(klass_info, select, using),  # type: ignore[call-arg]  # stubs: Django 6
            annotations=dict(compiler.annotation_col_map),
            using=using,
        )

    def fetch(self, values: dict[str, Any]) -> list:
        params = list(self.params)
        for name, value in values.items():
            for position in self.slots[name]:
                params[position] = value
        with connections[self.using].cursor() as cursor:
            cursor.execute(self.sql, params)
            rows: Any = cursor.fetchall()
        if self.converters:
            rows = self.compiler.apply_converters(rows, self.converters)
        start, end = self.model_columns
        objects = []
        for row in rows:
            obj = self.model.from_db(self.using, self.init_list, row[start:end])
            for populator in self.populators:
                populator.populate(row, obj)
            for name, position in self.annotations.items():
                setattr(obj, name, row[position])
            objects.append(obj)
        return objects
