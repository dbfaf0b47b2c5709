"""`log()`: the one way to write the audit log. Services call it inside their transaction."""

from __future__ import annotations

from typing import Any

from django.db import models

from sotay.lib import bulk
from sotay.lib.vntext import fold

from .context import request_info
from .models import AuditAction, AuditEntry


def actor(by):
    """The user to store as the one who acted: `by` when it is a saved user, or an `orgs.actor.Actor`'s user;
    else None (a system source, named in actor_name instead)."""
    if hasattr(by, "audit_user"):
        return by.audit_user
    return by if getattr(by, "pk", None) else None


def _name(by, user) -> str:
    if hasattr(by, "audit_user"):
        return by.name
    return user.get_username() if user else ""


# The generic verbs, as what happened to the object (`event_of`).
_PAST = {
    AuditAction.CREATE: "created",
    AuditAction.UPDATE: "updated",
    AuditAction.DELETE: "deleted",
    AuditAction.STATUS: "status_changed",
    AuditAction.TRANSFER: "transferred",
    AuditAction.REORGANIZE: "reorganized",
    AuditAction.GRANT: "granted",
    AuditAction.REVOKE: "revoked",
    AuditAction.VIEW: "viewed",
    AuditAction.EXPORT: "exported",
    AuditAction.LOGIN: "signed_in",
    AuditAction.LOGIN_FAILED: "sign_in_failed",
    AuditAction.LOGOUT: "signed_out",
}
_SLUG = str.maketrans({c: "_" for c in " -/:"})


def _slug(value: Any) -> str:
    return str(value).strip().lower().translate(_SLUG)[:40]


def event_of(action: str, obj: models.Model | None, data: dict[str, Any] | None) -> str:
    """The namespaced event of an entry: a namespaced action as it is ("account.activated"); an export by its kind
    ("export.register_7"); else "<object>.<what happened>", the service's own step when its data names one
    (``data["event"]`` or ``data["step"]``: "cellmeeting.minutes_finalised") or the verb's past ("member.updated",
    "member.status_changed")."""
    action = str(action)
    data = data or {}
    if "." in action:
        return action
    if action == AuditAction.EXPORT and data.get("kind"):
        return f"export.{_slug(data['kind'])}"
    namespace = obj._meta.model_name if obj is not None else "system"
    step = data.get("event") or data.get("step")
    what = _slug(step) if isinstance(step, str) and step else _PAST.get(action, _slug(action))  # type: ignore[call-overload]
    return f"{namespace}.{what}"[:100]


def log(
    action: str | AuditAction,
    obj: models.Model | None = None,
    *,
    by=None,
    organization=None,
    data: dict[str, Any] | None = None,
    object_repr: str | None = None,
    actor_name: str | None = None,
) -> AuditEntry:
    info = request_info()
    if organization is None and obj is not None:
        organization = getattr(obj, "organization", None)
        if organization is None and obj.__class__.__name__ == "Organization":
            organization = obj
    user = actor(by)
    actor_name = actor_name or _name(by, user)
    if object_repr is None:
        object_repr = str(obj) if obj is not None else ""
    return AuditEntry.objects.create(
        actor=user,
        actor_name=actor_name,
        search_folded=fold(f"{actor_name} {user.get_full_name() if user else ''} {object_repr}")[:500],
        action=str(action),
        event=event_of(action, obj, data),
        object_type=obj._meta.label_lower if obj is not None else "",
        object_id=str(obj.pk) if obj is not None else "",
        object_repr=object_repr[:300],
        organization=organization,
        data=data or {},
        ip=getattr(by, "ip", None) or info.ip,
        user_agent=getattr(by, "user_agent", "") or info.user_agent,
    )


def log_many(entries: list[dict[str, Any]], *, by=None, actor_name: str | None = None) -> int:
    """Write many entries at once (bulk imports); each dict has action, obj and optionally data, organization."""
    info = request_info()
    user = actor(by)
    name = actor_name or _name(by, user)
    actor_id = user.pk if user else None
    ip = getattr(by, "ip", None) or info.ip
    user_agent = getattr(by, "user_agent", "") or info.user_agent
    rows = []
    for entry in entries:
        obj = entry["obj"]
        text = str(obj)
        rows.append(
            {
                "actor_id": actor_id,
                "actor_name": name,
                "action": str(entry["action"]),
                "event": event_of(entry["action"], obj, entry.get("data")),
                "object_type": obj._meta.label_lower,
                "object_id": str(obj.pk),
                "object_repr": text[:300],
                # The organisation's id only: reading obj.organization would cost a query per entry.
                "organization_id": entry.get("organization_id", getattr(obj, "organization_id", None)),
                "data": entry.get("data", {}),
                "ip": ip,
                "user_agent": user_agent,
                "search_folded": fold(f"{name} {text}")[:500],
            }
        )
    bulk.insert_rows(AuditEntry, rows)
    return len(rows)
