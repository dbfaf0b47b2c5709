"""Minutes (biên bản), votes, the resolution, its tasks and the meeting's self-score.

Finalised minutes are read-only; `reopen_minutes` is the one explicit, audited way back.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sotay.audit.log import log
from sotay.audit.models import AuditAction
from sotay.lib.vntext import nfc
from sotay.members.models import Member
from sotay.orgs import policy
from sotay.orgs.actor import Actor
from sotay.orgs.letterhead import place_name

from . import checkin, roster
from .models import (
    ActionItem,
    AttendanceStatus,
    CellMeeting,
    MeetingResolution,
    MeetingScore,
    MeetingStatus,
    Minutes,
    ScoreCriterion,
    Vote,
)


def _next_number(meeting: CellMeeting, model, suffix: str) -> str:
    year = timezone.localtime(meeting.starts_at).year
    n = (
        model.objects.filter(meeting__organization=meeting.organization, meeting__starts_at__year=year)
        .exclude(number="")
        .count()
    )
    return f"{n + 1:02d}-{suffix}/CB"


def get_minutes(meeting: CellMeeting) -> Minutes:
    minutes = Minutes.objects.filter(meeting=meeting).first()
    if minutes is None:
        minutes = Minutes(meeting=meeting, place_name=place_name(meeting.organization))
    return minutes


def _editable(minutes: Minutes) -> None:
    if minutes.is_final:
        raise ValidationError(_("Biên bản đã hoàn tất: hãy mở lại biên bản (có ghi nhật ký) trước khi sửa."))


@transaction.atomic
def save_minutes(
    *,
    meeting: CellMeeting,
    actor: Actor,
    chair: Member | None = None,
    recorder: Member | None = None,
    opening: str = "",
    conclusions: str = "",
    place_name: str = "",
    ended_at=None,
) -> Minutes:
    actor.require(policy.MANAGE_MEETINGS, meeting.organization)
    if meeting.status == MeetingStatus.CANCELLED:
        raise ValidationError(_("Buổi sinh hoạt đã hủy."))
    minutes = get_minutes(meeting)
    _editable(minutes)
    for person in (chair, recorder):
        if person is not None and not roster.belongs(meeting, person):
            raise ValidationError(_("Chủ trì và thư ký phải là đảng viên của chi bộ."))
    if meeting.attendances.exists():
        present = set(meeting.attendances.filter(status=AttendanceStatus.PRESENT).values_list("member_id", flat=True))
        absent = [p.full_name for p in (chair, recorder) if p is not None and p.pk not in present]
        if absent:
            raise ValidationError(
                _("Chủ trì và thư ký phải có mặt: %(n)s đang không được điểm danh có mặt.") % {"n": ", ".join(absent)}
            )
    minutes.opening = nfc(opening)
    minutes.conclusions = nfc(conclusions)
    minutes.place_name = nfc(place_name) or minutes.place_name
    minutes.ended_at = ended_at
    if not minutes.number:
        minutes.number = _next_number(meeting, Minutes, "BB")
    minutes.save()
    meeting.chair, meeting.recorder = chair, recorder
    meeting.save(update_fields=["chair", "recorder"])
    log(AuditAction.UPDATE, minutes, by=actor, organization=meeting.organization, data={"event": "minutes_saved"})
    return minutes


@transaction.atomic
def finalise_minutes(*, meeting: CellMeeting, actor: Actor) -> Minutes:
    """Approve the minutes: the attendance list is completed and its summary frozen into the minutes."""
    actor.require(policy.MANAGE_MEETINGS, meeting.organization)
    minutes = get_minutes(meeting)
    _editable(minutes)
    if meeting.status == MeetingStatus.CANCELLED:
        raise ValidationError(_("Buổi sinh hoạt đã hủy."))
    if meeting.checkin_is_open:
        raise ValidationError(_("Hãy kết thúc điểm danh trước khi hoàn tất biên bản."))
    if meeting.starts_at > timezone.now():
        raise ValidationError(_("Buổi sinh hoạt chưa diễn ra: chưa hoàn tất biên bản được."))
    if meeting.chair_id is None or meeting.recorder_id is None:
        raise ValidationError(_("Biên bản cần ghi người chủ trì và thư ký."))
    checkin.complete_attendance(meeting, actor=actor)
    if not minutes.number:
        minutes.number = _next_number(meeting, Minutes, "BB")
    minutes.attendance_summary = checkin.summary(meeting).as_dict()
    minutes.is_final = True
    minutes.approved_at = timezone.now()
    minutes.approved_by = actor.audit_user
    minutes.save()
    if meeting.status == MeetingStatus.PLANNED:
        meeting.status = MeetingStatus.HELD
        meeting.save(update_fields=["status"])
    log(AuditAction.STATUS, minutes, by=actor, organization=meeting.organization, data={"event": "minutes_final"})
    return minutes


@transaction.atomic
def reopen_minutes(*, meeting: CellMeeting, reason: str, actor: Actor) -> Minutes:
    actor.require(policy.MANAGE_MEETINGS, meeting.organization)
    minutes = get_minutes(meeting)
    if not minutes.is_final:
        raise ValidationError(_("Biên bản chưa hoàn tất."))
    reason = nfc(reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Hãy ghi lý do mở lại biên bản.")})
    minutes.is_final = False
    minutes.save(update_fields=["is_final", "updated_at"])
    log(
        AuditAction.STATUS,
        minutes,
        by=actor,
        organization=meeting.organization,
        data={
            "event": "minutes_reopened",
            "reason": reason,
            "approved_at": minutes.approved_at.isoformat() if minutes.approved_at else None,
        },
    )
    return minutes


def vote_base(meeting: CellMeeting, *, actor: Actor) -> tuple[int, int]:
    """(members who count, of them present) for a vote — Điều lệ Điều 9 khoản 5, 24-QĐ/TW and 294-QĐ/TW §9.3.2
    (see `checkin.counts_in_vote`)."""
    checkin.complete_attendance(meeting, actor=actor)
    s = checkin.summary(meeting)
    return s.voting_base, s.voting_present


@transaction.atomic
def record_vote(
    *, meeting: CellMeeting, subject: str, votes_for: int, votes_against: int, abstentions: int, actor: Actor
) -> Vote:
    actor.require(policy.MANAGE_MEETINGS, meeting.organization)
    _editable(get_minutes(meeting))
    subject = nfc(subject or "").strip()
    if not subject:
        raise ValidationError({"subject": _("Hãy ghi nội dung biểu quyết.")})
    if min(votes_for, votes_against, abstentions) < 0:
        raise ValidationError(_("Số phiếu không được âm."))
    eligible, present = vote_base(meeting, actor=actor)
    if votes_for + votes_against + abstentions > present:
        raise ValidationError(
            _("Tổng số biểu quyết (%(n)d) lớn hơn số đảng viên chính thức có mặt (%(p)d).")
            % {"n": votes_for + votes_against + abstentions, "p": present}
        )
    vote = Vote.objects.create(
        meeting=meeting,
        subject=subject,
        votes_for=votes_for,
        votes_against=votes_against,
        abstentions=abstentions,
        eligible=eligible,
        present=present,
    )
    log(
        AuditAction.CREATE,
        vote,
        by=actor,
        organization=meeting.organization,
        data={
            "for": votes_for,
            "against": votes_against,
            "abstain": abstentions,
            "eligible": eligible,
            "present": present,
            "quorum": vote.quorum_met,
            "passed": vote.passed,
        },
    )
    return vote


@transaction.atomic
def save_resolution(*, meeting: CellMeeting, title: str, body: str, actor: Actor) -> MeetingResolution:
    actor.require(policy.MANAGE_MEETINGS, meeting.organization)
    _editable(get_minutes(meeting))
    title = nfc(title or "").strip()
    if not title:
        raise ValidationError({"title": _("Hãy ghi trích yếu của nghị quyết.")})
    resolution = MeetingResolution.objects.filter(meeting=meeting).first() or MeetingResolution(meeting=meeting)
    resolution.title, resolution.body = title, nfc(body or "")
    if not resolution.number:
        resolution.number = _next_number(meeting, MeetingResolution, "NQ")
    resolution.save()
    log(AuditAction.UPDATE, resolution, by=actor, organization=meeting.organization, data={"title": title})
    return resolution


@transaction.atomic
def add_action_item(*, meeting: CellMeeting, title: str, owner: Member, due_on: dt.date, actor: Actor) -> ActionItem:
    actor.require(policy.MANAGE_MEETINGS, meeting.organization)
    _editable(get_minutes(meeting))
    title = nfc(title or "").strip()
    if not title:
        raise ValidationError({"title": _("Hãy ghi nhiệm vụ.")})
    if not roster.belongs(meeting, owner):
        raise ValidationError({"owner": _("Người phụ trách phải là đảng viên của chi bộ.")})
    if due_on < timezone.localtime(meeting.starts_at).date():
        raise ValidationError({"due_on": _("Hạn hoàn thành không được trước ngày sinh hoạt.")})
    item = ActionItem.objects.create(meeting=meeting, title=title, owner=owner, due_on=due_on)
    log(
        AuditAction.CREATE,
        item,
        by=actor,
        organization=meeting.organization,
        data={"owner": owner.pk, "due_on": due_on.isoformat()},
    )
    return item


@transaction.atomic
def review_action_item(
    *, item: ActionItem, at_meeting: CellMeeting, done_on: dt.date | None, note: str, actor: Actor
) -> ActionItem:
    """Review a task at a later meeting: done (with its day) or carried over, with a note."""
    actor.require(policy.MANAGE_MEETINGS, item.meeting.organization)
    if at_meeting.organization_id != item.meeting.organization_id:
        raise ValidationError(_("Nhiệm vụ này không thuộc chi bộ."))
    item.done_on = done_on
    item.review_note = nfc(note or "")
    item.reviewed_at = at_meeting
    item.save()
    log(
        AuditAction.UPDATE,
        item,
        by=actor,
        organization=item.meeting.organization,
        data={"done_on": done_on.isoformat() if done_on else None, "note": item.review_note},
    )
    return item


def open_items_for(meeting: CellMeeting):
    """Tasks of earlier meetings of the cell still to review at `meeting` (the next meeting's review)."""
    return (
        ActionItem.objects.filter(meeting__organization=meeting.organization, meeting__starts_at__lt=meeting.starts_at)
        .filter(done_on__isnull=True)
        .select_related("owner", "meeting")
    )


@transaction.atomic
def save_scores(*, meeting: CellMeeting, points: dict[int, int], actor: Actor) -> int:
    """The meeting's self-score on the active criteria; each value between 0 and the criterion's maximum."""
    actor.require(policy.MANAGE_MEETINGS, meeting.organization)
    _editable(get_minutes(meeting))
    criteria = {c.pk: c for c in ScoreCriterion.objects.filter(is_active=True)}
    for pk, value in points.items():
        criterion = criteria.get(pk)
        if criterion is None:
            raise ValidationError(_("Tiêu chí chấm điểm không hợp lệ."))
        if not 0 <= value <= criterion.max_points:
            raise ValidationError(
                _("Điểm “%(c)s” phải từ 0 đến %(m)d.") % {"c": criterion.label, "m": criterion.max_points}
            )
    for pk, value in points.items():
        MeetingScore.objects.update_or_create(meeting=meeting, criterion_id=pk, defaults={"points": value})
    total = sum(points.values())
    log(AuditAction.UPDATE, meeting, by=actor, data={"event": "score", "total": total})
    return total


def score_total(meeting: CellMeeting) -> tuple[int, int]:
    scores = list(meeting.scores.select_related("criterion"))
    maximum = sum(c.max_points for c in ScoreCriterion.objects.filter(is_active=True))
    return sum(s.points for s in scores), maximum
