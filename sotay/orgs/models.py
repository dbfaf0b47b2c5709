"""The organisation tree (materialised path), its effective-dated history, and role grants."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from treebeard.mp_tree import MP_Node, MP_NodeManager, MP_NodeQuerySet

from sotay.lib.vntext import fold


class OrgKind(models.TextChoices):
    PROVINCIAL_COMMITTEE = "PROVINCIAL_COMMITTEE", _("Đảng bộ tỉnh")
    COMMUNE_COMMITTEE = "COMMUNE_COMMITTEE", _("Đảng bộ xã, phường, đặc khu")
    AGENCY_COMMITTEE = "AGENCY_COMMITTEE", _("Đảng bộ trực thuộc (quyền cấp trên cơ sở)")
    BASE_COMMITTEE = "BASE_COMMITTEE", _("Đảng bộ cơ sở")
    SUB_COMMITTEE = "SUB_COMMITTEE", _("Đảng bộ bộ phận")
    BASE_CELL = "BASE_CELL", _("Chi bộ cơ sở")
    CELL = "CELL", _("Chi bộ trực thuộc")
    PARTY_GROUP = "PARTY_GROUP", _("Tổ đảng")


class CommuneType(models.TextChoices):
    XA = "XA", _("Xã")
    PHUONG = "PHUONG", _("Phường")
    DAC_KHU = "DAC_KHU", _("Đặc khu")


class CellType(models.TextChoices):
    RESIDENTIAL = "RESIDENTIAL", _("Thôn, tổ dân phố")
    AGENCY = "AGENCY", _("Cơ quan")
    ENTERPRISE = "ENTERPRISE", _("Doanh nghiệp")
    SCHOOL = "SCHOOL", _("Trường học")
    HEALTH = "HEALTH", _("Y tế")
    ARMED_FORCES = "ARMED_FORCES", _("Quân đội, công an")
    OTHER = "OTHER", _("Khác")


# Which kinds may sit directly under which (docs/rules/organisation.md#loại-tổ-chức-đảng). None = a root.
ALLOWED_PARENTS: dict[str, set[str | None]] = {
    OrgKind.PROVINCIAL_COMMITTEE: {None},
    OrgKind.COMMUNE_COMMITTEE: {OrgKind.PROVINCIAL_COMMITTEE},
    OrgKind.AGENCY_COMMITTEE: {OrgKind.PROVINCIAL_COMMITTEE},
    OrgKind.BASE_COMMITTEE: {
        OrgKind.PROVINCIAL_COMMITTEE,
        OrgKind.COMMUNE_COMMITTEE,
        OrgKind.AGENCY_COMMITTEE,
    },
    OrgKind.SUB_COMMITTEE: {OrgKind.BASE_COMMITTEE},
    OrgKind.BASE_CELL: {OrgKind.PROVINCIAL_COMMITTEE, OrgKind.COMMUNE_COMMITTEE, OrgKind.AGENCY_COMMITTEE},
    OrgKind.CELL: {OrgKind.BASE_COMMITTEE, OrgKind.SUB_COMMITTEE},
    OrgKind.PARTY_GROUP: {OrgKind.BASE_CELL, OrgKind.CELL},
}
CELL_KINDS = frozenset({OrgKind.BASE_CELL, OrgKind.CELL})
BASE_KINDS = frozenset({OrgKind.BASE_COMMITTEE, OrgKind.BASE_CELL})


def check_parent(kind: str, parent_kind: str | None) -> None:
    """Raise a Vietnamese ValidationError when `kind` may not sit under `parent_kind`."""
    if parent_kind not in ALLOWED_PARENTS[kind]:
        if parent_kind is None:
            raise ValidationError(
                _("%(kind)s phải trực thuộc một tổ chức đảng cấp trên.") % {"kind": OrgKind(kind).label}
            )
        raise ValidationError(
            _("%(kind)s không thể trực thuộc %(parent)s.")
            % {"kind": OrgKind(kind).label, "parent": OrgKind(parent_kind).label}
        )


PATH_LENGTH = 255
PATH_TOP = "Z"  # the last character of treebeard's alphabet (0-9A-Z)


def subtree_filter(path: str, field: str = "path") -> models.Q:
    """Rows whose `field` (a materialised path) lies in the subtree at `path`, as an index range.

    `path__startswith` becomes `LIKE 'p%'`, which SQLite cannot answer from an index (its LIKE is
    case-insensitive); a range `p <= path <= p + 'ZZZ…'` can, on SQLite and PostgreSQL alike. Paths hold only
    0-9 and A-Z, which every collation orders the same way.
    """
    low, high = subtree_bounds(path)
    return models.Q(**{f"{field}__gte": low, f"{field}__lte": high})


def subtree_bounds(path: str) -> tuple[str, str]:
    """The lowest and highest path in the subtree at `path`."""
    return path, path + PATH_TOP * (PATH_LENGTH - len(path))


class OrganizationQuerySet(MP_NodeQuerySet):
    def active(self, on: dt.date | None = None):
        if on is None:
            return self.filter(valid_to__isnull=True)
        return self.filter(
            models.Q(valid_from__isnull=True) | models.Q(valid_from__lte=on),
            models.Q(valid_to__isnull=True) | models.Q(valid_to__gt=on),
        )

    def in_subtree(self, org: Organization):
        return self.filter(subtree_filter(org.path))

    def cells(self):
        return self.filter(kind__in=CELL_KINDS)

    def children_of(self, org: Organization):
        """Direct children by path (does not trust a possibly stale `numchild` on `org`)."""
        return self.filter(subtree_filter(org.path), depth=org.depth + 1)


class OrganizationManager(MP_NodeManager.from_queryset(OrganizationQuerySet)):  # type: ignore[misc]  # treebeard is untyped
    def get_queryset(self):
        return OrganizationQuerySet(self.model, using=self._db).order_by("path")


class Organization(MP_Node):
    steplen = 4

    code = models.CharField(_("mã"), max_length=40, unique=True)
    name = models.CharField(_("tên"), max_length=255)
    name_folded = models.CharField(max_length=255, db_index=True, editable=False)
    kind = models.CharField(_("loại tổ chức"), max_length=24, choices=OrgKind.choices, db_index=True)
    commune_type = models.CharField(_("loại đơn vị hành chính"), max_length=8, choices=CommuneType.choices, blank=True)
    cell_type = models.CharField(_("loại hình chi bộ"), max_length=16, choices=CellType.choices, blank=True)
    ward_code = models.PositiveIntegerField(_("mã xã, phường"), null=True, blank=True)
    valid_from = models.DateField(_("hiệu lực từ"), null=True, blank=True)
    valid_to = models.DateField(_("hết hiệu lực từ"), null=True, blank=True, db_index=True)
    successor = models.ForeignKey(
        "self",
        verbose_name=_("tổ chức kế thừa"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="predecessors",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = OrganizationManager()

    class Meta:
        verbose_name = _("tổ chức đảng")
        verbose_name_plural = _("tổ chức đảng")

    def __str__(self) -> str:
        return self.name

    @property
    def is_active(self) -> bool:
        return self.valid_to is None

    @property
    def is_cell(self) -> bool:
        return self.kind in CELL_KINDS

    @property
    def is_base(self) -> bool:
        """A tổ chức cơ sở đảng (TCCS)."""
        return self.kind in BASE_KINDS

    @property
    def direct_superior(self) -> Organization | None:
        return Organization.objects.get_parent(self) if self.is_base else None

    @property
    def board_name(self) -> str:
        """The elected body that decides for this organisation: "Đảng bộ xã X" → "Đảng ủy xã X", "Tỉnh ủy X"."""
        for prefix, board in (
            ("Đảng bộ tỉnh ", "Tỉnh ủy "),
            ("Đảng bộ thành phố ", "Thành ủy "),
            ("Đảng bộ ", "Đảng ủy "),
            ("Chi bộ ", "Chi ủy "),
        ):
            if self.name.startswith(prefix):
                return board + self.name[len(prefix) :]
        return self.name

    def set_name(self, name: str) -> None:
        from sotay.lib.vntext import nfc

        self.name = nfc(name)
        self.name_folded = fold(self.name)


def ancestor_paths(path: str) -> list[str]:
    """The paths of the node at `path` and of every node above it, the root first."""
    step = Organization.steplen
    return [path[:i] for i in range(step, len(path) + 1, step)]


def path_within(path: str, ancestor_path: str) -> bool:
    """Whether the node at `path` lies in the subtree at `ancestor_path` (the node itself included)."""
    return path.startswith(ancestor_path)


def is_within(org: Organization, ancestor: Organization) -> bool:
    """Whether `org` lies in `ancestor`'s subtree (`ancestor` itself included)."""
    return path_within(org.path, ancestor.path)


