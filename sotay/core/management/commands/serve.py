"""`sotay serve`: the production-grade WSGI server (gunicorn), static files through WhiteNoise."""

from __future__ import annotations

import os
import sys

from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Chạy máy chủ web (gunicorn) cho Sổ tay."

    def add_arguments(self, parser):
        parser.add_argument("--port", type=int, default=int(os.environ.get("PORT", 8000)))
        parser.add_argument("--host", default=os.environ.get("HOST", "127.0.0.1"))
        parser.add_argument("--workers", type=int, default=int(os.environ.get("WEB_CONCURRENCY", 3)))

    def handle(self, *args, port: int, host: str, workers: int, **options):
        argv = [
            sys.executable,
            "-m",
            "gunicorn",
            "sotay.wsgi:application",
            "--bind",
            f"{host}:{port}",
            "--workers",
            str(workers),
            "--threads",
            "2",
            "--access-logfile",
            "-",
            "--graceful-timeout",
            "10",
        ]
        self.stdout.write(f"Sổ tay đang chạy tại http://{host}:{port}/")
        self.stdout.flush()
        os.execv(sys.executable, argv)
