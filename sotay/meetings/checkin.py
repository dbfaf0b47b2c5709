"""Check-in (điểm danh): signed, time-limited QR codes, the member's check-in, manual marking, closing attendance.

A code is `signing.dumps({"m": meeting id, "n": session nonce, "t": unix time shown})`. It is valid only while
that check-in session is open (closing clears the nonce, reopening makes a new one) and for
`meetings.checkin_token_minutes` after it was shown. Refusals raise `CheckinRefused` and change nothing.
"""

from __future__ import annotations

import datetime as dt
import math
import secrets
from dataclasses import dataclass

from django.core import signing
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sotay.audit.log import log
from sotay.audit.models import AuditAction
from sotay.lib.vntext import nfc
from sotay.members.choices import ACTIVE_STATUSES, MemberStatus
from sotay.members.models import Member
from sotay.orgs import policy
from sotay.orgs.actor import Actor

from . import roster
from .conf import setting
from .models import (
    AbsenceRequest,
    AbsenceStatus,
    Attendance,
    AttendanceStatus,
    CellMeeting,
    CheckinMethod,
    MeetingStatus,
    Minutes,
)

SALT = "sotay.meetings.checkin"


class CheckinRefused(ValidationError):
    """A check-in that was refused; `code` says why (for tests), the message says it in Vietnamese."""


@dataclass(frozen=True)
class TokenData:
    meeting_id: int
    nonce: str
    issued: int


def window(meeting: CellMeeting) -> tuple[dt.datetime, dt.datetime]:
    """When check-in is accepted: from `checkin_before_minutes` before the start to `checkin_after_minutes` after the
    planned end (docs/rules/meetings.md#tham-số-chưa-xác-nhận)."""
    opens = meeting.starts_at - dt.timedelta(minutes=int(setting("meetings.checkin_before_minutes")))
    closes = meeting.ends_at + dt.timedelta(minutes=int(setting("meetings.checkin_after_minutes")))
    return opens, closes


def in_window(meeting: CellMeeting, now: dt.datetime | None = None) -> bool:
    opens, closes = window(meeting)
    return opens <= (now or timezone.now()) <= closes


def make_token(meeting: CellMeeting, now: dt.datetime | None = None) -> str:
    if not meeting.checkin_nonce:
        raise ValidationError(_("Điểm danh chưa mở."))
    issued = int((now or timezone.now()).timestamp())
    return signing.dumps({"m": meeting.pk, "n": meeting.checkin_nonce, "t": issued}, salt=SALT, compress=True)


def read_token(token: str, now: dt.datetime | None = None) -> TokenData:
    """The meeting and session a code names, if it is genuine and not older than the allowed minutes."""
    try:
        data = signing.loads(token, salt=SALT)
        parsed = TokenData(int(data["m"]), str(data["n"]), int(data["t"]))
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        raise CheckinRefused(_("Mã điểm danh không hợp lệ (mã giả hoặc bị sửa)."), code="forged") from None
    now_ts = (now or timezone.now()).timestamp()
    max_age = int(setting("meetings.checkin_token_minutes")) * 60
    if now_ts < parsed.issued - 60:  # a code from the future: a clock can be a little off, not more
        raise CheckinRefused(_("Mã điểm danh không hợp lệ (mã giả hoặc bị sửa)."), code="forged")
    if now_ts - parsed.issued > max_age:
        raise CheckinRefused(
            _("Mã điểm danh đã hết hạn. Hãy quét lại mã đang hiển thị tại buổi sinh hoạt."), code="expired"
        )
    return parsed


@transaction.atomic
def open_checkin(
    *, meeting: CellMeeting, actor: Actor, latitude=None, longitude=None, location_check: bool = False
) -> None:
    actor.require(policy.MANAGE_MEETINGS, meeting.organization)
    if meeting.status == MeetingStatus.CANCELLED:
        raise ValidationError(_("Buổi sinh hoạt đã hủy."))
    if Minutes.objects.filter(meeting=meeting, is_final=True).exists():
        raise ValidationError(_("Biên bản đã hoàn tất: không mở lại điểm danh."))
    if location_check and (latitude is None or longitude is None):
        raise ValidationError(_("Muốn kiểm tra vị trí, hãy cho phép trình duyệt lấy vị trí của địa điểm họp."))
    meeting.checkin_nonce = secrets.token_hex(8)
    meeting.checkin_opened_at = timezone.now()
    meeting.checkin_closed_at = None
    meeting.location_check = location_check
    meeting.latitude, meeting.longitude = (latitude, longitude) if location_check else (None, None)
    meeting.save()
    log(AuditAction.UPDATE, meeting, by=actor, data={"event": "checkin_open", "location_check": location_check})


