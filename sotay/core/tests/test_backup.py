"""`sotay backup` and `sotay restore`: a round trip on the configured database (SQLite or PostgreSQL), archives
that are refused with nothing changed, the daily task and what it keeps."""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
import os
import sqlite3
import subprocess
import sys
import tarfile
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from sotay.audit.models import AuditEntry
from sotay.core import backup
from sotay.core.tasks import daily_backup

pytestmark = pytest.mark.django_db(transaction=True)
ROOT = Path(__file__).resolve().parents[3]
AUDIT_TABLE = AuditEntry._meta.db_table


@pytest.fixture
def areas(settings, tmp_path):
    settings.PRIVATE_ROOT = tmp_path / "private"
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.BACKUP_DIR = tmp_path / "backups"
    (tmp_path / "private" / "documents").mkdir(parents=True)
    (tmp_path / "private" / "documents" / "nghi-quyet-57.pdf").write_bytes(b"%PDF-1.7 " + os.urandom(5000))
    (tmp_path / "private" / "admissions" / "12").mkdir(parents=True)
    (tmp_path / "private" / "admissions" / "12" / "don-xin-vao-dang.docx").write_bytes(os.urandom(3000))
    (tmp_path / "media").mkdir()
    (tmp_path / "media" / "ảnh đại hội.png").write_bytes(os.urandom(100))
    return {"private": tmp_path / "private", "media": tmp_path / "media"}


@pytest.fixture
def data():
    from conftest import build_cast

    return build_cast()


def checksums(roots: dict[str, Path]) -> dict[str, str]:
    return {
        f"{area}/{p.relative_to(root).as_posix()}": hashlib.sha256(p.read_bytes()).hexdigest()
        for area, root in roots.items()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


def change_everything(areas, data):
    from sotay.members.tests.factories import MemberFactory

    MemberFactory(full_name="Người Mới Thêm", organization=data.cell_a)
    data.others_a[0].delete()
    (areas["private"] / "documents" / "nghi-quyet-57.pdf").write_bytes(b"overwritten")
    (areas["media"] / "ảnh đại hội.png").unlink()


def test_backup_then_restore_in_place_gives_back_the_rows_and_files(areas, data, capsys):
    call_command("backup")
    archive = next(areas["private"].parent.joinpath("backups").glob("sotay-backup-*.tar.gz"))
    assert "Đã sao lưu vào" in capsys.readouterr().out
    with tarfile.open(archive) as tar:
        manifest = json.load(tar.extractfile("manifest.json"))
    at_backup_files = checksums(areas)
    assert {k: v for k, v in manifest["files"].items() if not k.startswith("database/")} == at_backup_files
    counts = backup.row_counts()
    assert manifest["row_counts"] == {**counts, AUDIT_TABLE: counts[AUDIT_TABLE] - 1}  # + the backup's own entry
    assert manifest["row_counts"]["members_member"] == 8
    entry = AuditEntry.objects.get(data__kind="backup")
    assert entry.actor is None and entry.actor_name == "command:backup" and entry.action == "export"
    assert entry.data["archive"] == archive.name and entry.data["files"] == 3

    change_everything(areas, data)
    changed = backup.row_counts()
    with pytest.raises(CommandError, match="không trống"):
        call_command("restore", str(archive))
    assert backup.row_counts() == changed

    call_command("restore", str(archive), "--force")
    out = capsys.readouterr().out
    assert "số dòng từng bảng khớp bản kê" in out and "3 tệp" in out
    after = backup.row_counts()
    assert {t: n for t, n in after.items() if t != AUDIT_TABLE} == {
        t: n for t, n in manifest["row_counts"].items() if t != AUDIT_TABLE
    }
    assert after[AUDIT_TABLE] == manifest["row_counts"][AUDIT_TABLE] + 1  # the restore's own entry
    restored = AuditEntry.objects.get(data__kind="restore")
    assert restored.actor_name == "command:restore" and restored.action == "update"
    assert checksums(areas) == at_backup_files


def _fresh_database(tmp_path):
    """A database nobody has touched: a new SQLite file, or a scratch PostgreSQL database (dropped afterwards)."""
    if connection.vendor == "sqlite":
        path = tmp_path / "fresh.sqlite3"
        return f"sqlite:///{path}", lambda: sqlite3.connect(path), lambda: None
    import psycopg

    db = connection.settings_dict
    name = f"{db['NAME']}_restore_scratch"
    params = {
        "host": db["HOST"] or None,
        "port": db["PORT"] or None,
        "user": db["USER"] or None,
        "password": db["PASSWORD"] or None,
    }
    with psycopg.connect(dbname="postgres", autocommit=True, **params) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}"')
        admin.execute(f'CREATE DATABASE "{name}"')

    def drop():
        with psycopg.connect(dbname="postgres", autocommit=True, **params) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    user = f"{db['USER']}{':' + db['PASSWORD'] if db['PASSWORD'] else ''}@" if db["USER"] else ""
    url = f"postgres://{user}{db['HOST'] or 'localhost'}:{db['PORT'] or 5432}/{name}"
    return url, lambda: psycopg.connect(dbname=name, **params), drop


