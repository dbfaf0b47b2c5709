from __future__ import annotations

import pytest
from django.urls import reverse

from sotay.members.tests.factories import MemberFactory

pytestmark = pytest.mark.django_db


def names_in(body: str, names: list[str]) -> list[str]:
    found = [(body.index(n), n) for n in names if n in body]
    return [n for _i, n in sorted(found)]


def test_search_ignores_diacritics_case_and_dd(client, cast):
    client.force_login(cast.commune_committee)
    for query in ("nguyen van an", "NGUYEN VAN AN", "Nguyễn Văn Ấn", "van an"):
        body = client.get(reverse("members:list"), {"q": query}).content.decode()
        assert "Nguyễn Văn Ấn" in body, query
        assert "Trần Thị Bình" not in body
    body = client.get(reverse("members:list"), {"q": "dung"}).content.decode()
    assert "Phạm Đức Dũng" in body


def test_list_is_in_vietnamese_order_by_given_name(client, cast):
    client.force_login(cast.commune_committee)
    body = client.get(reverse("members:list")).content.decode()
    expected = ["Nguyễn Văn Ấn", "Trần Thị Bình", "Lê Văn Cường", "Phạm Đức Dũng", "Hoàng Thị Lan"]
    assert names_in(body, expected) == expected


def test_filters_by_gender_and_subtree(client, cast):
    client.force_login(cast.provincial_officer)
    body = client.get(reverse("members:list"), {"gender": "F"}).content.decode()
    assert "Trần Thị Bình" in body and "Hoàng Thị Lan" in body and "Nguyễn Văn Ấn" not in body
    body = client.get(reverse("members:list"), {"org": cast.base_a.pk}).content.decode()
    assert "Hoàng Thị Lan" in body and "Trần Thị Bình" not in body


def test_htmx_request_gets_only_the_results_partial(client, cast):
    client.force_login(cast.commune_committee)
    response = client.get(reverse("members:list"), {"q": "lan"}, HTTP_HX_REQUEST="true")
    body = response.content.decode()
    assert response.status_code == 200
    assert body.lstrip().startswith('<div id="results">') and "<html" not in body
    assert "HX-Request" in response["Vary"]


def test_pagination_keeps_filters(client, cast, settings):
    settings.SOTAY_PAGE_SIZE = 2
    MemberFactory.create_batch(3, organization=cast.cell_a, gender="F")
    client.force_login(cast.commune_committee)
    body = client.get(reverse("members:list"), {"gender": "F"}).content.decode()
    assert "gender=F&amp;page=2" in body or "page=2&amp;gender=F" in body
