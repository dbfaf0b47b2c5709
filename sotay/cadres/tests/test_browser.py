"""In Chromium (Debian's /usr/bin/chromium): Ban Tổ chức reviews a commune's cadre plan and its warnings on a
desktop; a commune committee records a reply to a verification letter on a 360 px phone."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from playwright.sync_api import expect

from conftest import build_cast
from sotay.web.tests import test_browser as shared

browser = shared.browser
login = shared.login
SHOTS = Path(__file__).resolve().parents[3] / "var" / "screenshots"

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
D = dt.date


def test_ban_to_chuc_reviews_a_communes_plan_and_its_warnings_on_a_desktop(browser, live_server):
    from sotay.cadres import seed, services

    from .helpers import officer, positions, qualify

    seed.load()  # a transactional test starts from a flushed database: the seeded standards are reloaded
    cast = build_cast()
    pos = positions(cast)
    plan = services.create_plan(
        actor=officer(cast), organization=cast.commune_a, term_start=2030, term_end=2035, term_starts_on=D(2030, 7, 1)
    )
    qualify(cast.member_member, theory="ELEMENTARY", born=D(1988, 4, 1))
    qualify(cast.secretary_member, born=D(1972, 1, 1))
    for person in (cast.member_member, cast.secretary_member):
        services.add_to_plan(
            actor=officer(cast),
            plan=plan,
            position=pos["secretary"],
            member=person,
            on=D(2025, 12, 1),
            reason="Rà soát năm 2025",
        )
    SHOTS.mkdir(parents=True, exist_ok=True)
    page = browser.new_context(viewport={"width": 1280, "height": 900}, locale="vi-VN").new_page()
    login(page, live_server, "bantochuc")
    page.get_by_role("link", name="Cán bộ", exact=True).first.click()
    page.goto(f"{live_server.url}/cadres/?org={cast.commune_a.pk}")
    page.get_by_role("link", name="Nhiệm kỳ 2030–2035").click()
    main = page.get_by_role("main")
    expect(main).to_contain_text("Quy hoạch Đảng ủy xã Đông Tiến nhiệm kỳ 2030–2035")
    expect(main).to_contain_text("Phó Bí thư Đảng ủy: Thiếu người quy hoạch: 0 người cho 2 vị trí")
    expect(main).to_contain_text("Trần Thị Bình (Bí thư Đảng ủy): Quá tuổi tham gia lần đầu ngày 01/07/2030")
    expect(main).to_contain_text("Nguyễn Văn Ấn (Bí thư Đảng ủy): Lý luận chính trị chưa đạt trung cấp")
    page.screenshot(path=str(SHOTS / "cadres-plan-desktop.png"), full_page=True)
    page.get_by_role("link", name="Nhu cầu đào tạo, bồi dưỡng").click()
    expect(page.get_by_role("main")).to_contain_text("1 người cần Lý luận chính trị: Trung cấp trước năm 2029")
    # The same plan and a position page on a 360 px phone: nothing wider than the screen (tables scroll inside).
    phone = browser.new_context(viewport={"width": 360, "height": 740}, locale="vi-VN").new_page()
    login(phone, live_server, "bantochuc")
    for path in (
        f"/cadres/plans/{plan.pk}/",
        f"/cadres/positions/{pos['secretary'].pk}/",
        f"/cadres/?org={cast.commune_a.pk}",
    ):
        phone.goto(f"{live_server.url}{path}")
        assert phone.evaluate("document.documentElement.scrollWidth") <= 360, path
    phone.goto(f"{live_server.url}/cadres/plans/{plan.pk}/")
    phone.screenshot(path=str(SHOTS / "cadres-plan-phone.png"), full_page=True)


def test_a_commune_committee_records_replies_to_verification_letters_on_a_phone(browser, live_server):
    from django.utils import timezone

    from sotay.orgs.actor import Actor
    from sotay.verification import services
    from sotay.verification.models import Letter

    cast = build_cast()
    actor = Actor.for_user(cast.commune_committee)
    today = timezone.localdate()
    case = services.open_case(
        actor=actor,
        organization=cast.commune_a,
        purpose="APPOINTMENT",
        full_name="Nguyễn Văn Ấn",
        birth_on=D(1985, 3, 2),
        declaration_received_on=today - dt.timedelta(days=30),
        member=cast.member_member,
    )
    services.send_letter(
        actor=actor, case=case, place="HOMETOWN", addressee="Đảng ủy xã Tân Hưng", sent_on=today - dt.timedelta(days=28)
    )
    SHOTS.mkdir(parents=True, exist_ok=True)
    page = browser.new_context(viewport={"width": 360, "height": 740}, locale="vi-VN").new_page()
    login(page, live_server, "xa")
    page.goto(f"{live_server.url}/verification/?org={cast.commune_a.pk}")
    expect(page.get_by_role("main")).to_contain_text("Quá hạn")
    page.get_by_role("link", name="Nguyễn Văn Ấn").click()
    page.get_by_text("Ghi trả lời", exact=True).first.click()
    page.get_by_label("Ngày nhận trả lời").fill(today.strftime("%d/%m/%Y"))
    page.get_by_label("Kết quả").select_option("CLEAR")
    page.get_by_label("Nội dung trả lời").fill("Bản thân và gia đình chấp hành tốt chủ trương, chính sách.")
    page.get_by_role("button", name="Ghi trả lời").click()
    expect(page.locator("#messages")).to_contain_text("Đã ghi trả lời.")
    expect(page.get_by_role("main")).to_contain_text("Không có vấn đề về chính trị")
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    page.screenshot(path=str(SHOTS / "verification-reply-phone.png"), full_page=True)
    assert Letter.objects.get(case=case).reply_on == today