@transaction.atomic
def close_checkin(*, meeting: CellMeeting, actor: Actor) -> None:
    """Close the session (every code shown stops working) and complete the attendance list."""
    actor.require(policy.MANAGE_MEETINGS, meeting.organization)
    meeting.checkin_nonce = ""
    meeting.checkin_closed_at = timezone.now()
    if meeting.status == MeetingStatus.PLANNED:
        meeting.status = MeetingStatus.HELD
    meeting.save()
    complete_attendance(meeting, actor=actor)
    log(AuditAction.UPDATE, meeting, by=actor, data={"event": "checkin_close"})


def distance_m(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in metres (haversine)."""
    r = 6_371_000.0
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * r * math.asin(math.sqrt(a))


def _is_exempt(member: Member) -> bool:
    return member.status == MemberStatus.EXEMPT


def _guest_member(meeting: CellMeeting, user) -> bool:
    return meeting.invitations.filter(guest=user).exists()


@transaction.atomic
def check_in(
    *,
    token: str,
    actor: Actor,
    now: dt.datetime | None = None,
    latitude: float | str | None = None,
    longitude: float | str | None = None,
) -> Attendance:
    """The member behind the signed-in actor checks in with a scanned code, for themself only (a system source has
    no one to check in: NotAllowed); any refusal changes nothing."""
    user = actor.own_user()
    now = now or timezone.now()
    data = read_token(token, now)
    meeting = CellMeeting.objects.select_for_update().filter(pk=data.meeting_id).select_related("organization").first()
    if meeting is None:
        raise CheckinRefused(_("Mã điểm danh không hợp lệ (mã giả hoặc bị sửa)."), code="forged")
    if meeting.status == MeetingStatus.CANCELLED:
        raise CheckinRefused(_("Buổi sinh hoạt này đã hủy."), code="window")
    opens, closes = window(meeting)
    if not opens <= now <= closes:
        raise CheckinRefused(
            _("Ngoài giờ điểm danh: chỉ điểm danh được từ %(a)s đến %(b)s.")
            % {"a": f"{timezone.localtime(opens):%H:%M %d/%m/%Y}", "b": f"{timezone.localtime(closes):%H:%M %d/%m/%Y}"},
            code="window",
        )
    if not meeting.checkin_nonce or meeting.checkin_nonce != data.nonce:
        raise CheckinRefused(
            _("Điểm danh của buổi sinh hoạt này đã đóng (hoặc chưa mở). Mã cũ không còn dùng được."), code="window"
        )
    member = getattr(user, "member", None)
    if member is None:
        raise CheckinRefused(_("Tài khoản của bạn chưa gắn với hồ sơ đảng viên nào."), code="no_member")
    is_guest = not roster.belongs(meeting, member)
    if is_guest and not _guest_member(meeting, user):
        raise CheckinRefused(
            _("Bạn không sinh hoạt ở %(o)s: không điểm danh được buổi sinh hoạt này.")
            % {"o": meeting.organization.name},
            code="other_cell",
        )
    if member.status not in ACTIVE_STATUSES and not is_guest:
        raise CheckinRefused(_("Hồ sơ của bạn không còn trong danh sách đảng viên của chi bộ."), code="other_cell")
    existing = Attendance.objects.filter(meeting=meeting, member=member).first()
    if existing is not None and existing.status == AttendanceStatus.PRESENT:
        raise CheckinRefused(
            _("Bạn đã điểm danh lúc %(t)s rồi.") % {"t": f"{timezone.localtime(existing.checked_in_at):%H:%M}"}
            if existing.checked_in_at
            else _("Bạn đã được ghi nhận có mặt rồi."),
            code="twice",
        )
    if meeting.location_check:
        if latitude is None or longitude is None:
            raise CheckinRefused(
                _("Buổi sinh hoạt này cần kiểm tra vị trí: hãy cho phép trình duyệt chia sẻ vị trí rồi thử lại."),
                code="location",
            )
        radius = float(setting("meetings.checkin_radius_m"))
        assert meeting.latitude is not None and meeting.longitude is not None  # a location check has its point
        far = distance_m(meeting.latitude, meeting.longitude, float(latitude), float(longitude))
        if far > radius:
            raise CheckinRefused(
                _("Bạn đang cách địa điểm họp khoảng %(d)d m (cho phép %(r)d m): không điểm danh được.")
                % {"d": round(far), "r": round(radius)},
                code="location",
            )
    late = now > meeting.starts_at + dt.timedelta(minutes=int(setting("meetings.late_after_minutes")))
    attendance, _created = Attendance.objects.update_or_create(
        meeting=meeting,
        member=member,
        defaults={
            "status": AttendanceStatus.PRESENT,
            "is_exempt": _is_exempt(member),
            "is_guest": is_guest,
            "method": CheckinMethod.QR,
            "checked_in_at": now,
            "late": late,
            "recorded_by": user,
        },
    )
    log(
        AuditAction.UPDATE,
        attendance,
        by=actor,
        organization=meeting.organization,
        data={"event": "checkin", "late": late},
    )
    return attendance


@transaction.atomic
def mark(
    *,
    meeting: CellMeeting,
    member: Member,
    status: str,
    actor: Actor,
    late: bool = False,
    left_early: bool = False,
    note: str = "",
) -> Attendance:
    """Manual marking by the secretary (members without a phone, corrections, late arrival, early leave)."""
    actor.require(policy.MANAGE_MEETINGS, meeting.organization)
    if status not in AttendanceStatus.values:
        raise ValidationError(_("Trạng thái điểm danh không hợp lệ."))
    if meeting.status == MeetingStatus.CANCELLED:
        raise ValidationError(_("Buổi sinh hoạt đã hủy."))
    if Minutes.objects.filter(meeting=meeting, is_final=True).exists():
        raise ValidationError(_("Biên bản đã hoàn tất: hãy mở lại biên bản trước khi sửa điểm danh."))
    if not roster.belongs(meeting, member) and not meeting.attendances.filter(member=member).exists():
        raise ValidationError(_("Đảng viên này không sinh hoạt ở chi bộ."))
    exempt = _is_exempt(member)
    if status == AttendanceStatus.EXEMPT and not exempt:
        raise ValidationError(_("Đảng viên này không được miễn sinh hoạt."))
    present = status == AttendanceStatus.PRESENT
    previous = Attendance.objects.filter(meeting=meeting, member=member).first()
    attendance, _created = Attendance.objects.update_or_create(
        meeting=meeting,
        member=member,
        defaults={
            "status": status,
            "is_exempt": exempt,
            "method": previous.method
            if previous and present and previous.method == CheckinMethod.QR
            else CheckinMethod.MANUAL,
            "checked_in_at": (previous.checked_in_at if previous and previous.checked_in_at else timezone.now())
            if present
            else None,
            "late": late and present,
            "left_early": left_early and present,
            "note": nfc(note or ""),
            "recorded_by": actor.audit_user,
        },
    )
    log(
        AuditAction.UPDATE,
        attendance,
        by=actor,
        organization=meeting.organization,
        data={"event": "mark", "status": status, "late": late, "left_early": left_early},
    )
    return attendance


@transaction.atomic
def mark_all_present(*, meeting: CellMeeting, actor: Actor) -> int:
    """Everyone present, then the exceptions: every member of the cell not yet marked becomes present (marked by the
    secretary), except exempt members (miễn sinh hoạt) and members whose absence was approved (vắng có lý do), who get
    those statuses. Rows already recorded (a QR check-in, an earlier tap) are kept. Returns how many rows were added."""
    actor.require(policy.MANAGE_MEETINGS, meeting.organization)
    if meeting.status == MeetingStatus.CANCELLED:
        raise ValidationError(_("Buổi sinh hoạt đã hủy."))
    if Minutes.objects.filter(meeting=meeting, is_final=True).exists():
        raise ValidationError(_("Biên bản đã hoàn tất: hãy mở lại biên bản trước khi sửa điểm danh."))
    have = set(meeting.attendances.values_list("member_id", flat=True))
    approved = set(
        AbsenceRequest.objects.filter(meeting=meeting, status=AbsenceStatus.APPROVED).values_list(
            "member_id", flat=True
        )
    )
    now = timezone.now()
    recorder = actor.audit_user
    rows = []
    for member in roster.roll(meeting):
        if member.pk in have:
            continue
        exempt = _is_exempt(member)
        if exempt:
            status = AttendanceStatus.EXEMPT
        elif member.pk in approved:
            status = AttendanceStatus.ABSENT_EXCUSED
        else:
            status = AttendanceStatus.PRESENT
        present = status == AttendanceStatus.PRESENT
        rows.append(
            Attendance(
                meeting=meeting,
                member=member,
                status=status,
                is_exempt=exempt,
                method=CheckinMethod.MANUAL,
                checked_in_at=now if present else None,
                recorded_by=recorder,
            )
        )
    Attendance.objects.bulk_create(rows)
    log(
        AuditAction.UPDATE,
        meeting,
        by=actor,
        data={"event": "mark_all_present", "added": len(rows)},
    )
    return len(rows)


def complete_attendance(meeting: CellMeeting, *, actor: Actor) -> int:
    """Give every current member of the cell without a row one: exempt, excused (approved xin vắng) or unexcused."""
    actor.require(policy.MANAGE_MEETINGS, meeting.organization)
    have = set(meeting.attendances.values_list("member_id", flat=True))
    approved = set(
        AbsenceRequest.objects.filter(meeting=meeting, status=AbsenceStatus.APPROVED).values_list(
            "member_id", flat=True
        )
    )
    rows = []
    for member in roster.roll(meeting):
        if member.pk in have:
            continue
        if _is_exempt(member):
            status = AttendanceStatus.EXEMPT
        elif member.pk in approved:
            status = AttendanceStatus.ABSENT_EXCUSED
        else:
            status = AttendanceStatus.ABSENT_UNEXCUSED
        rows.append(
            Attendance(
                meeting=meeting, member=member, status=status, is_exempt=_is_exempt(member), method=CheckinMethod.AUTO
            )
        )
    Attendance.objects.bulk_create(rows)
    return len(rows)


@dataclass
class AttendanceSummary:
    """The bí thư's report (docs/rules/meetings.md#báo-cáo-số-lượng-dự-họp): total, present, exempt, absent with and
    without reasons."""

    total: int
    expected: int
    present: int
    exempt: int
    exempt_present: int
    absent_excused: list[tuple[str, str]]
    absent_unexcused: list[str]
    late: list[str]
    left_early: list[str]
    guests: list[str]
    official_expected: int
    official_present: int
    # Who counts when the meeting votes (Điều lệ Điều 9 khoản 5; 24-QĐ/TW and 294-QĐ/TW §9.3.2): the official
    # members, with exempt members only when they attend, without members absent with approved leave and members
    # attached temporarily elsewhere; and how many of them are present.
    voting_base: int = 0
    voting_present: int = 0

    @property
    def rate(self) -> float | None:
        return self.present / self.expected if self.expected else None

    def as_dict(self) -> dict:
        return {**self.__dict__, "rate": self.rate}


def counts_in_vote(row: Attendance, away: set[int]) -> bool:
    """Điều lệ Điều 9 khoản 5 (more than half of the members who count), 24-QĐ/TW and 294-QĐ/TW §9.3.2: official
    members count; an exempt member counts only when attending; a member absent with approved leave (vắng có lý do)
    or attached temporarily elsewhere does not."""
    if row.is_guest or row.member_id in away:
        return False
    if row.is_exempt:  # miễn công tác và sinh hoạt đảng: counted when attending (and so voting)
        return row.status == AttendanceStatus.PRESENT
    return row.member.status == MemberStatus.OFFICIAL and row.status != AttendanceStatus.ABSENT_EXCUSED


def summary(meeting: CellMeeting) -> AttendanceSummary:
    rows = list(meeting.attendances.select_related("member").order_by("member__name_sort_key"))
    away = roster.away_ids(meeting)
    voting = [r for r in rows if counts_in_vote(r, away)]
    reasons = dict(AbsenceRequest.objects.filter(meeting=meeting).values_list("member_id", "reason"))
    members = [r for r in rows if not r.is_guest]
    expected = [r for r in members if not r.is_exempt]
    present = [r for r in expected if r.status == AttendanceStatus.PRESENT]
    official = [r for r in expected if r.member.status == MemberStatus.OFFICIAL]
    return AttendanceSummary(
        total=len(members),
        expected=len(expected),
        present=len(present),
        exempt=sum(r.is_exempt for r in members),
        exempt_present=sum(r.is_exempt and r.status == AttendanceStatus.PRESENT for r in members),
        absent_excused=[
            (r.member.full_name, reasons.get(r.member_id, r.note))
            for r in expected
            if r.status == AttendanceStatus.ABSENT_EXCUSED
        ],
        absent_unexcused=[r.member.full_name for r in expected if r.status == AttendanceStatus.ABSENT_UNEXCUSED],
        late=[r.member.full_name for r in rows if r.late],
        left_early=[r.member.full_name for r in rows if r.left_early],
        guests=[r.member.full_name for r in rows if r.is_guest],
        official_expected=len(official),
        official_present=sum(r.status == AttendanceStatus.PRESENT for r in official),
        voting_base=len(voting),
        voting_present=sum(r.status == AttendanceStatus.PRESENT for r in voting),
    )
