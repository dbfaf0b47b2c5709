"""Kết nạp lại (232-QĐ/TW / 294-QĐ/TW §3.5.1; docs/rules/admission.md#kết-nạp-lại): the same Member record, after
at least 36 months out of the Party, probationary again, Party age from the first admission minus the time out."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from sotay.accounts.models import User
from sotay.admissions import services, steps
from sotay.admissions.models import AdmissionCase, AdmissionStep, Sponsorship, Stage
from sotay.audit.models import AuditAction, AuditEntry
from sotay.lib.dates import add_months
from sotay.members import services as member_services
from sotay.members.choices import ExitKind, MemberStatus
from sotay.members.models import Member, MemberPeriod, PartyAgeGap
from sotay.members.party_age import date_reaching, party_age
from sotay.orgs.actor import Actor
from sotay.orgs.models import Role, RoleGrant
from sotay.rules.models import Rule
from sotay.rules.registry import rule_in_force

pytestmark = pytest.mark.django_db
D = dt.date
FIRST_DECISION = D(2010, 2, 10)
LEFT_ON = D(2022, 6, 1)  # 36 months later: 01/06/2025


def _leave(cast, member, on=LEFT_ON):
    Member.objects.filter(pk=member.pk).update(admission_decision_on=FIRST_DECISION)
    return member_services.change_member_status(
        member=member,
        status=MemberStatus.LEFT,
        on=on,
        actor=Actor.for_user(cast.commune_committee),
        exit_kind=ExitKind.RESIGNED,
        decision_number="05-QĐ/ĐU",
    )


def _open(cast, member, by=None, **kw):
    data = {"citizen_id": member.citizen_id, "full_name": "", "birth_on": None}
    return services.open_case(
        organization=cast.cell_a, data=data, actor=Actor.for_user(by or cast.cell_secretary), **kw
    )


def _through_verification(cast, case):
    by = cast.cell_secretary
    services.record_step(
        case=case, form_code=steps.COURSE, done_on=D(2024, 10, 2), document_number="41", actor=Actor.for_user(by)
    )
    services.record_step(case=case, form_code=steps.APPLICATION, done_on=D(2024, 11, 1), actor=Actor.for_user(by))
    for sponsor in (cast.secretary_member, cast.others_a[0]):
        services.add_sponsor(
            case=case,
            sponsor=sponsor,
            role=Sponsorship.Role.SPONSOR,
            known_since=D(2023, 1, 1),
            actor=Actor.for_user(by),
        )
    for code, day in ((steps.BIOGRAPHY, D(2024, 11, 5)), (steps.INTRODUCTION, D(2024, 11, 6))):
        services.record_step(case=case, form_code=code, done_on=day, actor=Actor.for_user(by))
    services.record_step(case=case, form_code=steps.VERIFICATION, done_on=D(2024, 12, 20), actor=Actor.for_user(by))


def _cell_vote(cast, case, on):
    return services.record_step(
        case=case,
        form_code=steps.CELL_RESOLUTION,
        done_on=on,
        document_number="02-NQ/CB",
        actor=Actor.for_user(cast.cell_secretary),
        votes=services.Votes(4, 0, 4),
    )


def test_readmission_end_to_end_reuses_the_record_after_36_months(cast):
    """294-QĐ/TW §3.5.1 (36 months, probation again) and docs/rules/admission.md#kết-nạp-lại (first admission kept
    for Party age, the time out recorded as a gap): leave → refused at 35 months → case to the ceremony."""
    member = _leave(cast, cast.member_member)
    user = User.objects.get(member=member)
    assert not user.is_active  # the exit service ended the account
    members_before = Member.objects.count()

    case = _open(cast, member, is_readmission=True)
    assert case.former_member == member and case.is_readmission
    assert case.full_name == member.full_name and case.birth_on == member.birth_on  # identity from the record
    _through_verification(cast, case)

    # 35 months after leaving: refused, naming the first possible day; nothing recorded.
    with pytest.raises(ValidationError) as exc:
        _cell_vote(cast, case, D(2025, 5, 1))
    assert "01/06/2025" in " ".join(exc.value.message_dict["former_member"])
    assert not AdmissionStep.objects.filter(case=case, form_code=steps.CELL_RESOLUTION).exists()

    _cell_vote(cast, case, D(2025, 6, 1))  # exactly 36 months
    services.record_step(
        case=case,
        form_code=steps.DECISION,
        done_on=D(2025, 6, 20),
        document_number="12-QĐ/ĐU",
        actor=Actor.for_user(cast.commune_committee),
    )
    readmitted = services.admit_member(case=case, ceremony_on=D(2025, 7, 2), actor=Actor.for_user(cast.cell_secretary))

    # The same record, probationary again from the new ceremony; no second Member row.
    assert readmitted.pk == member.pk and Member.objects.count() == members_before
    member.refresh_from_db()
    case.refresh_from_db()
    assert case.stage == Stage.ADMITTED and case.member == member
    assert member.status == MemberStatus.PROBATIONARY and member.exit_kind == ""
    assert member.joined_on == D(2025, 7, 2) and member.official_on is None
    assert member.probation_ends_on == D(2026, 7, 2)
    period = MemberPeriod.objects.get(member=member, valid_to__isnull=True)
    assert (period.status, period.valid_from) == (MemberStatus.PROBATIONARY, D(2025, 7, 2))

    # Party age: from the first decision, the time out of the Party left out.
    assert member.admission_decision_on == FIRST_DECISION
    gap = PartyAgeGap.objects.get(member=member)
    assert (gap.start_on, gap.end_on) == (LEFT_ON, D(2025, 6, 19))
    gap_days = (D(2025, 6, 19) - LEFT_ON).days + 1
    assert date_reaching(member, 10) == D(2020, 2, 10)  # reached before leaving
    assert date_reaching(member, 15) == D(2025, 2, 10) + dt.timedelta(days=gap_days)
    assert party_age(member, D(2025, 6, 20)).total_months == party_age(member, LEFT_ON).total_months

    # The account follows the status (sotay.members.accounts.follow_member): active again, with the member role.
    user.refresh_from_db()
    assert user.is_active
    assert RoleGrant.objects.active().filter(user=user, organization=cast.cell_a, role=Role.MEMBER).exists()
    assert AuditEntry.objects.filter(action=AuditAction.ACCOUNT_REACTIVATED).exists()

    # Official after 12 months as usual, even when recognised late (Điều lệ Điều 5).
    member = member_services.change_member_status(
        member=member, status=MemberStatus.OFFICIAL, on=D(2026, 7, 20), actor=Actor.for_user(cast.commune_committee)
    )
    assert member.official_on == D(2026, 7, 2)


def test_readmission_refused_before_36_months_when_opening(cast):
    """294-QĐ/TW §3.5.1: a case opened 35 months after leaving is refused with the date it becomes possible."""
    today = timezone.localdate()
    left = add_months(today, -35)
    member = _leave(cast, cast.member_member, on=left)
    with pytest.raises(ValidationError) as exc:
        _open(cast, member, is_readmission=True)
    message = " ".join(exc.value.message_dict["former_member"])
    assert "36 tháng" in message and f"{add_months(left, 36):%d/%m/%Y}" in message
    assert not AdmissionCase.objects.exists()


def test_citizen_id_of_someone_who_left_makes_the_case_a_readmission(cast):
    """docs/rules/admission.md#kết-nạp-lại: the record is found by citizen ID even when the box was not ticked."""
    member = _leave(cast, cast.member_member)
    case = _open(cast, member)
    assert case.is_readmission and case.former_member == member


