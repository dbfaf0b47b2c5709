"""The national run (issue 18, ``make bench-national``): about 6,000,000 members over 34 provinces on PostgreSQL.

Not part of ``make bench``, ``make test`` or CI. ``python -m sotay.benchmarks.national [--members N]``:

1. **Generate** (in a child process under ``nice``, skipped when the database's marker matches): a PostgreSQL
   database ``sotay_national_<members>`` is created and migrated; each of the 34 provinces is laid out by the demo's
   own planner (``sotay.demo.generator.plan.build_plan``, a different seed per province, the province's share of
   the members) and its member values drawn by the demo's own factory (``iter_members``: names with their folded
   and Vietnamese sort keys, dates, statuses); the organisations are re-rooted under the province's own path step
   and code (``R01``…``R34``, the paths as ``sotay.orgs`` builds them: 4-character steps), and everything is loaded
   with PostgreSQL's COPY (psycopg's ``cursor.copy``). Card, file and citizen numbers get the province in front
   so they stay unique across the nation.
2. **Derive**, a separate step: the tables the app derives from members are filled by the app's own rebuild
   functions — the member periods by ``sotay.members.periods.backfill``; a maintained-counts rebuild is called
   here too when the app has one (:data:`DERIVED`). Then ``ANALYZE`` and the marker (table ``bench_marker``).
3. **Measure** (in this process): the statistics of the whole nation (the sum of the 34 provinces'
   ``subtree_statistics``), of one province and of its largest commune, current and as of a day; the first page of
   that commune's member list through ``sotay.members.filters.filtered_members`` (the list page's own queryset and
   paginator) as the commune's committee; a diacritic-free name search across the nation through the same path as
   a user granted every province; the database size (``pg_database_size``) and the peak memory (``getrusage``).

The figures go into docs/benchmarks.json (key ``national``) and docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import datetime as dt
import functools
import json
import os
import resource
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from . import engines

MEMBERS = 6_000_000
PROVINCES = 34
SEED = 2025
VERSION = 3  # bump when the generated national data change, so that the cached database is rebuilt
AS_OF = dt.date(2025, 12, 31)
RUNS = 11
NATION_RUNS = 5
GOALS_MS = {"nation": 1000.0, "province": 100.0, "commune_list": 50.0, "name_search": 300.0}
# The 34 provinces and cities after the 2025 merger.
PROVINCE_NAMES = [
    "Đảng bộ thành phố Hà Nội",
    "Đảng bộ thành phố Huế",
    "Đảng bộ tỉnh Lai Châu",
    "Đảng bộ tỉnh Điện Biên",
    "Đảng bộ tỉnh Sơn La",
    "Đảng bộ tỉnh Lạng Sơn",
    "Đảng bộ tỉnh Quảng Ninh",
    "Đảng bộ tỉnh Thanh Hóa",
    "Đảng bộ tỉnh Nghệ An",
    "Đảng bộ tỉnh Hà Tĩnh",
    "Đảng bộ tỉnh Cao Bằng",
    "Đảng bộ tỉnh Tuyên Quang",
    "Đảng bộ tỉnh Lào Cai",
    "Đảng bộ tỉnh Thái Nguyên",
    "Đảng bộ tỉnh Phú Thọ",
    "Đảng bộ tỉnh Bắc Ninh",
    "Đảng bộ tỉnh Hưng Yên",
    "Đảng bộ thành phố Hải Phòng",
    "Đảng bộ tỉnh Ninh Bình",
    "Đảng bộ tỉnh Quảng Trị",
    "Đảng bộ thành phố Đà Nẵng",
    "Đảng bộ tỉnh Quảng Ngãi",
    "Đảng bộ tỉnh Gia Lai",
    "Đảng bộ tỉnh Khánh Hòa",
    "Đảng bộ tỉnh Lâm Đồng",
    "Đảng bộ tỉnh Đắk Lắk",
    "Đảng bộ Thành phố Hồ Chí Minh",
    "Đảng bộ tỉnh Đồng Nai",
    "Đảng bộ tỉnh Tây Ninh",
    "Đảng bộ thành phố Cần Thơ",
    "Đảng bộ tỉnh Vĩnh Long",
    "Đảng bộ tỉnh Đồng Tháp",
    "Đảng bộ tỉnh Cà Mau",
    "Đảng bộ tỉnh An Giang",
]
# Diacritic-free searches across the nation, as a Ban Tổ chức officer types them.
SEARCHES = [
    "nguyen thi lan",
    "tran van hung",
    "le thi hoa",
    "pham minh duc",
    "hoang van nam",
    "vu thi thu",
    "dang van long",
    "bui thi mai",
    "do quang huy",
    "ngo thi hanh",
    "duong van thang",
]
COMMUNE_LOGIN = "bench-xa"
NATION_LOGIN = "bench-toanquoc"


def database_name(members: int) -> str:
    return f"sotay_national_{members}"


def wanted_marker(members: int, provinces: int, seed: int) -> dict[str, Any]:
    from sotay.demo.generator import GENERATOR_VERSION

    return {
        "members": members,
        "provinces": provinces,
        "seed": seed,
        "generator": GENERATOR_VERSION,
        "national_version": VERSION,
    }


def _setup_django(database: str) -> None:
    os.environ["DATABASE_URL"] = engines.pg_url(database)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sotay.settings")
    import django

    django.setup()


def _maxrss_mb() -> float:
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


# --------------------------------------------------------------------------------------------------------------
# Generation (COPY).


def _step(number: int) -> str:
    from sotay.demo.generator.plan import _step as plan_step

    return plan_step(number)


class _Copier:
    """COPY rows of a model's concrete columns from dicts of attribute values (missing ones get the default)."""

    def __init__(self, cursor, model, now: dt.datetime) -> None:
        self.fields = [f for f in model._meta.concrete_fields]
        self.defaults = {}
        for f in self.fields:
            if f.attname in ("created_at", "updated_at"):
                self.defaults[f.attname] = now
            elif f.has_default() or f.null or f.get_internal_type() in ("CharField", "TextField"):
                self.defaults[f.attname] = f.get_default()
        columns = ", ".join(f'"{f.column}"' for f in self.fields)
        self._copy = cursor.copy(f'COPY "{model._meta.db_table}" ({columns}) FROM STDIN')
        self.copy = self._copy.__enter__()
        self.rows = 0

    def write(self, values: dict[str, Any]) -> None:
        defaults = self.defaults
        self.copy.write_row([values[f.attname] if f.attname in values else defaults[f.attname] for f in self.fields])
        self.rows += 1

    def close(self) -> None:
        self._copy.__exit__(None, None, None)


