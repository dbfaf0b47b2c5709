"""One way to hand out a file: named correctly, never cached, and — when it carries personal data — audited with a
fixed vocabulary.

- `export_response(actor=..., kind=..., subject=..., filename=..., content=...)`: every XLSX, DOCX, PDF or CSV made
  from the database (lists, registers, reports, letters, minutes). It checks `permission` on the organisation when
  one is given (the view's scoped lookup has usually given its 404 already), writes one audit entry —
  `AuditAction.EXPORT` with exactly the keys of `AUDIT_KEYS`: ``{"kind", "format", "rows", "params"}`` — and
  returns the download.
- `file_response(filename, content)`: the same headers without the audit entry, for files that are not personal
  data (the user guide, a user's own calendar feed, a meeting's materials).

Both set ``Content-Disposition`` by RFC 6266 (``filename*=utf-8''…`` for a Vietnamese name, with an ASCII fallback)
and ``Cache-Control: private, no-store`` (with an ``Expires`` in the past for old proxies).
No other module writes a ``Content-Disposition`` header (sotay/core/tests/test_exports.py greps for it).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import IO, Any, Protocol

from django.db import models
from django.http import FileResponse, HttpResponse
from django.http.response import HttpResponseBase
from django.utils.cache import add_never_cache_headers
from django.utils.http import content_disposition_header

from sotay.audit.log import log
from sotay.audit.models import AuditAction
from sotay.lib.vntext import nfc

CONTENT_TYPES = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "doc": "application/msword",
    "csv": "text/csv; charset=utf-8",
    "ics": "text/calendar; charset=utf-8",
    "jpg": "image/jpeg",
    "jpeg": "image/jpeg",
    "png": "image/png",
}
AUDIT_KEYS = ("kind", "format", "rows", "params")


class _Actor(Protocol):
    """What an export needs of `sotay.orgs.actor.Actor` (core does not import orgs)."""

    def require(self, action: str, org: Any = None) -> None: ...


def content_type_for(filename: str) -> str:
    return CONTENT_TYPES.get(filename.rsplit(".", 1)[-1].lower(), "application/octet-stream")


def file_response(
    filename: str, content: bytes | IO[bytes], *, inline: bool = False, content_type: str | None = None
) -> HttpResponseBase:
    """The download of `content` (bytes, or an open binary file streamed from its start) named `filename`."""
    filename = nfc(filename)
    content_type = content_type or content_type_for(filename)
    response: HttpResponseBase
    if isinstance(content, bytes | bytearray):
        response = HttpResponse(content, content_type=content_type)
    else:  # streamed (a register of many thousand rows is written to a temporary file first)
        if content.seekable():
            content.seek(0)
        response = FileResponse(content, content_type=content_type)
    disposition = content_disposition_header(not inline, filename)
    if disposition:
        response["Content-Disposition"] = disposition
    add_never_cache_headers(response)  # Expires in the past, for old proxies
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


def export_response(
    *,
    actor: Any,
    kind: str,
    subject: models.Model | None,
    filename: str,
    content: bytes | IO[bytes],
    rows: int | None = None,
    params: Mapping[str, Any] | None = None,
    organization: models.Model | None = None,
    permission: str | None = None,
    inline: bool = False,
    content_type: str | None = None,
) -> HttpResponseBase:
    """Check `permission` (when given) on `organization` (or the subject's), write the one audit entry of the export
    against `subject` and return the download of `content` named `filename`."""
    if organization is None and subject is not None:
        is_org = subject._meta.label_lower == "orgs.organization"
        organization = subject if is_org else getattr(subject, "organization", None)
    if permission is not None:
        actor.require(permission, organization)
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else ""
    log(
        AuditAction.EXPORT,
        subject,
        by=actor,
        organization=organization,
        data={"kind": str(kind), "format": extension, "rows": rows, "params": dict(params or {})},
    )
    return file_response(filename, content, inline=inline, content_type=content_type)
