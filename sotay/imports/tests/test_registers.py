"""Registers in the shape cells really keep them: the title block names the cell, a footer closes the table, and
the legacy-encoding reading is decided per column."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from sotay.imports import services
from sotay.imports.models import ImportBatch, ImportMapping, ImportRow
from sotay.imports.tests.workbooks import member_row, register_row, write, write_register
from sotay.lib.vnlegacy import from_unicode_tcvn3
from sotay.orgs.actor import Actor
from sotay.orgs.models import OrgKind
from sotay.orgs.services import Decision, rename_organization
from sotay.orgs.tests.factories import cell as make_cell

pytestmark = pytest.mark.django_db

DECISION = Decision("7-QĐ/ĐU", dt.date(2025, 7, 1), dt.date(2025, 7, 1))


def preview(cast, path, *, by=None, **kw):
    by = by or cast.commune_committee
    batch = services.start_import(
        source_path=path,
        file_name=path.name,
        organization=kw.pop("organization", cast.commune_a),
        actor=Actor.for_user(by),
        **kw,
    )
    return services.run_preview(batch, actor=Actor.for_user(by))


def two_members():
    return [register_row(1), register_row(2, name="Lê Thị Hoa", gender="Nữ", born=dt.date(1990, 7, 1))]


def messages(row):
    return [e["message"] for e in row.errors]


# -- the title block ----------------------------------------------------------------------------------------
def test_the_cell_named_in_the_title_block_receives_the_rows_and_the_footer_is_ignored(cast, tmp_path):
    batch = preview(cast, write_register(tmp_path / "ds.xlsx", two_members()))
    assert batch.status == ImportBatch.Status.PREVIEWED, batch.message
    rows = list(ImportRow.objects.filter(batch=batch))
    assert [(r.row_number, r.action, r.organization_id) for r in rows] == [
        (8, "NEW", cast.cell_a.pk),
        (9, "NEW", cast.cell_a.pk),
    ], [r.errors for r in rows]
    title = batch.findings["title"]
    assert title["cell_id"] == cast.cell_a.pk and title["text"] == "CHI BỘ THÔN ĐÔNG — ĐẢNG BỘ XÃ ĐÔNG TIẾN"
    # "Tổng cộng", the date line, "Người lập biểu / T/M CHI ỦY", "BÍ THƯ", "(Ký, ghi rõ họ tên)", the signers
    assert batch.findings["footer_lines"] == 6


def test_the_preview_page_shows_the_cell_found_and_the_footer_lines_ignored(client, cast, tmp_path):
    batch = preview(cast, write_register(tmp_path / "ds.xlsx", two_members()))
    client.force_login(cast.commune_committee)
    page = client.get(reverse("imports:detail", args=[batch.pk])).content.decode()
    assert "<strong>Chi bộ thôn Đông</strong>" in page and "Hãy kiểm tra trước khi xác nhận" in page
    assert "Chi bộ theo tiêu đề của tệp: Chi bộ thôn Đông." in page  # beside the confirm button
    assert "Đã bỏ qua 6 dòng cuối bảng" in page


def test_a_cell_title_by_its_former_name_is_found_through_history(cast, tmp_path):
    rename_organization(
        org=cast.cell_a, new_name="Chi bộ thôn Đông Thượng", actor=Actor.system("command:test"), decision=DECISION
    )
    batch = preview(cast, write_register(tmp_path / "ds.xlsx", two_members()))
    assert batch.findings["title"]["cell_id"] == cast.cell_a.pk
    assert "tên cũ" in batch.findings["title"]["note"]
    assert set(ImportRow.objects.filter(batch=batch).values_list("organization_id", flat=True)) == {cast.cell_a.pk}


def test_a_cell_ended_in_a_merger_is_found_through_its_successor_under_the_old_commune_name(cast, tmp_path):
    old = make_cell(cast.commune_a, name="Chi bộ thôn Đoài", code="HY.A.9")
    old.valid_to, old.successor = dt.date(2025, 7, 1), cast.cell_a
    old.save(update_fields=["valid_to", "successor"])
    rename_organization(
        org=cast.commune_a, new_name="Đảng bộ xã Đông Tiến Mới", actor=Actor.system("command:test"), decision=DECISION
    )
    path = write_register(tmp_path / "ds.xlsx", two_members(), unit="ĐẢNG ỦY XÃ ĐÔNG TIẾN", cell="CHI BỘ THÔN ĐOÀI")
    batch = preview(cast, path)
    assert batch.status == ImportBatch.Status.PREVIEWED, batch.message
    assert batch.findings["title"]["cell_id"] == cast.cell_a.pk


def test_the_unit_in_the_title_tells_apart_cells_of_the_same_name(cast, tmp_path):
    make_cell(cast.commune_b, name="Chi bộ thôn Đông", code="HY.B.7")
    batch = preview(
        cast,
        write_register(tmp_path / "ds.xlsx", two_members()),
        by=cast.provincial_officer,
        organization=cast.province,
    )
    assert batch.findings["title"]["cell_id"] == cast.cell_a.pk


@pytest.mark.parametrize(
    "unit, cell",
    [
        ("ĐẢNG BỘ XÃ ĐÔNG TIẾN", "CHI BỘ THÔN KHÔNG CÓ"),  # no such cell
        ("ĐẢNG BỘ PHƯỜNG PHỐ HIẾN", "CHI BỘ TỔ DÂN PHỐ SỐ 3"),  # another commune's cell: outside the scope
        ("ĐẢNG BỘ PHƯỜNG PHỐ HIẾN", "CHI BỘ THÔN ĐÔNG"),  # a cell of this name, but not under that unit
    ],
)
def test_a_title_cell_that_does_not_exist_or_is_outside_the_scope_refuses_the_file(cast, tmp_path, unit, cell):
    batch = preview(cast, write_register(tmp_path / "ds.xlsx", two_members(), unit=unit, cell=cell))
    assert batch.status == ImportBatch.Status.REFUSED
    assert "không có chi bộ này trong phạm vi nhập của bạn" in batch.message and cell in batch.message
    assert not ImportRow.objects.filter(batch=batch).exists()


def test_without_a_title_block_rows_still_need_a_cell(cast, tmp_path):
    batch = preview(cast, write_register(tmp_path / "ds.xlsx", two_members(), unit=None, cell=None))
    row = ImportRow.objects.filter(batch=batch).first()
    assert row.action == "REJECTED" and "Chưa biết chi bộ" in messages(row)[0]


# -- the rows -----------------------------------------------------------------------------------------------
def test_a_formula_cell_is_reported_as_a_formula_not_as_a_missing_name(cast, tmp_path):
    path = write_register(
        tmp_path / "ds.xlsx", two_members(), formulas={"B8": '=HYPERLINK("http://x.vn","Nguyễn Văn An")'}
    )
    batch = preview(cast, path)
    row = ImportRow.objects.get(batch=batch, row_number=8)
    assert row.action == "REJECTED"
    assert len(row.errors) == 1 and row.errors[0]["column"] == "Họ và tên"
    assert "công thức =HYPERLINK(" in row.errors[0]["message"] and "Thiếu họ và tên" not in row.errors[0]["message"]
    assert ImportRow.objects.get(batch=batch, row_number=9).action == "NEW"


@pytest.mark.parametrize(
    "column, value, expected",
    [
        (2, "X", "Giới tính không hợp lệ: “X”"),
        (3, "32/13/1985", "Ngày không hợp lệ: “32/13/1985”"),
    ],
)
def test_each_problem_is_reported_once(cast, tmp_path, column, value, expected):
    row = register_row(1)
    row[column] = value
    batch = preview(cast, write_register(tmp_path / "ds.xlsx", [row]))
    plan = ImportRow.objects.get(batch=batch)
    assert plan.action == "REJECTED" and len(plan.errors) == 1, plan.errors
    assert plan.errors[0]["message"].startswith(expected)


def test_an_eleven_digit_citizen_id_is_reported_as_such(cast, tmp_path):
    row = register_row(1, cid="03318000001")  # a digit short, not a lost leading zero: "003…" is no province
    batch = preview(cast, write_register(tmp_path / "ds.xlsx", [row]))
    plan = ImportRow.objects.get(batch=batch)
    assert len(plan.errors) == 1 and plan.errors[0]["column"] == "Số CCCD", plan.errors
    message = plan.errors[0]["message"]
    assert "11 chữ số" in message and "Excel đã bỏ mất số 0 ở đầu" in message and "003" not in message


def test_a_citizen_id_stored_as_a_number_gets_its_leading_zero_back_with_a_warning(cast, tmp_path):
    row = register_row(1)
    cid = row[6]
    row[6] = int(cid)  # Excel keeps 33085600001
    plan = ImportRow.objects.get(batch=preview(cast, write_register(tmp_path / "ds.xlsx", [row])))
    assert plan.action == "NEW" and plan.values["citizen_id"] == cid
    assert any("11 chữ số" in w and "Excel" in w for w in plan.warnings)


# -- legacy encodings, per column ----------------------------------------------------------------------------
def test_a_short_unicode_name_is_never_converted_and_the_legacy_reading_is_offered(client, cast, tmp_path):
    path = write(tmp_path / "ds.xlsx", [member_row(1, name="A Ýa"), member_row(2, name="Lê Ý")])
    batch = preview(cast, path)
    names = list(ImportRow.objects.filter(batch=batch).values_list("values__full_name", flat=True))
    assert names == ["A Ýa", "Lê Ý"]
    reading = batch.findings["readings"]["1"]
    assert reading["encoding"] == "" and reading["choices"] == ["", "TCVN3"]
    assert reading["samples"][0] == {"": "A Ýa", "TCVN3": "A ía"}
    client.force_login(cast.commune_committee)
    page = client.get(reverse("imports:detail", args=[batch.pk])).content.decode()
    assert "Cách đọc chữ" in page and "A ía" in page and 'name="enc_1"' in page


def test_the_importer_chooses_the_reading_it_is_applied_and_remembered(
    client, cast, tmp_path, settings, django_capture_on_commit_callbacks
):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    path = write(tmp_path / "ds.xlsx", [member_row(1, name="A Ýa")])
    batch = preview(cast, path)
    client.force_login(cast.commune_committee)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("imports:encodings", args=[batch.pk]), {"enc_1": "TCVN3", "remember": "on"})
    batch.refresh_from_db()
    assert batch.status == "PREVIEWED" and batch.encodings == {"1": "TCVN3"}
    assert ImportRow.objects.get(batch=batch).values["full_name"] == "A ía"
    assert ImportMapping.objects.get(signature=batch.findings["signature"]).encodings == {"1": "TCVN3"}
    services.apply_batch(batch=batch, actor=Actor.for_user(cast.commune_committee))
    assert cast.cell_a.members.filter(full_name="A ía").exists()
    again = preview(cast, write(tmp_path / "ds2.xlsx", [member_row(3, name="A Ýa")]))
    assert ImportRow.objects.get(batch=again).values["full_name"] == "A ía"  # remembered for these headings


def test_a_choice_outside_the_offered_readings_changes_nothing(client, cast, tmp_path):
    batch = preview(cast, write(tmp_path / "ds.xlsx", [member_row(1, name="A Ýa")]))
    client.force_login(cast.outsider)
    assert client.post(reverse("imports:encodings", args=[batch.pk]), {"enc_1": "TCVN3"}).status_code == 404
    client.force_login(cast.commune_committee)
    client.post(reverse("imports:encodings", args=[batch.pk]), {"enc_1": "VNI"})
    batch.refresh_from_db()
    assert batch.status == "PREVIEWED" and batch.encodings == {}


def test_a_legacy_column_is_converted_as_a_whole(cast, tmp_path):
    names = ["Lờ Tú", "Nguyễn Văn Đức", "Trần Thị Hồng"]  # TCVN3 "Lê Tó" alone reads as Unicode: it would stay
    rows = [member_row(i, name=from_unicode_tcvn3(n)) for i, n in enumerate(names, start=1)]
    batch = preview(cast, write(tmp_path / "ds.xlsx", rows))
    assert list(ImportRow.objects.filter(batch=batch).values_list("values__full_name", flat=True)) == names
    assert batch.findings["readings"]["1"]["encoding"] == "TCVN3"
    assert batch.findings["readings"]["1"]["choices"] == ["TCVN3"]


def test_a_unicode_column_is_not_converted_cell_by_cell(cast, tmp_path):
    # The column is Unicode ("ễ"); a cell in TCVN3 is not converted on its own: the row is refused, saying why.
    rows = [member_row(1, name="Nguyễn Văn An"), member_row(2, name="Lª V¨n B×nh"), member_row(3, name="Müller Hans")]
    batch = preview(cast, write(tmp_path / "ds.xlsx", rows))
    legacy = ImportRow.objects.get(batch=batch, row_number=3)
    assert legacy.action == "REJECTED" and len(legacy.errors) == 1
    assert "phông cũ TCVN3 (“Lê Văn Bình”)" in legacy.errors[0]["message"]
    assert ImportRow.objects.get(batch=batch, row_number=4).values["full_name"] == "Müller Hans"
    assert "readings" not in batch.findings


def test_the_command_reports_the_title_cell_and_the_footer(cast, tmp_path, capsys):
    import json

    from django.core.management import call_command

    path = write_register(tmp_path / "ds.xlsx", two_members())
    call_command("import_members", str(path), "--org", cast.commune_a.code, "--json")
    report = json.loads(capsys.readouterr().out)
    assert report["counts"]["NEW"] == 2 and report["rejected"] == []
    assert report["title_cell"] == "Chi bộ thôn Đông" and report["footer_lines"] == 6


def test_a_cell_under_a_base_committee_is_found_by_its_unit(cast, tmp_path):
    path = write_register(
        tmp_path / "ds.xlsx", two_members(), cell="CHI BỘ GIÁO VIÊN", unit="ĐẢNG BỘ TRƯỜNG THPT ĐÔNG TIẾN"
    )
    batch = preview(cast, path)
    assert batch.findings["title"]["cell_id"] == cast.cell_a2.pk
    assert cast.base_a.kind == OrgKind.BASE_COMMITTEE


def test_a_cell_chosen_on_upload_wins_over_the_title_and_the_difference_is_said(cast, tmp_path):
    path = write_register(tmp_path / "ds.xlsx", two_members(), cell="CHI BỘ THÔN KHÔNG CÓ")
    batch = preview(cast, path, default_cell=cast.cell_a2)
    assert batch.status == ImportBatch.Status.PREVIEWED, batch.message
    assert set(ImportRow.objects.filter(batch=batch).values_list("organization_id", flat=True)) == {cast.cell_a2.pk}
    assert batch.findings["title"]["cell_id"] is None and "Chi bộ giáo viên" in batch.findings["title"]["note"]


# -- the parts, without a database ----------------------------------------------------------------------------
@pytest.mark.parametrize(
    "rows, unit, cell",
    [
        ([["ĐẢNG BỘ XÃ ĐÔNG TIẾN"], ["CHI BỘ THÔN ĐÔNG"]], "ĐẢNG BỘ XÃ ĐÔNG TIẾN", "CHI BỘ THÔN ĐÔNG"),
        (
            [["ĐẢNG BỘ TỈNH HƯNG YÊN\nĐẢNG ỦY XÃ ĐÔNG TIẾN\nCHI BỘ THÔN ĐÔNG\n*"]],
            "ĐẢNG ỦY XÃ ĐÔNG TIẾN",
            "CHI BỘ THÔN ĐÔNG",
        ),
        ([[None, "ĐẢNG CỘNG SẢN VIỆT NAM"], ["Chi bộ thôn Đông:"]], "", "Chi bộ thôn Đông"),
        # TCVN3 in a .VnTimeH (capitals) font: the small letters' codes, drawn as capitals
        ([["§¶NG Bé X· §«NG TIÕN"], ["CHI Bé TH«N §«NG"]], "ĐẢNG BỘ XÃ ĐÔNG TIẾN", "CHI BỘ THÔN ĐÔNG"),
    ],
)
def test_the_title_block_is_read_from_the_lines_above_the_table(rows, unit, cell):
    from sotay.imports.register import read_title_block

    block = read_title_block(rows)
    # Compared without case: a .VnTimeH "Bé" becomes "Bộ", and names are matched folded anyway.
    assert block is not None and (block.unit.upper(), block.cell.upper()) == (unit.upper(), cell.upper())


def test_no_title_block_without_a_cell_line():
    from sotay.imports.register import read_title_block

    assert read_title_block([["ĐẢNG BỘ XÃ ĐÔNG TIẾN"], ["DANH SÁCH ĐẢNG VIÊN"]]) is None


@pytest.mark.parametrize(
    "line",
    [
        "Tổng cộng: 25 đảng viên",
        "Tổng số: 25",
        "Người lập biểu",
        "T/M CHI ỦY",
        "TM. CHI ỦY",
        "BÍ THƯ",
        "Phó Bí thư",
        "Đông Tiến, ngày 05 tháng 3 năm 2026",
        "Đông Tiến, ngày … tháng … năm 2026",
        "(Ký, ghi rõ họ tên)",
        "(Ký tên và đóng dấu)",
        "Bí thư chi bộ",
        "Xác nhận của Đảng ủy xã",
    ],
)
def test_footer_lines_are_recognised(line):
    from sotay.imports.register import is_footer_line

    assert is_footer_line([None, line])


@pytest.mark.parametrize("line", ["Nguyễn Văn An", "Bì Thu Hà", "Chi bộ thôn Đông", "Ngày vào Đảng", "Tổ 3"])
def test_ordinary_cells_are_no_footer(line):
    from sotay.imports.register import is_footer_line

    assert not is_footer_line([line])


def test_a_row_with_an_identifying_value_is_data_even_after_a_footer_line():
    from sotay.imports.register import FooterTracker

    tracker = FooterTracker({1: "full_name", 2: "citizen_id", 3: "occupation"})
    assert not tracker.is_footer([1, "Lê Văn A", "033085000001", "Bí thư chi bộ"])  # an occupation, with an ID
    assert tracker.is_footer(["Cộng: 1"]) and tracker.is_footer([None, "Trần Văn B"])  # the signer, after it
    assert not tracker.is_footer([2, "Lê Văn C", "033085000002"])  # the next part of the table
    assert tracker.ignored == 2


def test_a_title_with_the_pre_merger_commune_finds_the_cell_now_under_the_merged_commune(cast, tmp_path):
    from sotay.members.reorganize import merge_organizations

    merge_organizations(
        sources=[cast.commune_b], target=cast.commune_a, decision=DECISION, actor=Actor.system("command:test")
    )
    path = write_register(
        tmp_path / "ds.xlsx", two_members(), unit="ĐẢNG BỘ PHƯỜNG PHỐ HIẾN", cell="CHI BỘ TỔ DÂN PHỐ SỐ 3"
    )
    batch = preview(cast, path)  # the commune committee of the merged commune
    assert batch.status == ImportBatch.Status.PREVIEWED, batch.message
    assert batch.findings["title"]["cell_id"] == cast.cell_b.pk


def test_the_command_reports_an_uncertain_column_and_takes_a_reading(cast, tmp_path, capsys):
    from django.core.management import call_command
    from django.core.management.base import CommandError

    path = write(tmp_path / "ds.xlsx", [member_row(1, name="A Ýa")])
    call_command("import_members", str(path), "--org", cast.commune_a.code)
    assert "Cột “Họ và tên”: chưa chắc cách đọc chữ (Unicode, TCVN3)" in capsys.readouterr().out
    call_command("import_members", str(path), "--org", cast.commune_a.code, "--encoding", "Họ và tên=TCVN3", "--apply")
    assert cast.cell_a.members.filter(full_name="A ía").exists()
    with pytest.raises(CommandError, match="Cách đọc chữ không hợp lệ"):
        call_command("import_members", str(path), "--org", cast.commune_a.code, "--encoding", "2=VNI")