def test_restore_into_an_empty_database_in_another_process(areas, data, tmp_path):
    result = backup.create_backup()
    url, connect, drop = _fresh_database(tmp_path)
    try:
        env = {**os.environ, "PYTHONPATH": str(ROOT), "DATABASE_URL": url, "SOTAY_VAR_DIR": str(tmp_path / "new")}
        proc = subprocess.run(
            [sys.executable, str(ROOT / "manage.py"), "restore", str(result.path)],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=300,
        )
        assert proc.returncode == 0, proc.stderr
        conn = connect()
        try:
            tables = result.manifest["row_counts"]
            counts = {t: conn.execute(f'SELECT COUNT(*) FROM "{t}"').fetchone()[0] for t in tables}
        finally:
            conn.close()
        expected = dict(result.manifest["row_counts"])
        expected[AUDIT_TABLE] += 1
        assert counts == expected
        restored = checksums({"private": tmp_path / "new" / "private", "media": tmp_path / "new" / "media"})
        assert restored == checksums(areas)
    finally:
        drop()


def _rewrite(archive: Path, target: Path, change) -> None:
    with tarfile.open(archive) as src, tarfile.open(target, "w:gz") as dst:
        for member in src.getmembers():
            content = src.extractfile(member).read()
            content, extra = change(member.name, content)
            member.size = len(content)
            dst.addfile(member, io.BytesIO(content))
            for name, body in extra:
                info = tarfile.TarInfo(name)
                info.size = len(body)
                dst.addfile(info, io.BytesIO(body))


