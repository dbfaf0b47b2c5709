"""Every page for every member of the cast: who sees what, and the outsider gets 404."""

from __future__ import annotations

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def get(client, user, url):
    client.force_login(user)
    return client.get(url)


def test_anonymous_is_sent_to_login_everywhere_but_login(client, cast):
    for url in [
        reverse("web:home"),
        reverse("members:list"),
        reverse("web:org_tree"),
        reverse("members:detail", args=[cast.member_member.pk]),
        reverse("web:audit_log"),
    ]:
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("accounts:login"))
    assert client.get(reverse("accounts:login")).status_code == 200


@pytest.mark.parametrize("who", ["provincial_officer", "commune_committee", "cell_secretary"])
def test_staff_see_a_profile_in_their_subtree(client, cast, who):
    response = get(client, getattr(cast, who), reverse("members:detail", args=[cast.member_member.pk]))
    assert response.status_code == 200
    assert "Nguyễn Văn Ấn" in response.content.decode()


def test_member_sees_only_own_profile(client, cast):
    assert get(client, cast.member, reverse("members:detail", args=[cast.member_member.pk])).status_code == 200
    assert get(client, cast.member, reverse("members:detail", args=[cast.secretary_member.pk])).status_code == 404
    assert get(client, cast.member, reverse("members:list")).status_code == 404
    assert get(client, cast.member, reverse("web:org_detail", args=[cast.cell_a.pk])).status_code == 404


def test_outsider_gets_404_for_every_object_of_another_commune(client, cast):
    urls = [
        reverse("members:detail", args=[cast.member_member.pk]),
        reverse("members:edit", args=[cast.member_member.pk]),
        reverse("members:status", args=[cast.member_member.pk]),
        reverse("members:transfer", args=[cast.member_member.pk]),
        reverse("web:org_detail", args=[cast.cell_a.pk]),
        reverse("web:org_detail", args=[cast.commune_a.pk]),
        reverse("web:org_children", args=[cast.commune_a.pk]),
        reverse("members:create", args=[cast.cell_a.pk]),
        reverse("web:org_reorganize", args=[cast.cell_a.pk, "rename"]),
        f"{reverse('members:list')}?org={cast.commune_a.pk}",
        reverse("web:audit_log"),
    ]
    for url in urls:
        assert get(client, cast.outsider, url).status_code == 404, url


def test_outsider_list_does_not_leak_other_communes(client, cast):
    body = get(client, cast.outsider, reverse("members:list")).content.decode()
    assert "Đỗ Văn Hải" in body
    assert "Nguyễn Văn Ấn" not in body and "Trần Thị Bình" not in body


def test_commune_committee_sees_its_commune_not_the_other(client, cast):
    user = cast.commune_committee
    assert get(client, user, reverse("web:org_detail", args=[cast.cell_a2.pk])).status_code == 200
    assert get(client, user, reverse("web:org_detail", args=[cast.cell_b.pk])).status_code == 404
    assert get(client, user, reverse("web:org_detail", args=[cast.province.pk])).status_code == 404
    body = get(client, user, reverse("members:list")).content.decode()
    assert "Hoàng Thị Lan" in body and "Đỗ Văn Hải" not in body


def test_cell_secretary_is_limited_to_the_cell(client, cast):
    user = cast.cell_secretary
    assert get(client, user, reverse("members:detail", args=[cast.teacher.pk])).status_code == 404
    assert get(client, user, reverse("members:edit", args=[cast.member_member.pk])).status_code == 200
    # A secretary may not change statuses (a committee decision) nor reorganise.
    assert get(client, user, reverse("members:status", args=[cast.member_member.pk])).status_code == 404
    assert get(client, user, reverse("web:org_reorganize", args=[cast.cell_a.pk, "rename"])).status_code == 404


def test_provincial_officer_sees_everything_and_the_audit_log(client, cast):
    user = cast.provincial_officer
    for org in (cast.province, cast.commune_a, cast.commune_b, cast.cell_b):
        assert get(client, user, reverse("web:org_detail", args=[org.pk])).status_code == 200
    assert get(client, user, reverse("web:audit_log")).status_code == 200
    assert get(client, user, reverse("web:org_reorganize", args=[cast.cell_a.pk, "rename"])).status_code == 200


@pytest.mark.parametrize("who", ["provincial_officer", "commune_committee", "cell_secretary", "member", "outsider"])
def test_every_role_gets_a_home_page_in_vietnamese(client, cast, who):
    response = get(client, getattr(cast, who), reverse("web:home"))
    assert response.status_code == 200
    body = response.content.decode()
    assert "Xin chào" in body and 'lang="vi"' in body


def test_home_is_what_to_do_now_and_the_card_is_on_the_toi_tab(client, cast):
    """Issue 14: the ID card moves from home to "Tôi" (the member's own record)."""
    body = get(client, cast.member, reverse("web:home")).content.decode()
    assert "Thông tin đảng viên" not in body and 'id="todo"' in body
    me = reverse("members:detail", args=[cast.member_member.pk])
    assert f'<a href="{me}" aria-label="Hồ sơ của tôi"' in body
    assert get(client, cast.member, me).status_code == 200


def test_non_numeric_ids_are_404(client, cast):
    assert get(client, cast.provincial_officer, "/members/abc/").status_code == 404
    assert get(client, cast.provincial_officer, f"{reverse('members:list')}?org=xyz").status_code == 200
