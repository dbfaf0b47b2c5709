"""Backups and restores of a whole installation: the database, the private files and a manifest that proves both.

An archive ``sotay-backup-YYYYMMDD-HHMMSS.tar.gz`` holds

- ``database/sotay.sqlite3`` (SQLite's online backup API: a consistent copy while the site runs) or
  ``database/sotay.pgdump`` (``pg_dump`` custom format, taken in the same snapshot as the row counts);
- ``private/…`` (settings.PRIVATE_ROOT: uploaded documents, admission papers), ``media/…`` (MEDIA_ROOT) and
  ``documents/…`` when DOCUMENTS_PRIVATE_ROOT lies outside PRIVATE_ROOT;
- ``manifest.json``: the database vendor, the row count of every table and the SHA-256 of every other member.

`restore` checks the whole archive (readable to the end, every member listed and matching its checksum, nothing
unlisted) before it touches anything, restores into an empty database (or any with ``force``), then compares the
row counts with the manifest. Archives are written under a temporary name and renamed when complete.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
import logging
import os
import re
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
import zlib
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

log = logging.getLogger(__name__)

FORMAT = "sotay-backup"
VERSION = 1
MANIFEST = "manifest.json"
PREFIX = "sotay-backup-"
SUFFIX = ".tar.gz"
NAME_RE = re.compile(r"^sotay-backup-(\d{8})-(\d{6})\.tar\.gz$")
CHUNK = 1024 * 1024


class BackupError(Exception):
    """A backup that cannot be made or an archive that is refused; the message is for the operator."""


@dataclass
class Result:
    path: Path
    manifest: dict
    restored_files: int = 0
    notes: list[str] = field(default_factory=list)


# -- the file areas ------------------------------------------------------------------------------------------------
def file_roots() -> dict[str, Path]:
    """The directories saved with the database, by their name inside the archive."""
    private = Path(getattr(settings, "PRIVATE_ROOT", None) or settings.VAR_DIR / "private")
    roots = {"private": private, "media": Path(settings.MEDIA_ROOT)}
    documents = getattr(settings, "DOCUMENTS_PRIVATE_ROOT", None)  # the library's files, when moved elsewhere
    if documents and not Path(documents).resolve().is_relative_to(private.resolve()):
        roots["documents"] = Path(documents)
    return roots


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for chunk in iter(lambda: fh.read(CHUNK), b""):
            digest.update(chunk)
    return digest.hexdigest()


# -- row counts ----------------------------------------------------------------------------------------------------
def _sqlite_tables(conn) -> list[str]:
    rows = conn.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name"
    ).fetchall()
    return [r[0] for r in rows]


def sqlite_row_counts(conn) -> dict[str, int]:
    """Row counts of every table of an open sqlite3 connection."""
    return {t: conn.execute(f'SELECT COUNT(*) FROM "{t}"').fetchone()[0] for t in _sqlite_tables(conn)}


def row_counts() -> dict[str, int]:
    """Row counts of every table of the configured database, as it is now."""
    if connection.vendor == "sqlite":
        connection.ensure_connection()
        return sqlite_row_counts(connection.connection)
    with connection.cursor() as cursor:
        return _pg_row_counts(cursor)


def _pg_row_counts(cursor) -> dict[str, int]:
    counts = {}
    for table in sorted(connection.introspection.table_names(cursor)):
        cursor.execute(f"SELECT COUNT(*) FROM {connection.ops.quote_name(table)}")
        counts[table] = cursor.fetchone()[0]
    return counts


def _pg_env() -> dict[str, str]:
    db = connection.settings_dict
    env = dict(os.environ)
    for key, var in (
        ("HOST", "PGHOST"),
        ("PORT", "PGPORT"),
        ("USER", "PGUSER"),
        ("PASSWORD", "PGPASSWORD"),
        ("NAME", "PGDATABASE"),
    ):
        if db.get(key):
            env[var] = str(db[key])
    if db.get("OPTIONS", {}).get("sslmode"):
        env["PGSSLMODE"] = db["OPTIONS"]["sslmode"]
    return env


def _run(argv: list[str], what: str) -> None:
    try:
        proc = subprocess.run(argv, env=_pg_env(), capture_output=True, text=True)
    except FileNotFoundError:
        raise BackupError(
            _("Không tìm thấy chương trình %(program)s (gói postgresql-client).") % {"program": argv[0]}
        ) from None
    if proc.returncode != 0:
        raise BackupError(_("%(what)s không thành công: %(error)s") % {"what": what, "error": proc.stderr.strip()})


# -- the database copy ---------------------------------------------------------------------------------------------
def _dump_database(workdir: Path) -> tuple[str, dict[str, int]]:
    """Write the database copy into workdir; returns its member name and the row counts of the same moment."""
    if connection.vendor == "sqlite":
        member = "database/sotay.sqlite3"
        target = workdir / member
        target.parent.mkdir(parents=True)
        connection.ensure_connection()
        copy = sqlite3.connect(target)
        try:
            connection.connection.backup(copy)  # consistent even while the site and the worker write
            counts = sqlite_row_counts(copy)
        finally:
            copy.close()
        return member, counts
    if connection.vendor != "postgresql":
        raise BackupError(_("Chưa hỗ trợ sao lưu cơ sở dữ liệu %(vendor)s.") % {"vendor": connection.vendor})
    if connection.in_atomic_block:
        raise BackupError(_("Không sao lưu được trong một giao dịch đang mở."))
    member = "database/sotay.pgdump"
    target = workdir / member
    target.parent.mkdir(parents=True)
    with transaction.atomic(), connection.cursor() as cursor:
        # One snapshot for both: pg_dump reads exactly what the counts count.
        cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        cursor.execute("SELECT pg_export_snapshot()")
        snapshot = cursor.fetchone()[0]
        counts = _pg_row_counts(cursor)
        _run(
            [
                "pg_dump",
                "--format=custom",
                "--no-owner",
                "--no-privileges",
                f"--snapshot={snapshot}",
                f"--file={target}",
            ],
            "pg_dump",
        )
    return member, counts


# -- backup --------------------------------------------------------------------------------------------------------
def archive_name(moment: dt.datetime) -> str:
    return f"{PREFIX}{timezone.localtime(moment):%Y%m%d-%H%M%S}{SUFFIX}"


def create_backup(to_dir: Path | str | None = None, *, actor=None) -> Result:
    """Write one archive into `to_dir` (default settings.BACKUP_DIR) and log it in the audit log as `actor`."""
    to_dir = Path(to_dir or settings.BACKUP_DIR)
    to_dir.mkdir(parents=True, exist_ok=True)
    now = timezone.now()
    final = to_dir / archive_name(now)
    checksums: dict[str, str] = {}
    with tempfile.TemporaryDirectory(prefix=".sotay-backup-", dir=to_dir) as tmp:
        workdir = Path(tmp)
        db_member, counts = _dump_database(workdir)
        partial = workdir / (final.name + ".partial")
        with tarfile.open(partial, "w:gz") as tar:
            checksums[db_member] = _sha256(workdir / db_member)
            tar.add(workdir / db_member, arcname=db_member)
            for area, root in file_roots().items():
                if not root.is_dir():
                    continue
                for path in sorted(p for p in root.rglob("*") if p.is_file() and not p.is_symlink()):
                    member = f"{area}/{path.relative_to(root).as_posix()}"
                    data = path.read_bytes()  # read once: the checksum is of exactly what is archived
                    checksums[member] = hashlib.sha256(data).hexdigest()
                    info = tar.gettarinfo(str(path), arcname=member)
                    info.size = len(data)
                    tar.addfile(info, io.BytesIO(data))
            manifest = {
                "format": FORMAT,
                "version": VERSION,
                "created_at": now.isoformat(),
                "database": {"vendor": connection.vendor, "member": db_member},
                "row_counts": counts,
                "files": checksums,
            }
            data = json.dumps(manifest, ensure_ascii=False, indent=1, sort_keys=True).encode("utf-8")
            info = tarfile.TarInfo(MANIFEST)
            info.size = len(data)
            info.mtime = int(now.timestamp())
            tar.addfile(info, io.BytesIO(data))
        os.replace(partial, final)
    _audit(actor, "backup", final, manifest)
    log.info("Backup written to %s (%d tables, %d files)", final, len(counts), len(checksums) - 1)
    return Result(path=final, manifest=manifest)


def _audit(actor, kind: str, path: Path, manifest: dict) -> None:
    from sotay.audit.log import log as audit_log
    from sotay.audit.models import AuditAction

    # A backup copies everything out (export); a restore replaces everything (update).
    audit_log(
        AuditAction.EXPORT if kind == "backup" else AuditAction.UPDATE,
        by=actor,
        object_repr=path.name,
        data={
            "kind": kind,
            "archive": path.name,
            "tables": len(manifest["row_counts"]),
            "rows": sum(manifest["row_counts"].values()),
            "files": len(manifest["files"]) - 1,
        },
    )


# -- verification --------------------------------------------------------------------------------------------------
def _refuse(reason: str) -> BackupError:
    return BackupError(_("Tệp sao lưu bị từ chối: %(reason)s. Không có gì bị thay đổi.") % {"reason": reason})


def unpack_and_verify(archive: Path, workdir: Path) -> dict:
    """Unpack `archive` into workdir and check it whole; returns the manifest. Raises BackupError otherwise."""
    if not archive.is_file():
        raise BackupError(_("Không có tệp %(path)s.") % {"path": archive})
    try:
        with tarfile.open(archive, "r:gz") as tar:
            members = tar.getmembers()  # reads to the end: a truncated archive fails here
            names = [m.name for m in members if m.isfile()]
            if any(not (m.isfile() or m.isdir()) for m in members):
                raise _refuse(_("có mục không phải tệp thường"))
            tar.extractall(workdir, filter="data")
    except BackupError:
        raise
    except (tarfile.TarError, EOFError, zlib.error, OSError) as exc:
        raise _refuse(_("tệp bị cắt cụt hoặc hỏng (%(error)s)") % {"error": exc}) from None
    try:
        manifest = json.loads((workdir / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        raise _refuse(_("thiếu hoặc hỏng bản kê manifest.json")) from None
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT or manifest.get("version") != VERSION:
        raise _refuse(_("không phải bản sao lưu Sổ tay (định dạng %(format)s)") % {"format": FORMAT})
    files = manifest.get("files") or {}
    present = set(names) - {MANIFEST}
    missing = sorted(set(files) - present)
    unlisted = sorted(present - set(files))
    if missing:
        raise _refuse(_("thiếu %(n)d tệp có trong bản kê, ví dụ %(name)s") % {"n": len(missing), "name": missing[0]})
    if unlisted:
        raise _refuse(_("có tệp không có trong bản kê: %(name)s") % {"name": unlisted[0]})
    for name, expected in sorted(files.items()):
        if _sha256(workdir / name) != expected:
            raise _refuse(_("mã kiểm tra SHA-256 của %(name)s không khớp (tệp đã bị sửa)") % {"name": name})
    if manifest.get("database", {}).get("member") not in files:
        raise _refuse(_("bản kê không chỉ ra bản sao cơ sở dữ liệu"))
    return manifest


# -- free space ----------------------------------------------------------------------------------------------------
SPARE_BYTES = 64 * 1024 * 1024  # kept free on every disk a restore writes to, beyond what it needs


def free_bytes(path: Path) -> int:
    """Free space for an unprivileged writer on the disk holding `path` (its nearest existing parent)."""
    while not path.exists() and path != path.parent:
        path = path.parent
    return shutil.disk_usage(path).free


def _device(path: Path) -> int:
    while not path.exists() and path != path.parent:
        path = path.parent
    return path.stat().st_dev


def _mb(n: int) -> str:
    return f"{n / 1_048_576:,.0f}".replace(",", ".")


def check_free_space(archive: Path, workdir: Path) -> None:
    """Refuse before anything is unpacked when a disk lacks room: the unpacked archive in `workdir`, then the
    SQLite database copy beside the database file and the private files in their areas (added up per disk). A
    PostgreSQL server's own disk is not visible from here. An unreadable archive is left to the verification."""
    try:
        with tarfile.open(archive, "r:gz") as tar:
            sizes = {m.name: m.size for m in tar.getmembers() if m.isfile()}
    except (tarfile.TarError, EOFError, zlib.error, OSError):
        return
    needs: dict[int, tuple[Path, int]] = {}

    def need(path: Path, size: int) -> None:
        device = _device(path)
        where, before = needs.get(device, (path, 0))
        needs[device] = (where, before + size)

    need(workdir, sum(sizes.values()))
    if connection.vendor == "sqlite":
        database = sum(n for name, n in sizes.items() if name.startswith("database/"))
        need(Path(connection.settings_dict["NAME"]).parent, database)
    for area, root in file_roots().items():
        need(root, sum(n for name, n in sizes.items() if name.startswith(f"{area}/")))
    for where, size in needs.values():
        free = free_bytes(where)
        if size + SPARE_BYTES > free:
            raise BackupError(
                _(
                    "Không đủ chỗ trống trên đĩa chứa %(path)s: khôi phục cần khoảng %(need)s MB (kể cả %(spare)s MB "
                    "để dự phòng), chỉ còn %(free)s MB. Hãy giải phóng chỗ trống rồi chạy lại. Không có gì bị thay đổi."
                )
                % {"path": where, "need": _mb(size + SPARE_BYTES), "spare": _mb(SPARE_BYTES), "free": _mb(free)}
            )