def _province_plan(index: int, members: int, seed: int, today: dt.date, probation_months: int):
    """The demo planner's province, without the two pre-merger roots, re-rooted as the nation's province `index`."""
    from sotay.demo.generator.plan import build_plan

    plan = build_plan(members, seed + index, today, probation_months=probation_months)
    root = plan.orgs[plan.province]
    old_path, old_code = root.path, root.code
    new_path, new_code = _step(index + 1), f"R{index + 1:02d}"
    keep = [i for i, spec in enumerate(plan.orgs) if spec.path.startswith(old_path)]
    for i in keep:
        spec = plan.orgs[i]
        spec.path = new_path + spec.path[len(old_path) :]
        spec.code = new_code + spec.code[len(old_code) :]
        spec.successor = None
    root.name = PROVINCE_NAMES[index % len(PROVINCE_NAMES)]
    return plan, keep


def _copy_template(share: int, seed: int, progress: Callable[[str], None]) -> dict[str, int]:
    """COPY the first province (the template): its organisations, their versions and its members. Returns the
    rows of each."""
    from django.db import connection
    from django.utils import timezone

    from sotay.demo.generator.people import iter_members
    from sotay.lib.vntext import fold
    from sotay.members.models import Member
    from sotay.orgs.models import Organization, OrgVersion
    from sotay.rules.registry import rule_value

    today = timezone.localdate()
    now = timezone.now()
    months = int(rule_value("probation_months", today))
    plan, keep = _province_plan(0, share, seed, today, months)
    pks = {i: n for n, i in enumerate(keep, start=1)}
    with connection.cursor() as django_cursor:
        cursor = django_cursor.cursor  # the psycopg cursor under Django's wrapper
        orgs = _Copier(cursor, Organization, now)
        versions_rows = []
        for i in keep:
            spec = plan.orgs[i]
            folded = fold(spec.name)
            orgs.write(
                {
                    "id": pks[i],
                    "path": spec.path,
                    "depth": spec.depth,
                    "numchild": spec.numchild,
                    "code": spec.code,
                    "name": spec.name,
                    "name_folded": folded,
                    "kind": spec.kind,
                    "commune_type": spec.commune_type,
                    "cell_type": spec.cell_type,
                    "ward_code": spec.ward_code,
                    "valid_from": spec.valid_from,
                    "valid_to": spec.valid_to,
                    "successor_id": None,
                }
            )
            versions_rows.append(
                {
                    "id": pks[i],
                    "organization_id": pks[i],
                    "name": spec.name,
                    "name_folded": folded,
                    "kind": spec.kind,
                    "parent_id": pks.get(spec.parent) if spec.parent is not None else None,
                    "valid_from": spec.valid_from,
                    "valid_to": spec.valid_to,
                    "reorganization_id": None,
                }
            )
        orgs.close()
        versions = _Copier(cursor, OrgVersion, now)
        for row in versions_rows:
            versions.write(row)
        versions.close()
        citizen_tails: set[str] = set()
        rows = _Copier(cursor, Member, now)
        for member_id, values in enumerate(iter_members(plan), start=1):
            values["id"] = member_id
            values["organization_id"] = pks[values.pop("organization")]
            for key in ("card_number", "biography_number"):
                if values.get(key):
                    values[key] = "01" + values[key]
            cid = values.get("citizen_id")
            if cid:
                # The first three digits name the province: the nation's own, and unique within it.
                tail = cid[3:]
                values["citizen_id"] = None if tail in citizen_tails else f"001{tail}"
                citizen_tails.add(tail)
            rows.write(values)
        rows.close()
    progress(f"  {PROVINCE_NAMES[0]}: {len(keep):,} tổ chức, {rows.rows:,} đảng viên".replace(",", "."))
    return {"organizations": len(keep), "members": rows.rows}


