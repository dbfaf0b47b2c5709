"""Campaign pages: happy path, the higher level acting on its subtree, outsiders get 404."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from sotay.core.tests.export_checks import assert_export
from sotay.evaluation.models import Evaluation, Stage
from sotay.members.tests.factories import MemberFactory

from .helpers import open_2025, run_member

pytestmark = pytest.mark.django_db


def _score_post(campaign, kind, grade, total, **extra):
    from .helpers import scores_for

    data = {
        "kind": kind,
        "acted_on": "05/12/2025",
        "grade": grade,
        "tasks_done_percent": "100",
        "tasks_late_percent": "0",
        "tasks_above_percent": extra.pop("above", "0"),
        "comment": "",
    }
    data.update({f"score_{k}": str(v) for k, v in scores_for(total).items()})
    data.update(extra)
    return data


def test_commune_committee_opens_a_campaign(client, cast):
    client.force_login(cast.commune_committee)
    url = reverse("evaluation:campaign_create", args=[cast.commune_a.pk])
    response = client.post(url, {"year": "2025", "period": "YEAR", "opened_on": "01/12/2025", "quota_mode": "WARN"})
    assert response.status_code == 302
    page = client.get(response["Location"])
    assert "Kiểm điểm, đánh giá, xếp loại chất lượng năm 2025" in page.content.decode()


def test_cell_secretary_cannot_open_a_campaign_and_outsider_gets_404(client, cast):
    client.force_login(cast.cell_secretary)
    assert client.get(reverse("evaluation:campaign_create", args=[cast.commune_a.pk])).status_code == 404
    campaign = open_2025(cast)
    client.force_login(cast.outsider)
    assert client.get(reverse("evaluation:campaign", args=[campaign.pk])).status_code == 404
    url = reverse("evaluation:member", args=[campaign.pk, cast.member_member.pk])
    assert client.get(url).status_code == 404


def test_member_assesses_themselves_and_sees_their_results(client, cast):
    campaign = open_2025(cast)
    client.force_login(cast.member)
    home = client.get(reverse("evaluation:index")).content.decode()
    assert "Tự đánh giá" in home
    url = reverse("evaluation:member", args=[campaign.pk, cast.member_member.pk])
    page = client.get(url).content.decode()
    assert "Tự xếp loại" in page and "(tối đa 60)" in page
    response = client.post(url, _score_post(campaign, "SELF", "HTTNV", 85))
    assert response.status_code == 302
    assert Evaluation.objects.get(member=cast.member_member).self_grade == "HTTNV"
    # The member cannot review themselves, nor open someone else's page.
    assert client.post(url, _score_post(campaign, "REVIEWED", "HTTNV", 85)).status_code == 404
    other = reverse("evaluation:member", args=[campaign.pk, cast.others_a[0].pk])
    assert client.get(other).status_code == 404
    assert "Đã tự đánh giá" in client.get(reverse("evaluation:index")).content.decode()
    results = client.get(reverse("evaluation:my_results")).content.decode()
    assert "Năm 2025" in results and "HTTNV" in results


def test_a_grade_contradicting_the_score_is_refused_on_the_page(client, cast):
    campaign = open_2025(cast)
    client.force_login(cast.member)
    url = reverse("evaluation:member", args=[campaign.pk, cast.member_member.pk])
    response = client.post(url, _score_post(campaign, "SELF", "HTXSNV", 80))
    assert response.status_code == 400
    assert "không thể xếp HTXSNV" in response.content.decode()
    assert not Evaluation.objects.exists()


def test_decision_screen_warns_before_the_quota_is_exceeded(client, cast):
    """21-HD/BTCTW: HTXSNV ≤ 20% of HTTNV per TCCS — the screen warns before, and asks to acknowledge."""
    campaign = open_2025(cast)
    for m in [MemberFactory(organization=cast.cell_a) for _ in range(4)]:
        run_member(cast, campaign, m, "HTTNV", 80)
    run_member(cast, campaign, cast.member_member, "HTXSNV", 95, above=40, decide=False)
    client.force_login(cast.commune_committee)
    url = reverse("evaluation:member", args=[campaign.pk, cast.member_member.pk])
    page = client.get(url).content.decode()
    assert 'id="quota-warning"' in page and "Không còn chỗ cho HTXSNV" in page
    client.force_login(cast.member)  # issue 14 point 6: the member reading their own page sees no quota internals
    own = client.get(url).content.decode()
    assert 'id="quota-title"' not in own and "sẽ vượt tỷ lệ" not in own and "HTXSNV trên" not in own
    client.force_login(cast.commune_committee)
    response = client.post(url, _score_post(campaign, "DECIDED", "HTXSNV", 95, above="40"))
    assert response.status_code == 400 and "Vượt tỷ lệ HTXSNV" in response.content.decode()
    assert Evaluation.objects.get(member=cast.member_member).stage == Stage.REVIEWED
    response = client.post(url, _score_post(campaign, "DECIDED", "HTXSNV", 95, above="40", acknowledge_quota="on"))
    assert response.status_code == 302
    detail = client.get(reverse("evaluation:campaign", args=[campaign.pk])).content.decode()
    assert "Vượt tỷ lệ" in detail


def test_cell_secretary_cannot_decide(client, cast):
    campaign = open_2025(cast)
    run_member(cast, campaign, cast.member_member, "HTTNV", 80, decide=False)
    client.force_login(cast.cell_secretary)
    url = reverse("evaluation:member", args=[campaign.pk, cast.member_member.pk])
    assert "Quyết định xếp loại" not in client.get(url).content.decode()
    assert client.post(url, _score_post(campaign, "DECIDED", "HTTNV", 80)).status_code == 404


def test_not_yet_evaluated_tracker_lists_members_and_organisations_with_links(client, cast):
    campaign = open_2025(cast)
    run_member(cast, campaign, cast.member_member, "HTTNV", 80)
    client.force_login(cast.cell_secretary)  # the secretary sees their cell inside the commune's campaign
    page = client.get(reverse("evaluation:pending", args=[campaign.pk])).content.decode()
    assert "Trần Thị Bình" in page and "Nguyễn Văn Ấn" not in page and "Hoàng Thị Lan" not in page
    assert reverse("evaluation:member", args=[campaign.pk, cast.secretary_member.pk]) in page, page[
        page.find("<table") :
    ]
    xlsx = client.get(reverse("evaluation:pending_xlsx", args=[campaign.pk]))
    assert_export(xlsx, kind="evaluation_pending", user=cast.cell_secretary)
    import io

    from openpyxl import load_workbook

    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    names = [row[0] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert "Trần Thị Bình" in names and "Nguyễn Văn Ấn" not in names
    client.force_login(cast.commune_committee)
    page = client.get(reverse("evaluation:pending", args=[campaign.pk]) + "?subject=orgs").content.decode()
    assert "Chi bộ giáo viên" in page and reverse("evaluation:org", args=[campaign.pk, cast.cell_a2.pk]) in page


def test_statistics_and_exports_for_a_subtree(client, cast):
    campaign = open_2025(cast)
    run_member(cast, campaign, cast.member_member, "HTTNV", 80)
    run_member(cast, campaign, cast.teacher, "HTNV", 60)
    client.force_login(cast.commune_committee)
    url = reverse("evaluation:statistics") + f"?org={cast.commune_a.pk}&year=2025"
    page = client.get(url).content.decode()
    assert "Chi bộ thôn Đông" in page and "Đảng bộ Trường THPT Đông Tiến" in page
    xlsx = client.get(reverse("evaluation:statistics_xlsx") + f"?org={cast.commune_a.pk}&year=2025")
    assert xlsx.status_code == 200 and xlsx.content[:2] == b"PK"
    assert assert_export(xlsx, kind="evaluation_statistics", user=cast.commune_committee).data["format"] == "xlsx"
    pdf = client.get(reverse("evaluation:statistics_pdf") + f"?org={cast.commune_a.pk}&year=2025")
    assert pdf.status_code == 200 and pdf.content[:4] == b"%PDF"
    assert assert_export(pdf, kind="evaluation_statistics", user=cast.commune_committee).data["format"] == "pdf"
    client.force_login(cast.outsider)
    assert client.get(url).status_code == 404


def test_batch_decision_warns_before_and_decides_all_or_none(client, cast):
    """21-HD/BTCTW: the committee's decision screen shows each TCCS's quota after the proposals, warns, and
    decides the whole batch only when acknowledged."""
    campaign = open_2025(cast)
    goods = [MemberFactory(organization=cast.cell_a) for _ in range(4)]
    for m in goods:
        run_member(cast, campaign, m, "HTTNV", 80, decide=False)
    run_member(cast, campaign, cast.member_member, "HTXSNV", 95, above=40, decide=False)
    client.force_login(cast.commune_committee)
    url = reverse("evaluation:decide", args=[campaign.pk])
    page = client.get(url).content.decode()
    assert 'id="batch-quota-warning"' in page  # 1 HTXSNV on 4 HTTNV: over 20%, before anything is decided
    chosen = [str(e.pk) for e in Evaluation.objects.filter(campaign=campaign)]
    response = client.post(url, {"evaluation": chosen, "acted_on": "10/12/2025"})
    assert response.status_code == 400 and 'id="quota-error"' in response.content.decode()
    assert not Evaluation.objects.filter(stage=Stage.DECIDED).exists()  # all or none
    # Leaving out the HTXSNV proposal removes the warning.
    fewer = [c for c in chosen if c != str(Evaluation.objects.get(member=cast.member_member).pk)]
    preview = client.post(url, {"evaluation": fewer, "acted_on": "10/12/2025", "preview": "1"}).content.decode()
    assert 'id="batch-quota-warning"' not in preview
    # With htmx, ticking a box swaps only the quota table.
    partial = client.post(url, {"evaluation": chosen, "acted_on": "10/12/2025", "preview": "1"}, HTTP_HX_REQUEST="true")
    body = partial.content.decode()
    assert body.startswith('<div id="batch-quota"') and 'id="batch-quota-warning"' in body and "<html" not in body
    response = client.post(url, {"evaluation": chosen, "acted_on": "10/12/2025", "acknowledge_quota": "on"})
    assert response.status_code == 302
    assert Evaluation.objects.filter(stage=Stage.DECIDED).count() == 5
    client.force_login(cast.cell_secretary)
    assert client.get(url).status_code == 404


def test_provincial_officer_acts_on_a_commune_campaign_in_their_subtree(client, cast):
    campaign = open_2025(cast)
    run_member(cast, campaign, cast.teacher, "HTTNV", 80, decide=False)
    client.force_login(cast.provincial_officer)
    assert client.get(reverse("evaluation:campaign", args=[campaign.pk])).status_code == 200
    url = reverse("evaluation:member", args=[campaign.pk, cast.teacher.pk])
    assert "Quyết định xếp loại" in client.get(url).content.decode()
    assert client.post(url, _score_post(campaign, "DECIDED", "HTTNV", 80)).status_code == 302
    assert Evaluation.objects.get(member=cast.teacher).grade == "HTTNV"


def test_organisation_is_assessed_by_its_committee_and_reviewed_above(client, cast):
    """Collectives follow the same flow: the chi ủy assesses its cell, the committee above reviews and decides."""
    from sotay.evaluation.models import Subject

    from .helpers import scores_for

    campaign = open_2025(cast)
    url = reverse("evaluation:org", args=[campaign.pk, cast.cell_a.pk])
    data = _score_post(campaign, "SELF", "HTTNV", 80)
    data.update({f"score_{k}": str(v) for k, v in scores_for(80, Subject.ORGANIZATION).items()})
    data = {
        k: v
        for k, v in data.items()
        if not k.startswith("score_") or int(k[6:]) in scores_for(80, Subject.ORGANIZATION)
    }
    data["collective_conditions_met"] = "on"
    client.force_login(cast.cell_secretary)
    assert client.post(url, data).status_code == 302
    assert client.post(url, {**data, "kind": "REVIEWED"}).status_code == 404  # not the chi ủy's own review
    client.force_login(cast.commune_committee)
    assert client.post(url, {**data, "kind": "REVIEWED"}).status_code == 302
    assert client.post(url, {**data, "kind": "DECIDED"}).status_code == 302
    ev = Evaluation.objects.get(subject_organization=cast.cell_a)
    assert ev.grade == "HTTNV" and ev.criteria_set.subject == Subject.ORGANIZATION
    client.force_login(cast.outsider)
    assert client.get(url).status_code == 404


def test_criteria_page_lists_sets_bands_and_quota(client, cast):
    """366-QĐ/TW Điều 11 and 124-QĐ/TW, as the seeded data says."""
    client.force_login(cast.member)
    page = client.get(reverse("evaluation:criteria")).content.decode()
    assert "366-QĐ/TW" in page and "124-QĐ/TW" in page and "vượt yêu cầu ≥ 30%" in page
    assert "HTXSNV không quá 20% số HTTNV" in page


def test_grade_preview_shows_the_grade_the_scores_give(client, cast):
    """366-QĐ/TW Điều 11 while typing: 89 points is HTTNV and HTXSNV needs 90 and 30% above requirement."""
    from sotay.evaluation.models import CriteriaSet, Subject

    from .helpers import scores_for

    cs = CriteriaSet.objects.in_force(Subject.MEMBER, dt.date(2025, 12, 31))
    client.force_login(cast.member)
    data = {"criteria_set": cs.pk, "tasks_above_percent": "10"}
    data.update({f"score_{k}": str(v) for k, v in scores_for(89).items()})
    body = client.post(reverse("evaluation:grade_preview"), data, HTTP_HX_REQUEST="true").content.decode()
    assert "<strong>HTTNV</strong>" in body and "Chưa đạt HTXSNV" in body and "dưới 90" in body
    assert body.startswith('<div id="grade-preview"')


def test_index_links_of_a_commune_campaign_open_for_the_province(client, cast):
    """Issue 14 point 6: the province's list carried ?org=<province> into a commune's campaign, which gave 404."""
    campaign = open_2025(cast)
    client.force_login(cast.provincial_officer)
    html = client.get(reverse("evaluation:index")).content.decode()
    link = reverse("evaluation:campaign", args=[campaign.pk])
    assert f'href="{link}"' in html and f"{link}?org={cast.province.pk}" not in html
    assert client.get(link).status_code == 200
