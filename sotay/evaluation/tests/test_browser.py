"""The decision screen in a real headless Chromium at 360px (Debian's /usr/bin/chromium driven by Playwright)."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from conftest import build_cast
from sotay.web.tests.test_browser import SHOTS, browser, login, page  # noqa: F401 (fixtures)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_commune_committee_is_warned_before_exceeding_the_htxsnv_quota(page, live_server):  # noqa: F811
    """21-HD/BTCTW (docs/rules/evaluation.md#tỷ-lệ-hoàn-thành-xuất-sắc): HTXSNV ≤ 20% of HTTNV per TCCS — warned before,
    decided when acknowledged."""
    from sotay.evaluation import seed
    from sotay.members.tests.factories import MemberFactory

    from .helpers import open_2025, run_member

    seed.load()  # transactional tests flush the criteria the migration seeded
    cast = build_cast()
    campaign = open_2025(cast)
    for m in [MemberFactory(organization=cast.cell_a) for _ in range(4)]:
        run_member(cast, campaign, m, "HTTNV", 80)
    run_member(cast, campaign, cast.member_member, "HTXSNV", 95, above=40, decide=False)

    SHOTS.mkdir(parents=True, exist_ok=True)
    login(page, live_server, "xa")
    page.get_by_role("link", name="Đánh giá, xếp loại", exact=True).click()
    page.get_by_role("link", name=campaign.title).click()
    page.get_by_role("link", name="Nguyễn Văn Ấn").click()
    # Before deciding: the quota box says there is no room, and warns about the proposed HTXSNV.
    expect(page.locator("#quota-warning")).to_be_visible()
    expect(page.get_by_text("Không còn chỗ cho HTXSNV.")).to_be_visible()
    page.screenshot(path=str(SHOTS / "evaluation-decision-warning.png"), full_page=True)
    assert page.evaluate("document.documentElement.scrollWidth") <= 360  # no sideways scrolling on a phone

    page.locator("#id_acted_on").fill("10/12/2025")
    page.get_by_label("Số quyết định, thông báo").fill("12-TB/ĐU")
    page.get_by_role("button", name="Ghi").click()
    expect(page.locator("#quota-error")).to_contain_text("Vượt tỷ lệ HTXSNV")
    expect(page.get_by_text("Đã quyết định xếp loại")).to_have_count(0)

    page.get_by_label("Tôi đã biết việc vượt tỷ lệ HTXSNV và vẫn quyết định").check()
    page.get_by_role("button", name="Ghi").click()
    expect(page.get_by_text("quyết định vượt tỷ lệ HTXSNV")).to_be_visible()
    page.screenshot(path=str(SHOTS / "evaluation-decided-over-quota.png"), full_page=True)

    page.goto(f"{live_server.url}/evaluation/campaigns/{campaign.pk}/")
    expect(page.get_by_text("Vượt tỷ lệ", exact=True)).to_be_visible()


def test_batch_decision_recomputes_the_quota_as_boxes_are_ticked(page, live_server):  # noqa: F811
    """21-HD/BTCTW quota on the committee's batch screen: htmx recomputes it in place; the form still posts."""
    from sotay.evaluation import seed
    from sotay.evaluation.models import Evaluation
    from sotay.members.tests.factories import MemberFactory

    from .helpers import open_2025, run_member

    seed.load()
    cast = build_cast()
    campaign = open_2025(cast)
    for m in [MemberFactory(organization=cast.cell_a) for _ in range(4)]:
        run_member(cast, campaign, m, "HTTNV", 80, decide=False)
    run_member(cast, campaign, cast.member_member, "HTXSNV", 95, above=40, decide=False)

    login(page, live_server, "xa")
    page.goto(f"{live_server.url}/evaluation/campaigns/{campaign.pk}/decide/")
    page.wait_for_load_state("load")  # htmx (a deferred script) must be running before we tick
    expect(page.locator("#batch-quota-warning")).to_be_visible()
    page.get_by_label("Nguyễn Văn Ấn").uncheck()
    expect(page.locator("#batch-quota-warning")).to_have_count(0)
    page.get_by_label("Nguyễn Văn Ấn").check()
    expect(page.locator("#batch-quota-warning")).to_be_visible()
    page.screenshot(path=str(SHOTS / "evaluation-batch-decision.png"), full_page=True)
    page.get_by_label("Tôi đã biết việc vượt tỷ lệ HTXSNV và vẫn quyết định").check()
    page.get_by_role("button", name="Quyết định theo đề xuất").click()
    expect(page.get_by_text("Đã quyết định xếp loại 5 đảng viên theo đề xuất.")).to_be_visible()
    assert Evaluation.objects.filter(stage="DECIDED").count() == 5


def test_a_member_sees_the_grade_their_scores_give_while_typing(page, live_server):  # noqa: F811
    """366-QĐ/TW Điều 11 on the self-assessment form: the grade follows the scores (htmx), the form still posts."""
    from sotay.evaluation import seed
    from sotay.evaluation.models import Evaluation

    from .helpers import open_2025

    seed.load()
    cast = build_cast()
    campaign = open_2025(cast)
    login(page, live_server, "dangvien")
    page.goto(f"{live_server.url}/evaluation/campaigns/{campaign.pk}/member/{cast.member_member.pk}/")
    page.wait_for_load_state("load")
    page.locator("#id_acted_on").fill("02/12/2025")
    for label, value in (
        ("Chính trị tư tưởng", "10"),
        ("Đạo đức, lối sống", "10"),
        ("Ý thức tổ chức kỷ luật", "9"),
        ("Tác phong, lề lối làm việc", "9"),
        ("Kết quả thực hiện chức trách", "50"),
    ):
        page.get_by_label(label).fill(value)
    page.get_by_label("Nhiệm vụ vượt yêu cầu (%)").fill("0")
    expect(page.locator("#grade-preview")).to_contain_text("Tổng 88 điểm")
    expect(page.locator("#grade-preview")).to_contain_text("HTTNV")
    page.get_by_label("Tự xếp loại").select_option("HTTNV")
    page.get_by_role("button", name="Ghi").click()
    expect(page.get_by_text("Đã ghi: đã tự đánh giá.")).to_be_visible()
    assert Evaluation.objects.get(member=cast.member_member).self_grade == "HTTNV"
