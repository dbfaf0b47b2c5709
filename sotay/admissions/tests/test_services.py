"""Admission services against docs/rules/admission.md, 294-QĐ/TW and the forms of 12-HD/BTCTW."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from sotay.admissions import services, steps
from sotay.admissions.models import AdmissionCase, AdmissionStep, Sponsorship, Stage
from sotay.audit.models import AuditEntry
from sotay.members.choices import MemberStatus
from sotay.members.tests.factories import MemberFactory
from sotay.orgs.actor import Actor

from .helpers import D, cell_vote, open_case, through_verification

pytestmark = pytest.mark.django_db


def test_end_to_end_from_course_to_probationary_member_across_tet_2026(cast):
    """docs/rules/admission.md#các-bước-kết-nạp, 12-HD/BTCTW: CN-NTVĐ → 1…3-KNĐ → thẩm tra → 6-KNĐ → 9-KNĐ → lễ; limits
    in working days.

    60 working days from Tue 20/01/2026 skip Tết (16–20/02/2026): 21/04/2026, not 14/04. 30 working days from
    Fri 06/02/2026 give 27/03/2026, not 20/03.
    """
    case = through_verification(cast, open_case(cast))
    assert case.stage == Stage.VERIFIED
    step = cell_vote(case, cast.cell_secretary)
    assert step.approved is True
    case.refresh_from_db()
    assert case.stage == Stage.CELL_RESOLVED
    assert case.decision_due_on == D(2026, 4, 21)
    services.record_step(
        case=case,
        form_code=steps.DECISION,
        done_on=D(2026, 2, 6),
        document_number="45-QĐ/ĐU",
        actor=Actor.for_user(cast.commune_committee),
    )
    case.refresh_from_db()
    assert case.stage == Stage.DECIDED
    assert case.ceremony_due_on == D(2026, 3, 27)
    member = services.admit_member(case=case, ceremony_on=D(2026, 3, 26), actor=Actor.for_user(cast.cell_secretary))
    case.refresh_from_db()
    assert case.stage == Stage.ADMITTED and case.member == member
    assert member.status == MemberStatus.PROBATIONARY
    assert member.organization == cast.cell_a
    assert (member.joined_on, member.admission_decision_on) == (D(2026, 3, 26), D(2026, 2, 6))
    assert member.full_name == "Ngô Thị Hạnh" and member.birth_on == D(2000, 1, 15)
    assert list(case.steps.values_list("form_code", flat=True)) == [
        "CN-NTVĐ", "1-KNĐ", "4-KNĐ", "2-KNĐ", "3-KNĐ", "TTLL", "6-KNĐ", "9-KNĐ", "LỄ"
    ]  # fmt: skip
    assert AuditEntry.objects.filter(object_type="admissions.admissioncase", object_id=str(case.pk)).count() >= 9
    assert services.allowed_codes(case) == []


def test_out_of_order_step_refused_and_nothing_written(cast):
    """12-HD/BTCTW order: the 6-KNĐ needs 1-, 2-, 3-KNĐ, the course certificate and the verification."""
    case = open_case(cast)
    services.record_step(
        case=case, form_code=steps.COURSE, done_on=D(2025, 9, 10), actor=Actor.for_user(cast.cell_secretary)
    )
    before = (AdmissionStep.objects.count(), AuditEntry.objects.count())
    with pytest.raises(ValidationError, match="1-KNĐ"):
        cell_vote(case, cast.cell_secretary)
    with pytest.raises(ValidationError, match="Chưa thể ghi 9-KNĐ"):
        services.record_step(
            case=case, form_code=steps.DECISION, done_on=D(2026, 2, 6), actor=Actor.for_user(cast.cell_secretary)
        )
    with pytest.raises(ValidationError, match="thủ tục kết nạp"):
        services.record_step(
            case=case, form_code=steps.CEREMONY, done_on=D(2026, 2, 6), actor=Actor.for_user(cast.cell_secretary)
        )
    with pytest.raises(ValidationError):
        services.admit_member(case=case, ceremony_on=D(2026, 2, 6), actor=Actor.for_user(cast.cell_secretary))
    assert (AdmissionStep.objects.count(), AuditEntry.objects.count()) == before
    case.refresh_from_db()
    assert case.stage == Stage.COURSE_DONE and case.member is None


def test_date_before_prerequisite_refused(cast):
    """docs/rules/admission.md#các-bước-kết-nạp: a step cannot be dated before the step it follows (1-KNĐ after the
    CN-NTVĐ certificate)."""
    case = open_case(cast)
    services.record_step(
        case=case, form_code=steps.COURSE, done_on=D(2025, 9, 10), actor=Actor.for_user(cast.cell_secretary)
    )
    with pytest.raises(ValidationError, match="không được trước ngày CN-NTVĐ"):
        services.record_step(
            case=case, form_code=steps.APPLICATION, done_on=D(2025, 9, 9), actor=Actor.for_user(cast.cell_secretary)
        )
    assert not case.steps.filter(form_code=steps.APPLICATION).exists()


def test_cell_under_base_committee_needs_8_knd_before_the_decision(cast):
    """docs/rules/admission.md#nghị-quyết-đề-nghị-kết-nạp, 12-HD/BTCTW: a chi bộ trực thuộc đảng ủy cơ sở needs the
    8-KNĐ before the 9-KNĐ."""
    case = through_verification(cast, open_case(cast, org=cast.cell_a2), sponsor=cast.teacher)
    cell_vote(case, cast.commune_committee)
    assert steps.BASE_RESOLUTION in services.allowed_codes(case)
    with pytest.raises(ValidationError, match="8-KNĐ"):
        services.record_step(
            case=case, form_code=steps.DECISION, done_on=D(2026, 2, 6), actor=Actor.for_user(cast.commune_committee)
        )
    services.record_step(
        case=case,
        form_code=steps.BASE_RESOLUTION,
        done_on=D(2026, 1, 27),
        actor=Actor.for_user(cast.commune_committee),
        votes=services.Votes(5, 2, 7),
    )
    case.refresh_from_db()
    assert case.stage == Stage.COMMITTEE_RESOLVED
    services.record_step(
        case=case, form_code=steps.DECISION, done_on=D(2026, 2, 6), actor=Actor.for_user(cast.commune_committee)
    )
    case.refresh_from_db()
    assert case.stage == Stage.DECIDED


def test_sponsor_must_be_official_and_known_a_year(cast):
    """294-QĐ/TW, docs/rules/admission.md#người-giới-thiệu: the introducer is an official member who knew the candidate
    ≥ 1 year."""
    case = open_case(cast)
    by = cast.cell_secretary
    services.record_step(case=case, form_code=steps.COURSE, done_on=D(2025, 9, 10), actor=Actor.for_user(by))
    services.record_step(case=case, form_code=steps.APPLICATION, done_on=D(2025, 10, 1), actor=Actor.for_user(by))
    probationary = MemberFactory(organization=cast.cell_a, status=MemberStatus.PROBATIONARY, joined_on=D(2025, 6, 1))
    with pytest.raises(ValidationError, match="chính thức"):
        services.add_sponsor(
            case=case,
            sponsor=probationary,
            role=Sponsorship.Role.SPONSOR,
            known_since=D(2020, 1, 1),
            actor=Actor.for_user(by),
        )
    with pytest.raises(ValidationError, match="ít nhất một năm"):
        services.add_sponsor(
            case=case,
            sponsor=cast.secretary_member,
            role=Sponsorship.Role.SPONSOR,
            known_since=D(2024, 10, 2),
            actor=Actor.for_user(by),
        )
    assert not Sponsorship.objects.exists()
    services.add_sponsor(
        case=case,
        sponsor=cast.secretary_member,
        role=Sponsorship.Role.SPONSOR,
        known_since=D(2024, 10, 1),
        actor=Actor.for_user(by),
    )
    assert case.sponsorships.count() == 1


def test_two_thirds_rule_and_three_failures_escalate(cast):
    """docs/rules/admission.md#biểu-quyết-hai-phần-ba, Điều lệ Điều 4: the 6-KNĐ passes with ≥ 2/3 of official members;
    3 failures go up a level."""
    case = through_verification(cast, open_case(cast))
    assert cell_vote(case, cast.cell_secretary, votes_for=5, total=8).approved is False  # 15 < 16
    assert cell_vote(case, cast.cell_secretary, votes_for=1, total=3).approved is False
    case.refresh_from_db()
    assert case.stage == Stage.VERIFIED and case.decision_due_on is None
    assert cell_vote(case, cast.cell_secretary, votes_for=5, total=9).approved is False
    case.refresh_from_db()
    assert case.stage == Stage.ESCALATED
    with pytest.raises(ValidationError, match="kết thúc"):
        cell_vote(case, cast.cell_secretary, votes_for=9, total=9)


def test_exactly_two_thirds_passes(cast):
    """docs/rules/admission.md#biểu-quyết-hai-phần-ba: votes_for * 3 >= total * 2, so 2 of 3 and 6 of 9 pass."""
    case = through_verification(cast, open_case(cast))
    assert cell_vote(case, cast.cell_secretary, votes_for=6, total=9).approved is True


