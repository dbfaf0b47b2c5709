from __future__ import annotations

import datetime as dt
import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from sotay.imports import services
from sotay.imports.models import ImportBatch
from sotay.imports.tests.workbooks import member_row, write
from sotay.members.models import Member
from sotay.orgs.actor import Actor

pytestmark = pytest.mark.django_db


def upload(client, path, **extra):
    with path.open("rb") as handle:
        return client.post(reverse("imports:list"), {"file": handle, **extra})


def test_upload_previews_in_the_background_then_confirm_applies(
    client, cast, tmp_path, django_capture_on_commit_callbacks, settings
):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    client.force_login(cast.commune_committee)
    path = write(tmp_path / "ds.xlsx", [member_row(1, name="Đào Thị Hạnh", gender="Nữ", born=dt.date(1990, 7, 1))])
    with django_capture_on_commit_callbacks(execute=True):
        response = upload(client, path)
    assert response.status_code == 302
    batch = ImportBatch.objects.get()
    assert batch.status == "PREVIEWED"
    page = client.get(response["Location"]).content.decode()
    assert "Thêm mới: 1" in page and "Xác nhận và ghi" in page
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("imports:apply", args=[batch.pk]))
    assert Member.objects.filter(full_name="Đào Thị Hạnh", organization=cast.cell_a).exists()


def test_progress_partial_for_htmx(client, cast, tmp_path):
    client.force_login(cast.commune_committee)
    path = write(tmp_path / "ds.xlsx", [member_row(1)])
    upload(client, path)
    batch = ImportBatch.objects.get()
    body = client.get(reverse("imports:detail", args=[batch.pk]), HTTP_HX_REQUEST="true").content.decode()
    assert body.lstrip().startswith('<section id="status"') and 'hx-trigger="every 1s"' in body
    services.run_preview(batch, actor=Actor.system("worker:test"))
    done = client.get(reverse("imports:detail", args=[batch.pk]), HTTP_HX_REQUEST="true")
    assert done["HX-Refresh"] == "true"  # the page reloads once to show the rows


def test_a_commune_cannot_import_into_or_see_another_commune(client, cast, tmp_path):
    client.force_login(cast.commune_committee)
    path = write(tmp_path / "ds.xlsx", [member_row(1)])
    response = upload(client, path, organization=cast.commune_b.code)
    assert "Không tìm thấy tổ chức nào" in response.content.decode()
    assert not ImportBatch.objects.exists()
    client.force_login(cast.outsider)
    upload(client, path)
    batch = ImportBatch.objects.get()
    client.force_login(cast.commune_committee)
    assert client.get(reverse("imports:detail", args=[batch.pk])).status_code == 404
    assert client.post(reverse("imports:apply", args=[batch.pk])).status_code == 404


def test_a_plain_member_has_no_import_page(client, cast):
    client.force_login(cast.member)
    assert client.get(reverse("imports:list")).status_code == 404


def test_command_previews_as_json_and_applies_only_when_asked(cast, tmp_path, capsys):
    path = write(
        tmp_path / "ds.xlsx",
        [
            member_row(1, name="Đào Thị Hạnh", gender="Nữ", born=dt.date(1990, 7, 1)),
            member_row(2, name="Vũ Văn Kiên", cid="12345"),
        ],
    )
    call_command("import_members", str(path), "--org", cast.commune_a.code, "--json")
    report = json.loads(capsys.readouterr().out)
    assert report["counts"]["NEW"] == 1 and report["counts"]["REJECTED"] == 1
    assert report["rejected"][0]["row"] == 3 and report["rejected"][0]["column"] == "Số CCCD"
    assert not Member.objects.filter(full_name="Đào Thị Hạnh").exists()
    call_command("import_members", str(path), "--org", cast.commune_a.code, "--apply")
    assert "Đã ghi" in capsys.readouterr().out
    assert Member.objects.filter(full_name="Đào Thị Hạnh").exists()


def test_command_exits_non_zero_when_the_file_is_refused(cast, tmp_path):
    path = tmp_path / "ds.xlsx"
    path.write_bytes(b"not a spreadsheet at all")
    with pytest.raises(CommandError, match="không phải bảng tính"):
        call_command("import_members", str(path), "--org", cast.commune_a.code)


@pytest.mark.parametrize("command", ["import-members", "import_members"])
def test_the_sotay_script_runs_the_command_spelt_as_the_readme_or_with_underscores(
    cast, tmp_path, capsys, monkeypatch, command
):
    from sotay.__main__ import main

    path = write(tmp_path / "ds.xlsx", [member_row(1, name="Đào Thị Hạnh", gender="Nữ", born=dt.date(1990, 7, 1))])
    monkeypatch.setattr("sys.argv", ["sotay", command, str(path), "--org", cast.commune_a.code, "--json"])
    main()
    report = json.loads(capsys.readouterr().out)
    assert report["counts"]["NEW"] == 1 and not report["applied"]


def test_only_the_command_name_loses_its_dashes():
    from sotay.__main__ import command_line

    assert command_line(["import-members", "ds-2025.xlsx", "--org", "HY-A"]) == [
        "import_members",
        "ds-2025.xlsx",
        "--org",
        "HY-A",
    ]
    assert command_line(["--help"]) == ["--help"] and command_line([]) == []
