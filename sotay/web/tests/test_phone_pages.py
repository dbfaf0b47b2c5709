"""Issue 14, at 360 × 740 in a real Chromium: the main pages of a member, a cell secretary and a commune committee
never scroll sideways, and axe-core (pinned in package.json, injected from node_modules) finds no serious or critical
accessibility violation on them. Also the secretary's attendance and dues jobs, tapped through, with the taps
counted (docs/ux.md)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from conftest import build_cast
from sotay.web.tests import test_browser as shared

browser = shared.browser
login = shared.login
ROOT = Path(__file__).resolve().parents[3]
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
SHOTS = ROOT / "var" / "screenshots"

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _world():
    from sotay.dues import services as dues_services
    from sotay.dues.tests.helpers import with_basis
    from sotay.meetings import services

    cast = build_cast()
    meeting = services.create_meeting(
        org=cast.cell_a,
        kind="REGULAR",
        starts_at=timezone.now() - dt.timedelta(minutes=10),
        place="Nhà văn hóa thôn Đông",
        by=cast.cell_secretary,
    )
    services.send_invitations(meeting=meeting, by=cast.cell_secretary)
    for m in (cast.member_member, cast.secretary_member, *cast.others_a):
        with_basis(m, basis="STUDENT")
    today = timezone.localdate()
    dues_services.compute_liabilities(org=cast.cell_a, month=today.replace(day=1), by=cast.cell_secretary)
    return cast, meeting, today


def _pages(cast, meeting, today) -> dict[str, list[str]]:
    month = (cast.cell_a.pk, today.year, today.month)
    return {
        "dangvien": [
            reverse("web:home"),
            reverse("meetings:mine"),
            reverse("meetings:detail", args=[meeting.pk]),
            reverse("handbook:home"),
            reverse("documents:library"),
            reverse("dues:mine"),
            reverse("members:detail", args=[cast.member_member.pk]),
            reverse("notifications:list"),
        ],
        "chibo": [
            reverse("web:home"),
            reverse("members:list"),
            f"{reverse('meetings:list')}?org={cast.cell_a.pk}",
            reverse("meetings:detail", args=[meeting.pk]),
            reverse("meetings:attendance", args=[meeting.pk]),
            reverse("dues:collect", args=month),
            reverse("dues:sheet", args=month),
            reverse("imports:list"),
        ],
        "xa": [
            reverse("web:home"),
            reverse("members:list"),
            f"{reverse('meetings:oversight')}?org={cast.commune_a.pk}",
            f"{reverse('meetings:statistics')}?org={cast.commune_a.pk}",
            reverse("web:org_tree"),
        ],
    }


def _phone(browser, *, bypass_csp: bool = False):
    # axe-core is injected as an inline script, which the site's CSP (rightly) refuses: the audit context bypasses it.
    context = browser.new_context(viewport={"width": 360, "height": 740}, locale="vi-VN", bypass_csp=bypass_csp)
    return context.new_page()


def _axe(page) -> list[dict]:
    page.add_script_tag(content=AXE.read_text(encoding="utf-8"))
    result = page.evaluate(
        "async () => (await axe.run(document, {resultTypes: ['violations']})).violations"
        ".filter(v => v.impact === 'serious' || v.impact === 'critical')"
        ".map(v => ({id: v.id, impact: v.impact, help: v.help,"
        " nodes: v.nodes.slice(0, 3).map(n => n.target.join(' '))}))"
    )
    return result


def test_main_pages_of_each_role_fit_360px_and_have_no_serious_axe_violation(browser, live_server):
    assert AXE.exists(), "axe-core is pinned in package.json: run the set-up (npm ci) first"
    cast, meeting, today = _world()
    wide: list[str] = []
    violations: list[str] = []
    visited = 0
    for username, paths in _pages(cast, meeting, today).items():
        page = _phone(browser, bypass_csp=True)
        login(page, live_server, username)
        for path in paths:
            response = page.goto(f"{live_server.url}{path}")
            assert response.status == 200, f"{username} {path}: {response.status}"
            page.wait_for_load_state("load")
            visited += 1
            width = page.evaluate("document.scrollingElement.scrollWidth")
            if width > 360:
                wide.append(f"{username} {path}: {width}px")
            lang = page.evaluate("document.documentElement.lang")
            assert lang.startswith("vi"), f"{path}: lang={lang!r}"
            for v in _axe(page):
                violations.append(f"{username} {path}: {v['impact']} {v['id']} ({v['help']}) {v['nodes']}")
        page.context.close()
    assert visited == 21
    assert not wide, "pages wider than 360 px:\n" + "\n".join(wide)
    assert not violations, "axe-core serious/critical:\n" + "\n".join(violations)