def child_path_toward(path: str, ancestor_path: str) -> str:
    """The path of the child of the node at `ancestor_path` on the way down to `path` (`path` lies below it)."""
    return path[: len(ancestor_path) + Organization.steplen]


def child_path_expr(org: Organization, field: str = "path") -> models.Func:
    """A database expression for the path of `org`'s child on the way down to the row's node (column `field`), to
    group a subtree's rows by the child they fall under."""
    from django.db.models.functions import Substr

    return Substr(field, 1, len(org.path) + Organization.steplen)


def levels_below(path: str, ancestor_path: str) -> int:
    """How many levels the node at `path` lies below the node at `ancestor_path` (0 for the node itself)."""
    return (len(path) - len(ancestor_path)) // Organization.steplen


def parent_path(path: str) -> str:
    """The path of the parent of the node at `path` ("" for a root)."""
    return path[: -Organization.steplen]


def depth_of(path: str) -> int:
    """The depth of the node at `path` (1 for a root, 0 for the empty path above the roots)."""
    return len(path) // Organization.steplen


def path_length(depth: int) -> int:
    """The length of the path of a node at `depth`: a deeper path cut to it names the ancestor at that depth."""
    return depth * Organization.steplen


def root_path(path: str) -> str:
    """The path of the root (the provincial Đảng bộ, or a pre-merger province kept as history) above `path`."""
    return path[: Organization.steplen]