def test_readmission_of_an_active_member_or_unknown_id_is_refused(cast):
    """294-QĐ/TW §3.5.1: only someone who left the Party is re-admitted; a clear message, nothing written."""
    with pytest.raises(ValidationError) as exc:
        _open(cast, cast.others_a[1], is_readmission=True)
    assert "đã ra khỏi Đảng" in " ".join(exc.value.message_dict["former_member"])
    with pytest.raises(ValidationError):
        services.open_case(
            organization=cast.cell_a,
            data={"full_name": "Lý Văn Tâm", "birth_on": D(1985, 1, 1), "gender": "M"},
            actor=Actor.for_user(cast.cell_secretary),
            is_readmission=True,
        )
    assert not AdmissionCase.objects.exists()


def test_former_member_chosen_outside_ones_scope_is_refused(cast):
    """Scoped like members.access: a secretary of another commune cannot reopen this commune's record."""
    member = _leave(cast, cast.member_member)
    with pytest.raises(ValidationError):
        services.open_case(
            organization=cast.cell_b,
            data={"full_name": "", "birth_on": None},
            actor=Actor.for_user(cast.outsider),
            former_member=member,
        )
    assert not AdmissionCase.objects.exists()


def test_readmission_only_once(cast):
    """294-QĐ/TW §3.5.1: kết nạp lại chỉ một lần."""
    member = _leave(cast, cast.member_member)
    first = _open(cast, member)
    AdmissionCase.objects.filter(pk=first.pk).update(stage=Stage.ADMITTED)
    with pytest.raises(ValidationError) as exc:
        _open(cast, member)
    assert "một lần" in " ".join(exc.value.message_dict["former_member"])


