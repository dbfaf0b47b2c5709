"""Private storage for attachments: a folder under var/ that no URL maps to; files are served only by the
access-checked view `documents:attachment`."""

from __future__ import annotations

from django.conf import settings
from django.core.files.storage import FileSystemStorage


def private_storage() -> FileSystemStorage:
    root = getattr(settings, "DOCUMENTS_PRIVATE_ROOT", None) or settings.VAR_DIR / "private" / "documents"
    return FileSystemStorage(location=str(root), base_url=None)
