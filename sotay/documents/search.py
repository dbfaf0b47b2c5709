"""One search for the documents, the guides and (registered by their app) the announcements.

Each searchable item has one `SearchEntry` row holding its title, reference and body folded (`sotay.lib.vntext`:
no diacritics, lower case, đ = d), the filter columns (kind, issuer, year, status, topics) and who may read it
(copied from the item: audience, audience path, owner path). The full-text index over the folded columns is an
FTS5 table on SQLite and a tsvector column with a GIN index on PostgreSQL (migration 0002); queries are folded the
same way, so "quy dinh 144" finds "Quy định 144-QĐ/TW". Title and reference weigh more than the body. A query
that is a document reference ("144-QĐ/TW", "144/QĐ-TW", "qd 144") also looks the number up exactly and puts those
documents first.

A source registers a `Source`: how to build the entry of one of its items, and how to show its hits. Entries are
rebuilt by the task `index_item`, enqueued on commit by the services that change an item.
"""

from __future__ import annotations

import datetime as dt
import html
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import EmptyResultSet
from django.db import connection
from django.utils.safestring import SafeString, mark_safe
from django_stubs_ext import StrOrPromise

from sotay.lib.vntext import fold

from .citations import parse_reference
from .models import SearchEntry
from .querysets import audience_q


@dataclass
class Hit:
    source: str
    object_id: int
    title: str
    url: str
    snippet: SafeString
    reference: str = ""
    meta: dict[str, Any] = field(default_factory=dict)
    exact: bool = False
    score: float = 0.0
    title_html: str = ""  # the title with the query's words marked, set by the library page


@dataclass
class Source:
    """A kind of searchable item. `entry(obj_id)` gives the SearchEntry fields (unfolded text: the module folds
    it) or None when the item is gone; `display(ids)` gives {id: (title, reference, text, url, meta)}."""

    name: str
    label: StrOrPromise
    entry: Callable[[int], dict[str, Any] | None]
    display: Callable[[list[int]], dict[int, tuple[str, str, str, str, dict]]]


SOURCES: dict[str, Source] = {}


def register(source: Source) -> None:
    SOURCES[source.name] = source


@dataclass
class Filters:
    kind: str = ""
    issuer: str = ""
    year: int | None = None
    status: str = ""
    topic: str = ""
    source: str = ""


@dataclass
class Results:
    query: str
    hits: list[Hit]
    has_more: bool = False
    exact_reference: str = ""
    page: int = 1


# --------------------------------------------------------------------------------------------------------------
# Indexing


def entry_values(fields: dict[str, Any]) -> dict[str, Any]:
    """Fold the text fields of an entry as the index keeps them."""
    values = dict(fields)
    for name in ("title", "reference", "body"):
        values[name] = fold(values.get(name) or "")
    topics = values.get("topics") or []
    values["topics"] = f" {' '.join(topics)} " if topics else ""
    return values


def index_item(source: str, object_id: int) -> None:
    """Rebuild (or remove) the entry of one item."""
    fields = SOURCES[source].entry(object_id)
    if fields is None:
        SearchEntry.objects.filter(source=source, object_id=object_id).delete()
        return
    SearchEntry.objects.update_or_create(source=source, object_id=object_id, defaults=entry_values(fields))


def reindex(source: str | None = None) -> int:
    """Rebuild every entry (of one source); the demo loader and the `reindex` path of a restore use it."""
    count = 0
    for name in SOURCES:
        if source and name != source:
            continue
        ids = src_ids(name)
        SearchEntry.objects.filter(source=name).exclude(object_id__in=ids).delete()
        for pk in ids:
            index_item(name, pk)
            count += 1
    return count


_ID_LISTERS: dict[str, Callable[[], Iterable[int]]] = {}


def register_ids(source: str, lister: Callable[[], Iterable[int]]) -> None:
    _ID_LISTERS[source] = lister


def src_ids(source: str) -> list[int]:
    return list(_ID_LISTERS[source]()) if source in _ID_LISTERS else []


# --------------------------------------------------------------------------------------------------------------
# Querying

_TOKEN = re.compile(r"[a-z0-9]+")


def tokens(query: str) -> list[str]:
    return _TOKEN.findall(fold(query))[:12]


def _prefix(word: str) -> bool:
    """Whether the last word is matched as a prefix (still being typed). Vietnamese words are short syllables:
    "chi*" would pull in chinh, chien, chieu… from every document, so only words of four letters or more are."""
    return len(word) >= 4 and word.isalpha()


