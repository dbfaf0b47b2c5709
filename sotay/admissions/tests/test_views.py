"""Admission pages: scoped by the right to admit members (docs/rules/admission.md#các-bước-kết-nạp); an outsider gets
404, never a 403."""

from __future__ import annotations

import pytest
from django.urls import reverse

from sotay.admissions import steps
from sotay.admissions.models import AdmissionCase, Stage
from sotay.orgs.actor import Actor

from .helpers import D, cell_vote, open_case, through_verification

pytestmark = pytest.mark.django_db


def test_outsider_gets_404_on_case_list_detail_and_posts(cast, client):
    """docs/rules/admission.md#các-bước-kết-nạp (12-HD/BTCTW files are the cell's): a secretary of another commune sees
    nothing."""
    case = open_case(cast)
    client.force_login(cast.outsider)
    assert client.get(reverse("admissions:list"), {"org": cast.cell_a.pk}).status_code == 404
    assert client.get(reverse("admissions:detail", args=[case.pk])).status_code == 404
    post = {"form_code": steps.COURSE, "done_on": "2025-09-10"}
    assert client.post(reverse("admissions:step", args=[case.pk]), post).status_code == 404
    assert client.get(reverse("admissions:create", args=[cast.cell_a.pk])).status_code == 404
    assert not case.steps.exists()
    client.force_login(cast.member)  # a plain member has no right to admit
    assert client.get(reverse("admissions:detail", args=[case.pk])).status_code == 404


def test_list_shows_stage_and_flags_overdue_decision(cast, client):
    """docs/rules/admission.md#quyết-định-kết-nạp: the 9-KNĐ is due 60 working days after the 6-KNĐ; the list flags it
    once passed."""
    case = through_verification(cast, open_case(cast))
    cell_vote(case, cast.cell_secretary)
    client.force_login(cast.commune_committee)
    response = client.get(reverse("admissions:list"), {"org": cast.commune_a.pk})
    assert response.status_code == 200
    page = response.content.decode()
    assert "Ngô Thị Hạnh" in page and "21/04/2026" in page and "Quá hạn" in page


def test_secretary_opens_case_and_records_steps_in_order(cast, client):
    """12-HD/BTCTW: the page offers only the steps whose prerequisites are done; the committee's steps stay hidden."""
    client.force_login(cast.cell_secretary)
    data = {"full_name": "Đinh Văn Quý", "birth_on": "1999-04-02", "gender": "M", "ethnicity": "01", "religion": "NONE"}
    response = client.post(reverse("admissions:create", args=[cast.cell_a.pk]), data)
    case = AdmissionCase.objects.get(full_name="Đinh Văn Quý")
    assert response.status_code == 302 and case.stage == Stage.PROSPECT
    url = reverse("admissions:step", args=[case.pk])
    refused = client.post(url, {"form_code": steps.APPLICATION, "done_on": "2025-10-01"})
    assert refused.status_code == 400 and not case.steps.exists()
    assert client.post(url, {"form_code": steps.COURSE, "done_on": "2025-09-10"}).status_code == 302
    page = client.get(reverse("admissions:detail", args=[case.pk])).content.decode()
    assert 'value="1-KNĐ"' in page and 'value="6-KNĐ"' not in page


def test_committee_steps_need_the_committees_rights(cast, client):
    """docs/rules/admission.md#quyết-định-kết-nạp: the 9-KNĐ is the higher committee's decision, not the cell
    secretary's."""
    case = through_verification(cast, open_case(cast))
    cell_vote(case, cast.cell_secretary)
    client.force_login(cast.cell_secretary)
    post = {"form_code": steps.DECISION, "done_on": "2026-02-06", "document_number": "45-QĐ/ĐU"}
    assert client.post(reverse("admissions:step", args=[case.pk]), post).status_code == 400
    client.force_login(cast.commune_committee)
    assert client.post(reverse("admissions:step", args=[case.pk]), post).status_code == 302
    ceremony = {"form_code": steps.CEREMONY, "done_on": "2026-03-26"}
    assert client.post(reverse("admissions:step", args=[case.pk]), ceremony).status_code == 302
    case.refresh_from_db()
    assert case.stage == Stage.ADMITTED and case.member.joined_on == D(2026, 3, 26)


