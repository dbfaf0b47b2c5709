"""`sotay found-province`: a second province on one server, with its own Ban Tổ chức account that sees none of the
first province's data."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from sotay.accounts.activation import activate
from sotay.accounts.models import User
from sotay.audit.models import AuditEntry
from sotay.members.access import members_visible_to
from sotay.members.models import Member
from sotay.orgs.access import orgs_visible_to
from sotay.orgs.models import Organization, OrgKind, Role


def _found(*args: str) -> str:
    out = StringIO()
    call_command("found_province", *args, stdout=out)
    return out.getvalue()


def test_second_province_admin_sees_none_of_the_first(cast, client, settings):
    settings.SOTAY_REQUIRE_SECOND_FACTOR = False  # the second factor is not under test here
    printed = _found("Đảng bộ tỉnh Thái Nguyên", "--code", "TN", "--admin", "btc.tn", "--on", "01/07/2025")
    root = Organization.objects.get(code="TN")
    assert root.is_root() and root.kind == OrgKind.PROVINCIAL_COMMITTEE and root.name == "Đảng bộ tỉnh Thái Nguyên"
    officer = User.objects.get(username="btc.tn")
    grant = officer.role_grants.get()
    assert (grant.organization, grant.role) == (root, Role.ORG_DEPT_OFFICER)
    assert "btc.tn" in printed and "/accounts/activate/" in printed
    assert AuditEntry.objects.filter(actor_name="command:found-province").exists()

    # The printed code activates the account.
    code = printed.split("mã kích hoạt ")[1].split(",")[0]
    activate(request=None, login="btc.tn", code=code, birth_date=None, password="mot-mat-khau-dai-2026")

    assert list(orgs_visible_to(officer)) == [root]
    assert not members_visible_to(officer).exists()
    assert Member.objects.filter(organization__path__startswith=cast.province.path).exists()
    # And on the pages: the first province's organisations and members answer 404.
    officer.refresh_from_db()
    client.force_login(officer)
    assert client.get(f"/orgs/{cast.province.pk}/").status_code == 404
    assert client.get(f"/members/{cast.member_member.pk}/").status_code == 404
    listing = client.get("/members/")
    assert cast.member_member.full_name not in listing.content.decode()
    # The first province's officer does not see the new one either.
    assert root not in orgs_visible_to(cast.provincial_officer)


def test_refuses_a_taken_code_or_a_login_with_diacritics_and_changes_nothing(cast):
    before = (Organization.objects.count(), User.objects.count())
    with pytest.raises(CommandError, match="đã có"):
        _found("Đảng bộ tỉnh Thái Bình", "--code", "HY", "--admin", "btc.tb")
    with pytest.raises(CommandError, match="không dấu"):
        _found("Đảng bộ tỉnh Thái Bình", "--code", "TB", "--admin", "Đức Anh")
    assert (Organization.objects.count(), User.objects.count()) == before


def test_the_sotay_script_spelling_works():
    from django.core.management import get_commands

    from sotay.__main__ import command_line

    assert command_line(["found-province"])[0] in get_commands()
