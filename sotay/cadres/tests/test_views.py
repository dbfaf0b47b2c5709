"""The cadre pages: scoped to committees and Ban Tổ chức, 360 px-friendly templates, XLSX training needs, the
member's positions panel."""

from __future__ import annotations

import io

from django.urls import reverse
from openpyxl import load_workbook

from sotay.audit.models import AuditEntry
from sotay.cadres import services

from .helpers import D, officer, positions, qualify


def _plan_with_people(cast):
    pos = positions(cast)
    plan = services.create_plan(
        actor=officer(cast), organization=cast.commune_a, term_start=2030, term_end=2035, term_starts_on=D(2030, 7, 1)
    )
    for person in (cast.member_member, cast.secretary_member):
        qualify(person, theory="ELEMENTARY", born=D(1985, 1, 1))
        services.add_to_plan(
            actor=officer(cast), plan=plan, position=pos["deputy"], member=person, on=D(2025, 12, 1), reason="Rà soát"
        )
    return pos, plan


def test_ban_to_chuc_and_the_commune_see_the_plan_with_its_warnings(cast, client):
    pos, plan = _plan_with_people(cast)
    for user in (cast.provincial_officer, cast.commune_committee):
        client.force_login(user)
        page = client.get(reverse("cadres:plan", args=[plan.pk]))
        assert page.status_code == 200
        assert "Thiếu người quy hoạch: 2 người cho 2 vị trí" in page.text
        assert "Lý luận chính trị chưa đạt trung cấp" in page.text
        assert client.get(reverse("cadres:index"), {"org": cast.commune_a.pk}).status_code == 200
        assert client.get(reverse("cadres:position", args=[pos["deputy"].pk])).status_code == 200


def test_cells_members_and_outsiders_get_404(cast, client):
    pos, plan = _plan_with_people(cast)
    for user in (cast.cell_secretary, cast.member, cast.outsider):
        client.force_login(user)
        for url in (
            reverse("cadres:plan", args=[plan.pk]),
            reverse("cadres:position", args=[pos["deputy"].pk]),
            reverse("cadres:training_xlsx", args=[plan.pk]),
        ):
            assert client.get(url).status_code == 404, (user, url)


def test_the_yearly_review_adds_and_removes_through_the_page(cast, client):
    pos, plan = _plan_with_people(cast)
    client.force_login(cast.provincial_officer)
    response = client.post(
        reverse("cadres:plan", args=[plan.pk]),
        {
            "position": pos["secretary"].pk,
            "member": cast.others_a[0].pk,
            "on": "02/12/2025",
            "reason": "Bổ sung",
            "decision": "3-QĐ/TU",
        },
    )
    assert response.status_code == 302
    entry = plan.entries.get(member=cast.others_a[0])
    bad = client.post(reverse("cadres:plan_remove", args=[plan.pk, entry.pk]), {"on": "03/12/2025", "reason": ""})
    assert bad.status_code == 302
    entry.refresh_from_db()
    assert entry.removed_on is None
    client.post(reverse("cadres:plan_remove", args=[plan.pk, entry.pk]), {"on": "03/12/2025", "reason": "Nghỉ hưu"})
    entry.refresh_from_db()
    assert entry.removed_on == D(2025, 12, 3)
    assert "Nghỉ hưu" in client.get(reverse("cadres:plan", args=[plan.pk])).text


def test_training_needs_export_as_xlsx_with_audit(cast, client):
    _pos, plan = _plan_with_people(cast)
    client.force_login(cast.commune_committee)
    page = client.get(reverse("cadres:training", args=[plan.pk]))
    assert "2 người cần Lý luận chính trị: Trung cấp trước năm 2029" in page.text
    response = client.get(reverse("cadres:training_xlsx", args=[plan.pk]))
    assert response.status_code == 200
    rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    assert rows[1][:3] == ("Lý luận chính trị: Trung cấp", 2029, "Nguyễn Văn Ấn")
    assert AuditEntry.objects.filter(action="export", data__kind="cadre_training_needs").exists()


def test_the_member_page_shows_positions_over_time(cast, client):
    pos = positions(cast)
    appointment = services.appoint(
        actor=officer(cast),
        member=cast.member_member,
        position=pos["committee"],
        kind="ELECTION",
        decision_number="01-NQ/ĐH",
        decision_on=D(2020, 8, 1),
        starts_on=D(2020, 8, 1),
    )
    services.end_appointment(actor=officer(cast), appointment=appointment, ended_on=D(2025, 8, 1), end_kind="TERM_END")
    services.appoint(
        actor=officer(cast),
        member=cast.member_member,
        position=pos["deputy"],
        kind="ELECTION",
        decision_number="02-NQ/ĐH",
        decision_on=D(2025, 8, 2),
        starts_on=D(2025, 8, 2),
    )
    client.force_login(cast.commune_committee)
    page = client.get(reverse("members:detail", args=[cast.member_member.pk])).text
    assert "Chức danh qua các thời kỳ" in page
    assert page.index("Phó Bí thư Đảng ủy") < page.index("Ủy viên Ban Chấp hành")
    assert "01/08/2020 – 01/08/2025" in page


def test_the_committee_confirms_a_manual_criterion_on_the_position_page(cast, client):
    from sotay.cadres.models import Confirmation

    pos = positions(cast)
    qualify(cast.member_member, born=D(1980, 1, 1))
    appointment = services.appoint(
        actor=officer(cast),
        member=cast.member_member,
        position=pos["committee"],
        kind="ELECTION",
        decision_number="01-NQ/ĐH",
        decision_on=D(2025, 8, 2),
        starts_on=D(2025, 8, 2),
    )
    client.force_login(cast.commune_committee)
    page = client.get(reverse("cadres:position", args=[pos["committee"].pk])).text
    assert "Chưa xác nhận: Phẩm chất chính trị, đạo đức, lối sống" in page
    client.post(reverse("cadres:confirm", args=[appointment.pk]), {"criterion": "Không có trong tiêu chuẩn"})
    assert not Confirmation.objects.exists()
    client.post(
        reverse("cadres:confirm", args=[appointment.pk]), {"criterion": "Phẩm chất chính trị, đạo đức, lối sống"}
    )
    confirmation = Confirmation.objects.get()
    assert confirmation.confirmed_by == cast.commune_committee
    assert "Đạt tiêu chuẩn ngày" in client.get(reverse("cadres:position", args=[pos["committee"].pk])).text
    client.force_login(cast.outsider)
    assert client.post(reverse("cadres:confirm", args=[appointment.pk]), {"criterion": "x"}).status_code == 404
