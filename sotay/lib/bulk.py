"""Inserting many new rows at once, faster than ``bulk_create`` (docs/decisions/0013-bulk-insert.md).

``QuerySet.bulk_create`` prepares every value of every row through the field's whole chain (``pre_save``,
``get_db_prep_save``, ``get_prep_value``, ``to_python``) and, on SQLite, sends at most 999 parameters per statement:
a 100,000-member import spent more time there than in the database. `insert` takes the same unsaved model objects
and writes the same rows:

- each column's conversion is chosen once per call: a text, number, key or boolean already of its type is sent as it
  is, a date as the engine stores it; anything else (and every other kind of field) goes through the field's own
  ``get_db_prep_save``; fields that fill themselves on save (``auto_now``, ``auto_now_add``) through ``pre_save``;
- the ids are reserved first, so each object gets its own without reading them back: on PostgreSQL from the table's
  sequence (``nextval`` once per row, in one query), on SQLite as the next ids after the largest ever used (the
  table is AUTOINCREMENT; the settings begin every transaction IMMEDIATE, so no other writer can take them between
  the read and the insert — were one to, the insert fails on the primary key and the transaction rolls back);
- SQLite: one prepared single-row INSERT run for every row (``executemany``); PostgreSQL: ``COPY … FROM STDIN``.

Like ``bulk_create`` it sends no signals and calls no ``save()``; objects with an id already set go through
``bulk_create``. The objects come back saved (``pk`` set, ``_state.adding`` false).
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Mapping, Sequence
from operator import attrgetter
from typing import Any, TypeVar

from django.db import connections, models, transaction
from django.db.backends.base.base import BaseDatabaseWrapper
from django.utils import timezone

from .batching import chunked

M = TypeVar("M", bound=models.Model)
CHUNK = 5000

_TEXT = (models.CharField, models.TextField, models.SlugField, models.EmailField, models.URLField)
_INTEGER = (
    models.IntegerField,
    models.SmallIntegerField,
    models.BigIntegerField,
    models.PositiveIntegerField,
    models.PositiveSmallIntegerField,
    models.PositiveBigIntegerField,
    models.AutoField,
    models.BigAutoField,
    models.SmallAutoField,
)


def _fast_types(field: models.Field) -> frozenset[type]:
    """The Python types whose values the field sends unchanged (None too), when its class is one of Django's own
    plain ones; empty otherwise."""
    if isinstance(field, models.ForeignKey):
        return _fast_types(field.target_field)
    kind = type(field)
    found: set[type] = set()
    if kind in _TEXT:
        found = {str}
    elif kind in _INTEGER:
        found = {int}
    elif kind is models.BooleanField:
        found = {bool}
    return frozenset({*found, type(None)}) if found else frozenset()


def _converter(field: models.Field, connection: BaseDatabaseWrapper) -> Callable[[Any], Any]:
    """How one value of the field is sent when its column holds anything but its fast types."""
    prepare = field.get_db_prep_save
    if type(field) is models.JSONField and field.encoder is None:
        # A dict or list as its JSON text (what the field sends with the default encoder; COPY and SQLite take the
        # text), the empty ones without encoding each: most of an import's rows have no diff, error or warning.
        empty = {dict: "{}", list: "[]"}

        def convert(value: Any) -> Any:
            kind = type(value)
            if kind is dict or kind is list:
                return json.dumps(value) if value else empty[kind]
            return prepare(value, connection)

        return convert
    if type(field) is models.DateField:
        if connection.vendor == "postgresql":
            return lambda v: v if v is None or type(v) is dt.date else prepare(v, connection)
        return lambda v: None if v is None else v.isoformat() if type(v) is dt.date else prepare(v, connection)
    return lambda v: prepare(v, connection)


def _computed(field: models.Field) -> bool:
    """Whether the field fills its value on save (``auto_now``, ``auto_now_add``, or a ``pre_save`` of its own)."""
    if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
        return True
    return type(field).pre_save is not models.Field.pre_save and not isinstance(field, models.DateField)


def _reserve_ids(model: type[models.Model], count: int, connection: BaseDatabaseWrapper) -> list[int]:
    table, column = model._meta.db_table, str(model._meta.pk.column)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)", [table, column, count]
            )
            return [row[0] for row in cursor.fetchall()]
        quoted = connection.ops.quote_name
        cursor.execute(
            f"SELECT MAX(COALESCE((SELECT seq FROM sqlite_sequence WHERE name = %s), 0), "
            f"COALESCE((SELECT MAX({quoted(column)}) FROM {quoted(table)}), 0))",
            [table],
        )
        last = cursor.fetchone()[0]
        return list(range(last + 1, last + 1 + count))


def _take_related_ids(objs: Sequence[models.Model], relations: list[models.Field]) -> None:
    """A related object assigned to a foreign key gives the key its id, and one not saved is refused, as
    ``bulk_create`` does (``Model._prepare_related_fields_for_save``): key by key over the objects, looking only at
    the objects that hold one (the method itself, called per object, walked every key of every object)."""
    for field in relations:
        cache = field.cache_name  # type: ignore[attr-defined]
        target = field.target_field.attname  # type: ignore[attr-defined]
        for obj in objs:
            related = obj._state.fields_cache.get(cache)
            if related is None:
                continue
            if getattr(related, target) is None:  # not saved: Django's own error
                obj._prepare_related_fields_for_save(operation_name="insert", fields=[field])  # type: ignore[attr-defined]
            elif getattr(obj, field.attname) in field.empty_values:
                setattr(obj, field.attname, getattr(related, target))


def _fields(opts) -> list[models.Field]:
    return [f for f in opts.concrete_fields if not f.primary_key and not getattr(f, "generated", False)]


def _convert(by_column: list[list[Any]], fields: list[models.Field], connection: BaseDatabaseWrapper) -> None:
    """Column by column: checking the types runs in C; only a column holding other types than its field's plain
    ones is converted value by value."""
    for i, field in enumerate(fields):
        fast = _fast_types(field)
        if not fast or not set(map(type, by_column[i])) <= fast:
            by_column[i] = list(map(_converter(field, connection), by_column[i]))


def _write(model: type[models.Model], fields: list[models.Field], ids: list[int] | None, by_column, connection) -> None:
    """One chunk of rows, already converted: COPY on PostgreSQL, one prepared INSERT per row on SQLite; without
    `ids`, the database numbers them."""
    opts = model._meta
    quoted = connection.ops.quote_name
    written = fields if ids is None else [opts.pk, *fields]
    columns = ", ".join(quoted(str(f.column)) for f in written)
    table = quoted(opts.db_table)
    rows = zip(*by_column, strict=True) if ids is None else zip(ids, *by_column, strict=True)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
        else:
            marks = ", ".join(["%s"] * len(written))
            cursor.executemany(f"INSERT INTO {table} ({columns}) VALUES ({marks})", list(rows))


def insert(objs: Sequence[M], *, using: str = "default") -> list[M]:
    """Insert these new objects of one model (see the module's docstring); returns them, saved."""
    if not objs:
        return list(objs)
    model = type(objs[0])
    opts = model._meta
    connection = connections[using]
    if any(obj.pk is not None for obj in objs) or not isinstance(opts.pk, models.AutoField | models.BigAutoField):
        return model._default_manager.using(using).bulk_create(objs, batch_size=2000)
    fields = _fields(opts)
    relations = [f for f in fields if f.is_relation]
    computed = [(i, f) for i, f in enumerate(fields) if _computed(f)]
    read = attrgetter(*[f.attname for f in fields])
    with transaction.atomic(using=using, savepoint=False):
        ids = _reserve_ids(model, len(objs), connection)
        _take_related_ids(objs, relations)
        for obj, pk in zip(objs, ids, strict=True):
            obj.pk = pk
        for chunk in chunked(objs, CHUNK):
            values = [read(obj) if len(fields) > 1 else (read(obj),) for obj in chunk]
            by_column = [list(column) for column in zip(*values, strict=True)]
            for i, field in computed:
                by_column[i] = [field.pre_save(obj, True) for obj in chunk]
            _convert(by_column, fields, connection)
            _write(model, fields, [obj.pk for obj in chunk], by_column, connection)
    for obj in objs:
        obj._state.adding = False
        obj._state.db = using
    return list(objs)


def insert_rows(model: type[models.Model], rows: Sequence[Mapping[str, Any]], *, using: str = "default") -> int:
    """Insert new rows of `model` given as ``{attname: value}`` (``member_id``, not ``member``), without making a
    model object for each: for the many rows of one write that nothing reads back as objects (an import's periods,
    history and audit entries). A field left out takes its default, computed once for the call (so one ``dict()``
    for a ``JSONField(default=dict)``, written into every row), and an ``auto_now``/``auto_now_add`` field the time
    of the call; a name that is no field's is refused. The database numbers the rows (nothing reads their ids back).
    Returns the number of rows written."""
    if not rows:
        return 0
    opts = model._meta
    connection = connections[using]
    fields = _fields(opts)
    names = {f.attname for f in fields}
    given = set().union(*(row.keys() for row in rows))
    if unknown := given - names:
        raise TypeError(f"{opts.label}: not a field's attname: {', '.join(sorted(unknown))}")
    missing: dict[str, Any] = {}
    automatic = set()
    now = timezone.now()
    for field in fields:
        if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
            missing[field.attname] = now if isinstance(field, models.DateTimeField) else timezone.localdate(now)
            automatic.add(field.attname)
        elif _computed(field):
            raise TypeError(f"{opts.label}.{field.name} fills itself on save: give it an instance (bulk.insert)")
        else:
            missing[field.attname] = field.get_default()
    with transaction.atomic(using=using, savepoint=False):
        for start in range(0, len(rows), CHUNK):
            chunk = rows[start : start + CHUNK]
            by_column = [
                [row.get(f.attname, missing[f.attname]) for row in chunk]
                if f.attname in given and f.attname not in automatic
                else [missing[f.attname]] * len(chunk)
                for f in fields
            ]
            _convert(by_column, fields, connection)
            _write(model, fields, None, by_column, connection)
    return len(rows)
