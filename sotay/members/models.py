"""The member registry: QĐ 339 summary fields and the Mẫu 7-HSĐV register columns, with full history."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from vietnam_provinces import Province, ProvinceCode, Ward, WardCode

from sotay.lib.dates import add_months, age_in_years

from .choices import (
    ETHNIC_GROUPS,
    ETHNICITY_NAMES,
    ExitKind,
    Gender,
    GeneralEducation,
    MemberStatus,
    PoliticalTheory,
    ProfessionalEducation,
    Religion,
    ServiceBackground,
)
from .querysets import MemberQuerySet


def _unit_name(province_code: int | None, ward_code: int | None) -> str:
    parts = []
    if ward_code:
        try:
            parts.append(Ward.from_code(WardCode(ward_code)).name)
        except ValueError:
            pass
    if province_code:
        try:
            parts.append(Province.from_code(ProvinceCode(province_code)).name)
        except ValueError:
            pass
    return ", ".join(parts)


class Member(models.Model):
    # Identity (QĐ 339 summary; 7-HSĐV columns 2-4)
    full_name = models.CharField(_("họ và tên"), max_length=120)
    birth_name = models.CharField(_("họ tên khai sinh"), max_length=120, blank=True)
    name_folded = models.CharField(max_length=120, db_index=True, editable=False)
    name_sort_key = models.CharField(max_length=400, db_index=True, editable=False)
    birth_on = models.DateField(_("ngày sinh"))
    gender = models.CharField(_("giới tính"), max_length=1, choices=Gender.choices)
    ethnicity = models.CharField(_("dân tộc"), max_length=2, choices=ETHNIC_GROUPS, default="01")
    religion = models.CharField(_("tôn giáo"), max_length=12, choices=Religion.choices, default=Religion.NONE)
    hometown_text = models.CharField(
        _("quê quán (theo hồ sơ)"),
        max_length=255,
        blank=True,
        help_text=_("Như ghi trong lý lịch, kể cả tên đơn vị hành chính cũ."),
    )
    hometown_province_code = models.PositiveIntegerField(_("quê quán: tỉnh"), null=True, blank=True)
    hometown_ward_code = models.PositiveIntegerField(_("quê quán: xã, phường"), null=True, blank=True)
    residence_province_code = models.PositiveIntegerField(_("nơi cư trú: tỉnh"), null=True, blank=True)
    residence_ward_code = models.PositiveIntegerField(_("nơi cư trú: xã, phường"), null=True, blank=True)
    residence_address = models.CharField(_("nơi cư trú: địa chỉ"), max_length=255, blank=True)
    # Education and work (columns 5-6, 9)
    general_education = models.CharField(
        _("giáo dục phổ thông"), max_length=16, choices=GeneralEducation.choices, blank=True
    )
    professional_education = models.CharField(
        _("chuyên môn nghiệp vụ"), max_length=12, choices=ProfessionalEducation.choices, blank=True
    )
    political_theory = models.CharField(
        _("lý luận chính trị"), max_length=12, choices=PoliticalTheory.choices, blank=True
    )
    foreign_language = models.CharField(_("ngoại ngữ"), max_length=100, blank=True)
    occupation_before = models.CharField(_("nghề nghiệp khi vào Đảng"), max_length=120, blank=True)
    occupation = models.CharField(_("nghề nghiệp hiện nay"), max_length=120, blank=True)
    service_background = models.CharField(
        _("bộ đội, công an, hưu trí"), max_length=8, choices=ServiceBackground.choices, blank=True
    )
    # Party record (columns 7-8)
    admission_decision_on = models.DateField(_("ngày quyết định kết nạp"), null=True, blank=True)
    joined_on = models.DateField(_("ngày vào Đảng"), help_text=_("Ngày lễ kết nạp."))
    official_on = models.DateField(_("ngày chính thức"), null=True, blank=True)
    # Where Party age would start if it had run without a break: the decision (or ceremony) date moved later by
    # the days out of activity (PartyAgeGap). Empty when there is no gap; kept by party_age.refresh_party_age_from
    # so that statistics and filters count Party age with gaps in SQL
    # (docs/rules/party-age-and-badges.md#khoảng-không-sinh-hoạt-đảng).
    party_age_from = models.DateField(null=True, blank=True, editable=False)
    card_number = models.CharField(_("số thẻ đảng viên"), max_length=20, null=True, blank=True, unique=True)
    biography_number = models.CharField(_("số lý lịch đảng viên"), max_length=20, null=True, blank=True, unique=True)
    citizen_id = models.CharField(_("số định danh cá nhân (CCCD)"), max_length=12, null=True, blank=True, unique=True)
    phone = models.CharField(_("số điện thoại"), max_length=15, blank=True)
    # Where and what now
    organization = models.ForeignKey(
        "orgs.Organization",
        verbose_name=_("chi bộ đang sinh hoạt"),
        on_delete=models.PROTECT,
        related_name="members",
    )
    status = models.CharField(
        _("trạng thái"),
        max_length=16,
        choices=MemberStatus.choices,
        default=MemberStatus.PROBATIONARY,
        db_index=True,
    )
    exit_kind = models.CharField(_("hình thức ra khỏi Đảng"), max_length=12, choices=ExitKind.choices, blank=True)
    status_changed_on = models.DateField(_("ngày đổi trạng thái"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = MemberQuerySet.as_manager()
    already_created = False  # True on the member a resubmitted creation form finds (services.create_member)

    class Meta:
        verbose_name = _("đảng viên")
        verbose_name_plural = _("đảng viên")
        indexes = [
            models.Index(fields=["organization", "status"]),
            models.Index(fields=["birth_on"]),
            # The day Party age counts from: statistics snapshots look up the members near a band boundary by it.
            models.Index(Coalesce("party_age_from", "admission_decision_on", "joined_on"), name="member_party_since"),
        ]

    def __str__(self) -> str:
        return self.full_name

    def set_full_name(self, name: str) -> None:
        """The name in NFC with its keys: folded for search (no diacritics, đ = d) and sorted by given name."""
        from sotay.lib.vntext import fold, name_sort_key, nfc

        self.full_name = nfc(name)
        self.name_folded = fold(self.full_name)
        self.name_sort_key = name_sort_key(self.full_name)

    @property
    def ethnicity_name(self) -> str:
        return ETHNICITY_NAMES.get(self.ethnicity, "")

    @property
    def hometown(self) -> str:
        return _unit_name(self.hometown_province_code, self.hometown_ward_code)

    @property
    def residence(self) -> str:
        unit = _unit_name(self.residence_province_code, self.residence_ward_code)
        return ", ".join(p for p in (self.residence_address, unit) if p)

    @property
    def probation_ends_on(self) -> dt.date:
        from sotay.rules.registry import rule_value

        return add_months(self.joined_on, rule_value("probation_months", self.joined_on))

    def age(self, on: dt.date | None = None) -> int:
        return age_in_years(self.birth_on, on or timezone.localdate())

    def party_age(self, on: dt.date | None = None) -> int:
        """Completed years of Party age (docs/rules/party-age-and-badges.md#tuổi-đảng): since the admission decision (or
        the ceremony when the decision date is unknown), minus the recorded periods out of Party activity
        (`PartyAgeGap`)."""
        from .party_age import party_age

        return party_age(self, on or timezone.localdate()).years

    @property
    def masked_citizen_id(self) -> str:
        return f"{self.citizen_id[:3]}******{self.citizen_id[-3:]}" if self.citizen_id else ""

    @property
    def masked_phone(self) -> str:
        return f"{self.phone[:3]}****{self.phone[-3:]}" if len(self.phone) >= 7 else self.phone


class MemberChange(models.Model):
    """One change to a member: who, when, what changed (field: [old, new]) and on which decision."""

    class Kind(models.TextChoices):
        CREATE = "CREATE", _("Tạo hồ sơ")
        UPDATE = "UPDATE", _("Sửa thông tin")
        STATUS = "STATUS", _("Đổi trạng thái")
        TRANSFER = "TRANSFER", _("Chuyển sinh hoạt")
        GAP = "GAP", _("Thời gian không tính tuổi đảng")
        BADGE = "BADGE", _("Tặng Huy hiệu Đảng")
        LETTER = "LETTER", _("Giấy giới thiệu sinh hoạt đảng")

    member = models.ForeignKey(Member, on_delete=models.PROTECT, related_name="changes")
    at = models.DateTimeField(default=timezone.now, db_index=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    changes = models.JSONField(default=dict)
    decision_number = models.CharField(_("số quyết định"), max_length=60, blank=True)
    decision_on = models.DateField(_("ngày quyết định"), null=True, blank=True)
    # Where the change came from when not from a person at a form, e.g. "import:12" (an import batch). Looked up
    # by equality only: a plain index (Meta), without the second "_like" index `db_index` adds on PostgreSQL.
    source = models.CharField(max_length=40, blank=True)
    reorganization = models.ForeignKey(
        "orgs.Reorganization", null=True, blank=True, on_delete=models.PROTECT, related_name="member_changes"
    )

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["source"], name="member_change_source")]
        verbose_name = _("lịch sử thay đổi")
        verbose_name_plural = _("lịch sử thay đổi")

    def __str__(self) -> str:
        return f"{self.member} — {self.get_kind_display()} ({self.at:%d/%m/%Y})"


class MemberPeriod(models.Model):
    """Where a member belonged and with which status during [valid_from, valid_to).

    Written by every service that changes a member's cell or status, so counts can be reproduced as of any date
    and the increase–decrease (tăng giảm) of a period can be read off the boundaries.
    """

    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="periods")
    # No index of its own: the (organization, valid_from) index below serves every lookup by organisation.
    organization = models.ForeignKey(
        "orgs.Organization", on_delete=models.PROTECT, related_name="member_periods", db_index=False
    )
    status = models.CharField(max_length=16, choices=MemberStatus.choices)
    valid_from = models.DateField()
    valid_to = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["member_id", "valid_from", "id"]
        indexes = [
            models.Index(fields=["organization", "valid_from"]),
            models.Index(fields=["organization", "valid_to"]),  # past-day statistics (members/stats.py)
            models.Index(fields=["valid_from"]),
            models.Index(fields=["valid_to"]),
        ]

    def __str__(self) -> str:
        return f"{self.member_id} {self.status} {self.valid_from}–{self.valid_to or ''}"


class PartyAgeGap(models.Model):
    """A period not in Party activity, left out of Party age
    (docs/rules/party-age-and-badges.md#khoảng-không-sinh-hoạt-đảng). Both days count as gap days.

    Not a gap: the time after an expulsion later found wrongful (Party age is continuous). A struck-off member who
    is admitted again starts a new admission instead.
    """

    member = models.ForeignKey(Member, on_delete=models.PROTECT, related_name="party_age_gaps")
    start_on = models.DateField(_("từ ngày"))
    end_on = models.DateField(_("đến ngày"))
    reason = models.CharField(_("lý do"), max_length=255)
    decision_number = models.CharField(_("số quyết định"), max_length=60, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["member_id", "start_on"]
        verbose_name = _("thời gian không tính tuổi đảng")
        verbose_name_plural = _("thời gian không tính tuổi đảng")
        constraints = [
            models.CheckConstraint(condition=models.Q(end_on__gte=models.F("start_on")), name="gap_ends_after_start")
        ]

    def __str__(self) -> str:
        return f"{self.member} — {self.start_on:%d/%m/%Y}–{self.end_on:%d/%m/%Y}"

    @property
    def days(self) -> int:
        return (self.end_on - self.start_on).days + 1


class Badge(models.Model):
    """A Party badge (Huy hiệu Đảng) for N years of Party age (docs/rules/party-age-and-badges.md#mốc-huy-hiệu-đảng);
    one per member and milestone."""

    member = models.ForeignKey(Member, on_delete=models.PROTECT, related_name="badges")
    years = models.PositiveSmallIntegerField(_("số năm tuổi đảng"))
    # The badge number is a column of Mẫu 7-HSĐV; unknown format, so text. Empty until the badge is awarded.
    badge_number = models.CharField(_("số Huy hiệu"), max_length=30, null=True, blank=True, unique=True)
    awarded_on = models.DateField(_("ngày tặng"))
    occasion = models.CharField(_("đợt tặng"), max_length=120, blank=True)
    is_early = models.BooleanField(_("tặng sớm"), default=False)
    is_posthumous = models.BooleanField(_("truy tặng"), default=False)
    decision_number = models.CharField(_("số quyết định"), max_length=60, blank=True)
    # The rule version the award was checked against (docs/rules/README.md#phiên-bản-theo-ngày-hiệu-lực).
    rule_reference = models.CharField(_("căn cứ"), max_length=120, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["member_id", "years"]
        verbose_name = _("Huy hiệu Đảng")
        verbose_name_plural = _("Huy hiệu Đảng")
        constraints = [models.UniqueConstraint(fields=["member", "years"], name="one_badge_per_milestone")]
        indexes = [models.Index(fields=["awarded_on"])]

    def __str__(self) -> str:
        return f"{self.member} — {self.years} năm"


class Transfer(models.Model):
    """A transfer of Party activity (chuyển sinh hoạt đảng, docs/rules/transfers.md#chuyển-sinh-hoạt-chính-thức;
    294-QĐ/TW §6.3.1) and its letter.

    Within the province the member stays in the old cell until the receiving cell records arrival. `to_org` is empty
    when the member leaves the province; `destination_text` then says where to.
    """

    class Kind(models.TextChoices):
        OFFICIAL = "OFFICIAL", _("Chính thức")
        TEMPORARY = "TEMPORARY", _("Tạm thời")

    class Status(models.TextChoices):
        OPEN = "OPEN", _("Đang chuyển")
        RECEIVED = "RECEIVED", _("Đã đến")
        CANCELLED = "CANCELLED", _("Đã hủy")

    member = models.ForeignKey(Member, on_delete=models.PROTECT, related_name="transfers")
    kind = models.CharField(_("loại"), max_length=10, choices=Kind.choices, default=Kind.OFFICIAL)
    from_org = models.ForeignKey(
        "orgs.Organization", on_delete=models.PROTECT, related_name="transfers_out", verbose_name=_("nơi chuyển đi")
    )
    to_org = models.ForeignKey(
        "orgs.Organization",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="transfers_in",
        verbose_name=_("chi bộ chuyển đến"),
    )
    destination_text = models.CharField(_("nơi chuyển đến (ngoài tỉnh)"), max_length=255, blank=True)
    letter_number = models.CharField(_("số giấy giới thiệu"), max_length=60)
    issued_on = models.DateField(_("ngày cấp giấy giới thiệu"))
    issuing_body = models.CharField(_("cơ quan cấp giấy"), max_length=255, blank=True)
    decided_on = models.DateField(
        _("ngày quyết định hoặc chuyển nơi ở"), help_text=_("Ngày bắt đầu tính hạn 60 ngày làm việc.")
    )
    start_due_on = models.DateField(_("hạn chuyển sinh hoạt"), editable=False)
    present_due_on = models.DateField(_("hạn nộp giấy giới thiệu"), editable=False)
    received_on = models.DateField(_("ngày đến"), null=True, blank=True)
    received_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    status = models.CharField(_("tình trạng"), max_length=10, choices=Status.choices, default=Status.OPEN)
    note = models.TextField(_("ghi chú"), blank=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["-issued_on", "-id"]
        verbose_name = _("chuyển sinh hoạt đảng")
        verbose_name_plural = _("chuyển sinh hoạt đảng")
        constraints = [
            models.UniqueConstraint(
                fields=["member"], condition=models.Q(status="OPEN"), name="one_open_transfer_per_member"
            )
        ]

    def __str__(self) -> str:
        return f"{self.member} — {self.letter_number} ({self.issued_on:%d/%m/%Y})"

    @property
    def destination(self) -> str:
        return self.to_org.name if self.to_org is not None else self.destination_text

    @property
    def due_on(self) -> dt.date:
        """The earliest deadline still binding: presenting the letter, and for an official transfer the 60 days."""
        if self.kind == self.Kind.OFFICIAL:
            return min(self.present_due_on, self.start_due_on)
        return self.present_due_on


class TemporaryAttachment(models.Model):
    """A member temporarily active in a host cell (sinh hoạt tạm thời); the home record stays where it is."""

    member = models.ForeignKey(Member, on_delete=models.PROTECT, related_name="temporary_attachments")
    host = models.ForeignKey(
        "orgs.Organization", on_delete=models.PROTECT, related_name="temporary_members", verbose_name=_("chi bộ")
    )
    transfer = models.OneToOneField(Transfer, on_delete=models.PROTECT, related_name="attachment")
    valid_from = models.DateField(_("từ ngày"))
    valid_to = models.DateField(_("đến ngày"), null=True, blank=True)

    class Meta:
        ordering = ["-valid_from", "-id"]
        verbose_name = _("sinh hoạt tạm thời")
        verbose_name_plural = _("sinh hoạt tạm thời")

    def __str__(self) -> str:
        return f"{self.member} @ {self.host} ({self.valid_from:%d/%m/%Y})"


class FileLoan(models.Model):
    """The log of handing over and lending member files (sổ giao nhận, cho mượn hồ sơ đảng viên;
    docs/rules/registers.md#sổ-giao-nhận-và-cho-mượn-hồ-sơ).

    Entries are never deleted: a return is recorded on the entry, the rest stays as it was written.
    """

    class Kind(models.TextChoices):
        LOAN = "LOAN", _("Cho mượn")
        HANDOVER = "HANDOVER", _("Bàn giao")

    member = models.ForeignKey(Member, on_delete=models.PROTECT, related_name="file_loans")
    organization = models.ForeignKey(
        "orgs.Organization", on_delete=models.PROTECT, related_name="file_loans", verbose_name=_("nơi giữ hồ sơ")
    )
    kind = models.CharField(_("loại"), max_length=10, choices=Kind.choices, default=Kind.LOAN)
    borrower = models.CharField(_("người nhận"), max_length=120)
    borrower_unit = models.CharField(_("đơn vị người nhận"), max_length=200, blank=True)
    purpose = models.CharField(_("mục đích"), max_length=255)
    documents = models.CharField(
        _("tài liệu giao"), max_length=255, help_text=_("Ví dụ: lý lịch đảng viên, phiếu bổ sung.")
    )
    lent_on = models.DateField(_("ngày giao"))
    due_on = models.DateField(_("hẹn trả"), null=True, blank=True)
    returned_on = models.DateField(_("ngày trả"), null=True, blank=True)
    lent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    returned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["-lent_on", "-pk"]
        verbose_name = _("giao nhận, cho mượn hồ sơ")
        verbose_name_plural = _("sổ giao nhận, cho mượn hồ sơ")

    def __str__(self) -> str:
        return f"{self.member} → {self.borrower} ({self.lent_on:%d/%m/%Y})"

    def is_overdue(self, on: dt.date) -> bool:
        return self.returned_on is None and self.due_on is not None and self.due_on < on


class StatCount(models.Model):
    """How many members below an organisation (its subtree without itself: its own members are counted when read)
    have one value of one statistics dimension (docs/decisions/0009-statistics-counts.md, 0015).

    `kind` "c" counts the members' current cell and status (today's statistics); "h" counts their open periods
    (`MemberPeriod` without an end) as the difference from "c" (open periods minus members), from which, with "c",
    the statistics of a past day are rebuilt by undoing the periods that began or ended after it. Kept by
    `sotay.members.counts` in the transaction that changes the members.
    """

    # Derived data, rebuilt by `sotay stats-verify --fix`: no constraint in the database (a 100,000-member import adds
    # about 1.4 million rows, each a foreign-key check at commit on PostgreSQL) and no index of its own (the unique
    # constraint's index leads with it); deleting an organisation still deletes its rows (on_delete, in Django).
    organization = models.ForeignKey(
        "orgs.Organization", on_delete=models.CASCADE, related_name="+", db_constraint=False, db_index=False
    )
    kind = models.CharField(max_length=1)
    dim = models.CharField(max_length=1)
    value = models.CharField(max_length=16, blank=True)
    n = models.IntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["organization", "kind", "dim", "value"], name="one_stat_count_per_value")
        ]

    def __str__(self) -> str:
        return f"{self.organization_id} {self.kind}{self.dim} {self.value}: {self.n}"


class StatSnapshot(models.Model):
    """How many members of an organisation's whole subtree had one value of one statistics dimension on a past day
    (a month end, or a mid-year or year end back to the first period; docs/decisions/0010-statistics-snapshots.md and
    0011-statistics-any-past-day.md).

    Counted like `StatCount` kind "h" on that day, except that birth dates ("b") and Party-age start dates ("p") are
    kept as the index of their band on `day`, or whole when near a band boundary. A row of dimension "#" marks that
    the snapshot exists. Kept by `sotay.members.snapshots` in the transaction that changes the members.
    """

    # As StatCount's: derived data, no constraint or index of its own in the database.
    organization = models.ForeignKey(
        "orgs.Organization", on_delete=models.CASCADE, related_name="+", db_constraint=False, db_index=False
    )
    day = models.DateField()
    dim = models.CharField(max_length=1)
    value = models.CharField(max_length=16, blank=True)
    n = models.IntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["organization", "day", "dim", "value"], name="one_stat_snapshot_per_value")
        ]
        # The days an organisation has a snapshot, without reading its other rows (a few thousand per day).
        indexes = [
            models.Index(fields=["organization", "day"], condition=models.Q(dim="#"), name="stat_snapshot_marks")
        ]

    def __str__(self) -> str:
        return f"{self.organization_id} {self.day} {self.dim} {self.value}: {self.n}"
