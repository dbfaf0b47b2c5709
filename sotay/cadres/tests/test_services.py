"""Positions, standards, appointments with their role grants, and plans (docs/cadres.md, docs/rules/cadres.md)."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from sotay.audit.models import AuditEntry
from sotay.cadres import planning, services, standards
from sotay.cadres.models import Appointment, PlanEntry, Standard
from sotay.orgs import policy
from sotay.orgs.actor import Actor
from sotay.orgs.models import Role, RoleGrant

from .helpers import D, committee, officer, positions, qualify


def test_standard_in_force_is_the_seeded_version_with_its_source(cast):
    """35-CT/TW and the province's standards (cần đối chiếu): seeded for commune positions, marked unconfirmed."""
    pos = positions(cast)
    standard = standards.standard_for(pos["secretary"], D(2026, 1, 1))
    assert standard is not None and standard.unconfirmed
    assert "35-CT/TW" in standard.document_reference
    assert standards.standard_for(pos["secretary"], D(2020, 1, 1)) is None  # before its effective date


def test_a_newer_standard_version_applies_from_its_effective_date(cast):
    pos = positions(cast)
    old = standards.standard_for(pos["committee"], D(2026, 1, 1))
    Standard.objects.create(
        position_kind=old.position_kind,
        org_kind=old.org_kind,
        effective_from=D(2027, 1, 1),
        document_reference="Quy định mới",
        min_political_theory="ADVANCED",
    )
    assert standards.standard_for(pos["committee"], D(2026, 12, 31)) == old
    assert standards.standard_for(pos["committee"], D(2027, 1, 1)).document_reference == "Quy định mới"


def test_gaps_list_qualifications_party_age_prior_positions_and_unconfirmed_criteria(cast):
    pos = positions(cast)
    member = qualify(
        cast.member_member, theory="ELEMENTARY", education="COLLEGE", joined=D(2023, 1, 1), born=D(1980, 1, 1)
    )
    check = standards.check(member, pos["secretary"], D(2026, 6, 1), again=False)
    keys = {g.key for g in check.gaps}
    assert keys == {"theory", "education", "party_age", "prior", "manual"}
    assert not check.meets


def test_manual_criteria_are_met_once_a_person_confirms_them(cast):
    pos = positions(cast)
    member = qualify(cast.member_member, born=D(1980, 1, 1))
    standard = standards.standard_for(pos["committee"], D(2026, 6, 1))
    assert [g.key for g in standards.check(member, pos["committee"], D(2026, 6, 1), again=False).gaps] == ["manual"]
    for criterion in standard.manual_criteria:
        services.confirm_criterion(
            actor=officer(cast), member=member, position=pos["committee"], standard=standard, criterion=criterion
        )
    assert standards.check(member, pos["committee"], D(2026, 6, 1), again=False).meets


def test_appointing_to_a_committee_position_grants_the_role_and_ending_it_ends_the_grant(cast):
    """Issue 17 §3: the appointment keeps the roles in step (a RoleGrant with its dates, decision and granter)."""
    from sotay.accounts.models import User

    pos = positions(cast)
    member = cast.member_member
    user = User.objects.get(member=member)
    appointment = services.appoint(
        actor=officer(cast),
        member=member,
        position=pos["deputy"],
        kind=Appointment.Kind.ELECTION,
        decision_number="125-QĐ/TU",
        decision_on=D(2025, 9, 1),
        starts_on=D(2025, 9, 2),
        planned_end_on=D(2030, 9, 1),
    )
    grant = appointment.role_grant
    assert (grant.user, grant.organization, grant.role) == (user, cast.commune_a, Role.COMMITTEE)
    assert (grant.starts_on, grant.ends_on, grant.granted_by) == (D(2025, 9, 2), D(2030, 9, 1), cast.provincial_officer)
    assert "125-QĐ/TU" in grant.decision
    assert RoleGrant.objects.active(D(2026, 1, 1)).filter(pk=grant.pk).exists()
    services.end_appointment(
        actor=officer(cast),
        appointment=appointment,
        ended_on=D(2026, 3, 31),
        end_kind="NEW_APPOINTMENT",
        end_decision="9-QĐ/TU",
    )
    grant.refresh_from_db()
    assert grant.ends_on == D(2026, 3, 31)
    assert not RoleGrant.objects.active(D(2026, 4, 1)).filter(pk=grant.pk).exists()
    assert AuditEntry.objects.filter(object_type="cadres.appointment", object_id=str(appointment.pk)).count() == 2


def test_extension_moves_the_planned_end_and_the_grant(cast):
    pos = positions(cast)
    appointment = services.appoint(
        actor=officer(cast),
        member=cast.member_member,
        position=pos["committee"],
        kind="ROTATION",
        decision_number="7-QĐ/TU",
        decision_on=D(2025, 1, 2),
        starts_on=D(2025, 1, 2),
        planned_end_on=D(2026, 1, 2),
        from_text="Phó Chủ tịch UBND xã Phố Hiến",
    )
    services.end_appointment(
        actor=officer(cast),
        appointment=appointment,
        ended_on=D(2026, 1, 1),
        end_kind="EXTENSION",
        end_decision="8-QĐ/TU",
        extend_to=D(2027, 1, 2),
    )
    appointment.refresh_from_db()
    appointment.role_grant.refresh_from_db()
    assert appointment.ended_on is None and appointment.planned_end_on == D(2027, 1, 2)
    assert appointment.role_grant.ends_on == D(2027, 1, 2)


