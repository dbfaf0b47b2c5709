"""Every write of the handbook: announcements, their read receipts; the two-way channel; resolution study."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from functools import partial
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from sotay.audit.log import log
from sotay.audit.models import AuditAction
from sotay.lib.vntext import nfc
from sotay.notifications.services import mark_read_for_url, notify
from sotay.orgs import policy
from sotay.orgs.actor import Actor
from sotay.orgs.models import Organization, is_within

from . import search_source
from .audience import ancestor_paths, member_org, members_reached
from .models import (
    Announcement,
    AnnouncementReceipt,
    Feedback,
    FeedbackEvent,
    FeedbackKind,
    FeedbackStatus,
    StudyChoice,
    StudyQuestion,
    StudyRecord,
    StudySession,
)
from .quiz import parse_quiz
from .signals import receipt_read

if TYPE_CHECKING:
    from collections.abc import Callable
    from typing import Any

    from django.db.models import Model, QuerySet

    from sotay.accounts.http import AnyUser
    from sotay.accounts.models import User
    from sotay.documents.models import Document

TITLE_MAX = 300
BODY_MAX = 20_000
# Receipts and notifications are written FANOUT_BATCH members at a time, each batch its own short transaction, so a
# province-wide notice never holds the database's write lock for long (members keep saving meanwhile). Audiences up
# to FANOUT_INLINE_MAX are reached in the publishing transaction; larger ones by the task worker.
FANOUT_BATCH = 500
FANOUT_INLINE_MAX = 500


def _reach(
    *,
    model: type[Model],
    parent_field: str,
    parent: Model,
    organization: Organization,
    kind: str,
    title: str,
    body: str,
    url: str,
) -> int:
    """One row of `model` (a receipt or a study record) and one notification per member reached who has none
    yet, in batches (each batch a transaction, or a savepoint inside the caller's). Running it again after an
    interruption continues where it stopped; returns the members reached now."""
    reached = members_reached(organization).order_by("pk")
    after, made = 0, 0
    while True:
        users = list(reached.filter(pk__gt=after)[:FANOUT_BATCH])
        if not users:
            return made
        after = users[-1].pk
        with transaction.atomic():
            have = set(
                model._default_manager.filter(**{parent_field: parent}, user_id__in=[u.pk for u in users]).values_list(
                    "user_id", flat=True
                )
            )
            new = [u for u in users if u.pk not in have]
            model._default_manager.bulk_create(
                [model(**{parent_field: parent}, user=u, organization_id=u.member.organization_id) for u in new],
                ignore_conflicts=True,
            )
            notify(new, kind=kind, title=title, body=body, url=url, organization=organization)
        made += len(new)


def _reach_now_or_later(count: int, reach: Callable[[], object], task: Any, **task_kwargs: object) -> None:
    if count <= FANOUT_INLINE_MAX:
        reach()
    else:
        transaction.on_commit(partial(task.enqueue, **task_kwargs))


def fan_out_announcement(announcement: Announcement) -> int:
    """Receipts and notifications of an announcement for the members it reaches (see `_reach`)."""
    return _reach(
        model=AnnouncementReceipt,
        parent_field="announcement",
        parent=announcement,
        organization=announcement.organization,
        kind="announcement",
        title=_("Thông báo: %(t)s") % {"t": announcement.title},
        body=announcement.body[:500],
        url=reverse("handbook:announcement", args=[announcement.pk]),
    )


def fan_out_study(session: StudySession) -> int:
    """Study records and notifications of a study assignment for the members it reaches (see `_reach`)."""
    return _reach(
        model=StudyRecord,
        parent_field="session",
        parent=session,
        organization=session.organization,
        kind="study.assigned",
        title=_("Học tập %(d)s — hạn %(h)s") % {"d": session.document, "h": session.deadline.strftime("%d/%m/%Y")},
        body=session.document.title,
        url=_study_url(session),
    )


def multiline(text: str | None) -> str:
    """NFC text keeping its line breaks (`nfc` collapses them): trailing spaces and runs of blank lines trimmed."""
    lines = [" ".join(line.split()) for line in unicodedata.normalize("NFC", text or "").splitlines()]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


def _text(value: str, field: str, label: str, *, max_length: int, required: bool = True, lines: bool = False) -> str:
    value = multiline(value) if lines else nfc(value or "").strip()
    if required and not value:
        raise ValidationError({field: _("Chưa nhập %(f)s.") % {"f": label}})
    if len(value) > max_length:
        raise ValidationError(
            {
                field: _("%(f)s dài quá %(n)s ký tự.")
                % {"f": label.capitalize(), "n": f"{max_length:,}".replace(",", ".")}
            }
        )
    return value


def _may_publish(actor: Actor, org: Organization) -> None:
    actor.require(policy.PUBLISH_HANDBOOK, org)
    if org.valid_to is not None:
        raise ValidationError({"organization": _("%(o)s đã thôi hoạt động.") % {"o": org.name}})


@transaction.atomic
def publish_announcement(
    *,
    organization: Organization,
    title: str,
    body: str,
    actor: Actor,
    pinned: bool = False,
    expires_on: dt.date | None = None,
) -> Announcement:
    """Publish to the subtree of `organization`: one receipt per member reached, and a notification to each."""
    _may_publish(actor, organization)
    title = _text(title, "title", _("tiêu đề"), max_length=TITLE_MAX)
    body = _text(body, "body", _("nội dung"), max_length=BODY_MAX, lines=True)
    if expires_on is not None and expires_on < timezone.localdate():
        raise ValidationError({"expires_on": _("Ngày hết hạn %(d)s đã qua.") % {"d": expires_on.strftime("%d/%m/%Y")}})
    announcement = Announcement.objects.create(
        organization=organization,
        title=title,
        body=body,
        pinned=bool(pinned),
        expires_on=expires_on,
        published_by=actor.person,
    )
    from .tasks import fan_out_announcement_task

    count = members_reached(organization).count()
    _reach_now_or_later(
        count, partial(fan_out_announcement, announcement), fan_out_announcement_task, announcement_id=announcement.pk
    )
    search_source.reindex_on_commit(announcement)
    log(
        AuditAction.CREATE,
        announcement,
        by=actor,
        organization=organization,
        data={"recipients": count, "pinned": announcement.pinned, "expires_on": str(expires_on or "")},
    )
    return announcement


@transaction.atomic
def set_pinned(announcement: Announcement, *, pinned: bool, actor: Actor) -> Announcement:
    _may_publish(actor, announcement.organization)
    announcement.pinned = bool(pinned)
    announcement.save(update_fields=["pinned"])
    log(AuditAction.UPDATE, announcement, by=actor, organization=announcement.organization, data={"pinned": pinned})
    return announcement


def mark_announcement_read(announcement: Announcement, *, actor: Actor) -> AnnouncementReceipt | None:
    """The user opened it: the read receipt (created for a member who joined after publication) and the
    notification pointing to it. A receipt is the member's own state, not audited."""
    user = actor.own_user()
    now = timezone.now()
    mark_read_for_url(url=reverse("handbook:announcement", args=[announcement.pk]), actor=actor)
    receipt = AnnouncementReceipt.objects.filter(announcement=announcement, user=user).first()
    if receipt is None:
        org = member_org(user)
        if org is None or not is_within(org, announcement.organization):
            return None  # staff reading from above are not in the audience
        receipt, _created = AnnouncementReceipt.objects.get_or_create(
            announcement=announcement, user=user, defaults={"organization": org, "read_at": now}
        )
    if receipt.read_at is None:
        if AnnouncementReceipt.objects.filter(pk=receipt.pk, read_at__isnull=True).update(read_at=now):
            receipt_read.send(sender=AnnouncementReceipt, receipt=receipt)
        receipt.read_at = now
    return receipt


# --- The two-way channel (kênh thông tin hai chiều, docs/rules/handbook-app.md) ---

FEEDBACK_SUBJECT_MAX = 200
FEEDBACK_BODY_MAX = 4000


def feedback_targets(user: AnyUser) -> list[Organization]:
    """Where a member may write: their own cell and each committee above it, nearest first."""
    org = member_org(user)
    if org is None:
        return []
    paths = ancestor_paths(org.path)
    return list(Organization.objects.filter(path__in=paths, valid_to__isnull=True).order_by("-depth"))


def handlers_of(org: Organization) -> QuerySet[User]:
    """Users holding a role directly on `org` that lets them answer: the committee the item is addressed to."""
    from django.contrib.auth import get_user_model

    roles = policy.roles_with(policy.ANSWER_FEEDBACK)
    return (
        get_user_model()
        .objects.filter(is_active=True, role_grants__organization=org, role_grants__role__in=roles)
        .distinct()
    )


def may_handle(user: AnyUser | None, feedback: Feedback) -> bool:
    if user is None:
        return False
    return any(o.pk == feedback.organization_id for o in policy.granted_orgs(user, policy.ANSWER_FEEDBACK))


def _feedback_url(feedback: Feedback) -> str:
    return reverse("handbook:feedback", args=[feedback.pk])


@transaction.atomic
def send_feedback(*, organization: Organization, kind: str, subject: str, body: str, actor: Actor) -> Feedback:
    author = actor.own_user()
    if organization.pk not in {t.pk for t in feedback_targets(author)}:
        raise ValidationError({"organization": _("Chỉ gửi được tới chi bộ của mình hoặc cấp ủy cấp trên của chi bộ.")})
    if kind not in FeedbackKind.values:
        raise ValidationError({"kind": _("Loại ý kiến “%(k)s” không có.") % {"k": kind}})
    subject = _text(subject, "subject", _("tiêu đề"), max_length=FEEDBACK_SUBJECT_MAX)
    body = _text(body, "body", _("nội dung"), max_length=FEEDBACK_BODY_MAX, lines=True)
    feedback = Feedback.objects.create(
        author=author, organization=organization, kind=kind, subject=subject, body=body, received_at=timezone.now()
    )
    FeedbackEvent.objects.create(feedback=feedback, action=FeedbackEvent.Action.SENT, by=author, to_org=organization)
    notify(
        handlers_of(organization),
        kind="feedback.new",
        title=_("Ý kiến mới gửi %(o)s: %(s)s") % {"o": organization.name, "s": subject},
        url=_feedback_url(feedback),
        organization=organization,
    )
    log(AuditAction.CREATE, feedback, by=actor, organization=organization, data={"kind": kind})
    return feedback


def _check_handling(feedback: Feedback, actor: Actor) -> None:
    if actor.is_system:
        actor.require(policy.ANSWER_FEEDBACK, feedback.organization)
    elif not may_handle(actor.user, feedback):
        raise policy.NotAllowed(policy.ANSWER_FEEDBACK, hidden=not actor.sees(feedback.organization))
    if not feedback.is_open:
        raise ValidationError(_("Ý kiến này đã %(s)s.") % {"s": feedback.get_status_display().lower()})


@transaction.atomic
def answer_feedback(feedback: Feedback, *, actor: Actor, text: str) -> Feedback:
    _check_handling(feedback, actor)
    text = _text(text, "text", _("nội dung trả lời"), max_length=FEEDBACK_BODY_MAX, lines=True)
    feedback.status = FeedbackStatus.ANSWERED
    feedback.save(update_fields=["status", "updated_at"])
    FeedbackEvent.objects.create(
        feedback=feedback,
        action=FeedbackEvent.Action.ANSWERED,
        by=actor.person,
        text=text,
        from_org=feedback.organization,
    )
    notify(
        [feedback.author],
        kind="feedback.answer",
        title=_("%(o)s đã trả lời: %(s)s") % {"o": feedback.organization.name, "s": feedback.subject},
        body=text[:500],
        url=_feedback_url(feedback),
        organization=feedback.organization,
    )
    log(AuditAction.STATUS, feedback, by=actor, organization=feedback.organization, data={"status": feedback.status})
    return feedback


@transaction.atomic
def forward_feedback(feedback: Feedback, *, actor: Actor, text: str = "") -> Feedback:
    """Move it to the committee above; it leaves the lower committee's open list (which keeps it in history)."""
    _check_handling(feedback, actor)
    parent = feedback.organization.get_parent()
    if parent is None:
        raise ValidationError(_("%(o)s không có cấp trên để chuyển.") % {"o": feedback.organization.name})
    text = _text(text, "text", _("ghi chú"), max_length=FEEDBACK_BODY_MAX, required=False, lines=True)
    source = feedback.organization
    feedback.organization, feedback.status, feedback.received_at = parent, FeedbackStatus.FORWARDED, timezone.now()
    feedback.save(update_fields=["organization", "status", "received_at", "updated_at"])
    FeedbackEvent.objects.create(
        feedback=feedback,
        action=FeedbackEvent.Action.FORWARDED,
        by=actor.person,
        text=text,
        from_org=source,
        to_org=parent,
    )
    notify(
        [feedback.author],
        kind="feedback.forward",
        title=_("Ý kiến “%(s)s” đã được chuyển lên %(o)s") % {"s": feedback.subject, "o": parent.name},
        url=_feedback_url(feedback),
        organization=source,
    )
    notify(
        handlers_of(parent),
        kind="feedback.new",
        title=_("%(f)s chuyển lên ý kiến: %(s)s") % {"f": source.name, "s": feedback.subject},
        url=_feedback_url(feedback),
        organization=parent,
    )
    log(AuditAction.TRANSFER, feedback, by=actor, organization=source, data={"to": parent.pk})
    return feedback


@transaction.atomic
def close_feedback(feedback: Feedback, *, actor: Actor, text: str = "") -> Feedback:
    _check_handling(feedback, actor)
    text = _text(text, "text", _("ghi chú"), max_length=FEEDBACK_BODY_MAX, required=False, lines=True)
    feedback.status = FeedbackStatus.CLOSED
    feedback.save(update_fields=["status", "updated_at"])
    FeedbackEvent.objects.create(
        feedback=feedback,
        action=FeedbackEvent.Action.CLOSED,
        by=actor.person,
        text=text,
        from_org=feedback.organization,
    )
    notify(
        [feedback.author],
        kind="feedback.close",
        title=_("Ý kiến “%(s)s” đã đóng") % {"s": feedback.subject},
        body=text[:500],
        url=_feedback_url(feedback),
        organization=feedback.organization,
    )
    log(AuditAction.STATUS, feedback, by=actor, organization=feedback.organization, data={"status": feedback.status})
    return feedback


# --- Resolution study (học tập nghị quyết) ---

INSTRUCTIONS_MAX = 4000
REFLECTION_MIN = 30
REFLECTION_MAX = 5000


def find_document(user: AnyUser, text: str) -> Document:
    """The library document a committee typed by its number and symbol ("144-QĐ/TW", "qd 144"), among those the
    user may see."""
    from sotay.documents.citations import parse_reference, reference_key
    from sotay.documents.models import Document

    text = nfc(text or "").strip()
    if not text:
        raise ValidationError({"document": _("Chưa nhập số, ký hiệu văn bản.")})
    visible = Document.objects.visible_to(user)
    found = visible.filter(reference__iexact=text).first()
    if found is None:
        cited = parse_reference(text)
        if cited is None:
            raise ValidationError(
                {"document": _("Không đọc được số, ký hiệu “%(t)s” (ví dụ: 144-QĐ/TW).") % {"t": text}}
            )
        key = reference_key(cited.number, cited.type_code, cited.issuer_code, cited.year)
        matches = list(visible.filter(reference_key=key)[:2]) or list(
            visible.filter(reference_key__startswith=key + "/")[:2] if "/" not in key else []
        )
        if len(matches) != 1:
            raise ValidationError({"document": _("Không tìm thấy văn bản “%(t)s” trong thư viện.") % {"t": text}})
        found = matches[0]
    return found


def _study_url(session: StudySession) -> str:
    return reverse("handbook:study", args=[session.pk])


@transaction.atomic
def assign_study(
    *,
    organization: Organization,
    document: Document,
    deadline: dt.date,
    actor: Actor,
    instructions: str = "",
    quiz_text: str = "",
) -> StudySession:
    """Assign a document to the subtree with a deadline: one study record per member reached, and a notification."""
    _may_publish(actor, organization)
    if deadline is None or deadline < timezone.localdate():
        raise ValidationError({"deadline": _("Hạn hoàn thành phải từ hôm nay trở đi.")})
    instructions = _text(
        instructions, "instructions", _("yêu cầu"), max_length=INSTRUCTIONS_MAX, required=False, lines=True
    )
    questions = parse_quiz(quiz_text)
    session = StudySession.objects.create(
        organization=organization,
        document=document,
        deadline=deadline,
        instructions=instructions,
        created_by=actor.person,
    )
    for order, q in enumerate(questions, start=1):
        question = StudyQuestion.objects.create(session=session, order=order, text=q.text)
        StudyChoice.objects.bulk_create(
            [StudyChoice(question=question, order=i, text=t, is_correct=ok) for i, (t, ok) in enumerate(q.choices, 1)]
        )
    from .tasks import fan_out_study_task

    count = members_reached(organization).count()
    _reach_now_or_later(count, partial(fan_out_study, session), fan_out_study_task, session_id=session.pk)
    log(
        AuditAction.CREATE,
        session,
        by=actor,
        organization=organization,
        data={
            "document": document.pk,
            "deadline": deadline.isoformat(),
            "questions": len(questions),
            "members": count,
        },
    )
    return session


def record_for(session: StudySession, *, actor: Actor) -> StudyRecord | None:
    """The user's study record; made for a member who joined the subtree after the assignment."""
    user = actor.own_user()
    record = StudyRecord.objects.filter(session=session, user=user).first()
    if record is None:
        org = member_org(user)
        if org is not None and is_within(org, session.organization):
            record, _created = StudyRecord.objects.get_or_create(
                session=session, user=user, defaults={"organization": org}
            )
    return record


@transaction.atomic
def complete_study(record: StudyRecord, *, actor: Actor, reflection: str, answers: dict[int, int]) -> StudyRecord:
    """Mark studied with the reflection (thu hoạch) and, when the session has a quiz, every question answered."""
    if actor.user is None or record.user_id != actor.user.pk:
        raise policy.NotAllowed(policy.VIEW_SELF, hidden=True)  # someone else's study record
    if record.studied_at is not None:
        raise ValidationError(_("Bạn đã hoàn thành học tập văn bản này."))
    reflection = _text(reflection, "reflection", _("bài thu hoạch"), max_length=REFLECTION_MAX, lines=True)
    if len(reflection) < REFLECTION_MIN:
        raise ValidationError({"reflection": _("Bài thu hoạch cần ít nhất %(n)s ký tự.") % {"n": REFLECTION_MIN}})
    questions = list(record.session.questions.prefetch_related("choices"))
    score = 0
    for n, question in enumerate(questions, start=1):
        chosen = answers.get(question.pk)
        if chosen is None:
            raise ValidationError({f"q{question.pk}": _("Chưa trả lời câu %(n)s.") % {"n": n}})
        choice = next((c for c in question.choices.all() if c.pk == chosen), None)
        if choice is None:
            raise ValidationError({f"q{question.pk}": _("Phương án đã chọn ở câu %(n)s không có.") % {"n": n}})
        score += choice.is_correct
    record.studied_at, record.reflection = timezone.now(), reflection
    record.score, record.total = (score, len(questions)) if questions else (None, None)
    record.save(update_fields=["studied_at", "reflection", "score", "total"])
    log(
        AuditAction.UPDATE,
        record,
        by=actor,
        organization=record.organization,
        object_repr=str(_("Học tập: %(d)s") % {"d": record.session.document}),
        data={"score": record.score, "total": record.total},
    )
    return record
