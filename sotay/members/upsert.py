"""Adding to counted rows (statistics counts and snapshots): one upsert per key, keys in order, on both engines.

SQLite: one prepared ``INSERT … ON CONFLICT DO UPDATE`` run for every row (``executemany``). PostgreSQL: the rows as
arrays in one statement (``unnest … WITH ORDINALITY``, in the given order): an import adds a few hundred thousand
snapshot keys, which one by one took seconds of round trips."""

from __future__ import annotations

from collections.abc import Sequence

from django.db import connections


def add(table: str, columns: Sequence[str], types: Sequence[str], rows: list[tuple], using: str = "default") -> None:
    """Add the last column (`n`) of `rows` to the rows of `table` with the same other columns (its unique key), or
    insert them. `types`: the PostgreSQL type of each column. Rows are written in the order given."""
    if not rows:
        return
    connection = connections[using]
    names = ", ".join(columns)
    key = ", ".join(columns[:-1])
    last = columns[-1]
    on_conflict = f"ON CONFLICT ({key}) DO UPDATE SET {last} = {table}.{last} + excluded.{last}"
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            arrays = ", ".join(f"%s::{kind}[]" for kind in types)
            for start in range(0, len(rows), 50_000):
                chunk = rows[start : start + 50_000]
                cursor.execute(
                    f"INSERT INTO {table} ({names}) SELECT {names} FROM unnest({arrays}) WITH ORDINALITY "
                    f"AS added ({names}, place) ORDER BY place {on_conflict}",
                    [list(column) for column in zip(*chunk, strict=True)],
                )
        else:
            marks = ", ".join(["%s"] * len(columns))
            cursor.executemany(f"INSERT INTO {table} ({names}) VALUES ({marks}) {on_conflict}", rows)
