"""Benchmark P3: the library search through the app against the raw full-text query on the same database.

The issue's goal: over 100 varied queries on 20,000 generated documents of realistic length, the p95 latency of
the app's search function (``sotay.documents.search.search``: audience filter, exact lookup by number, ranking,
the hits' titles and highlighted snippets) is at most twice the p95 of the raw FTS5 query (the same MATCH
expression, the same filters, ranked by bm25 with the same weights, the first page) on the same SQLite database.

``python -m sotay.bench --only P3`` calls :func:`measure`, which runs ``python -m sotay.benchmarks.p3 run`` in a
child process on its own SQLite file, var/bench/p3-20000.sqlite3. The child builds that database once (migrations,
a small province with a member, 20,000 documents and their search entries; a JSON marker records how it was
built) and then times each query: one warm-up of each side, then RUNS runs of app and raw interleaved; a query's
time is the median of its runs, and p50/p95 are taken over the 100 queries. The user is an ordinary member of a
cell, so the audience filter is the one a member's search carries.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

BASE_DIR = Path(__file__).resolve().parent.parent.parent
BENCH_DIR = BASE_DIR / "var" / "bench"
DOCUMENTS = 20_000
SEED = 2025
QUERIES = 100
RUNS = 5
GOAL = 2.0
DATA_VERSION = 1  # bump when the generated documents change, so that the cached database is rebuilt
DB_PATH = BENCH_DIR / f"p3-{DOCUMENTS}.sqlite3"
MARKER_PATH = BENCH_DIR / f"p3-{DOCUMENTS}.json"
# Words per body: Party documents run from a page to a dozen; bodies here are 250 to 1,500 words.
BODY_WORDS = (250, 1500)


def _log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


# --------------------------------------------------------------------------------------------------------------
# In the child process.


PG_DATABASE = "sotay_bench_p3"  # on PostgreSQL; its marker is the table bench_marker inside it


def _setup_django(engine: str = "sqlite") -> None:
    from . import engines

    os.environ["DATABASE_URL"] = f"sqlite:///{DB_PATH}" if engine == "sqlite" else engines.pg_url(PG_DATABASE)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sotay.settings")
    import django

    django.setup()


def _vocabulary() -> list[tuple[str, str]]:
    """(word, folded word) pairs from the library's own Vietnamese texts, most frequent first."""
    import re
    from collections import Counter

    from sotay.documents.demo import REAL_DOCUMENTS
    from sotay.documents.starter import GUIDES, SAMPLE_ARTICLE
    from sotay.lib.vntext import fold

    texts = [SAMPLE_ARTICLE.read_text(encoding="utf-8")]
    texts += [f"{d[5]} {d[6]}" for d in REAL_DOCUMENTS]

    def walk(items):
        for title, body, _refs, children in items:
            texts.append(f"{title} {body}")
            walk(children)

    walk(GUIDES)
    counts = Counter(w for t in texts for w in re.findall(r"[^\W\d_]+", t.lower()) if len(w) > 1)
    return [(w, fold(w)) for w, _n in counts.most_common()]


KINDS = [
    ("RESOLUTION", "NQ", "Nghị quyết"),
    ("DIRECTIVE", "CT", "Chỉ thị"),
    ("REGULATION", "QĐ", "Quy định"),
    ("DECISION", "QĐ", "Quyết định"),
    ("CONCLUSION", "KL", "Kết luận"),
    ("GUIDANCE", "HD", "Hướng dẫn"),
    ("PLAN", "KH", "Kế hoạch"),
    ("NOTICE", "TB", "Thông báo"),
    ("REPORT", "BC", "Báo cáo"),
    ("LETTER", "CV", "Công văn"),
]
ISSUERS = [
    ("TW", "Ban Chấp hành Trung ương"),
    ("TU", "Ban Thường vụ Tỉnh ủy"),
    ("BTCTU", "Ban Tổ chức Tỉnh ủy"),
    ("BTCTW", "Ban Tổ chức Trung ương"),
    ("ĐU", "Đảng ủy xã"),
    ("ĐUK", "Đảng ủy Khối"),
]


