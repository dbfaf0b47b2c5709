"""The citation parser: references as docs/glossary.md writes them (<number>-<type>/<issuer>) and texts' variants."""

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
    ("Luật 91/2025/QH15", 91, "", "LAW", "QH15", None),
    ("Nghị định 356/2025/NĐ-CP", 356, "NĐ", "DECREE", "CP", None),
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
    """The Thái Bình article shipped in documents/data cites seven Party documents; every one is found."""
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


# Issue 15 §4: State documents, letters by symbol, dates in brackets or without a year, the closing bracket


@pytest.mark.parametrize(
    ("text", "number", "year", "code", "kind", "issuer", "reference"),
    [
        ("Thông tư 02/2021/TT-BNV", 2, 2021, "TT", "CIRCULAR", "BNV", "02/2021/TT-BNV"),
        ("Nghị định 35/2025/NĐ-CP", 35, 2025, "NĐ", "DECREE", "CP", "35/2025/NĐ-CP"),
        ("Luật số 91/2025/QH15", 91, 2025, "", "LAW", "QH15", "91/2025/QH15"),
        ("Quyết định 123/2025/QĐ-TTg", 123, 2025, "QĐ", "DECISION", "TTg", "123/2025/QĐ-TTg"),
        ("356/2025/NĐ-CP", 356, 2025, "NĐ", "DECREE", "CP", "356/2025/NĐ-CP"),
    ],
)
def test_state_documents_read_number_year_type_and_issuer_apart(text, number, year, code, kind, issuer, reference):
    """Issue 15 §4 (State numbering, Luật Ban hành văn bản quy phạm pháp luật: <number>/<year>/<type>-<issuer>):
    the year is its own part, no longer glued to the issuer."""
    (c,) = find_citations(text)
    assert (c.number, c.year, c.type_code, c.doc_type, c.issuer_code) == (number, year, code, kind, issuer)
    assert c.reference == reference and c.matched == text
    assert parse_reference(reference).reference == reference


@pytest.mark.parametrize(
    ("text", "kind", "date"),
    [
        ("văn bản số 12729/VPCP-KGVX ngày 25/12/2025", "", dt.date(2025, 12, 25)),
        ("Công văn 12729/VPCP-KGVX", "LETTER", None),
        ("Công văn số 12729/VPCP-KGVX, ngày 25/12/2025", "LETTER", dt.date(2025, 12, 25)),
    ],
)
def test_a_letter_by_number_and_symbol_is_found(text, kind, date):
    """Issue 15 §4: "văn bản số 12729/VPCP-KGVX" (a bare number and the issuer's symbol) was missed."""
    (c,) = find_citations(f"Theo {text}.")
    assert (c.number, c.type_code, c.doc_type, c.issuer_code, c.date) == (12729, "", kind, "VPCP-KGVX", date)
    assert c.reference == "12729/VPCP-KGVX" and c.matched == text


def test_a_lower_case_number_and_symbol_without_a_kind_is_not_a_citation():
    assert find_citations("tỷ lệ 3/abc-def của năm") == []
    assert [c.reference for c in find_citations("số 5/UBND-VP")] == ["5/UBND-VP"]


@pytest.mark.parametrize(
    ("text", "matched", "date"),
    [
        ("Quy định 24-QĐ/TW (17/8/2022) nêu", "Quy định 24-QĐ/TW", dt.date(2022, 8, 17)),
        ("Kết luận 229-KL/TW (ngày 5/1/2026)", "Kết luận 229-KL/TW", dt.date(2026, 1, 5)),
        ("Nghị định 35/2025/NĐ-CP ngày 8.8 quy định", "Nghị định 35/2025/NĐ-CP ngày 8.8", dt.date(2025, 8, 8)),
        ("Nghị định 35/2025/NĐ-CP (ngày 8.8)", "Nghị định 35/2025/NĐ-CP", dt.date(2025, 8, 8)),
        ("Chỉ thị 50-CT/TW ngày 23.7 về", "Chỉ thị 50-CT/TW ngày 23.7", None),
        ("Chỉ thị 50-CT/TW ngày 31.2.2025", "Chỉ thị 50-CT/TW ngày 31.2.2025", None),
    ],
)
def test_dates_in_brackets_or_without_a_year_are_attached(text, matched, date):
    """Issue 15 §4: a date in brackets is attached (not quoted); a date without a year takes the year of the number
    when it has one, else stays empty; an impossible date stays empty."""
    (c,) = find_citations(text)
    assert (c.matched, c.date) == (matched, date)


