"""NFC, diacritic folding and the Vietnamese name order (property tests with hypothesis)."""

from __future__ import annotations

import re
import unicodedata

from hypothesis import given
from hypothesis import strategies as st

from sotay.lib.vntext import fold, name_sort_key, nfc, sort_tuple, split_name, strip_invisible, title_name

VIET_LETTERS = "aăâbcdđeêghiklmnoôơpqrstuưvxy"
TONED = "àảãáạằẳẵắặầẩẫấậèẻẽéẹềểễếệìỉĩíịòỏõóọồổỗốộờởỡớợùủũúụừửữứựỳỷỹýỵ"
word = st.text(alphabet=VIET_LETTERS + TONED, min_size=1, max_size=7)
names = st.lists(word, min_size=1, max_size=5).map(lambda ws: " ".join(w.capitalize() for w in ws))


def test_fold_removes_diacritics_and_case_and_dd():
    assert fold("Nguyễn Thị ĐÀO") == "nguyen thi dao"
    assert fold("Đảng bộ xã Đông Tiến") == "dang bo xa dong tien"
    assert fold("  Trần   Văn  Ơn ") == "tran van on"


def test_nfc_joins_decomposed_text():
    decomposed = unicodedata.normalize("NFD", "Nguyễn Văn Ấn")
    assert decomposed != "Nguyễn Văn Ấn"
    assert nfc(decomposed) == "Nguyễn Văn Ấn"


# Text with what nfc changes: decomposed letters, invisible and bidirectional characters, every kind of space.
messy = st.text(
    alphabet=st.sampled_from(
        [*VIET_LETTERS, *TONED, *unicodedata.normalize("NFD", TONED), " ", "\t", "\n", "\xa0", "\u2003", "\u200b"]
        + ["\u202e", "\ufeff", "\x00", "\x1f", "\u0301", "\u3000"]
    )
)


@given(st.one_of(messy, st.text(), names))
def test_nfc_unchanged_text_shortcut_gives_the_full_cleaning(text):
    """nfc returns a text as it is when nothing would change it: the same as strip invisible, NFC, one space."""
    full = re.sub(r"\s+", " ", unicodedata.normalize("NFC", strip_invisible(text))).strip()
    assert nfc(text) == full
    assert nfc(full) == full


def test_title_name_fixes_all_caps_and_spacing():
    assert title_name("NGUYỄN   văn  AN") == "Nguyễn Văn An"


@given(st.text())
def test_fold_is_idempotent_and_ascii_for_vietnamese(text):
    assert fold(fold(text)) == fold(text)


@given(names)
def test_fold_of_nfd_equals_fold_of_nfc(name):
    assert fold(unicodedata.normalize("NFD", name)) == fold(name)
    assert nfc(unicodedata.normalize("NFD", name)) == unicodedata.normalize("NFC", name)


@given(names)
def test_folded_vietnamese_is_plain_ascii(name):
    assert fold(name).isascii()


def test_split_name():
    assert split_name("Nguyễn Thị Minh Khai") == ("Nguyễn", "Thị Minh", "Khai")
    assert split_name("Lê Lợi") == ("Lê", "", "Lợi")
    assert split_name("Hùng") == ("", "", "Hùng")


def test_names_sort_by_given_name_first():
    people = ["Nguyễn Văn Bình", "Trần Thị An", "Lê Văn Đức", "Phạm Thị Dung", "Hoàng Văn Ân"]
    ordered = sorted(people, key=name_sort_key)
    assert ordered == ["Trần Thị An", "Hoàng Văn Ân", "Nguyễn Văn Bình", "Phạm Thị Dung", "Lê Văn Đức"]


def test_vietnamese_alphabet_order_of_letters():
    # a < ă < â, d < đ, o < ô < ơ, u < ư, and "ch" sorts as c + h (after "c" alone).
    given_names = ["Ánh", "Ăn", "Ân", "Dũng", "Đạt", "Oanh", "Ôn", "Ơn", "Uyên", "Ưng"]
    ordered = sorted((f"Nguyễn Văn {g}" for g in reversed(given_names)), key=name_sort_key)
    assert [n.split()[-1] for n in ordered] == given_names


def test_tones_only_break_ties():
    # Same letters: ngang, huyền, hỏi, ngã, sắc, nặng.
    tones = ["Ma", "Mà", "Mả", "Mã", "Má", "Mạ"]
    ordered = sorted((f"Lê {t}" for t in reversed(tones)), key=name_sort_key)
    assert [n.split()[-1] for n in ordered] == tones
    # But letters come before tones: "Mạ" < "Mai".
    assert name_sort_key("Lê Mạ") < name_sort_key("Lê Mai")


def test_middle_then_family_name_decide_for_equal_given_names():
    assert name_sort_key("Trần Thị Hoa") < name_sort_key("Nguyễn Văn Hoa")  # Thị < Văn
    assert name_sort_key("Lê Văn Hoa") < name_sort_key("Nguyễn Văn Hoa")  # Lê < Nguyễn
    assert name_sort_key("Lê Hoa") < name_sort_key("Lê Văn Hoa")  # no middle name first


def test_key_is_digits_only_so_any_collation_agrees():
    assert name_sort_key("Nguyễn Thị Minh Khai").isdigit()


@given(names, names)
def test_sort_key_agrees_with_reference_order(a, b):
    ka, kb = name_sort_key(a), name_sort_key(b)
    ta, tb = sort_tuple(a), sort_tuple(b)
    assert (ka < kb) == (ta < tb)
    assert (ka == kb) == (ta == tb)


@given(names)
def test_sort_key_ignores_case_and_normal_form(name):
    assert name_sort_key(name.upper()) == name_sort_key(name)
    assert name_sort_key(unicodedata.normalize("NFD", name)) == name_sort_key(name)


def test_text_sort_key_puts_dd_after_d_and_words_in_order():
    from sotay.lib.vntext import text_sort_key

    names = ["Đoàn Đào", "Diên Hà", "Đại Đồng", "Dân Chủ", "An Lão"]
    assert sorted(names, key=text_sort_key) == ["An Lão", "Dân Chủ", "Diên Hà", "Đại Đồng", "Đoàn Đào"]
    assert text_sort_key("An") < text_sort_key("An Bình") < text_sort_key("Anh")
