"""Roll-up statistics for a subtree, year on year, and the two-year KHTNV flag
(docs/rules/discipline.md#hai-năm-liền-vi-phạm-tư-cách)."""

from __future__ import annotations

import datetime as dt

import pytest

from sotay.evaluation import selectors, services
from sotay.evaluation.models import Stage
from sotay.orgs import policy
from sotay.orgs.actor import Actor

from .helpers import _acting, open_2025, run_member

pytestmark = pytest.mark.django_db


def _run_2024(cast, campaign, member, grade):
    for kind, by in (("SELF", cast.member), ("REVIEWED", cast.cell_secretary), ("DECIDED", cast.commune_committee)):
        services.record_step(
            campaign=campaign,
            member=member,
            actor=_acting(
                cast, by, policy.MANAGE_EVALUATIONS if kind == "DECIDED" else policy.REVIEW_EVALUATIONS, member
            ),
            data=services.StepInput(kind=kind, grade=grade, acted_on=dt.date(2024, 12, 10), comment="x"),
        )


def test_rollup_counts_and_percentages_per_grade_per_organisation_year_on_year(cast):
    c2025 = open_2025(cast)
    c2024 = services.open_campaign(
        organization=cast.commune_a, year=2024, actor=Actor.system("command:test"), opened_on=dt.date(2024, 12, 1)
    )
    run_member(cast, c2025, cast.member_member, "HTTNV", 80)
    run_member(cast, c2025, cast.secretary_member, "HTTNV", 85)
    run_member(cast, c2025, cast.others_a[0], "HTNV", 60)
    run_member(cast, c2025, cast.teacher, "HTXSNV", 95, above=40, ack=True)
    _run_2024(cast, c2024, cast.member_member, "HTNV")
    rows = selectors.grade_rollup(cast.commune_a, [2024, 2025])
    whole = {r.year: r for r in rows if r.org is None}
    assert whole[2025].counts == {"HTTNV": 2, "HTNV": 1, "HTXSNV": 1}
    assert whole[2025].total == 4
    assert whole[2025].cells()[1] == (2, 50)
    assert whole[2024].counts == {"HTNV": 1}
    by_org = {(r.org.pk, r.year): r for r in rows if r.org is not None}
    assert by_org[(cast.cell_a.pk, 2025)].counts == {"HTTNV": 2, "HTNV": 1}
    assert by_org[(cast.base_a.pk, 2025)].counts == {"HTXSNV": 1}  # the teacher's cell rolls up into its base
    # A subtree sees only itself; the province sees the commune as one row.
    assert selectors.grade_rollup(cast.commune_b, [2025])[0].total == 0
    province_rows = selectors.grade_rollup(cast.province, [2025])
    assert {r.label: r.total for r in province_rows}[cast.commune_a.name] == 4


def test_progress_and_pending_count_the_subtree(cast):
    campaign = open_2025(cast)
    run_member(cast, campaign, cast.member_member, "HTTNV", 80)
    run_member(cast, campaign, cast.secretary_member, "HTTNV", 80, decide=False)
    progress = selectors.progress(campaign, cast.commune_a)
    assert progress["total"] == 5 and progress["decided"] == 1 and progress["reviewed"] == 1
    pending = list(selectors.pending_members(campaign, cast.cell_a))
    assert cast.member_member not in pending and cast.secretary_member in pending
    assert {m.pk: m.evaluation_stage for m in pending}[cast.secretary_member.pk] == Stage.REVIEWED


def test_members_khtnv_two_consecutive_years_are_flagged(cast):
    """Điều lệ Điều 8 (docs/rules/discipline.md#hai-năm-liền-vi-phạm-tư-cách): 2 consecutive years of not meeting member
    standards — a flag only."""
    c2025 = open_2025(cast)
    c2024 = services.open_campaign(
        organization=cast.commune_a, year=2024, actor=Actor.system("command:test"), opened_on=dt.date(2024, 12, 1)
    )
    _run_2024(cast, c2024, cast.member_member, "KHTNV")
    _run_2024(cast, c2024, cast.secretary_member, "KHTNV")
    run_member(cast, c2025, cast.member_member, "KHTNV", 40)
    run_member(cast, c2025, cast.secretary_member, "HTNV", 60)
    assert list(selectors.two_years_not_completed(cast.commune_a, 2025)) == [cast.member_member]
    assert list(selectors.two_years_not_completed(cast.commune_b, 2025)) == []
    cast.member_member.refresh_from_db()
    assert cast.member_member.status == "OFFICIAL"  # flag only: nothing is changed


