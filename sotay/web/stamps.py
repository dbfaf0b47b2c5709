"""The home version stamp: bumped in the writing transaction, read once per home page (see models.HomeVersion).

`connect()` (from the app's ready()) ties the bump to the writes: post_save and post_delete of the models a home
panel reads, every audit entry (every service writes one in its transaction), and the handbook's receipt_read
signal (a first reading is a queryset update, which sends no post_save).
"""

from __future__ import annotations

from django.db import models, transaction
from django.db.models import F
from django.db.models.signals import post_delete, post_save

WATCHED = (
    "audit.AuditEntry",
    "handbook.Announcement",
    "handbook.AnnouncementReceipt",
    "handbook.StudySession",
    "handbook.StudyRecord",
    "handbook.Feedback",
    "meetings.CellMeeting",
    "meetings.Invitation",
    "meetings.AbsenceRequest",
    "dues.DuesLiability",
    "dues.DuesPayment",
    "members.Member",
    "orgs.RoleGrant",
)


def _column(model, name: str) -> str:
    """The database column of a concrete field."""
    field = model._meta.get_field(name)
    assert isinstance(field, models.Field) and field.column is not None
    return field.column


def current() -> str:
    """The stamp as a cache-key part: version and the row's token (one indexed single-row query).

    Read with plain SQL on the request's connection: it runs on every home page, and building the same query through
    the ORM cost ten times its execution (P4)."""
    from django.db import connection

    from .models import HomeVersion

    meta, quote = HomeVersion._meta, connection.ops.quote_name
    columns = ", ".join(quote(_column(HomeVersion, name)) for name in ("version", "token"))
    pk_column = _column(HomeVersion, "id")
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {columns} FROM {quote(meta.db_table)} WHERE {quote(pk_column)} = %s", [1])
        row = cursor.fetchone()
    if row is None:
        created = HomeVersion.objects.get_or_create(pk=1)[0]
        return f"{created.version}.{created.token}"
    return f"{row[0]}.{row[1]}"


def current_for(user) -> str:
    """The stamp, read once per request (kept on the request's user object): the home page and the tab badge share
    it."""
    stamp = getattr(user, "_sotay_home_stamp", None)
    if stamp is None:
        stamp = user._sotay_home_stamp = current()
    return stamp


def bump(**_kwargs) -> None:
    """Move the stamp (the receivers below call it once the change is committed)."""
    from .models import HomeVersion

    if not HomeVersion.objects.filter(pk=1).update(version=F("version") + 1):
        HomeVersion.objects.get_or_create(pk=1, defaults={"version": 1})


def _bump_after_commit() -> None:
    bump()


def _on_change(sender, raw=False, using=None, **kwargs) -> None:
    """After the writing transaction commits (once per transaction; dropped with it on a rollback): no row lock is
    held through a long transaction such as an import. A page read between the commit and the bump computes the
    new data under the old stamp, which is still right; a page computed before the commit is stored under the old
    stamp, which the bump leaves behind."""
    if raw:  # fixtures loading
        return
    conn = transaction.get_connection(using)
    if any(item[1] is _bump_after_commit for item in conn.run_on_commit):
        return
    transaction.on_commit(_bump_after_commit, using=using)


def connect() -> None:
    from django.apps import apps

    from sotay.handbook.signals import receipt_read

    for label in WATCHED:
        model = apps.get_model(label)
        post_save.connect(_on_change, sender=model, dispatch_uid=f"home-stamp-save-{label}")
        post_delete.connect(_on_change, sender=model, dispatch_uid=f"home-stamp-delete-{label}")
    receipt_read.connect(_on_change, dispatch_uid="home-stamp-receipt-read")