def test_vote_and_sponsor_forms(cast, client):
    """294-QĐ/TW: the sponsor form refuses a year's acquaintance short; the 6-KNĐ form records the vote counts."""
    case = through_verification(cast, open_case(cast))
    client.force_login(cast.cell_secretary)
    short = {"sponsor": cast.others_a[0].pk, "role": "SPONSOR", "known_since": "2025-01-01"}
    assert client.post(reverse("admissions:sponsor", args=[case.pk]), short).status_code == 400
    vote = {"form_code": steps.CELL_RESOLUTION, "done_on": "2026-01-20", "votes_for": 3, "votes_against": 1}
    vote["votes_total"] = 4
    assert client.post(reverse("admissions:step", args=[case.pk]), vote).status_code == 302
    step = case.steps.get(form_code=steps.CELL_RESOLUTION)
    assert (step.votes_for, step.votes_total, step.approved) == (3, 4, True)


def test_dates_are_typed_dd_mm_yyyy_not_with_the_browser_picker(client, cast):
    """Dates are dd/mm/yyyy everywhere: a browser date picker would show the phone's own (often US) order."""
    from django.urls import reverse

    client.force_login(cast.cell_secretary)
    body = client.get(reverse("admissions:create", args=[cast.cell_a.pk])).content.decode()
    assert 'placeholder="dd/mm/yyyy"' in body and 'type="date"' not in body


def test_edit_corrects_identity_and_records_over_60_approval_while_open(cast, client):
    """docs/rules/admission.md#tuổi-đời: over 60 needs the approval recorded before the cell considers; the case page
    records it."""
    from sotay.admissions.models import AdmissionCase
    from sotay.audit.models import AuditEntry

    case = open_case(cast)
    client.force_login(cast.cell_secretary)
    url = reverse("admissions:edit", args=[case.pk])
    form = client.get(url).content.decode()
    assert "Ngô Thị Hạnh" in form
    data = {
        "full_name": "Ngô Thị Thu Hạnh",
        "birth_on": "15/01/1960",
        "gender": "F",
        "ethnicity": "01",
        "religion": "NONE",
        "over_60_approval": "125-CV/TU ngày 02/02/2026",
    }
    assert client.post(url, data).status_code == 302
    case = AdmissionCase.objects.get(pk=case.pk)
    assert case.full_name == "Ngô Thị Thu Hạnh" and case.over_60_approval.startswith("125-CV/TU")
    assert AuditEntry.objects.filter(action="update", object_id=str(case.pk)).exists()
    assert client.post(url, {**data, "full_name": "Hạnh"}).status_code == 200  # refused, one word
    bad = client.post(url, {**data, "citizen_id": "12345", "phone": "abc"}).content.decode()
    assert "Số điện thoại không hợp lệ" in bad and AdmissionCase.objects.get(pk=case.pk).phone == ""
    assert AdmissionCase.objects.get(pk=case.pk).full_name == "Ngô Thị Thu Hạnh"
    client.force_login(cast.outsider)
    assert client.get(url).status_code == 404


def test_the_cell_records_the_day_it_received_the_decision(cast, client):
    """294-QĐ/TW: the ceremony is due 30 working days after the cell receives the 9-KNĐ; the case page records that
    day, a bad one gets a Vietnamese error and changes nothing, and an outsider gets 404."""
    from sotay.admissions import services

    case = through_verification(cast, open_case(cast))
    cell_vote(case, cast.cell_secretary)
    services.record_step(
        case=case, form_code=steps.DECISION, done_on=D(2026, 2, 6), actor=Actor.for_user(cast.commune_committee)
    )
    url = reverse("admissions:received", args=[case.pk])
    client.force_login(cast.outsider)
    assert client.post(url, {"received_on": "13/02/2026"}).status_code == 404
    client.force_login(cast.cell_secretary)
    assert (
        "Ngày chi bộ nhận quyết định kết nạp"
        in client.get(reverse("admissions:detail", args=[case.pk])).content.decode()
    )
    response = client.post(url, {"received_on": "01/02/2026"})
    assert response.status_code == 400 and "không được trước ngày ký (06/02/2026)" in response.content.decode()
    case.refresh_from_db()
    assert case.ceremony_due_on == D(2026, 3, 27)
    assert client.post(url, {"received_on": "13/02/2026"}).status_code == 302
    case.refresh_from_db()
    assert (case.decision_received_on, case.ceremony_due_on) == (D(2026, 2, 13), D(2026, 4, 3))
