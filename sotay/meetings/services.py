"""Writes for meetings: schedules, monthly instances, agenda, invitations, RSVP, absence requests, move and cancel.

Check-in and attendance are in `checkin.py`; minutes, votes, resolutions and scores in `minutes.py`.
"""

from __future__ import annotations

import datetime as dt
from functools import partial
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from sotay.audit.log import actor as _user
from sotay.audit.log import log
from sotay.audit.models import AuditAction
from sotay.lib.vntext import nfc
from sotay.members.models import Member
from sotay.notifications.services import notify
from sotay.orgs import policy
from sotay.orgs.actor import Actor
from sotay.orgs.models import Organization

from .models import (
    AbsenceRequest,
    AbsenceStatus,
    AgendaItem,
    AgendaKind,
    CellMeeting,
    Invitation,
    MeetingKind,
    MeetingSchedule,
    MeetingStatus,
    Rsvp,
)
from .scheduling import meeting_day

if TYPE_CHECKING:
    from collections.abc import Iterable
    from typing import Any

    from django.core.files.uploadedfile import UploadedFile
    from django.db.models import QuerySet

    from sotay.accounts.models import User

# docs/rules/meetings.md#trình-tự-buổi-sinh-hoạt: the typical order of a monthly cell meeting (hofaco.vn, tuyloc.vn), as
# data.
DEFAULT_AGENDA: dict[str, list[str]] = {
    MeetingKind.REGULAR: [
        AgendaKind.DUES,
        AgendaKind.ATTENDANCE,
        AgendaKind.APPROVE_AGENDA,
        AgendaKind.CURRENT_AFFAIRS,
        AgendaKind.THINKING,
        AgendaKind.REVIEW,
        AgendaKind.HCM_STUDY,
        AgendaKind.NEXT_TASKS,
        AgendaKind.VOTE,
        AgendaKind.ADMISSIONS,
        AgendaKind.SCORE,
        AgendaKind.APPROVE_MINUTES,
    ],
    MeetingKind.THEMATIC: [
        AgendaKind.ATTENDANCE,
        AgendaKind.APPROVE_AGENDA,
        AgendaKind.THEMATIC,
        AgendaKind.VOTE,
        AgendaKind.SCORE,
        AgendaKind.APPROVE_MINUTES,
    ],
}
SHORT_AGENDA = [
    AgendaKind.ATTENDANCE,
    AgendaKind.APPROVE_AGENDA,
    AgendaKind.OTHER,
    AgendaKind.VOTE,
    AgendaKind.APPROVE_MINUTES,
]


def meeting_url(meeting: CellMeeting) -> str:
    return reverse("meetings:detail", args=[meeting.pk])


def month_start(day: dt.date) -> dt.date:
    return day.replace(day=1)


def _aware(day: dt.date, time: dt.time) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, time))


def _local(moment: dt.datetime) -> str:
    return f"{timezone.localtime(moment):%H:%M %d/%m/%Y}"


def _check_org(org: Organization) -> None:
    if not org.is_active:
        raise ValidationError(_("Tổ chức này đã hết hiệu lực."))


# Schedules and instances


@transaction.atomic
def set_schedule(
    *,
    org: Organization,
    week: int,
    weekday: int,
    start_time: dt.time,
    actor: Actor,
    place: str = "",
    duration_minutes: int = 120,
    kind: str = MeetingKind.REGULAR,
) -> MeetingSchedule:
    """Set the recurring schedule of `org` (replaces the active one of the same kind)."""
    actor.require(policy.MANAGE_MEETINGS, org)
    _check_org(org)
    if week not in range(1, 6) or weekday not in range(7):
        raise ValidationError(_("Tuần phải từ 1 đến 5 (5 = tuần cuối) và thứ phải từ Thứ Hai đến Chủ nhật."))
    MeetingSchedule.objects.filter(organization=org, kind=kind, is_active=True).update(is_active=False)
    schedule = MeetingSchedule.objects.create(
        organization=org,
        kind=kind,
        week=week,
        weekday=weekday,
        start_time=start_time,
        place=nfc(place),
        duration_minutes=duration_minutes,
        created_by=_user(actor),
    )
    log(AuditAction.CREATE, schedule, by=actor, data={"week": week, "weekday": weekday, "time": f"{start_time:%H:%M}"})
    return schedule


