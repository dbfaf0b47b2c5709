"""The organisation picker resolves only a unique exact name (diacritic-insensitive) or a code; part of a name gives
a choice among candidates (security review, issue 11: "NGOAI" silently became "Chi bộ Khoa Ngoại – Sản")."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from sotay.orgs import policy
from sotay.orgs.access import find_org_for_user
from sotay.orgs.tests.factories import cell

pytestmark = pytest.mark.django_db


@pytest.fixture
def surgery(cast):
    return cell(cast.commune_a, name="Chi bộ Khoa Ngoại – Sản", code="HY.A.9")


def _find(cast, text):
    return find_org_for_user(cast.provincial_officer, text, perm=policy.VIEW_MEMBERS)


@pytest.mark.parametrize("text", ["NGOAI", "ngoại", "Khoa Ngoại", "Sản"])
def test_part_of_a_name_is_offered_not_chosen(cast, surgery, text):
    with pytest.raises(ValidationError) as caught:
        _find(cast, text)
    message = " ".join(caught.value.messages)
    assert "Chi bộ Khoa Ngoại – Sản (HY.A.9)" in message and "gợi ý" in message


@pytest.mark.parametrize(
    "text", ["Chi bộ Khoa Ngoại – Sản", "chi bo khoa ngoai – san", "CHI BỘ KHOA NGOẠI – SẢN", "HY.A.9", "x (HY.A.9)"]
)
def test_the_whole_name_without_diacritics_or_the_code_is_chosen(cast, surgery, text):
    assert _find(cast, text) == surgery


def test_nothing_matching_says_so(cast, surgery):
    with pytest.raises(ValidationError, match="Không tìm thấy"):
        _find(cast, "Chi bộ không có")
