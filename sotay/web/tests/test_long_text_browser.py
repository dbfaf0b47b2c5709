"""Long Vietnamese words and long unbroken strings (an organisation's long name, an e-mail address, a document code)
never widen the page on a 360 × 740 phone, and the header's title is shown whole, not cut (static/css/sotay.css)."""

from __future__ import annotations

import pytest
from django.utils import timezone

from conftest import build_cast
from sotay.lib.vntext import fold

from .test_browser import browser, login, page  # noqa: F401  (fixtures)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LONG_NAME = (
    "Chi bộ Tổ dân phố số 1 Khu dân cư Nghiêngnghiêngnghiêngnghiêngnghiêngnghiêngnghiêng "
    "Trường Trung học phổ thông chuyên Hưng Yên"
)
LONG_EMAIL = "nguyen.thi.ngoc.khuyen.chi.bo.to.dan.pho.so.mot@truongtrunghocphothongchuyenhungyen.edu.vn"


def _fits(page, url: str) -> None:  # noqa: F811
    page.goto(url)
    width = page.evaluate("document.documentElement.scrollWidth")
    wide = page.evaluate(
        """() => [...document.querySelectorAll('body *')].filter(e => e.getBoundingClientRect().right > 361)
             .slice(0, 3).map(e => e.tagName + ' ' + (e.innerText || '').slice(0, 40))"""
    )
    assert width <= 360, (url, width, wide)


def test_long_names_and_addresses_do_not_widen_pages_at_360px(page, live_server):  # noqa: F811
    cast = build_cast()
    cell = cast.cell_a
    cell.name, cell.name_folded = LONG_NAME, fold(LONG_NAME)
    cell.save(update_fields=["name", "name_folded"])
    cast.cell_secretary.email = LONG_EMAIL
    cast.cell_secretary.save(update_fields=["email"])
    month = timezone.localdate()
    login(page, live_server, "chibo")

    brand = page.evaluate(
        "(() => { const b = document.querySelector('.brand'); return [b.scrollWidth, b.clientWidth] })()"
    )
    assert brand[0] <= brand[1], "the header's title is cut"
    for path in (
        "/",
        f"/orgs/{cell.pk}/",
        f"/members/?org={cell.pk}",
        f"/members/{cast.member_member.pk}/",
        f"/dues/{cell.pk}/{month.year}-{month.month}/",
        "/meetings/",
        "/members/accounts/",
        "/accounts/security/",
        "/handbook/",
    ):
        _fits(page, f"{live_server.url}{path}")
