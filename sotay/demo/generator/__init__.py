"""A deterministic demo province: the merged Đảng bộ tỉnh Hưng Yên (Hưng Yên + Thái Bình, 30/6/2025).

The data is built in two steps so that it can be checked without a database:

1. :func:`build_plan` (``plan``) lays out the organisation tree — the province, one *đảng bộ xã/phường* per ward
   of province 33 in ``vietnam_provinces``, *Đảng bộ các cơ quan Đảng tỉnh*, and under them *chi bộ cơ sở*,
   *đảng bộ cơ sở* with *chi bộ trực thuộc*, a few *đảng bộ bộ phận* and *tổ đảng* — with the materialised paths
   (steplen 4) already computed and the number of members each cell will hold;
2. :func:`iter_members` (``people``) yields the members cell by cell as plain dicts of ``Member`` field values.

:func:`write_plan` (``writer``) bulk-inserts both, adds the effective-dated history of the merger
(docs/rules/organisation.md#sắp-xếp-hợp-nhất-tổ-chức: the two old provincial *đảng bộ* ended on 30/6/2025, decisions
1788-QĐ/TU and 2051-QĐ/TU, handover minutes) and the demo logins. The names, weights and place lists they draw from are
in ``vocabulary``. Same seed, size and reference day give exactly the same data. No audit entries are written: this is
seed data, not the act of a user.
"""

from .people import iter_members
from .plan import DemoPlan, OrgSpec, build_plan
from .vocabulary import DEFAULT_MEMBERS, DEFAULT_SEED, GENERATOR_VERSION, MIN_MEMBERS
from .writer import DEMO_LOGINS, DEMO_PASSWORD, DemoLogin, DemoSummary, demo_logins, generate, write_plan

__all__ = [
    "DEFAULT_MEMBERS",
    "DEFAULT_SEED",
    "DEMO_LOGINS",
    "DEMO_PASSWORD",
    "GENERATOR_VERSION",
    "MIN_MEMBERS",
    "DemoLogin",
    "DemoPlan",
    "DemoSummary",
    "OrgSpec",
    "build_plan",
    "demo_logins",
    "generate",
    "iter_members",
    "write_plan",
]
