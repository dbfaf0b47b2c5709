"""The inspection commission's role (Điều lệ Đảng Điều 30–32, 36: the committee elects its UBKT, which inspects,
supervises and disciplines within its powers) and cách chức ending the position's role grant (Quy định 69-QĐ/TW on
discipline: the member removed no longer holds the post) — docs/rules/discipline.md#ủy-ban-kiểm-tra and
#cách-chức-và-chức-danh, both "cần đối chiếu" as to the details."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from sotay.accounts.models import User
from sotay.audit.models import AuditEntry
from sotay.cadres import services as cadres
from sotay.cadres.models import Appointment, PositionKind
from sotay.discipline.models import Sanction
from sotay.inspection import services as inspection
from sotay.inspection.models import Body, Kind
from sotay.orgs import policy
from sotay.orgs.actor import Actor
from sotay.orgs.models import Role, RoleGrant

from .helpers import discipline, ubkt_user

D = dt.date
pytestmark = pytest.mark.django_db


def test_the_committee_grants_its_ubkt_role_on_its_own_node_a_cell_cannot(cast):
    commune_grants = RoleGrant.objects.filter(user=cast.commune_committee)
    assert Role.INSPECTION_COMMISSION in policy.grantable_roles(commune_grants, cast.commune_a)
    cell_grants = RoleGrant.objects.filter(user=cast.cell_secretary)
    assert Role.INSPECTION_COMMISSION not in policy.grantable_roles(cell_grants, cast.cell_a)
    user = ubkt_user(cast)
    assert RoleGrant.objects.active().get(user=user).role == Role.INSPECTION_COMMISSION


def test_the_ubkt_inspects_and_disciplines_in_its_subtree_and_nothing_else(cast, client):
    user = ubkt_user(cast)
    actor = Actor.for_user(user)
    assert actor.can(policy.MANAGE_INSPECTION, cast.cell_a) and actor.can(policy.MANAGE_DISCIPLINE, cast.cell_a)
    assert not actor.can(policy.MANAGE_INSPECTION, cast.commune_b)
    for action in (policy.MANAGE_CADRES, policy.VERIFY_POLITICAL, policy.GRANT_ROLES, policy.CREATE_MEMBERS):
        assert not actor.can(action, cast.commune_a), action
    plan = inspection.create_plan(actor=actor, organization=cast.commune_a, year=2026, title="Kế hoạch KT 2026")
    entry = inspection.add_inspection(
        actor=actor,
        plan=plan,
        kind=Kind.INSPECTION,
        body=Body.UBKT,
        content="Thu, nộp đảng phí",
        period_start=D(2026, 3, 1),
        period_end=D(2026, 3, 31),
        subject_organization=cast.cell_a,
    )
    assert entry.plan_id == plan.pk
    from sotay.discipline import services

    decided = services.record_discipline(
        actor=actor,
        kind=Sanction.REPRIMAND,
        violation="Không đóng đảng phí 3 tháng.",
        deciding_body=cast.commune_a,
        decision_number="03-QĐ/UBKT",
        decided_on=D(2026, 4, 2),
        member=cast.others_a[0],
    )
    assert decided.created_by == user
    client.force_login(user)
    assert client.get(reverse("inspection:index"), {"org": cast.commune_a.pk}).status_code == 200
    assert client.get(reverse("discipline:index"), {"org": cast.commune_a.pk}).status_code == 200
    assert client.get(reverse("verification:list"), {"org": cast.commune_a.pk}).status_code == 404
    assert client.get(reverse("cadres:index"), {"org": cast.commune_a.pk}).status_code == 404


def _appointed(cast, kind=PositionKind.DEPUTY_SECRETARY, title="Phó Bí thư Đảng ủy", **dates):
    officer = Actor.for_user(cast.provincial_officer)
    position = cadres.create_position(actor=officer, organization=cast.commune_a, kind=kind, title=title, posts=3)
    return cadres.appoint(
        actor=officer,
        member=cast.member_member,
        position=position,
        kind=Appointment.Kind.ELECTION,
        decision_number="125-QĐ/TU",
        decision_on=D(2025, 9, 1),
        starts_on=D(2025, 9, 2),
        **dates,
    )


def _deputy(cast):
    return _appointed(cast, planned_end_on=D(2030, 9, 1))


def test_a_ubkt_position_grants_the_ubkt_role(cast):
    appointment = _appointed(cast, PositionKind.UBKT_MEMBER, "Ủy viên Ủy ban Kiểm tra Đảng ủy")
    assert appointment.role_grant.role == Role.INSPECTION_COMMISSION


def test_removal_from_office_ends_the_position_and_its_role_grant_in_the_same_decision(cast, client):
    appointment = _deputy(cast)
    grant = appointment.role_grant
    decided = discipline(cast, cast.member_member, Sanction.REMOVAL, on=D(2026, 3, 2), effective_on=D(2026, 3, 10))
    appointment.refresh_from_db()
    grant.refresh_from_db()
    assert (appointment.ended_on, appointment.end_kind) == (D(2026, 3, 9), Appointment.EndKind.REMOVAL)
    assert appointment.end_decision == "12-QĐ/ĐU"
    assert grant.ends_on == D(2026, 3, 9)
    assert RoleGrant.objects.active(D(2026, 3, 9)).filter(pk=grant.pk).exists()
    assert not RoleGrant.objects.active(D(2026, 3, 10)).filter(pk=grant.pk).exists()
    assert AuditEntry.objects.filter(action="revoke", object_id=str(grant.pk)).exists()
    entries = AuditEntry.objects.filter(object_type="discipline.discipline", object_id=str(decided.pk))
    assert [e.actor_name for e in entries if e.data == {"ended_appointments": [appointment.pk]}] == ["xa"]
    client.force_login(cast.commune_committee)
    page = client.get(reverse("discipline:detail", args=[decided.pk])).text
    assert "Chức danh đã thôi giữ" in page and "Phó Bí thư Đảng ủy" in page and "09/03/2026" in page


def test_a_lighter_sanction_leaves_the_position(cast):
    appointment = _deputy(cast)
    discipline(cast, cast.member_member, Sanction.WARNING, on=D(2026, 3, 2))
    appointment.refresh_from_db()
    assert appointment.ended_on is None and RoleGrant.objects.active().filter(pk=appointment.role_grant_id).exists()


def test_a_refused_removal_changes_nothing(cast):
    appointment = _deputy(cast)
    with pytest.raises(ValidationError, match="Ngày có hiệu lực"):
        discipline(cast, cast.member_member, Sanction.REMOVAL, on=D(2026, 3, 2), effective_on=D(2026, 3, 1))
    appointment.refresh_from_db()
    assert appointment.ended_on is None
    assert User.objects.filter(member=cast.member_member).exists()
