"""How many rows one file may bring, by the importer's role (a cell's file rarely exceeds a few hundred rows)."""

from __future__ import annotations

from django.conf import settings
from django.utils.translation import gettext as _

from sotay.orgs import policy
from sotay.orgs.models import RoleGrant

from .reader import FileRefused


def global_row_limit() -> int:
    return getattr(settings, "SOTAY_IMPORT_MAX_ROWS", 250_000)


def row_limit_for(user) -> int:
    """The largest limit among the user's roles that may import; the global limit for scripts and other roles."""
    ceiling = global_row_limit()
    if user is None:
        return ceiling
    by_role = getattr(settings, "SOTAY_IMPORT_MAX_ROWS_BY_ROLE", {})
    roles = set(
        RoleGrant.objects.filter(user=user, role__in=policy.roles_with(policy.CREATE_MEMBERS)).values_list(
            "role", flat=True
        )
    )
    if not roles or getattr(user, "is_superuser", False):
        return ceiling
    return min(ceiling, max(by_role.get(role, ceiling) for role in roles))


def check_row_count(user, rows: int) -> None:
    """Refuse a file with more data rows than the user may import at once (before any preview row is stored)."""
    limit = row_limit_for(user)
    if rows > limit:
        raise FileRefused(
            _(
                "Tệp có %(rows)s dòng dưới dòng tiêu đề, vượt giới hạn %(limit)s dòng mỗi lần nhập của vai trò "
                "của bạn. Hãy chia nhỏ tệp hoặc nhờ cấp trên nhập."
            )
            % {"rows": f"{rows:,}".replace(",", "."), "limit": f"{limit:,}".replace(",", ".")}
        )