class Reorganization(models.Model):
    """A decision that changes the tree: found, rename, move, merge, split, dissolve."""

    class Kind(models.TextChoices):
        FOUND = "FOUND", _("Thành lập")
        RENAME = "RENAME", _("Đổi tên")
        MOVE = "MOVE", _("Điều chuyển trực thuộc")
        MERGE = "MERGE", _("Hợp nhất, sáp nhập")
        SPLIT = "SPLIT", _("Chia tách")
        DISSOLVE = "DISSOLVE", _("Giải thể")

    kind = models.CharField(_("loại"), max_length=10, choices=Kind.choices)
    decision_number = models.CharField(_("số quyết định"), max_length=60)
    decision_on = models.DateField(_("ngày quyết định"))
    effective_on = models.DateField(_("ngày hiệu lực"), db_index=True)
    acting_body = models.ForeignKey(
        Organization,
        verbose_name=_("cấp ra quyết định"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="decisions_made",
    )
    acting_body_name = models.CharField(_("cơ quan ra quyết định"), max_length=255, blank=True)
    sources = models.ManyToManyField(Organization, related_name="reorganizations_as_source", blank=True)
    targets = models.ManyToManyField(Organization, related_name="reorganizations_as_target", blank=True)
    members_moved = models.PositiveIntegerField(_("số đảng viên chuyển"), default=0)
    # Names as they were when the decision took effect (the organisations may be renamed later).
    source_names = models.JSONField(default=list, blank=True)
    target_names = models.JSONField(default=list, blank=True)
    note = models.TextField(_("ghi chú"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("sắp xếp tổ chức")
        verbose_name_plural = _("sắp xếp tổ chức")
        ordering = ["-effective_on", "-id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} — {self.decision_number} ({self.decision_on:%d/%m/%Y})"


class HandoverMinutes(models.Model):
    """Biên bản bàn giao tổ chức và đảng viên."""

    reorganization = models.ForeignKey(Reorganization, on_delete=models.PROTECT, related_name="handovers")
    signed_on = models.DateField(_("ngày ký"))
    parties = models.CharField(_("các bên bàn giao, tiếp nhận"), max_length=500)
    note = models.TextField(_("ghi chú"), blank=True)

    class Meta:
        verbose_name = _("biên bản bàn giao")
        verbose_name_plural = _("biên bản bàn giao")

    def __str__(self) -> str:
        return f"{self.signed_on:%d/%m/%Y} — {self.parties}"


class OrgVersion(models.Model):
    """An organisation's name and place in the tree during [valid_from, valid_to)."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="versions")
    name = models.CharField(max_length=255)
    name_folded = models.CharField(max_length=255, db_index=True)
    kind = models.CharField(max_length=24, choices=OrgKind.choices)
    parent = models.ForeignKey(Organization, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    valid_from = models.DateField(null=True, blank=True)
    valid_to = models.DateField(null=True, blank=True)
    reorganization = models.ForeignKey(
        Reorganization, null=True, blank=True, on_delete=models.PROTECT, related_name="versions"
    )

    class Meta:
        ordering = ["organization_id", "valid_from"]
        indexes = [models.Index(fields=["valid_from", "valid_to"])]

    def __str__(self) -> str:
        return self.name


def _today() -> dt.date:
    from django.utils import timezone

    return timezone.localdate()


class Role(models.TextChoices):
    MEMBER = "MEMBER", _("Đảng viên")
    CELL_COMMITTEE = "CELL_COMMITTEE", _("Chi ủy, bí thư chi bộ")
    BASE_COMMITTEE = "BASE_COMMITTEE", _("Đảng ủy cơ sở")
    COMMITTEE = "COMMITTEE", _("Cấp ủy xã, phường, tỉnh")
    ORG_DEPT_OFFICER = "ORG_DEPT_OFFICER", _("Chuyên viên Ban Tổ chức")
    INSPECTION_COMMISSION = "UBKT", _("Ủy ban Kiểm tra")
    SYSTEM_ADMIN = "SYSTEM_ADMIN", _("Quản trị hệ thống")


class RoleGrantQuerySet(models.QuerySet):
    def active(self, on: dt.date | None = None):
        """Grants in force on `on` (today): an ended grant stops working the day after its end date."""
        from django.utils import timezone

        on = on or timezone.localdate()
        return self.filter(models.Q(ends_on__isnull=True) | models.Q(ends_on__gte=on), starts_on__lte=on)


class RoleGrant(models.Model):
    """A role on an organisation node; it covers the node's whole subtree, from its start to its end date."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="role_grants")
    organization = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="role_grants")
    role = models.CharField(_("vai trò"), max_length=20, choices=Role.choices)
    granted_at = models.DateTimeField(auto_now_add=True)
    starts_on = models.DateField(_("từ ngày"), default=_today)
    ends_on = models.DateField(_("đến ngày"), null=True, blank=True)
    decision = models.CharField(_("quyết định, nghị quyết"), max_length=200, blank=True)
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = RoleGrantQuerySet.as_manager()

    class Meta:
        verbose_name = _("phân quyền")
        verbose_name_plural = _("phân quyền")
        constraints = [models.UniqueConstraint(fields=["user", "organization", "role"], name="unique_role_grant")]

    def __str__(self) -> str:
        return f"{self.user} — {self.get_role_display()} — {self.organization}"


class OrgFlag(models.Model):
    """Something about an organisation that staff must review (raised by a background check)."""

    class Kind(models.TextChoices):
        BASE_CELL_OVER_LIMIT = (
            "BASE_CELL_OVER_LIMIT",
            _("Chi bộ cơ sở đủ số đảng viên để xem xét lập đảng bộ cơ sở"),
        )

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="flags")
    kind = models.CharField(max_length=24, choices=Kind.choices)
    message = models.CharField(max_length=300)
    raised_at = models.DateTimeField(auto_now_add=True)
    resolved_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-raised_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "kind"],
                condition=models.Q(resolved_at__isnull=True),
                name="one_open_flag_per_kind",
            ),
        ]

    def __str__(self) -> str:
        return self.message