def _build() -> dict[str, Any]:
    """A fresh database: migrations, a province with a member, 20,000 documents with their search entries."""
    from itertools import accumulate

    from django.core.management import call_command
    from django.db import connection, transaction

    from sotay.accounts.models import User
    from sotay.documents.citations import reference_key
    from sotay.documents.models import Document, SearchEntry
    from sotay.lib.vntext import fold
    from sotay.orgs.models import Organization, OrgKind, Role, RoleGrant

    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    rng = random.Random(SEED)
    vocab = _vocabulary()
    # Zipf-like weights: the most frequent words carry most of the text, as in real prose.
    cum = list(accumulate(1 / (rank + 1) for rank in range(len(vocab))))
    with transaction.atomic():
        province = Organization.objects.add_root(
            {
                "name": "Đảng bộ tỉnh Thử",
                "code": "P3",
                "kind": OrgKind.PROVINCIAL_COMMITTEE,
                "valid_from": dt.date(2020, 1, 1),
            }
        )
        communes = [
            Organization.objects.add_child(
                province,
                {
                    "name": f"Đảng bộ xã Thử {i}",
                    "code": f"P3.{i}",
                    "kind": OrgKind.COMMUNE_COMMITTEE,
                    "valid_from": dt.date(2020, 1, 1),
                },
            )
            for i in range(1, 11)
        ]
        cell = Organization.objects.add_child(
            communes[0],
            {"name": "Chi bộ thôn Thử", "code": "P3.1.1", "kind": OrgKind.CELL, "valid_from": dt.date(2020, 1, 1)},
        )
        user = User.objects.create_user(username="p3-member", password="p3-member-pass")
        RoleGrant.objects.create(user=user, organization=cell, role=Role.MEMBER)
        numbers: dict[tuple, int] = {}
        docs, entries = [], []
        for i in range(DOCUMENTS):
            kind, code, kind_name = KINDS[rng.randrange(len(KINDS))]
            issuer_code, issuer = ISSUERS[rng.randrange(len(ISSUERS))]
            year = rng.randint(2010, 2026)
            key = (code, issuer_code, year)
            numbers[key] = numbers.get(key, 0) + rng.randint(1, 3)
            number = numbers[key]
            reference = f"{number:02d}-{code}/{issuer_code}"
            issued_on = dt.date(year, rng.randint(1, 12 if year < 2026 else 10), rng.randint(1, 28))
            words = rng.choices(vocab, cum_weights=cum, k=rng.randint(*BODY_WORDS) + rng.randint(30, 80) + 14)
            title_w, summary_w, body_w = words[:14], words[14:70], words[70:]
            title = f"{kind_name} về " + " ".join(w for w, _f in title_w)
            summary = " ".join(w for w, _f in summary_w).capitalize() + "."
            sentences, folded_sentences = [], []
            for start in range(0, len(body_w), 18):
                chunk = body_w[start : start + 18]
                sentences.append(" ".join(w for w, _f in chunk).capitalize() + ".")
                folded_sentences.append(" ".join(f for _w, f in chunk) + ".")
            body = " ".join(sentences)
            audience = rng.random()
            audience_org = None
            aud = "PROVINCE"
            if audience > 0.95:
                aud, audience_org = "COMMITTEE", communes[rng.randrange(len(communes))]
            elif audience > 0.80:
                aud, audience_org = "SUBTREE", communes[rng.randrange(len(communes))]
            status = rng.choices(["IN_FORCE", "AMENDED", "REPLACED", "EXPIRED"], weights=[70, 10, 15, 5])[0]
            docs.append(
                Document(
                    doc_type=kind,
                    reference=reference,
                    number=number,
                    type_code=code,
                    issuer_code=issuer_code,
                    reference_key=reference_key(number, code, issuer_code),
                    issuer=issuer,
                    issued_on=issued_on,
                    title=title,
                    summary=summary,
                    body=body,
                    status=status,
                    organization=province,
                    audience=aud,
                    audience_org=audience_org,
                )
            )
            entries.append(
                {
                    "title": fold(title),
                    "reference": fold(
                        f"{reference} {reference_key(number, code, issuer_code)} {number} {code} "
                        f"{issuer_code} {kind_name} {issuer}"
                    ),
                    "body": fold(summary) + " " + " ".join(folded_sentences),
                    "doc_type": kind,
                    "issuer_code": issuer_code,
                    "year": year,
                    "status": status,
                    "audience": aud,
                    "audience_path": audience_org.path if audience_org else "",
                    "owner_path": province.path,
                    "sort_date": issued_on,
                }
            )
            if len(docs) == 1000:
                _flush(docs, entries, Document, SearchEntry)
                docs, entries = [], []
                if (i + 1) % 5000 == 0:
                    _log(f"  … {i + 1:,} văn bản".replace(",", "."))
        _flush(docs, entries, Document, SearchEntry)
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("INSERT INTO documents_fts(documents_fts) VALUES ('optimize')")
            cursor.execute("ANALYZE")
            cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            size = DB_PATH.stat().st_size
        else:
            cursor.execute("ANALYZE")
            cursor.execute("SELECT pg_database_size(current_database())")
            size = cursor.fetchone()[0]
    return {
        "documents": DOCUMENTS,
        "seed": SEED,
        "version": DATA_VERSION,
        "built_seconds": round(time.perf_counter() - started, 1),
        "database_mb": round(size / 1048576, 1),
    }


