"""The transfer workflow: docs/rules/transfers.md#chuyển-sinh-hoạt-chính-thức (294-QĐ/TW §6.3.1) — letter, arrival,
deadlines in working days."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from sotay.audit.models import AuditEntry
from sotay.members import services, transfers
from sotay.members.models import MemberChange, MemberPeriod, TemporaryAttachment, Transfer
from sotay.orgs.actor import Actor
from sotay.rules.calendar import add_working_days

pytestmark = pytest.mark.django_db

TET_DECISION = dt.date(2026, 2, 10)  # Tết Bính Ngọ 2026: 14–22/02 are days off


def _issue(member, to_org=None, *, kind=Transfer.Kind.OFFICIAL, issued=TET_DECISION, decided=TET_DECISION, **kw):
    return transfers.issue_transfer(
        member=member,
        kind=kind,
        to_org=to_org,
        letter_number=kw.pop("letter_number", "15-GGT/ĐU"),
        issued_on=issued,
        decided_on=decided,
        issuing_body="Đảng ủy xã Đông Tiến",
        actor=Actor.system("command:test"),
        **kw,
    )


def test_due_dates_are_counted_in_working_days_skipping_tet(cast):
    """docs/rules/transfers.md#xuất-trình-giấy-giới-thiệu / 294-QĐ/TW: 60 working days to transfer, 30 to present the
    letter — Tết is not counted."""
    assert add_working_days(TET_DECISION, 5) == dt.date(2026, 2, 24)  # 11, 12, 13, 23, 24/02
    t = _issue(cast.member_member, cast.cell_a2)
    assert t.start_due_on == dt.date(2026, 5, 15)
    assert t.present_due_on == dt.date(2026, 3, 31)
    assert t.due_on == dt.date(2026, 3, 31)
    assert t.present_due_on > TET_DECISION + dt.timedelta(days=42)  # a naive 30 × 7/5 calendar days falls short


def test_issue_keeps_member_then_receive_moves_on_arrival_date(cast):
    """docs/rules/transfers.md#chuyển-sinh-hoạt-chính-thức / 294-QĐ/TW: in the province the member stays until the
    receiving cell records arrival."""
    m = cast.member_member
    t = _issue(m, cast.cell_a2)
    m.refresh_from_db()
    assert m.organization == cast.cell_a and t.status == Transfer.Status.OPEN
    assert MemberChange.objects.filter(member=m, kind=MemberChange.Kind.LETTER, decision_number="15-GGT/ĐU").exists()
    arrived = dt.date(2026, 3, 20)
    transfers.receive_transfer(transfer=t, received_on=arrived, actor=Actor.for_user(cast.commune_committee))
    m.refresh_from_db()
    t.refresh_from_db()
    assert m.organization == cast.cell_a2
    assert t.status == Transfer.Status.RECEIVED and t.received_on == arrived and t.received_by == cast.commune_committee
    open_period = MemberPeriod.objects.get(member=m, valid_to__isnull=True)
    assert open_period.organization == cast.cell_a2 and open_period.valid_from == arrived
    assert MemberPeriod.objects.filter(member=m, organization=cast.cell_a, valid_to=arrived).exists()
    move = MemberChange.objects.get(member=m, kind=MemberChange.Kind.TRANSFER)
    assert move.decision_number == "15-GGT/ĐU" and move.decision_on == TET_DECISION
    assert AuditEntry.objects.filter(action="transfer", object_id=str(m.pk)).count() == 2


def test_temporary_transfer_attaches_to_host_and_keeps_home_record(cast):
    """docs/rules/transfers.md#sinh-hoạt-tạm-thời / 294-QĐ/TW: a temporary transfer (8-ô letter) leaves the home record
    where it is."""
    m = cast.member_member
    t = _issue(m, cast.cell_b, kind=Transfer.Kind.TEMPORARY)
    assert t.due_on == t.present_due_on  # the 60-day official deadline does not apply
    transfers.receive_transfer(transfer=t, received_on=dt.date(2026, 3, 2), actor=Actor.system("command:test"))
    m.refresh_from_db()
    assert m.organization == cast.cell_a
    assert MemberPeriod.objects.get(member=m, valid_to__isnull=True).organization == cast.cell_a
    attachment = TemporaryAttachment.objects.get(member=m)
    assert attachment.host == cast.cell_b and attachment.valid_to is None
    assert attachment.valid_from == dt.date(2026, 3, 2)
    assert not MemberChange.objects.filter(member=m, kind=MemberChange.Kind.TRANSFER).exists()


def test_official_transfer_out_of_the_province_marks_transferred_out(cast):
    """docs/rules/transfers.md#chuyển-sinh-hoạt-chính-thức / 294-QĐ/TW: leaving the province ends membership here on the
    letter's issue date."""
    m = cast.member_member
    t = _issue(m, destination_text="Đảng bộ phường Ba Đình, Thành phố Hà Nội", issued=dt.date(2026, 2, 12))
    m.refresh_from_db()
    assert m.status == "TRANSFERRED_OUT" and m.status_changed_on == dt.date(2026, 2, 12)
    assert MemberPeriod.objects.get(member=m, valid_to__isnull=True).status == "TRANSFERRED_OUT"
    assert t.to_org is None and t.destination == "Đảng bộ phường Ba Đình, Thành phố Hà Nội"
    with pytest.raises(ValidationError):
        transfers.cancel_transfer(transfer=t, actor=Actor.system("command:test"))
    transfers.receive_transfer(
        transfer=t, received_on=dt.date(2026, 3, 2), actor=Actor.system("command:test")
    )  # confirmation of receipt
    t.refresh_from_db()
    assert t.status == Transfer.Status.RECEIVED