def _derive_template(progress: Callable[[str], None]) -> dict[str, Any]:
    """Fill the template province's derived tables through the app's own functions (:data:`DERIVED`)."""
    from django.db import transaction

    out: dict[str, Any] = {}
    for what, rebuild in DERIVED:
        started = time.perf_counter()
        with transaction.atomic():
            rows = rebuild()
        out[what] = {"rows": rows, "seconds": round(time.perf_counter() - started, 1)}
        progress(f"  {what}: {rows:,} dòng trong {out[what]['seconds']} s".replace(",", "."))
    return out


# The tables copied from the template province to the others, in order, and how each foreign key moves: by the
# offset of the organisations or of the members of one province.
COPIED = (
    "orgs_organization",
    "orgs_orgversion",
    "members_member",
    "members_memberperiod",
    "members_statcount",
    "members_statsnapshot",
)


def _models() -> dict[str, Any]:
    from django.apps import apps

    return {m._meta.db_table: m for m in apps.get_models() if m._meta.db_table in COPIED}


def _copy_expressions(table: str, model, offsets: dict[str, int], k: int) -> list[str]:
    """SQL expressions, one per concrete column, that turn a template row into province `k`'s copy (with %s for the
    province's root name and its folded form, in that order, when the table has names)."""
    from sotay.orgs.models import Organization

    by_model = {"Organization": offsets["orgs_organization"], "Member": offsets["members_member"]}
    step = _step(k + 1)
    out = []
    for f in model._meta.concrete_fields:
        column = f'"{f.column}"'
        if f.primary_key:
            out.append(f"{column} + {offsets[table]}")
        elif f.is_relation and f.related_model.__name__ in by_model:
            out.append(f"{column} + {by_model[f.related_model.__name__]}")
        elif f.is_relation:
            out.append("NULL")
        elif table == "orgs_organization" and f.column == "path":
            out.append(f"'{step}' || SUBSTR({column}, {Organization.steplen + 1})")
        elif table == "orgs_organization" and f.column == "code":
            out.append(f"'R{k + 1:02d}' || SUBSTR({column}, 4)")
        elif table in ("orgs_organization", "orgs_orgversion") and f.column in ("name", "name_folded"):
            root = "depth = 1" if table == "orgs_organization" else "parent_id IS NULL"
            out.append(f"CASE WHEN {root} THEN %({f.column})s ELSE {column} END")
        elif table == "members_member" and f.column in ("card_number", "biography_number"):
            out.append(
                f"CASE WHEN {column} IS NULL OR {column} = '' THEN {column} "
                f"ELSE '{k + 1:02d}' || SUBSTR({column}, 3) END"
            )
        elif table == "members_member" and f.column == "citizen_id":
            out.append(f"CASE WHEN {column} IS NULL THEN NULL ELSE '0{k + 1:02d}' || SUBSTR({column}, 4) END")
        else:
            out.append(column)
    return out