def _flush(docs, entries, Document, SearchEntry) -> None:
    created = Document.objects.bulk_create(docs)
    SearchEntry.objects.bulk_create(
        [SearchEntry(source="document", object_id=d.pk, **e) for d, e in zip(created, entries, strict=True)]
    )


def _queries(rng: random.Random) -> list[tuple[str, dict[str, Any]]]:
    """100 varied queries: words with and without diacritics, phrases, partial words, numbers, filters."""
    from sotay.documents.models import Document

    vocab = _vocabulary()
    common, rare = vocab[:60], vocab[60:]
    ids = list(Document.objects.order_by("pk").values_list("pk", flat=True))
    chosen = rng.sample(ids, 15)
    by_id: dict[int, list[Any]] = {
        pk: row
        for pk, *row in Document.objects.filter(pk__in=chosen).values_list(
            "pk", "reference", "number", "type_code", "doc_type"
        )
    }
    refs = [tuple(by_id[pk]) for pk in chosen]
    out: list[tuple[str, dict[str, Any]]] = []
    for _ in range(20):  # one word, as typed on a phone: no diacritics
        out.append((rng.choice(common if rng.random() < 0.5 else rare)[1], {}))
    for _ in range(20):  # two or three words, with diacritics half the time
        words = rng.sample(common[:40], 1) + rng.sample(rare[:300], rng.randint(1, 2))
        out.append((" ".join(w if rng.random() < 0.5 else f for w, f in words), {}))
    for _ in range(10):  # a word being typed: the last one is a prefix
        w = rng.choice(rare[:400])[1]
        out.append((w[: max(3, len(w) - 2)], {}))
    for reference, number, code, _kind in refs[:10]:  # the number as written, or the other ways
        form = rng.choice([reference, f"{number}/{code}-{reference.split('/')[-1]}", f"{code.lower()} {number}"])
        out.append((form, {}))
    for _reference, number, _code, kind in refs[10:15]:
        name = {"REGULATION": "quy dinh", "DIRECTIVE": "chi thi", "RESOLUTION": "nghi quyet"}.get(kind, "huong dan")
        out.append((f"{name} {number}", {}))
    kinds = [k for k, _c, _n in KINDS]
    for _ in range(15):  # a word with filters
        filters: dict[str, Any] = rng.choice(
            [
                {"kind": rng.choice(kinds)},
                {"year": rng.randint(2012, 2025)},
                {"status": "IN_FORCE"},
                {"issuer": rng.choice(ISSUERS)[0], "kind": rng.choice(kinds)},
            ]
        )
        out.append((rng.choice(common[:50])[1], filters))
    for _ in range(QUERIES - len(out)):  # the most common words: long result lists to rank
        out.append((" ".join(f for _w, f in rng.sample(common[:15], 2)), {}))
    return out[:QUERIES]


def _raw_pg_sql(words: list[str], filters: dict[str, Any]) -> tuple[str, list]:
    """PostgreSQL's spelling of the hand-written query: the same `to_tsquery('simple', …)` as the app over the
    entries' generated `search_vector` (GIN index), ranked by `ts_rank`, with the same filter columns."""
    from sotay.documents.search import _tsquery

    where, params = [], [_tsquery(words)]
    for key, column in (("kind", "doc_type"), ("issuer", "issuer_code"), ("year", "year"), ("status", "status")):
        if filters.get(key):
            where.append(f"AND e.{column} = %s")
            params.append(filters[key])
    sql = (
        "SELECT e.source, e.object_id, ts_rank(e.search_vector, q.q) AS score "
        "FROM documents_searchentry e, to_tsquery('simple', %s) AS q(q) "
        f"WHERE e.search_vector @@ q.q {' '.join(where)} ORDER BY score DESC LIMIT 21"
    )
    return sql, params


