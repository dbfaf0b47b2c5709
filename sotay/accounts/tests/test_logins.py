"""Logins with diacritics or spaces are refused at creation, with a clear Vietnamese message and a suggestion:
the staff account service and form, the User model's field (admin, createsuperuser) and `found-province`."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command

from sotay.accounts.activation import create_staff_account
from sotay.accounts.forms import StaffAccountForm
from sotay.accounts.logins import suggestion, validate_login
from sotay.accounts.models import User


@pytest.mark.parametrize(
    ("login", "words", "hint"),
    [
        ("Đức Anh", "khoảng trắng", "duc.anh"),
        ("đức", "có dấu", "duc"),
        ("btc hạnh", "khoảng trắng", "btc.hanh"),
        ("ab#c", "không dùng được", "ab.c"),
    ],
)
def test_the_message_names_the_problem_and_suggests_a_login(login, words, hint):
    with pytest.raises(ValidationError) as caught:
        validate_login(login)
    message = caught.value.messages[0]
    assert words in message and f"Ví dụ: {hint}" in message
    assert suggestion(login) == hint


@pytest.mark.parametrize("login", ["btc.hanh", "it_01", "nguyen-van-a", "0912000001", "admin@tinh"])
def test_plain_logins_pass(login):
    validate_login(login)


@pytest.mark.parametrize("login", ["Đức Anh", "hạnh", "btc hanh"])
def test_the_staff_service_refuses_and_creates_nothing(cast, actor_of, login):
    before = User.objects.count()
    with pytest.raises(ValidationError) as caught:
        create_staff_account(actor=actor_of(cast.provincial_officer), username=login, full_name="Đỗ Thị Hạnh")
    assert "username" in caught.value.message_dict
    assert "không dấu" in " ".join(caught.value.message_dict["username"])
    assert User.objects.count() == before


def test_the_staff_service_accepts_a_plain_login(cast, actor_of):
    issued = create_staff_account(actor=actor_of(cast.provincial_officer), username="BTC.Hanh", full_name="Đỗ Thị Hạnh")
    assert issued.user.username == "btc.hanh"


def test_the_staff_form_shows_the_message_on_the_field():
    form = StaffAccountForm(data={"full_name": "Đỗ Thị Hạnh", "username": "Đỗ Hạnh"})
    assert not form.is_valid()
    assert "khoảng trắng" in form.errors["username"][0] and "do.hanh" in form.errors["username"][0]


def test_the_model_field_refuses_it_for_the_admin(db):
    user = User(username="quản trị")
    with pytest.raises(ValidationError) as caught:
        user.full_clean(exclude=["password"])
    assert "username" in caught.value.message_dict


def test_createsuperuser_refuses_it(db, monkeypatch):
    monkeypatch.setenv("DJANGO_SUPERUSER_PASSWORD", "mot-mat-khau-dai-2026")
    with pytest.raises(CommandError, match="không dấu"):
        call_command("createsuperuser", "--noinput", "--username", "quản trị", "--email", "")
    assert not User.objects.filter(username="quản trị").exists()
    call_command("createsuperuser", "--noinput", "--username", "quantri2", "--email", "")
    assert User.objects.filter(username="quantri2", is_superuser=True).exists()
