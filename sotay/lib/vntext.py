"""Vietnamese text: NFC normalisation, diacritic folding for search, and the name sort key.

Everything the system stores goes through :func:`nfc`. Search columns hold :func:`fold` of the text, and
queries are folded the same way, so "nguyen van an", "NGUYỄN VĂN ÂN" and "Nguyễn Văn Ấn" all match.

The sort key orders people as a Vietnamese register does: by given name, then middle name, then family name,
each in the Vietnamese alphabet (a ă â b c d đ e ê g h i k l m n o ô ơ p q r s t u ư v x y), with tone marks
deciding only between names that are otherwise equal (ngang, huyền, hỏi, ngã, sắc, nặng). The key is a string
of decimal digits, so that it sorts the same under any database collation (binary on SQLite, a locale on
PostgreSQL).
"""

from __future__ import annotations

import re
import unicodedata

_SPACES = re.compile(r"\s+")

# Combining tone marks, in the traditional dictionary order of the tones (ngang has none).
_TONES = {
    "\u0300": 1,  # huyền
    "\u0309": 2,  # hỏi
    "\u0303": 3,  # ngã
    "\u0301": 4,  # sắc
    "\u0323": 5,  # nặng
}
# Marks that make a separate letter of the alphabet (ă â ê ô ơ ư), not a tone.
_LETTER_MARKS = {"\u0306", "\u0302", "\u031b"}

ALPHABET = "aăâbcdđeêfghijklmnoôơpqrstuưvwxyz"
# Two-digit ranks from 10 upwards; "00" ends a word and "09" ends a section (given, middle, family).
# Characters outside the alphabet (hyphens, apostrophes) do not take part in the order.
_RANK = {ch: f"{10 + i:02d}" for i, ch in enumerate(ALPHABET)}
_WORD_END = "00"
_SECTION_END = "09"


# Characters nobody types on purpose in a name or a text, which change how it shows or compares: C0 and C1 control
# characters (ESC, BEL, NUL…; tab, line feed and carriage return aside), the bidirectional marks, embeddings,
# overrides and isolates (U+202E shows "gnàoH" for "Hoàng"), zero-width spaces and joiners, word joiner, BOM.
_INVISIBLE = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u061c\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064"
    "\u2066-\u2069\ufeff\ufff9-\ufffb]"
)
_LINE_ENDS = re.compile(r"\r\n?|[\x85\u2028\u2029]")


def strip_invisible(text: str) -> str:
    """`text` without control, bidirectional-override and zero-width characters (tab and line ends kept)."""
    return _INVISIBLE.sub("", text)


# What `nfc` would change besides the normal form: an invisible character, white space other than one space between
# words.
_UNCLEAN = re.compile(f"{_INVISIBLE.pattern}|[^\\S ]|  |^ | $")


def nfc(text: str | None) -> str:
    """NFC-normalise, drop invisible characters (`strip_invisible`) and collapse runs of white space; None becomes
    the empty string."""
    if not text:
        return ""
    if unicodedata.is_normalized("NFC", text) and not _UNCLEAN.search(text):
        return text  # nothing to change (most text: checked in C, without building three new strings)
    return _SPACES.sub(" ", unicodedata.normalize("NFC", strip_invisible(text))).strip()


def clean_multiline(text: str | None) -> str:
    """A text of paragraphs: NFC, invisible characters dropped, line ends as \\n, surrounding space stripped."""
    if not text:
        return ""
    return unicodedata.normalize("NFC", strip_invisible(_LINE_ENDS.sub("\n", text))).strip()


def fold(text: str | None) -> str:
    """Lower-case text without any diacritics, đ folded to d: the form kept in search columns."""
    text = unicodedata.normalize("NFD", nfc(text).lower())
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return text.replace("đ", "d")


def title_name(text: str | None) -> str:
    """A person's name as usually written: NFC, single spaces, each word capitalised ("NGUYỄN văn  an")."""
    return " ".join(word[:1].upper() + word[1:].lower() for word in nfc(text).split(" ") if word)


def _letters_and_tones(word: str) -> tuple[str, int]:
    """Split one word into its base letters (keeping ă â đ ê ô ơ ư) and its tone number (0 for ngang)."""
    letters: list[str] = []
    tone = 0
    for ch in unicodedata.normalize("NFD", word.lower()):
        if ch in _TONES:
            tone = _TONES[ch]
        elif ch in _LETTER_MARKS and letters:
            letters[-1] = unicodedata.normalize("NFC", letters[-1] + ch)
        elif not unicodedata.combining(ch):
            letters.append(ch)
    return "".join(letters), tone


def split_name(full_name: str) -> tuple[str, str, str]:
    """(family, middle, given) of a Vietnamese full name; a single word is a given name."""
    words = nfc(full_name).split(" ")
    words = [w for w in words if w]
    if not words:
        return "", "", ""
    if len(words) == 1:
        return "", "", words[0]
    return words[0], " ".join(words[1:-1]), words[-1]


def _primary(words: list[str]) -> str:
    out = []
    for word in words:
        letters, _tone = _letters_and_tones(word)
        out.append("".join(_RANK.get(ch, "") for ch in letters) + _WORD_END)
    return "".join(out)


def text_sort_key(text: str) -> str:
    """A digits-only key that sorts any text word by word in the Vietnamese alphabet (đ after d, ơ after ô…)."""
    words = nfc(text).split(" ")
    primary = _primary([w for w in words if w])
    tones = "".join(f"{_letters_and_tones(word)[1]:02d}" for word in words if word)
    return primary + _SECTION_END + tones


def name_sort_key(full_name: str) -> str:
    """A digits-only key that sorts Vietnamese names by given, middle, then family name."""
    family, middle, given = split_name(full_name)
    sections = [[given], middle.split(" ") if middle else [], [family] if family else []]
    primary = "".join(_primary(words) + _SECTION_END for words in sections)
    tones = "".join(f"{_letters_and_tones(word)[1]:02d}" for words in sections for word in words)
    return primary + tones


def sort_tuple(full_name: str) -> tuple:
    """A reference ordering (used by tests) equal in meaning to :func:`name_sort_key`."""
    family, middle, given = split_name(full_name)
    sections = [[given], middle.split(" ") if middle else [], [family] if family else []]

    def letters(word: str) -> tuple[int, ...]:
        return tuple(ALPHABET.index(ch) for ch in _letters_and_tones(word)[0] if ch in ALPHABET)

    primary = tuple(tuple(letters(w) for w in words) for words in sections)
    tones = tuple(_letters_and_tones(w)[1] for words in sections for w in words)
    return primary, tones
