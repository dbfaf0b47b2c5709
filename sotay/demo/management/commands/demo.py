"""`sotay demo`: fill an empty database with the demo province, or print the demo logins."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from sotay.demo.generator import (
    DEFAULT_MEMBERS,
    DEFAULT_SEED,
    DEMO_PASSWORD,
    MIN_MEMBERS,
    DemoLogin,
    demo_logins,
    generate,
)
from sotay.orgs.models import Organization, Role


def _number(n: int) -> str:
    return f"{n:,}".replace(",", ".")


def _scope(login: DemoLogin, user, grant) -> str:
    org = grant.organization.name
    if login.role == Role.SYSTEM_ADMIN:
        return f"Toàn hệ thống ({org}), kể cả trang quản trị"
    if login.role == Role.ORG_DEPT_OFFICER:
        return f"Toàn {org}: đảng viên, tổ chức, sắp xếp tổ chức, phân quyền, nhật ký"
    if login.role == Role.COMMITTEE and grant.organization.is_root():
        return f"Toàn {org}: xem, cập nhật, thống kê, xuất danh sách đảng viên"
    if login.role in (Role.COMMITTEE, Role.BASE_COMMITTEE):
        return f"{org} và các tổ chức đảng trực thuộc"
    if login.role == Role.CELL_COMMITTEE:
        phone = f"; đăng nhập được bằng số điện thoại {user.phone}" if user.phone else ""
        parent = Organization.objects.get_parent(grant.organization)
        return f"Đảng viên của {org} ({parent.name if parent else ''}){phone}"
    if user.member_id:
        return f"Hồ sơ của chính mình ({user.member.full_name}, {user.member.organization.name})"
    return f"Hồ sơ của chính mình ({org})"


class Command(BaseCommand):
    help = "Tạo dữ liệu mẫu: Đảng bộ tỉnh Hưng Yên sau hợp nhất, với đảng viên và tài khoản dùng thử."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--members", type=int, default=DEFAULT_MEMBERS, help=f"Số đảng viên (mặc định {DEFAULT_MEMBERS})."
        )
        parser.add_argument(
            "--seed",
            type=int,
            default=DEFAULT_SEED,
            help=f"Hạt giống ngẫu nhiên; cùng hạt giống và số đảng viên cho cùng dữ liệu (mặc định {DEFAULT_SEED}).",
        )
        parser.add_argument(
            "--if-empty", action="store_true", help="Không làm gì nếu cơ sở dữ liệu đã có tổ chức đảng."
        )
        parser.add_argument("--logins", action="store_true", help="Chỉ in danh sách tài khoản dùng thử.")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["logins"]:
            self.print_logins()
            return
        quiet = options.get("verbosity", 1) == 0  # `make run`: the terminal keeps the one summary line
        if Organization.objects.exists():
            if options["if_empty"]:
                if not quiet:
                    self.stdout.write("Dữ liệu mẫu đã có sẵn (cơ sở dữ liệu đã có tổ chức đảng): không tạo thêm.")
                return
            raise CommandError(
                "Cơ sở dữ liệu đã có tổ chức đảng. Dữ liệu mẫu chỉ tạo trên cơ sở dữ liệu trống; "
                "dùng --if-empty để bỏ qua khi đã có dữ liệu."
            )
        members, seed = options["members"], options["seed"]
        if members < MIN_MEMBERS:
            raise CommandError(f"Cần ít nhất {MIN_MEMBERS} đảng viên (--members).")
        if not quiet:
            self.stdout.write(f"Đang tạo dữ liệu mẫu: {_number(members)} đảng viên, hạt giống {seed}…")
        summary = generate(members, seed, progress=None if quiet else self.stdout.write)
        self.stdout.write(
            self.style.SUCCESS(
                f"Đã tạo Đảng bộ tỉnh Hưng Yên: {_number(summary.communes)} đảng bộ xã, phường; "
                f"{_number(summary.base_organizations)} tổ chức cơ sở đảng; {_number(summary.cells)} chi bộ; "
                f"{_number(summary.members)} đảng viên ({summary.seconds:.1f} giây)."
            )
        )
        if not quiet:
            self.stdout.write("Xem các tài khoản dùng thử: sotay demo --logins")

    def print_logins(self) -> None:
        rows = demo_logins()
        if not rows:
            self.stdout.write("Chưa có tài khoản dùng thử. Chạy “sotay demo” để tạo dữ liệu mẫu.")
            return
        table = [("Vai trò", "Tên đăng nhập", "Mật khẩu", "Phạm vi được xem")]
        table += [
            (str(Role(login.role).label), login.username, DEMO_PASSWORD, _scope(login, user, grant))
            for login, user, grant in rows
        ]
        widths = [max(len(row[i]) for row in table) for i in range(3)]
        self.stdout.write(f"Tài khoản dùng thử (mật khẩu chung: {DEMO_PASSWORD}):")
        for n, row in enumerate(table):
            self.stdout.write("  " + "  ".join(cell.ljust(widths[i]) for i, cell in enumerate(row[:3])) + "  " + row[3])
            if n == 0:
                self.stdout.write("  " + "  ".join("-" * w for w in widths) + "  " + "-" * len(row[3]))
        from django.conf import settings

        if getattr(settings, "SOTAY_REQUIRE_SECOND_FACTOR", True):
            self.stdout.write(
                "Tài khoản cấp ủy, Ban Tổ chức và quản trị cài xác thực hai lớp (ứng dụng TOTP trên điện thoại) ở lần "
                "đăng nhập đầu. Thử nhanh không cần điện thoại: SOTAY_REQUIRE_SECOND_FACTOR=False make run"
            )
