"""Congress pages through the client: roll-up and export, a congress, an election counted by totals and ballot by
ballot, the documents, approval; outsiders get 404."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from sotay.congresses import services
from sotay.congresses.models import Body, Round
from sotay.core.partydoc import docx_text
from sotay.orgs.actor import Actor

HELD = dt.date(2026, 3, 10)


@pytest.fixture
def setup(cast):
    who = Actor.for_user(cast.commune_committee)
    plan = services.issue_plan(actor=who, organization=cast.commune_a, title="Đại hội chi bộ", term_label="2027–2032")
    congress = services.open_congress(
        actor=who, organization=cast.cell_a, term_label="2027–2032", plan=plan, summoned=5, planned_on=HELD
    )
    election = services.create_election(
        actor=who,
        organization=cast.cell_a,
        congress=congress,
        body=Body.COMMITTEE,
        seats=2,
        held_on=HELD,
        summoned=5,
        present=5,
        counting_committee=["Lê Văn Cường", "Phạm Đức Dũng", "Nguyễn Văn Ấn"],
    )
    round_ = election.rounds.get()
    for name in ("Trần Thị Bình", "Lê Văn Cường", "Phạm Đức Dũng"):
        services.add_candidate(actor=who, round_=round_, full_name=name)
    return congress, election, round_


def test_rollup_page_and_export(client, cast, setup):
    client.force_login(cast.provincial_officer)
    page = client.get(reverse("congresses:rollup", args=[cast.province.pk]))
    assert page.status_code == 200
    assert "Tiến độ đại hội" in page.content.decode()
    assert reverse("congresses:plans", args=[cast.province.pk]) in page.content.decode()
    export = client.get(reverse("congresses:rollup_export", args=[cast.province.pk]))
    assert export.status_code == 200
    assert export["Content-Type"].startswith("application/vnd.openxmlformats")


def test_congress_and_election_pages(client, cast, setup):
    congress, election, round_ = setup
    client.force_login(cast.cell_secretary)
    assert client.get(reverse("congresses:congress", args=[congress.pk])).status_code == 200
    page = client.get(reverse("congresses:election", args=[election.pk]))
    assert page.status_code == 200
    assert "Trần Thị Bình" in page.content.decode()


def test_ballot_by_ballot_screen_then_minutes(client, cast, setup):
    congress, election, round_ = setup
    client.force_login(cast.cell_secretary)
    ids = list(round_.candidates.values_list("pk", flat=True))
    url = reverse("congresses:ballots", args=[round_.pk])
    for kept in ([ids[0], ids[1]], [ids[0]], [ids[0], ids[1]], ids, []):
        assert client.post(url, {"kept": kept}).status_code == 302
    page = client.get(url).content.decode()
    assert "nhiều hơn số lượng cần bầu" in page
    assert client.post(url, {"action": "close", "issued": "5"}).status_code == 302
    round_.refresh_from_db()
    assert round_.is_counted and round_.valid == 4 and round_.invalid == 1
    assert round_.result["elected"] == ["Trần Thị Bình"]
    docx = client.get(reverse("congresses:round_document", args=[round_.pk, "minutes", "docx"]))
    text = docx_text(docx.content)
    assert "BIÊN BẢN KIỂM PHIẾU" in text
    assert "Số được tính làm căn cứ: 5" in text
    assert "Phiếu số 4 không hợp lệ" in text
    pdf = client.get(reverse("congresses:round_document", args=[round_.pk, "minutes", "pdf"]))
    assert pdf.content.startswith(b"%PDF")


def test_ballot_documents_with_and_without_surplus(client, cast, setup):
    congress, election, round_ = setup
    client.force_login(cast.cell_secretary)
    docx = client.get(reverse("congresses:round_document", args=[round_.pk, "ballot", "docx"]))
    text = docx_text(docx.content)
    assert "PHIẾU BẦU CỬ" in text and "Đồng ý" not in text
    assert text.index("Trần Thị Bình") < text.index("Lê Văn Cường")  # Bình before Cường: by given name
    assert client.get(reverse("congresses:round_document", args=[round_.pk, "ballot", "pdf"])).content.startswith(
        b"%PDF"
    )
    # No surplus (a secretary: one name for one seat): the đồng ý / không đồng ý columns (244-QĐ/TW Điều 17).
    who = Actor.for_user(cast.cell_secretary)
    secretary = services.create_election(
        actor=who, organization=cast.cell_a, congress=congress, body=Body.SECRETARY, seats=1, held_on=HELD, summoned=5
    )
    r = secretary.rounds.get()
    services.add_candidate(actor=who, round_=r, full_name="Trần Thị Bình")
    text = docx_text(client.get(reverse("congresses:round_document", args=[r.pk, "ballot", "docx"])).content)
    assert "Đồng ý" in text and "Không đồng ý" in text


def test_totals_and_approval_by_the_commune(client, cast, setup):
    congress, election, round_ = setup
    client.force_login(cast.cell_secretary)
    c = {x.full_name: x.pk for x in round_.candidates.all()}
    data = {"issued": 5, "returned": 5, "valid": 5, "invalid": 0}
    data.update({f"votes_{c['Trần Thị Bình']}": 5, f"votes_{c['Lê Văn Cường']}": 4, f"votes_{c['Phạm Đức Dũng']}": 1})
    client.post(reverse("congresses:totals", args=[round_.pk]), data)
    round_.refresh_from_db()
    assert round_.result["elected"] == ["Trần Thị Bình", "Lê Văn Cường"]
    approve = {"decision": "5-QĐ/ĐU", "approved_on": "20/03/2026", "term_starts_on": "20/03/2026"}
    client.post(reverse("congresses:approve", args=[election.pk]), approve)
    election.refresh_from_db()
    assert election.status == "DONE"  # the cell cannot approve its own election
    client.force_login(cast.commune_committee)
    client.post(reverse("congresses:approve", args=[election.pk]), approve)
    election.refresh_from_db()
    assert election.status == "APPROVED"


def test_outsider_gets_404_on_another_communes_congress(client, cast, setup):
    congress, election, round_ = setup
    client.force_login(cast.outsider)
    for url in (
        reverse("congresses:congress", args=[congress.pk]),
        reverse("congresses:election", args=[election.pk]),
        reverse("congresses:ballots", args=[round_.pk]),
        reverse("congresses:round_document", args=[round_.pk, "ballot", "pdf"]),
        reverse("congresses:rollup", args=[cast.commune_a.pk]),
    ):
        assert client.get(url).status_code == 404, url
    assert client.post(reverse("congresses:totals", args=[round_.pk]), {}).status_code == 404
    assert Round.objects.get(pk=round_.pk).counted_at is None


def test_commune_issues_a_plan_sets_a_due_date_and_opens_its_cells_congresses(client, cast):
    from sotay.congresses.models import Congress, CongressPlan

    client.force_login(cast.commune_committee)
    response = client.post(
        reverse("congresses:plans", args=[cast.commune_a.pk]),
        {"title": "Đại hội chi bộ trực thuộc nhiệm kỳ 2027–2032", "term_label": "2027–2032", "cells_only": "on"},
    )
    plan = CongressPlan.objects.get()
    assert response.status_code == 302 and plan.steps.count() == 10
    step = plan.steps.get(code="BCCT")
    client.post(
        reverse("congresses:plan_step_update", args=[step.pk]),
        {f"p{step.pk}-title": step.title, f"p{step.pk}-offset_days": "-40", f"p{step.pk}-produces": "Báo cáo"},
    )
    step.refresh_from_db()
    assert step.offset_days == -40
    assert client.get(reverse("congresses:plan", args=[plan.pk])).status_code == 200
    client.post(reverse("congresses:plan_open", args=[plan.pk]), {"planned_on": "15/06/2027"})
    opened = Congress.objects.filter(plan=plan)
    assert {c.organization for c in opened} == {cast.cell_a, cast.cell_a2}
    # The cell secretary does not see the commune's plans.
    client.force_login(cast.cell_secretary)
    assert client.get(reverse("congresses:plan", args=[plan.pk])).status_code == 404


def test_congress_dates_and_targets_are_edited_and_warned(client, cast, setup):
    congress, election, round_ = setup
    client.force_login(cast.cell_secretary)
    data = {
        "c-kind": "members",
        "c-planned_on": "10/03/2026",
        "c-held_on": "",
        "c-summoned": "5",
        "c-reference_on": "01/03/2026",
        "c-committee_size": "3",
        "c-standing_size": "0",
        "c-deputy_secretaries": "1",
        "c-women": "50",
        "c-under_40": "",
        "c-ethnic": "",
        "c-reelected": "",
    }
    client.post(reverse("congresses:congress_update", args=[congress.pk]), data)
    congress.refresh_from_db()
    assert congress.committee_size == 3 and congress.targets["women"] == 50
    page = client.get(reverse("congresses:congress", args=[congress.pk])).content.decode()
    assert "Nữ:" in page  # names without a member record count as not women: below the 50% target


def test_a_cell_secretary_lands_on_the_cells_congress_and_goes_back_to_the_communes_rollup(client, cast, setup):
    congress, _election, _round = setup
    client.force_login(cast.cell_secretary)
    assert client.get(reverse("congresses:index"))["Location"] == reverse("congresses:congress", args=[congress.pk])
    client.force_login(cast.commune_committee)
    page = client.get(reverse("congresses:congress", args=[congress.pk])).content.decode()
    assert reverse("congresses:rollup", args=[cast.commune_a.pk]) in page


def test_plan_sets_the_size_from_which_a_congress_is_of_delegates(client, cast):
    client.force_login(cast.commune_committee)
    data = {"title": "Đại hội các chi bộ", "term_label": "2027–2032", "cells_only": "on", "delegates_from": "4"}
    client.post(reverse("congresses:plans", args=[cast.commune_a.pk]), data)
    plan = cast.commune_a.congress_plans.get()
    assert plan.delegates_from == 4
    client.post(reverse("congresses:plan_open", args=[plan.pk]), {"planned_on": ""})
    # Chi bộ thôn Đông has 4 official members in the cast: a delegates' congress from 4.
    assert plan.congresses.get(organization=cast.cell_a).kind == "delegates"


def test_rollup_xlsx_headers_and_late_steps(client, cast, setup):
    import io

    from openpyxl import load_workbook

    client.force_login(cast.commune_committee)
    export = client.get(reverse("congresses:rollup_export", args=[cast.commune_a.pk]))
    sheet = load_workbook(io.BytesIO(export.content)).active
    values = [c.value for row in sheet.iter_rows(max_row=4) for c in row]
    assert "Tổ chức đảng" in values and "Bước chậm" in values and cast.cell_a.name in values
