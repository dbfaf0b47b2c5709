"""The campaign flow and its refusals (docs/rules/evaluation.md#quy-trình-đánh-giá: 366-QĐ/TW; quota from 21-HD/BTCTW,
docs/rules/evaluation.md#tỷ-lệ-hoàn-thành-xuất-sắc)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from sotay.audit.models import AuditEntry
from sotay.evaluation import services
from sotay.evaluation.models import Evaluation, QuotaMode, Stage, Subject
from sotay.members.tests.factories import MemberFactory
from sotay.orgs.actor import Actor

from .helpers import DAY, open_2025, run_member, step

pytestmark = pytest.mark.django_db


def test_open_campaign_picks_the_criteria_in_force_for_the_year(cast):
    """366-QĐ/TW applies to the 2025 review; 124-QĐ/TW to 2024 (criteria-set versioning by year)."""
    c2025 = open_2025(cast)
    c2024 = services.open_campaign(
        organization=cast.commune_b, year=2024, actor=Actor.for_user(cast.provincial_officer), opened_on=DAY
    )
    assert c2025.member_criteria.document_reference == "366-QĐ/TW"
    assert c2025.org_criteria.document_reference == "366-QĐ/TW"
    assert c2024.member_criteria.document_reference == "124-QĐ/TW"
    assert c2025.quota_percent == 20 and c2025.quota_mode == QuotaMode.WARN
    assert "2025" in c2025.title


def test_it_refuses_an_overlapping_campaign_for_the_same_year(cast):
    open_2025(cast)
    with pytest.raises(ValidationError, match="Đã có đợt"):
        services.open_campaign(
            organization=cast.province, year=2025, actor=Actor.for_user(cast.provincial_officer), opened_on=DAY
        )
    with pytest.raises(ValidationError, match="Đã có đợt"):
        services.open_campaign(
            organization=cast.base_a, year=2025, actor=Actor.for_user(cast.provincial_officer), opened_on=DAY
        )
    # Another year, or a quarter, is a different period.
    services.open_campaign(
        organization=cast.province,
        year=2025,
        period="QUARTER",
        quarter=4,
        actor=Actor.system("command:test"),
        opened_on=DAY,
    )


def test_the_full_flow_records_every_step_with_date_actor_and_comment(cast):
    """Process (124 era, kept in 366): self-assessment → review with proposed grade → decision."""
    campaign = open_2025(cast)
    member = cast.member_member
    ev = run_member(cast, campaign, member, "HTTNV", 85)
    assert ev.stage == Stage.DECIDED and ev.grade == "HTTNV" and ev.score == 85
    assert ev.base_organization == cast.cell_a  # a chi bộ cơ sở is its own TCCS
    kinds = [(s.kind, s.actor.username, s.acted_on) for s in ev.steps.order_by("pk")]
    assert kinds == [("SELF", "dangvien", DAY), ("REVIEWED", "chibo", DAY), ("DECIDED", "xa", DAY)]
    assert AuditEntry.objects.filter(object_type__iendswith="evaluation", object_id=str(ev.pk)).count() == 3


def test_it_refuses_a_decision_before_the_self_assessment(cast):
    campaign = open_2025(cast)
    with pytest.raises(ValidationError, match="Chưa có bản tự đánh giá"):
        services.record_step(
            campaign=campaign,
            member=cast.member_member,
            actor=Actor.for_user(cast.commune_committee),
            data=step("DECIDED", "HTTNV", 80),
        )
    assert not Evaluation.objects.exists()


def test_it_refuses_a_decision_dated_before_the_self_assessment(cast):
    campaign = open_2025(cast)
    later = DAY + dt.timedelta(days=5)
    services.record_step(
        campaign=campaign,
        member=cast.member_member,
        actor=Actor.for_user(cast.member),
        data=step("SELF", "HTTNV", 80, day=later),
    )
    with pytest.raises(ValidationError, match="không thể trước bước"):
        services.record_step(
            campaign=campaign,
            member=cast.member_member,
            actor=Actor.for_user(cast.cell_secretary),
            data=step("REVIEWED", "HTTNV", 80, day=later - dt.timedelta(days=1)),
        )


def test_it_refuses_a_grade_that_contradicts_the_score(cast):
    """366-QĐ/TW Điều 11: 89 points cannot be HTXSNV, whatever the share of tasks above requirement."""
    campaign = open_2025(cast)
    with pytest.raises(ValidationError) as exc:
        services.record_step(
            campaign=campaign,
            member=cast.member_member,
            actor=Actor.for_user(cast.member),
            data=step("SELF", "HTXSNV", 89, above=50),
        )
    assert "HTTNV" in str(exc.value) and "dưới 90" in str(exc.value)
    # 90 with fewer than 30% of tasks above requirement is not HTXSNV either.
    with pytest.raises(ValidationError, match="vượt yêu cầu dưới 30%"):
        services.record_step(
            campaign=campaign,
            member=cast.member_member,
            actor=Actor.for_user(cast.member),
            data=step("SELF", "HTXSNV", 90, above=10),
        )
    # 90 with 30% above is.
    ev = services.record_step(
        campaign=campaign,
        member=cast.member_member,
        actor=Actor.for_user(cast.member),
        data=step("SELF", "HTXSNV", 90, above=30),
    )
    assert ev.self_grade == "HTXSNV"


def test_a_lower_grade_than_the_score_needs_a_reason(cast):
    campaign = open_2025(cast)
    with pytest.raises(ValidationError, match="cần ghi lý do"):
        services.record_step(
            campaign=campaign,
            member=cast.member_member,
            actor=Actor.for_user(cast.member),
            data=step("SELF", "HTNV", 80),
        )
    data = step("SELF", "HTNV", 80)
    data.comment = "Còn để chậm một việc được giao"
    assert (
        services.record_step(
            campaign=campaign, member=cast.member_member, actor=Actor.for_user(cast.member), data=data
        ).self_grade
        == "HTNV"
    )


def test_it_refuses_a_score_above_the_criterion_maximum(cast):
    campaign = open_2025(cast)
    data = step("SELF", "HTTNV", 80)
    first = next(iter(data.scores))
    data.scores[first] = Decimal("10.5")  # the first criterion's maximum is 10
    with pytest.raises(ValidationError) as exc:
        services.record_step(campaign=campaign, member=cast.member_member, actor=Actor.for_user(cast.member), data=data)
    assert f"score_{first}" in exc.value.message_dict
    assert "vượt điểm tối đa" in exc.value.message_dict[f"score_{first}"][0]


def test_it_refuses_a_member_outside_the_campaign(cast):
    campaign = open_2025(cast)
    with pytest.raises(ValidationError, match="không thuộc phạm vi"):
        services.record_step(
            campaign=campaign,
            member=cast.outsider_members[0],
            actor=Actor.for_user(cast.provincial_officer),
            data=step("SELF", "HTTNV", 80),
        )


def test_quota_warns_before_the_htxsnv_beyond_20_percent_of_httnv(cast):
    """21-HD/BTCTW (docs/rules/evaluation.md#tỷ-lệ-hoàn-thành-xuất-sắc): HTXSNV ≤ 20% of HTTNV in each TCCS; warn,
    decide when acknowledged."""
    campaign = open_2025(cast)
    good = [MemberFactory(organization=cast.cell_a) for _ in range(5)]
    for m in good:
        run_member(cast, campaign, m, "HTTNV", 80)
    first = run_member(cast, campaign, cast.member_member, "HTXSNV", 95, above=40)  # 1 ≤ 20% of 5
    assert first.grade == "HTXSNV" and not first.exceeds_quota
    second = cast.others_a[0]
    run_member(cast, campaign, second, "HTXSNV", 95, above=40, decide=False)
    with pytest.raises(services.QuotaExceeded) as exc:
        services.record_step(
            campaign=campaign,
            member=second,
            actor=Actor.for_user(cast.commune_committee),
            data=step("DECIDED", "HTXSNV", 95, above=40),
        )
    assert not exc.value.blocking
    assert "2 HTXSNV trên 5 HTTNV, tối đa 1" in exc.value.messages[0]
    assert Evaluation.objects.get(member=second).stage == Stage.REVIEWED  # nothing changed
    ev = services.record_step(
        campaign=campaign,
        member=second,
        actor=Actor.for_user(cast.commune_committee),
        data=step("DECIDED", "HTXSNV", 95, above=40, acknowledge_quota=True),
    )
    assert ev.exceeds_quota
    report = services.quota_report(campaign)
    assert report[0].base_organization == cast.cell_a and report[0].exceeded
    assert (report[0].excellent, report[0].good, report[0].limit) == (2, 5, 1)


def test_quota_in_block_mode_refuses_even_when_acknowledged(cast):
    campaign = open_2025(cast, quota_mode=QuotaMode.BLOCK)
    run_member(cast, campaign, cast.member_member, "HTXSNV", 95, above=40, decide=False)
    with pytest.raises(services.QuotaExceeded):
        services.record_step(
            campaign=campaign,
            member=cast.member_member,
            actor=Actor.for_user(cast.commune_committee),
            data=step("DECIDED", "HTXSNV", 95, above=40, acknowledge_quota=True),
        )


def test_quota_counts_within_each_grassroots_organisation(cast):
    """The quota is per TCCS: members of chi bộ giáo viên count in Đảng bộ Trường THPT, not in the commune."""
    campaign = open_2025(cast)
    teacher_ev = run_member(cast, campaign, cast.teacher, "HTTNV", 80)
    assert teacher_ev.base_organization == cast.base_a
    assert services.quota_status(campaign, cast.cell_a).good == 0


def test_organisation_evaluation_flow_with_collective_conditions(cast):
    """366-QĐ/TW Điều 11: a collective with a disciplined member cannot be HTXSNV."""
    campaign = open_2025(cast)
    org = cast.cell_a2
    data = step("SELF", "HTXSNV", 95, above=40, subject=Subject.ORGANIZATION, collective_conditions_met=False)
    with pytest.raises(ValidationError, match="điều kiện đối với tập thể"):
        services.record_step(
            campaign=campaign, subject_organization=org, actor=Actor.for_user(cast.commune_committee), data=data
        )
    ev = services.record_step(
        campaign=campaign,
        subject_organization=org,
        actor=Actor.for_user(cast.commune_committee),
        data=step("SELF", "HTTNV", 95, above=40, subject=Subject.ORGANIZATION, collective_conditions_met=False),
    )
    assert ev.subject == Subject.ORGANIZATION and ev.criteria_set.subject == Subject.ORGANIZATION
    with pytest.raises(ValidationError, match="không thuộc phạm vi"):
        services.record_step(
            campaign=campaign,
            subject_organization=cast.commune_a,
            actor=Actor.for_user(cast.commune_committee),
            data=data,
        )


def test_a_closed_campaign_takes_no_more_steps(cast):
    campaign = open_2025(cast)
    services.close_campaign(campaign=campaign, actor=Actor.for_user(cast.commune_committee))
    with pytest.raises(ValidationError, match="đã kết thúc"):
        services.record_step(
            campaign=campaign,
            member=cast.member_member,
            actor=Actor.for_user(cast.member),
            data=step("SELF", "HTTNV", 80),
        )


def test_unscored_124_campaign_accepts_a_grade_without_scores(cast):
    """124-QĐ/TW graded without a point scale: the 2024 campaign takes a grade and no scores."""
    campaign = services.open_campaign(
        organization=cast.commune_a, year=2024, actor=Actor.system("command:test"), opened_on=DAY
    )
    ev = services.record_step(
        campaign=campaign,
        member=cast.member_member,
        actor=Actor.for_user(cast.member),
        data=services.StepInput(kind="SELF", grade="HTTNV", acted_on=DAY),
    )
    assert ev.self_grade == "HTTNV" and ev.steps.get().score is None


def test_the_member_is_told_the_decided_grade(cast):
    from sotay.notifications.models import Notification

    campaign = open_2025(cast)
    run_member(cast, campaign, cast.member_member, "HTTNV", 80)
    note = Notification.objects.get(recipient=cast.member, kind="evaluation.decided")
    assert "HTTNV" in note.title and str(campaign.pk) in note.url


def test_a_quarterly_campaign_ends_on_the_quarters_last_day(cast):
    """366-QĐ/TW: reviews per term, yearly, quarterly or as needed."""
    q1 = services.open_campaign(
        organization=cast.commune_a,
        year=2026,
        period="QUARTER",
        quarter=1,
        actor=Actor.system("command:test"),
        opened_on=dt.date(2026, 3, 20),
    )
    q4 = services.open_campaign(
        organization=cast.commune_a,
        year=2026,
        period="QUARTER",
        quarter=4,
        actor=Actor.system("command:test"),
        opened_on=dt.date(2026, 3, 20),
    )
    assert q1.period_end == dt.date(2026, 3, 31) and q4.period_end == dt.date(2026, 12, 31)
    assert q1.member_criteria.document_reference == "366-QĐ/TW"
    with pytest.raises(ValidationError, match="quý"):
        services.open_campaign(
            organization=cast.commune_b, year=2026, period="QUARTER", actor=Actor.system("command:test"), opened_on=DAY
        )


def test_opening_a_campaign_tells_the_committees_of_the_subtree(cast):
    from sotay.notifications.models import Notification

    open_2025(cast)
    told = set(
        Notification.objects.filter(kind="evaluation.campaign_opened").values_list("recipient__username", flat=True)
    )
    assert told == {"xa", "chibo"}  # the commune and its cell secretary; not the province, not commune B


def test_a_cell_under_a_committee_cannot_open_a_campaign(cast):
    with pytest.raises(ValidationError, match="cấp ủy cơ sở trở lên"):
        services.open_campaign(organization=cast.cell_a2, year=2025, actor=Actor.system("command:test"), opened_on=DAY)