def default_agenda(meeting: CellMeeting) -> None:
    """Copy the kind's template rows (AgendaTemplateItem, editable data) or, when there are none, the built-in order."""
    from .models import AgendaTemplateItem

    rows = [
        (t.kind, t.title)
        for t in AgendaTemplateItem.objects.filter(meeting_kind=meeting.kind, is_active=True).order_by("position")
    ] or [(k, str(AgendaKind(k).label)) for k in DEFAULT_AGENDA.get(meeting.kind, SHORT_AGENDA)]
    AgendaItem.objects.bulk_create(
        AgendaItem(meeting=meeting, position=i, kind=kind, title=title) for i, (kind, title) in enumerate(rows, 1)
    )


@transaction.atomic
def create_meeting(
    *,
    org: Organization,
    kind: str,
    starts_at: dt.datetime,
    actor: Actor,
    place: str = "",
    title: str = "",
    duration_minutes: int = 120,
    schedule: MeetingSchedule | None = None,
) -> CellMeeting:
    actor.require(policy.MANAGE_MEETINGS, org)
    _check_org(org)
    if kind not in MeetingKind.values:
        raise ValidationError(_("Loại buổi sinh hoạt không hợp lệ."))
    local = timezone.localtime(starts_at) if timezone.is_aware(starts_at) else starts_at
    meeting = CellMeeting.objects.create(
        organization=org,
        kind=kind,
        title=nfc(title),
        schedule=schedule,
        month=month_start(local.date()),
        starts_at=starts_at,
        duration_minutes=duration_minutes,
        place=nfc(place),
        created_by=_user(actor),
    )
    default_agenda(meeting)
    log(AuditAction.CREATE, meeting, by=actor, data={"kind": kind, "starts_at": starts_at.isoformat()})
    return meeting


def create_monthly_instance(schedule: MeetingSchedule, month: dt.date, *, actor: Actor) -> CellMeeting | None:
    """The meeting of `schedule` in `month` (created once; None when it already exists or the org has ended)."""
    actor.require(policy.MANAGE_MEETINGS, schedule.organization)
    month = month_start(month)
    if not schedule.is_active or not schedule.organization.is_active:
        return None
    if CellMeeting.objects.filter(schedule=schedule, month=month).exists():
        return None
    day = meeting_day(month.year, month.month, schedule.weekday, schedule.week)
    try:
        with transaction.atomic():
            return create_meeting(
                org=schedule.organization,
                kind=schedule.kind,
                starts_at=_aware(day, schedule.start_time),
                actor=actor,
                place=schedule.place,
                duration_minutes=schedule.duration_minutes,
                schedule=schedule,
            )
    except IntegrityError:  # created meanwhile by another worker
        return None


def create_monthly_instances(month: dt.date, *, actor: Actor, send: bool = True) -> list[CellMeeting]:
    """Every active schedule's meeting for `month`, with invitations (the monthly background task calls this)."""
    created = []
    for schedule in MeetingSchedule.objects.filter(is_active=True).select_related("organization"):
        meeting = create_monthly_instance(schedule, month, actor=actor)
        if meeting is not None:
            if send:
                send_invitations(meeting=meeting, actor=actor)
            created.append(meeting)
    return created


# Agenda


@transaction.atomic
def add_agenda_item(
    *,
    meeting: CellMeeting,
    title: str,
    actor: Actor,
    kind: str = AgendaKind.OTHER,
    presenter: str = "",
    material_url: str = "",
    material_file: UploadedFile | None = None,
) -> AgendaItem:
    actor.require(policy.MANAGE_MEETINGS, meeting.organization)
    _check_editable(meeting)
    _check_material(material_file)
    _check_material_url(material_url)
    title = nfc(title or "").strip()
    if not title:
        raise ValidationError({"title": _("Hãy nhập nội dung.")})
    position = (meeting.agenda_items.order_by("-position").values_list("position", flat=True).first() or 0) + 1
    item = AgendaItem.objects.create(
        meeting=meeting,
        position=position,
        kind=kind,
        title=title,
        presenter=nfc(presenter),
        material_url=material_url,
        material_file=material_file or "",
    )
    log(AuditAction.CREATE, item, by=actor, organization=meeting.organization, data={"title": title})
    return item