def _without_indexes(cursor, tables: list[str]) -> list[str]:
    """Drop the unique constraints and the indexes (all but the primary keys) of `tables`; return the statements
    that make them again. Building an index once over the loaded rows is far quicker than growing it row by row."""
    again = []
    cursor.execute(
        "SELECT conrelid::regclass::text, conname, pg_get_constraintdef(oid) FROM pg_constraint "
        "WHERE conrelid::regclass::text = ANY(%s) AND contype = 'u'",
        [tables],
    )
    for table, name, definition in cursor.fetchall():
        cursor.execute(f'ALTER TABLE "{table}" DROP CONSTRAINT "{name}"')
        again.append(f'ALTER TABLE "{table}" ADD CONSTRAINT "{name}" {definition}')
    cursor.execute(
        "SELECT indexname, indexdef FROM pg_indexes WHERE tablename = ANY(%s) "
        "AND indexname NOT IN (SELECT conname FROM pg_constraint)",
        [tables],
    )
    for name, definition in cursor.fetchall():
        cursor.execute(f'DROP INDEX "{name}"')
        again.append(definition)
    return again


def _replicate(provinces: int, progress: Callable[[str], None]) -> dict[str, int]:
    """Copy the template province (ids 1…n of each table) as provinces 2…`provinces`, in SQL."""
    from django.db import connection

    from sotay.lib.vntext import fold

    models = _models()
    totals = {}
    with connection.cursor() as cursor:
        sizes = {}
        for table in COPIED:
            cursor.execute(f'SELECT COALESCE(MAX(id), 0), COUNT(*) FROM "{table}"')
            sizes[table], totals[table] = cursor.fetchone()
        # The template's deferred foreign-key checks run now (a table with pending ones cannot be altered); during the
        # copy they are not checked row by row (the rows are made consistent by construction).
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute("SET session_replication_role = replica")
        cursor.execute("SET maintenance_work_mem = '1GB'")
        again = _without_indexes(cursor, [t for t in COPIED if t.startswith("members_")])
        for k in range(1, provinces):
            name = PROVINCE_NAMES[k % len(PROVINCE_NAMES)]
            offsets = {table: k * sizes[table] for table in COPIED}
            for table in COPIED:
                model = models[table]
                columns = ", ".join(f'"{f.column}"' for f in model._meta.concrete_fields)
                expressions = ", ".join(_copy_expressions(table, model, offsets, k))
                cursor.execute(
                    f'INSERT INTO "{table}" ({columns}) SELECT {expressions} FROM "{table}" WHERE id <= %(last)s',
                    {"name": name, "name_folded": fold(name), "last": sizes[table]},
                )
                totals[table] += cursor.rowcount
            progress(f"  {name} ({k + 1}/{provinces})")
        started = time.perf_counter()
        for statement in again:
            cursor.execute(statement)
        progress(f"  {len(again)} chỉ mục và ràng buộc dựng lại trong {time.perf_counter() - started:.0f} s")
        cursor.execute("SET session_replication_role = DEFAULT")
        for table in COPIED:
            cursor.execute(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT MAX(id) FROM \"{table}\"))")
    return totals