# -- restore -------------------------------------------------------------------------------------------------------
def _current_tables() -> list[str]:
    with connection.cursor() as cursor:
        return connection.introspection.table_names(cursor)


def restore_backup(archive: Path | str, *, force: bool = False, actor=None) -> Result:
    """Restore `archive` into the configured database and file areas (see the module's docstring)."""
    archive = Path(archive)
    with tempfile.TemporaryDirectory(prefix=".sotay-restore-") as tmp:
        workdir = Path(tmp)
        if archive.is_file():
            check_free_space(archive, workdir)
        manifest = unpack_and_verify(archive, workdir)
        vendor = manifest["database"]["vendor"]
        if vendor != connection.vendor:
            raise BackupError(
                _("Bản sao lưu là của %(archive)s, cơ sở dữ liệu đích là %(target)s. Không có gì bị thay đổi.")
                % {"archive": vendor, "target": connection.vendor}
            )
        tables = _current_tables()
        if tables and not force:
            raise BackupError(
                _(
                    "Cơ sở dữ liệu đích không trống (%(n)d bảng). Khôi phục vào một cơ sở dữ liệu mới tạo, hoặc "
                    "thêm --force để ghi đè. Không có gì bị thay đổi."
                )
                % {"n": len(tables)}
            )
        if connection.in_atomic_block:
            raise BackupError(_("Không khôi phục được trong một giao dịch đang mở."))
        db_file = workdir / manifest["database"]["member"]
        if vendor == "sqlite":
            connection.ensure_connection()
            source = sqlite3.connect(db_file)
            try:
                source.backup(connection.connection)  # replaces the whole database, pages and all
            finally:
                source.close()
        else:
            connection.close()
            argv = [
                "pg_restore",
                "--no-owner",
                "--no-privileges",
                "--single-transaction",
                "--exit-on-error",
                f"--dbname={connection.settings_dict['NAME']}",
            ]
            if force and tables:
                argv[1:1] = ["--clean", "--if-exists"]
            _run([*argv, str(db_file)], "pg_restore")
        counts = row_counts()
        expected = manifest["row_counts"]
        wrong = {t: (n, counts.get(t)) for t, n in expected.items() if counts.get(t) != n}
        if wrong:
            table, (want, got) = next(iter(sorted(wrong.items())))
            raise BackupError(
                _(
                    "Đã khôi phục cơ sở dữ liệu nhưng số dòng không khớp bản kê ở %(n)d bảng (ví dụ %(table)s: "
                    "%(want)s dòng trong bản kê, %(got)s dòng sau khôi phục). Các tệp chưa được khôi phục."
                )
                % {"n": len(wrong), "table": table, "want": want, "got": got}
            )
        restored = 0
        for area, root in file_roots().items():
            source_dir = workdir / area
            if not source_dir.is_dir():
                continue
            for path in sorted(p for p in source_dir.rglob("*") if p.is_file()):
                target = root / path.relative_to(source_dir)
                target.parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(path, target)
                restored += 1
    _audit(actor, "restore", archive, manifest)
    return Result(path=archive, manifest=manifest, restored_files=restored)


