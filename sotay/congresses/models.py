"""Congresses (đại hội) of each organisation, the plan they follow, and the elections held at them.

A `CongressPlan` is data: its steps carry a code, a title, the responsible level, a due date (relative to the
congress date or fixed) and the document they produce. Each `Congress` tracks its own progress on the plan's steps.
An `Election` belongs to a congress (or to a committee meeting, with only an organisation); its rounds are all
kept, each with its own candidate list, counts and result (computed by `tally.py`).
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sotay.core.uploads import PrivateStorage
from sotay.lib.vntext import name_sort_key, nfc

from . import tally


class CongressKind(models.TextChoices):
    MEMBERS = tally.MEMBERS, _("Đại hội đảng viên")
    DELEGATES = tally.DELEGATES, _("Đại hội đại biểu")


class Responsible(models.TextChoices):
    ORGANIZATION = "ORGANIZATION", _("Cấp ủy tổ chức đại hội")
    SUPERIOR = "SUPERIOR", _("Cấp ủy cấp trên")


class CongressPlan(models.Model):
    """A plan issued by a committee for the congresses of its subtree in one term."""

    organization = models.ForeignKey("orgs.Organization", on_delete=models.PROTECT, related_name="congress_plans")
    title = models.CharField(_("tên kế hoạch"), max_length=255)
    term_label = models.CharField(_("nhiệm kỳ"), max_length=20)  # "2025–2030"
    directive = models.CharField(_("căn cứ"), max_length=120, blank=True)  # "Chỉ thị 45-CT/TW"
    # Which organisations it covers: cells only, grassroots committees, communes… (blank = every kind).
    target_kinds = models.JSONField(_("loại tổ chức"), default=list, blank=True)
    # Members' congress below this many members summoned; delegates' congress from it (configurable, cần đối chiếu).
    delegates_from = models.PositiveIntegerField(_("đại hội đại biểu từ số đảng viên"), default=300)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("kế hoạch đại hội")
        verbose_name_plural = _("kế hoạch đại hội")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.title


class PlanStep(models.Model):
    plan = models.ForeignKey(CongressPlan, on_delete=models.CASCADE, related_name="steps")
    order = models.PositiveSmallIntegerField(_("thứ tự"))
    code = models.CharField(_("mã bước"), max_length=20)
    title = models.CharField(_("nội dung"), max_length=300)
    responsible = models.CharField(_("cấp thực hiện"), max_length=16, choices=Responsible.choices)
    # Days relative to the congress date (negative = before it); or a fixed date; or neither (staff set it).
    offset_days = models.IntegerField(_("số ngày so với ngày đại hội"), null=True, blank=True)
    fixed_due_on = models.DateField(_("hạn cố định"), null=True, blank=True)
    produces = models.CharField(_("văn bản tạo ra"), max_length=200, blank=True)

    class Meta:
        ordering = ["plan", "order"]
        constraints = [models.UniqueConstraint(fields=["plan", "code"], name="unique_plan_step_code")]

    def __str__(self) -> str:
        return f"{self.code}. {self.title}"

    @property
    def organization(self):
        return self.plan.organization

    def due_on(self, congress_on: dt.date | None) -> dt.date | None:
        if self.fixed_due_on:
            return self.fixed_due_on
        if self.offset_days is not None and congress_on is not None:
            return congress_on + dt.timedelta(days=self.offset_days)
        return None


class CongressQuerySet(models.QuerySet):
    def in_subtree(self, org):
        from sotay.orgs.models import subtree_filter

        return self.filter(subtree_filter(org.path, "organization__path"))


class Congress(models.Model):
    organization = models.ForeignKey("orgs.Organization", on_delete=models.PROTECT, related_name="congresses")
    plan = models.ForeignKey(CongressPlan, null=True, blank=True, on_delete=models.PROTECT, related_name="congresses")
    kind = models.CharField(_("hình thức"), max_length=10, choices=CongressKind.choices, default=CongressKind.MEMBERS)
    term_label = models.CharField(_("nhiệm kỳ"), max_length=20)
    sequence_number = models.PositiveSmallIntegerField(_("lần thứ"), null=True, blank=True)
    planned_on = models.DateField(_("ngày dự kiến"), null=True, blank=True)
    held_on = models.DateField(_("ngày tổ chức"), null=True, blank=True)
    summoned = models.PositiveIntegerField(_("số đảng viên (đại biểu) được triệu tập"), default=0)
    # Personnel plan for the new committee.
    reference_on = models.DateField(_("mốc tính tuổi"), null=True, blank=True)
    committee_size = models.PositiveSmallIntegerField(_("số lượng cấp ủy viên"), default=0)
    standing_size = models.PositiveSmallIntegerField(_("số lượng ban thường vụ"), default=0)
    deputy_secretaries = models.PositiveSmallIntegerField(_("số phó bí thư"), default=0)
    # Structure targets as percentages of the committee ({"women": 15, "under_40": 10, "ethnic": null,
    # "reelected": null}); 45-CT/TW's figures were not found (cần đối chiếu), so only under-40 has a default.
    targets = models.JSONField(_("chỉ tiêu cơ cấu"), default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = CongressQuerySet.as_manager()

    class Meta:
        verbose_name = _("đại hội")
        verbose_name_plural = _("đại hội")
        ordering = ["organization__path", "-planned_on"]

    def __str__(self) -> str:
        return f"Đại hội {self.organization.name} nhiệm kỳ {self.term_label}"

    @property
    def date(self) -> dt.date | None:
        return self.held_on or self.planned_on

    @property
    def is_held(self) -> bool:
        return self.held_on is not None


class StepStatus(models.TextChoices):
    NOT_STARTED = "NOT_STARTED", _("Chưa thực hiện")
    IN_PROGRESS = "IN_PROGRESS", _("Đang thực hiện")
    DONE = "DONE", _("Đã xong")


class StepProgress(models.Model):
    congress = models.ForeignKey(Congress, on_delete=models.CASCADE, related_name="progress")
    step = models.ForeignKey(PlanStep, on_delete=models.PROTECT, related_name="progress")
    status = models.CharField(
        _("tình trạng"), max_length=12, choices=StepStatus.choices, default=StepStatus.NOT_STARTED
    )
    done_on = models.DateField(_("ngày xong"), null=True, blank=True)
    due_on = models.DateField(_("hạn"), null=True, blank=True)  # overrides the plan's when set
    document = models.FileField(
        _("văn bản"), upload_to="congresses/", storage=PrivateStorage("congresses"), blank=True, max_length=300
    )
    document_name = models.CharField(max_length=200, blank=True)
    note = models.CharField(_("ghi chú"), max_length=300, blank=True)
    late_reminded_on = models.DateField(null=True, blank=True)  # the late flag is sent once

    class Meta:
        ordering = ["congress", "step__order"]
        constraints = [models.UniqueConstraint(fields=["congress", "step"], name="unique_congress_step")]

    def __str__(self) -> str:
        return f"{self.congress} — {self.step}"

    @property
    def organization(self):
        return self.congress.organization

    def deadline(self) -> dt.date | None:
        return self.due_on or self.step.due_on(self.congress.date)

    def is_late(self, today: dt.date | None = None) -> bool:
        today = today or timezone.localdate()
        due = self.deadline()
        return self.status != StepStatus.DONE and due is not None and due < today


class Body(models.TextChoices):
    COMMITTEE = "COMMITTEE", _("Ban chấp hành (cấp ủy)")
    STANDING = "STANDING", _("Ban thường vụ")
    SECRETARY = "SECRETARY", _("Bí thư")
    DEPUTY = "DEPUTY", _("Phó bí thư")
    INSPECTION = "INSPECTION", _("Ủy ban kiểm tra")
    DELEGATES = "DELEGATES", _("Đại biểu dự đại hội cấp trên")


# Bodies whose list must carry a surplus (190-QĐ/TW Điều 14: cấp ủy and ban thường vụ).
SURPLUS_BODIES = {Body.COMMITTEE, Body.STANDING}


class Method(models.TextChoices):
    SECRET = "SECRET", _("Bỏ phiếu kín")
    POLL = "POLL", _("Lấy phiếu giới thiệu (thăm dò)")


class ElectionStatus(models.TextChoices):
    OPEN = "OPEN", _("Đang bầu")
    DONE = "DONE", _("Đã có kết quả")
    APPROVED = "APPROVED", _("Đã chuẩn y")


class Election(models.Model):
    organization = models.ForeignKey("orgs.Organization", on_delete=models.PROTECT, related_name="elections")
    congress = models.ForeignKey(Congress, null=True, blank=True, on_delete=models.PROTECT, related_name="elections")
    body = models.CharField(_("bầu"), max_length=12, choices=Body.choices)
    method = models.CharField(_("hình thức"), max_length=8, choices=Method.choices, default=Method.SECRET)
    seats = models.PositiveSmallIntegerField(_("số lượng cần bầu"))
    kind = models.CharField(
        _("loại đại hội"), max_length=10, choices=CongressKind.choices, default=CongressKind.MEMBERS
    )
    held_on = models.DateField(_("ngày bầu"))
    status = models.CharField(max_length=10, choices=ElectionStatus.choices, default=ElectionStatus.OPEN)
    # Counting committee (ban kiểm phiếu), names in order, the head first; they sign the minutes.
    counting_committee = models.JSONField(_("ban kiểm phiếu"), default=list, blank=True)
    approved_on = models.DateField(_("ngày chuẩn y"), null=True, blank=True)
    approval_decision = models.CharField(_("quyết định chuẩn y"), max_length=120, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    term_starts_on = models.DateField(_("nhiệm kỳ bắt đầu"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("cuộc bầu cử")
        verbose_name_plural = _("cuộc bầu cử")
        ordering = ["-held_on", "pk"]

    def __str__(self) -> str:
        return f"Bầu {self.get_body_display().lower()} — {self.organization.name}"

    @property
    def surplus_required(self) -> bool:
        return self.body in SURPLUS_BODIES and self.method == Method.SECRET

    def rules(self) -> tally.ElectionRules:
        return tally.rules_on(self.held_on)


class CandidateSource(models.TextChoices):
    LIST = "LIST", _("Cấp ủy triệu tập giới thiệu")
    FLOOR = "FLOOR", _("Được đề cử tại đại hội")
    SELF = "SELF", _("Tự ứng cử")


class Round(models.Model):
    election = models.ForeignKey(Election, on_delete=models.CASCADE, related_name="rounds")
    number = models.PositiveSmallIntegerField(_("lần bầu"))
    seats = models.PositiveSmallIntegerField(_("số lượng cần bầu ở lần này"))
    summoned = models.PositiveIntegerField(_("số được triệu tập"))
    excluded = models.JSONField(_("các khoản trừ"), default=dict, blank=True)
    present = models.PositiveIntegerField(_("số có mặt"), default=0)
    by_ballot = models.BooleanField(_("kiểm từng phiếu"), default=False)
    issued = models.PositiveIntegerField(_("số phiếu phát ra"), null=True, blank=True)
    returned = models.PositiveIntegerField(_("số phiếu thu vào"), null=True, blank=True)
    valid = models.PositiveIntegerField(_("số phiếu hợp lệ"), null=True, blank=True)
    invalid = models.PositiveIntegerField(_("số phiếu không hợp lệ"), null=True, blank=True)
    result = models.JSONField(default=dict, blank=True)  # tally.Result.as_dict() once counted
    rules_source = models.CharField(max_length=40, blank=True)
    counted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["election", "number"]
        constraints = [models.UniqueConstraint(fields=["election", "number"], name="unique_election_round")]

    def __str__(self) -> str:
        return f"{self.election} — lần {self.number}"

    @property
    def organization(self):
        return self.election.organization

    @property
    def is_counted(self) -> bool:
        return self.counted_at is not None

    def base(self) -> tally.Base:
        return tally.compute_base(self.election.kind, self.summoned, self.excluded)


class Candidate(models.Model):
    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="candidates")
    member = models.ForeignKey("members.Member", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    full_name = models.CharField(_("họ và tên"), max_length=120)
    name_sort_key = models.CharField(max_length=400, editable=False)
    source = models.CharField(_("nguồn"), max_length=8, choices=CandidateSource.choices, default=CandidateSource.LIST)
    approvals = models.PositiveIntegerField(_("số đồng ý đưa vào danh sách"), null=True, blank=True)
    votes = models.PositiveIntegerField(_("số phiếu"), null=True, blank=True)

    class Meta:
        ordering = ["round", "name_sort_key"]
        constraints = [models.UniqueConstraint(fields=["round", "full_name"], name="unique_round_candidate")]

    def __str__(self) -> str:
        return self.full_name

    def save(self, *args, **kwargs):
        self.full_name = nfc(self.full_name).strip()
        self.name_sort_key = name_sort_key(self.full_name)
        super().save(*args, **kwargs)

    @property
    def organization(self):
        return self.round.election.organization


class BallotEntry(models.Model):
    """One ballot entered by the counting committee: the names kept, and whether the committee issued it."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="ballots")
    number = models.PositiveIntegerField()
    kept = models.ManyToManyField(Candidate, related_name="+", blank=True)
    issued = models.BooleanField(default=True)
    valid = models.BooleanField(default=True)
    reason = models.CharField(max_length=200, blank=True)
    entered_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["round", "number"]
        constraints = [models.UniqueConstraint(fields=["round", "number"], name="unique_round_ballot")]

    def __str__(self) -> str:
        return f"Phiếu {self.number}"

    @property
    def organization(self):
        return self.round.election.organization


class HandVote(models.Model):
    """A show-of-hands vote for an organising body of the congress (presidium, secretariat, credentials)."""

    class Organ(models.TextChoices):
        PRESIDIUM = "PRESIDIUM", _("Đoàn chủ tịch")
        SECRETARIAT = "SECRETARIAT", _("Đoàn thư ký")
        CREDENTIALS = "CREDENTIALS", _("Ban thẩm tra tư cách đại biểu")
        COUNTING = "COUNTING", _("Ban kiểm phiếu")

    congress = models.ForeignKey(Congress, on_delete=models.CASCADE, related_name="hand_votes")
    organ = models.CharField(_("cơ quan"), max_length=12, choices=Organ.choices)
    names = models.TextField(_("danh sách"))
    present = models.PositiveIntegerField(_("số có mặt"))
    in_favour = models.PositiveIntegerField(_("tán thành"))
    against = models.PositiveIntegerField(_("không tán thành"), default=0)

    def __str__(self) -> str:
        return self.get_organ_display()

    @property
    def organization(self):
        return self.congress.organization