@transaction.atomic
def update_agenda_item(*, item: AgendaItem, actor: Actor, **fields: Any) -> AgendaItem:
    actor.require(policy.MANAGE_MEETINGS, item.meeting.organization)
    _check_editable(item.meeting)
    _check_material(fields.get("material_file"))
    _check_material_url(fields.get("material_url", ""))
    allowed = {"title", "presenter", "notes", "conclusion", "material_url", "kind", "material_file"}
    changed = {}
    for name, value in fields.items():
        if name not in allowed:
            raise ValueError(name)
        value = nfc(value) if isinstance(value, str) else value
        if name == "material_file" and not value:
            continue
        if getattr(item, name) != value:
            changed[name] = str(value)[:200]
            setattr(item, name, value)
    if not (item.title or "").strip():
        raise ValidationError({"title": _("Hãy nhập nội dung.")})
    item.save()
    if changed:
        log(AuditAction.UPDATE, item, by=actor, organization=item.meeting.organization, data=changed)
    return item


@transaction.atomic
def move_agenda_item(*, item: AgendaItem, step: int, actor: Actor) -> None:
    """Swap the item with its neighbour above (step −1) or below (step +1)."""
    actor.require(policy.MANAGE_MEETINGS, item.meeting.organization)
    _check_editable(item.meeting)
    items = list(item.meeting.agenda_items.order_by("position", "pk"))
    i = next(n for n, it in enumerate(items) if it.pk == item.pk)
    j = i + step
    if 0 <= j < len(items):
        items[i], items[j] = items[j], items[i]
        for pos, it in enumerate(items, 1):
            if it.position != pos:
                it.position = pos
                it.save(update_fields=["position"])
        log(AuditAction.UPDATE, item, by=actor, organization=item.meeting.organization, data={"moved": step})


@transaction.atomic
def remove_agenda_item(*, item: AgendaItem, actor: Actor) -> None:
    actor.require(policy.MANAGE_MEETINGS, item.meeting.organization)
    _check_editable(item.meeting)
    log(AuditAction.DELETE, item, by=actor, organization=item.meeting.organization, data={"title": item.title})
    item.delete()


def _check_material_url(url: str) -> None:
    """A link into the documents library ("/documents/…") or an http(s) address; nothing else becomes a link."""
    url = (url or "").strip()
    if url and not (url.startswith("/") and not url.startswith("//") or url.startswith(("https://", "http://"))):
        raise ValidationError({"material_url": _("Đường dẫn tài liệu phải là một trang trong Sổ tay hoặc http(s)://…")})


def _check_material(upload: object) -> None:
    """A new upload only (a file already stored was checked when it came): the checks of every upload
    (sotay.core.uploads: content, not name; size; zip bombs; active PDFs); the file takes its clean name."""
    from django.core.files.uploadedfile import UploadedFile

    from sotay.core.uploads import MATERIALS, check_uploaded_file

    if not isinstance(upload, UploadedFile):
        return
    try:
        upload.name, _kind, upload.content_type, _data = check_uploaded_file(upload, allowed=MATERIALS)
    except ValidationError as exc:
        raise ValidationError({"material_file": exc.messages}) from exc


def _check_editable(meeting: CellMeeting) -> None:
    from .models import Minutes

    if Minutes.objects.filter(meeting=meeting, is_final=True).exists():
        raise ValidationError(_("Biên bản đã hoàn tất: hãy mở lại biên bản trước khi sửa."))
    if meeting.is_cancelled:
        raise ValidationError(_("Buổi sinh hoạt đã hủy."))


# Invitations


def invitees(meeting: CellMeeting) -> QuerySet[Member]:
    """Members called to the meeting, exempt members left out (docs/rules/membership.md#miễn-công-tác-và-sinh-hoạt-đảng,
    docs/rules/meetings.md#báo-cáo-số-lượng-dự-họp; see roster.py)."""
    from .roster import called

    return called(meeting)


