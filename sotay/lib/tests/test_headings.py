"""Column headings of member spreadsheets: every known wording, and header rows in realistic layouts."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sotay.lib.cells import CellError
from sotay.lib.headings import FIELD_HEADINGS, HeaderMatch, find_header_row, match_heading, normalize_heading
from sotay.lib.vnlegacy import from_unicode_tcvn3, from_unicode_vni
from sotay.lib.vntext import fold

ALL_HEADINGS = [(name, heading) for name, headings in FIELD_HEADINGS.items() for heading in headings]
FIELDS = (
    "row_number full_name birth_name birth_on gender ethnicity religion hometown residence_address general_education "
    "professional_education political_theory foreign_language occupation admission_decision_on joined_on "
    "official_on card_number biography_number citizen_id phone organization"
).split()


def test_the_fields_are_exactly_the_member_fields_of_the_import():
    assert sorted(FIELD_HEADINGS) == sorted(FIELDS)


def test_no_wording_names_two_fields():
    seen: dict[str, str] = {}
    for name, heading in ALL_HEADINGS:
        key = normalize_heading(heading)
        assert seen.setdefault(key, name) == name, heading


@pytest.mark.parametrize("name, heading", ALL_HEADINGS, ids=[h for _, h in ALL_HEADINGS])
def test_every_wording_in_every_spelling(name, heading):
    assert match_heading(heading) == name
    assert match_heading(heading.upper()) == name
    assert match_heading(fold(heading)) == name
    assert match_heading(from_unicode_tcvn3(heading)) == name
    assert match_heading(from_unicode_vni(heading)) == name
    assert match_heading(f"  {heading} (ghi chú)\n") == name


@pytest.mark.parametrize(
    "text, name",
    [
        ("Họ và tên", "full_name"),
        ("HỌ VÀ TÊN", "full_name"),
        ("Ho va ten", "full_name"),
        ("Họ và\ntên", "full_name"),
        ("Hä vµ tªn", "full_name"),
        ("Hoï vaø teân", "full_name"),
        ("1. Họ và tên", "full_name"),
        ("Họ và tên *", "full_name"),
        ("NGAY SINH", "birth_on"),
        ("Ngày sinh (dd/mm/yyyy)", "birth_on"),
        ("Ngày sinh dd/mm/yyyy", "birth_on"),
        ("Ngày, tháng,\nnăm sinh", "birth_on"),
        ("Ngày tháng năm sinh", "birth_on"),
        ("Nam/Nữ", "gender"),
        ("Nam, nữ", "gender"),
        ("Giíi tÝnh", "gender"),
        ("Số thẻ Đảng viên (nếu có)", "card_number"),
        ("Số CCCD/CMND", "citizen_id"),
        ("Số định danh cá nhân [12 số]", "citizen_id"),
        ("SĐT", "phone"),
        ("LLCT", "political_theory"),
        ("Ngµy vµo §¶ng", "joined_on"),
        ("Ngày vào Đảng chính thức", "official_on"),
        ("Chi bộ sinh hoạt", "organization"),
        ("STT", "row_number"),
        ("Số TT", "row_number"),
    ],
)
def test_headings_as_found_in_real_files(text, name):
    assert match_heading(text) == name


@pytest.mark.parametrize(
    "text", ["Ghi chú", "Chức vụ", "Ngày", "", None, 12, "Số thẻ bảo hiểm y tế", "Ngày quyết định"]
)
def test_unknown_headings(text):
    assert match_heading(text) is None


@given(st.one_of(st.none(), st.text(), st.integers()))
def test_any_cell_can_be_tried_as_a_heading(value):
    assert match_heading(value) in (None, *FIELD_HEADINGS)


# -- header rows ---------------------------------------------------------------------------------------------
HEADER = ["STT", "Họ và tên", "Ngày sinh", "Giới tính", "Số CCCD", "Ngày vào Đảng", "Chi bộ"]
DATA = [1, "Nguyễn Văn An", "05/03/1985", "Nam", "033085012345", "19/05/2010", "Chi bộ thôn Đông"]
EXPECTED = {
    0: "row_number",
    1: "full_name",
    2: "birth_on",
    3: "gender",
    4: "citizen_id",
    5: "joined_on",
    6: "organization",
}


def test_a_plain_header_on_the_first_row():
    match = find_header_row([HEADER, DATA])
    assert isinstance(match, HeaderMatch)
    assert (match.first_row, match.row_index, match.data_start_number) == (0, 0, 2)
    assert match.mapping == EXPECTED
    assert match.headings == HEADER
    assert match.unknown == []
    assert match.columns["citizen_id"] == 4


def test_headings_in_any_order_without_diacritics():
    header = ["Chi bo", "SO CCCD", "Ho va ten", "NGAY SINH", "Gioi tinh", "Ngay vao Dang"]
    match = find_header_row([header, DATA])
    assert match.mapping == {
        0: "organization",
        1: "citizen_id",
        2: "full_name",
        3: "birth_on",
        4: "gender",
        5: "joined_on",
    }


def test_tcvn3_headings():
    header = [from_unicode_tcvn3(h) for h in HEADER]
    assert header[1] == "Hä vµ tªn"
    assert find_header_row([header]).mapping == EXPECTED


def test_vni_headings():
    assert find_header_row([[from_unicode_vni(h) for h in HEADER]]).mapping == EXPECTED


def test_title_rows_and_an_empty_row_above_the_header():
    rows = [
        ["ĐẢNG BỘ XÃ ĐÔNG TIẾN", None, None],
        ["DANH SÁCH ĐẢNG VIÊN", None, None],
        [],
        HEADER,
        DATA,
    ]
    match = find_header_row(rows)
    assert (match.first_row, match.row_index, match.data_start_number) == (3, 3, 5)
    assert match.mapping == EXPECTED


def test_a_title_row_right_above_the_header_is_not_a_two_row_header():
    rows = [["DANH SÁCH ĐẢNG VIÊN CHI BỘ THÔN ĐÔNG", "", "", "", "", "", ""], HEADER, DATA]
    match = find_header_row(rows)
    assert (match.first_row, match.row_index) == (1, 1)
    assert match.mapping == EXPECTED


def test_a_two_row_merged_header():
    # "Ngày" is merged over "sinh" and "vào Đảng"; STT, name and the others are merged down over two rows.
    rows = [
        ["DANH SÁCH ĐẢNG VIÊN"],
        ["STT", "Họ và tên", "Ngày", None, "Số CCCD", "Chi bộ"],
        [None, None, "sinh", "vào Đảng", None, None],
        [1, "Nguyễn Văn An", "05/03/1985", "19/05/2010", "033085012345", "Chi bộ thôn Đông"],
    ]
    match = find_header_row(rows)
    assert (match.first_row, match.row_index, match.data_start_number) == (1, 2, 4)
    assert match.mapping == {
        0: "row_number",
        1: "full_name",
        2: "birth_on",
        3: "joined_on",
        4: "citizen_id",
        5: "organization",
    }
    assert match.headings == ["STT", "Họ và tên", "Ngày sinh", "Ngày vào Đảng", "Số CCCD", "Chi bộ"]


def test_a_two_row_header_with_group_titles_and_empty_strings_for_blank_cells():
    # As python-calamine reads it: blank cells are "", not None.
    rows = [
        ["TT", "Họ và tên", "Ngày vào Đảng", "", "Trình độ", "", "", "Số thẻ"],
        ["", "", "Dự bị", "Chính thức", "Văn hóa", "Chuyên môn", "LLCT", ""],
        [1, "Lê Thị Hoa", "02/09/2015", "02/09/2016", "12/12", "Đại học", "Sơ cấp", "71234567"],
    ]
    match = find_header_row(rows)
    assert match.row_index == 1
    assert match.mapping == {
        0: "row_number",
        1: "full_name",
        2: "joined_on",
        3: "official_on",
        4: "general_education",
        5: "professional_education",
        6: "political_theory",
        7: "card_number",
    }


def test_a_row_of_column_numbers_under_the_header_is_part_of_it():
    rows = [HEADER, ["(1)", "(2)", "(3)", "(4)", "(5)", "(6)", "(7)"], DATA]
    match = find_header_row(rows)
    assert (match.first_row, match.row_index, match.data_start_number) == (0, 1, 3)
    numbers = [HEADER, [1, 2, 3, 4, 5, 6, 7], DATA]
    assert find_header_row(numbers).row_index == 1
    assert find_header_row([HEADER, DATA]).row_index == 0


def test_unknown_and_repeated_columns_are_left_for_the_user():
    header = ["STT", "Họ và tên", "Chức vụ", "Ngày sinh", "Số CCCD", "Ghi chú", "CMND", None, ""]
    match = find_header_row([header])
    assert match.mapping == {0: "row_number", 1: "full_name", 3: "birth_on", 4: "citizen_id"}
    assert match.unknown == [(2, "Chức vụ"), (5, "Ghi chú"), (6, "CMND")]


@pytest.mark.parametrize(
    "header",
    [
        ["Họ và tên", "Số thẻ đảng viên"],
        ["Họ và tên", "Ngày sinh"],
        ["Ho ten", "CCCD"],
    ],
)
def test_the_name_and_one_identifying_column_are_enough(header):
    assert find_header_row([header]).mapping[0] == "full_name"


@pytest.mark.parametrize(
    "rows",
    [
        [],
        [["a", "b"], ["c", "d"]],
        [["x", "y"], ["Nguyễn Văn An", "05/03/1985"]],
        [["STT", "Họ và tên", "Giới tính", "Chi bộ"]],  # a name, but nothing to identify a member by
        [["STT", "Số CCCD", "Ngày sinh"]],  # no name
        [["DANH SÁCH ĐẢNG VIÊN"], [], [None, None]],
    ],
)
def test_a_sheet_without_a_header_is_refused(rows):
    with pytest.raises(CellError, match="Không tìm thấy dòng tiêu đề"):
        find_header_row(rows)


def test_only_the_first_rows_are_scanned():
    rows = [["Báo cáo"]] * 15 + [HEADER]
    with pytest.raises(CellError, match="15 dòng đầu"):
        find_header_row(rows)
    assert find_header_row(rows, max_scan=16).first_row == 15


def test_rows_are_read_lazily():
    def endless():
        yield HEADER
        while True:
            yield DATA

    assert find_header_row(endless()).mapping == EXPECTED
