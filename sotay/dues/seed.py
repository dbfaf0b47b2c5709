"""The rate versions and regional minimum wages seeded by migration 0002
(docs/rules/dues.md#văn-bản-áp-dụng-theo-tháng).

342-QĐ/TW (28/12/2010) is entered as its own version for dues months before 02/2026, with the commonly cited
values: 1% of salary and allowances on which BHXH is paid; 0.5% of a BHXH pension or benefit; "other" members in
the country (farmers, students…) 2,000–5,000 đ a month, the exact amount set by the provincial committee — seeded
at the 2,000 đ floor. These rows carry `needs_verification=True`: check them against the text before relying on
them (tests rely only on the 01-QĐ/TW values).

01-QĐ/TW (03/02/2026) applies from dues month 02/2026; the "other members" rates rise on 01/01/2028 (second row
of the same document).

Lương tối thiểu vùng: Nghị định 293/2025/NĐ-CP from 01/01/2026, as reported in the press — to be verified
against the decree's text (`needs_verification=True`).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

QD_342 = "342-QĐ/TW"
QD_01 = "01-QĐ/TW"
QD_342_FROM = dt.date(2011, 1, 1)
QD_01_FROM = dt.date(2026, 2, 1)
QD_01_STEP_2028 = dt.date(2028, 1, 1)
ND_293 = "293/2025/NĐ-CP"

_CHECK_342 = "Giá trị thường được trích dẫn của 342-QĐ/TW; cần đối chiếu văn bản."

# (document, effective_from, basis, percent, fixed_amount, of_what, needs_verification, note)
RULES: list[tuple[str, dt.date, str, Decimal | None, int | None, str, bool, str]] = [
    (QD_342, QD_342_FROM, "INSURED_SALARY", Decimal("1"), None, "DECLARED_AMOUNT", True, _CHECK_342),
    (QD_342, QD_342_FROM, "SOCIAL_BENEFIT", Decimal("0.5"), None, "DECLARED_AMOUNT", True, _CHECK_342),
    (QD_342, QD_342_FROM, "PENSION", Decimal("0.5"), None, "DECLARED_AMOUNT", True, _CHECK_342),
    (QD_342, QD_342_FROM, "STUDENT", None, 2000, "FIXED", True, _CHECK_342 + " Mức 2.000–5.000 đ do tỉnh ủy quy định."),
    (QD_342, QD_342_FROM, "OTHER_WORKING_AGE", None, 2000, "FIXED", True, _CHECK_342 + " Mức 2.000–5.000 đ."),
    (QD_342, QD_342_FROM, "OTHER_RETIRED", None, 2000, "FIXED", True, _CHECK_342 + " Mức 2.000–5.000 đ."),
    (QD_01, QD_01_FROM, "INSURED_SALARY", Decimal("1"), None, "DECLARED_AMOUNT", False, "1% tiền lương tháng trước"),
    (QD_01, QD_01_FROM, "SOCIAL_BENEFIT", Decimal("1"), None, "DECLARED_AMOUNT", False, "1% trợ cấp ốm đau, thai sản"),
    (QD_01, QD_01_FROM, "PENSION", Decimal("0.5"), None, "DECLARED_AMOUNT", False, "0,5% lương hưu"),
    (QD_01, QD_01_FROM, "STUDENT", None, 5000, "FIXED", False, "5.000 đ/tháng"),
    (QD_01, QD_01_FROM, "OTHER_WORKING_AGE", Decimal("0.3"), None, "REGIONAL_MINIMUM_WAGE", False, "2026–2027"),
    (QD_01, QD_01_FROM, "OTHER_RETIRED", Decimal("0.2"), None, "REGIONAL_MINIMUM_WAGE", False, "2026–2027"),
    (QD_01, QD_01_STEP_2028, "OTHER_WORKING_AGE", Decimal("0.5"), None, "REGIONAL_MINIMUM_WAGE", False, "từ 2028"),
    (QD_01, QD_01_STEP_2028, "OTHER_RETIRED", Decimal("0.3"), None, "REGIONAL_MINIMUM_WAGE", False, "từ 2028"),
]

# Nghị định 293/2025/NĐ-CP, from 01/01/2026 — as reported; to be verified against the decree.
WAGES: list[tuple[int, int, dt.date, str]] = [
    (1, 5_310_000, dt.date(2026, 1, 1), ND_293),
    (2, 4_730_000, dt.date(2026, 1, 1), ND_293),
    (3, 4_140_000, dt.date(2026, 1, 1), ND_293),
    (4, 3_700_000, dt.date(2026, 1, 1), ND_293),
]


def load(apps=None) -> None:
    """Insert the seeded rows that are missing, never changing a row already there (docs/decisions/0007-seeding.md):
    the frozen migration `dues/0002_seed_rules` does it, with its own copy of this data."""
    import importlib

    from django.apps import apps as global_apps

    importlib.import_module("sotay.dues.migrations.0002_seed_rules").forwards(apps or global_apps, None)