def test_the_two_year_flag_shows_on_the_members_evaluation_page(cast, client):
    from django.urls import reverse

    c2025 = open_2025(cast)
    c2024 = services.open_campaign(
        organization=cast.commune_a, year=2024, actor=Actor.system("command:test"), opened_on=dt.date(2024, 12, 1)
    )
    _run_2024(cast, c2024, cast.member_member, "KHTNV")
    run_member(cast, c2025, cast.member_member, "KHTNV", 40)
    client.force_login(cast.cell_secretary)
    page = client.get(reverse("evaluation:member", args=[c2025.pk, cast.member_member.pk])).content.decode()
    assert "Không hoàn thành nhiệm vụ 2 năm liền (2024 và 2025)" in page


def test_rollup_and_tracker_cost_the_same_queries_whatever_the_size(cast):
    """docs/rules/organisation.md#quy-mô: reports aggregate in the database — the query count does not grow with the
    members."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from sotay.members.tests.factories import MemberFactory

    campaign = open_2025(cast)

    def cost() -> int:
        with CaptureQueriesContext(connection) as ctx:
            selectors.grade_rollup(cast.province, [2024, 2025])
            list(selectors.pending_members(campaign, cast.province)[:50])
            selectors.progress(campaign, cast.province)
            list(selectors.two_years_not_completed(cast.province, 2025))
        return len(ctx.captured_queries)

    run_member(cast, campaign, cast.member_member, "HTTNV", 80)
    small = cost()
    for m in [MemberFactory(organization=cast.cell_a2) for _ in range(15)]:
        run_member(cast, campaign, m, "HTTNV", 80)
    assert cost() == small


def test_year_progress_per_organisation_for_the_province(cast, client):
    """The provincial overview: for each commune, members to grade and how many are decided in the year."""
    from django.urls import reverse

    c_a = open_2025(cast)
    c_b = services.open_campaign(
        organization=cast.commune_b, year=2025, actor=Actor.system("command:test"), opened_on=dt.date(2025, 12, 1)
    )
    run_member(cast, c_a, cast.member_member, "HTTNV", 80)
    run_member(cast, c_a, cast.secretary_member, "HTTNV", 80, decide=False)
    services.record_step(
        campaign=c_b,
        member=cast.outsider_members[1],
        actor=Actor.for_user(cast.outsider),
        data=services.StepInput(kind="SELF", grade="HTTNV", acted_on=dt.date(2025, 12, 2), scores=_scores(80)),
    )
    rows = selectors.year_progress(cast.province, 2025)
    whole, by_org = rows[0], {r.org: r for r in rows[1:]}
    assert (whole.members, whole.decided, whole.reviewed, whole.self_assessed) == (8, 1, 1, 1)
    assert (by_org[cast.commune_a].members, by_org[cast.commune_a].decided, by_org[cast.commune_a].pending) == (5, 1, 4)
    assert by_org[cast.commune_b].self_assessed == 1
    client.force_login(cast.provincial_officer)
    page = client.get(reverse("evaluation:year_progress") + "?year=2025").content.decode()
    assert "Đảng bộ phường Phố Hiến" in page
    client.force_login(cast.outsider)
    assert client.get(reverse("evaluation:year_progress") + f"?org={cast.province.pk}").status_code == 404


def _scores(total):
    from .helpers import scores_for

    return scores_for(total)


def test_campaign_pending_evaluations_is_the_tracker(cast):
    campaign = open_2025(cast)
    run_member(cast, campaign, cast.member_member, "HTTNV", 80)
    pending = set(campaign.pending_evaluations())
    assert cast.member_member not in pending and cast.teacher in pending
    assert set(campaign.pending_evaluations(cast.base_a)) == {cast.teacher}
