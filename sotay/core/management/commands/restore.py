"""`sotay restore ARCHIVE [--force]`: restore a `sotay backup` archive after checking it whole."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

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
        self.stdout.write(
            f"Đã khôi phục {result.path.name} (tạo lúc {manifest['created_at']}): cơ sở dữ liệu "
            f"{manifest['database']['vendor']}, {len(counts)} bảng, {sum(counts.values())} dòng, số dòng từng bảng "
            f"khớp bản kê; {result.restored_files} tệp, mã SHA-256 khớp."
        )