def _users_of(members: Iterable[Member] | QuerySet[Member]) -> list[User]:
    from sotay.accounts.models import User

    return list(User.objects.filter(member__in=members, is_active=True))


def invited_users(meeting: CellMeeting) -> list:
    members = Member.objects.filter(meeting_invitations__meeting=meeting)
    guests = [inv.guest for inv in meeting.invitations.filter(guest__isnull=False).select_related("guest")]
    return _users_of(members) + guests


@transaction.atomic
def send_invitations(*, meeting: CellMeeting, actor: Actor, guests: Iterable[User] = ()) -> int:
    """Giấy mời to every non-exempt member of the cell (and the guests given); each person is invited once."""
    actor.require(policy.MANAGE_MEETINGS, meeting.organization)
    if meeting.is_cancelled:
        raise ValidationError(_("Buổi sinh hoạt đã hủy, không gửi giấy mời."))
    have = set(meeting.invitations.filter(member__isnull=False).values_list("member_id", flat=True))
    new_members = [m for m in invitees(meeting) if m.pk not in have]
    Invitation.objects.bulk_create(Invitation(meeting=meeting, member=m) for m in new_members)
    have_guests = set(meeting.invitations.filter(guest__isnull=False).values_list("guest_id", flat=True))
    new_guests = [g for g in guests if g.pk not in have_guests]
    Invitation.objects.bulk_create(Invitation(meeting=meeting, guest=g) for g in new_guests)
    recipients = _users_of(new_members) + new_guests
    if recipients:
        notify(
            recipients,
            kind="meeting.invitation",
            title=_("Giấy mời: %(k)s %(o)s lúc %(t)s")
            % {"k": meeting.get_kind_display().lower(), "o": meeting.organization.name, "t": _local(meeting.starts_at)},
            body=_("Địa điểm: %(p)s. Nếu không dự được, hãy gửi đơn xin vắng trong Sổ tay.")
            % {"p": meeting.place or "—"},
            url=meeting_url(meeting),
            organization=meeting.organization,
        )
    meeting.invitations_sent_at = meeting.invitations_sent_at or timezone.now()
    meeting.save(update_fields=["invitations_sent_at"])
    log(
        AuditAction.CREATE,
        meeting,
        by=actor,
        data={"event": "invitations", "members": len(new_members), "guests": len(new_guests)},
    )
    return len(new_members) + len(new_guests)


def send_reminders(*, actor: Actor, now: dt.datetime | None = None) -> int:
    """The day-before reminder: meetings starting tomorrow (local date) whose invitees were not yet reminded.
    Run daily by the worker (`worker:daily_reminders`); no role sends them by hand."""
    actor.require(policy.SEND_MEETING_REMINDERS)
    now = now or timezone.now()
    tomorrow = timezone.localtime(now).date() + dt.timedelta(days=1)
    start = _aware(tomorrow, dt.time.min)
    meetings = CellMeeting.objects.filter(
        starts_at__gte=start,
        starts_at__lt=start + dt.timedelta(days=1),
        status=MeetingStatus.PLANNED,
        reminder_sent_at__isnull=True,
    ).select_related("organization")
    count = 0
    for meeting in meetings:
        with transaction.atomic():
            users = [u for u in invited_users(meeting) if not _declined(meeting, u)]
            notify(
                users,
                kind="meeting.reminder",
                title=_("Nhắc lịch: ngày mai %(t)s sinh hoạt %(o)s")
                % {"t": _local(meeting.starts_at), "o": meeting.organization.name},
                body=_("Địa điểm: %(p)s.") % {"p": meeting.place or "—"},
                url=meeting_url(meeting),
                organization=meeting.organization,
            )
            meeting.reminder_sent_at = now
            meeting.save(update_fields=["reminder_sent_at"])
            count += 1
    return count


def _declined(meeting: CellMeeting, user: User) -> bool:
    if not user.member_id:
        return False
    return AbsenceRequest.objects.filter(
        meeting=meeting, member_id=user.member_id, status=AbsenceStatus.APPROVED
    ).exists()


# Move and cancel


