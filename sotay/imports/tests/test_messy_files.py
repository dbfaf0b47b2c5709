"""Real-world mess in member spreadsheets, one workbook per mess, each with its expected outcome."""

from __future__ import annotations

import datetime as dt
import unicodedata

import pytest

from sotay.imports import services
from sotay.imports.models import ImportBatch, ImportRow
from sotay.imports.reader import FileRefused
from sotay.imports.tests.workbooks import HEADINGS, member_row, write
from sotay.lib.citizen_id import make_citizen_id
from sotay.lib.vnlegacy import from_unicode_tcvn3, from_unicode_vni
from sotay.orgs.actor import Actor
from sotay.orgs.services import Decision, rename_organization

pytestmark = pytest.mark.django_db


def run(tmp_path, cast, rows, name="ds.xlsx", **kw):
    path = write(tmp_path / name, rows, **kw)
    batch = services.start_import(
        source_path=path, file_name=name, organization=cast.commune_a, actor=Actor.for_user(cast.commune_committee)
    )
    return services.run_preview(batch, actor=Actor.for_user(cast.commune_committee))


def only_row(batch):
    return ImportRow.objects.get(batch=batch)


@pytest.mark.parametrize("born", ["05/03/1985", "5/3/85", "5/3/1985", 31111, "05-03-1985", "ngày 05 tháng 3 năm 1985"])
def test_dates_in_every_usual_form(tmp_path, cast, born):
    row = member_row(1, born=dt.date(1985, 3, 5))
    row[2] = born
    plan = only_row(run(tmp_path, cast, [row]))
    assert plan.action == "NEW", plan.errors
    assert plan.values["birth_on"] == "1985-03-05"


def test_a_year_alone_is_taken_as_1_january_with_a_warning(tmp_path, cast):
    row = member_row(1, born=dt.date(1985, 1, 1))
    row[2] = "1985"
    plan = only_row(run(tmp_path, cast, [row]))
    assert plan.values["birth_on"] == "1985-01-01" and plan.warnings


@pytest.mark.parametrize(
    "written",
    [
        unicodedata.normalize("NFD", "Nguyễn Văn An"),
        "NGUYỄN VĂN AN",
        "nguyễn   văn  an",
        "  Nguyễn Văn An ",
    ],
)
def test_names_in_nfd_caps_or_with_extra_spaces_are_cleaned(tmp_path, cast, written):
    plan = only_row(run(tmp_path, cast, [member_row(1, name=written)]))
    assert plan.values["full_name"] == "Nguyễn Văn An"


def test_tcvn3_legacy_text_is_converted(tmp_path, cast):
    plan = only_row(run(tmp_path, cast, [member_row(1, name=from_unicode_tcvn3("Nguyễn Văn Đức"))]))
    assert plan.values["full_name"] == "Nguyễn Văn Đức"


def test_vni_legacy_text_is_converted(tmp_path, cast):
    plan = only_row(run(tmp_path, cast, [member_row(1, name=from_unicode_vni("Nguyễn Văn Đức"))]))
    assert plan.values["full_name"] == "Nguyễn Văn Đức"


def test_title_rows_merged_header_and_trailing_empty_rows(tmp_path, cast):
    born = dt.date(1985, 3, 5)
    rows = [
        [1, "Trần Văn Bình", born, dt.date(2010, 5, 19), make_citizen_id("033", born, False, 7), "Chi bộ thôn Đông"],
        [None] * 6,
        [None] * 6,
    ]
    batch = run(
        tmp_path, cast, rows, merged_header=True, title_rows=[["ĐẢNG BỘ XÃ ĐÔNG TIẾN"], ["DANH SÁCH ĐẢNG VIÊN"], []]
    )
    assert batch.status == ImportBatch.Status.PREVIEWED, batch.message
    plan = only_row(batch)
    assert plan.row_number == 6
    assert plan.values["birth_on"] == "1985-03-05" and plan.values["joined_on"] == "2010-05-19"