def _fts5_match(words: list[str]) -> str:
    # Every word must occur.
    parts = [f'"{w}"' for w in words]
    if _prefix(words[-1]):
        parts[-1] += "*"
    return " ".join(parts)


def _tsquery(words: list[str]) -> str:
    parts = list(words)
    if _prefix(parts[-1]):
        parts[-1] += ":*"
    return " & ".join(parts)


def _visible_entries(user, filters: Filters):
    qs = SearchEntry.objects.filter(
        audience_q(user, audience="audience", audience_path="audience_path", owner_path="owner_path")
    )
    if filters.kind:
        qs = qs.filter(doc_type=filters.kind)
    if filters.issuer:
        qs = qs.filter(issuer_code__iexact=filters.issuer)
    if filters.year:
        qs = qs.filter(year=filters.year)
    if filters.status:
        qs = qs.filter(status=filters.status)
    if filters.topic:
        qs = qs.filter(topics__contains=f" {filters.topic} ")
    if filters.source:
        qs = qs.filter(source=filters.source)
    return qs


def _ranked(user, words: list[str], filters: Filters, limit: int, offset: int) -> list[tuple[str, int, float]]:
    """(source, object_id, score) of the best entries, best first, through the database's full-text index."""
    where_sql, where_params = _where_sql(_visible_entries(user, filters))
    if connection.vendor == "postgresql":
        sql = (
            "SELECT e.source, e.object_id, ts_rank(e.search_vector, q.q) AS score "
            "FROM documents_searchentry e, to_tsquery('simple', %s) AS q(q) "
            f"WHERE e.search_vector @@ q.q AND {where_sql} "
            "ORDER BY score DESC, e.sort_date DESC NULLS LAST, e.id DESC LIMIT %s OFFSET %s"
        )
        params = [_tsquery(words), *where_params, limit, offset]
    else:
        sql = (
            "SELECT e.source, e.object_id, bm25(documents_fts, 10.0, 10.0, 1.0) AS score "
            # CROSS JOIN keeps the full-text match as the outer loop; the narrow covering index (migration 0003)
            # spares each lookup the walk through the entry's folded text.
            "FROM documents_fts CROSS JOIN documents_searchentry e INDEXED BY documents_searchentry_narrow "
            "ON e.id = documents_fts.rowid "
            f"WHERE documents_fts MATCH %s AND {where_sql} "
            "ORDER BY score, e.sort_date DESC, e.id DESC LIMIT %s OFFSET %s"
        )
        params = [_fts5_match(words), *where_params, limit, offset]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return [(s, int(i), float(r)) for s, i, r in cursor.fetchall()]


def _where_sql(qs) -> tuple[str, list]:
    """The WHERE clause of a SearchEntry queryset, for the table aliased `e` ("1=0" when it selects nothing)."""
    try:
        sql, params = qs.values("id").query.sql_with_params()
    except EmptyResultSet:
        return "1=0", []
    table = SearchEntry._meta.db_table
    where = sql.split(" WHERE ", 1)[1] if " WHERE " in sql else "1=1"
    return where.replace(f'"{table}".', "e."), list(params)


def _exact(user, query: str, filters: Filters, limit: int) -> tuple[str, list[tuple[str, int, float]]]:
    """Documents whose reference is the query, e.g. "144-QĐ/TW", "144/QĐ-TW", "qd 144", "Quy định 144"."""
    citation = parse_reference(query)
    if citation is None:
        return "", []
    from .models import Document

    docs = Document.objects.filter(number=citation.number)
    if citation.type_code or not citation.issuer_code:
        docs = docs.filter(type_code=citation.type_code)
    if citation.issuer_code:
        docs = docs.filter(issuer_code__iexact=citation.issuer_code)
    if citation.year:
        docs = docs.filter(issued_on__year=citation.year)
    if citation.doc_type:
        docs = docs.filter(doc_type=citation.doc_type)
    ids = list(docs.values_list("pk", flat=True)[:500])
    visible = (
        _visible_entries(user, filters)
        .filter(source="document", object_id__in=ids)
        .order_by("-sort_date", "-object_id")
        .values_list("object_id", flat=True)[:limit]
    )
    return citation.reference, [("document", pk, 0.0) for pk in visible]


