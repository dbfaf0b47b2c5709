"""`sotay worker`: runs queued background tasks (django-tasks database worker)."""

from __future__ import annotations

from django.core.management import call_command
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Chạy tiến trình xử lý tác vụ nền (django-tasks, hàng đợi trong cơ sở dữ liệu)."

    def add_arguments(self, parser):
        parser.add_argument("--batch", action="store_true", help="Xử lý hết hàng đợi rồi dừng.")

    def handle(self, *args, batch: bool = False, **options):
        extra = ["--batch"] if batch else []
        call_command("db_worker", *extra)
