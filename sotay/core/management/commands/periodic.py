"""`sotay periodic`: queue the daily and monthly background tasks that are due (the worker also does this)."""

from __future__ import annotations

from django.core.management.base import BaseCommand

from sotay.core.periodic import run_due


class Command(BaseCommand):
    help = "Đưa vào hàng đợi các tác vụ định kỳ (hằng ngày, hằng tháng) đến hạn."

    def handle(self, *args, **options):
        names = run_due()
        for name in names:
            self.stdout.write(name)
        if not names:
            self.stdout.write("Không có tác vụ định kỳ nào đến hạn.")