@transaction.atomic
def move_meeting(
    *, meeting: CellMeeting, starts_at: dt.datetime, reason: str, actor: Actor, place: str | None = None
) -> None:
    actor.require(policy.MANAGE_MEETINGS, meeting.organization)
    if meeting.status != MeetingStatus.PLANNED:
        raise ValidationError(_("Chỉ dời được buổi sinh hoạt chưa tổ chức."))
    reason = nfc(reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Hãy ghi lý do dời buổi sinh hoạt.")})
    old = meeting.starts_at
    meeting.moved_from = meeting.moved_from or old
    meeting.starts_at = starts_at
    meeting.status_reason = reason
    meeting.reminder_sent_at = None
    if place is not None and place.strip():
        meeting.place = nfc(place.strip())
    meeting.save()
    log(
        AuditAction.UPDATE,
        meeting,
        by=actor,
        data={"event": "moved", "from": old.isoformat(), "to": starts_at.isoformat(), "reason": reason},
    )
    notify(
        invited_users(meeting),
        kind="meeting.moved",
        title=_("Dời lịch sinh hoạt %(o)s sang %(t)s") % {"o": meeting.organization.name, "t": _local(starts_at)},
        body=_("Lịch cũ: %(old)s. Lý do: %(r)s. Địa điểm: %(p)s.")
        % {"old": _local(old), "r": reason, "p": meeting.place or "—"},
        url=meeting_url(meeting),
        organization=meeting.organization,
    )


@transaction.atomic
def cancel_meeting(*, meeting: CellMeeting, reason: str, actor: Actor) -> None:
    actor.require(policy.MANAGE_MEETINGS, meeting.organization)
    if meeting.status != MeetingStatus.PLANNED:
        raise ValidationError(_("Chỉ hủy được buổi sinh hoạt chưa tổ chức."))
    reason = nfc(reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Hãy ghi lý do hủy buổi sinh hoạt.")})
    meeting.status = MeetingStatus.CANCELLED
    meeting.status_reason = reason
    meeting.checkin_nonce = ""
    meeting.save()
    log(AuditAction.STATUS, meeting, by=actor, data={"event": "cancelled", "reason": reason})
    notify(
        invited_users(meeting),
        kind="meeting.cancelled",
        title=_("Hủy buổi sinh hoạt %(o)s lúc %(t)s")
        % {"o": meeting.organization.name, "t": _local(meeting.starts_at)},
        body=_("Lý do: %(r)s.") % {"r": reason},
        url=meeting_url(meeting),
        organization=meeting.organization,
    )


# RSVP and absence requests


def _invitation_of(meeting: CellMeeting, member: Member) -> Invitation:
    inv = meeting.invitations.filter(member=member).first()
    if inv is None:
        raise ValidationError(_("Bạn không có giấy mời dự buổi sinh hoạt này."))
    return inv


@transaction.atomic
def respond(*, meeting: CellMeeting, member: Member, answer: str, actor: Actor) -> Invitation:
    actor.require_for_member(policy.MANAGE_MEETINGS, member)
    if meeting.status != MeetingStatus.PLANNED:
        raise ValidationError(_("Buổi sinh hoạt không còn nhận trả lời."))
    if answer not in (Rsvp.YES, Rsvp.NO):
        raise ValidationError(_("Câu trả lời không hợp lệ."))
    inv = _invitation_of(meeting, member)
    inv.rsvp = answer
    inv.rsvp_at = timezone.now()
    inv.save(update_fields=["rsvp", "rsvp_at"])
    withdrawn = ""
    if answer == Rsvp.YES:
        # One answer per invitation (issue 14, point 6): "I will attend" withdraws a pending or granted leave request,
        # so a member is never both "Sẽ dự" and excused. A refused request stays on record.
        pending = AbsenceRequest.objects.filter(
            meeting=meeting, member=member, status__in=[AbsenceStatus.PENDING, AbsenceStatus.APPROVED]
        ).first()
        if pending is not None:
            withdrawn = pending.status
            log(AuditAction.DELETE, pending, by=actor, organization=meeting.organization, data={"withdrawn": withdrawn})
            pending.delete()
    data = {"rsvp": answer, **({"absence_withdrawn": withdrawn} if withdrawn else {})}
    log(AuditAction.UPDATE, inv, by=actor, organization=meeting.organization, data=data)
    return inv


@transaction.atomic
def request_absence(*, meeting: CellMeeting, member: Member, reason: str, actor: Actor) -> AbsenceRequest:
    """Xin vắng: the member gives a reason; the secretary decides (docs/rules/meetings.md#báo-cáo-số-lượng-dự-họp:
    absent with reasons)."""
    actor.require_for_member(policy.MANAGE_MEETINGS, member)
    if meeting.status == MeetingStatus.CANCELLED:
        raise ValidationError(_("Buổi sinh hoạt đã hủy."))
    reason = nfc(reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Hãy ghi lý do xin vắng.")})
    from .roster import belongs

    if not belongs(meeting, member):
        raise ValidationError(_("Bạn không được triệu tập dự buổi sinh hoạt này."))
    existing = AbsenceRequest.objects.filter(meeting=meeting, member=member).first()
    if existing is not None and existing.status != AbsenceStatus.PENDING:
        raise ValidationError(_("Đơn xin vắng của bạn đã được bí thư xem xét."))
    req, _created = AbsenceRequest.objects.update_or_create(meeting=meeting, member=member, defaults={"reason": reason})
    meeting.invitations.filter(member=member).update(rsvp=Rsvp.NO, rsvp_at=timezone.now())
    log(AuditAction.CREATE, req, by=actor, organization=meeting.organization, data={"reason": reason})
    notify(
        secretaries_of(meeting.organization),
        kind="meeting.absence_request",
        title=_("%(n)s xin vắng buổi sinh hoạt %(t)s") % {"n": member.full_name, "t": _local(meeting.starts_at)},
        body=reason,
        url=meeting_url(meeting),
        organization=meeting.organization,
    )
    return req


@transaction.atomic
def decide_absence(*, request: AbsenceRequest, approve: bool, actor: Actor, note: str = "") -> AbsenceRequest:
    actor.require(policy.MANAGE_MEETINGS, request.meeting.organization)
    if request.status != AbsenceStatus.PENDING:
        raise ValidationError(_("Đơn này đã được xem xét."))
    request.status = AbsenceStatus.APPROVED if approve else AbsenceStatus.REFUSED
    request.decided_by = _user(actor)
    request.decided_at = timezone.now()
    request.decision_note = nfc(note or "")
    request.save()
    # An attendance already recorded as absent follows the decision.
    from .models import Attendance, AttendanceStatus

    Attendance.objects.filter(
        meeting=request.meeting,
        member=request.member,
        status__in=[AttendanceStatus.ABSENT_EXCUSED, AttendanceStatus.ABSENT_UNEXCUSED],
    ).update(status=AttendanceStatus.ABSENT_EXCUSED if approve else AttendanceStatus.ABSENT_UNEXCUSED)
    log(
        AuditAction.STATUS,
        request,
        by=actor,
        organization=request.meeting.organization,
        data={"status": request.status},
    )
    user = getattr(request.member, "user", None) if hasattr(request.member, "user") else None
    if user is not None:
        notify(
            [user],
            kind="meeting.absence_decision",
            title=(
                _("Bí thư đồng ý cho bạn vắng buổi sinh hoạt %(t)s")
                if approve
                else _("Bí thư không đồng ý cho bạn vắng buổi sinh hoạt %(t)s")
            )
            % {"t": _local(request.meeting.starts_at)},
            body=request.decision_note,
            url=meeting_url(request.meeting),
            organization=request.meeting.organization,
        )
    return request


def secretaries_of(org: Organization) -> list:
    """Users who run the meetings of `org`: holders of a cell-committee grant on it."""
    from sotay.accounts.models import User
    from sotay.orgs.models import Role

    return list(
        User.objects.filter(
            role_grants__organization=org, role_grants__role=Role.CELL_COMMITTEE, is_active=True
        ).distinct()
    )


def queue_after_commit(task: Any, **kwargs: object) -> None:
    transaction.on_commit(partial(task.enqueue, **kwargs))