# -- retention -----------------------------------------------------------------------------------------------------
def archives(directory: Path) -> list[tuple[dt.datetime, Path]]:
    """The archives in `directory` with their time, newest first (other files are ignored)."""
    found = []
    for path in directory.glob(f"{PREFIX}*{SUFFIX}"):
        match = NAME_RE.match(path.name)
        if match:
            found.append((dt.datetime.strptime(match[1] + match[2], "%Y%m%d%H%M%S"), path))
    return sorted(found, reverse=True)


def to_keep(moments: list[dt.datetime], keep_daily: int, keep_weekly: int) -> set[dt.datetime]:
    """The newest archive of each of the `keep_daily` latest days, plus the newest of each of the `keep_weekly`
    latest ISO weeks before those days."""
    keep: set[dt.datetime] = set()
    days: dict[dt.date, dt.datetime] = {}
    for moment in sorted(moments, reverse=True):
        days.setdefault(moment.date(), moment)
    daily = list(days.items())[:keep_daily]
    keep.update(m for _d, m in daily)
    oldest_daily = daily[-1][0] if daily else None
    weeks: dict[tuple[int, int], dt.datetime] = {}
    for day, moment in days.items():
        if oldest_daily is not None and day >= oldest_daily:
            continue
        weeks.setdefault(day.isocalendar()[:2], moment)
    keep.update(list(weeks.values())[:keep_weekly])
    return keep


def prune(
    directory: Path | str | None = None, keep_daily: int | None = None, keep_weekly: int | None = None
) -> list[Path]:
    """Delete the archives beyond the daily and weekly ones kept; returns the deleted paths."""
    directory = Path(directory or settings.BACKUP_DIR)
    keep_daily = settings.BACKUP_KEEP_DAILY if keep_daily is None else keep_daily
    keep_weekly = settings.BACKUP_KEEP_WEEKLY if keep_weekly is None else keep_weekly
    found = archives(directory)
    kept = to_keep([m for m, _p in found], keep_daily, keep_weekly)
    deleted = []
    for moment, path in found:
        if moment not in kept:
            path.unlink()
            deleted.append(path)
    return deleted
