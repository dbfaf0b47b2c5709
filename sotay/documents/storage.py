"""Private storage for attachments: a folder under var/ that no URL maps to; files are served only by the
access-checked view `documents:attachment`. The folder is read from the settings at each use (setting
DOCUMENTS_PRIVATE_ROOT, default PRIVATE_ROOT/documents, i.e. var/private/documents)."""

from __future__ import annotations

from django.conf import settings

from sotay.core.uploads import PrivateStorage as _AreaStorage


class PrivateStorage(_AreaStorage):
    def __init__(self):
        super().__init__("documents")

    @property
    def base_location(self) -> str:
        root = getattr(settings, "DOCUMENTS_PRIVATE_ROOT", None)
        return str(root) if root else super().base_location


def private_storage() -> PrivateStorage:
    return PrivateStorage()
