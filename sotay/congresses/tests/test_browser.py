"""Congresses in a real headless Chromium: the commune committee follows its cells' preparation and opens a late one;
the counting committee enters ballots one by one on a laptop and downloads the minutes; Ban Tổ chức sees the
province roll-up on a phone (360 px)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from conftest import build_cast
from sotay.web.tests import test_browser as shared

browser = shared.browser
login = shared.login
SHOTS = Path(__file__).resolve().parents[3] / "var" / "screenshots"

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def new_page(browser, width: int, height: int, **options):
    page = browser.new_context(viewport={"width": width, "height": height}, locale="vi-VN", **options).new_page()
    page.set_default_timeout(90_000)  # the test machine is shared: a slow answer is not a failure
    return page


def fits(page, width=360) -> bool:
    return page.evaluate("document.documentElement.scrollWidth") <= width


def _prepare(cast):
    from sotay.congresses import services
    from sotay.congresses.models import Body
    from sotay.orgs.actor import Actor

    who = Actor.system("demo")
    today = timezone.localdate()
    plan = services.issue_plan(actor=who, organization=cast.commune_a, title="Đại hội chi bộ", term_label="2027–2032")
    plan.steps.filter(code="KH").update(offset_days=-30)
    late = services.open_congress(
        actor=who, organization=cast.cell_a, term_label="2027–2032", plan=plan, planned_on=today + dt.timedelta(days=10)
    )
    on_time = services.open_congress(
        actor=who,
        organization=cast.cell_a2,
        term_label="2027–2032",
        plan=plan,
        planned_on=today + dt.timedelta(days=60),
    )
    election = services.create_election(
        actor=who,
        organization=cast.cell_a,
        congress=late,
        body=Body.COMMITTEE,
        seats=2,
        held_on=today,
        summoned=5,
        present=5,
        counting_committee=["Lê Văn Cường", "Phạm Đức Dũng", "Nguyễn Văn Ấn"],
    )
    round_ = election.rounds.get()
    for name in ("Trần Thị Bình", "Lê Văn Cường", "Phạm Đức Dũng"):
        services.add_candidate(actor=who, round_=round_, full_name=name)
    return late, on_time, election, round_


def test_commune_follows_preparation_and_opens_a_late_cell(browser, live_server):
    cast = build_cast()
    late, _on_time, _e, _r = _prepare(cast)
    SHOTS.mkdir(parents=True, exist_ok=True)
    page = new_page(browser, 360, 740)
    login(page, live_server, "xa")
    page.get_by_role("link", name="Đại hội", exact=True).first.click()
    expect(page.get_by_role("heading", name="Tiến độ đại hội")).to_be_visible()
    expect(page.locator("#rollup-summary")).to_contain_text("Có bước chậm")
    assert fits(page)
    page.screenshot(path=str(SHOTS / "congress-commune-rollup.png"), full_page=True)
    page.locator("#behind").get_by_role("link", name=cast.cell_a.name).click()
    expect(page.locator("#step-KH")).to_contain_text("Chậm")
    assert fits(page)


def test_counting_committee_enters_ballots_one_by_one_and_downloads_the_minutes(browser, live_server):
    cast = build_cast()
    _late, _on_time, election, round_ = _prepare(cast)
    page = new_page(browser, 1280, 800, accept_downloads=True)
    login(page, live_server, "chibo")
    page.goto(f"{live_server.url}/congresses/elections/{election.pk}/")
    page.get_by_role("link", name="Kiểm từng phiếu").click()
    ballots = (
        ["Trần Thị Bình", "Lê Văn Cường"],
        ["Trần Thị Bình"],
        ["Trần Thị Bình", "Lê Văn Cường", "Phạm Đức Dũng"],  # more names than seats: invalid
        [],  # every name crossed out: valid
        ["Trần Thị Bình", "Phạm Đức Dũng"],
    )
    for number, kept in enumerate(ballots, start=1):
        for name in kept:
            page.get_by_label(name, exact=True).check()
        page.get_by_role("button", name="Nhập phiếu").click()
        # The page comes back with the ballot's validity before the next one is entered.
        expect(page.locator("#messages")).to_contain_text(f"Phiếu số {number}:")
    expect(page.locator("#running")).to_contain_text("3")
    expect(page.get_by_role("main")).to_contain_text("nhiều hơn số lượng cần bầu")
    page.get_by_label("Số phiếu Ban kiểm phiếu đã phát ra").fill("5")
    page.get_by_role("button", name="Kết thúc kiểm phiếu và tính kết quả").click()
    expect(page.locator("#elected")).to_contain_text("Trần Thị Bình")
    page.screenshot(path=str(SHOTS / "congress-ballots-result.png"), full_page=True)
    with page.expect_download() as info:
        page.get_by_role("link", name="Biên bản kiểm phiếu (DOCX)").click()
    assert info.value.suggested_filename.endswith(".docx")


def test_ban_to_chuc_sees_the_province_rollup_on_a_phone(browser, live_server):
    cast = build_cast()
    _prepare(cast)
    page = new_page(browser, 360, 740)
    login(page, live_server, "bantochuc")
    page.goto(f"{live_server.url}/congresses/")
    expect(page.get_by_role("heading", name="Tiến độ đại hội")).to_be_visible()
    expect(page.locator("#children")).to_contain_text(cast.commune_a.name)
    assert fits(page)
    page.screenshot(path=str(SHOTS / "congress-province-rollup.png"), full_page=True)
    page.locator("#children").get_by_role("link", name=cast.commune_a.name).click()
    expect(page.locator("#behind")).to_contain_text(cast.cell_a.name)


def test_cell_secretary_runs_an_opinion_poll_on_a_phone(browser, live_server):
    """The poll has its own page: list, counting by totals, the result as percentages and its own minutes, with no
    one shown as elected."""
    cast = build_cast()
    late, _on_time, _e, _r = _prepare(cast)
    page = new_page(browser, 360, 740, accept_downloads=True)
    login(page, live_server, "chibo")
    page.goto(f"{live_server.url}/congresses/{late.pk}/")
    page.get_by_text("Tạo đợt lấy phiếu giới thiệu").click()
    page.get_by_label("Giới thiệu nhân sự cho").select_option("SECRETARY")
    page.get_by_label("Số lượng cần giới thiệu").fill("1")
    page.get_by_label("Ngày lấy phiếu").fill(timezone.localdate().strftime("%d/%m/%Y"))
    page.get_by_label("Số người được triệu tập lấy phiếu").fill("5")
    page.locator("#id_poll-present").fill("5")
    page.locator("form[action$='/polls/new/']").get_by_role("button", name="Tạo").click()
    expect(page.locator("#poll-note")).to_contain_text("không phải bầu cử")
    for name in ("Trần Thị Bình", "Lê Văn Cường"):
        page.get_by_label("Họ và tên").fill(name)
        page.get_by_role("button", name="Thêm vào danh sách").click()
        expect(page.locator("ol.candidates")).to_contain_text(name)
    assert fits(page)
    page.get_by_text("Nhập kết quả theo tổng số").click()
    for field, value in (("issued", "5"), ("returned", "5"), ("valid", "5"), ("invalid", "0")):
        page.locator(f"#id_{field}").fill(value)
    page.get_by_label("Trần Thị Bình", exact=True).fill("4")
    page.get_by_label("Lê Văn Cường", exact=True).fill("1")
    page.get_by_role("button", name="Tính tỷ lệ").click()
    expect(page.locator("#poll-result")).to_contain_text("80")
    expect(page.get_by_role("main")).not_to_contain_text("Trúng cử")
    assert fits(page)
    page.screenshot(path=str(SHOTS / "congress-poll-result.png"), full_page=True)
    with page.expect_download() as info:
        page.get_by_role("link", name="Biên bản kiểm phiếu giới thiệu (PDF)").click()
    assert info.value.suggested_filename.endswith(".pdf")
