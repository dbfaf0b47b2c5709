"""`sotay vapid`: make the VAPID key pair Web Push needs, write the private key to a file and print both."""

from __future__ import annotations

import os

from django.core.management.base import BaseCommand, CommandError

from sotay.notifications import conf


class Command(BaseCommand):
    help = "Tạo cặp khóa VAPID cho thông báo đẩy (Web Push): ghi khóa bí mật ra tệp và in khóa công khai."

    def add_arguments(self, parser):
        parser.add_argument("--output", help="Tệp khóa bí mật (PEM); mặc định var/vapid_private.pem")
        parser.add_argument("--force", action="store_true", help="Ghi đè khóa đã có (các trình duyệt phải đăng ký lại)")

    def handle(self, *args, output=None, force=False, **options):
        from pathlib import Path

        from cryptography.hazmat.primitives import serialization
        from cryptography.hazmat.primitives.asymmetric import ec

        path = Path(output) if output else conf.vapid_key_path()
        if path.exists() and not force:
            pem = path.read_bytes()
            self.stderr.write(f"Đã có khóa tại {path}; dùng --force để tạo khóa mới.")
        else:
            key = ec.generate_private_key(ec.SECP256R1())
            pem = key.private_bytes(
                serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
            )
            path.parent.mkdir(parents=True, exist_ok=True)
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
            with os.fdopen(fd, "wb") as fh:
                fh.write(pem)
        try:
            public = conf.public_key_from_pem(pem)
        except ValueError as exc:
            raise CommandError(f"Tệp {path} không phải khóa VAPID hợp lệ: {exc}") from exc
        self.stdout.write(f"SOTAY_VAPID_PRIVATE_KEY={path}")
        self.stdout.write(f"SOTAY_VAPID_PUBLIC_KEY={public}")
