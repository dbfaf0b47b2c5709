"""The second-factor pages show no menu while every other page would send the user back to them (the menu only
looped), say why, and keep the sign-out; once enrolled, the enrolment page (reached from "Bảo mật") has the menu."""

from __future__ import annotations

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def _chrome(html: str) -> dict[str, bool]:
    return {
        "menu": 'id="menu-sheet"' in html or "menu-button" in html,
        "tabs": 'class="tab-bar"' in html,
        "header_links": 'class="notif-link"' in html,
        "why": 'id="why-no-menu"' in html,
        "logout": reverse("accounts:logout") in html,
    }


def test_the_enrolment_page_has_no_menu_says_why_and_keeps_sign_out(client, cast, settings):
    settings.SOTAY_REQUIRE_SECOND_FACTOR = True
    client.force_login(cast.commune_committee)  # staff: must enrol
    page = client.get(reverse("members:list"), follow=True)
    assert page.redirect_chain[-1][0].startswith(reverse("accounts:two_factor_enrol"))
    html = page.content.decode()
    assert _chrome(html) == {"menu": False, "tabs": False, "header_links": False, "why": True, "logout": True}
    assert 'href="/"' not in html.split("<main")[0]  # the brand is no link back into the loop


def test_a_member_with_a_tab_bar_sees_no_tabs_on_the_code_page(client, cast, settings):
    from sotay.accounts import security

    settings.SOTAY_REQUIRE_SECOND_FACTOR = True
    device = security.start_enrolment(cast.member)
    device.confirmed = True
    device.save()
    client.force_login(cast.member)
    html = client.get(reverse("accounts:two_factor")).content.decode()
    assert _chrome(html)["tabs"] is False and _chrome(html)["why"] and 'class="has-tabs"' not in html


def test_after_the_second_factor_the_menu_is_back(client, cast, settings):
    settings.SOTAY_REQUIRE_SECOND_FACTOR = False
    client.force_login(cast.commune_committee)
    html = client.get(reverse("members:list")).content.decode()
    assert _chrome(html)["header_links"] and not _chrome(html)["why"]
