"""Scoped lookups of organisations: an id outside the user's subtree is a 404.

An organisation that ended in a merge stays visible to whoever sees its successor, so the history of a
subtree (e.g. the old provinces merged into the new one) remains readable.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import Q, QuerySet
from django.http import Http404

from . import policy
from .models import Organization, root_path, subtree_filter

if TYPE_CHECKING:
    from sotay.accounts.http import AnyUser


def orgs_visible_to(user: AnyUser, action: str = policy.VIEW_ORGS) -> QuerySet[Organization]:
    return Organization.objects.filter(
        policy.subtree_q(user, action)
        | policy.subtree_q(user, action, field="successor__path")
        | policy.subtree_q(user, action, field="successor__successor__path")
    )


def get_org_for_user(user: AnyUser, org_id: int | str, *, perm: str = policy.VIEW_ORGS) -> Organization:
    try:
        pk = int(org_id)
    except (TypeError, ValueError):
        raise Http404("Không tìm thấy tổ chức.") from None
    org = orgs_visible_to(user, perm).filter(pk=pk).first()
    if org is None:
        raise Http404("Không tìm thấy tổ chức.")
    return org


def org_for_list(user: AnyUser, org_id: int | str | None, *, perm: str) -> Organization:
    """The organisation a list page is about: ?org=<id> within the user's scope, else their widest node (404 if
    the user has no such right anywhere)."""
    if org_id:
        return get_org_for_user(user, org_id, perm=perm)
    org = policy.widest_org(user, perm)
    if org is None:
        raise Http404
    return org


def province_orgs_for(user: AnyUser) -> QuerySet[Organization]:
    """Active organisations anywhere in the user's province: where a transfer letter may send a member
    (docs/rules/transfers.md#chuyển-sinh-hoạt-chính-thức). Names and codes are not personal data; what is inside stays
    behind its own access check."""
    roots = {root_path(node.path) for node in policy.granted_orgs(user, policy.VIEW_ORGS)}
    if not roots:
        return Organization.objects.none()
    query = Q()
    for root in roots:
        query |= subtree_filter(root)
    return Organization.objects.filter(query, valid_to__isnull=True)


def find_org_for_user(
    user: AnyUser,
    text: str,
    *,
    perm: str,
    cells_only: bool = False,
    field: str = "organization",
    candidates: QuerySet[Organization] | None = None,
) -> Organization:
    """The one active organisation in scope that `text` names: "Name (CODE)", a code, or its whole name (without
    diacritics is fine).

    Part of a name, several matches or none raise a Vietnamese ValidationError on `field` that lists candidates.
    """
    from django.core.exceptions import ValidationError
    from django.utils.translation import gettext as _

    from sotay.lib.vntext import fold

    from .models import CELL_KINDS

    if candidates is None:
        candidates = orgs_visible_to(user, perm).filter(valid_to__isnull=True)
    if cells_only:
        candidates = candidates.filter(kind__in=CELL_KINDS)
    text = (text or "").strip()
    code = text.rsplit("(", 1)[1].rstrip(")").strip() if text.endswith(")") and "(" in text else text
    by_code = candidates.filter(code__iexact=code).first()
    if by_code is not None:
        return by_code
    folded = fold(text.rsplit("(", 1)[0] if text.endswith(")") else text)
    exact = list(candidates.filter(name_folded=folded)[:6]) if folded else []
    if len(exact) == 1:
        return exact[0]
    # Part of a name is never taken as a choice ("NGOAI" once resolved to "Chi bộ Khoa Ngoại – Sản"): the user
    # picks among the candidates, or types the whole name or the code.
    partial = exact or (
        list(candidates.filter(name_folded__contains=folded).order_by("name_folded")[:6]) if folded else []
    )
    if not partial:
        raise ValidationError({field: _("Không tìm thấy tổ chức nào là “%(t)s” trong phạm vi của bạn.") % {"t": text}})
    listed = "; ".join(f"{o.name} ({o.code})" for o in partial[:5])
    if not exact:
        raise ValidationError(
            {
                field: _(
                    "Không có tổ chức nào tên đúng là “%(t)s”. Có phải: %(l)s? Hãy chọn một tên trong gợi ý hoặc "
                    "ghi mã tổ chức."
                )
                % {"t": text, "l": listed}
            }
        )
    raise ValidationError(
        {field: _("Có nhiều tổ chức khớp “%(t)s”: %(l)s. Hãy chọn một tên trong gợi ý.") % {"t": text, "l": listed}}
    )


def suggest_orgs(
    user: AnyUser,
    text: str,
    *,
    perm: str,
    cells_only: bool = False,
    limit: int = 15,
    candidates: QuerySet[Organization] | None = None,
) -> list[Organization]:
    from sotay.lib.vntext import fold

    from .models import CELL_KINDS

    folded = fold(text)
    if len(folded) < 2:
        return []
    if candidates is None:
        candidates = orgs_visible_to(user, perm)
    candidates = candidates.filter(valid_to__isnull=True, name_folded__contains=folded)
    if cells_only:
        candidates = candidates.filter(kind__in=CELL_KINDS)
    return list(candidates.order_by("depth", "name_folded")[:limit])


def history_visible_to(user: AnyUser, action: str = policy.VIEW_ORGS) -> QuerySet[Organization]:
    """Organisations, present and past, whose history the user may read: those in their subtrees, the past units
    now inside them (a unit succeeded, through up to three mergers, by one in a subtree), and the ended units
    inside such a past unit (the old districts and communes under an old province).

    A unit outside every subtree whose successor lies elsewhere stays out: another commune's predecessors are
    not shown (sotay/orgs/history.py)."""
    current = policy.subtree_q(user, action)
    query = current
    for hops in (1, 2, 3):
        query |= policy.subtree_q(user, action, field="successor__" * hops + "path")
    heads = sorted(
        Organization.objects.filter(query, valid_to__isnull=False).exclude(current).values_list("path", flat=True)
    )
    kept: list[str] = []
    for path in heads:
        if not any(path.startswith(k) for k in kept):
            kept.append(path)
    for path in kept:
        query |= subtree_filter(path) & Q(valid_to__isnull=False)
    return Organization.objects.filter(query)
