"""Uploaded files: judged by their content (never the name), size-limited, kept in private storage outside the
web root and served only by access-checked views.

`check_upload` returns the clean name and the kind, or raises a ValidationError on "file" with a Vietnamese
message — an .exe renamed .pdf, an empty file or one over ``settings.UPLOAD_MAX_BYTES`` (20 MB by default) is
refused before anything is stored. `PrivateStorage(area)` keeps files under ``settings.PRIVATE_ROOT``
(var/private by default), in a folder per area; no URL maps to it.
"""

from __future__ import annotations

import io
import os
import zipfile
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.storage import FileSystemStorage
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext as _

from sotay.lib.vntext import nfc

DEFAULT_MAX_BYTES = 20 * 1024 * 1024
KINDS: dict[str, tuple[str, tuple[str, ...]]] = {
    "pdf": ("application/pdf", (".pdf",)),
    "docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", (".docx",)),
    "doc": ("application/msword", (".doc",)),
    "jpeg": ("image/jpeg", (".jpg", ".jpeg")),
    "png": ("image/png", (".png",)),
}
SCANS = ("pdf", "jpeg", "png", "docx", "doc")  # what a signed paper form is uploaded as


def sniff(data: bytes) -> str | None:
    """The kind of file from its first bytes: "pdf", "docx", "doc", "jpeg", "png" or None."""
    if data.startswith(b"%PDF-"):
        return "pdf"
    if data.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if data.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        return "doc"
    if data.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as z:
                return "docx" if "word/document.xml" in z.namelist() else None
        except zipfile.BadZipFile:
            return None
    return None


def max_bytes() -> int:
    return int(getattr(settings, "UPLOAD_MAX_BYTES", DEFAULT_MAX_BYTES))


def check_upload(name: str, data: bytes, *, allowed: tuple[str, ...] = SCANS) -> tuple[str, str, str]:
    """(clean name, kind, content type) of an acceptable upload; ValidationError on "file" otherwise."""
    name = nfc(Path(name or "").name)[:200] or "tep"
    limit = max_bytes()
    if not data:
        raise ValidationError({"file": _("Tệp rỗng.")})
    if len(data) > limit:
        raise ValidationError(
            {
                "file": _("Tệp “%(n)s” lớn %(s)s MB, vượt giới hạn %(l)s MB.")
                % {"n": name, "s": round(len(data) / 1048576, 1), "l": round(limit / 1048576, 1)}
            }
        )
    kind = sniff(data)
    if kind not in allowed:
        labels = ", ".join(k.upper() for k in allowed)
        raise ValidationError(
            {
                "file": _("Tệp “%(n)s” không phải %(k)s (xét theo nội dung tệp, không theo tên).")
                % {"n": name, "k": labels}
            }
        )
    content_type, extensions = KINDS[kind]
    if not name.lower().endswith(extensions):
        name = f"{Path(name).stem}{extensions[0]}"
    return name, kind, content_type


@deconstructible
class PrivateStorage(FileSystemStorage):
    """Files of one area under PRIVATE_ROOT; the root is read at each use, so tests can point it elsewhere."""

    def __init__(self, area: str = ""):
        self.area = area
        super().__init__()

    @property
    def base_location(self) -> str:
        root = getattr(settings, "PRIVATE_ROOT", None) or settings.VAR_DIR / "private"
        return str(Path(root) / self.area)

    @property
    def location(self) -> str:
        return os.path.abspath(self.base_location)

    @property
    def base_url(self):
        return None

    def __eq__(self, other) -> bool:
        return isinstance(other, PrivateStorage) and other.area == self.area