@pytest.mark.parametrize(
    "case",
    ["committee", "same_cell", "issued_before_decision", "not_active", "second_open", "no_destination", "no_letter"],
)
def test_refusals_write_nothing(cast, case):
    """docs/rules/transfers.md#chuyển-sinh-hoạt-chính-thức / 294-QĐ/TW: a wrong letter is refused with a Vietnamese
    message and nothing is written."""
    m = cast.member_member
    kwargs: dict = {"to_org": cast.cell_a2}
    if case == "committee":
        kwargs["to_org"] = cast.base_a
    elif case == "same_cell":
        kwargs["to_org"] = cast.cell_a
    elif case == "issued_before_decision":
        kwargs["issued"] = TET_DECISION - dt.timedelta(days=1)
    elif case == "not_active":
        services.change_member_status(
            member=m, status="DECEASED", on=dt.date(2026, 1, 5), actor=Actor.system("command:test")
        )
    elif case == "second_open":
        _issue(m, cast.cell_b, kind=Transfer.Kind.TEMPORARY)
    elif case == "no_destination":
        kwargs["to_org"] = None
    elif case == "no_letter":
        kwargs["letter_number"] = "  "
    counts = (Transfer.objects.count(), MemberChange.objects.count(), AuditEntry.objects.count())
    with pytest.raises(ValidationError):
        _issue(m, **kwargs)
    assert (Transfer.objects.count(), MemberChange.objects.count(), AuditEntry.objects.count()) == counts


def test_receive_refuses_a_date_before_the_letter_and_a_second_receipt(cast):
    """docs/rules/transfers.md#xuất-trình-giấy-giới-thiệu / 294-QĐ/TW: arrival cannot precede the letter; a letter is
    received once."""
    t = _issue(cast.member_member, cast.cell_a2)
    counts = (MemberChange.objects.count(), MemberPeriod.objects.count())
    with pytest.raises(ValidationError) as exc:
        transfers.receive_transfer(
            transfer=t, received_on=TET_DECISION - dt.timedelta(days=1), actor=Actor.system("command:test")
        )
    assert "10/02/2026" in str(exc.value)
    assert (MemberChange.objects.count(), MemberPeriod.objects.count()) == counts
    t.refresh_from_db()
    assert t.status == Transfer.Status.OPEN
    transfers.receive_transfer(transfer=t, received_on=dt.date(2026, 3, 2), actor=Actor.system("command:test"))
    with pytest.raises(ValidationError):
        transfers.receive_transfer(transfer=t, received_on=dt.date(2026, 3, 3), actor=Actor.system("command:test"))


def test_cancel_lets_a_new_letter_be_issued(cast):
    """docs/rules/transfers.md#theo-dõi-đảng-viên-đang-chuyển / 294-QĐ/TW: a withdrawn letter no longer blocks the
    member."""
    t = _issue(cast.member_member, cast.cell_a2)
    transfers.cancel_transfer(transfer=t, actor=Actor.system("command:test"), note="Đổi nơi đến")
    assert Transfer.objects.get(pk=t.pk).status == Transfer.Status.CANCELLED
    assert _issue(cast.member_member, cast.cell_b, letter_number="16-GGT").status == Transfer.Status.OPEN


