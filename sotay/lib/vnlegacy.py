"""Legacy Vietnamese 8-bit encodings (TCVN3/ABC and VNI): recognise them and convert to Unicode.

Before Unicode (TCVN 6909:2001) Vietnamese was typed with 8-bit fonts: the bytes were ordinary single-byte
code points that the font drew as Vietnamese letters. Old .xls/.doc files therefore read in Python as
mojibake — "NguyÔn V¨n An" (TCVN3, the .VnTime fonts) or "Nguyeãn Vaên An" (VNI, the VNI-Times fonts) for
"Nguyễn Văn An". Legacy text here is the *Latin-1 view* of the bytes: byte b is the character chr(b), which is
what Excel and Word hand over for the upper half 0xA0-0xFF.

Where the tables come from (typed here from the published charts, not taken from any converter):

* TCVN3 — the standard TCVN 5712:1993 "Công nghệ thông tin — Bộ mã chuẩn 8-bit kí tự Việt dùng trong trao đổi
  thông tin". Its table VN3, the one the ABC fonts carry, holds every lower-case letter with its tone in
  0xA8-0xFE plus the capitals Ă Â Ê Ô Ơ Ư Đ in 0xA1-0xA7 (ư sits at 0xAD, the soft hyphen: never strip it
  before conversion). Capitals with a tone exist only in table VN1, which puts them in the gaps of that range,
  in 0x80-0x9F and in 0x01-0x17; they are decoded from those raw code points and produced by
  :func:`from_unicode_tcvn3`, so that every letter round-trips. In practice ABC users wrote capitals with the
  ".VnTimeH" fonts, which draw the *lower-case* codes as capitals, so "S¸CH" stands for "SÁCH": a word with a
  capital after its first letter and no lower-case ASCII letter is therefore upper-cased after conversion.
  VN1 also has the five tone marks as combining characters at 0xB0-0xB4; they are applied when they follow a
  vowel and left alone elsewhere (0xB0 is also the degree sign).
* VNI — the VNI-Win code chart of VNI Software: a vowel letter followed by a mark character, ø ù û õ ï for the
  tones huyền sắc hỏi ngã nặng, â for the circumflex (with tone: à á å ã ä), ê for the breve (with tone:
  è é ú ü ë); single characters for ơ (ô), ư (ö), đ (ñ), the toned i (ì í æ ó ò) and ỵ (î). Capitals use the
  capital forms of the same characters ("AÙ" is Á); a mark whose case differs from its letter is accepted.

Detection reads a text three ways — as it stands, as TCVN3, as VNI — and counts in each reading the words
that are not well-formed Vietnamese syllables (initial consonant, vowel cluster, final consonant, at most one
tone, only sắc/nặng before c, ch, p, t, and lower, Capitalised or UPPER case). Valid Vietnamese Unicode is never
converted silently, so a legacy reading is applied only when the text *cannot* be Vietnamese Unicode:

* text holding a letter only Unicode has (ă đ ơ ư ạ … ỹ) or a combining mark is Unicode: legacy text has none;
* text made only of ASCII and the letters of the Vietnamese alphabet (the 134 accented letters: "Lê Ý", or
  "A Ýa", which TCVN3 would read "Lờ í" and "A ía") could be Unicode, so it is kept as it stands; when a
  legacy reading has fewer malformed words ("A ía") that reading is only *offered* (:attr:`Reading.others`)
  for a person to choose;
* text holding a character the legacy tables use that is no Vietnamese letter (ª µ ¸ § ® ­ ø ï ñ ö …), a
  word with an accented capital after a small letter ("kiÓu", "tÝnh": TCVN3 puts ể and í on those codes), or a
  VNI letter-and-mark pair no Vietnamese syllable holds ("eã", "aê", "oâ": every VNI pair but "oà", "oá",
  "oã", as in "hoà", "hoá", "xoã") cannot be Vietnamese Unicode: the legacy reading with the fewest malformed
  words is applied, when it has fewer than the text as it stands ("Müller" and "37°C" stay). A tie between
  TCVN3 and VNI goes to TCVN3, the national standard state bodies used before Unicode, unless the TCVN3 reading
  needs the VN1 capitals, which ABC users hardly ever typed; the tie is reported as uncertain.

A single short text is often truly ambiguous, a column rarely is (one "Phạm", "Hoàng", "Đỗ" or "Trường" among a
column of VNI names brings ï, ø, Ñ or ö), so an importer reads a whole column with :class:`ColumnReader`, then
converts each cell with :func:`to_unicode`.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

TCVN3 = "TCVN3"
VNI = "VNI"

# Tone order of every table below: ngang, huyền, hỏi, ngã, sắc, nặng (as in sotay.lib.vntext).
_TONE_MARKS = ("", "\u0300", "\u0309", "\u0303", "\u0301", "\u0323")

# TCVN 5712:1993. Each string holds one vowel with its six tones, in the order above.
_TCVN3_TABLE = {
    # VN3, lower case.
    "a": "aµ¶·¸¹",
    "ă": "¨»¼½¾Æ",
    "â": "©ÇÈÉÊË",
    "e": "eÌÎÏÐÑ",
    "ê": "ªÒÓÔÕÖ",
    "i": "i×ØÜÝÞ",
    "o": "oßáâãä",
    "ô": "«åæçèé",
    "ơ": "¬êëìíî",
    "u": "uïñòóô",
    "ư": "\xadõö÷øù",
    "y": "yúûüýþ",
    # VN1, capitals (only Ă Â Ê Ô Ơ Ư are also in VN3).
    "A": "A\x80\x81\x82\x83\x84",
    "Ă": "\xa1\xaf\xba\xbf\xc0\x85",
    "Â": "\xa2\xc1\xc2\xc3\xc4\x86",
    "E": "E\x87\x88\x89\x8a\x8b",
    "Ê": "\xa3\xc5\xcd\xd9\xda\x8c",
    "I": "I\x8d\x8e\x8f\x90\x91",
    "O": "O\x92\x93\x94\x95\x96",
    "Ô": "\xa4\xdb\xe0\xf0\xff\x97",
    "Ơ": "\xa5\x98\x99\x9a\x9b\x9c",
    "U": "U\x9d\x9e\x9f\x01\x02",
    "Ư": "\xa6\x04\x05\x06\x11\x12",
    "Y": "Y\x13\x14\x15\x16\x17",
}
_TCVN3_D = {"đ": "®", "Đ": "§"}
_TCVN3_COMBINING = {"\xb0": "\u0300", "\xb1": "\u0309", "\xb2": "\u0303", "\xb3": "\u0301", "\xb4": "\u0323"}

# VNI-Win: each vowel's six forms, in the tone order above.
_VNI_TONES = ("", "ø", "û", "õ", "ù", "ï")
_VNI_CIRCUMFLEX = ("â", "à", "å", "ã", "á", "ä")
_VNI_BREVE = ("ê", "è", "ú", "ü", "é", "ë")
_VNI_TABLE = {
    "a": tuple("a" + m for m in _VNI_TONES),
    "ă": tuple("a" + m for m in _VNI_BREVE),
    "â": tuple("a" + m for m in _VNI_CIRCUMFLEX),
    "e": tuple("e" + m for m in _VNI_TONES),
    "ê": tuple("e" + m for m in _VNI_CIRCUMFLEX),
    "i": ("i", "ì", "æ", "ó", "í", "ò"),  # the toned i are single characters
    "o": tuple("o" + m for m in _VNI_TONES),
    "ô": tuple("o" + m for m in _VNI_CIRCUMFLEX),
    "ơ": tuple("ô" + m for m in _VNI_TONES),
    "u": tuple("u" + m for m in _VNI_TONES),
    "ư": tuple("ö" + m for m in _VNI_TONES),
    "y": (*("y" + m for m in _VNI_TONES[:5]), "î"),  # ỵ is the single character î
}

_VIET_VOWELS = "aăâeêioôơuưy"
# Letters Unicode Vietnamese has outside Latin-1, and combining marks: neither occurs in legacy text.
_UNICODE_ONLY = re.compile(
    "[\u0102\u0103\u0110\u0111\u0128\u0129\u0168\u0169\u01a0\u01a1\u01af\u01b0\u1ea0-\u1ef9\u0300-\u0323]"
)
_WORD = re.compile(r"\w+")
# A "word" for detection: a run of anything but white space, ASCII digits and ASCII punctuation. U+0085 counts as
# white space to Python but is a TCVN3 letter (Ặ), so it belongs to words.
_TOKEN = re.compile(r"(?:\x85|[^\s!-@\[-`{-~])+")


def _with_tone(letter: str, tone: int) -> str:
    return unicodedata.normalize("NFC", unicodedata.normalize("NFD", letter) + _TONE_MARKS[tone])


def _build_tcvn3() -> tuple[dict[str, str], dict[int, str]]:
    encode: dict[str, str] = dict(_TCVN3_D)
    for letter, codes in _TCVN3_TABLE.items():
        for tone, code in enumerate(codes):
            toned = _with_tone(letter, tone)
            if toned != code:
                encode[toned] = code
    return encode, {ord(code): letter for letter, code in encode.items()}


def _build_vni() -> tuple[dict[str, str], dict[str, str]]:
    encode: dict[str, str] = {"đ": "ñ", "Đ": "Ñ"}
    for letter, forms in _VNI_TABLE.items():
        for tone, legacy in enumerate(forms):
            for toned, written in (
                (_with_tone(letter, tone), legacy),
                (_with_tone(letter.upper(), tone), legacy.upper()),
            ):
                if toned != written:
                    encode[toned] = written
    decode = {legacy: letter for letter, legacy in encode.items()}
    for legacy, letter in list(decode.items()):
        if len(legacy) == 2:  # accept a mark in the other case: the letter's case wins
            decode.setdefault(legacy[0] + legacy[1].swapcase(), letter)
    return encode, decode


_TO_TCVN3, _FROM_TCVN3 = _build_tcvn3()
_TO_VNI, _FROM_VNI = _build_vni()
_VNI_PATTERN = re.compile("|".join(re.escape(k) for k in sorted(_FROM_VNI, key=len, reverse=True)))
_TCVN3_MARK_AFTER_VOWEL = re.compile(f"([{_VIET_VOWELS}{_VIET_VOWELS.upper()}])([\xb0-\xb4])")
_VN1_CAPITALS = frozenset(c for letter, codes in _TCVN3_TABLE.items() if letter.isupper() for c in codes[1:])
_LEGACY_CHARS = (
    frozenset(map(chr, _FROM_TCVN3))
    | frozenset(ch for legacy in _FROM_VNI for ch in legacy if not ch.isascii())
    | frozenset(_TCVN3_COMBINING)
)


def _upper_caps_words(text: str) -> str:
    """Upper-case words written in a ".VnTimeH" font: a capital after the first letter, no lower-case ASCII."""

    def fix(match: re.Match[str]) -> str:
        word = match[0]
        if any(ch.isupper() for ch in word[1:]) and not any("a" <= ch <= "z" for ch in word):
            return word.upper()
        return word

    return _WORD.sub(fix, text)


def to_unicode_tcvn3(text: str) -> str:
    """TCVN3 (ABC, .VnTime) text → NFC Unicode; characters outside the table are kept."""
    text = text.translate(_FROM_TCVN3)
    text = _TCVN3_MARK_AFTER_VOWEL.sub(lambda m: m[1] + _TCVN3_COMBINING[m[2]], text)
    return unicodedata.normalize("NFC", _upper_caps_words(text))


def to_unicode_vni(text: str) -> str:
    """VNI (VNI-Times) text → NFC Unicode; characters outside the table are kept."""
    return unicodedata.normalize("NFC", _VNI_PATTERN.sub(lambda m: _FROM_VNI[m[0]], text))


def from_unicode_tcvn3(text: str) -> str:
    """Unicode → TCVN3 (for tests and demo data); characters TCVN3 cannot write are kept as they are."""
    return "".join(_TO_TCVN3.get(ch, ch) for ch in unicodedata.normalize("NFC", text))


def from_unicode_vni(text: str) -> str:
    """Unicode → VNI (for tests and demo data); characters VNI cannot write are kept as they are."""
    return "".join(_TO_VNI.get(ch, ch) for ch in unicodedata.normalize("NFC", text))


# -- Vietnamese syllables ------------------------------------------------------------------------------------
_INITIALS = sorted("b c ch d đ g gh gi h k kh l m n ng ngh nh p ph qu r s t th tr v x".split(), key=len, reverse=True)
_RHYME = re.compile(f"([{_VIET_VOWELS}]+)(ch|ng|nh|[cmnpt])?")
_OPEN_ONLY = frozenset(
    "ai ao au ay âu ây eo êu ia iu oi ôi ơi ua ui ưa ưi ưu iêu yêu oai oay oao oeo uây uôi ươi ươu uya uyu uơ".split()
)
_CLOSED_ONLY = frozenset("ă â iê yê uô ươ uyê oă uâ oo".split())
_EITHER = frozenset("a e ê i o ô ơ u ư y oa oe uê uy".split())
_FRONT = "eêiy"  # vowels after which k, gh, ngh are written instead of c, g, ng
_TONE_OF = {mark: i for i, mark in enumerate(_TONE_MARKS) if mark}


def _split_tone(word: str) -> tuple[str, int, int] | None:
    """(lower-case word without its tone mark, tone number, index of the toned letter), None if several tones."""
    letters: list[str] = []
    tone, at = 0, -1
    for i, ch in enumerate(unicodedata.normalize("NFC", word.lower())):
        parts = unicodedata.normalize("NFD", ch)
        marks = [c for c in parts if c in _TONE_OF]
        if marks:
            if tone or len(marks) > 1:
                return None
            tone, at = _TONE_OF[marks[0]], i
            ch = unicodedata.normalize("NFC", "".join(c for c in parts if c not in _TONE_OF))
        letters.append(ch)
    return "".join(letters), tone, at


def _tone_places(vowels: str, final: str) -> tuple[int, ...]:
    """Where a vowel cluster may carry the tone: the (last) vowel with a letter mark, else by the cluster's shape."""
    marked = [i for i, ch in enumerate(vowels) if ch in "ăâêôơư"]
    if marked:
        return (marked[-1],)
    if len(vowels) == 3:  # oai, oay, oao, oeo, uya, uyu
        return (1,)
    if vowels in ("oa", "oe", "uy"):  # "hòa"/"hoà" both in use; "hoàn" only
        return (1,) if final else (0, 1)
    return (0,)