def test_a_commune_committee_cannot_make_its_own_peers_and_nothing_is_written(cast):
    """orgs.policy: a committee grants roles only below its own node, so appointing to its own committee is for the
    level above or Ban Tổ chức."""
    pos = positions(cast)
    with pytest.raises(policy.NotAllowed):
        services.appoint(
            actor=committee(cast),
            member=cast.member_member,
            position=pos["deputy"],
            kind="ELECTION",
            decision_number="1",
            decision_on=D(2025, 9, 1),
            starts_on=D(2025, 9, 1),
        )
    assert not Appointment.objects.exists()


def test_outsiders_are_refused_as_hidden(cast):
    pos = positions(cast)
    with pytest.raises(policy.NotAllowed) as refused:
        services.appoint(
            actor=Actor.for_user(cast.outsider),
            member=cast.member_member,
            position=pos["deputy"],
            kind="ELECTION",
            decision_number="1",
            decision_on=D(2025, 9, 1),
            starts_on=D(2025, 9, 1),
        )
    assert refused.value.hidden


def test_posts_are_not_overfilled_and_bad_dates_are_refused_in_vietnamese(cast):
    pos = positions(cast)
    kwargs = {
        "actor": officer(cast),
        "position": pos["secretary"],
        "kind": "APPOINTMENT",
        "decision_number": "2",
        "decision_on": D(2025, 1, 1),
    }
    with pytest.raises(ValidationError, match="không được trước ngày quyết định"):
        services.appoint(member=cast.member_member, starts_on=D(2024, 12, 31), **kwargs)
    services.appoint(member=cast.member_member, starts_on=D(2025, 1, 1), **kwargs)
    with pytest.raises(ValidationError, match="đã đủ 1 người"):
        services.appoint(member=cast.secretary_member, starts_on=D(2025, 1, 1), **kwargs)
    assert Appointment.objects.count() == 1


def _plan(cast):
    return services.create_plan(
        actor=officer(cast), organization=cast.commune_a, term_start=2030, term_end=2035, term_starts_on=D(2030, 7, 1)
    )


def test_plan_review_warns_of_ratio_age_at_term_start_and_missing_qualifications(cast):
    """50-QĐ/TW ratio, 35-CT/TW age at the first day of the term (cần đối chiếu), the standard's qualifications."""
    pos = positions(cast)
    plan = _plan(cast)
    young = qualify(cast.member_member, born=D(1992, 3, 1))
    old = qualify(cast.secretary_member, born=D(1974, 1, 1), theory="ELEMENTARY")  # a woman: 56 in 2030
    for person in (young, old):
        services.add_to_plan(
            actor=officer(cast),
            plan=plan,
            position=pos["secretary"],
            member=person,
            on=D(2025, 12, 1),
            reason="Rà soát 2025",
        )
    review = planning.review(plan)
    text = "\n".join(review.warnings)
    assert "Phó Bí thư Đảng ủy: Thiếu người quy hoạch: 0 người cho 2 vị trí" in text
    assert "Trần Thị Bình (Bí thư Đảng ủy): Quá tuổi tham gia lần đầu ngày 01/07/2030" in text
    assert "Trần Thị Bình (Bí thư Đảng ủy): Lý luận chính trị chưa đạt trung cấp" in text
    assert "Nguyễn Văn Ấn (Bí thư Đảng ủy): Quá tuổi" not in text
    assert (review.people, review.women, review.under_40) == (2, 1, 1)


def test_yearly_review_removal_keeps_the_history_with_reason_and_decision(cast):
    pos = positions(cast)
    plan = _plan(cast)
    entry = services.add_to_plan(
        actor=officer(cast),
        plan=plan,
        position=pos["deputy"],
        member=cast.member_member,
        on=D(2025, 12, 1),
        reason="Đủ tiêu chuẩn",
        decision="15-QĐ/ĐU",
    )
    with pytest.raises(ValidationError, match="lý do|bắt buộc"):
        services.remove_from_plan(actor=officer(cast), entry=entry, on=D(2026, 1, 5), reason=" ")
    services.remove_from_plan(
        actor=officer(cast), entry=entry, on=D(2026, 1, 5), reason="Chuyển công tác", decision="2-QĐ/ĐU"
    )
    again = services.add_to_plan(
        actor=officer(cast),
        plan=plan,
        position=pos["deputy"],
        member=cast.member_member,
        on=D(2026, 1, 6),
        reason="Trở lại",
    )
    assert PlanEntry.objects.filter(plan=plan).count() == 2
    entry.refresh_from_db()
    assert (entry.removed_reason, entry.removed_decision) == ("Chuyển công tác", "2-QĐ/ĐU")
    assert again.removed_on is None
    assert AuditEntry.objects.filter(object_type="cadres.cadreplan", object_id=str(plan.pk)).count() == 4


def test_training_needs_group_the_gaps_by_level_due_the_year_before_the_term(cast):
    pos = positions(cast)
    plan = _plan(cast)
    for person in (cast.member_member, cast.secretary_member, *cast.others_a):
        qualify(person, theory="ELEMENTARY", born=D(1985, 1, 1))
    for person in (cast.member_member, cast.secretary_member, cast.others_a[0]):
        services.add_to_plan(
            actor=officer(cast), plan=plan, position=pos["deputy"], member=person, on=D(2025, 12, 1), reason="Rà soát"
        )
    needs = planning.training_needs(plan)
    assert [(n.label, n.by_year, len(n.people)) for n in needs] == [("Lý luận chính trị: Trung cấp", 2029, 3)]
    # Sorted by given name in the Vietnamese alphabet: Ấn, Bình, Cường.
    assert [m.full_name for m in needs[0].people] == ["Nguyễn Văn Ấn", "Trần Thị Bình", "Lê Văn Cường"]
