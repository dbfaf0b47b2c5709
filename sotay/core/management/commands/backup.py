"""`sotay backup [--to DIR]`: one dated archive of the database, the private files and a manifest."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from sotay.core.backup import BackupError, create_backup
from sotay.orgs.actor import Actor


class Command(BaseCommand):
    help = "Sao lưu cơ sở dữ liệu và các tệp riêng vào một tệp nén có ngày giờ (mặc định vào BACKUP_DIR)."

    def add_arguments(self, parser):
        parser.add_argument("--to", dest="to_dir", default=None, help="Thư mục lưu tệp sao lưu.")

    def handle(self, *args, to_dir: str | None = None, **options):
        try:
            result = create_backup(to_dir, actor=Actor.system("command:backup"))
        except BackupError as exc:
            raise CommandError(str(exc)) from None
        counts = result.manifest["row_counts"]
        self.stdout.write(
            _("Đã sao lưu vào %(path)s: %(tables)d bảng, %(rows)d dòng, %(files)d tệp.")
            % {
                "path": result.path,
                "tables": len(counts),
                "rows": sum(counts.values()),
                "files": len(result.manifest["files"]) - 1,
            }
        )