def _rhyme_fits(initial: str, vowels: str, final: str, tone: int, at: int) -> bool:
    if final:
        if vowels not in _CLOSED_ONLY and vowels not in _EITHER:
            return False
        if final in ("c", "ch", "p", "t") and tone not in (0, 4, 5):
            return False
        if final in ("ch", "nh") and vowels[-1] not in "aêiy":
            return False
        if vowels == "oo" and final != "ng":  # only in "xoong", "boong"
            return False
    elif vowels not in _OPEN_ONLY and vowels not in _EITHER:
        return False
    if tone and at not in _tone_places(vowels, final):
        return False
    front = vowels[0] in _FRONT
    if initial in ("k", "gh", "ngh") and not front:
        return False
    if initial in ("c", "ng") and front:
        return False
    if initial == "g" and vowels[0] in "eê":
        return False
    return not (initial == "qu" and vowels[0] in "uo")


def is_vietnamese_syllable(word: str) -> bool:
    """True for one well-formed Vietnamese syllable written lower-case, Capitalised or in capitals ("Nguyễn").

    Both tone placements in use are accepted ("hòa" and "hoà", "thủy" and "thuỷ").
    """
    if not word or word not in (word.lower(), word.upper(), word[0].upper() + word[1:].lower()):
        return False
    split = _split_tone(word)
    if split is None:
        return False
    plain, tone, at = split
    for initial in [*(i for i in _INITIALS if plain.startswith(i)), ""]:
        match = _RHYME.fullmatch(plain, len(initial))
        if match and _rhyme_fits(initial, match[1], match[2] or "", tone, at - len(initial)):
            return True
    return False


