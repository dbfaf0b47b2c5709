"""The demo province before the merger: the old districts of the two provinces and the old communes that were merged
into today's xã and phường on 01/07/2025.

The district names are the real districts of Hưng Yên and Thái Bình before 2025; which of today's communes lay in
which district is an approximation (today's communes in ward-code order, shared out in turn), and the names of the
old communes are invented (docs/rules/organisation.md#dữ-liệu-mẫu-trước-sắp-xếp). Only organisations are added: the
members are generated in today's cells, as the merger left them.

Pure Python like the rest of the plan; a random generator of its own keeps the rest of the demo unchanged.
"""

from __future__ import annotations

import random
from typing import TYPE_CHECKING

from sotay.orgs.models import CommuneType, OrgKind

from .vocabulary import COMMUNES_FROM, OLD_ROOTS_FROM, THAI_BINH_FIRST_WARD_CODE, VILLAGE_FIRST, VILLAGE_SECOND

if TYPE_CHECKING:
    from .plan import DemoPlan, _TreeBuilder

OLD_HUNG_YEN_DISTRICTS = [
    "Đảng bộ thành phố Hưng Yên",
    "Đảng bộ huyện Văn Lâm",
    "Đảng bộ huyện Văn Giang",
    "Đảng bộ huyện Yên Mỹ",
    "Đảng bộ thị xã Mỹ Hào",
    "Đảng bộ huyện Ân Thi",
    "Đảng bộ huyện Khoái Châu",
    "Đảng bộ huyện Kim Động",
    "Đảng bộ huyện Tiên Lữ",
    "Đảng bộ huyện Phù Cừ",
]
OLD_THAI_BINH_DISTRICTS = [
    "Đảng bộ thành phố Thái Bình",
    "Đảng bộ huyện Quỳnh Phụ",
    "Đảng bộ huyện Hưng Hà",
    "Đảng bộ huyện Đông Hưng",
    "Đảng bộ huyện Thái Thụy",
    "Đảng bộ huyện Tiền Hải",
    "Đảng bộ huyện Kiến Xương",
    "Đảng bộ huyện Vũ Thư",
]


def add_premerger(plan: DemoPlan, tree: _TreeBuilder, seed: int) -> None:
    """Append the old districts (under the two old provinces) and, under them, the old communes, each ended on
    01/07/2025 with today's commune as its successor. A district is handed to the new province with its communes
    on the day the old provinces end, until it ends itself (writer._versions)."""
    rng = random.Random(f"sotay-demo-premerger:{seed}")
    communes = sorted(plan.communes, key=lambda c: plan.orgs[c].ward_code or 0)
    old_hy, old_tb = plan.old_roots
    in_hy = [c for c in communes if (plan.orgs[c].ward_code or 0) < THAI_BINH_FIRST_WARD_CODE]
    in_tb = [c for c in communes if (plan.orgs[c].ward_code or 0) >= THAI_BINH_FIRST_WARD_CODE]
    used: set[str] = set()
    for root, names, in_root in ((old_hy, OLD_HUNG_YEN_DISTRICTS, in_hy), (old_tb, OLD_THAI_BINH_DISTRICTS, in_tb)):
        per = -(-len(in_root) // len(names)) if in_root else 0
        for d, name in enumerate(names):
            share = in_root[d * per : (d + 1) * per]
            if not share:
                continue
            district = tree.add(
                root,
                OrgKind.AGENCY_COMMITTEE,
                name,
                OLD_ROOTS_FROM,
                valid_to=COMMUNES_FROM,
                successor=plan.province,
            )
            for commune in share:
                spec = plan.orgs[commune]
                ward = spec.commune_type == CommuneType.PHUONG
                for _ in range(rng.choice((2, 3))):
                    label = _old_name(rng, used)
                    tree.add(
                        district,
                        OrgKind.BASE_COMMITTEE,
                        f"Đảng bộ {'phường' if ward else 'xã'} {label}",
                        OLD_ROOTS_FROM,
                        valid_to=COMMUNES_FROM,
                        successor=commune,
                        commune_type=spec.commune_type,
                    )


def _old_name(rng: random.Random, used: set[str]) -> str:
    while True:
        first, second = rng.choice(VILLAGE_FIRST), rng.choice(VILLAGE_SECOND)
        name = f"{first} {second}"
        if first != second and name not in used:
            used.add(name)
            return name
