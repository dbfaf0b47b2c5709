"""What a Party document says about its issuer: the committee above it and the place name in the date line."""

from __future__ import annotations

import re

from .models import Organization, OrgKind

_PLACE_PREFIX = re.compile(r"^(đảng bộ|chi bộ|đảng ủy)\s+(xã|phường|thị trấn|đặc khu|thôn|tổ dân phố)?\s*", re.I)


def ancestors_nearest_first(org: Organization) -> list[Organization]:
    return list(reversed(list(org.get_ancestors())))


def parent_of(org: Organization) -> Organization | None:
    chain = ancestors_nearest_first(org)
    return chain[0] if chain else None


def nearest(org: Organization, kinds) -> Organization | None:
    """The nearest ancestor of one of `kinds` (not the organisation itself)."""
    return next((node for node in ancestors_nearest_first(org) if node.kind in kinds), None)


def place_name(org: Organization) -> str:
    """The commune the document is dated in ("Đông Tiến, ngày …"): the commune committee's name without its prefix."""
    for node in [org, *ancestors_nearest_first(org)]:
        if node.kind == OrgKind.COMMUNE_COMMITTEE:
            return _PLACE_PREFIX.sub("", node.name).strip() or node.name
    return ""
