"""On a 360 px phone in Chromium: a cell secretary creates the cell's accounts and downloads the activation sheet;
a member activates with the code from the PDF, signs in and changes the password; the secretary resets a forgotten
one; a committee member enrols a TOTP app (code computed here) and signs in with it. The screenshots taken on the
way are the user guide's (sotay/help/static/help/shots/), so the guide shows the pages as they are."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from playwright.sync_api import expect
from pypdf import PdfReader

from conftest import build_cast
from sotay.web.tests import test_browser as shared

browser = shared.browser
SHOTS = Path(__file__).resolve().parents[1] / "static" / "help" / "shots"
PASSWORD = "mat-khau-thu"

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def phone(browser):
    context = browser.new_context(viewport={"width": 360, "height": 740}, locale="vi-VN", accept_downloads=True)
    return context.new_page()


def shot(page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.evaluate("window.scrollTo(0, 0)")
    page.screenshot(path=str(SHOTS / f"{name}.png"))
    assert page.evaluate("document.documentElement.scrollWidth") <= 360, f"{name} is wider than the phone"


def sign_in(page, url: str, username: str, password: str = PASSWORD) -> None:
    page.goto(f"{url}/accounts/login/")
    page.get_by_label("Tên đăng nhập hoặc số điện thoại").fill(username)
    page.get_by_label(re.compile(r"^Mật khẩu:?$")).fill(password)
    page.get_by_role("button", name="Đăng nhập").click()


def test_accounts_from_the_register_to_a_members_phone(browser, live_server):
    from sotay.members.tests.factories import MemberFactory

    cast = build_cast()
    newcomer = MemberFactory(full_name="Đặng Thị Hoa", organization=cast.cell_a, phone="0977123456")
    url = live_server.url

    secretary = phone(browser)
    sign_in(secretary, url, "chibo")
    secretary.wait_for_url(f"{url}/")
    secretary.goto(f"{url}/members/accounts/")
    expect(secretary.get_by_role("heading", name=re.compile("Tài khoản đảng viên"))).to_be_visible()
    shot(secretary, "secretary-accounts")
    with secretary.expect_download() as download:
        secretary.get_by_role("button", name="Tạo tài khoản và tải phiếu").click()
    pdf = Path(download.value.path()).read_bytes()
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages)
    # The newcomer's login is her phone number; the code is on her slip.
    slip = text[text.index("Đặng Thị Hoa") :]
    code = re.search(r"Mã kích hoạt: ([A-Z2-9]{5}-[A-Z2-9]{5})", slip).group(1)
    assert "0977123456" in slip

    member = phone(browser)
    member.goto(f"{url}/accounts/login/")
    shot(member, "login")
    member.get_by_role("link", name="Kích hoạt tài khoản bằng mã trên phiếu").click()
    member.get_by_label("Tên đăng nhập hoặc số điện thoại").fill("0977 123 456")
    member.get_by_label("Mã kích hoạt (trên phiếu)").fill(code.lower())
    member.get_by_label("Ngày sinh (dd/mm/yyyy)").fill(f"{newcomer.birth_on:%d/%m/%Y}")
    member.get_by_label(re.compile(r"^Mật khẩu mới:?$")).fill("hoa-mat-khau-moi")
    member.get_by_label("Nhập lại mật khẩu mới").fill("hoa-mat-khau-moi")
    shot(member, "activate")
    member.get_by_role("button", name="Đặt mật khẩu").click()
    expect(member.get_by_text("Đã đặt mật khẩu")).to_be_visible()
    sign_in(member, url, "0977123456", "hoa-mat-khau-moi")
    member.wait_for_url(f"{url}/")
    shot(member, "member-home")

    # She changes her password from "Bảo mật tài khoản" (her name in the header).
    member.goto(f"{url}/accounts/security/")
    shot(member, "my-security")
    member.get_by_role("link", name="Đổi mật khẩu").click()
    member.get_by_label("Mật khẩu cũ").fill("hoa-mat-khau-moi")
    member.get_by_label(re.compile(r"^Mật khẩu mới:?$")).fill("hoa-doi-lan-hai")
    member.get_by_label("Xác nhận mật khẩu mới").fill("hoa-doi-lan-hai")
    member.get_by_role("button", name="Đổi mật khẩu").click()
    expect(member.get_by_text("Đã đổi mật khẩu")).to_be_visible()

    # She forgets it; the secretary hands out a new code from the accounts page.
    secretary.goto(f"{url}/members/accounts/")
    card = secretary.locator("li.member-card", has_text="Đặng Thị Hoa")
    card.get_by_role("link", name="Cấp mã đặt lại mật khẩu").click()
    secretary.get_by_role("button", name="Cấp mã mới").click()
    new_code = secretary.locator("strong.code").inner_text()
    shot(secretary, "secretary-reset-code")
    forgot = phone(browser)
    forgot.goto(f"{url}/accounts/login/")
    forgot.get_by_role("link", name="Quên mật khẩu?").click()
    shot(forgot, "forgot")
    forgot.get_by_role("link", name="Tôi đã có mã: đặt mật khẩu mới").click()
    forgot.get_by_label("Tên đăng nhập hoặc số điện thoại").fill("0977123456")
    forgot.get_by_label("Mã kích hoạt (trên phiếu)").fill(new_code)
    forgot.get_by_label("Ngày sinh (dd/mm/yyyy)").fill(f"{newcomer.birth_on:%d/%m/%Y}")
    forgot.get_by_label(re.compile(r"^Mật khẩu mới:?$")).fill("hoa-lan-thu-ba")
    forgot.get_by_label("Nhập lại mật khẩu mới").fill("hoa-lan-thu-ba")
    forgot.get_by_role("button", name="Đặt mật khẩu").click()
    sign_in(forgot, url, "0977123456", "hoa-lan-thu-ba")
    forgot.wait_for_url(f"{url}/")
    assert cast  # the cast's other accounts are untouched


def test_committee_enrols_a_totp_app_and_signs_in_with_it(browser, live_server, settings):
    from django_otp.oath import TOTP
    from django_otp.plugins.otp_totp.models import TOTPDevice

    settings.SOTAY_REQUIRE_SECOND_FACTOR = True
    build_cast()
    url = live_server.url

    def code() -> str:
        device = TOTPDevice.objects.get(user__username="xa")
        return f"{TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift).token():06d}"

    page = phone(browser)
    sign_in(page, url, "xa")
    page.wait_for_url(re.compile(r"/accounts/2fa/enrol/"))
    expect(page.locator(".qr svg")).to_be_visible()
    shot(page, "totp-enrol")
    page.get_by_label("Mã 6 chữ số đang hiện trong ứng dụng").fill(code())
    page.get_by_role("button", name="Xác nhận và bật").click()
    expect(page.locator("ol.recovery-codes li")).to_have_count(10)
    shot(page, "totp-recovery-codes")
    page.get_by_role("link", name="Tôi đã lưu các mã, tiếp tục").click()
    page.wait_for_url(f"{url}/")

    page.get_by_role("button", name="Đăng xuất").click()
    sign_in(page, url, "xa")
    page.wait_for_url(re.compile(r"/accounts/2fa/"))
    shot(page, "totp-sign-in")
    TOTPDevice.objects.filter(user__username="xa").update(last_t=-1)  # the enrolment's code may be reused below
    page.get_by_label("Mã xác thực").fill(code())
    page.get_by_role("button", name="Xác nhận").click()
    page.wait_for_url(f"{url}/")
    page.goto(f"{url}/members/")
    expect(page.get_by_role("heading", name=re.compile("Danh sách đảng viên"))).to_be_visible()
    shot(page, "committee-members")
