"""Data that was stored wrongly (security review, issue 11): birth dates in 0001 or 1800, control and
bidirectional characters in names, a phone number without digits, the card number "-1", and duplicates created
by a retried save of a member without a citizen ID."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from sotay.members import services
from sotay.members.models import Member
from sotay.orgs.actor import Actor

pytestmark = pytest.mark.django_db

BASE = {
    "full_name": "Vũ Thị Hạnh",
    "birth_on": dt.date(1995, 8, 15),
    "gender": "F",
    "ethnicity": "01",
    "religion": "NONE",
    "joined_on": dt.date(2025, 2, 3),
}
FORM = {**BASE, "birth_on": "15/08/1995", "joined_on": "03/02/2025", "status": "PROBATIONARY"}


def _create(cast, **data):
    return services.create_member(
        data={**BASE, **data}, organization=cast.cell_a, actor=Actor.for_user(cast.cell_secretary)
    )


@pytest.mark.parametrize("born", [dt.date(1, 1, 1), dt.date(1800, 5, 1), dt.date(1899, 12, 31)])
def test_a_birth_date_before_1900_is_refused_by_the_service(cast, born):
    with pytest.raises(ValidationError, match="01/01/1900") as caught:
        _create(cast, birth_on=born)
    assert "birth_on" in caught.value.message_dict
    assert not Member.objects.filter(full_name="Vũ Thị Hạnh").exists()


def test_a_birth_date_in_the_future_is_refused(cast):
    with pytest.raises(ValidationError):
        _create(cast, birth_on=dt.date.today() + dt.timedelta(days=1))


@pytest.mark.parametrize("born", ["01/01/0001", "01/05/1800", "31/12/9999"])
def test_the_form_refuses_such_birth_dates_with_a_message(client, cast, born):
    client.force_login(cast.cell_secretary)
    response = client.post(reverse("members:create", args=[cast.cell_a.pk]), {**FORM, "birth_on": born})
    assert response.status_code == 200 and "chỉ nhận từ 1900 đến 2100" in response.content.decode()
    assert not Member.objects.filter(full_name="Vũ Thị Hạnh").exists()


@pytest.mark.parametrize("phone", ["không có", "-", "abc", "+"])
def test_a_phone_number_without_digits_is_refused_not_saved_empty(cast, phone):
    with pytest.raises(ValidationError, match="Số điện thoại không hợp lệ"):
        _create(cast, phone=phone)


def test_an_empty_phone_stays_allowed(cast):
    assert _create(cast, phone="  ").phone == ""


@pytest.mark.parametrize("card", ["-1", "0", "?", "--12", "1 2 3", "<b>1</b>"])
def test_a_card_number_like_minus_one_is_refused(cast, card):
    with pytest.raises(ValidationError, match="Số thẻ đảng viên") as caught:
        _create(cast, card_number=card)
    assert "card_number" in caught.value.message_dict


@pytest.mark.parametrize("card", ["10000123", "HY-0012345", "012/345"])
def test_card_numbers_of_digits_letters_and_separators_are_accepted(cast, card):
    assert _create(cast, card_number=card).card_number == card


def test_control_and_bidi_characters_never_reach_a_stored_name(client, cast):
    client.force_login(cast.cell_secretary)
    name = "\u202eVũ\x1b Thị\u200b Hạnh\x07"
    response = client.post(reverse("members:create", args=[cast.cell_a.pk]), {**FORM, "full_name": name})
    assert response.status_code == 302, response.content.decode()[:1500]
    assert Member.objects.get(organization=cast.cell_a, birth_on=BASE["birth_on"]).full_name == "Vũ Thị Hạnh"
    assert services.normalise_values({"full_name": name})["full_name"] == "Vũ Thị Hạnh"  # the service too


def _token(client, cast) -> str:
    page = client.get(reverse("members:create", args=[cast.cell_a.pk])).content.decode()
    return re.search(r'name="submit_token" value="([0-9a-f]{32})"', page).group(1)


def test_submitting_the_same_create_form_twice_creates_one_member(client, cast):
    client.force_login(cast.cell_secretary)
    url = reverse("members:create", args=[cast.cell_a.pk])
    data = {**FORM, "submit_token": _token(client, cast)}  # no citizen ID: no other duplicate check
    first = client.post(url, data)
    second = client.post(url, data, follow=True)
    created = Member.objects.filter(organization=cast.cell_a, full_name="Vũ Thị Hạnh")
    assert created.count() == 1
    assert first["Location"] == reverse("members:detail", args=[created.get().pk])
    assert second.redirect_chain[-1][0] == first["Location"]
    assert "đã được lưu trước đó" in second.content.decode()
    # A new form (a new token) for the same person is stopped by the same-name warning instead.
    third = client.post(url, {**FORM, "submit_token": _token(client, cast)})
    assert third.status_code == 200 and "Xác nhận đây là người khác" in third.content.decode()
    assert created.count() == 1


def test_same_name_and_birth_date_in_the_cell_needs_confirmation(client, cast):
    client.force_login(cast.cell_secretary)
    url = reverse("members:create", args=[cast.cell_a.pk])
    _create(cast)
    response = client.post(url, {**FORM, "full_name": "vu thi hanh".upper().replace("U", "Ũ", 1)})
    body = response.content.decode()
    assert response.status_code == 200 and "Chi bộ đã có đảng viên Vũ Thị Hạnh sinh ngày 15/08/1995" in body
    assert Member.objects.filter(organization=cast.cell_a, birth_on=BASE["birth_on"]).count() == 1
    response = client.post(url, {**FORM, "confirm_same_name": "on"})
    assert response.status_code == 302
    assert Member.objects.filter(organization=cast.cell_a, birth_on=BASE["birth_on"]).count() == 2


def test_a_forged_token_does_not_break_the_form(client, cast):
    client.force_login(cast.cell_secretary)
    url = reverse("members:create", args=[cast.cell_a.pk])
    response = client.post(url, {**FORM, "submit_token": "'; DROP TABLE x; --"})
    assert response.status_code == 302
