"""`assert_export`: what every test of a download checks — the headers of sotay.core.exports and its one audit entry."""

from __future__ import annotations

from sotay.audit.models import AuditAction, AuditEntry
from sotay.core.exports import AUDIT_KEYS


def assert_export(response, *, kind: str, user=None, audited: bool = True) -> AuditEntry | None:
    """The response went through `export_response` (or `file_response` when not `audited`): a Content-Disposition,
    never cached; and, when audited, the newest export entry is of `kind`, by `user`, with the fixed keys."""
    assert response.status_code == 200, response.status_code
    assert response["Cache-Control"] == "private, no-store"
    assert response["Content-Disposition"].startswith(("attachment;", "inline;"))
    if not audited:
        return None
    entry = AuditEntry.objects.filter(action=AuditAction.EXPORT).order_by("-pk").first()
    assert entry is not None, f"no audit entry for the {kind} export"
    assert entry.data["kind"] == kind, entry.data
    assert set(entry.data) == set(AUDIT_KEYS), entry.data
    if user is not None:
        assert entry.actor == user
    return entry