def generate(members: int, provinces: int, seed: int, progress: Callable[[str], None] = print) -> dict[str, Any]:
    """Fill the migrated, empty database (Django connected to it) with the nation. Returns a summary.

    The first province is the template: the demo's planner and member factory, loaded with COPY, and its derived
    tables (periods, statistics counts, snapshots) made by the app's own functions. The other provinces are copies
    of it made in SQL (`INSERT … SELECT` with their own ids, paths, codes, names and numbers), with the indexes of
    the member tables dropped during the copy and built again after it.
    """
    from django.db import transaction

    share = members // provinces
    timings: dict[str, float] = {}
    started = time.perf_counter()
    with transaction.atomic():
        _copy_template(share, seed, progress)
    timings["copy_seconds"] = round(time.perf_counter() - started, 1)
    derived = _derive_template(progress)
    started = time.perf_counter()
    with transaction.atomic():
        totals = _replicate(provinces, progress)
    timings["replicate_seconds"] = round(time.perf_counter() - started, 1)
    return {
        "organizations": totals["orgs_organization"],
        "members": totals["members_member"],
        "rows": totals,
        "derived": derived,
        **timings,
    }


def _backfill_periods() -> int:
    from sotay.members.periods import backfill

    return backfill()


def _rebuild_counts() -> int:
    from sotay.members import counts
    from sotay.members.models import StatCount

    counts.rebuild()
    return StatCount.objects.count()


def _rebuild_snapshots() -> int:
    from sotay.members import snapshots
    from sotay.members.models import StatSnapshot

    snapshots.rebuild()
    return StatSnapshot.objects.count()


# The app's own rebuilds of what it derives from members, in order: (what, function returning rows written). The
# statistics counts come from the periods, and the snapshots from both, so they go last.
DERIVED: list[tuple[str, Callable[[], int]]] = [
    ("giai đoạn sinh hoạt (members.periods.backfill)", _backfill_periods),
    ("số liệu thống kê (members.counts.rebuild)", _rebuild_counts),
    ("ảnh chụp thống kê (members.snapshots.rebuild)", _rebuild_snapshots),
]


def _verify(progress: Callable[[str], None]) -> dict[str, Any]:
    """The last province's statistics counts, recomputed from its members and periods by the app (`counts.recompute`,
    what `sotay stats-verify` runs), must equal the copied ones: the copy is checked, not trusted."""
    from sotay.members import counts
    from sotay.orgs.models import Organization

    last = list(Organization.objects.get_root_nodes())[-1]
    started = time.perf_counter()
    stored, recomputed = counts.stored(last), counts.recompute(last)
    differences = sum(1 for key in stored.keys() | recomputed.keys() if stored.get(key, 0) != recomputed.get(key, 0))
    seconds = round(time.perf_counter() - started, 1)
    progress(f"  kiểm tra {last.name}: {len(recomputed):,} số đếm, {differences} chênh lệch ({seconds} s)")
    if differences:
        raise SystemExit(f"Bản sao của {last.name} sai {differences} số đếm")
    return {"province": last.name, "counts": len(recomputed), "differences": differences, "seconds": seconds}