# Every letter of the Vietnamese alphabet with every tone, capitals too: text made of these and ASCII can be
# Vietnamese Unicode as it stands.
_VIETNAMESE_LETTERS = frozenset(
    unicodedata.normalize("NFC", unicodedata.normalize("NFD", vowel) + tone)
    for vowel in _VIET_VOWELS + _VIET_VOWELS.upper()
    for tone in _TONE_MARKS
) | frozenset("đĐ")
# Characters a legacy table uses that are no Vietnamese letter: text holding one cannot be Vietnamese Unicode.
_FOREIGN_LEGACY_CHARS = frozenset(
    ch for ch in _LEGACY_CHARS if ch not in _VIETNAMESE_LETTERS and not (ch.isascii() and ch.isalpha())
)
_CONVERTERS = {TCVN3: to_unicode_tcvn3, VNI: to_unicode_vni}


def to_unicode(text: str, encoding: str | None) -> str:
    """`text` read in `encoding` (TCVN3, VNI, or None for Unicode as it stands), NFC."""
    if encoding is None:
        return unicodedata.normalize("NFC", text)
    return _CONVERTERS[encoding](text)


@lru_cache(maxsize=65536)
def _malformed(token: str) -> tuple[bool, bool, bool]:
    """Whether a word is malformed as it stands, read as TCVN3, read as VNI."""
    return (
        not is_vietnamese_syllable(token),
        not is_vietnamese_syllable(to_unicode_tcvn3(token)),
        not is_vietnamese_syllable(to_unicode_vni(token)),
    )