def _raw_sql(words: list[str], filters: dict[str, Any]) -> tuple[str, list]:
    """The hand-written query: the FTS5 table alone when there are no filters; with filters, joined to the entries'
    filter columns (through the same covering index the app uses)."""
    from django.db import connection

    from sotay.documents.search import _fts5_match

    if connection.vendor == "postgresql":
        return _raw_pg_sql(words, filters)

    where, params = [], [_fts5_match(words)]
    for key, column in (("kind", "doc_type"), ("issuer", "issuer_code"), ("year", "year"), ("status", "status")):
        if filters.get(key):
            where.append(f"AND e.{column} = %s")
            params.append(filters[key])
    if not where:
        sql = (
            "SELECT rowid, bm25(documents_fts, 10.0, 10.0, 1.0) AS score FROM documents_fts "
            "WHERE documents_fts MATCH %s ORDER BY score LIMIT 21"
        )
        return sql, params
    sql = (
        "SELECT e.source, e.object_id, bm25(documents_fts, 10.0, 10.0, 1.0) AS score "
        "FROM documents_fts CROSS JOIN documents_searchentry e INDEXED BY documents_searchentry_narrow "
        "ON e.id = documents_fts.rowid "
        f"WHERE documents_fts MATCH %s {' '.join(where)} ORDER BY score LIMIT 21"
    )
    return sql, params