def resnapshot(progress: Callable[[str], None] = print) -> int:
    """Make the statistics snapshots again as the generator does: the template province's by the app
    (`snapshots.rebuild`), the other provinces' as copies of them. For a cached database whose snapshot days are
    not the ones the app now keeps (a newer app keeps more). Returns the snapshot rows."""
    from django.db import connection, transaction
    from django.db.models import Max

    from sotay.members import snapshots
    from sotay.members.models import StatSnapshot
    from sotay.orgs.models import Organization

    roots = list(Organization.objects.get_root_nodes())
    template = roots[0]
    per_province = Organization.objects.filter(path__startswith=template.path).aggregate(m=Max("id"))["m"]
    if [r.pk for r in roots] != [1 + k * per_province for k in range(len(roots))]:
        raise SystemExit("Các tỉnh không phải bản sao của tỉnh mẫu: tạo lại cơ sở dữ liệu")
    started = time.perf_counter()
    with transaction.atomic():
        StatSnapshot.objects.all().delete()
        snapshots.rebuild(template)
        progress(f"  ảnh chụp của {template.name}: {time.perf_counter() - started:.0f} s")
        model = _models()["members_statsnapshot"]
        columns = ", ".join(f'"{f.column}"' for f in model._meta.concrete_fields)
        with connection.cursor() as cursor:
            cursor.execute('SELECT MIN(id), MAX(id) FROM "members_statsnapshot"')
            first, last = cursor.fetchone()
            span = last - first + 1
            for k in range(1, len(roots)):
                offsets = {"members_statsnapshot": k * span, "orgs_organization": k * per_province, "members_member": 0}
                expressions = ", ".join(_copy_expressions("members_statsnapshot", model, offsets, k))
                cursor.execute(
                    f'INSERT INTO "members_statsnapshot" ({columns}) SELECT {expressions} FROM "members_statsnapshot" '
                    "WHERE id >= %(first)s AND id <= %(last)s",
                    {"first": first, "last": last},
                )
            cursor.execute(
                "SELECT setval(pg_get_serial_sequence('members_statsnapshot', 'id'), (SELECT MAX(id) FROM "
                '"members_statsnapshot"))'
            )
            cursor.execute("ANALYZE members_statsnapshot")
    rows = StatSnapshot.objects.count()
    progress(f"  {rows:,} dòng ảnh chụp thống kê trong {time.perf_counter() - started:.0f} s".replace(",", "."))
    return rows


def finish(progress: Callable[[str], None] = print) -> dict[str, Any]:
    """Check a copied province, make the bench logins, ANALYZE."""
    from django.db import connection

    verified = _verify(progress)
    _bench_logins()
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return verified


def _largest_commune(province):
    from sotay.members.stats import child_member_counts
    from sotay.orgs.models import Organization, OrgKind

    per_child = child_member_counts(province)
    communes = Organization.objects.filter(pk__in=per_child, kind=OrgKind.COMMUNE_COMMITTEE)
    return max(communes, key=lambda c: (per_child[c.pk], -c.pk))


def _bench_logins() -> None:
    """Two accounts for the measured lists: the committee of the first province's largest commune, and a Ban Tổ
    chức officer granted every province (the nation)."""
    from sotay.accounts.models import User
    from sotay.orgs.models import Organization, Role, RoleGrant

    roots = list(Organization.objects.get_root_nodes())
    commune = _largest_commune(roots[0])
    logins = ((COMMUNE_LOGIN, [commune], Role.COMMITTEE), (NATION_LOGIN, roots, Role.ORG_DEPT_OFFICER))
    for username, orgs, role in logins:
        user, _created = User.objects.get_or_create(username=username)
        RoleGrant.objects.filter(user=user).delete()
        RoleGrant.objects.bulk_create([RoleGrant(user=user, organization=o, role=role) for o in orgs])


