"""The member write path: validation in Vietnamese, atomic writes, history and audit."""

from __future__ import annotations

import datetime as dt
import unicodedata

import pytest
from django.core.exceptions import ValidationError
from django_tasks import default_task_backend

from sotay.audit.models import AuditEntry
from sotay.members import services
from sotay.members.choices import ExitKind, MemberStatus
from sotay.members.models import Member, MemberChange
from sotay.members.tests.factories import MemberFactory
from sotay.orgs.actor import Actor
from sotay.orgs.tests.factories import cell, commune, province

pytestmark = pytest.mark.django_db


def valid_data(**overrides):
    data = {
        "full_name": "Nguyễn Thị Hòa",
        "birth_on": dt.date(1990, 4, 12),
        "gender": "F",
        "ethnicity": "01",
        "religion": "NONE",
        "joined_on": dt.date(2015, 5, 19),
        "official_on": dt.date(2016, 5, 19),
        "citizen_id": "033190001234",
        "card_number": "55001234",
        "phone": "0987 654 321",
    }
    data.update(overrides)
    return data


@pytest.fixture
def where(db):
    prov = province(code="P")
    c = commune(prov, code="P.1")
    return cell(c, code="P.1.1"), c


def create(where, status=MemberStatus.OFFICIAL, **overrides):
    return services.create_member(
        data=valid_data(**overrides), organization=where[0], actor=Actor.system("command:test"), status=status
    )