def test_the_matched_text_never_takes_a_closing_bracket():
    """Issue 15 §4: "(theo Chỉ thị 35-CT/TW, ngày 14/6/2024)" — the bracket closing the sentence is not quoted."""
    (c,) = find_citations("(theo Chỉ thị 35-CT/TW, ngày 14/6/2024)")
    assert c.matched == "Chỉ thị 35-CT/TW, ngày 14/6/2024" and c.date == dt.date(2024, 6, 14)
    (c,) = find_citations("(Quy định 294-QĐ/TW)")
    assert c.matched == "Quy định 294-QĐ/TW"


STATE_KINDS = [("Nghị định", "NĐ", "DECREE"), ("Thông tư", "TT", "CIRCULAR"), ("Quyết định", "QĐ", "DECISION")]
STATE_ISSUERS = ["CP", "BNV", "BTC", "TTg", "UBND"]


@given(
    kind=st.sampled_from(STATE_KINDS),
    law=st.booleans(),
    number=st.integers(min_value=1, max_value=9999),
    year=st.integers(min_value=1990, max_value=2030),
    issuer=st.sampled_from(STATE_ISSUERS),
    with_word=st.booleans(),
    date=st.one_of(st.none(), st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2030, 12, 31))),
    date_form=st.sampled_from(["comma", "bracket", "bracket-ngay", "no-year"]),
    before=FILLER,
    after=FILLER,
)
def test_any_state_reference_is_found_once_with_number_year_type_and_issuer(
    kind, law, number, year, issuer, with_word, date, date_form, before, after
):
    """Issue 15 §4: State documents in any of their written forms, with the date forms texts use."""
    word, code, doc_type = ("Luật", "", "LAW") if law else kind
    symbol = f"QH{year % 100 + 1}" if law else f"{code}-{issuer}"
    ref = f"{number}/{year}/{symbol}"
    head = f"{word} số " if with_word else ""
    tail, quoted, expected = "", "", None
    if date:
        if date_form == "comma":
            tail = quoted = f", ngày {date.day}/{date.month}/{date.year}"
            expected = date
        elif date_form == "bracket":
            tail, expected = f" ({date.day}/{date.month}/{date.year})", date
        elif date_form == "bracket-ngay":
            tail, expected = f" (ngày {date.day}/{date.month}/{date.year})", date
        else:
            tail = quoted = f" ngày {date.day}.{date.month}"
            try:
                expected = dt.date(year, date.month, date.day)
            except ValueError:
                expected = None
    text = f"{before}{head}{ref}{tail}{after}"
    (c,) = find_citations(text)
    assert (c.number, c.year, c.type_code, c.date) == (number, year, code, expected)
    assert c.issuer_code == (symbol if law else issuer)
    assert c.doc_type == (doc_type if with_word or law or code != "QĐ" else "DECISION")
    assert c.matched == f"{head}{ref}{quoted}" and ")" not in c.matched


@given(
    number=st.integers(min_value=1, max_value=99999),
    issuer=st.sampled_from(["VPCP", "UBND", "BNV", "TU"]),
    unit=st.sampled_from(["KGVX", "VP", "TCCB", "BTC"]),
    word=st.sampled_from(["văn bản số ", "Công văn ", "Công văn số ", ""]),
    before=FILLER,
    after=FILLER,
)
def test_any_letter_by_number_and_symbol_is_found_once(number, issuer, unit, word, before, after):
    """Issue 15 §4: <number>/<issuer>-<unit>, with "văn bản số", "Công văn" or alone when written in capitals."""
    text = f"{before}{word}{number}/{issuer}-{unit}{after}"
    (c,) = find_citations(text)
    assert (c.number, c.issuer_code, c.type_code) == (number, f"{issuer}-{unit}", "")
    assert c.doc_type == ("LETTER" if word.startswith("Công văn") else "")
    assert c.matched == f"{word}{number}/{issuer}-{unit}"


@given(
    kind=st.sampled_from(KINDS),
    number=st.integers(min_value=1, max_value=9999),
    issuer=st.sampled_from(ISSUERS),
    date=st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2030, 12, 31)),
    with_ngay=st.booleans(),
    before=FILLER,
)
def test_a_bracketed_date_after_a_party_reference_is_attached_and_the_brackets_not_quoted(
    kind, number, issuer, date, with_ngay, before
):
    word, code, _kind = kind
    ref = f"{word} {number}-{code}/{issuer}"
    text = f"{before}({ref} ({'ngày ' if with_ngay else ''}{date.day}/{date.month}/{date.year}))"
    (c,) = find_citations(text)
    assert c.date == date and c.matched == ref