def test_overdue_lists_members_in_transit_past_the_deadline(cast):
    """docs/rules/transfers.md#theo-dõi-đảng-viên-đang-chuyển / 294-QĐ/TW: alert on members in transit past the
    deadline, by sending or receiving subtree."""
    late = _issue(cast.member_member, cast.cell_b)  # present by 31/03/2026
    recent = _issue(cast.others_a[0], cast.cell_b, issued=dt.date(2026, 3, 25), decided=dt.date(2026, 3, 25))
    done = _issue(cast.others_a[1], cast.cell_b)
    transfers.receive_transfer(transfer=done, received_on=dt.date(2026, 3, 2), actor=Actor.system("command:test"))
    on = dt.date(2026, 4, 1)
    assert list(transfers.overdue_transfers(cast.commune_a, on)) == [late]
    assert list(transfers.overdue_transfers(cast.cell_b, on)) == [late]
    assert list(transfers.overdue_transfers(cast.province, dt.date(2026, 3, 31))) == []
    assert list(transfers.overdue_transfers(cast.cell_a2, on)) == []
    assert set(transfers.open_transfers(cast.commune_b)) == {late, recent}


def test_pages_receiving_cell_receives_sender_and_outsiders_cannot(client, cast):
    """docs/rules/transfers.md#chuyển-sinh-hoạt-chính-thức / 294-QĐ/TW: the receiving chi ủy records arrival; others get
    a 404."""
    t = _issue(cast.member_member, cast.cell_b)  # overdue today
    list_url = reverse("members:transfers")
    receive_url = reverse("members:transfer_receive", args=[t.pk])
    client.force_login(cast.outsider)  # the receiving cell's committee
    body = client.get(list_url, {"org": cast.cell_b.pk}).content.decode()
    assert "Nguyễn Văn Ấn" in body and "Ghi nhận đã đến" in body and "31/03/2026" in body and "Quá hạn" in body
    assert client.get(list_url, {"org": cast.cell_a.pk}).status_code == 404
    client.force_login(cast.cell_secretary)  # the sending cell sees it but cannot record arrival
    body = client.get(list_url, {"org": cast.cell_a.pk}).content.decode()
    assert "Nguyễn Văn Ấn" in body and "Ghi nhận đã đến" not in body
    profile = client.get(reverse("members:detail", args=[cast.member_member.pk])).content.decode()
    assert "Đang chuyển sinh hoạt đến Chi bộ tổ dân phố số 3" in profile and "31/03/2026" in profile
    assert client.post(receive_url, {"received_on": "02/03/2026"}).status_code == 404
    client.force_login(cast.outsider)
    assert client.post(receive_url, {"received_on": "02/03/2026"}).status_code == 302
    cast.member_member.refresh_from_db()
    assert cast.member_member.organization == cast.cell_b


def test_issue_form_from_the_profile_out_of_the_province(client, cast):
    """docs/rules/transfers.md#cấp-giấy-giới-thiệu / 294-QĐ/TW: “Chuyển sinh hoạt” issues the letter; an outsider cannot
    open the form."""
    url = reverse("members:transfer", args=[cast.member_member.pk])
    client.force_login(cast.outsider)
    assert client.get(url).status_code == 404
    client.force_login(cast.commune_committee)
    letter = {"kind": "OFFICIAL", "letter_number": "20-GGT", "issued_on": "12/02/2026", "decided_on": "10/02/2026"}
    body = client.post(url, letter).content.decode()
    assert "Cần chọn chi bộ chuyển đến" in body
    response = client.post(url, {**letter, "destination_text": "Đảng bộ xã Tân Lập, tỉnh Phú Thọ"})
    assert response.status_code == 302
    cast.member_member.refresh_from_db()
    assert cast.member_member.status == "TRANSFERRED_OUT"