def child_generate(members: int, provinces: int, seed: int) -> dict[str, Any]:
    """In a child process (under nice): create, migrate, fill and derive the national database."""
    from django.core.management import call_command
    from django.db import connection

    database = database_name(members)
    connection.close()
    engines.pg_recreate(database)
    started = time.perf_counter()
    call_command("migrate", interactive=False, verbosity=0)
    print(f"Tạo {members:,} đảng viên trên {provinces} tỉnh…".replace(",", "."), flush=True)
    summary = generate(members, provinces, seed)
    verified = finish()
    marker = {
        **wanted_marker(members, provinces, seed),
        "built_on": dt.date.today().isoformat(),
        "generation_seconds": round(time.perf_counter() - started, 1),
        "organizations": summary["organizations"],
        "generated_members": summary["members"],
        "rows": summary["rows"],
        "copy_seconds": summary["copy_seconds"],
        "replicate_seconds": summary["replicate_seconds"],
        "derived": summary["derived"],
        "verified": verified,
        "peak_mb": _maxrss_mb(),
    }
    with connection.cursor() as cursor:
        engines.write_marker(cursor, marker)
    return marker


# --------------------------------------------------------------------------------------------------------------
# Measuring.


def _times(fn: Callable[[], Any], runs: int, warmups: int = 1) -> list[float]:
    for _ in range(warmups):
        fn()
    out = []
    for _ in range(runs):
        started = time.perf_counter()
        fn()
        out.append((time.perf_counter() - started) * 1000)
    return out


def _figure(times: list[float], goal: float | None = None, **extra: Any) -> dict[str, Any]:
    median = statistics.median(times)
    figure = {"median_ms": round(median, 2), "min_ms": round(min(times), 2), "runs": len(times), **extra}
    if goal is not None:
        figure.update(goal_ms=goal, met=median <= goal)
    return figure


def _first_page(user, params: dict[str, Any]) -> int:
    from django.conf import settings
    from django.core.paginator import Paginator

    from sotay.members.filters import filtered_members

    _form, _org, members = filtered_members(user, params)
    page = Paginator(members, settings.SOTAY_PAGE_SIZE).get_page(1)  # counts the rows, as the page does
    return len(list(page.object_list))


