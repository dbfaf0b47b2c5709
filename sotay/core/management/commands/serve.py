"""`sotay serve`: the production-grade WSGI server (gunicorn), static files through WhiteNoise."""

from __future__ import annotations

import os
import sys

from django.conf import settings
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Chạy máy chủ web (gunicorn) cho Sổ tay."

    def add_arguments(self, parser):
        parser.add_argument("--port", type=int, default=int(os.environ.get("PORT", 8000)))
        parser.add_argument("--host", default=os.environ.get("HOST", "127.0.0.1"))
        parser.add_argument(
            "--workers",
            type=int,
            default=None,
            help="Số tiến trình (mặc định: WEB_CONCURRENCY, hoặc số lõi + 1; xem sotay/core/gunicorn_conf.py).",
        )
        parser.add_argument(
            "--control-socket",
            default=os.environ.get("GUNICORN_CONTROL_SOCKET", ""),
            help="Ổ điều khiển gunicornc của riêng phiên bản này (mặc định: tắt).",
        )
        parser.add_argument(
            "--access-log",
            default=os.environ.get("ACCESS_LOG", ""),
            help="Tệp nhật ký truy cập (mặc định var/log/access.log; '-' là màn hình).",
        )

    def handle(
        self,
        *args,
        port: int,
        host: str,
        workers: int | None,
        control_socket: str = "",
        access_log: str = "",
        **options,
    ):
        if not access_log:
            settings.LOG_DIR.mkdir(parents=True, exist_ok=True)
            access_log = str(settings.LOG_DIR / "access.log")
        argv = [
            sys.executable,
            "-m",
            "gunicorn",
            "sotay.wsgi:application",
            # Preloading, gc.freeze(), workers and threads for a small server (P4).
            "--config",
            "python:sotay.core.gunicorn_conf",
            "--bind",
            f"{host}:{port}",
            "--access-logfile",
            access_log,
        ]
        if workers:
            argv += ["--workers", str(workers)]
        # gunicorn >= 25 opens a control socket shared by every instance of the same user ($XDG_RUNTIME_DIR or
        # ~/.gunicorn/gunicorn.ctl), so two instances on one machine would steer each other: off unless a path of
        # this instance's own is given.
        argv += ["--control-socket", control_socket] if control_socket else ["--no-control-socket"]
        self.stdout.write(f"Sổ tay đang chạy tại http://{host}:{port}/  (Ctrl-C để dừng)")
        self.stdout.flush()
        os.execv(sys.executable, argv)
