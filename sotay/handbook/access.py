"""Scoped lookups for the handbook: an item outside the user's reach is a 404."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, TypedDict

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import Http404
from django.utils import timezone
from django_stubs_ext import WithAnnotations

from sotay.orgs import policy

from .audience import reaching_q
from .models import Announcement, AnnouncementReceipt, Feedback, StudySession

if TYPE_CHECKING:
    from sotay.accounts.http import AnyUser


def announcements_managed_by(user: AnyUser) -> QuerySet[Announcement]:
    return Announcement.objects.filter(policy.subtree_q(user, policy.PUBLISH_HANDBOOK, "organization__path"))


class ReadMark(TypedDict):
    is_read: bool


def announcement_feed(
    user: AnyUser, *, today: dt.date | None = None
) -> QuerySet[WithAnnotations[Announcement, ReadMark]]:
    """What reaches the user: from their organisation and above, not expired; pinned first, then newest."""
    today = today or timezone.localdate()
    receipts = AnnouncementReceipt.objects.filter(announcement=OuterRef("pk"), read_at__isnull=False)
    read = receipts.filter(user_id=user.pk) if user.pk is not None else receipts.none()
    return (
        Announcement.objects.filter(reaching_q(user))
        .filter(Q(expires_on__isnull=True) | Q(expires_on__gte=today))
        .annotate(is_read=Exists(read))
        .select_related("organization")
        .order_by("-pinned", "-published_at", "-pk")
    )


def get_announcement_for_user(user: AnyUser, announcement_id: int | str) -> Announcement:
    """Readable by its audience (even once expired, from a link) and by whoever may publish in its subtree."""
    visible = Announcement.objects.filter(
        reaching_q(user) | policy.subtree_q(user, policy.PUBLISH_HANDBOOK, "organization__path")
    )
    announcement = visible.filter(pk=announcement_id).select_related("organization", "published_by").first()
    if announcement is None:
        raise Http404("Không tìm thấy thông báo.")
    return announcement


def may_manage(user: AnyUser, announcement: Announcement) -> bool:
    return policy.user_has_permission_for_org(user, policy.PUBLISH_HANDBOOK, announcement.organization)


def feedback_handled_by(user: AnyUser) -> QuerySet[Feedback]:
    """Items addressed to, or once forwarded by, a committee the user holds a role on directly (not from above:
    a member's question is for the committee they chose)."""
    org_ids = [o.pk for o in policy.granted_orgs(user, policy.ANSWER_FEEDBACK)]
    if not org_ids:
        return Feedback.objects.none()
    return Feedback.objects.filter(Q(organization_id__in=org_ids) | Q(events__from_org_id__in=org_ids)).distinct()


def get_feedback_for_user(user: AnyUser, feedback_id: int | str) -> Feedback:
    try:
        pk = int(feedback_id)
    except (TypeError, ValueError):
        raise Http404("Không tìm thấy ý kiến.") from None
    feedback = (
        Feedback.objects.filter(pk=pk, author_id=user.pk).first() or feedback_handled_by(user).filter(pk=pk).first()
    )
    if feedback is None:
        raise Http404("Không tìm thấy ý kiến.")
    return feedback


def study_sessions_reaching(user: AnyUser) -> QuerySet[StudySession]:
    return StudySession.objects.filter(reaching_q(user))


def study_sessions_managed_by(user: AnyUser) -> QuerySet[StudySession]:
    return StudySession.objects.filter(policy.subtree_q(user, policy.PUBLISH_HANDBOOK, "organization__path"))


def get_study_for_user(user: AnyUser, session_id: int | str) -> StudySession:
    visible = StudySession.objects.filter(
        reaching_q(user) | policy.subtree_q(user, policy.PUBLISH_HANDBOOK, "organization__path")
    )
    session = visible.filter(pk=session_id).select_related("organization", "document").first()
    if session is None:
        raise Http404("Không tìm thấy đợt học tập.")
    return session


def may_manage_study(user: AnyUser, session: StudySession) -> bool:
    return policy.user_has_permission_for_org(user, policy.PUBLISH_HANDBOOK, session.organization)
