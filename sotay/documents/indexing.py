"""Keeping the search index whole: index tasks retried with backoff, and the gaps between the index and its sources
found (and repaired) by `sotay search-reindex` and a daily sweep.

An index task can fail for a passing reason (the database busy past its timeout, a restart mid-task). It is queued
again after 5 s, 20 s, 80 s, 320 s (`sotay.core.retry`); after the last attempt the failure is recorded and the daily
sweep (`repair_search_index`) or `sotay search-reindex` rebuilds the entry.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sotay.core.retry import retry_later

from . import search
from .models import SearchEntry

CHUNK = 500


def index_or_retry(source: str, object_id: int, attempt: int = 1) -> str:
    """Rebuild one entry; on failure queue the next attempt later (`sotay.core.retry`), and raise after the last."""
    try:
        search.index_item(source, object_id)
        return "ok"
    except Exception as exc:
        from .tasks import index_item

        return retry_later(index_item, exc, attempt, source=source, object_id=object_id)


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
