"""Find citations of Party and State documents in Vietnamese text, and normalise them (pure: no database).

A Party reference reads `<number>-<type>/<issuer>` (docs/glossary.md, "Abbreviations in document numbers"): 294-QĐ/TW.
Texts also write it with a stray space ("15-HD/ BTCTU"), the other way round ("144/QĐ-TW"), by the kind's name and
number only ("Nghị quyết 21", "NQ 21", "qd 144"), and State documents as `<number>/<year>/<type>-<issuer>`
("Thông tư 02/2021/TT-BNV", "356/2025/NĐ-CP") or `<number>/<year>/<issuer>` for a law ("91/2025/QH15"); a letter
(*công văn*) as `<number>/<symbol>`, the issuer and its unit ("văn bản số 12729/VPCP-KGVX", "Công văn
12729/VPCP-KGVX"). A date may follow: "Chỉ thị số 35-CT/TW, ngày 14/6/2024", in brackets "(17/8/2022)",
"(ngày 5/1/2026)", or without a year, "ngày 8.8" — the year is then the one in the number when it has one, else the
date is left empty. A bracketed date is attached but not quoted in the matched text, which never takes in a closing
bracket.

The text is folded character by character (`fold` of each character keeps one character), so positions in the
folded text are positions in the original and the matched text is quoted exactly as written.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass

# Abbreviation (folded) → (as written, kind). QĐ is a regulation or a decision: the kind's name decides.
TYPE_CODES: dict[str, tuple[str, str]] = {
    "nq": ("NQ", "RESOLUTION"),
    "ct": ("CT", "DIRECTIVE"),
    "qd": ("QĐ", ""),
    "kl": ("KL", "CONCLUSION"),
    "hd": ("HD", "GUIDANCE"),
    "kh": ("KH", "PLAN"),
    "da": ("ĐA", "SCHEME"),
    "tb": ("TB", "NOTICE"),
    "bc": ("BC", "REPORT"),
    "cv": ("CV", "LETTER"),
}
# The kind's name (folded) → (abbreviation, kind).
KIND_WORDS: dict[str, tuple[str, str]] = {
    "nghi quyet": ("NQ", "RESOLUTION"),
    "chi thi": ("CT", "DIRECTIVE"),
    "quy dinh": ("QĐ", "REGULATION"),
    "quyet dinh": ("QĐ", "DECISION"),
    "ket luan": ("KL", "CONCLUSION"),
    "huong dan": ("HD", "GUIDANCE"),
    "ke hoach": ("KH", "PLAN"),
    "de an": ("ĐA", "SCHEME"),
    "thong bao": ("TB", "NOTICE"),
    "bao cao": ("BC", "REPORT"),
    "cong van": ("CV", "LETTER"),
    "luat": ("", "LAW"),
    "nghi dinh": ("NĐ", "DECREE"),
    "thong tu": ("TT", "CIRCULAR"),
    "van ban": ("", ""),  # "văn bản số …": says nothing of the kind
}
# The type in a State document's number (<number>/<year>/<type>-<issuer>), folded → (as written, kind).
STATE_TYPE_CODES: dict[str, tuple[str, str]] = {
    "nd": ("NĐ", "DECREE"),
    "tt": ("TT", "CIRCULAR"),
    "ttlt": ("TTLT", "CIRCULAR"),
    "qd": ("QĐ", "DECISION"),
    "nq": ("NQ", "RESOLUTION"),
    "ct": ("CT", "DIRECTIVE"),
}
# Folded issuer codes whose written form is not simply the upper case of the folded text.
_ISSUER_SPELLING = {"du": "ĐU", "duk": "ĐUK", "th.u": "Th.U", "nd-cp": "NĐ-CP", "dct": "ĐCT", "ttg": "TTg"}

_WORD = "|".join(sorted((re.escape(w) for w in KIND_WORDS), key=len, reverse=True))
_ABBR = "|".join(TYPE_CODES)
_ISSUER = r"[a-z]+(?:\.[a-z]+)?\d*(?:-[a-z]+)?"
_SYMBOL = r"[a-z]+\d*(?:-[a-z]+\d*)+"  # an issuer and its unit: VPCP-KGVX, UBND-VP
_SP = r"[ \t]*"


def _day(prefix: str) -> str:
    return (
        rf"(?P<{prefix}day>\d{{1,2}})[/.-](?P<{prefix}month>\d{{1,2}})(?:[/.-](?P<{prefix}year>\d{{4}}))?"
        r"(?![/.-]?\d)"
    )


# ", ngày 14/6/2024" and "ngày 8.8" are part of the citation; "(17/8/2022)" and "(ngày 5/1/2026)" are read through
# a lookahead, so the matched text stops before the bracket.
_DATE = rf"(?:{_SP},?{_SP}ngay{_SP}{_day('')}|(?={_SP}\({_SP}(?:ngay{_SP})?{_day('b')}{_SP}\)))?"

_PATTERN = re.compile(
    rf"""
    (?<![a-z0-9])
    (?:(?P<word>{_WORD})\s+(?:so\s*)?)?
    (?:
        (?P<n1>\d{{1,5}}){_SP}-{_SP}(?P<a1>{_ABBR}){_SP}/{_SP}(?P<i1>{_ISSUER})        # 144-QĐ/TW
      | (?P<n2>\d{{1,5}}){_SP}/{_SP}(?P<a2>{_ABBR}){_SP}-{_SP}(?P<i2>{_ISSUER})        # 144/QĐ-TW
      | (?P<n3>\d{{1,5}})/(?P<y3>(?:19|20)\d\d)/(?P<s3>[a-z]+\d*(?:-[a-z]+\d*)*)     # 91/2025/QH15, 02/2021/TT-BNV
      | (?P<n6>\d{{1,6}})/(?P<s6>{_SYMBOL})                                              # 12729/VPCP-KGVX
      | (?<![a-z0-9])(?P<a4>{_ABBR})[ \t]*(?:so[ \t]*)?(?P<n4>\d{{1,5}})(?!{_SP}[\d/-])  # NQ 21, qd 144
      | (?P<n5>\d{{1,5}})(?!{_SP}[\d/-])                                                 # Nghị quyết 21
    )
    (?![a-z0-9])
    {_DATE}
    """,
    re.VERBOSE,
)


@dataclass(frozen=True)
class Citation:
    matched: str
    start: int
    end: int
    number: int
    type_code: str  # as written on documents: "QĐ", "NQ", "ĐA"; "" when unknown (a law)
    doc_type: str  # a DocType value, or "" when QĐ is not named (regulation or decision)
    issuer_code: str  # "TW", "BTCTU", "QH15", "CP", "VPCP-KGVX"; "" when the citation does not say
    date: dt.date | None = None
    number_text: str = ""  # the digits as written ("02")
    year: int | None = None  # the year in a State document's number (2025 in 91/2025/QH15)

    @property
    def reference(self) -> str:
        number = self.number_text or str(self.number)
        if self.year:
            symbol = f"{self.type_code}-{self.issuer_code}" if self.type_code else self.issuer_code
            return f"{number}/{self.year}/{symbol}"
        if not self.issuer_code:
            return f"{self.type_code} {number}".strip()
        if not self.type_code:
            return f"{number}/{self.issuer_code}"
        return f"{number}-{self.type_code}/{self.issuer_code}"

    def as_dict(self) -> dict:
        return {
            "matched": self.matched,
            "kind": self.doc_type or None,
            "type_code": self.type_code,
            "number": self.number,
            "year": self.year,
            "issuer": self.issuer_code or None,
            "date": self.date.isoformat() if self.date else None,
        }


def fold_keep_length(text: str) -> str:
    """Lower case without diacritics, đ → d, one character for each character of `text`."""
    out = []
    for ch in text:
        base = unicodedata.normalize("NFD", ch.lower())[:1] or ch
        if unicodedata.combining(base):
            base = ch
        out.append("d" if base == "đ" else base)
    return "".join(out)


def reference_key(number: int, type_code: str, issuer_code: str = "", year: int | None = None) -> str:
    """The folded key of a reference, e.g. "144-qd/tw", "356/2025/nd-cp", "91/2025/qh15": what an exact lookup by
    number compares."""
    tc = fold_keep_length(type_code)
    issuer = fold_keep_length(issuer_code).replace(" ", "")
    if year:
        return f"{int(number)}/{int(year)}/{tc + '-' if tc else ''}{issuer}"
    return f"{int(number)}-{tc}/{issuer}" if issuer else f"{int(number)}-{tc}"


def _issuer(original: str, folded: str) -> str:
    original = re.sub(r"\s+", "", original)
    if folded in _ISSUER_SPELLING:
        return _ISSUER_SPELLING[folded]
    return original.upper()


def _date(m: re.Match, number_year: int | None) -> dt.date | None:
    """The date after the citation; without a year of its own it takes the year in the number, if any."""
    prefix = "" if m.group("day") else "b" if m.group("bday") else None
    if prefix is None:
        return None
    year = m.group(f"{prefix}year")
    year = int(year) if year else number_year
    if year is None:
        return None
    try:
        return dt.date(year, int(m.group(f"{prefix}month")), int(m.group(f"{prefix}day")))
    except ValueError:
        return None


def _state_symbol(original: str, folded: str, word_code: str, word_kind: str) -> tuple[str, str, str]:
    """(type code, kind, issuer) of the part after the year: "NĐ-CP" → NĐ, DECREE, CP; "QH15" → "", LAW, QH15."""
    head, _sep, rest = folded.partition("-")
    if rest and head in STATE_TYPE_CODES:
        code, kind = STATE_TYPE_CODES[head]
        if word_kind and word_code == code:
            kind = word_kind
        return code, kind, _issuer(original[len(head) + 1 :], rest)
    kind = "LAW" if folded.startswith("qh") and not word_kind else word_kind
    return "", kind, _issuer(original, folded)


def find_citations(text: str) -> list[Citation]:
    """Every citation in `text`, in order. Text is NFC-normalised first; positions refer to the NFC text."""
    text = unicodedata.normalize("NFC", text or "")
    folded = fold_keep_length(text)
    found: list[Citation] = []
    for m in _PATTERN.finditer(folded):
        word = m.group("word")
        word_code, word_kind = KIND_WORDS[word] if word else ("", "")
        issuer, year = "", None
        if word == "van ban" and not (m.group("n1") or m.group("n2") or m.group("n3") or m.group("n6")):
            continue  # "văn bản 21" names no document
        if m.group("n1") or m.group("n2"):
            k = "1" if m.group("n1") else "2"
            number_text = m.group(f"n{k}")
            code, kind = TYPE_CODES[m.group(f"a{k}")]
            if code == "QĐ" and word_kind in ("REGULATION", "DECISION"):
                kind = word_kind
            issuer = _issuer(text[m.start(f"i{k}") : m.end(f"i{k}")], m.group(f"i{k}"))
        elif m.group("n3"):
            number_text, year = m.group("n3"), int(m.group("y3"))
            code, kind, issuer = _state_symbol(text[m.start("s3") : m.end("s3")], m.group("s3"), word_code, word_kind)
        elif m.group("n6"):
            written = text[m.start("s6") : m.end("s6")]
            # Without "văn bản" or "công văn" before it, only a symbol written in capitals is taken for one.
            if not word and not written.replace("-", "").rstrip("0123456789").isupper():
                continue
            number_text = m.group("n6")
            code, kind = "", word_kind
            issuer = "-".join(_issuer(part, fold_keep_length(part)) for part in written.split("-"))
        elif m.group("n4"):
            if word:  # "Nghị quyết NQ 21" is not a way of writing; let the abbreviation start the match
                continue
            abbr = m.group("a4")
            # "đã 15 năm" folds to "da 15": the scheme abbreviation counts only when written in capitals.
            if abbr == "da" and text[m.start("a4") : m.end("a4")] not in ("ĐA", "DA"):
                continue
            number_text = m.group("n4")
            code, kind = TYPE_CODES[abbr]
        else:
            if not word:
                continue
            number_text = m.group("n5")
            written_so = "so" in folded[m.end("word") : m.start("n5")]
            if int(number_text) >= 1900 and not written_so:  # "kế hoạch 2024 - 2025" is a period, not a number
                continue
            code, kind = word_code, word_kind
        number = int(number_text)
        if number == 0:
            continue
        found.append(
            Citation(
                matched=text[m.start() : m.end()],
                start=m.start(),
                end=m.end(),
                number=number,
                type_code=code,
                doc_type=kind,
                issuer_code=issuer,
                date=_date(m, year),
                number_text=number_text,
                year=year,
            )
        )
    return found


def parse_reference(text: str) -> Citation | None:
    """The one reference `text` is, e.g. "144-QĐ/TW", "144/QĐ-TW", "qd 144", "Quy định 144"; None otherwise."""
    text = (text or "").strip()
    found = find_citations(text)
    if len(found) == 1 and found[0].start == 0 and found[0].end == len(unicodedata.normalize("NFC", text)):
        return found[0]
    return None