def test_age_17_years_11_months_refused(cast):
    """docs/rules/admission.md#tuổi-đời, 294-QĐ/TW: at least 18 full years counted in months on the day the chi bộ
    considers."""
    case = through_verification(cast, open_case(cast, birth_on=D(2008, 2, 20)))
    with pytest.raises(ValidationError, match="chưa đủ 18 tuổi"):
        cell_vote(case, cast.cell_secretary)
    assert not case.steps.filter(form_code=steps.CELL_RESOLUTION).exists()
    cell_vote(case, cast.cell_secretary, on=D(2026, 2, 20))  # the 18th birthday


def test_over_60_needs_recorded_approval(cast):
    """docs/rules/admission.md#tuổi-đời, 294-QĐ/TW: over 60 only with the written consent of the cấp ủy trực thuộc Trung
    ương."""
    case = through_verification(cast, open_case(cast, birth_on=D(1965, 12, 1)))
    with pytest.raises(ValidationError, match="quá 60 tuổi"):
        cell_vote(case, cast.cell_secretary)
    AdmissionCase.objects.filter(pk=case.pk).update(over_60_approval="Công văn 123-CV/TU ngày 05/01/2026")
    assert cell_vote(case, cast.cell_secretary).approved is True


@pytest.mark.parametrize(
    ("birth_on", "allowed"),
    [
        (D(1966, 1, 20), True),  # the day of the 60th birthday
        (D(1965, 12, 21), True),  # 60 years and 30 days: still 60, counted in months
        (D(1965, 12, 20), False),  # 60 years and one month: over 60
    ],
)
def test_age_limit_60_counted_in_months(cast, birth_on, allowed):
    """29-QĐ/TW điểm 1.1 (and 24-, 232-, 294-QĐ/TW, Điều lệ Điều 1 khoản 2): from 18 to 60 years of age counted in
    months on the day the chi bộ considers (20/01/2026 here): the 60th birthday is within the limit, a month later
    is over 60 and needs the recorded consent."""
    case = through_verification(cast, open_case(cast, birth_on=birth_on))
    if allowed:
        assert cell_vote(case, cast.cell_secretary).approved is True
        return
    with pytest.raises(ValidationError, match="quá 60 tuổi"):
        cell_vote(case, cast.cell_secretary)
    assert not case.steps.filter(form_code=steps.CELL_RESOLUTION).exists()


