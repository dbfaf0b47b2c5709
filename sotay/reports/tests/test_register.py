"""member_register: the rows of Mẫu 7-HSĐV for an organisation subtree."""

from __future__ import annotations

import datetime as dt

import pytest

from sotay.members.tests.factories import MemberFactory
from sotay.orgs.actor import Actor
from sotay.reports.register import COLUMN_COUNT, column_titles, member_register

pytestmark = pytest.mark.django_db

CELL_A_ORDER = [
    "Nguyễn Văn Ấn",
    "Trần Thị Bình",
    "Lê Văn Cường",
    "Phạm Đức Dũng",
    "Ngô Thị Hà",
    "Đinh Văn Minh",
    "Mai Văn Quý",
    "Lý Văn Tâm",
]


def by_name(rows):
    return {r.full_name: r for r in rows}


def test_it_keeps_everyone_ever_on_the_register_in_vietnamese_order(register_cast):
    rows = list(member_register(register_cast.cell_a))
    assert [r.full_name for r in rows] == CELL_A_ORDER
    assert [r.number for r in rows] == list(range(1, len(CELL_A_ORDER) + 1))


def test_each_row_has_the_fourteen_columns(register_cast):
    assert len(column_titles()) == COLUMN_COUNT == 14
    for row in member_register(register_cast.cell_a):
        assert len(row.columns()) == COLUMN_COUNT


def test_exits_fill_their_own_columns(register_cast):
    rows = by_name(member_register(register_cast.cell_a))
    left = rows["Đinh Văn Minh"]
    assert (left.left_on, left.exit_kind) == (dt.date(2024, 5, 6), "Xóa tên")
    assert left.columns()[13][:2] == ["06/05/2024", "Xóa tên"]
    assert left.died_on is None and left.transferred_out_on is None
    dead = rows["Ngô Thị Hà"]
    assert dead.died_on == dt.date(2023, 1, 15) and dead.columns()[11] == ["15/01/2023"]
    assert dead.left_on is None and dead.exit_kind == ""
    moved = rows["Lý Văn Tâm"]
    assert moved.transferred_out_on == dt.date(2022, 7, 1) and moved.transferred_to == ""
    active = rows["Nguyễn Văn Ấn"]
    assert (active.left_on, active.died_on, active.transferred_out_on) == (None, None, None)


def test_identity_and_party_columns_come_from_the_member(register_cast):
    MemberFactory(
        full_name="Vương Thị Yến",
        birth_name="Vương Thị Én",
        organization=register_cast.cell_a,
        gender="F",
        ethnicity="02",
        religion="BUDDHISM",
        general_education="UPPER_SECONDARY",
        political_theory="INTERMEDIATE",
        professional_education="BACHELOR",
        foreign_language="Tiếng Anh B1",
        occupation_before="Giáo viên",
        occupation="Hiệu trưởng",
        service_background="RETIRED",
        card_number="12345678",
        biography_number="LL-0042",
        joined_on=dt.date(2001, 2, 3),
        official_on=dt.date(2002, 2, 3),
    )
    row = by_name(member_register(register_cast.cell_a))["Vương Thị Yến"]
    columns = row.columns()
    assert columns[1] == ["Vương Thị Yến", "Vương Thị Én"]
    assert columns[2] == ["Nữ", "Tày", "Phật giáo"]
    assert columns[4] == ["Trung học phổ thông", "Trung cấp", "Đại học", "Tiếng Anh B1"]
    assert columns[5] == ["Giáo viên", "Hiệu trưởng"]
    assert columns[6] == ["03/02/2001", "03/02/2002"]
    assert columns[7] == ["12345678", "LL-0042", ""]
    assert columns[8] == ["Hưu trí"]


def test_a_subtree_register_covers_its_cells_and_names_each_members_cell(register_cast):
    rows = by_name(member_register(register_cast.commune_a))
    assert "Hoàng Thị Lan" in rows and "Đinh Văn Minh" in rows
    assert "Đỗ Văn Hải" not in rows  # another commune
    assert rows["Hoàng Thị Lan"].note == "Chi bộ giáo viên"
    assert by_name(member_register(register_cast.cell_a))["Nguyễn Văn Ấn"].note == ""


def test_on_a_past_day_later_admissions_and_exits_are_not_shown(register_cast):
    MemberFactory(full_name="Tạ Văn Mới", organization=register_cast.cell_a, joined_on=dt.date(2024, 1, 10))
    rows = by_name(member_register(register_cast.cell_a, on=dt.date(2023, 6, 30)))
    assert "Tạ Văn Mới" not in rows
    assert rows["Đinh Văn Minh"].left_on is None and rows["Đinh Văn Minh"].exit_kind == ""
    assert rows["Ngô Thị Hà"].died_on == dt.date(2023, 1, 15)


def test_moves_between_communes_show_on_both_registers(cast):
    """Mẫu 7-HSĐV columns 10 and 11: date and place of a transfer out, and of a transfer in."""
    import datetime as dt

    from sotay.members import services
    from sotay.reports.register import member_register

    mover = cast.others_a[0]
    services.transfer_member(
        member=mover, to_org=cast.cell_b, on=dt.date(2025, 6, 1), actor=Actor.system("command:test")
    )
    old = {r.full_name: r for r in member_register(cast.commune_a)}
    assert old[mover.full_name].transferred_out_on == dt.date(2025, 6, 1)
    assert old[mover.full_name].transferred_to == cast.cell_b.name
    new = {r.full_name: r for r in member_register(cast.commune_b)}
    assert new[mover.full_name].transferred_in_on == dt.date(2025, 6, 1)
    assert new[mover.full_name].transferred_from == cast.cell_a.name
    # As of the day before the move, the new commune's register does not list the newcomer yet.
    before = {r.full_name for r in member_register(cast.commune_b, on=dt.date(2025, 5, 31))}
    assert mover.full_name not in before