def measure(marker: dict[str, Any], runs: int = RUNS, nation_runs: int = NATION_RUNS) -> dict[str, Any]:
    from django.db import connection

    from sotay.accounts.models import User
    from sotay.members.stats import combined_statistics, subtree_statistics
    from sotay.orgs.models import Organization

    roots = list(Organization.objects.get_root_nodes())
    province = roots[0]
    commune = _largest_commune(province)

    def nation(as_of: dt.date | None) -> int:
        return combined_statistics(roots, as_of=as_of)["total"][0].count

    cases: dict[str, dict[str, Any]] = {}
    for key, fn, n, goal, label in (
        ("nation", lambda: nation(None), nation_runs, GOALS_MS["nation"], f"Nation ({len(roots)} provinces)"),
        ("nation_as_of", lambda: nation(AS_OF), nation_runs, GOALS_MS["nation"], "Nation, as of"),
        ("province", lambda: subtree_statistics(province), runs, GOALS_MS["province"], province.name),
        (
            "province_as_of",
            lambda: subtree_statistics(province, as_of=AS_OF),
            runs,
            GOALS_MS["province"],
            f"{province.name}, as of",
        ),
        ("commune", lambda: subtree_statistics(commune), runs, None, commune.name),
        ("commune_as_of", lambda: subtree_statistics(commune, as_of=AS_OF), runs, None, f"{commune.name}, as of"),
    ):
        print(f"Đo thống kê: {label}…", flush=True)
        cases[key] = _figure(_times(fn, n), goal, label=label)
        print(f"  trung vị {cases[key]['median_ms']:.1f} ms", flush=True)
    cases["nation"]["members"] = nation(None)
    cases["province"]["members"] = subtree_statistics(province)["total"][0].count
    cases["commune"]["members"] = subtree_statistics(commune)["total"][0].count

    commune_user = User.objects.get(username=COMMUNE_LOGIN)
    nation_user = User.objects.get(username=NATION_LOGIN)
    print("Đo trang đầu danh sách đảng viên của xã…", flush=True)
    cases["commune_list"] = _figure(
        _times(lambda: _first_page(commune_user, {"org": str(commune.pk)}), runs),
        GOALS_MS["commune_list"],
        label=f"Member list of {commune.name}, first page",
    )
    print("Đo tìm tên không dấu trên toàn quốc…", flush=True)
    search_times: list[float] = []
    for q in SEARCHES:
        search_times += _times(functools.partial(_first_page, nation_user, {"q": q}), 1)
    cases["name_search"] = _figure(
        search_times, GOALS_MS["name_search"], label="Name search across the nation", queries=SEARCHES
    )
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_database_size(current_database())")
        size = cursor.fetchone()[0]
        cursor.execute("SHOW server_version")
        version = cursor.fetchone()[0]
    from sotay.bench import _machine

    return {
        "measured": dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat(),
        "database": connection.settings_dict["NAME"],
        "database_bytes": size,
        "peak_mb": _maxrss_mb(),
        "as_of": AS_OF.isoformat(),
        "cases": cases,
        "data": marker,
        "goals_met": all(c["met"] for c in cases.values() if "met" in c),
        "machine": {**_machine(), "postgresql": version},
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m sotay.benchmarks.national", description=__doc__.split("\n")[0])
    parser.add_argument("--members", type=int, default=MEMBERS)
    parser.add_argument("--provinces", type=int, default=PROVINCES)
    parser.add_argument("--seed", type=int, default=SEED)
    parser.add_argument("--generate-only", action="store_true", help=argparse.SUPPRESS)  # the child process
    parser.add_argument("--out", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    database = database_name(args.members)
    if args.generate_only:
        _setup_django(database)
        marker = child_generate(args.members, args.provinces, args.seed)
        args.out.write_text(json.dumps(marker, ensure_ascii=False), encoding="utf-8")
        return 0
    if not engines.pg_answers():
        print("PostgreSQL không trả lời: không chạy được phép đo toàn quốc.", file=sys.stderr)
        return 1
    if not engines.pg_exists(database):
        engines.pg_recreate(database)
    _setup_django(database)
    from django.db import connection

    with connection.cursor() as cursor:
        found = engines.read_marker(cursor)
    wanted = wanted_marker(args.members, args.provinces, args.seed)
    if found is not None and engines.matches(found, wanted):
        marker = found
        print(f"Dùng lại cơ sở dữ liệu {database} đã tạo ngày {marker['built_on']}")
        # A cached database gets the migrations made since it was built (as the other benchmarks' do), then fresh
        # planner statistics.
        from django.core.management import call_command

        call_command("migrate", interactive=False, verbosity=1)
        from sotay.members import snapshots
        from sotay.orgs.models import Organization

        template = Organization.objects.get_root_nodes().first()
        if template is not None and set(snapshots.existing().keys()) != set(snapshots.wanted_days()):
            marker.setdefault("rows", {})["members_statsnapshot"] = resnapshot()
            marker["snapshots_made_again_on"] = dt.date.today().isoformat()
            with connection.cursor() as cursor:
                engines.write_marker(cursor, marker)
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    else:
        connection.close()
        child_args = [
            "--generate-only",
            "--members",
            str(args.members),
            "--provinces",
            str(args.provinces),
            "--seed",
            str(args.seed),
        ]
        marker = engines.run_child("sotay.benchmarks.national", child_args, nice=True)
    result = measure(marker)
    from sotay.bench import DOCS_DIR, _write_json, _write_markdown

    DOCS_DIR.mkdir(exist_ok=True)
    json_path, data = _write_json({"national": result})
    print(f"Kết quả ghi vào {_write_markdown(data)} và {json_path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
