"""The citation parser: references as GLOSSARY.md writes them (<number>-<type>/<issuer>) and the variants texts use."""

from __future__ import annotations

import datetime as dt
import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sotay.documents.citations import find_citations, parse_reference, reference_key

CASES = [
    ("Quy định số 114-QĐ/TW", 114, "QĐ", "REGULATION", "TW", None),
    ("Chỉ thị số 35-CT/TW, ngày 14/6/2024", 35, "CT", "DIRECTIVE", "TW", dt.date(2024, 6, 14)),
    ("Hướng dẫn số 15-HD/ BTCTU", 15, "HD", "GUIDANCE", "BTCTU", None),
    ("Đề án số 02-ĐA/TU", 2, "ĐA", "SCHEME", "TU", None),
    ("Nghị quyết 21-NQ/TW", 21, "NQ", "RESOLUTION", "TW", None),
    ("NQ 21", 21, "NQ", "RESOLUTION", "", None),
    ("Kế hoạch số 301-KH/TU, ngày 12/9/2024", 301, "KH", "PLAN", "TU", dt.date(2024, 9, 12)),
    ("144/QĐ-TW", 144, "QĐ", "", "TW", None),
    ("qd 144", 144, "QĐ", "", "", None),
    ("quy dinh 144", 144, "QĐ", "REGULATION", "", None),
    ("Quyết định 342-QĐ/TW", 342, "QĐ", "DECISION", "TW", None),
    ("Hướng dẫn 12-HD/BTCTW", 12, "HD", "GUIDANCE", "BTCTW", None),
    ("Kế hoạch 168-KH/VPTW", 168, "KH", "PLAN", "VPTW", None),
    ("Luật 91/2025/QH15", 91, "", "LAW", "2025/QH15", None),
    ("Nghị định 356/2025/NĐ-CP", 356, "NĐ", "DECREE", "2025/NĐ-CP", None),
    ("Kế hoạch 135-KH/ĐUK", 135, "KH", "PLAN", "ĐUK", None),
]


@pytest.mark.parametrize(("text", "number", "code", "kind", "issuer", "date"), CASES)
def test_it_normalises_each_form_of_citation(text, number, code, kind, issuer, date):
    (c,) = find_citations(text)
    assert (c.number, c.type_code, c.doc_type, c.issuer_code, c.date) == (number, code, kind, issuer, date)
    assert c.matched == text


@pytest.mark.parametrize(
    "text",
    [
        "đã 15 năm công tác",
        "giai đoạn 2024 - 2025",
        "Kế hoạch 2024 - 2025",
        "Nghị quyết Đại hội XIII",
        "số 15 nội dung",
    ],
)
def test_it_ignores_numbers_that_are_not_citations(text):
    assert find_citations(text) == []


def test_the_same_reference_written_three_ways_has_one_key():
    keys = {
        reference_key(c.number, c.type_code, c.issuer_code)
        for c in (parse_reference("144-QĐ/TW"), parse_reference("144/QĐ-TW"), parse_reference("144 - qđ / tw"))
    }
    assert keys == {"144-qd/tw"}


def test_parse_reference_wants_the_whole_text_to_be_one_reference():
    assert parse_reference("theo Quy định 144-QĐ/TW") is None
    assert parse_reference("144-QĐ/TW").number == 144


def test_sample_article_citations():
    """The Thái Bình article (a copy of shared/samples) cites seven Party documents; every one is found."""
    from pathlib import Path

    text = (Path(__file__).parents[1] / "data/thai-binh-to-chuc-xay-dung-dang-2024.txt").read_text(encoding="utf-8")
    refs = {c.reference for c in find_citations(text)}
    assert refs == {"02-ĐA/TU", "21-NQ/TW", "114-QĐ/TW", "144-QĐ/TW", "35-CT/TW", "301-KH/TU", "15-HD/BTCTU"}


KINDS = [
    ("Nghị quyết", "NQ", "RESOLUTION"),
    ("Chỉ thị", "CT", "DIRECTIVE"),
    ("Quy định", "QĐ", "REGULATION"),
    ("Quyết định", "QĐ", "DECISION"),
    ("Kết luận", "KL", "CONCLUSION"),
    ("Hướng dẫn", "HD", "GUIDANCE"),
    ("Kế hoạch", "KH", "PLAN"),
    ("Đề án", "ĐA", "SCHEME"),
    ("Thông báo", "TB", "NOTICE"),
]
ISSUERS = ["TW", "TU", "BTCTU", "BTCTW", "VPTW", "ĐU", "ĐUK", "BTGDVTW", "HU"]
FILLER = st.text(alphabet="abc ăâêôơư xyz,.;\n", max_size=40).map(lambda s: f" {s} " if s else " ")


def _case(text, upper: bool, strip_marks: bool) -> str:
    text = text.upper() if upper else text
    if strip_marks:
        text = "".join(ch for ch in unicodedata.normalize("NFD", text) if not unicodedata.combining(ch))
        text = text.replace("đ", "d").replace("Đ", "D")
    return unicodedata.normalize("NFC", text)


@given(
    kind=st.sampled_from(KINDS),
    number=st.integers(min_value=1, max_value=9999),
    issuer=st.sampled_from(ISSUERS),
    date=st.one_of(st.none(), st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2030, 12, 31))),
    with_word=st.booleans(),
    with_so=st.booleans(),
    spaces=st.sampled_from(["", " "]),
    swapped=st.booleans(),
    before=FILLER,
    after=FILLER,
)
def test_any_written_reference_is_found_once_with_its_parts(
    kind, number, issuer, date, with_word, with_so, spaces, swapped, before, after
):
    word, code, doc_type = kind
    sep1, sep2 = ("/", "-") if swapped else ("-", "/")
    ref = f"{number}{spaces}{sep1}{code}{sep2}{spaces}{issuer}"
    head = f"{word} {'số ' if with_so else ''}" if with_word else ""
    tail = f", ngày {date.day}/{date.month}/{date.year}" if date else ""
    text = f"{before}{head}{ref}{tail}{after}"
    found = find_citations(text)
    assert len(found) == 1
    c = found[0]
    assert c.number == number and c.type_code == code and c.issuer_code == issuer and c.date == date
    assert c.doc_type == (doc_type if with_word or code != "QĐ" else "")
    assert text[c.start : c.end] == c.matched == f"{head}{ref}{tail}"


@given(st.text(max_size=300))
def test_any_text_parses_without_error_and_matches_are_quoted_exactly(text):
    normal = unicodedata.normalize("NFC", text)
    for c in find_citations(text):
        assert normal[c.start : c.end] == c.matched
        assert c.number > 0


@given(
    number=st.integers(1, 999),
    code=st.sampled_from(["NQ", "QĐ", "CT", "HD", "KL"]),
    upper=st.booleans(),
    strip=st.booleans(),
)
def test_short_forms_ignore_case_and_diacritics(number, code, upper, strip):
    text = _case(f"{code} {number}", upper, strip)
    (c,) = find_citations(text)
    assert (c.number, c.type_code) == (number, code)


def test_an_abbreviation_just_before_a_full_reference_does_not_swallow_its_number():
    """Found by hypothesis: in "bc 1 - NQ/ TW" the reference is 1-NQ/TW, not "BC 1"."""
    (c,) = find_citations(" bc 1 - NQ/ TW ")
    assert (c.number, c.type_code, c.issuer_code) == (1, "NQ", "TW")
