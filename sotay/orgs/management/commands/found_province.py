"""`sotay found-province NAME --code CODE --admin LOGIN [--admin-name "Họ và tên"] [--on dd/mm/yyyy]`: set up one
more province on the same server — the province's root organisation (its own tree, beside the ones there), the
account of its Ban Tổ chức with the Ban Tổ chức role on that root, and a one-time activation code.

Nothing of another province is visible to that account: every scope starts at a role's organisation
(sotay/orgs/policy.py). The officer activates the account at /accounts/activate/ with the login and the code, sets a
password, enrols the second factor, then creates everything else (communes, accounts, roles) from the pages."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sotay.accounts.activation import create_staff_account
from sotay.lib.dates import parse_date_vn
from sotay.orgs.actor import Actor
from sotay.orgs.models import Organization, OrgKind, Role
from sotay.orgs.services import Decision, found_organization, grant_role


def _messages(exc: ValidationError) -> str:
    if hasattr(exc, "error_dict"):
        return " ".join(m for messages in exc.message_dict.values() for m in messages)
    return " ".join(exc.messages)


class Command(BaseCommand):
    help = "Lập thêm một Đảng bộ tỉnh trên máy chủ này, với tài khoản Ban Tổ chức của tỉnh đó."

    def add_arguments(self, parser):
        parser.add_argument("name", help="Tên, ví dụ “Đảng bộ tỉnh Thái Nguyên”")
        parser.add_argument("--code", required=True, help="Mã tổ chức của tỉnh, ví dụ TN (không trùng mã đã có)")
        parser.add_argument("--admin", required=True, help="Tên đăng nhập của cán bộ Ban Tổ chức (chữ không dấu)")
        parser.add_argument("--admin-name", default="", help="Họ và tên cán bộ đó (mặc định: Ban Tổ chức + tên tỉnh)")
        parser.add_argument("--on", default="", help="Ngày bắt đầu, dd/mm/yyyy (mặc định: hôm nay)")
        parser.add_argument("--decision", default="", help="Số quyết định, nếu có")

    def handle(self, *args, name: str, code: str, admin: str, admin_name: str, on: str, decision: str, **options):
        try:
            day = parse_date_vn(on) if on else timezone.localdate()
        except ValueError as exc:
            raise CommandError(str(exc)) from None
        code = code.strip()
        if Organization.objects.filter(code__iexact=code).exists():
            raise CommandError(_("Mã tổ chức “%(c)s” đã có.") % {"c": code})
        actor = Actor.system("command:found-province")
        try:
            with transaction.atomic():
                root = found_organization(
                    parent=None,
                    kind=OrgKind.PROVINCIAL_COMMITTEE,
                    name=name,
                    code=code,
                    decision=Decision(
                        number=decision.strip() or _("Khởi tạo trên Sổ tay"), decided_on=day, effective_on=day
                    ),
                    actor=actor,
                )
                issued = create_staff_account(
                    actor=actor,
                    username=admin,
                    full_name=admin_name.strip() or _("Ban Tổ chức %(p)s") % {"p": root.name},
                )
                grant_role(
                    actor=actor,
                    user=issued.user,
                    organization=root,
                    role=Role.ORG_DEPT_OFFICER,
                    starts_on=day,
                    decision=decision.strip(),
                )
        except ValidationError as exc:
            raise CommandError(_messages(exc)) from None
        self.stdout.write(_("Đã lập %(o)s (mã %(c)s).") % {"o": root.name, "c": root.code})
        self.stdout.write(
            _("Tài khoản Ban Tổ chức: %(u)s — mã kích hoạt %(k)s, dùng đến %(d)s.")
            % {
                "u": issued.user.username,
                "k": issued.display,
                "d": timezone.localtime(issued.expires_at).strftime("%d/%m/%Y"),
            }
        )
        self.stdout.write(
            _(
                "Kích hoạt ở /accounts/activate/ (tên đăng nhập và mã), đặt mật khẩu, cài xác thực hai lớp; "
                "rồi lập các đảng bộ xã, phường và tài khoản từ các trang của tỉnh."
            )
        )
