"""Sign-in security: lockout after repeated failures (django-axes) and the TOTP second factor (django-otp)."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from sotay.audit.models import AuditEntry

pytestmark = pytest.mark.django_db
LOGIN = "accounts:login"


def _fail(client, name="chibo", ip="192.0.2.7", times=1):
    response = None
    for _i in range(times):
        response = client.post(reverse(LOGIN), {"username": name, "password": "sai"}, REMOTE_ADDR=ip)
    return response


def _code(device) -> str:
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    return f"{totp.token():0{device.digits}d}"


def test_ten_failures_lock_the_account_with_a_vietnamese_message(client, cast, settings):
    assert _fail(client, times=9).status_code == 200
    locked = _fail(client)
    assert locked.status_code == 429
    body = locked.content.decode()
    assert "Tạm khóa đăng nhập" in body and "Hãy thử lại sau 15 phút" in body
    # The right password does not help while locked, from another address either (the account is locked).
    response = client.post(
        reverse(LOGIN), {"username": "chibo", "password": "mat-khau-thu"}, REMOTE_ADDR="198.51.100.1"
    )
    assert response.status_code == 429


def test_phone_spellings_share_one_counter(client, cast):
    for i, name in enumerate(["0912000001", "+84912000001", "0912 000 001", "CHIBO", "chibo"] * 2):
        response = _fail(client, name=name, ip=f"192.0.2.{i + 10}")
    assert response.status_code == 429


def test_one_audit_entry_per_lockout_not_per_failure(client, cast):
    _fail(client, times=25)
    assert AuditEntry.objects.filter(action="login.locked_out").count() == 1
    assert not AuditEntry.objects.filter(action="login_failed").exists()
    entry = AuditEntry.objects.get(action="login.locked_out")
    assert entry.actor_name == "chibo" and entry.data["ip"] == "192.0.2.7"


def test_many_names_from_one_address_lock_the_address(client, cast):
    for i in range(10):
        response = _fail(client, name=f"khong-co-{i}", ip="203.0.113.9")
    assert response.status_code == 429
    response = client.post(
        reverse(LOGIN), {"username": "dangvien", "password": "mat-khau-thu"}, REMOTE_ADDR="203.0.113.9"
    )
    assert response.status_code == 429


def test_ban_to_chuc_unlocks_an_account_and_it_is_audited(client, cast):
    _fail(client, times=10)
    officer = client.__class__()
    officer.force_login(cast.provincial_officer)
    page = officer.get(reverse("accounts:access")).content.decode()
    assert "chibo" in page and "Mở khóa" in page
    response = officer.post(reverse("accounts:unlock", args=[cast.cell_secretary.pk]))
    assert response.status_code == 302
    assert AuditEntry.objects.filter(action="account.unlocked", object_repr="chibo").exists()
    ok = client.post(reverse(LOGIN), {"username": "chibo", "password": "mat-khau-thu"}, REMOTE_ADDR="192.0.2.99")
    assert ok.status_code == 302


def test_unlock_and_reset_are_refused_outside_scope_and_to_secretaries(client, cast):
    client.force_login(cast.cell_secretary)  # a secretary has no right to manage sign-in
    assert client.get(reverse("accounts:access")).status_code == 404
    assert client.post(reverse("accounts:unlock", args=[cast.member.pk])).status_code == 404
    from sotay.accounts.models import User
    from sotay.orgs.models import Role, RoleGrant
    from sotay.orgs.tests.factories import province

    other = province(code="TB", name="Đảng bộ tỉnh khác")
    foreign_officer = User.objects.create_user(username="btc-khac", password="x" * 12)
    RoleGrant.objects.create(user=foreign_officer, organization=other, role=Role.ORG_DEPT_OFFICER)
    client.force_login(foreign_officer)
    assert client.post(reverse("accounts:unlock", args=[cast.member.pk])).status_code == 404
    assert client.post(reverse("accounts:reset_second_factor", args=[cast.member.pk])).status_code == 404
    assert client.get(reverse("accounts:access"), {"q": "dangvien"}).context["found"] is None


def _login(client, name="xa", password="mat-khau-thu"):
    return client.post(reverse(LOGIN), {"username": name, "password": password}, follow=True)


def test_staff_must_enrol_a_totp_device_then_use_it(client, cast, settings):
    settings.SOTAY_REQUIRE_SECOND_FACTOR = True
    settings.OTP_TOTP_THROTTLE_FACTOR = 0  # django-otp makes the next try wait after a wrong code
    page = _login(client)
    assert page.redirect_chain[-1][0].startswith(reverse("accounts:two_factor_enrol"))
    body = page.content.decode()
    assert "<svg" in body and "Cài đặt xác thực hai lớp" in body
    # Nothing else is reachable before enrolling.
    assert client.get(reverse("members:list")).status_code == 302
    device = TOTPDevice.objects.get(user=cast.commune_committee, confirmed=False)
    wrong = client.post(
        reverse("accounts:two_factor_enrol"), {"token": "000000" if _code(device) != "000000" else "111111"}
    )
    assert "Mã không đúng" in wrong.content.decode()
    done = client.post(reverse("accounts:two_factor_enrol"), {"token": _code(device)})
    codes = re.findall(r"<code>([a-z2-7]{8})</code>", done.content.decode())
    assert len(codes) == 10 and len(set(codes)) == 10
    assert client.get(reverse("members:list")).status_code == 200
    assert AuditEntry.objects.filter(action="account.second_factor_enrolled", actor=cast.commune_committee).exists()

    # Next sign-in asks for the code; a recovery code works once.
    client.post(reverse("accounts:logout"))
    page = _login(client)
    assert page.redirect_chain[-1][0].startswith(reverse("accounts:two_factor"))
    assert client.get(reverse("members:list")).status_code == 302
    client.post(reverse("accounts:two_factor"), {"token": codes[0]})
    assert client.get(reverse("members:list")).status_code == 200
    client.post(reverse("accounts:logout"))
    _login(client)
    reused = client.post(reverse("accounts:two_factor"), {"token": codes[0]})
    assert "Mã không đúng" in reused.content.decode()


def test_members_are_not_asked_for_a_second_factor_unless_they_enrol(client, cast, settings):
    settings.SOTAY_REQUIRE_SECOND_FACTOR = True
    page = _login(client, name="dangvien")
    assert page.redirect_chain[-1][0] == reverse("web:home")
    assert client.get(reverse("accounts:my_security")).status_code == 200


def test_lost_phone_reset_by_ban_to_chuc_makes_the_user_enrol_again(client, cast, settings):
    settings.SOTAY_REQUIRE_SECOND_FACTOR = True
    device = TOTPDevice.objects.create(user=cast.commune_committee, name="Sổ tay", confirmed=True)
    officer = client.__class__()
    officer.force_login(cast.provincial_officer)
    settings.SOTAY_REQUIRE_SECOND_FACTOR = False  # the officer's own second factor is not under test here
    response = officer.post(reverse("accounts:reset_second_factor", args=[cast.commune_committee.pk]))
    assert response.status_code == 302
    assert not TOTPDevice.objects.filter(pk=device.pk).exists()
    assert AuditEntry.objects.filter(action="account.second_factor_reset", object_repr="xa").exists()
    settings.SOTAY_REQUIRE_SECOND_FACTOR = True
    page = _login(client)
    assert page.redirect_chain[-1][0].startswith(reverse("accounts:two_factor_enrol"))


def test_staff_sessions_end_when_idle_and_members_stay_signed_in(client, cast, settings):
    client.force_login(cast.commune_committee)
    client.get(reverse("web:home"))
    assert client.session.get_expiry_age() == 30 * 60
    member = client.__class__()
    member.force_login(cast.member)
    member.get(reverse("web:home"))
    assert member.session.get_expiry_age() == 30 * 86400


def test_ban_to_chuc_creates_a_staff_account_without_a_member_record(client, cast):
    from sotay.accounts.models import User

    client.force_login(cast.provincial_officer)
    page = client.post(
        reverse("accounts:access"), {"full_name": "Đỗ Thị Hạnh", "username": "btc.hanh", "phone": "", "email": ""}
    ).content.decode()
    code = re.search(r'class="code">([A-Z2-9]{5}-[A-Z2-9]{5})<', page).group(1)
    staff = User.objects.get(username="btc.hanh")
    assert staff.member is None and not staff.has_usable_password() and staff.get_full_name() == "Đỗ Thị Hạnh"
    assert AuditEntry.objects.filter(action="account.created", object_repr__contains="btc.hanh").exists()
    done = client.__class__().post(
        reverse("accounts:activate"),
        {
            "login": "btc.hanh",
            "code": code,
            "birth_on": "",
            "password1": "mot-mat-khau-dai",
            "password2": "mot-mat-khau-dai",
        },
    )
    assert done.status_code == 302
    duplicate = client.post(reverse("accounts:access"), {"full_name": "X", "username": "BTC.HANH"}).content.decode()
    assert "đã có" in duplicate
    client.force_login(cast.commune_committee)  # a commune committee does not create staff accounts
    assert client.post(reverse("accounts:access"), {"full_name": "Y", "username": "y"}).status_code == 404


def test_a_members_device_check_is_remembered_in_the_session(client, cast, settings):
    settings.SOTAY_REQUIRE_SECOND_FACTOR = True
    client.force_login(cast.member)
    client.get(reverse("web:home"))
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        client.get(reverse("web:home"))
    assert not [q for q in queries.captured_queries if "otp_" in q["sql"]]


def test_the_access_page_title_holds_no_form_and_no_code(client, cast):
    client.force_login(cast.provincial_officer)
    page = client.post(reverse("accounts:access"), {"full_name": "Lê Văn Bảy", "username": "btc.bay"}).content.decode()
    title = re.search(r"<title>(.*?)</title>", page, re.S).group(1)
    assert "<" not in title and "csrf" not in title and "Khóa đăng nhập" in title


def test_a_shared_address_does_not_lock_other_phones(client, cast):
    for i in range(10):
        _fail(client, name=f"khong-co-{i}", ip="203.0.113.50")
    other_phone = client.__class__(HTTP_USER_AGENT="Mozilla/5.0 (Linux; Android 12; SM-A125F)")
    response = other_phone.post(
        reverse(LOGIN), {"username": "dangvien", "password": "mat-khau-thu"}, REMOTE_ADDR="203.0.113.50"
    )
    assert response.status_code == 302
