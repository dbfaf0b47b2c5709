"""`sotay cite FILE` and `sotay search QUERY [--json]`."""

from __future__ import annotations

import datetime as dt
import json
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

from sotay.orgs.actor import Actor

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
        "year": None,
        "issuer": "TU",
        "date": None,
        "document": library["02-ĐA/TU"].pk,
        "reference": "02-ĐA/TU",
        "candidates": [],
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


def _cite(tmp_path, text: str) -> list[dict]:
    path = tmp_path / "t.txt"
    path.write_text(text, encoding="utf-8")
    out = StringIO()
    call_command("cite", str(path), stdout=out)
    return [json.loads(line) for line in out.getvalue().splitlines()]


def test_a_bare_quy_dinh_24_links_to_24_qd_tw(library, tmp_path):
    """Issue 15 §4: "Quy định 24" names 24-QĐ/TW when the library has no other "24" regulation."""
    (row,) = _cite(tmp_path, "Theo Quy định 24, chi bộ xét kết nạp.")
    assert (row["document"], row["reference"], row["candidates"]) == (library["24-QĐ/TW"].pk, "24-QĐ/TW", [])


def test_an_ambiguous_bare_number_links_none_and_lists_the_candidates(library, cast, tmp_path):
    """Issue 15 §4: with 24-QĐ/TW and a provincial 24-QĐ/TU both in the library, "Quy định 24" is ambiguous across
    issuers: no link, both candidates listed; the full reference still links."""
    from sotay.documents import services

    provincial = services.create_document(
        organization=cast.province,
        data={
            "doc_type": "REGULATION",
            "reference": "24-QĐ/TU",
            "issuer": "Tỉnh ủy Hưng Yên",
            "issued_on": dt.date(2025, 9, 1),
            "title": "Quy định về công tác văn thư",
        },
        actor=Actor.system("command:test"),
    )
    bare, full = _cite(tmp_path, "Quy định 24 và Quy định 24-QĐ/TW")
    assert bare["document"] is None and bare["reference"] is None
    assert {c["reference"] for c in bare["candidates"]} == {"24-QĐ/TW", "24-QĐ/TU"}
    assert {c["document"] for c in bare["candidates"]} == {library["24-QĐ/TW"].pk, provincial.pk}
    assert full["document"] == library["24-QĐ/TW"].pk and full["candidates"] == []


def test_state_documents_and_letters_link_to_the_library(library, cast, tmp_path):
    """Issue 15 §4: "Luật số 91/2025/QH15", "Nghị định 356/2025/NĐ-CP" and a letter "văn bản số 12729/VPCP-KGVX"
    link to their entries; the year in the number tells two documents of the same number apart."""
    from sotay.documents import services

    letter = services.create_document(
        organization=cast.province,
        data={
            "doc_type": "LETTER",
            "reference": "12729/VPCP-KGVX",
            "issuer": "Văn phòng Chính phủ",
            "issued_on": dt.date(2025, 12, 25),
            "title": "Về nghỉ Tết Dương lịch 2026",
        },
        actor=Actor.system("command:test"),
    )
    assert (letter.type_code, letter.issuer_code) == ("", "VPCP-KGVX")
    rows = _cite(
        tmp_path,
        "Luật số 91/2025/QH15; Nghị định 356/2025/NĐ-CP (31/12/2025); văn bản số 12729/VPCP-KGVX ngày 25/12/2025; "
        "Nghị định 356/2024/NĐ-CP.",
    )
    assert [r["document"] for r in rows] == [
        library["91/2025/QH15"].pk,
        library["356/2025/NĐ-CP"].pk,
        letter.pk,
        None,
    ]
    assert rows[1]["date"] == "2025-12-31" and rows[1]["year"] == 2025 and rows[1]["issuer"] == "CP"
