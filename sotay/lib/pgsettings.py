"""A PostgreSQL server setting changed for a few statements, then set back."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from django.db.backends.utils import CursorWrapper


@contextmanager
def setting(cursor: CursorWrapper, name: str, value: str) -> Iterator[None]:
    """On PostgreSQL, the server setting `name` at `value` for the statements run inside, then back to what it was
    (``set_config``: for the transaction only when inside one, else for the session until set back). Nothing on
    other engines.

    On an error inside a transaction the setting is left to the transaction's rollback, which undoes it (a statement
    sent to the aborted transaction would fail and hide the error).
    """
    if cursor.db.vendor != "postgresql":
        yield
        return
    local = not cursor.db.get_autocommit()
    cursor.execute("SELECT current_setting(%s)", [name])
    before = cursor.fetchone()[0]
    cursor.execute("SELECT set_config(%s, %s, %s)", [name, value, local])
    try:
        yield
    except Exception:
        if not local:
            cursor.execute("SELECT set_config(%s, %s, false)", [name, before])
        raise
    cursor.execute("SELECT set_config(%s, %s, %s)", [name, before, local])