def _prepare(engine: str) -> dict[str, Any]:
    """Reuse the engine's cached database when its marker matches; else build it."""
    from . import engines

    wanted = {"documents": DOCUMENTS, "seed": SEED, "version": DATA_VERSION}
    if engine != "sqlite":
        if not engines.pg_exists(PG_DATABASE):
            engines.pg_recreate(PG_DATABASE)
        _setup_django(engine)
        from django.core.management import call_command
        from django.db import connection

        with connection.cursor() as cursor:
            marker = engines.read_marker(cursor)
        if engines.matches(marker, wanted):
            call_command("migrate", verbosity=0)
            return marker  # type: ignore[return-value]
        connection.close()
        engines.pg_recreate(PG_DATABASE)
        _log(f"P3: tạo {DOCUMENTS:,} văn bản trong PostgreSQL {PG_DATABASE}…".replace(",", "."))
        marker = _build()
        with connection.cursor() as cursor:
            engines.write_marker(cursor, marker)
        return marker
    try:
        marker = json.loads(MARKER_PATH.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        marker = None
    if marker is None or any(marker.get(k) != v for k, v in wanted.items()) or not DB_PATH.exists():
        for suffix in ("", "-wal", "-shm", "-journal"):
            Path(f"{DB_PATH}{suffix}").unlink(missing_ok=True)
        _setup_django()
        _log(f"P3: tạo {DOCUMENTS:,} văn bản trong {DB_PATH}…".replace(",", "."))
        marker = _build()
        MARKER_PATH.write_text(json.dumps(marker, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    else:
        _setup_django()
        from django.core.management import call_command

        call_command("migrate", verbosity=0)
    return marker


def child_run(engine: str = "sqlite") -> dict[str, Any]:
    BENCH_DIR.mkdir(parents=True, exist_ok=True)
    marker = _prepare(engine)

    from django.db import connection

    from sotay.accounts.models import User
    from sotay.documents import search

    user = User.objects.get(username="p3-member")
    queries = _queries(random.Random(SEED))
    load_before = os.getloadavg()[0]
    rows: list[dict[str, Any]] = []
    for text, filters in queries:
        f = search.Filters(**filters)
        words = search.tokens(text)
        sql, params = _raw_sql(words, filters)

        def app(text=text, f=f):
            return search.search(user, text, f, limit=20)

        def raw(sql=sql, params=params):
            with connection.cursor() as cursor:
                cursor.execute(sql, params)
                return cursor.fetchall()

        app_hits = len(app().hits)
        raw_hits = len(raw())
        app_times: list[float] = []
        raw_times: list[float] = []
        for run in range(RUNS):
            pair = ((app, app_times), (raw, raw_times))
            for fn, times in pair if run % 2 == 0 else reversed(pair):
                t0 = time.perf_counter()
                fn()
                times.append((time.perf_counter() - t0) * 1000)
        rows.append(
            {
                "query": text,
                "filters": filters,
                "app_ms": round(statistics.median(app_times), 3),
                "raw_ms": round(statistics.median(raw_times), 3),
                "app_hits": app_hits,
                "raw_hits": min(raw_hits, 20),
            }
        )
    app_all = sorted(r["app_ms"] for r in rows)
    raw_all = sorted(r["raw_ms"] for r in rows)

    def pct(values, p):
        return round(statistics.quantiles(values, n=100, method="inclusive")[p - 1], 3)

    result = {
        "app_p50_ms": pct(app_all, 50),
        "app_p95_ms": pct(app_all, 95),
        "raw_p50_ms": pct(raw_all, 50),
        "raw_p95_ms": pct(raw_all, 95),
        "queries": rows,
        "data": {
            **marker,
            "database": str(DB_PATH.relative_to(BASE_DIR)) if engine == "sqlite" else f"PostgreSQL {PG_DATABASE}",
        },
        "engine": engine,
        "runs": RUNS,
        # Other work on the machine slows both sides alike (they are interleaved) but shows in the milliseconds.
        "load_average": [round(load_before, 2), round(os.getloadavg()[0], 2)],
    }
    result["p50_ratio"] = round(result["app_p50_ms"] / result["raw_p50_ms"], 2)
    result["p95_ratio"] = round(result["app_p95_ms"] / result["raw_p95_ms"], 2)
    return result


# --------------------------------------------------------------------------------------------------------------
# In the parent (python -m sotay.bench).


def measure(*, machine: dict[str, Any] | None = None, engine: str = "sqlite") -> dict[str, Any]:
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "SOTAY_VAR_DIR")}
    proc = subprocess.run(
        [sys.executable, "-m", "sotay.benchmarks.p3", "run", "--engine", engine],
        cwd=BASE_DIR,
        env=env,
        stdout=subprocess.PIPE,
        text=True,
        check=False,
    )
    if proc.returncode != 0:
        raise RuntimeError(f"P3: `python -m sotay.benchmarks.p3 run` failed ({proc.returncode})")
    child = json.loads(proc.stdout.strip().splitlines()[-1])
    return {
        "engine": engine,
        "value": child["p95_ratio"],
        "goal": GOAL,
        "unit": "ratio",
        "detail": {
            "what": "sotay.documents.search.search (audience filter, exact lookup, ranking, titles and highlighted "
            "snippets) vs the raw FTS5 query (same MATCH, same filters, bm25, first page) on the same SQLite "
            "database; p95 over 100 queries of each side's per-query median; value = app p95 / raw p95",
            **{
                k: child[k]
                for k in (
                    "app_p50_ms",
                    "app_p95_ms",
                    "raw_p50_ms",
                    "raw_p95_ms",
                    "p50_ratio",
                    "p95_ratio",
                    "runs",
                    "data",
                )
            },
            "load_average": child.get("load_average"),
            "queries": child["queries"],
            "machine": machine or {},
        },
        "measured": dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat(),
    }


def markdown(p3: dict[str, Any]) -> list[str]:
    """The P3 section: one per engine (a result from before the engines is SQLite's)."""
    from .engines import LABELS

    if "engines" not in p3:
        return engine_markdown(p3)
    lines: list[str] = []
    for engine, result in p3["engines"].items():
        section = engine_markdown(result)
        section[0] += f" ({LABELS.get(engine, engine)})"
        lines += section
    return lines


def engine_markdown(p3: dict[str, Any]) -> list[str]:
    d = p3["detail"]
    on_pg = p3.get("engine") == "postgresql"
    raw_label = "Raw `to_tsquery` + `ts_rank` query" if on_pg else "Raw FTS5 query"
    verdict = "met" if p3["value"] <= p3["goal"] else "**not met**"
    slowest = sorted(d["queries"], key=lambda q: q["app_ms"], reverse=True)[:5]
    machine = d.get("machine") or {}
    lines = [
        "## P3 — library search: app vs raw FTS query",
        "",
        f"Measured {p3['measured']}. **P3 = {p3['value']:.2f}** (app p95 / raw full-text p95 over 100 queries); "
        f"goal ≤ {p3['goal']} — {verdict}." + (f" Note: {p3['note']}" if p3.get("note") else ""),
        "",
        "| | p50 (ms) | p95 (ms) |",
        "|---|---:|---:|",
        f"| App: `sotay.documents.search.search` | {d['app_p50_ms']:.2f} | {d['app_p95_ms']:.2f} |",
        f"| {raw_label} | {d['raw_p50_ms']:.2f} | {d['raw_p95_ms']:.2f} |",
        f"| Ratio | {d['p50_ratio']:.2f} | {d['p95_ratio']:.2f} |",
        "",
        "### What is compared",
        "",
        "- **App**: `search(user, query, filters, limit=20)` as the library page calls it, for an ordinary member: "
        "the query folded (no diacritics, đ = d); an exact lookup when the query is a document number "
        '("144-QĐ/TW", "144/QĐ-TW", "qd 144", "quy dinh 144"); the FTS5 MATCH joined to the search '
        "entries with the member's audience filter and the filters, ranked by bm25 (title and number ×10); then "
        "the hits' titles, references and highlighted snippets from the documents themselves.",
        "- **Raw**: the same MATCH expression, `ORDER BY bm25(documents_fts, 10, 10, 1) LIMIT 21` on the FTS5 "
        "table alone (with filters: joined to the entries' filter columns) through `connection.cursor()`, "
        "without audience, exact lookup or snippets. On PostgreSQL the app and the raw query both use "
        "`to_tsquery('simple', …)` over the entries' generated `search_vector` (GIN index), ranked by `ts_rank`.",
        f"- 100 queries: one word without diacritics (20), two or three words with or without diacritics (20), "
        "a word being typed (10), document numbers in the three writings (10), kind name + number (5), a common "
        "word with filters (15), pairs of the most common words (20). Each query: one warm-up per side, then "
        f"{d['runs']} runs interleaved; its time is the median; p50 and p95 over the 100 medians.",
        "",
        "### Slowest app queries",
        "",
        "| Query | Filters | App (ms) | Raw (ms) |",
        "|---|---|---:|---:|",
    ]
    for q in slowest:
        filters = ", ".join(f"{k}={v}" for k, v in q["filters"].items()) or "—"
        lines.append(f"| `{q['query']}` | {filters} | {q['app_ms']:.2f} | {q['raw_ms']:.2f} |")
    data = d["data"]
    lines += [
        "",
        "### Data",
        "",
        f"- {data['documents']:,} generated documents (seed {data['seed']}, data version {data['version']}): "
        f"titles of ~16 words, summaries of ~56 words, bodies of {BODY_WORDS[0]}–{BODY_WORDS[1]} words drawn "
        "with Zipf-like weights from the library's own Vietnamese texts (the sample article, the starter guides, "
        "the real documents' summaries); 80% for the whole province, 15% for a commune's subtree, 5% for "
        "committee members only.",
        f"- Database `{data['database']}` ({data['database_mb']} MB), built in {data['built_seconds']} s "
        "and kept between runs.",
        "",
    ]
    if machine:
        lines += [
            "### Machine",
            "",
            f"- CPU: {machine.get('cpu')}, {machine.get('cores')} cores; RAM {machine.get('ram_gb')} GB",
            f"- Python {machine.get('python')}, SQLite {machine.get('sqlite')}, Django {machine.get('django')}",
        ]
        if d.get("load_average"):
            lines.append(
                f"- 1-minute load average {d['load_average'][0]} before and {d['load_average'][1]} after the "
                "measured queries (other work on the machine slows both sides)."
            )
        lines.append("")
    lines += ["### Reproduce", "", "```sh", "python -m sotay.bench --only P3", "```", ""]
    return lines


def child_main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m sotay.benchmarks.p3", description=__doc__.split("\n")[0])
    parser.add_argument("side", choices=("run",))
    parser.add_argument("--engine", choices=("sqlite", "postgresql"), default="sqlite")
    args = parser.parse_args(argv)
    print(json.dumps(child_run(args.engine), ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(child_main())
