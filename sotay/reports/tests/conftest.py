"""The cast plus the members a register must keep: one who left, one who died, one who moved away, and a member
whose record holds text that spreadsheets would run as a formula."""

from __future__ import annotations

import datetime as dt

import pytest

from sotay.members.choices import ExitKind, MemberStatus
from sotay.members.tests.factories import MemberFactory

INJECTION = '=HYPERLINK("http://x")'


@pytest.fixture
def register_cast(cast):
    cell = cast.cell_a
    cast.left = MemberFactory(
        full_name="Đinh Văn Minh",
        organization=cell,
        status=MemberStatus.LEFT,
        exit_kind=ExitKind.STRUCK_OFF,
        status_changed_on=dt.date(2024, 5, 6),
    )
    cast.deceased = MemberFactory(
        full_name="Ngô Thị Hà",
        organization=cell,
        gender="F",
        status=MemberStatus.DECEASED,
        status_changed_on=dt.date(2023, 1, 15),
    )
    cast.moved_out = MemberFactory(
        full_name="Lý Văn Tâm",
        organization=cell,
        status=MemberStatus.TRANSFERRED_OUT,
        status_changed_on=dt.date(2022, 7, 1),
    )
    cast.injected = MemberFactory(
        full_name="Mai Văn Quý",
        organization=cell,
        occupation=INJECTION,
        occupation_before="+1-2",
        birth_name="@SUM(A1)",
        foreign_language="-Tiếng Anh",
    )
    return cast
