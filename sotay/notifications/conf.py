"""Delivery settings, read from the environment (falling back to Django's settings of the same meaning).

E-mail uses Django's SMTP backend: EMAIL_HOST, EMAIL_PORT, EMAIL_HOST_USER, EMAIL_HOST_PASSWORD, EMAIL_USE_TLS,
EMAIL_USE_SSL, DEFAULT_FROM_EMAIL. Web Push uses VAPID keys made by `sotay vapid`: SOTAY_VAPID_PRIVATE_KEY (a PEM
file path or the key itself), SOTAY_VAPID_PUBLIC_KEY, SOTAY_VAPID_SUBJECT (a mailto: or https: contact).
SOTAY_BASE_URL is the site address put in links sent outside the app.
"""

from __future__ import annotations

import base64
import os
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings

# Retry schedule of a failed delivery: 1, 4, 16, 64 minutes, then give up.
MAX_ATTEMPTS = 5
BACKOFF_MINUTES = 1
BACKOFF_FACTOR = 4


def backoff_minutes(attempts: int) -> int:
    """Minutes to wait after the `attempts`-th failed attempt (1-based)."""
    return BACKOFF_MINUTES * BACKOFF_FACTOR ** max(attempts - 1, 0)


def _env(name: str, default=None):
    value = os.environ.get(name)
    return value if value not in (None, "") else default


def _bool(value) -> bool:
    return str(value).strip().lower() in {"1", "true", "yes", "on"}


def base_url() -> str:
    return str(_env("SOTAY_BASE_URL", getattr(settings, "SOTAY_BASE_URL", "http://127.0.0.1:8000"))).rstrip("/")


def email_connection():
    from django.core.mail import get_connection

    return get_connection(
        backend=getattr(settings, "SOTAY_EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend"),
        host=_env("EMAIL_HOST", settings.EMAIL_HOST),
        port=int(_env("EMAIL_PORT", settings.EMAIL_PORT)),
        username=_env("EMAIL_HOST_USER", settings.EMAIL_HOST_USER),
        password=_env("EMAIL_HOST_PASSWORD", settings.EMAIL_HOST_PASSWORD),
        use_tls=_bool(_env("EMAIL_USE_TLS", settings.EMAIL_USE_TLS)),
        use_ssl=_bool(_env("EMAIL_USE_SSL", settings.EMAIL_USE_SSL)),
        timeout=int(_env("EMAIL_TIMEOUT", settings.EMAIL_TIMEOUT or 20)),
        fail_silently=False,
    )


def from_email() -> str:
    return _env("DEFAULT_FROM_EMAIL", settings.DEFAULT_FROM_EMAIL)


def vapid_key_path() -> Path:
    return Path(settings.VAR_DIR) / "vapid_private.pem"


@dataclass(frozen=True)
class Vapid:
    private_key: str  # what pywebpush accepts: a PEM file path or the base64 DER key
    public_key: str  # base64url of the uncompressed P-256 point (the browser's applicationServerKey)
    subject: str


def public_key_from_pem(pem: bytes) -> str:
    from cryptography.hazmat.primitives import serialization

    key = serialization.load_pem_private_key(pem, password=None)
    raw = key.public_key().public_bytes(serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint)
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


def vapid() -> Vapid | None:
    """The VAPID keys from the environment, else from the file `sotay vapid` wrote; None when there are none."""
    subject = _env("SOTAY_VAPID_SUBJECT", getattr(settings, "SOTAY_VAPID_SUBJECT", "mailto:admin@localhost"))
    private = _env("SOTAY_VAPID_PRIVATE_KEY", getattr(settings, "SOTAY_VAPID_PRIVATE_KEY", None))
    public = _env("SOTAY_VAPID_PUBLIC_KEY", getattr(settings, "SOTAY_VAPID_PUBLIC_KEY", None))
    if private is None:
        path = vapid_key_path()
        if not path.exists():
            return None
        private = str(path)
    if public is None:
        path = Path(private)
        if len(private) < 500 and path.exists():
            public = public_key_from_pem(path.read_bytes())
        elif private.lstrip().startswith("-----BEGIN"):
            public = public_key_from_pem(private.encode())
        else:
            return None
    return Vapid(private_key=private, public_key=public, subject=subject)
