"""Registering new members: the one path every way of adding a member takes.

The create form and the admissions service (through `members.services.create_member`), the spreadsheet import
(`imports.services.apply_batch`), the demo generator and the test factory all hand their new `Member` rows to
`register()`, which keeps the invariants of a new member in one place:

- every text field in Unicode NFC (a name typed on a phone and one pasted from a TCVN3 conversion compare equal);
- the name keys: `name_folded` for search without diacritics (đ = d) and `name_sort_key` for the Vietnamese order
  by given name (`Member.set_full_name`);
- the member's first periods (probationary, official, current status) opened from joining (`periods.open_first`);
- the statistics counts of every organisation above the member's cell (`counts.added`), unless the caller adds
  them in bulk itself (the import, once per batch; the demo generator, which rebuilds them at the end).

`sotay/members/tests/test_newcomers.py` checks that each path goes through here, and that no other module writes
new member rows.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache

from django.db import models

from sotay.lib import bulk
from sotay.lib.vntext import nfc

from . import counts, periods
from .models import Member


@cache
def _text_fields() -> tuple[str, ...]:
    return tuple(
        field.attname
        for field in Member._meta.concrete_fields
        if isinstance(field, (models.CharField, models.TextField)) and field.attname != "full_name"
    )


def prepare(member: Member) -> Member:
    """NFC for every text field and the name keys, on an unsaved member."""
    values = member.__dict__
    for name in _text_fields():
        value = values.get(name)
        if value and isinstance(value, str):  # the empty ones stay empty
            values[name] = nfc(value)
    member.set_full_name(member.full_name)
    return member


def register(members: Sequence[Member], *, count: bool = True) -> list[Member]:
    """Save new members (in bulk: `sotay.lib.bulk.insert`) with their invariants, open their first periods and add
    them to the statistics counts (`count=False`: the caller adds them itself). Call it inside the caller's
    transaction: the service that checked its actor and writes the history and the audit log."""
    rows = [prepare(m) for m in members]
    created = bulk.insert(rows)
    periods.open_first(created)
    if count:
        counts.added([m.pk for m in created])
    return created