def test_create_member_normalises_text_and_writes_history_and_audit(where, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        member = create(where, full_name=unicodedata.normalize("NFD", "NGUYỄN   THỊ  HÒA"))
    assert member.full_name == "Nguyễn Thị Hòa"
    assert unicodedata.is_normalized("NFC", member.full_name)
    assert member.name_folded == "nguyen thi hoa"
    assert member.phone == "0987654321"
    assert MemberChange.objects.filter(member=member, kind="CREATE").exists()
    assert AuditEntry.objects.filter(action="create", object_id=str(member.pk)).exists()
    # The cell-size review runs in the background after commit.
    assert any(r.task.name == "review_cell_size" for r in default_task_backend.results)


@pytest.mark.parametrize(
    "overrides, field, message",
    [
        ({"citizen_id": "12345"}, "citizen_id", "12 chữ số"),
        ({"citizen_id": "033090001234"}, "citizen_id", "giới tính"),
        ({"citizen_id": "033185001234"}, "citizen_id", "năm sinh"),
        ({"birth_on": dt.date(2016, 1, 1)}, "birth_on", "trước ngày vào Đảng"),
        ({"official_on": dt.date(2016, 2, 1)}, "official_on", "12 tháng"),
        ({"ethnicity": "99"}, "ethnicity", "54 dân tộc"),
        ({"full_name": "Hòa"}, "full_name", "họ và tên"),
        ({"joined_on": dt.date(2999, 1, 1), "official_on": None}, "joined_on", "sau ngày hôm nay"),
    ],
)
def test_bad_input_is_refused_with_a_vietnamese_message_and_nothing_written(where, overrides, field, message):
    before = (Member.objects.count(), AuditEntry.objects.count(), MemberChange.objects.count())
    with pytest.raises(ValidationError) as exc:
        create(where, **overrides)
    assert message in " ".join(exc.value.message_dict[field])
    assert (Member.objects.count(), AuditEntry.objects.count(), MemberChange.objects.count()) == before


def test_official_date_is_exactly_twelve_months_after_the_ceremony(where):
    """Điều lệ Đảng Điều 5 / 294-QĐ/TW: probation is 12 months from the admission ceremony."""
    member = create(where, joined_on=dt.date(2024, 2, 29), official_on=dt.date(2025, 2, 28))
    assert member.probation_ends_on == dt.date(2025, 2, 28)


def test_duplicate_citizen_id_and_card_number_are_refused(where):
    create(where)
    with pytest.raises(ValidationError) as exc:
        create(where, full_name="Trần Thị Mai")
    assert set(exc.value.message_dict) >= {"citizen_id", "card_number"}


def test_a_member_cannot_be_placed_in_a_committee(where):
    with pytest.raises(ValidationError, match="chỉ sinh hoạt ở chi bộ"):
        services.create_member(
            data=valid_data(), organization=where[1], actor=Actor.system("command:test"), status=MemberStatus.OFFICIAL
        )
    m = MemberFactory(organization=where[0])
    with pytest.raises(ValidationError, match="chỉ sinh hoạt ở chi bộ"):
        services.transfer_member(member=m, to_org=where[1], on=dt.date(2025, 1, 1), actor=Actor.system("command:test"))


def test_update_keeps_field_level_history_and_refuses_status_edits(where):
    member = create(where)
    services.update_member(
        member=member,
        data={"occupation": "Giáo viên", "full_name": "Nguyễn Thị Hoà"},
        actor=Actor.system("command:test"),
        decision_number="QĐ 7",
    )
    change = MemberChange.objects.filter(member=member, kind="UPDATE").get()
    assert change.changes["occupation"] == ["", "Giáo viên"]
    assert change.decision_number == "QĐ 7"
    with pytest.raises(ValidationError, match="thủ tục riêng"):
        services.update_member(member=member, data={"status": MemberStatus.LEFT}, actor=Actor.system("command:test"))
    # No change, no history row.
    services.update_member(member=member, data={"occupation": "Giáo viên"}, actor=Actor.system("command:test"))
    assert MemberChange.objects.filter(member=member, kind="UPDATE").count() == 1


def test_recognition_makes_official_on_the_exact_12_month_date_even_when_late(where):
    """docs/rules/admission.md#công-nhận-đảng-viên-chính-thức: official as of the 12-month date even if the meeting is
    late."""
    member = create(where, status=MemberStatus.PROBATIONARY, official_on=None, joined_on=dt.date(2024, 3, 10))
    services.change_member_status(
        member=member,
        status=MemberStatus.OFFICIAL,
        on=dt.date(2025, 4, 20),
        actor=Actor.system("command:test"),
        decision_number="15-QĐ/ĐU",
    )
    member.refresh_from_db()
    assert member.status == MemberStatus.OFFICIAL and member.official_on == dt.date(2025, 3, 10)


def test_recognition_before_probation_ends_is_refused(where):
    member = create(where, status=MemberStatus.PROBATIONARY, official_on=None, joined_on=dt.date(2024, 3, 10))
    with pytest.raises(ValidationError, match="Chưa hết thời kỳ dự bị"):
        services.change_member_status(
            member=member, status=MemberStatus.OFFICIAL, on=dt.date(2025, 1, 2), actor=Actor.system("command:test")
        )


def test_leaving_needs_a_form_and_a_decision_and_is_final(where):
    member = create(where)
    with pytest.raises(ValidationError) as exc:
        services.change_member_status(
            member=member, status=MemberStatus.LEFT, on=dt.date(2025, 6, 1), actor=Actor.system("command:test")
        )
    assert {"exit_kind", "decision_number"} <= set(exc.value.message_dict)
    services.change_member_status(
        member=member,
        status=MemberStatus.LEFT,
        on=dt.date(2025, 6, 1),
        actor=Actor.system("command:test"),
        exit_kind=ExitKind.STRUCK_OFF,
        decision_number="20-QĐ/ĐU",
    )
    member.refresh_from_db()
    assert member.exit_kind == ExitKind.STRUCK_OFF
    assert Member.objects.filter(pk=member.pk).exists()  # never deleted
    with pytest.raises(ValidationError, match="Không thể chuyển"):
        services.change_member_status(
            member=member, status=MemberStatus.OFFICIAL, on=dt.date(2025, 7, 1), actor=Actor.system("command:test")
        )


def test_transfer_moves_member_and_records_it(where):
    member = create(where)
    other = cell(where[1], code="P.1.2", name="Chi bộ thôn Bắc")
    services.transfer_member(
        member=member,
        to_org=other,
        on=dt.date(2025, 10, 1),
        actor=Actor.system("command:test"),
        decision_number="GGT 3",
    )
    member.refresh_from_db()
    assert member.organization_id == other.pk
    change = MemberChange.objects.get(member=member, kind="TRANSFER")
    assert change.changes["organization"][1] == "Chi bộ thôn Bắc"
    assert AuditEntry.objects.filter(action="transfer", object_id=str(member.pk)).exists()


def test_home_town_ward_must_be_a_current_unit_of_the_chosen_province(where):
    """Current administrative units (after the 2025 reorganisation), from vietnam-provinces."""
    member = create(where, hometown_province_code=33, hometown_ward_code=11953)  # Phường Phố Hiến, Hưng Yên
    assert member.hometown == "Phường Phố Hiến, Hưng Yên"
    with pytest.raises(ValidationError) as exc:
        create(where, citizen_id="033190009999", card_number="1", hometown_province_code=1, hometown_ward_code=11953)
    assert "không thuộc tỉnh" in exc.value.message_dict["hometown_ward_code"][0]
    with pytest.raises(ValidationError) as exc:
        create(where, citizen_id="033190009998", card_number="2", residence_ward_code=999999)
    assert "danh mục hiện hành" in exc.value.message_dict["residence_ward_code"][0]


def test_a_member_must_have_been_18_when_admitted(where):
    """Điều lệ Đảng Điều 1 / 294-QĐ/TW: from 18 years of age, counted in months."""
    with pytest.raises(ValidationError) as exc:
        create(
            where,
            birth_on=dt.date(2010, 5, 12),
            joined_on=dt.date(2025, 5, 19),
            official_on=None,
            citizen_id="033310001234",
            status=MemberStatus.PROBATIONARY,
        )
    assert "chưa đủ 18 tuổi" in exc.value.message_dict["birth_on"][0]
    member = create(
        where,
        birth_on=dt.date(2007, 5, 19),
        joined_on=dt.date(2025, 5, 19),
        official_on=None,
        citizen_id="033307001234",
        status=MemberStatus.PROBATIONARY,
    )
    assert member.pk


@pytest.mark.parametrize(
    "phone, ok",
    [("0912345678", True), ("+84 912 345 678", True), ("12345", False), ("091234567", False), ("02213812345", True)],
)
def test_phone_numbers_are_checked(where, phone, ok):
    if ok:
        assert create(where, phone=phone).phone.startswith("0")
    else:
        with pytest.raises(ValidationError) as exc:
            create(where, phone=phone)
        assert "Số điện thoại không hợp lệ" in exc.value.message_dict["phone"][0]


def test_readmission_keeps_the_first_ceremony_as_party_start_when_the_decision_date_is_unknown(where):
    """docs/rules/admission.md#kết-nạp-lại: the first admission stays the start of Party age. Without a decision date,
    Party age ran from the first ceremony (party_age.party_since); moving joined_on to the new ceremony must not move
    it, so the first ceremony is kept as the start and the time out is a gap."""
    from sotay.members.party_age import party_since

    member = create(where, citizen_id="033190004321", card_number="55004321")
    assert member.admission_decision_on is None
    services.change_member_status(
        member=member,
        status=MemberStatus.LEFT,
        on=dt.date(2020, 6, 1),
        actor=Actor.system("command:test"),
        exit_kind=ExitKind.RESIGNED,
        decision_number="07-QĐ/ĐU",
    )
    member = services.readmit_member(
        member=member,
        organization=where[0],
        decision_on=dt.date(2024, 1, 10),
        ceremony_on=dt.date(2024, 2, 1),
        actor=Actor.system("command:test"),
        decision_number="3-QĐ/ĐU",
    )
    member.refresh_from_db()
    assert party_since(member) == dt.date(2015, 5, 19)
    assert (member.status, member.joined_on, member.official_on) == (
        MemberStatus.PROBATIONARY,
        dt.date(2024, 2, 1),
        None,
    )
    gap = member.party_age_gaps.get()
    assert (gap.start_on, gap.end_on, gap.decision_number) == (dt.date(2020, 6, 1), dt.date(2024, 1, 9), "3-QĐ/ĐU")


def test_readmission_is_only_for_someone_who_left(where):
    """294-QĐ/TW §3.5.1: an active member is not re-admitted; refused with a Vietnamese message, nothing written."""
    member = create(where)
    with pytest.raises(ValidationError, match="đã ra khỏi Đảng"):
        services.readmit_member(
            member=member,
            organization=where[0],
            decision_on=dt.date(2024, 1, 10),
            ceremony_on=dt.date(2024, 2, 1),
            actor=Actor.system("command:test"),
        )
    member.refresh_from_db()
    assert member.status == MemberStatus.OFFICIAL and not member.party_age_gaps.exists()