def test_introduction_letter_docx_and_pdf_say_what_was_recorded(client, cast):
    """294-QĐ/TW §6.3.1: the letter names the member, the destination and the 30-working-day deadline."""
    import io

    from pypdf import PdfReader

    from sotay.core.partydoc import docx_text

    transfer = _issue(cast.member_member, cast.cell_b)
    client.force_login(cast.cell_secretary)
    response = client.get(reverse("members:transfer_letter", args=[transfer.pk, "docx"]))
    assert response.status_code == 200
    text = docx_text(response.content)
    assert "GIẤY GIỚI THIỆU" in text and "Số 15-GGT/ĐU" in text and "ĐẢNG CỘNG SẢN VIỆT NAM" in text
    assert "Nguyễn Văn Ấn" in text and "Chi bộ tổ dân phố số 3" in text
    assert f"trước ngày {transfer.present_due_on:%d/%m/%Y}" in text
    pdf = client.get(reverse("members:transfer_letter", args=[transfer.pk, "pdf"]))
    assert "GIẤY GIỚI THIỆU" in PdfReader(io.BytesIO(pdf.content)).pages[0].extract_text()
    assert (
        AuditEntry.objects.filter(
            action="export", data__kind="transfer_letter", data__params__letter="15-GGT/ĐU"
        ).count()
        == 2
    )
    # The receiving side and outsiders do not print the sender's letter.
    client.force_login(cast.outsider)
    assert client.get(reverse("members:transfer_letter", args=[transfer.pk, "docx"])).status_code == 404


def test_host_cell_ends_a_temporary_attachment_once_and_not_before_it_began(client, cast):
    """docs/rules/transfers.md#sinh-hoạt-tạm-thời: temporary activity ends when the member returns; the home record
    never moved."""
    m = cast.member_member
    t = _issue(m, cast.cell_b, kind=Transfer.Kind.TEMPORARY)
    transfers.receive_transfer(transfer=t, received_on=dt.date(2026, 3, 2), actor=Actor.system("command:test"))
    attachment = TemporaryAttachment.objects.get(member=m)
    listing = f"{reverse('members:transfers')}?org={cast.cell_b.pk}"
    client.force_login(cast.outsider)  # the host cell's chi ủy
    assert "Nguyễn Văn Ấn" in client.get(listing).content.decode()
    url = reverse("members:temporary_end", args=[attachment.pk])
    client.post(url, {"ended_on": "01/03/2026"})  # before it began: refused
    attachment.refresh_from_db()
    assert attachment.valid_to is None
    client.post(url, {"ended_on": "30/06/2026"})
    attachment.refresh_from_db()
    assert attachment.valid_to == dt.date(2026, 6, 30)
    assert list(transfers.temporary_members(cast.cell_b)) == []
    with pytest.raises(ValidationError):
        transfers.end_temporary_attachment(
            attachment=attachment, ended_on=dt.date(2026, 7, 1), actor=Actor.system("command:test")
        )
    # The home cell's secretary cannot end someone else's hosting.
    client.force_login(cast.cell_secretary)
    assert client.post(url, {"ended_on": "30/06/2026"}).status_code == 404


def test_arrival_from_outside_the_province_starts_the_member_periods_on_arrival(client, cast):
    """docs/rules/transfers.md#chuyển-sinh-hoạt-chính-thức: a member from another province is registered from the paper
    letter, counted as an increase by transfer on the day of arrival, not as present here since joining."""
    from sotay.members.changes import Interval, event_member_ids

    client.force_login(cast.cell_secretary)
    data = {
        "full_name": "Hà Văn Tới",
        "birth_on": "02/02/1988",
        "gender": "M",
        "ethnicity": "01",
        "religion": "NONE",
        "joined_on": "19/05/2012",
        "official_on": "19/05/2013",
        "status": "OFFICIAL",
        "arrived_on": "03/11/2026",
        "letter_number": "77-GGT/ĐU",
        "origin": "Đảng ủy phường Láng, Hà Nội",
    }
    bad = client.post(reverse("members:arrival", args=[cast.cell_a.pk]), {**data, "letter_number": ""})
    assert bad.status_code == 200 and not MemberPeriod.objects.filter(member__full_name="Hà Văn Tới").exists()
    response = client.post(reverse("members:arrival", args=[cast.cell_a.pk]), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    member = cast.cell_a.members.get(full_name="Hà Văn Tới")
    assert MemberPeriod.objects.get(member=member).valid_from == dt.date(2026, 11, 3)
    change = MemberChange.objects.filter(member=member, decision_number="77-GGT/ĐU").get()
    assert "Láng" in str(change.changes)
    november = Interval(dt.date(2026, 11, 1), dt.date(2026, 11, 30))
    arrivals = event_member_ids(cast.commune_a, november, "transferred_in").values_list("member_id", flat=True)
    assert member.pk in set(arrivals)
    client.force_login(cast.outsider)
    assert client.get(reverse("members:arrival", args=[cast.cell_a.pk])).status_code == 404