def test_wait_is_a_versioned_rule(cast):
    """The 36 months are data (migration rules 0009: 232-QĐ/TW then 294-QĐ/TW §3.5.1); a newer version applies."""
    version = rule_in_force("readmission_wait_months", D(2025, 7, 1))
    assert (version.value, version.document_reference) == (36, "294-QĐ/TW")
    assert rule_in_force("readmission_wait_months", D(2025, 3, 1)).document_reference == "232-QĐ/TW"
    member = _leave(cast, cast.member_member, on=add_months(timezone.localdate(), -40))
    Rule.objects.create(
        key="readmission_wait_months",
        value=48,
        document_reference="Quy định thử",
        effective_from=D(2026, 1, 1),
    )
    with pytest.raises(ValidationError) as exc:
        _open(cast, member)
    assert "48 tháng" in " ".join(exc.value.message_dict["former_member"])


def test_readmission_page_chosen_from_the_record_and_scoped(cast, client):
    """docs/rules/admission.md#kết-nạp-lại: the case can be opened from the person's record (?former=); an outsider
    gets 404; within 36 months the page shows the Vietnamese refusal (not a 500) and writes nothing."""
    member = _leave(cast, cast.member_member)
    url = reverse("admissions:create", args=[cast.cell_a.pk]) + f"?former={member.pk}"
    client.force_login(cast.outsider)
    assert client.get(url).status_code == 404
    client.force_login(cast.cell_secretary)
    page = client.get(url).content.decode()
    assert member.full_name in page  # identity filled in from the record
    data = {
        "full_name": member.full_name,
        "birth_on": member.birth_on.isoformat(),
        "gender": member.gender,
        "ethnicity": member.ethnicity,
        "religion": member.religion,
        "is_readmission": "on",
    }
    response = client.post(url, data)
    case = AdmissionCase.objects.get()
    assert response.status_code == 302 and case.former_member == member and case.is_readmission

    recent = _leave(cast, cast.others_a[1], on=add_months(timezone.localdate(), -2))
    url = reverse("admissions:create", args=[cast.cell_a.pk]) + f"?former={recent.pk}"
    data |= {"full_name": recent.full_name, "birth_on": recent.birth_on.isoformat()}
    response = client.post(url, data)
    assert response.status_code == 200 and "Chưa đủ 36 tháng" in response.content.decode()
    assert AdmissionCase.objects.count() == 1
