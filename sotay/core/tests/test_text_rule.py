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
