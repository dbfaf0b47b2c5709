"""Cell meetings (sinh hoạt chi bộ, docs/rules/meetings.md): schedule, instances, agenda, invitations, attendance,
minutes.

Names follow docs/glossary.md (Meetings): CellMeeting, MeetingKind, Invitation, Attendance, AgendaItem, Minutes,
MeetingResolution, ActionItem, Vote, MeetingScore. `recorder` is the thư ký who keeps the minutes (not the bí thư).
"""

from __future__ import annotations

import datetime as dt
import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sotay.core.uploads import PrivateStorage


class MeetingKind(models.TextChoices):
    REGULAR = "REGULAR", _("Sinh hoạt thường kỳ")
    THEMATIC = "THEMATIC", _("Sinh hoạt chuyên đề")
    BOARD = "BOARD", _("Họp cấp ủy")
    GENERAL = "GENERAL", _("Hội nghị đảng bộ cơ sở")
    EXTRAORDINARY = "EXTRAORDINARY", _("Sinh hoạt bất thường")


class MeetingStatus(models.TextChoices):
    PLANNED = "PLANNED", _("Đã lên lịch")
    HELD = "HELD", _("Đã tổ chức")
    CANCELLED = "CANCELLED", _("Đã hủy")


class MeetingSchedule(models.Model):
    """A cell's recurring meeting: the n-th weekday of each month at a time ("thứ Năm tuần thứ 3, 19:30").

    `week` 1–4 is the n-th such weekday, 5 the last one of the month. A day that is a public holiday moves to the
    next working day (sotay.rules.calendar).
    """

    organization = models.ForeignKey(
        "orgs.Organization", verbose_name=_("tổ chức"), on_delete=models.PROTECT, related_name="meeting_schedules"
    )
    kind = models.CharField(_("loại"), max_length=16, choices=MeetingKind.choices, default=MeetingKind.REGULAR)
    week = models.PositiveSmallIntegerField(
        _("tuần"),
        choices=[(1, _("thứ nhất")), (2, _("thứ hai")), (3, _("thứ ba")), (4, _("thứ tư")), (5, _("cuối cùng"))],
    )
    weekday = models.PositiveSmallIntegerField(
        _("thứ"),
        choices=[
            (0, _("Thứ Hai")),
            (1, _("Thứ Ba")),
            (2, _("Thứ Tư")),
            (3, _("Thứ Năm")),
            (4, _("Thứ Sáu")),
            (5, _("Thứ Bảy")),
            (6, _("Chủ nhật")),
        ],
    )
    start_time = models.TimeField(_("giờ bắt đầu"))
    duration_minutes = models.PositiveSmallIntegerField(_("thời lượng (phút)"), default=120)
    place = models.CharField(_("địa điểm"), max_length=255, blank=True)
    is_active = models.BooleanField(_("đang áp dụng"), default=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("lịch sinh hoạt định kỳ")
        verbose_name_plural = _("lịch sinh hoạt định kỳ")
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "kind"], condition=Q(is_active=True), name="one_active_schedule_per_kind"
            )
        ]

    def __str__(self) -> str:
        return f"{self.organization} — {self.get_weekday_display()} {self.get_week_display()}, {self.start_time:%H:%M}"


