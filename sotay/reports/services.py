"""Exports are audited (docs/rules/personal-data.md#nhật-ký-xem-và-xuất-hồ-sơ: every view and export of a profile is
logged)."""

from __future__ import annotations

from django.db import models, transaction
from django.utils.translation import gettext_lazy as _

from sotay.audit.log import log
from sotay.audit.models import AuditAction, AuditEntry
from sotay.orgs import policy
from sotay.orgs.actor import Actor
from sotay.orgs.models import Organization


class ExportKind(models.TextChoices):
    MEMBER_LIST_XLSX = "member_list_xlsx", _("Danh sách đảng viên (Excel)")
    REGISTER_XLSX = "register_xlsx", _("Sổ danh sách đảng viên, Mẫu 7-HSĐV (Excel)")
    REGISTER_PDF = "register_pdf", _("Sổ danh sách đảng viên, Mẫu 7-HSĐV (PDF)")
    MEMBER_PDF = "member_pdf", _("Phiếu thông tin đảng viên (PDF)")
    CURRENT_REGISTER_XLSX = "register_current_xlsx", _("Sổ đảng viên đang sinh hoạt (Excel)")
    LEFT_REGISTER_XLSX = "register_left_xlsx", _("Sổ đảng viên đã ra khỏi Đảng (Excel)")
    DECEASED_REGISTER_XLSX = "register_deceased_xlsx", _("Sổ đảng viên đã từ trần (Excel)")


@transaction.atomic
def record_register_view(*, actor: Actor, organization: Organization, kind: str, page: int, count: int) -> AuditEntry:
    """Write the audit entry for one page of a member register read on screen: it lists names, birth dates and
    addresses, so each reading is logged like a profile view (docs/rules/personal-data.md#nhật-ký-xem-và-xuất-hồ-sơ)."""
    actor.require(policy.VIEW_MEMBERS, organization)
    return log(
        AuditAction.VIEW,
        organization,
        by=actor,
        organization=organization,
        data={"register": kind, "page": page, "count": count},
    )