def test_duplicate_citizen_ids_inside_the_file_are_rejected(tmp_path, cast):
    first = member_row(1, name="Trần Văn Bình")
    second = member_row(2, name="Trần Văn Bình Em", cid=first[9], card="71234567")
    batch = run(tmp_path, cast, [first, second])
    rejected = ImportRow.objects.get(batch=batch, action="REJECTED")
    assert rejected.row_number == 3 and "Trùng với dòng 2" in rejected.errors[0]["message"]


def test_a_cell_named_by_its_old_name_is_found_through_history(tmp_path, cast):
    rename_organization(
        org=cast.cell_a,
        new_name="Chi bộ thôn Đông Thượng",
        actor=Actor.system("command:test"),
        decision=Decision("7-QĐ/ĐU", dt.date(2025, 7, 1), dt.date(2025, 7, 1)),
    )
    plan = only_row(run(tmp_path, cast, [member_row(1, cell="Chi bo thon Dong")]))
    assert plan.organization_id == cast.cell_a.pk
    assert any("tên cũ" in w for w in plan.warnings)


def test_headings_without_diacritics_in_another_order(tmp_path, cast):
    headings = ["Chi bo", "SO CCCD", "Ho va ten", "Ngay sinh", "Gioi tinh", "Ngay vao Dang"]
    born = dt.date(1985, 3, 5)
    rows = [
        ["Chi bộ thôn Đông", make_citizen_id("033", born, False, 9), "Lê Văn Tâm", born, "Nam", dt.date(2012, 1, 2)]
    ]
    plan = only_row(run(tmp_path, cast, rows, headings=headings))
    assert plan.action == "NEW", plan.errors
    assert plan.values["full_name"] == "Lê Văn Tâm"


def test_formula_injection_cells_are_rejected(tmp_path, cast):
    row = member_row(1, name='=HYPERLINK("http://x","bấm")')
    plan = only_row(run(tmp_path, cast, [row]))
    assert plan.action == "REJECTED" and "công thức" in plan.errors[0]["message"]


@pytest.mark.parametrize(
    "content, name, message",
    [
        (b"", "ds.xlsx", "Tệp rỗng"),
        (b"\x89PNG\r\n\x1a\n" + b"0" * 100, "anh.xlsx", "không phải bảng tính"),
        (
            b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + "EncryptionInfo".encode("utf-16-le") + b"0" * 100,
            "mk.xlsx",
            "mật khẩu",
        ),
    ],
)
def test_files_that_are_not_usable_spreadsheets_are_refused(tmp_path, cast, content, name, message):
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(FileRefused, match=message):
        services.start_import(
            source_path=path, file_name=name, organization=cast.commune_a, actor=Actor.system("command:test")
        )


def test_files_over_the_size_limit_are_refused(tmp_path, cast, settings):
    settings.SOTAY_IMPORT_MAX_BYTES = 1000
    path = write(tmp_path / "big.xlsx", [member_row(i) for i in range(1, 50)])
    with pytest.raises(FileRefused, match="quá lớn"):
        services.start_import(
            source_path=path, file_name="big.xlsx", organization=cast.commune_a, actor=Actor.system("command:test")
        )


def test_a_sheet_without_a_header_is_refused(tmp_path, cast):
    batch = run(tmp_path, cast, [["a", "b"], ["c", "d"]], headings=["x", "y"])
    assert batch.status == ImportBatch.Status.REFUSED and batch.message


def test_csv_files_are_read_too(tmp_path, cast):
    born = dt.date(1985, 3, 5)
    cid = make_citizen_id("033", born, False, 11)
    text = (
        ",".join(HEADINGS)
        + "\n"
        + f"1,Phan Văn Hùng,05/03/1985,Nam,Kinh,Không,19/05/2010,19/05/2011,71111111,{cid},Chi bộ thôn Đông\n"
    )
    path = tmp_path / "ds.csv"
    path.write_text(text, encoding="utf-8")
    batch = services.start_import(
        source_path=path, file_name="ds.csv", organization=cast.commune_a, actor=Actor.system("command:test")
    )
    batch = services.run_preview(batch, actor=Actor.system("worker:test"))
    plan = only_row(batch)
    assert plan.action == "NEW", plan.errors
    assert plan.values["citizen_id"] == cid
