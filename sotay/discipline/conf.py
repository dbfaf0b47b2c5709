"""The rules a disciplinary decision feeds, as versioned data (docs/rules/discipline.md): rule rows when present
(`sotay.rules.Rule`, seeded by this app's migration and editable in the admin), else the defaults below.

Every value here is **cần đối chiếu**: the texts were read in reports of the regulation, not in the regulation.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sotay.rules.registry import RuleMissing, rule_in_force

# (key, default, document, clause, effective_from, note) — the seed of the rule rows.
RULES: list[tuple[str, Any, str, str, dt.date, str]] = [
    (
        "discipline.badge_delay_months.REPRIMAND",
        6,
        "24-QĐ/TW",
        "thi hành Điều lệ, mục Huy hiệu Đảng (theo bản trích)",
        dt.date(2022, 7, 30),
        "Cần đối chiếu: Huy hiệu Đảng lùi 6 tháng sau kỷ luật khiển trách (như bản trích 24-QĐ/TW); "
        "chưa đối chiếu với 294-QĐ/TW.",
    ),
    (
        "discipline.badge_delay_months.WARNING",
        9,
        "24-QĐ/TW",
        "thi hành Điều lệ, mục Huy hiệu Đảng (theo bản trích)",
        dt.date(2022, 7, 30),
        "Cần đối chiếu: lùi 9 tháng sau kỷ luật cảnh cáo.",
    ),
    (
        "discipline.badge_delay_months.REMOVAL",
        12,
        "24-QĐ/TW",
        "thi hành Điều lệ, mục Huy hiệu Đảng (theo bản trích)",
        dt.date(2022, 7, 30),
        "Cần đối chiếu: lùi 12 tháng sau kỷ luật cách chức.",
    ),
    (
        "discipline.khtnv_when_disciplined",
        True,
        "366-QĐ/TW",
        "xếp loại đảng viên: bị thi hành kỷ luật trong năm (theo hướng dẫn thực hiện)",
        dt.date(2025, 8, 30),
        "Cần đối chiếu: đảng viên bị thi hành kỷ luật trong năm được xếp loại không hoàn thành nhiệm vụ; "
        "cấp ủy đã quyết định kỷ luật có thể cho phép khác (có ghi lý do, có nhật ký).",
    ),
    (
        "discipline.probation_overdue_days",
        30,
        "Điều lệ Đảng",
        "Điều 5 khoản 3 (thời hạn xét công nhận chính thức, theo 294-QĐ/TW)",
        dt.date(2025, 7, 1),
        "Cần đối chiếu: số ngày sau khi hết dự bị mà chưa được công nhận chính thức thì sàng lọc gắn cờ.",
    ),
]
DEFAULTS: dict[str, Any] = {key: value for key, value, *_ in RULES}


def setting(key: str, on: dt.date | None = None) -> Any:
    try:
        return rule_in_force(key, on).value
    except RuleMissing:
        return DEFAULTS[key]


def source(key: str, on: dt.date | None = None) -> str:
    """The document a rule value comes from, for messages ("24-QĐ/TW")."""
    try:
        return rule_in_force(key, on).document_reference
    except RuleMissing:
        return next(doc for k, _v, doc, *_rest in RULES if k == key)


def badge_delay_months(kind: str, on: dt.date | None = None) -> int:
    key = f"discipline.badge_delay_months.{kind}"
    return int(setting(key, on)) if key in DEFAULTS else 0


def load(apps=None) -> None:
    """Insert the seeded rows that are missing, never changing a row already there (docs/decisions/0007-seeding.md):
    the frozen migration `discipline/0002_seed_rules` does it, with its own copy of this data."""
    import importlib

    from django.apps import apps as global_apps

    importlib.import_module("sotay.discipline.migrations.0002_seed_rules").forwards(apps or global_apps, None)
