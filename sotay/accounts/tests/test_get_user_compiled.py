"""The auth backend's get_user runs a query compiled once (P4) and gives the user the ORM would give."""

from __future__ import annotations

import pytest
from django.db.models import F

from sotay.accounts.backends import UsernameOrPhoneBackend
from sotay.accounts.models import User

pytestmark = pytest.mark.django_db


def _orm(pk):
    return User.objects.filter(pk=pk).annotate(member_full_name=F("member__full_name")).first()


def test_every_field_and_the_members_name_as_the_orm_gives_them(cast):
    backend = UsernameOrPhoneBackend()
    for someone in (cast.member, cast.cell_secretary, cast.provincial_officer):
        got, expected = backend.get_user(someone.pk), _orm(someone.pk)
        assert got is not None and expected is not None
        fields = [f.attname for f in User._meta.concrete_fields]
        assert [getattr(got, f) for f in fields] == [getattr(expected, f) for f in fields]
        assert got.member_full_name == expected.member_full_name
        assert got.get_session_auth_hash() == expected.get_session_auth_hash()
        assert not got._state.adding and got._state.db == "default"
    assert backend.get_user(cast.provincial_officer.pk).member_full_name is None  # staff without a member record


def test_unknown_inactive_and_malformed_ids_give_no_user(cast):
    backend = UsernameOrPhoneBackend()
    assert backend.get_user(10**9) is None
    assert backend.get_user("not-a-number") is None
    assert backend.get_user(str(cast.member.pk)).pk == cast.member.pk  # the session keeps the id as a string
    User.objects.filter(pk=cast.member.pk).update(is_active=False)
    assert backend.get_user(cast.member.pk) is None
