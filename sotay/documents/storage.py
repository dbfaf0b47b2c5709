"""Private storage for attachments: a folder under var/ that no URL maps to; files are served only by the
access-checked view `documents:attachment`. The folder is read from the settings at each use (setting
DOCUMENTS_PRIVATE_ROOT, default var/private/documents)."""

from __future__ import annotations

import os

from django.conf import settings
from django.core.files.storage import FileSystemStorage


class PrivateStorage(FileSystemStorage):
    @property
    def base_location(self) -> str:
        root = getattr(settings, "DOCUMENTS_PRIVATE_ROOT", None) or settings.VAR_DIR / "private" / "documents"
        return str(root)

    @property
    def location(self) -> str:
        return os.path.abspath(self.base_location)

    @property
    def base_url(self):
        return None


def private_storage() -> FileSystemStorage:
    return PrivateStorage()
