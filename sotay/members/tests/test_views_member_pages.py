from __future__ import annotations

import pytest
from django.urls import reverse

from sotay.audit.models import AuditEntry
from sotay.members.models import Member
from sotay.orgs.actor import Actor

pytestmark = pytest.mark.django_db


def test_profile_view_is_audited_with_ip(client, cast):
    client.force_login(cast.cell_secretary)
    response = client.get(reverse("members:detail", args=[cast.member_member.pk]), REMOTE_ADDR="10.1.2.3")
    assert response.status_code == 200
    entry = AuditEntry.objects.get(action="view", object_id=str(cast.member_member.pk))
    assert entry.actor == cast.cell_secretary and entry.ip == "10.1.2.3"
    assert entry.organization == cast.cell_a


def test_edit_form_shows_field_errors_in_vietnamese_and_saves_nothing(client, cast):
    client.force_login(cast.cell_secretary)
    m = cast.member_member
    url = reverse("members:edit", args=[m.pk])
    form = client.get(url).context["form"]
    data = {k: (form[k].value() if form[k].value() is not None else "") for k in form.fields}
    data.update(
        {
            "birth_on": "01/01/2012",
            "citizen_id": "0331",
            "joined_on": "02/03/2010",
            "official_on": "02/03/2011",
        }
    )
    response = client.post(url, data)
    body = response.content.decode()
    assert response.status_code == 200
    assert "12 chữ số" in body and "Ngày sinh phải trước ngày vào Đảng" in body
    m.refresh_from_db()
    assert m.citizen_id != "0331"


def test_edit_and_create_through_forms(client, cast):
    client.force_login(cast.cell_secretary)
    url = reverse("members:create", args=[cast.cell_a.pk])
    data = {
        "full_name": "vũ thị  hạnh",
        "birth_on": "15/08/1995",
        "gender": "F",
        "ethnicity": "01",
        "religion": "NONE",
        "joined_on": "03/02/2025",
        "status": "PROBATIONARY",
        "citizen_id": "034195000777",
    }
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    member = Member.objects.get(citizen_id="034195000777")
    assert member.full_name == "Vũ Thị Hạnh" and member.organization == cast.cell_a
    assert member.status == "PROBATIONARY"


def test_create_in_a_committee_is_not_offered(client, cast):
    client.force_login(cast.commune_committee)
    response = client.post(reverse("members:create", args=[cast.commune_a.pk]), {"full_name": "Lê Văn Tám"})
    assert response.status_code == 200
    assert "chỉ sinh hoạt ở chi bộ" in response.content.decode() or "bắt buộc" in response.content.decode()
    assert not Member.objects.filter(full_name="Lê Văn Tám").exists()


def test_status_change_by_commune_committee(client, cast):
    client.force_login(cast.commune_committee)
    m = cast.others_a[0]
    response = client.post(
        reverse("members:status", args=[m.pk]),
        {
            "status": "LEFT",
            "on": "01/10/2025",
            "exit_kind": "RESIGNED",
            "decision_number": "30-QĐ/ĐU",
            "reason": "Xin ra khỏi Đảng",
        },
    )
    assert response.status_code == 302
    m.refresh_from_db()
    assert m.status == "LEFT" and m.exit_kind == "RESIGNED"


def test_transfer_form_sends_to_any_cell_of_the_province_and_refuses_unknown_or_non_cells(client, cast):
    """The transfer letter (docs/rules/transfers.md#chuyển-sinh-hoạt-chính-thức) names any cell of the province; the
    member stays until arrival."""
    client.force_login(cast.cell_secretary)
    url = reverse("members:transfer", args=[cast.member_member.pk])
    letter = {"letter_number": "12-GGT", "issued_on": "01/10/2025", "decided_on": "01/10/2025", "kind": "OFFICIAL"}
    body = client.post(url, {"to": "Chi bộ không có thật", **letter}).content.decode()
    assert "Không tìm thấy tổ chức nào" in body
    body = client.post(url, {"to": cast.base_a.code, **letter}).content.decode()
    assert "chỉ sinh hoạt ở chi bộ" in body
    suggestions = client.get(reverse("orgs:suggest"), {"field": "to", "to": "to dan pho", "scope": "province_cells"})
    assert "Chi bộ tổ dân phố số 3" in suggestions.content.decode()  # another commune's cell
    response = client.post(url, {"to": cast.cell_b.code, **letter})
    assert response.status_code == 302
    cast.member_member.refresh_from_db()
    assert cast.member_member.organization == cast.cell_a


def test_ward_options_follow_the_chosen_province(client, cast):
    client.force_login(cast.cell_secretary)
    body = client.get(
        reverse("members:wards"), {"field": "residence_province_code", "residence_province_code": "33"}
    ).content.decode()
    assert body.count("<option") == 105 and "Phường Phố Hiến" in body
    assert client.get(reverse("members:wards"), {"field": "x"}).content.decode().count("<option") == 1


def test_history_reads_as_labels_and_display_values(client, cast):
    from sotay.members import services

    services.update_member(
        member=cast.member_member,
        data={"occupation": "Kỹ sư", "gender": "M", "citizen_id": "033080000999"},
        actor=Actor.for_user(cast.cell_secretary),
    )
    client.force_login(cast.cell_secretary)
    body = client.get(reverse("members:detail", args=[cast.member_member.pk])).content.decode()
    assert "Nghề nghiệp hiện nay: — → Kỹ sư" in body
    assert "033******999" in body and "033080000999</li>" not in body
    assert "occupation" not in body


def test_province_is_a_list_by_name_and_the_ward_list_follows_the_saved_province(client, cast):
    """Review finding: the province rendered as a bare number box and the ward list never filled."""
    from sotay.members import services

    services.update_member(
        member=cast.member_member, data={"residence_province_code": 33}, actor=Actor.for_user(cast.cell_secretary)
    )
    client.force_login(cast.cell_secretary)
    html = client.get(reverse("members:edit", args=[cast.member_member.pk])).content.decode()
    assert '<select name="residence_province_code"' in html
    assert 'type="number" name="residence_province_code"' not in html
    assert "Hưng Yên" in html and "Phường Phố Hiến" in html  # the wards of the saved province are offered


def test_own_profile_links_to_own_evaluation_results(client, cast):
    from django.urls import reverse as url

    client.force_login(cast.member)
    html = client.get(url("members:detail", args=[cast.member_member.pk])).content.decode()
    assert url("evaluation:my_results") in html
    client.force_login(cast.cell_secretary)
    html = client.get(url("members:detail", args=[cast.member_member.pk])).content.decode()
    assert url("evaluation:my_results") not in html