def search(user, query: str, filters: Filters | None = None, *, limit: int = 20, offset: int = 0) -> Results:
    """The ranked hits for `query` that `user` may read, with highlighted snippets."""
    filters = filters or Filters()
    query = (query or "").strip()[:200]
    words = tokens(query)
    exact_ref, exact = _exact(user, query, filters, limit) if offset == 0 else ("", [])
    if words:
        ranked = _ranked(user, words, filters, limit + 1, offset)
    else:
        qs = _visible_entries(user, filters).order_by("-sort_date", "-id")
        ranked = [(s, i, 0.0) for s, i in qs.values_list("source", "object_id")[offset : offset + limit + 1]]
    has_more = len(ranked) > limit
    seen = {(s, i) for s, i, _ in exact}
    rows = (exact + [r for r in ranked[:limit] if (r[0], r[1]) not in seen])[:limit]
    hits = _hits(rows, words, exact_ids={i for _, i, _ in exact})
    return Results(query=query, hits=hits, has_more=has_more, exact_reference=exact_ref)


def _hits(rows: list[tuple[str, int, float]], words: list[str], exact_ids: set[int]) -> list[Hit]:
    by_source: dict[str, list[int]] = {}
    for s, i, _ in rows:
        by_source.setdefault(s, []).append(i)
    shown: dict[tuple[str, int], tuple] = {}
    for s, ids in by_source.items():
        if s in SOURCES:
            for pk, values in SOURCES[s].display(ids).items():
                shown[(s, pk)] = values
    pattern = highlight_pattern(words)
    hits = []
    for s, i, score in rows:
        if (s, i) not in shown:
            continue
        title, reference, text, url, meta = shown[(s, i)]
        hits.append(
            Hit(
                source=s,
                object_id=i,
                title=title,
                url=url,
                reference=reference,
                snippet=snippet(text, pattern),
                meta={**meta, "source_label": SOURCES[s].label},
                exact=s == "document" and i in exact_ids,
                score=score,
            )
        )
    return hits


# --------------------------------------------------------------------------------------------------------------
# Snippets: the folded words found again in the original text, whatever its diacritics and case.

_VARIANTS = {
    "a": "aàáảãạăằắẳẵặâầấẩẫậ",
    "e": "eèéẻẽẹêềếểễệ",
    "i": "iìíỉĩị",
    "o": "oòóỏõọôồốổỗộơờớởỡợ",
    "u": "uùúủũụưừứửữự",
    "y": "yỳýỷỹỵ",
    "d": "dđ",
}


def _word_regex(word: str) -> str:
    return "".join(f"[{_VARIANTS[ch]}]" if ch in _VARIANTS else re.escape(ch) for ch in word)


def highlight_pattern(words: Iterable[str]) -> re.Pattern | None:
    words = sorted(set(words), key=len, reverse=True)
    if not words:
        return None
    alternatives = "|".join(_word_regex(w) for w in words)
    return re.compile(rf"(?<!\w)(?:{alternatives})\w*", re.IGNORECASE)


def snippet(text: str, pattern: re.Pattern | None, width: int = 220) -> SafeString:
    """About `width` characters of `text` around the first match, HTML-escaped, matches in <mark>."""
    text = text or ""
    start = 0
    if pattern is not None:
        m = pattern.search(text)
        if m:
            start = max(0, m.start() - width // 3)
            if start:
                space = text.find(" ", start)
                start = space + 1 if 0 <= space < m.start() else start
    piece = text[start : start + width]
    cut_end = start + width < len(text)
    if pattern is None:
        out = html.escape(piece)
    else:
        parts: list[str] = []
        last = 0
        for m in pattern.finditer(piece):
            parts.append(html.escape(piece[last : m.start()]))
            parts.append(f"<mark>{html.escape(m.group(0))}</mark>")
            last = m.end()
        parts.append(html.escape(piece[last:]))
        out = "".join(parts)
    return mark_safe(("… " if start else "") + out + (" …" if cut_end else ""))  # noqa: S308 - escaped above


def highlight(text: str, words: Iterable[str]) -> SafeString:
    """`text` escaped with the query's words in <mark> (titles of hits)."""
    pattern = highlight_pattern(words)
    if pattern is None:
        return mark_safe(html.escape(text))  # noqa: S308
    out, last = [], 0
    for m in pattern.finditer(text):
        out.append(html.escape(text[last : m.start()]))
        out.append(f"<mark>{html.escape(m.group(0))}</mark>")
        last = m.end()
    out.append(html.escape(text[last:]))
    return mark_safe("".join(out))  # noqa: S308


def year_of(day: dt.date | None) -> int | None:
    return day.year if day else None
