"""Declaring dues bases for many members at once (issue 14, "Dues on the phone"; the rules of each declaration are
docs/rules/dues.md#căn-cứ-đóng, 01-QĐ/TW): all or nothing, each refused member named, outsiders 404."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from sotay.audit.models import AuditEntry
from sotay.dues.models import MemberDuesBasis

from .helpers import with_basis

pytestmark = pytest.mark.django_db


def _url(cast):
    return reverse("dues:bases", args=[cast.cell_a.pk])


def _cell_members(cast):
    from sotay.members.models import Member

    return list(Member.objects.active().in_subtree(cast.cell_a))


def test_members_without_a_basis_are_ticked_and_saved_in_one_go(client, cast):
    with_basis(cast.secretary_member, basis="STUDENT")
    client.force_login(cast.cell_secretary)
    page = client.get(_url(cast)).content.decode()
    members = _cell_members(cast)
    missing = [m for m in members if m.pk != cast.secretary_member.pk]
    assert f'value="{cast.secretary_member.pk}">' in page  # listed, not ticked
    assert f'value="{missing[0].pk}" checked>' in page
    response = client.post(
        _url(cast),
        {
            "basis": "INSURED_SALARY",
            "amount": "5.200.000",
            "effective_from": "01/03/2026",
            "member": [m.pk for m in missing],
        },
    )
    assert response.status_code == 302
    saved = MemberDuesBasis.objects.filter(effective_from=dt.date(2026, 3, 1))
    assert saved.count() == len(missing) and {b.amount for b in saved} == {5_200_000}
    assert AuditEntry.objects.filter(object_type="dues.memberduesbasis", data__bulk=True).count() == len(missing)


def test_one_refused_member_refuses_all_with_each_reason(client, cast):
    client.force_login(cast.cell_secretary)
    members = _cell_members(cast)
    with_basis(members[0], basis="STUDENT")  # already declared from 01/01/2020
    response = client.post(
        _url(cast),
        {"basis": "STUDENT", "effective_from": "01/01/2020", "member": [m.pk for m in members]},
    )
    html = response.content.decode()
    assert response.status_code == 400 and "Chưa ghi gì" in html
    assert f"{members[0].full_name}: đã có căn cứ đóng áp dụng từ ngày 01/01/2020." in html
    assert MemberDuesBasis.objects.count() == 1


def test_an_amount_is_needed_for_a_salary_and_must_be_a_number(client, cast):
    client.force_login(cast.cell_secretary)
    members = _cell_members(cast)
    data = {"basis": "INSURED_SALARY", "effective_from": "01/03/2026", "member": [members[0].pk]}
    html = client.post(_url(cast), data).content.decode()
    assert "cần số tiền làm căn cứ đóng" in html
    html = client.post(_url(cast), {**data, "amount": "năm triệu"}).content.decode()
    assert "Số tiền phải là số nguyên" in html
    html = client.post(_url(cast), {**data, "member": []}).content.decode()
    assert "Chưa chọn đảng viên nào." in html
    assert not MemberDuesBasis.objects.exists()


def test_a_member_of_another_cell_is_refused(client, cast):
    from sotay.members.models import Member

    client.force_login(cast.cell_secretary)
    other = Member.objects.filter(organization=cast.cell_b).first()
    data = {"basis": "STUDENT", "effective_from": "01/03/2026", "member": [other.pk]}
    html = client.post(_url(cast), data).content.decode()
    assert "Chưa chọn đảng viên nào." in html  # not on the list: ignored, so nobody is chosen
    from django.core.exceptions import ValidationError

    from sotay.dues import bulk
    from sotay.orgs.actor import Actor

    with pytest.raises(ValidationError, match="không sinh hoạt trong Chi bộ thôn Đông"):  # the service checks too
        bulk.declare_bases(
            org=cast.cell_a,
            entries=[bulk.Entry(other, "STUDENT")],
            effective_from=dt.date(2026, 3, 1),
            actor=Actor.for_user(cast.cell_secretary),
        )
    assert not MemberDuesBasis.objects.exists()


def test_outsiders_and_plain_members_get_404(client, cast):
    for user in (cast.outsider, cast.member):
        client.force_login(user)
        assert client.get(_url(cast)).status_code == 404
        assert client.post(_url(cast), {"basis": "STUDENT"}).status_code == 404