# An accented capital right after a small letter ("kiÓu"): no Vietnamese word is written so, TCVN3 text is.
_CAPITAL_INSIDE = re.compile("[a-zß-öø-ÿ][À-ÖØ-Þ]")
# VNI letter-and-mark pairs; only "oà", "oá", "oã" (any case) also occur in well-formed syllables.
_VNI_IMPOSSIBLE = re.compile(
    "|".join(re.escape(pair) for pair in sorted(_FROM_VNI) if len(pair) == 2 and not re.fullmatch("[oO][àáãÀÁÃ]", pair))
)


def has_unicode_only_letters(text: str) -> bool:
    """Whether a text holds a letter only Unicode has (ă đ ơ ư ạ … ỹ) or a combining mark: it is no legacy text."""
    return bool(_UNICODE_ONLY.search(text))


def could_be_unicode(text: str) -> bool:
    """Whether a text may be Vietnamese (or other) Unicode as it stands: no legacy character that is no Vietnamese
    letter, no accented capital after a small letter, no VNI pair that no Vietnamese syllable holds."""
    return (
        _FOREIGN_LEGACY_CHARS.isdisjoint(text) and not _CAPITAL_INSIDE.search(text) and not _VNI_IMPOSSIBLE.search(text)
    )


@dataclass(frozen=True)
class Reading:
    """How a text (or a column) reads: `encoding` is applied (None: Unicode as it stands); `others` are the other
    readings it may be in, for a person to choose — empty when the reading is certain."""

    encoding: str | None = None
    others: tuple[str | None, ...] = ()

    @property
    def certain(self) -> bool:
        return not self.others

    @property
    def choices(self) -> tuple[str | None, ...]:
        return (self.encoding, *self.others)