def test_overdue_decision_flagged(cast):
    """docs/rules/admission.md#quyết-định-kết-nạp (232-QĐ/TW §4.3.1): the 9-KNĐ is due within 60 working days of the
    cell's resolution."""
    case = through_verification(cast, open_case(cast))
    cell_vote(case, cast.cell_secretary)
    case.refresh_from_db()
    assert case.next_due_on() == D(2026, 4, 21)
    assert not case.is_overdue(today=D(2026, 4, 21))
    assert case.is_overdue(today=D(2026, 4, 22))


def test_late_ceremony_needs_superior_consent(cast):
    """docs/rules/admission.md#lễ-kết-nạp: the lễ kết nạp within 30 working days of the decision; later only with the
    superior's consent."""
    case = through_verification(cast, open_case(cast))
    cell_vote(case, cast.cell_secretary)
    services.record_step(
        case=case, form_code=steps.DECISION, done_on=D(2026, 2, 6), actor=Actor.for_user(cast.commune_committee)
    )
    with pytest.raises(ValidationError, match="quá hạn 30 ngày làm việc"):
        services.admit_member(case=case, ceremony_on=D(2026, 3, 30), actor=Actor.for_user(cast.cell_secretary))
    assert not AdmissionStep.objects.filter(form_code=steps.CEREMONY).exists()
    member = services.admit_member(
        case=case,
        ceremony_on=D(2026, 3, 30),
        actor=Actor.for_user(cast.cell_secretary),
        late_consent="Công văn 9-CV/ĐU ngày 20/3/2026",
    )
    assert member.joined_on == D(2026, 3, 30)


