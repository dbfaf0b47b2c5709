"""The text rule of every form (security review, issue 11): control characters, bidirectional overrides and
zero-width characters never reach the database; text is stored NFC."""

from __future__ import annotations

import unicodedata

import pytest
from django import forms

from sotay.lib.vntext import clean_multiline, nfc

HOSTILE = [
    ("Nguyễn\x1b[31m Văn An\x07", "Nguyễn[31m Văn An"),  # ESC, BEL
    ("\u202eNguyễn Văn An", "Nguyễn Văn An"),  # right-to-left override
    ("Nguyễn\u200b Văn\u200d An\ufeff", "Nguyễn Văn An"),  # zero-width space and joiner, BOM
    ("Lê\u2066 Thị\u2069 Hoa\u200f", "Lê Thị Hoa"),  # isolates, right-to-left mark
    ("Nguye\u0302\u0303n Va\u0306n An", "Nguyễn Văn An"),  # decomposed (NFD) → NFC
    ("An\x00", "An"),
]


class _Form(forms.Form):
    name = forms.CharField(max_length=100)
    note = forms.CharField(widget=forms.Textarea, required=False)
    email = forms.EmailField(required=False)
    password = forms.CharField(widget=forms.PasswordInput, required=False)


@pytest.mark.parametrize(("raw", "clean"), HOSTILE)
def test_every_form_text_field_drops_invisible_characters_and_is_nfc(raw, clean):
    password = raw.replace("\x00", "")  # Django refuses NUL in any field
    form = _Form({"name": raw, "note": f"{raw}\r\n{raw}", "password": password})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["name"] == clean
    assert form.cleaned_data["note"] == f"{clean}\n{clean}"
    assert unicodedata.is_normalized("NFC", form.cleaned_data["note"])
    assert form.cleaned_data["password"] == password  # passwords are left as typed


def test_a_name_of_invisible_characters_only_is_missing():
    form = _Form({"name": "\u200b\u202e\x1b"})
    assert not form.is_valid() and "name" in form.errors


def test_model_forms_get_the_rule_too():
    from sotay.members.forms import MemberForm

    field = MemberForm.base_fields["full_name"]
    assert field.clean("Trần\u202e Văn\x1b Bình") == "Trần Văn Bình"


def test_the_storage_helpers_share_the_rule():
    assert nfc("Hoàng\u202e\u200b Anh\x07") == "Hoàng Anh"
    assert clean_multiline("Dòng 1\r\nDòng\x1b 2\u2028Dòng 3") == "Dòng 1\nDòng 2\nDòng 3"


def test_the_import_path_shares_the_rule():
    from sotay.lib.cells import clean_text_cell

    assert clean_text_cell("Nguyễn\u202e Văn\x1b An\u200b") == "Nguyễn Văn An"


@pytest.mark.parametrize("raw", ["31/12/9999", "9999-12-31", "01/01/0001", "31/12/1899", "01/01/2101"])
def test_a_form_date_outside_1900_to_2100_gets_a_message(raw):
    field = forms.DateField()
    with pytest.raises(forms.ValidationError, match="ngoài khoảng cho phép"):
        field.clean(raw)
    with pytest.raises(forms.ValidationError, match="ngoài khoảng cho phép"):
        forms.DateTimeField().clean(f"{raw} 10:00")


@pytest.mark.parametrize("raw", ["00/00/0000", "31/02/2025", "32/01/2025", "1/1/1e9", "\x00", "9" * 5000])
def test_an_impossible_form_date_gets_a_message(raw):
    with pytest.raises(forms.ValidationError):
        forms.DateField().clean(raw)


def test_parse_date_refuses_what_would_overflow():
    from sotay.lib.dates import add_months, parse_date

    assert parse_date("31/12/2100") == __import__("datetime").date(2100, 12, 31)
    assert add_months(parse_date("31/12/2100"), 12).year == 2101  # the latest day still leaves room
    for raw in ("31/12/9999", "9999-12-31", "01/01/0001"):
        with pytest.raises(ValueError, match="ngoài khoảng cho phép"):
            parse_date(raw)


@pytest.mark.parametrize("raw", ["99999999999999999999999999999", "-99999999999999999999", "2147483648"])
def test_a_form_integer_past_the_database_range_gets_a_message(raw):
    with pytest.raises(forms.ValidationError, match="quá lớn"):
        forms.IntegerField().clean(raw)
    assert forms.IntegerField(max_value=10**12).clean("2147483648") == 2147483648  # a field may allow more
