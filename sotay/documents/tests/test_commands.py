"""`sotay cite FILE` and `sotay search QUERY [--json]`."""

from __future__ import annotations

import json
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

pytestmark = pytest.mark.django_db

SAMPLE = Path(__file__).parents[1] / "data/thai-binh-to-chuc-xay-dung-dang-2024.txt"


def test_cite_prints_one_json_object_per_citation_linked_to_the_library(library):
    out = StringIO()
    call_command("cite", str(SAMPLE), stdout=out)
    rows = [json.loads(line) for line in out.getvalue().splitlines()]
    assert len(rows) == 11
    first = rows[0]
    assert first == {
        "matched": "Đề án số 02-ĐA/TU",
        "kind": "SCHEME",
        "type_code": "ĐA",
        "number": 2,
        "issuer": "TU",
        "date": None,
        "document": library["02-ĐA/TU"].pk,
        "reference": "02-ĐA/TU",
    }
    directive = next(r for r in rows if r["matched"].startswith("Chỉ thị số 35-CT/TW, ngày"))
    assert directive["date"] == "2024-06-14" and directive["document"] == library["35-CT/TW"].pk
    assert all(r["document"] for r in rows)


def test_cite_gives_null_when_the_library_lacks_the_document(db, tmp_path):
    path = tmp_path / "t.txt"
    path.write_text("Theo Kết luận số 999-KL/TW", encoding="utf-8")
    out = StringIO()
    call_command("cite", str(path), stdout=out)
    row = json.loads(out.getvalue())
    assert row["document"] is None and row["number"] == 999 and row["kind"] == "CONCLUSION"


def test_search_prints_ranked_results_as_json(library):
    out = StringIO()
    call_command("search", "quy", "dinh", "144", "--json", stdout=out)
    rows = [json.loads(line) for line in out.getvalue().splitlines()]
    assert rows[0]["reference"] == "144-QĐ/TW" and rows[0]["rank"] == 1 and rows[0]["exact"]
    plain = StringIO()
    call_command("search", "dang phi", stdout=plain)
    assert plain.getvalue().splitlines()[0].startswith(" 1. ")


def test_search_as_a_user_sees_only_what_they_may_read(library, cast):
    out = StringIO()
    call_command("search", "144-QĐ/TW", "--json", "--user", cast.member.username, stdout=out)
    assert json.loads(out.getvalue().splitlines()[0])["reference"] == "144-QĐ/TW"
