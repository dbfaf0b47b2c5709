"""`sotay restore ARCHIVE [--force]`: restore a `sotay backup` archive after checking it whole."""

from __future__ import annotations

import datetime as dt

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from django.utils.translation import gettext as _

from sotay.core.backup import BackupError, restore_backup
from sotay.orgs.actor import Actor


class Command(BaseCommand):
    help = (
        "Khôi phục từ một tệp sao lưu của Sổ tay vào cơ sở dữ liệu trống (hoặc ghi đè với --force), sau khi kiểm "
        "tra mã SHA-256 của mọi tệp; đối chiếu số dòng từng bảng với bản kê. Hãy dừng máy chủ web và worker trước."
    )

    def add_arguments(self, parser):
        parser.add_argument("archive", help="Tệp sotay-backup-….tar.gz")
        parser.add_argument("--force", action="store_true", help="Ghi đè cơ sở dữ liệu đã có dữ liệu.")

    def handle(self, *args, archive: str, force: bool = False, **options):
        try:
            result = restore_backup(archive, force=force, actor=Actor.system("command:restore"))
        except BackupError as exc:
            raise CommandError(str(exc)) from None
        manifest = result.manifest
        counts = manifest["row_counts"]
        created = timezone.localtime(dt.datetime.fromisoformat(manifest["created_at"]))
        self.stdout.write(
            _(
                "Đã khôi phục %(name)s (sao lưu lúc %(created)s): cơ sở dữ liệu %(vendor)s, %(tables)d bảng, "
                "%(rows)d dòng, số dòng từng bảng khớp bản kê; %(files)d tệp, mã SHA-256 khớp."
            )
            % {
                "name": result.path.name,
                "created": f"{created:%d/%m/%Y %H:%M:%S}",
                "vendor": manifest["database"]["vendor"],
                "tables": len(counts),
                "rows": sum(counts.values()),
                "files": result.restored_files,
            }
        )
