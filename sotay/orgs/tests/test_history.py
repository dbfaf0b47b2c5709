"""The tree as of a day (orgs/history.py): the structure before a merger, labelled with what became of each unit,
scoped to the actor, on the page and in the API alike."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse

from sotay.members.reorganize import merge_organizations
from sotay.orgs.history import tree_as_of
from sotay.orgs.services import Decision
from sotay.orgs.tests.factories import cell, commune

pytestmark = pytest.mark.django_db
BEFORE = dt.date(2025, 6, 1)
MERGED_ON = dt.date(2025, 7, 1)


@pytest.fixture
def merged(cast, actor_of):
    """Xã Cũ (with its Chi bộ thôn Cũ) merged into Đông Tiến on 01/07/2025."""
    old = commune(cast.province, name="Đảng bộ xã Cũ", code="HY.C")
    old_cell = cell(old, name="Chi bộ thôn Cũ", code="HY.C.1")
    decision = Decision(number="12-QĐ/TU", decided_on=dt.date(2025, 6, 20), effective_on=MERGED_ON)
    merge_organizations(
        sources=[old], target=cast.commune_a, decision=decision, actor=actor_of(cast.provincial_officer)
    )
    return old, old_cell


def _names(tree) -> dict[str, object]:
    return {unit.name: unit for unit in tree.walk()}


def test_before_the_merger_the_old_structure(cast, merged):
    old, old_cell = merged
    units = _names(tree_as_of(cast.provincial_officer, BEFORE))
    assert units["Đảng bộ xã Cũ"].parent_id == cast.province.pk
    assert units["Chi bộ thôn Cũ"].parent_id == old.pk  # where it sat then, not where it sits now
    assert units["Đảng bộ xã Cũ"].note == "không còn từ 01/07/2025 · nay thuộc Đảng bộ xã Đông Tiến"
    assert units["Đảng bộ xã Cũ"].ended_on == MERGED_ON
    assert units["Chi bộ thôn Cũ"].note == "" and units["Đảng bộ xã Đông Tiến"].note == ""


def test_today_the_present_structure(cast, merged):
    old, old_cell = merged
    units = _names(tree_as_of(cast.provincial_officer, dt.date(2026, 1, 1)))
    assert "Đảng bộ xã Cũ" not in units
    assert units["Chi bộ thôn Cũ"].parent_id == cast.commune_a.pk
    assert [u.name for u in tree_as_of(cast.provincial_officer, dt.date(2026, 1, 1)).tops] == ["Đảng bộ tỉnh Hưng Yên"]


def test_the_commune_sees_its_predecessors_an_outsider_does_not(cast, merged):
    units = _names(tree_as_of(cast.commune_committee, BEFORE))
    assert {"Đảng bộ xã Cũ", "Chi bộ thôn Cũ", "Đảng bộ xã Đông Tiến"} <= units.keys()
    assert "Đảng bộ phường Phố Hiến" not in units
    outsider = _names(tree_as_of(cast.outsider, BEFORE))
    assert "Đảng bộ xã Cũ" not in outsider and "Chi bộ thôn Cũ" not in outsider
    assert "Chi bộ tổ dân phố số 3" in outsider


def test_a_renamed_unit_says_its_present_name(cast, actor_of):
    from sotay.orgs.services import rename_organization

    decision = Decision(number="3-QĐ/ĐU", decided_on=MERGED_ON, effective_on=MERGED_ON)
    rename_organization(
        org=cast.cell_a, new_name="Chi bộ thôn Đông Thượng", decision=decision, actor=actor_of(cast.provincial_officer)
    )
    units = _names(tree_as_of(cast.commune_committee, BEFORE))
    assert units["Chi bộ thôn Đông"].note == "nay là Chi bộ thôn Đông Thượng"


def test_the_page_and_the_api_agree(client, cast, merged):
    from sotay.api.tests.test_api import _bearer, _token

    client.force_login(cast.commune_committee)
    page = client.get(reverse("web:org_as_of"), {"on": "01/06/2025"}).content.decode()
    assert "Đảng bộ xã Cũ" in page and "không còn từ 01/07/2025 · nay thuộc Đảng bộ xã Đông Tiến" in page
    secret = _token(client, cast.commune_committee)
    nodes = Client().get("/api/v1/orgs/tree", {"as_of": "2025-06-01"}, **_bearer(secret)).json()
    by_name = {n["name"]: n for n in nodes}
    assert by_name.keys() == _names(tree_as_of(cast.commune_committee, BEFORE)).keys()
    assert by_name["Đảng bộ xã Cũ"]["note"].startswith("không còn từ 01/07/2025")
    assert by_name["Đảng bộ xã Cũ"]["ended_on"] == "2025-07-01"
    assert by_name["Chi bộ thôn Cũ"]["parent_id"] == by_name["Đảng bộ xã Cũ"]["id"]
    outsider = _token(client, cast.outsider)
    theirs = Client().get("/api/v1/orgs/tree", {"as_of": "2025-06-01"}, **_bearer(outsider)).json()
    assert "Đảng bộ xã Cũ" not in {n["name"] for n in theirs}