class ColumnReader:
    """Reads the cells of one column, one by one, and tells how the whole column reads (:meth:`reading`)."""

    def __init__(self) -> None:
        self.unicode = False  # a letter only Unicode has: the column is Unicode, whatever follows
        self.foreign = False  # "ª", "kiÓu", "Vaên": the column cannot be Unicode (see the module's docstring)
        self.vn1 = False  # TCVN3 capitals of table VN1
        self.malformed = [0, 0, 0]  # words malformed as it stands, as TCVN3, as VNI
        self.changed = [False, False]  # whether the TCVN3 or VNI reading differs from the text at all

    @property
    def decided(self) -> bool:
        """No further cell can change the reading."""
        return self.unicode

    def add(self, text: str) -> None:
        if self.unicode or not text or text.isascii() and _LEGACY_CHARS.isdisjoint(text):
            return  # (TCVN3 puts some toned capitals on ASCII control codes: "\x04" is "Ừ")
        if _UNICODE_ONLY.search(text):
            self.unicode = True
            return
        if not _LEGACY_CHARS.intersection(text):
            return
        self.foreign = self.foreign or not could_be_unicode(text)
        self.vn1 = self.vn1 or not _VN1_CAPITALS.isdisjoint(text)
        for token in _TOKEN.findall(text):
            if token.isascii() and token.isalpha():
                continue
            as_is, tcvn3, vni = _malformed(token)
            self.malformed[0] += as_is
            self.malformed[1] += tcvn3
            self.malformed[2] += vni
            if not self.changed[0] and to_unicode_tcvn3(token) != token:
                self.changed[0] = True
            if not self.changed[1] and to_unicode_vni(token) != token:
                self.changed[1] = True

    def reading(self) -> Reading:
        if self.unicode:
            return Reading()
        as_is = self.malformed[0]
        better = [
            (self.malformed[i + 1], preference, encoding)
            for i, (encoding, preference) in enumerate(((TCVN3, 1 if self.vn1 else 0), (VNI, 1 if not self.vn1 else 0)))
            if self.changed[i] and self.malformed[i + 1] < as_is
        ]
        if not better:
            return Reading()
        better.sort()
        if not self.foreign:  # could be Unicode as it stands: never converted silently, only offered
            return Reading(None, tuple(encoding for _m, _p, encoding in better))
        best = better[0]
        tied = tuple(encoding for malformed, _p, encoding in better[1:] if malformed == best[0])
        return Reading(best[2], (*tied, None) if tied else ())


def read_texts(texts: Iterable[str]) -> Reading:
    """How a column of texts reads, all of them taken together."""
    reader = ColumnReader()
    for text in texts:
        reader.add(text)
        if reader.decided:
            break
    return reader.reading()


def detect_legacy_encoding(text: str) -> str | None:
    """The legacy encoding of a text — TCVN3 or VNI — or None: Unicode, ASCII, text that may be Unicode as it
    stands, or no reading reads better."""
    if not text:
        return None
    return read_texts([text]).encoding


def fix_legacy_text(text: str) -> tuple[str, str | None]:
    """(NFC Unicode text, the legacy encoding it was in or None). White space is left as it is."""
    encoding = detect_legacy_encoding(text)
    return to_unicode(text or "", encoding), encoding
