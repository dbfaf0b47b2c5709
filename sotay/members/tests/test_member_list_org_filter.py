"""The member list's organisation filter (issue 18): a QuickSelect whose suggestions come from the server while
typing; an id from a link, or a name or code typed, narrows the list to that subtree."""

from __future__ import annotations

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def _list(client, **params) -> str:
    response = client.get(reverse("members:list"), params)
    assert response.status_code == 200
    return response.content.decode()


def test_the_organisation_is_typed_by_name_or_code_or_given_by_id(client, cast):
    client.force_login(cast.provincial_officer)
    for org in (cast.base_a.pk, "Đảng bộ Trường THPT Đông Tiến (HY.A.2)", "HY.A.2", "dang bo truong thpt dong tien"):
        html = _list(client, org=org)
        assert "Hoàng Thị Lan" in html and "Trần Thị Bình" not in html, org
        assert 'value="Đảng bộ Trường THPT Đông Tiến (HY.A.2)"' in html, org  # shown by name, as suggested
    assert "hx-get=" in html and "suggest" in html  # suggestions while typing


def test_a_name_naming_no_organisation_says_so_and_does_not_narrow(client, cast):
    client.force_login(cast.provincial_officer)
    html = _list(client, org="Chi bộ không có")
    assert "Trần Thị Bình" in html and "Hoàng Thị Lan" in html
    assert 'class="errorlist' in html


def test_an_organisation_out_of_scope_is_not_found(client, cast):
    client.force_login(cast.commune_committee)  # commune A only
    assert client.get(reverse("members:list"), {"org": cast.cell_b.pk}).status_code == 404
    html = _list(client, org="HY.B.1")
    assert "Đỗ Văn Hải" not in html
