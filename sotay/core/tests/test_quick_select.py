"""QuickSelect: a long select as a search box with suggestions (issue 18, "the busy pages on a phone")."""

from __future__ import annotations

from django import forms

from sotay.core.forms import QuickSelect

CHOICES = [("", "Tất cả"), ("01", "Kinh"), ("02", "Tày"), ("05", "Mường"), ("42", "Đan Lai")]


class ChoiceForm(forms.Form):
    ethnicity = forms.ChoiceField(required=False, choices=CHOICES, widget=QuickSelect(choices=CHOICES))


def test_renders_a_search_box_with_the_labels_as_suggestions():
    html = str(ChoiceForm({"ethnicity": "05"})["ethnicity"])
    assert '<input name="ethnicity" value="Mường" id="id_ethnicity" type="search" list="id_ethnicity-options"' in html
    assert 'placeholder="Tất cả"' in html and 'autocomplete="off"' in html
    assert '<datalist id="id_ethnicity-options"><option value="Kinh"></option>' in html
    assert '<option value="Đan Lai"></option></datalist>' in html
    assert "Tất cả</option>" not in html  # the empty choice is the placeholder, not a suggestion
    assert "<select" not in html


def test_a_label_typed_any_way_comes_back_as_its_value():
    for typed in ("Mường", "muong", "MUONG", "  mường ", "05"):
        form = ChoiceForm({"ethnicity": typed})
        assert form.is_valid(), typed
        assert form.cleaned_data["ethnicity"] == "05", typed
    form = ChoiceForm({"ethnicity": "dan lai"})  # đ = d
    assert form.is_valid() and form.cleaned_data["ethnicity"] == "42"
    assert ChoiceForm({"ethnicity": ""}).is_valid()


def test_text_naming_no_option_is_refused_by_the_field():
    form = ChoiceForm({"ethnicity": "Không có"})
    assert not form.is_valid() and "ethnicity" in form.errors
    assert 'value="Không có"' in str(form["ethnicity"])  # shown back as typed


def test_a_long_list_comes_from_the_server_as_the_user_types():
    widget = QuickSelect(suggest_url="/orgs/suggest/")
    widget.choices = [("17", "Chi bộ thôn Đông (HY.A.1)")]
    html = widget.render("org", "17", attrs={"id": "id_org"})
    assert 'value="Chi bộ thôn Đông (HY.A.1)"' in html
    assert 'hx-get="/orgs/suggest/"' in html and 'hx-target="#id_org-options"' in html
    assert '<datalist id="id_org-options"></datalist>' in html  # nothing sent ahead: filled while typing


def test_nothing_chosen_shows_an_empty_box_and_the_empty_label_means_all():
    """The empty option's label is the placeholder: an unfiltered form must not send it back as a value (the member
    list's filters once came back as `ethnicity=Tất cả` and refused every search)."""
    html = str(ChoiceForm({})["ethnicity"])
    assert 'value="Tất cả"' not in html and 'placeholder="Tất cả"' in html
    form = ChoiceForm({"ethnicity": "tat ca"})
    assert form.is_valid() and form.cleaned_data["ethnicity"] == ""