@pytest.mark.parametrize(
    ("damage", "message"),
    [
        ("truncated", "bị cắt cụt hoặc hỏng"),
        ("file changed", "SHA-256 của private/documents/nghi-quyet-57.pdf không khớp"),
        ("database changed", "SHA-256 của database/"),
        ("file added", "có tệp không có trong bản kê: private/thêm.txt"),
        ("not a backup", "thiếu hoặc hỏng bản kê"),
    ],
)
def test_a_damaged_archive_is_refused_and_nothing_changes(areas, data, tmp_path, damage, message):
    result = backup.create_backup()
    bad = tmp_path / "bad.tar.gz"
    if damage == "truncated":
        raw = result.path.read_bytes()
        bad.write_bytes(raw[: len(raw) * 2 // 3])
    elif damage == "not a backup":
        with tarfile.open(bad, "w:gz") as tar:
            tar.add(areas["media"], arcname="media")
    else:

        def change(name, content):
            if damage == "file changed" and name.endswith("nghi-quyet-57.pdf"):
                return content[:-1] + b"X", []
            if damage == "database changed" and name.startswith("database/"):
                return content[:-10] + b"0123456789", []
            if damage == "file added" and name == "manifest.json":
                return content, [("private/thêm.txt", b"hello")]
            return content, []

        _rewrite(result.path, bad, change)
    change_everything(areas, data)
    before_rows, before_files = backup.row_counts(), checksums(areas)
    with pytest.raises(CommandError, match=message) as refused:
        call_command("restore", str(bad), "--force")
    assert "Không có gì bị thay đổi" in str(refused.value)
    assert backup.row_counts() == before_rows
    assert checksums(areas) == before_files


def test_the_daily_task_backs_up_as_the_worker_and_keeps_7_daily_and_4_weekly(areas, settings):
    directory = settings.BACKUP_DIR
    directory.mkdir()
    start = dt.datetime(2026, 9, 1, 2, 0)
    for day in range(60):  # two months of nightly archives, and a second one on some days
        for hour in (2, 14) if day % 10 == 0 else (2,):
            moment = start + dt.timedelta(days=day, hours=hour - 2)
            (directory / f"sotay-backup-{moment:%Y%m%d-%H%M%S}.tar.gz").write_bytes(b"old")
    (directory / "notes.txt").write_text("not an archive")
    outcome = daily_backup.call()
    assert AuditEntry.objects.get(data__kind="backup").actor_name == "worker:backup"
    left = sorted(p.name for p in directory.iterdir())
    assert "notes.txt" in left and outcome["archive"] in left
    kept = [m for m, _p in backup.archives(directory)]
    assert len(kept) == 7 + 4
    days = sorted({m.date() for m in kept}, reverse=True)
    assert days[0] > dt.date(2026, 10, 30)  # today's archive (the task's own)
    assert days[1:7] == [dt.date(2026, 10, 30) - dt.timedelta(days=i) for i in range(6)]
    weeks = [d.isocalendar()[:2] for d in days[7:]]
    assert len(set(weeks)) == 4 and all(d < days[6] for d in days[7:])


def test_to_keep_takes_the_newest_of_each_day_and_week():
    moments = [dt.datetime(2026, 11, d, h) for d in range(1, 31) for h in (1, 13)]
    kept = sorted(backup.to_keep(moments, 7, 4), reverse=True)
    assert kept[:7] == [dt.datetime(2026, 11, d, 13) for d in range(30, 23, -1)]
    # Before the daily ones (24–30/11), the newest of each ISO week: Mon 23/11 (week 48), then the Sundays 22, 15
    # and 8/11 that close weeks 47, 46 and 45.
    assert kept[7:] == [dt.datetime(2026, 11, d, 13) for d in (23, 22, 15, 8)]
    assert backup.to_keep([], 7, 4) == set()


def test_documents_moved_out_of_private_root_are_backed_up_too(areas, settings, tmp_path):
    settings.DOCUMENTS_PRIVATE_ROOT = tmp_path / "library"
    (tmp_path / "library").mkdir()
    (tmp_path / "library" / "hien-phap.pdf").write_bytes(b"%PDF")
    assert "documents/hien-phap.pdf" in backup.create_backup().manifest["files"]
    settings.DOCUMENTS_PRIVATE_ROOT = areas["private"] / "documents"
    assert set(backup.file_roots()) == {"private", "media"}


def test_restore_refuses_when_a_disk_lacks_room_and_changes_nothing(areas, data, monkeypatch):
    result = backup.create_backup()
    change_everything(areas, data)
    before_rows, before_files = backup.row_counts(), checksums(areas)
    monkeypatch.setattr(backup, "free_bytes", lambda path: 10 * 1024 * 1024)  # 10 MB left
    with pytest.raises(CommandError, match="Không đủ chỗ trống trên đĩa") as refused:
        call_command("restore", str(result.path), "--force")
    assert "chỉ còn 10 MB" in str(refused.value) and "Không có gì bị thay đổi" in str(refused.value)
    assert backup.row_counts() == before_rows
    assert checksums(areas) == before_files


def test_the_nginx_upload_cap_matches_the_apps_limits(settings):
    """deploy/nginx.conf lets through every upload the app accepts (plus the form around it), no more than needed:
    the general cap above UPLOAD_MAX_BYTES, the member import's location above SOTAY_IMPORT_MAX_BYTES."""
    import re

    from sotay.core.uploads import max_bytes as upload_max
    from sotay.imports.reader import max_bytes as import_max

    conf = (ROOT / "deploy" / "nginx.conf").read_text(encoding="utf-8")

    def megabytes(block: str) -> int:
        return int(re.search(r"client_max_body_size\s+(\d+)m;", block).group(1)) * 1024 * 1024

    imports_block = re.search(r"location /imports/ \{(.*?)\n    \}", conf, re.DOTALL)
    imports, server = imports_block.group(1), conf.replace(imports_block.group(0), "")
    margin = 5 * 1024 * 1024
    assert upload_max() < megabytes(server) <= upload_max() + margin
    assert import_max() < megabytes(imports) <= import_max() + margin


def test_nginx_answers_an_over_large_upload_with_a_vietnamese_page():
    """nginx refuses an upload over its cap before Django sees it (413): its answer is the checked-in Vietnamese page
    deploy/errors/413.html, not nginx's English default, at the path deploy.md installs the checkout to."""
    import re

    conf = (ROOT / "deploy" / "nginx.conf").read_text(encoding="utf-8")
    uri = re.search(r"error_page 413 (\S+);", conf).group(1)
    block = re.search(rf"location = {re.escape(uri)} \{{(.*?)\}}", conf, re.DOTALL).group(1)
    assert "internal;" in block
    target = re.search(r"alias /opt/sotay/(\S+);", block).group(1)
    page = (ROOT / target).read_text(encoding="utf-8")
    assert '<html lang="vi">' in page and '<meta charset="utf-8">' in page
    assert "Tệp quá lớn" in page and "chưa có gì được lưu" in page
    assert "/opt/sotay" in (ROOT / "docs" / "deploy.md").read_text(encoding="utf-8")
