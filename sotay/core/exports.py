"""One way to hand out a file of personal data: audited with a fixed vocabulary, never cached, named correctly.

`export_response(actor=..., kind=..., subject=..., filename=..., content=...)` writes one audit entry
(`AuditAction.EXPORT` with `{"kind": kind, "rows": rows}`) and returns the download. New exports use it; the older
report views are moved to it one by one.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpResponse
from django.utils.cache import add_never_cache_headers
from django.utils.http import content_disposition_header

from sotay.audit.log import log
from sotay.audit.models import AuditAction

CONTENT_TYPES = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}


def export_response(
    *, actor: Any, kind: str, subject: Any, filename: str, content: bytes, rows: int | None = None
) -> HttpResponse:
    """The download of `content` (its type from the file name's extension), after auditing it against `subject`."""
    extension = filename.rsplit(".", 1)[-1].lower()
    log(AuditAction.EXPORT, subject, by=actor, data={"kind": kind, "rows": rows})
    response = HttpResponse(content, content_type=CONTENT_TYPES.get(extension, "application/octet-stream"))
    response["Content-Disposition"] = content_disposition_header(True, filename)
    add_never_cache_headers(response)
    return response