def test_8_knd_needs_two_thirds_of_the_committee_not_a_simple_majority(cast):
    """docs/rules/admission.md#biểu-quyết-hai-phần-ba (294-QĐ/TW): the đảng ủy cơ sở's resolution needs two thirds of
    its members: 4 of 7 fails."""
    case = through_verification(cast, open_case(cast, org=cast.cell_a2), sponsor=cast.teacher)
    cell_vote(case, cast.commune_committee)
    failed = services.record_step(
        case=case,
        form_code=steps.BASE_RESOLUTION,
        done_on=D(2026, 1, 27),
        actor=Actor.for_user(cast.commune_committee),
        votes=services.Votes(4, 3, 7),
    )
    case.refresh_from_db()
    assert failed.approved is False and case.stage == Stage.REJECTED


def test_statute_two_introducers_or_youth_union_and_one(cast):
    """Statute Điều 4 (docs/rules/admission.md#người-giới-thiệu): two official members introduce, or the Đoàn's 4-KNĐ
    and one member."""
    by = cast.cell_secretary
    case = open_case(cast)
    services.record_step(case=case, form_code=steps.COURSE, done_on=D(2025, 9, 10), actor=Actor.for_user(by))
    services.record_step(case=case, form_code=steps.APPLICATION, done_on=D(2025, 10, 1), actor=Actor.for_user(by))
    services.add_sponsor(
        case=case,
        sponsor=cast.secretary_member,
        role=Sponsorship.Role.SPONSOR,
        known_since=D(2024, 6, 1),
        actor=Actor.for_user(by),
    )
    for code in (steps.BIOGRAPHY, steps.INTRODUCTION, steps.VERIFICATION):
        services.record_step(case=case, form_code=code, done_on=D(2025, 12, 15), actor=Actor.for_user(by))
    with pytest.raises(ValidationError, match="Cần 2 đảng viên chính thức giới thiệu"):
        cell_vote(case, by)
    assert not case.steps.filter(form_code=steps.CELL_RESOLUTION).exists()
    services.add_sponsor(
        case=case,
        sponsor=cast.others_a[0],
        role=Sponsorship.Role.SPONSOR,
        known_since=D(2024, 6, 1),
        actor=Actor.for_user(by),
    )
    cell_vote(case, by)
    case.refresh_from_db()
    assert case.stage == Stage.CELL_RESOLVED
    # The optional papers belong to the file the cell considered: no longer offered, and refused.
    assert steps.YOUTH_UNION not in services.allowed_codes(case)
    with pytest.raises(ValidationError, match="chi bộ đã ra nghị quyết"):
        services.record_step(case=case, form_code=steps.OPINIONS, done_on=D(2026, 1, 21), actor=Actor.for_user(by))


