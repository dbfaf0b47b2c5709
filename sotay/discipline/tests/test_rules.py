"""The rules a disciplinary decision feeds, each test naming its source (docs/rules/discipline.md)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from sotay.accounts.models import User
from sotay.audit.models import AuditEntry
from sotay.discipline import hooks, services
from sotay.discipline.models import AppealOutcome, Discipline, Sanction
from sotay.evaluation import services as evaluation
from sotay.evaluation.models import Evaluation, Grade, Stage
from sotay.evaluation.tests.helpers import open_2025, step
from sotay.members.badges import eligibility_date, next_milestone
from sotay.members.choices import ExitKind, MemberStatus
from sotay.members.models import Member, MemberChange
from sotay.members.tests.factories import MemberFactory
from sotay.orgs.actor import Actor
from sotay.reports.registers import REGISTERS

from .helpers import committee, discipline

pytestmark = pytest.mark.django_db

# 30 years of Party age on 02/03/2026 (no gaps).
JOINED = dt.date(1996, 3, 2)
REACHED = dt.date(2026, 3, 2)


def fresh(member) -> Member:
    return Member.objects.get(pk=member.pk)


@pytest.mark.parametrize(
    ("kind", "months", "until"),
    [
        (Sanction.REPRIMAND, 6, dt.date(2026, 7, 2)),
        (Sanction.WARNING, 9, dt.date(2026, 10, 2)),
        (Sanction.REMOVAL, 12, dt.date(2027, 1, 2)),
    ],
)
def test_badge_delay_after_each_sanction_24_QD_TW(cast, kind, months, until):
    """24-QĐ/TW (as reported; cần đối chiếu): the badge comes 6/9/12 months after khiển trách/cảnh cáo/cách chức."""
    member = MemberFactory(organization=cast.cell_a, joined_on=JOINED)
    assert eligibility_date(fresh(member), 30) == REACHED
    discipline(cast, member, kind, on=dt.date(2026, 1, 2))
    assert hooks.delayed_until(kind, dt.date(2026, 1, 2)) == until
    assert eligibility_date(fresh(member), 30) == until
    years, day = next_milestone(fresh(member), dt.date(2026, 4, 1))
    assert (years, day) == (30, until)


def test_badge_delay_boundaries_24_QD_TW(cast):
    """24-QĐ/TW (cần đối chiếu): a delay ending on the milestone or before it changes nothing; a decision after the
    milestone does not take back a date reached; an annulled decision delays nothing."""
    ends_on_the_day = MemberFactory(organization=cast.cell_a, joined_on=JOINED)
    discipline(cast, ends_on_the_day, Sanction.REPRIMAND, on=dt.date(2025, 9, 2))  # + 6 months = 02/03/2026
    assert eligibility_date(fresh(ends_on_the_day), 30) == REACHED
    one_day_later = MemberFactory(organization=cast.cell_a, joined_on=JOINED)
    discipline(cast, one_day_later, Sanction.REPRIMAND, on=dt.date(2025, 9, 3))
    assert eligibility_date(fresh(one_day_later), 30) == dt.date(2026, 3, 3)
    after = MemberFactory(organization=cast.cell_a, joined_on=JOINED)
    discipline(cast, after, Sanction.REMOVAL, on=dt.date(2026, 3, 3))
    assert eligibility_date(fresh(after), 30) == REACHED
    annulled = MemberFactory(organization=cast.cell_a, joined_on=JOINED)
    d = discipline(cast, annulled, Sanction.WARNING, on=dt.date(2026, 1, 2))
    appeal = services.file_appeal(actor=committee(cast), discipline=d, filed_on=dt.date(2026, 1, 10))
    services.resolve_appeal(
        actor=Actor.for_user(cast.provincial_officer),
        appeal=appeal,
        outcome=AppealOutcome.ANNULLED,
        resolved_on=dt.date(2026, 2, 1),
        resolved_by="Ủy ban Kiểm tra Tỉnh ủy",
    )
    assert eligibility_date(fresh(annulled), 30) == REACHED


def test_badge_delay_is_configurable_by_rule_version(cast):
    """The delay is a rule row (24-QĐ/TW, cần đối chiếu) that staff may change with an effective date."""
    from sotay.rules.models import Rule

    Rule.objects.create(
        key="discipline.badge_delay_months.REPRIMAND",
        value=3,
        document_reference="294-QĐ/TW",
        effective_from=dt.date(2025, 7, 1),
    )
    assert hooks.delayed_until(Sanction.REPRIMAND, dt.date(2026, 1, 2)) == dt.date(2026, 4, 2)
    assert hooks.delayed_until(Sanction.REPRIMAND, dt.date(2024, 1, 2)) == dt.date(2024, 7, 2)


def test_khtnv_after_discipline_in_the_year_366_QD_TW(cast):
    """366-QĐ/TW (cần đối chiếu): a member disciplined in the year is graded KHTNV; the review and the decision
    refuse a higher grade with the decision named, and KHTNV is accepted."""
    campaign = open_2025(cast)
    member = cast.others_a[0]
    discipline(cast, member, Sanction.WARNING, on=dt.date(2025, 6, 2), number="07-QĐ/ĐU")
    evaluation.record_step(
        campaign=campaign,
        member=member,
        actor=Actor.for_user(cast.cell_secretary),
        data=step(Stage.SELF, Grade.COMPLETED, 60),
    )
    with pytest.raises(ValidationError) as refused:
        evaluation.record_step(
            campaign=campaign,
            member=member,
            actor=Actor.for_user(cast.cell_secretary),
            data=step(Stage.REVIEWED, Grade.COMPLETED, 60),
        )
    assert "07-QĐ/ĐU" in str(refused.value) and "không hoàn thành nhiệm vụ" in str(refused.value)
    assert Evaluation.objects.get(member=member).stage == Stage.SELF
    reason = {"comment": "Bị kỷ luật cảnh cáo trong năm."}
    evaluation.record_step(
        campaign=campaign,
        member=member,
        actor=Actor.for_user(cast.cell_secretary),
        data=step(Stage.REVIEWED, Grade.NOT_COMPLETED, 60, **reason),
    )
    done = evaluation.record_step(
        campaign=campaign,
        member=member,
        actor=Actor.for_user(cast.commune_committee),
        data=step(Stage.DECIDED, Grade.NOT_COMPLETED, 60, **reason),
    )
    assert done.grade == Grade.NOT_COMPLETED


def test_a_discipline_of_another_year_does_not_cap_the_grade_366_QD_TW(cast):
    """366-QĐ/TW (cần đối chiếu): only a decision taken in the evaluated year counts."""
    member = cast.others_a[0]
    discipline(cast, member, Sanction.REPRIMAND, on=dt.date(2024, 11, 2))
    assert hooks.grade_cap(member, 2025) is None
    assert hooks.grade_cap(member, 2024) is not None


def test_the_deciding_committee_may_allow_a_higher_grade_audited(cast):
    """366-QĐ/TW (cần đối chiếu): the override is the deciding committee's, with a reason, in the audit log; a cell
    secretary may not give it."""
    campaign = open_2025(cast)
    member = cast.others_a[0]
    d = discipline(cast, member, Sanction.REPRIMAND, on=dt.date(2025, 6, 2))
    from sotay.orgs.policy import NotAllowed

    with pytest.raises(NotAllowed):
        services.allow_higher_grade(actor=Actor.for_user(cast.cell_secretary), discipline=d, reason="x")
    with pytest.raises(ValidationError):
        services.allow_higher_grade(actor=committee(cast), discipline=d, reason="  ")
    services.allow_higher_grade(actor=committee(cast), discipline=d, reason="Vi phạm đã tính khi đánh giá năm 2024.")
    entry = AuditEntry.objects.filter(object_type="discipline.discipline", object_id=str(d.pk)).latest("at")
    assert entry.data["grade_override"] is True and entry.actor == cast.commune_committee
    evaluation.record_step(
        campaign=campaign,
        member=member,
        actor=Actor.for_user(cast.cell_secretary),
        data=step(Stage.SELF, Grade.COMPLETED, 60),
    )
    evaluation.record_step(
        campaign=campaign,
        member=member,
        actor=Actor.for_user(cast.cell_secretary),
        data=step(Stage.REVIEWED, Grade.COMPLETED, 60),
    )


def test_expulsion_closes_membership_through_the_exit_service_Dieu_le_Dieu_35(cast):
    """Điều lệ Đảng Điều 35, 36 (cần đối chiếu): khai trừ ends the membership — status LEFT with exit kind
    EXPELLED through members.services.change_member_status, in the exit register, the account deactivated."""
    member = cast.member_member
    d = discipline(cast, member, Sanction.EXPULSION, on=dt.date(2026, 11, 20), number="21-QĐ/ĐU")
    member = fresh(member)
    assert member.status == MemberStatus.LEFT and member.exit_kind == ExitKind.EXPELLED
    assert member.status_changed_on == dt.date(2026, 11, 20)
    change = MemberChange.objects.filter(member=member, kind=MemberChange.Kind.STATUS).latest("pk")
    assert change.decision_number == "21-QĐ/ĐU"
    assert not User.objects.get(pk=cast.member.pk).is_active
    left = REGISTERS["left"]
    rows = list(left.rows(left.members(cast.commune_a)))
    assert any(member.full_name in row and "Khai trừ" in row for row in rows)
    assert d.kind == Sanction.EXPULSION
    # Mẫu 7-HSĐV column (14), the form of exit.
    from sotay.reports.register import member_register

    mau7 = {r.member_id: r for r in member_register(cast.commune_a)}
    assert mau7[member.pk].exit_kind == "Khai trừ"


def test_bad_input_changes_nothing(cast):
    """A clear Vietnamese error and nothing recorded: giải tán is for organisations, a decision needs its number,
    a member outside the deciding body is refused."""
    member = cast.others_a[1]
    with pytest.raises(ValidationError) as err:
        services.record_discipline(
            actor=committee(cast),
            kind=Sanction.DISSOLUTION,
            violation="",
            deciding_body=cast.commune_a,
            decision_number="",
            decided_on=dt.date(2025, 6, 2),
            member=member,
        )
    assert set(err.value.message_dict) >= {"kind", "violation", "decision_number"}
    with pytest.raises(ValidationError):
        services.record_discipline(
            actor=committee(cast),
            kind=Sanction.WARNING,
            violation="x",
            deciding_body=cast.cell_a2,
            decision_number="1",
            decided_on=dt.date(2025, 6, 2),
            member=member,
        )
    assert not Discipline.objects.exists()


def test_organisation_discipline_and_reduced_appeal(cast):
    """Điều lệ Đảng Điều 36 (cần đối chiếu): an organisation may be dissolved; an appeal may reduce a sanction only to
    a lighter one, and the first sanction is kept."""
    d = services.record_discipline(
        actor=committee(cast),
        kind=Sanction.WARNING,
        violation="Buông lỏng lãnh đạo.",
        deciding_body=cast.commune_a,
        decision_number="30-QĐ/ĐU",
        decided_on=dt.date(2026, 5, 5),
        subject_organization=cast.cell_a,
    )
    appeal = services.file_appeal(actor=committee(cast), discipline=d, filed_on=dt.date(2026, 5, 20))
    with pytest.raises(ValidationError):
        services.resolve_appeal(
            actor=committee(cast),
            appeal=appeal,
            outcome=AppealOutcome.REDUCED,
            reduced_to=Sanction.DISSOLUTION,
            resolved_on=dt.date(2026, 6, 1),
            resolved_by="Ban Thường vụ Tỉnh ủy",
        )
    services.resolve_appeal(
        actor=committee(cast),
        appeal=appeal,
        outcome=AppealOutcome.REDUCED,
        reduced_to=Sanction.REPRIMAND,
        resolved_on=dt.date(2026, 6, 1),
        resolved_by="Ban Thường vụ Tỉnh ủy",
    )
    d.refresh_from_db()
    assert (d.kind, d.original_kind) == (Sanction.REPRIMAND, Sanction.WARNING)
    with pytest.raises(ValidationError):
        services.record_discipline(
            actor=committee(cast),
            kind=Sanction.DISSOLUTION,
            violation="x",
            deciding_body=cast.commune_a,
            decision_number="31",
            decided_on=dt.date(2026, 5, 5),
            subject_organization=cast.commune_a,
        )


def test_the_grading_page_shows_the_decision_366_QD_TW(client, cast):
    """366-QĐ/TW (cần đối chiếu): the evaluation page of a member disciplined in the year names the decision."""
    from django.urls import reverse

    campaign = open_2025(cast)
    member = cast.others_a[0]
    discipline(cast, member, Sanction.WARNING, on=dt.date(2025, 6, 2), number="07-QĐ/ĐU")
    client.force_login(cast.commune_committee)
    page = client.get(reverse("evaluation:member", args=[campaign.pk, member.pk])).content.decode()
    assert "07-QĐ/ĐU" in page and "xếp loại không hoàn thành nhiệm vụ trong năm" in page
