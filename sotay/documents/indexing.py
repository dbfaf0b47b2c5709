"""Keeping the search index whole: index tasks retried with backoff, and the gaps between the index and its sources
found (and repaired) by `sotay search-reindex` and a daily sweep.

An index task can fail for a passing reason (the database busy past its timeout, a restart mid-task). It is queued
again after 5 s, 20 s, 80 s, 320 s; after `MAX_ATTEMPTS` the failure is recorded and the daily sweep
(`repair_search_index`) or `sotay search-reindex` rebuilds the entry.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass, field

from django.utils import timezone
from django_tasks.exceptions import InvalidTaskError

from . import search
from .models import SearchEntry

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 5
BACKOFF_SECONDS = 5
CHUNK = 500


def backoff(attempt: int) -> dt.timedelta:
    """The wait before attempt `attempt + 1`."""
    return dt.timedelta(seconds=BACKOFF_SECONDS * 4 ** (attempt - 1))


def index_or_retry(source: str, object_id: int, attempt: int = 1) -> str:
    """Rebuild one entry; on failure queue the next attempt (deferred) until MAX_ATTEMPTS, then raise."""
    try:
        search.index_item(source, object_id)
        return "ok"
    except Exception as exc:
        if attempt >= MAX_ATTEMPTS:
            raise
        from .tasks import index_item

        when = timezone.now() + backoff(attempt)
        logger.warning(
            "Search index %s:%s failed (attempt %s/%s), retried at %s: %s",
            source,
            object_id,
            attempt,
            MAX_ATTEMPTS,
            when.isoformat(),
            exc,
        )
        try:
            index_item.using(run_after=when).enqueue(source=source, object_id=object_id, attempt=attempt + 1)
        except InvalidTaskError:  # a backend without deferred tasks: the daily sweep repairs the entry
            raise exc from None
        return f"retry {attempt + 1}/{MAX_ATTEMPTS}"


@dataclass
class Gaps:
    """Per source: items without an entry, entries that differ from their item, entries whose item is gone."""

    missing: dict[str, list[int]] = field(default_factory=dict)
    stale: dict[str, list[int]] = field(default_factory=dict)
    orphaned: dict[str, list[int]] = field(default_factory=dict)

    def count(self) -> int:
        return sum(len(ids) for part in (self.missing, self.stale, self.orphaned) for ids in part.values())


def _same(stored: dict, expected: dict) -> bool:
    return all(stored.get(name) == value for name, value in expected.items())


def find_gaps(source: str | None = None) -> Gaps:
    """Compare every entry with what its item would give now (the same fields `search.index_item` writes)."""
    gaps = Gaps()
    model_fields = {f.name for f in SearchEntry._meta.concrete_fields}
    for name, src in search.SOURCES.items():
        if source and name != source:
            continue
        ids = sorted(set(search.src_ids(name)))
        indexed = set(SearchEntry.objects.filter(source=name).values_list("object_id", flat=True))
        gaps.orphaned[name] = sorted(indexed - set(ids))
        gaps.missing[name] = [pk for pk in ids if pk not in indexed]
        gaps.stale[name] = []
        present = [pk for pk in ids if pk in indexed]
        for start in range(0, len(present), CHUNK):
            chunk = present[start : start + CHUNK]
            stored = {
                row["object_id"]: row
                for row in SearchEntry.objects.filter(source=name, object_id__in=chunk).values(*model_fields)
            }
            for pk in chunk:
                fields = src.entry(pk)
                if fields is None:  # gone since the id list was read
                    gaps.orphaned[name].append(pk)
                    continue
                expected = {k: v for k, v in search.entry_values(fields).items() if k in model_fields}
                if not _same(stored[pk], expected):
                    gaps.stale[name].append(pk)
    return gaps


def repair(gaps: Gaps) -> int:
    """Rebuild the missing and stale entries and remove the orphaned ones (each entry its own short write)."""
    fixed = 0
    for part in (gaps.missing, gaps.stale, gaps.orphaned):
        for name, ids in part.items():
            for pk in ids:
                search.index_item(name, pk)  # removes the entry when the item is gone
                fixed += 1
    return fixed