# The ceremony runs from the day the cell receives the decision (294-QĐ/TW, as 24-QĐ/TW before it)


def _decided(cast, *, received_on=None):
    case = through_verification(cast, open_case(cast))
    cell_vote(case, cast.cell_secretary)
    services.record_step(
        case=case,
        form_code=steps.DECISION,
        done_on=D(2026, 2, 6),
        actor=Actor.for_user(cast.commune_committee),
        received_on=received_on,
    )
    case.refresh_from_db()
    return case


def test_ceremony_deadline_defaults_to_the_signing_day(cast):
    """294-QĐ/TW: the lễ kết nạp within 30 working days of receiving the 9-KNĐ; without a receiving day entered it
    is the signing day (Fri 06/02/2026 → 27/03/2026, Tết 16–20/02 skipped)."""
    case = _decided(cast)
    assert case.decision_received_on == D(2026, 2, 6)
    assert case.ceremony_due_on == D(2026, 3, 27)


def test_ceremony_deadline_runs_from_the_day_the_cell_receives_the_decision(cast):
    """294-QĐ/TW: 30 working days from the day the chi bộ receives the decision — signed 06/02/2026, received Friday
    13/02/2026: due 03/04/2026 (Tết 16–20/02/2026 skipped), and a ceremony on 30/03 needs no consent."""
    case = _decided(cast, received_on=D(2026, 2, 13))
    assert (case.decision_received_on, case.ceremony_due_on) == (D(2026, 2, 13), D(2026, 4, 3))
    assert case.next_due_on() == D(2026, 4, 3) and not case.is_overdue(today=D(2026, 4, 3))
    member = services.admit_member(case=case, ceremony_on=D(2026, 3, 30), actor=Actor.for_user(cast.cell_secretary))
    assert member.joined_on == D(2026, 3, 30)


def test_receiving_day_before_signing_or_in_the_future_is_refused_and_nothing_changes(cast):
    case = through_verification(cast, open_case(cast))
    cell_vote(case, cast.cell_secretary)
    with pytest.raises(ValidationError, match="không được trước ngày ký"):
        services.record_step(
            case=case,
            form_code=steps.DECISION,
            done_on=D(2026, 2, 6),
            actor=Actor.for_user(cast.commune_committee),
            received_on=D(2026, 2, 5),
        )
    case.refresh_from_db()
    assert case.stage == Stage.CELL_RESOLVED and case.decision_received_on is None
    assert not case.steps.filter(form_code=steps.DECISION).exists()
    case = _decided(cast)
    with pytest.raises(ValidationError, match="sau hôm nay"):
        services.set_decision_received(case=case, received_on=D(2099, 1, 1), actor=Actor.for_user(cast.cell_secretary))
    case.refresh_from_db()
    assert (case.decision_received_on, case.ceremony_due_on) == (D(2026, 2, 6), D(2026, 3, 27))


def test_correcting_the_receiving_day_moves_the_deadline_with_audit(cast):
    """294-QĐ/TW: the cell records later that it received the decision on 13/02/2026; the deadline follows."""
    case = _decided(cast)
    services.set_decision_received(case=case, received_on=D(2026, 2, 13), actor=Actor.for_user(cast.cell_secretary))
    case.refresh_from_db()
    assert case.ceremony_due_on == D(2026, 4, 3)
    entry = AuditEntry.objects.filter(object_type="admissions.admissioncase", object_id=str(case.pk)).latest("pk")
    assert entry.data["decision_received_on"] == ["2026-02-06", "2026-02-13"]
    with pytest.raises(ValidationError, match="trước ngày chi bộ nhận quyết định"):
        services.admit_member(case=case, ceremony_on=D(2026, 2, 10), actor=Actor.for_user(cast.cell_secretary))
