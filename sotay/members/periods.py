"""Keeping MemberPeriod rows in step with a member's cell and status (called by the services)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator

from sotay.lib import bulk

from .choices import MemberStatus
from .models import Member, MemberPeriod


def open_first(members: Iterable[Member]) -> None:
    """The periods of newly registered members, from joining, in their cell (see `_steps`)."""
    bulk.insert_rows(
        MemberPeriod,
        [
            {
                "member_id": m.pk,
                "organization_id": m.organization_id,
                "status": status,
                "valid_from": start,
                "valid_to": end,
            }
            for m, start, end, status in first_periods(members)
        ],
    )


def first_periods(members: Iterable[Member]) -> Iterator[tuple[Member, dt.date, dt.date | None, str]]:
    """(member, start, end, status) of the periods `open_first` opens for these members."""
    for m in members:
        for start, end, status in _steps(m.joined_on, m.official_on, m.status, m.status_changed_on):
            yield m, start, end, status


def _steps(joined, official, status, changed) -> list[tuple]:
    """(start, end, status) from joining: probationary until the official date, then official, then the current
    status from the day it changed (exempt, left, deceased, moved away)."""
    steps = [(joined, MemberStatus.PROBATIONARY)]
    if official:
        steps.append((official, MemberStatus.OFFICIAL))
    if status not in (MemberStatus.PROBATIONARY, MemberStatus.OFFICIAL):
        steps.append((changed or steps[-1][0], status))
    steps = [s for i, s in enumerate(steps) if i + 1 == len(steps) or steps[i + 1][0] > s[0]]
    return [(start, steps[i + 1][0] if i + 1 < len(steps) else None, st) for i, (start, st) in enumerate(steps)]


def change(
    member_ids: Iterable[int], on: dt.date, *, organization_id: int | None = None, status: str | None = None
) -> None:
    """Close each member's open period on `on` and open one with the new cell and/or status from that day.

    A change dated before the open period began (a late correction) starts at the period's own start instead.
    """
    ids = list(member_ids)
    current = {p.member_id: p for p in MemberPeriod.objects.filter(member_id__in=ids, valid_to__isnull=True)}
    closing, fresh = [], []
    for member in Member.objects.filter(pk__in=ids).only("pk", "organization_id", "status", "joined_on"):
        period = current.get(member.pk)
        start = max(on, period.valid_from) if period else on
        if period is not None:
            period.valid_to = start
            closing.append(period)
        fresh.append(
            MemberPeriod(
                member_id=member.pk,
                organization_id=organization_id or member.organization_id,
                status=status or member.status,
                valid_from=start,
            )
        )
    MemberPeriod.objects.bulk_update(closing, ["valid_to"], batch_size=1000)
    MemberPeriod.objects.bulk_create(fresh, batch_size=2000)


EXIT_STATUSES = (MemberStatus.TRANSFERRED_OUT, MemberStatus.LEFT, MemberStatus.DECEASED)


def backfill(member_model=Member, period_model=MemberPeriod, *, chunk: int = 5000) -> int:
    """Periods for members that have none, from what the member row says (seed data, older databases).

    A member made official has a probationary period until the official date; one who left, died, moved away or
    was exempted has an active period until `status_changed_on` and then a period with that status.
    """
    pending = member_model.objects.filter(periods__isnull=True).values_list(
        "pk", "organization_id", "status", "joined_on", "official_on", "status_changed_on"
    )
    written = 0
    batch = []
    for pk, org_id, status, joined, official, changed in pending.iterator(chunk_size=chunk):
        batch += [
            period_model(member_id=pk, organization_id=org_id, status=st, valid_from=start, valid_to=end)
            for start, end, st in _steps(joined, official, status, changed)
        ]
        if len(batch) >= chunk:
            period_model.objects.bulk_create(batch)
            written += len(batch)
            batch = []
    period_model.objects.bulk_create(batch)
    return written + len(batch)
