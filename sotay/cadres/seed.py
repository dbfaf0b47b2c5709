"""The default rules and position standards shipped with the cadres app (docs/rules/cadres.md); every value here is
"cần đối chiếu" — a province replaces it with its own version from an effective date. Loaded by a data migration."""

from __future__ import annotations

import datetime as dt

# (key, value, document, clause, effective_from, note) — the rules registry's format (sotay/rules/seed.py).
RULES = [
    (
        "cadre_plan_min_per_post",
        2,
        "50-QĐ/TW",
        "Quy hoạch cán bộ: số người quy hoạch mỗi chức danh — cần đối chiếu",
        dt.date(2021, 12, 27),
        "Mặc định của Sổ tay: ít nhất 2 người cho mỗi vị trí (thường 2–3 người).",
    ),
    (
        "cadre_plan_max_per_post",
        3,
        "50-QĐ/TW",
        "Quy hoạch cán bộ: mỗi chức danh không quá 3 người — cần đối chiếu",
        dt.date(2021, 12, 27),
        "Mặc định của Sổ tay: tối đa 3 người cho mỗi vị trí.",
    ),
    (
        "cadre_structure_under_40_percent",
        10,
        "45-CT/TW",
        "Cơ cấu cấp ủy: cán bộ trẻ dưới 40 tuổi — cần đối chiếu (mục tiêu của nhiệm kỳ trước)",
        dt.date(2019, 4, 14),
        "Mục tiêu dưới 40 tuổi ≥ 10% (nhiệm kỳ trước); nữ và dân tộc thiểu số chưa đặt mục tiêu.",
    ),
]

# Retirement age on the first day of the 2030–2035 term (Bộ luật Lao động 2019 Điều 169, NĐ 135/2020): men 62 years
# (744 months), women 58 years 4 months in 2030 (700 months). First time in the committee: a full term (60 months)
# left; re-election: 42 months left (Chỉ thị 35-CT/TW, cần đối chiếu).
_AGES = {
    "first_max_age_months_male": 744 - 60,
    "first_max_age_months_female": 700 - 60,
    "again_max_age_months_male": 744 - 42,
    "again_max_age_months_female": 700 - 42,
}
_MANUAL = ["Phẩm chất chính trị, đạo đức, lối sống", "Năng lực lãnh đạo, uy tín"]
_COMMON = {
    "org_kind": "COMMUNE_COMMITTEE",
    "effective_from": dt.date(2024, 6, 14),
    "document_reference": "35-CT/TW; tiêu chuẩn chức danh cấp xã của tỉnh",
    "clause": "Tuổi tham gia cấp ủy lần đầu, tái cử; trình độ tối thiểu — cần đối chiếu",
    "unconfirmed": True,
    "min_political_theory": "INTERMEDIATE",
    "min_professional_education": "BACHELOR",
    **_AGES,
}
STANDARDS = [
    {
        **_COMMON,
        "position_kind": "SECRETARY",
        "min_party_age_years": 5,
        "required_prior_kinds": ["DEPUTY_SECRETARY", "STANDING"],
        "manual_criteria": _MANUAL,
    },
    {
        **_COMMON,
        "position_kind": "DEPUTY_SECRETARY",
        "min_party_age_years": 5,
        "required_prior_kinds": ["STANDING", "COMMITTEE_MEMBER"],
        "manual_criteria": _MANUAL,
    },
    {**_COMMON, "position_kind": "STANDING", "min_party_age_years": 3, "manual_criteria": _MANUAL[:1]},
    {**_COMMON, "position_kind": "COMMITTEE_MEMBER", "min_party_age_years": 3, "manual_criteria": _MANUAL[:1]},
    {
        **_COMMON,
        "position_kind": "UBKT_CHAIR",
        "min_party_age_years": 5,
        "required_prior_kinds": ["COMMITTEE_MEMBER", "UBKT_MEMBER"],
        "manual_criteria": _MANUAL[:1],
    },
]

# The positions a commune committee usually has, with their number of posts (demo and a committee's first setup).
COMMUNE_POSITIONS = [
    ("SECRETARY", "Bí thư Đảng ủy", 1),
    ("DEPUTY_SECRETARY", "Phó Bí thư Đảng ủy", 2),
    ("STANDING", "Ủy viên Ban Thường vụ", 4),
    ("UBKT_CHAIR", "Chủ nhiệm Ủy ban Kiểm tra", 1),
]


def load(apps=None) -> None:
    """Insert the seeded rows that are missing, never changing a row already there (docs/decisions/0007-seeding.md):
    the frozen migration `cadres/0002_seed` does it, with its own copy of this data."""
    import importlib

    from django.apps import apps as global_apps

    importlib.import_module("sotay.cadres.migrations.0002_seed").forwards(apps or global_apps, None)
