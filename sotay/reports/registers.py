"""The three member registers of docs/rules/registers.md#bốn-sổ: members in activity, members who left the Party,
deceased members.

Each register is a list of members of a subtree in Vietnamese name order, with the columns that fit it. A member who
left or died keeps the cell they last belonged to (`Member.organization`), so they stay on that subtree's register.
The same columns serve the page and the spreadsheet.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from sotay.lib.xlsx import Column
from sotay.members.choices import ACTIVE_STATUSES, MemberStatus
from sotay.members.models import Member
from sotay.orgs.models import Organization

from .services import ExportKind


@dataclass(frozen=True)
class Field:
    """One column: its heading, its width in the spreadsheet and how to read it from a member."""

    title: Any
    width: float
    value: Callable[[Member], Any]


def _status(m: Member) -> str:
    """Official or probationary; exempt members are marked, with the day the exemption began."""
    if m.status == MemberStatus.EXEMPT and m.status_changed_on:
        return _("%(s)s (từ %(d)s)") % {"s": m.get_status_display(), "d": f"{m.status_changed_on:%d/%m/%Y}"}
    return m.get_status_display()


NAME = Field(gettext_lazy("Họ và tên"), 28, lambda m: m.full_name)
BIRTH = Field(gettext_lazy("Ngày sinh"), 12, lambda m: m.birth_on)
CELL = Field(gettext_lazy("Chi bộ"), 32, lambda m: m.organization.name)
JOINED = Field(gettext_lazy("Ngày vào Đảng"), 14, lambda m: m.joined_on)
OFFICIAL = Field(gettext_lazy("Ngày chính thức"), 14, lambda m: m.official_on)
CARD = Field(gettext_lazy("Số thẻ đảng viên"), 16, lambda m: m.card_number or "")


@dataclass(frozen=True)
class Register:
    slug: str
    title: Any  # the register's name, as on the page heading
    filename: str  # the spreadsheet's file name stem
    export_kind: str
    statuses: tuple[str, ...]
    fields: tuple[Field, ...]

    def members(self, org: Organization) -> QuerySet[Member]:
        return (
            Member.objects.in_subtree(org)
            .filter(status__in=self.statuses)
            .select_related("organization")
            .vietnamese_order()
        )

    def columns(self) -> list[Column]:
        return [Column(_("STT"), 6), *(Column(str(f.title), f.width) for f in self.fields)]

    def titles(self) -> list[str]:
        return [c.title for c in self.columns()]

    def rows(self, members: Iterable[Member], *, start: int = 1) -> Iterator[list[Any]]:
        """One row a member: the number, then the fields (dates stay dates)."""
        for number, m in enumerate(members, start=start):
            yield [number, *(f.value(m) for f in self.fields)]


REGISTERS: dict[str, Register] = {
    r.slug: r
    for r in (
        Register(
            slug="current",
            title=gettext_lazy("Sổ đảng viên đang sinh hoạt"),
            filename="so-dang-vien-dang-sinh-hoat",
            export_kind=ExportKind.CURRENT_REGISTER_XLSX,
            statuses=tuple(ACTIVE_STATUSES),
            fields=(
                NAME,
                BIRTH,
                CELL,
                Field(gettext_lazy("Trạng thái"), 26, _status),
                JOINED,
                OFFICIAL,
                CARD,
            ),
        ),
        Register(
            slug="left",
            title=gettext_lazy("Sổ đảng viên đã ra khỏi Đảng"),
            filename="so-dang-vien-ra-khoi-dang",
            export_kind=ExportKind.LEFT_REGISTER_XLSX,
            statuses=(MemberStatus.LEFT,),
            fields=(
                NAME,
                BIRTH,
                Field(gettext_lazy("Chi bộ khi ra khỏi Đảng"), 32, lambda m: m.organization.name),
                JOINED,
                OFFICIAL,
                CARD,
                Field(gettext_lazy("Ngày ra khỏi Đảng"), 14, lambda m: m.status_changed_on),
                Field(gettext_lazy("Hình thức"), 12, lambda m: m.get_exit_kind_display() if m.exit_kind else ""),
            ),
        ),
        Register(
            slug="deceased",
            title=gettext_lazy("Sổ đảng viên đã từ trần"),
            filename="so-dang-vien-tu-tran",
            export_kind=ExportKind.DECEASED_REGISTER_XLSX,
            statuses=(MemberStatus.DECEASED,),
            fields=(
                NAME,
                BIRTH,
                Field(gettext_lazy("Chi bộ khi từ trần"), 32, lambda m: m.organization.name),
                JOINED,
                OFFICIAL,
                CARD,
                Field(gettext_lazy("Ngày từ trần"), 14, lambda m: m.status_changed_on),
            ),
        ),
    )
}