class CellMeeting(models.Model):
    organization = models.ForeignKey(
        "orgs.Organization", verbose_name=_("tổ chức"), on_delete=models.PROTECT, related_name="meetings"
    )
    kind = models.CharField(_("loại"), max_length=16, choices=MeetingKind.choices, default=MeetingKind.REGULAR)
    title = models.CharField(_("nội dung chính"), max_length=255, blank=True)
    schedule = models.ForeignKey(MeetingSchedule, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    month = models.DateField(_("tháng"), help_text=_("Ngày đầu của tháng sinh hoạt."), db_index=True)
    starts_at = models.DateTimeField(_("thời gian"), db_index=True)
    duration_minutes = models.PositiveSmallIntegerField(_("thời lượng (phút)"), default=120)
    place = models.CharField(_("địa điểm"), max_length=255, blank=True)
    status = models.CharField(
        _("tình trạng"), max_length=10, choices=MeetingStatus.choices, default=MeetingStatus.PLANNED
    )
    status_reason = models.CharField(_("lý do dời, hủy"), max_length=255, blank=True)
    moved_from = models.DateTimeField(_("thời gian ban đầu"), null=True, blank=True)
    chair = models.ForeignKey(
        "members.Member", verbose_name=_("chủ trì"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    recorder = models.ForeignKey(
        "members.Member", verbose_name=_("thư ký"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    invitations_sent_at = models.DateTimeField(null=True, blank=True)
    reminder_sent_at = models.DateTimeField(null=True, blank=True)
    # Check-in: a nonce per open session; closing clears it, so every code shown during the session stops working.
    checkin_nonce = models.CharField(max_length=32, blank=True)
    checkin_opened_at = models.DateTimeField(null=True, blank=True)
    checkin_closed_at = models.DateTimeField(null=True, blank=True)
    latitude = models.FloatField(_("vĩ độ"), null=True, blank=True)
    longitude = models.FloatField(_("kinh độ"), null=True, blank=True)
    location_check = models.BooleanField(_("kiểm tra vị trí khi điểm danh"), default=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("buổi sinh hoạt")
        verbose_name_plural = _("buổi sinh hoạt")
        ordering = ["-starts_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["schedule", "month"], condition=Q(schedule__isnull=False), name="one_instance_per_month"
            )
        ]

    def __str__(self) -> str:
        local = timezone.localtime(self.starts_at)
        return f"{self.get_kind_display()} {self.organization.name} {local:%d/%m/%Y %H:%M}"

    @property
    def ends_at(self) -> dt.datetime:
        return self.starts_at + dt.timedelta(minutes=self.duration_minutes)

    @property
    def checkin_is_open(self) -> bool:
        return bool(self.checkin_nonce)

    @property
    def is_cancelled(self) -> bool:
        return self.status == MeetingStatus.CANCELLED


class AgendaKind(models.TextChoices):
    DUES = "DUES", _("Thu đảng phí")
    ATTENDANCE = "ATTENDANCE", _("Báo cáo tình hình đảng viên dự họp")
    APPROVE_AGENDA = "APPROVE_AGENDA", _("Thông qua chương trình, cử thư ký")
    CURRENT_AFFAIRS = "CURRENT_AFFAIRS", _("Thông tin thời sự, chủ trương mới")
    THINKING = "THINKING", _("Tình hình tư tưởng đảng viên, quần chúng")
    REVIEW = "REVIEW", _("Kiểm điểm nhiệm vụ tháng trước")
    HCM_STUDY = "HCM_STUDY", _("Học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh")
    NEXT_TASKS = "NEXT_TASKS", _("Nhiệm vụ tháng tới")
    VOTE = "VOTE", _("Biểu quyết kết luận, nghị quyết")
    ADMISSIONS = "ADMISSIONS", _("Xem xét quần chúng ưu tú, kết nạp, chuyển chính thức")
    SCORE = "SCORE", _("Chấm điểm buổi sinh hoạt")
    APPROVE_MINUTES = "APPROVE_MINUTES", _("Thông qua biên bản")
    THEMATIC = "THEMATIC", _("Nội dung chuyên đề")
    OTHER = "OTHER", _("Nội dung khác")


class AgendaTemplateItem(models.Model):
    """The default agenda of a kind of meeting (docs/rules/meetings.md#trình-tự-buổi-sinh-hoạt's typical order), as
    editable data: each new meeting copies the active rows of its kind; a province edits them in the admin."""

    meeting_kind = models.CharField(_("loại buổi sinh hoạt"), max_length=16, choices=MeetingKind.choices)
    position = models.PositiveSmallIntegerField(_("thứ tự"))
    kind = models.CharField(_("loại nội dung"), max_length=16, choices=AgendaKind.choices)
    title = models.CharField(_("nội dung"), max_length=255)
    is_active = models.BooleanField(_("đang dùng"), default=True)

    class Meta:
        verbose_name = _("chương trình mẫu")
        verbose_name_plural = _("chương trình mẫu")
        ordering = ["meeting_kind", "position"]

    def __str__(self) -> str:
        return f"{self.get_meeting_kind_display()} {self.position}. {self.title}"


class AgendaItem(models.Model):
    meeting = models.ForeignKey(CellMeeting, on_delete=models.CASCADE, related_name="agenda_items")
    position = models.PositiveSmallIntegerField(_("thứ tự"))
    kind = models.CharField(_("loại"), max_length=16, choices=AgendaKind.choices, default=AgendaKind.OTHER)
    title = models.CharField(_("nội dung"), max_length=255)
    presenter = models.CharField(_("người trình bày"), max_length=120, blank=True)
    notes = models.TextField(_("ý kiến thảo luận"), blank=True)
    conclusion = models.TextField(_("kết luận"), blank=True)
    material_url = models.CharField(_("tài liệu (đường dẫn thư viện)"), max_length=500, blank=True)
    material_file = models.FileField(
        _("tài liệu tải lên"),
        upload_to="meetings/materials/",
        storage=PrivateStorage("meetings"),  # served only by meetings:material, after the access check
        blank=True,
    )

    class Meta:
        verbose_name = _("nội dung chương trình")
        verbose_name_plural = _("chương trình sinh hoạt")
        ordering = ["meeting", "position", "pk"]

    def __str__(self) -> str:
        return f"{self.position}. {self.title}"


class Rsvp(models.TextChoices):
    PENDING = "PENDING", _("Chưa trả lời")
    YES = "YES", _("Sẽ dự")
    NO = "NO", _("Không dự được")


class Invitation(models.Model):
    """A giấy mời: to a member of the cell (not exempt) or to a guest from the committee above."""

    meeting = models.ForeignKey(CellMeeting, on_delete=models.CASCADE, related_name="invitations")
    member = models.ForeignKey(
        "members.Member", null=True, blank=True, on_delete=models.PROTECT, related_name="meeting_invitations"
    )
    guest = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    rsvp = models.CharField(_("trả lời"), max_length=8, choices=Rsvp.choices, default=Rsvp.PENDING)
    rsvp_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("giấy mời")
        verbose_name_plural = _("giấy mời")
        constraints = [
            models.UniqueConstraint(fields=["meeting", "member"], name="one_invitation_per_member"),
            models.UniqueConstraint(fields=["meeting", "guest"], name="one_invitation_per_guest"),
        ]

    def __str__(self) -> str:
        return f"{self.meeting} → {self.member or self.guest}"

    @property
    def is_guest(self) -> bool:
        return self.guest_id is not None


class AbsenceStatus(models.TextChoices):
    PENDING = "PENDING", _("Chờ bí thư duyệt")
    APPROVED = "APPROVED", _("Đồng ý")
    REFUSED = "REFUSED", _("Không đồng ý")


class AbsenceRequest(models.Model):
    """Xin vắng: a member's reason for missing a meeting; the secretary approves or refuses."""

    meeting = models.ForeignKey(CellMeeting, on_delete=models.CASCADE, related_name="absence_requests")
    member = models.ForeignKey("members.Member", on_delete=models.PROTECT, related_name="absence_requests")
    reason = models.CharField(_("lý do"), max_length=500)
    status = models.CharField(_("tình trạng"), max_length=10, choices=AbsenceStatus.choices, default="PENDING")
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_note = models.CharField(_("ghi chú của bí thư"), max_length=255, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("đơn xin vắng")
        verbose_name_plural = _("đơn xin vắng")
        constraints = [models.UniqueConstraint(fields=["meeting", "member"], name="one_absence_request_per_member")]

    def __str__(self) -> str:
        return f"{self.member} — {self.reason}"


class AttendanceStatus(models.TextChoices):
    PRESENT = "PRESENT", _("Có mặt")
    ABSENT_EXCUSED = "ABSENT_EXCUSED", _("Vắng có lý do")
    ABSENT_UNEXCUSED = "ABSENT_UNEXCUSED", _("Vắng không lý do")
    EXEMPT = "EXEMPT", _("Miễn sinh hoạt")


class CheckinMethod(models.TextChoices):
    QR = "QR", _("Quét mã QR")
    MANUAL = "MANUAL", _("Bí thư ghi nhận")
    AUTO = "AUTO", _("Tự động khi kết thúc điểm danh")


class Attendance(models.Model):
    """Điểm danh. `is_exempt`: the member was exempt (miễn sinh hoạt) on the day — counted apart from the members
    expected to attend (docs/rules/meetings.md#báo-cáo-số-lượng-dự-họp: total, present, exempt, absent with reasons); an
    exempt member who comes is PRESENT and still `is_exempt`."""

    meeting = models.ForeignKey(CellMeeting, on_delete=models.CASCADE, related_name="attendances")
    member = models.ForeignKey("members.Member", on_delete=models.PROTECT, related_name="attendances")
    status = models.CharField(_("điểm danh"), max_length=16, choices=AttendanceStatus.choices)
    is_exempt = models.BooleanField(_("miễn sinh hoạt"), default=False)
    is_guest = models.BooleanField(_("khách mời"), default=False)
    method = models.CharField(max_length=8, choices=CheckinMethod.choices, default=CheckinMethod.MANUAL)
    checked_in_at = models.DateTimeField(_("giờ có mặt"), null=True, blank=True)
    late = models.BooleanField(_("đến muộn"), default=False)
    left_early = models.BooleanField(_("về sớm"), default=False)
    note = models.CharField(_("ghi chú"), max_length=255, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("điểm danh")
        verbose_name_plural = _("điểm danh")
        constraints = [models.UniqueConstraint(fields=["meeting", "member"], name="one_attendance_per_member")]

    def __str__(self) -> str:
        return f"{self.member} — {self.get_status_display()}"


class Minutes(models.Model):
    """Biên bản. Finalised minutes change only after an explicit, audited reopen."""

    meeting = models.OneToOneField(CellMeeting, on_delete=models.CASCADE, related_name="minutes")
    number = models.CharField(_("số biên bản"), max_length=40, blank=True)
    place_name = models.CharField(_("địa danh ghi ngày tháng"), max_length=120, blank=True)
    opening = models.TextField(_("phần mở đầu"), blank=True)
    conclusions = models.TextField(_("kết luận của chủ trì"), blank=True)
    attendance_summary = models.JSONField(default=dict, blank=True)
    ended_at = models.TimeField(_("giờ kết thúc"), null=True, blank=True)
    is_final = models.BooleanField(_("đã hoàn tất"), default=False)
    approved_at = models.DateTimeField(_("thông qua lúc"), null=True, blank=True)
    approved_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("biên bản")
        verbose_name_plural = _("biên bản")

    def __str__(self) -> str:
        return f"{_('Biên bản')} {self.meeting}"


class MeetingResolution(models.Model):
    """The chi bộ's nghị quyết or kết luận of a meeting; its tasks are ActionItems."""

    meeting = models.OneToOneField(CellMeeting, on_delete=models.CASCADE, related_name="resolution")
    number = models.CharField(_("số nghị quyết"), max_length=40, blank=True)
    title = models.CharField(_("trích yếu"), max_length=255)
    body = models.TextField(_("nội dung"), blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("nghị quyết chi bộ")
        verbose_name_plural = _("nghị quyết chi bộ")

    def __str__(self) -> str:
        return self.title


class ActionItem(models.Model):
    meeting = models.ForeignKey(CellMeeting, on_delete=models.CASCADE, related_name="action_items")
    title = models.CharField(_("nhiệm vụ"), max_length=500)
    owner = models.ForeignKey(
        "members.Member", verbose_name=_("người phụ trách"), on_delete=models.PROTECT, related_name="action_items"
    )
    due_on = models.DateField(_("hạn hoàn thành"))
    done_on = models.DateField(_("ngày hoàn thành"), null=True, blank=True)
    review_note = models.CharField(_("đánh giá khi kiểm điểm"), max_length=500, blank=True)
    reviewed_at = models.ForeignKey(
        CellMeeting, null=True, blank=True, on_delete=models.SET_NULL, related_name="reviewed_action_items"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("nhiệm vụ theo nghị quyết")
        verbose_name_plural = _("nhiệm vụ theo nghị quyết")
        ordering = ["due_on", "pk"]

    def __str__(self) -> str:
        return self.title


class Vote(models.Model):
    """Biểu quyết: counts for / against / abstain; `eligible` = the members who count when it was taken (Điều lệ
    Điều 9 khoản 5; 24-QĐ/TW and 294-QĐ/TW §9.3.2: official members, exempt ones only when attending, without those
    absent with approved leave or attached temporarily elsewhere), `present` = how many of them were present."""

    meeting = models.ForeignKey(CellMeeting, on_delete=models.CASCADE, related_name="votes")
    subject = models.CharField(_("nội dung biểu quyết"), max_length=255)
    votes_for = models.PositiveSmallIntegerField(_("tán thành"))
    votes_against = models.PositiveSmallIntegerField(_("không tán thành"))
    abstentions = models.PositiveSmallIntegerField(_("không biểu quyết"), default=0)
    eligible = models.PositiveSmallIntegerField(_("số đảng viên được tính khi biểu quyết"))
    present = models.PositiveSmallIntegerField(_("số đảng viên được tính có mặt"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("biểu quyết")
        verbose_name_plural = _("biểu quyết")
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.subject

    @property
    def quorum_met(self) -> bool:
        from .quorum import quorum_met

        return quorum_met(self.present, self.eligible)

    @property
    def passed(self) -> bool:
        from .quorum import vote_passes

        return self.quorum_met and vote_passes(self.votes_for, self.eligible)


class ScoreCriterion(models.Model):
    """One line of the commune's scoring sheet (chấm điểm buổi sinh hoạt) — data, editable in the admin."""

    code = models.CharField(_("mã"), max_length=30, unique=True)
    label = models.CharField(_("tiêu chí"), max_length=255)
    max_points = models.PositiveSmallIntegerField(_("điểm tối đa"))
    position = models.PositiveSmallIntegerField(_("thứ tự"), default=0)
    is_active = models.BooleanField(_("đang dùng"), default=True)

    class Meta:
        verbose_name = _("tiêu chí chấm điểm sinh hoạt")
        verbose_name_plural = _("tiêu chí chấm điểm sinh hoạt")
        ordering = ["position", "code"]

    def __str__(self) -> str:
        return self.label


class MeetingScore(models.Model):
    meeting = models.ForeignKey(CellMeeting, on_delete=models.CASCADE, related_name="scores")
    criterion = models.ForeignKey(ScoreCriterion, on_delete=models.PROTECT, related_name="+")
    points = models.PositiveSmallIntegerField(_("điểm"))

    class Meta:
        verbose_name = _("điểm tự chấm")
        verbose_name_plural = _("điểm tự chấm")
        constraints = [models.UniqueConstraint(fields=["meeting", "criterion"], name="one_score_per_criterion")]

    def __str__(self) -> str:
        return f"{self.criterion}: {self.points}"


class MissedMeetingAlert(models.Model):
    """A cell that held no regular meeting in a month, reported once to the committee above."""

    organization = models.ForeignKey("orgs.Organization", on_delete=models.PROTECT, related_name="+")
    month = models.DateField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["organization", "month"], name="one_missed_alert_per_month")]

    def __str__(self) -> str:
        return f"{self.organization} {self.month:%m/%Y}"


def _feed_token() -> str:
    return secrets.token_urlsafe(24)


class CalendarFeed(models.Model):
    """The secret of a user's personal iCalendar feed; resetting it makes the old URL stop working."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="meeting_feed")
    token = models.CharField(max_length=64, unique=True, default=_feed_token)
    created_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"iCalendar {self.user}"
