"""The plan of the tree: every organisation with its materialised path and, for cells, its number of members.

Pure Python: :func:`build_plan` touches no database.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from django.utils import timezone
from vietnam_provinces import ProvinceCode, Ward

from sotay.lib.vntext import nfc
from sotay.orgs.models import CellType, CommuneType, Organization, OrgKind, check_parent

from .premerger import add_premerger
from .vocabulary import (
    AGENCY_CELLS,
    AGENCY_COMMITTEES,
    AGENCY_NAME,
    COMMUNES_FROM,
    COMPANY_KINDS,
    COMPANY_NAMES,
    DEFAULT_MEMBERS,
    DEFAULT_SEED,
    ENTERPRISE_OFFICES,
    HEALTH_CELLS,
    MERGER_ON,
    MIN_MEMBERS,
    OLD_HUNG_YEN_NAME,
    OLD_ROOTS_FROM,
    OLD_THAI_BINH_NAME,
    PROVINCE_CODE,
    PROVINCE_NAME,
    SCHOOL_CELLS,
    SCHOOL_PATRONS,
    VILLAGE_FIRST,
    VILLAGE_SECOND,
)


@dataclass(slots=True)
class OrgSpec:
    """One organisation to create; `parent` and `successor` are indexes into ``DemoPlan.orgs``."""

    kind: str
    name: str
    code: str
    path: str
    parent: int | None
    valid_from: dt.date
    valid_to: dt.date | None = None
    successor: int | None = None
    commune_type: str = ""
    cell_type: str = ""
    ward_code: int | None = None
    numchild: int = 0
    size: int = 0  # members to generate (cells only)
    home_ward: int | None = None  # the ward its members mostly live in
    address: str = ""  # their street address (residential cells)

    @property
    def depth(self) -> int:
        return len(self.path) // Organization.steplen


@dataclass
class DemoPlan:
    members: int
    seed: int
    today: dt.date
    probation_months: int
    orgs: list[OrgSpec] = field(default_factory=list)
    province: int = 0
    old_roots: tuple[int, int] = (1, 2)
    agency: int = 0
    communes: list[int] = field(default_factory=list)
    places: dict[int, list[str]] = field(default_factory=dict)  # ward code -> addresses of its villages

    def cells(self) -> Iterator[tuple[int, OrgSpec]]:
        for index, spec in enumerate(self.orgs):
            if spec.size:
                yield index, spec


def _step(number: int) -> str:
    alphabet, steplen = Organization.alphabet, Organization.steplen
    digits = ""
    while number:
        number, rest = divmod(number, len(alphabet))
        digits = alphabet[rest] + digits
    return digits.rjust(steplen, alphabet[0])


class _TreeBuilder:
    """Appends nodes in pre-order, computing materialised paths and codes the way `orgs.services` does."""

    def __init__(self, plan: DemoPlan) -> None:
        self.plan = plan
        self.roots = 0

    def add(self, parent: int | None, kind: str, name: str, valid_from: dt.date, **extra: Any) -> int:
        orgs = self.plan.orgs
        check_parent(kind, orgs[parent].kind if parent is not None else None)
        if parent is None:
            self.roots += 1
            path, code = _step(self.roots), f"R{self.roots:02d}"
        else:
            up = orgs[parent]
            up.numchild += 1
            path, code = up.path + _step(up.numchild), f"{up.code}.{up.numchild:03d}"
        orgs.append(
            OrgSpec(kind=kind, name=nfc(name), code=code, path=path, parent=parent, valid_from=valid_from, **extra)
        )
        return len(orgs) - 1


def _split(rng: random.Random, total: int, parts: int, minimum: int) -> list[int]:
    """`total` split into `parts` random sizes of at least `minimum` each (fewer parts if it cannot be)."""
    parts = max(1, min(parts, total // minimum if minimum else parts))
    sizes = [minimum] * parts
    rest = total - minimum * parts
    weights = [0.3 + rng.random() for _ in range(parts)]
    scale = rest / sum(weights)
    for i, w in enumerate(weights):
        sizes[i] += int(w * scale)
    for i in range(total - sum(sizes)):
        sizes[i % parts] += 1
    return sizes


def _cell_size(rng: random.Random) -> int:
    """A chi bộ's size: 8-60 members, most between 15 and 35."""
    r = rng.random()
    if r < 0.2:
        return rng.randint(8, 14)
    if r < 0.93:
        return int(rng.triangular(15, 35.99, 22))
    return rng.randint(36, 60)


def _base_cell_sizes(rng: random.Random, total: int) -> list[int]:
    if total < 8:
        return [total] if total else []
    sizes: list[int] = []
    left = total
    while left >= 8:
        size = min(_cell_size(rng), left)
        sizes.append(size)
        left -= size
    start = rng.randrange(len(sizes))
    for i in range(left):
        sizes[(start + i) % len(sizes)] += 1
    return sizes


def _quotas(rng: random.Random, total: int, weights: list[float], floor: int) -> list[int]:
    """Largest-remainder apportionment of `total` with at least `floor` each."""
    base = [floor] * len(weights)
    rest = total - floor * len(weights)
    shares = [w * rest / sum(weights) for w in weights]
    out = [b + int(s) for b, s in zip(base, shares, strict=True)]
    order = sorted(range(len(weights)), key=lambda i: (-(shares[i] - int(shares[i])), i))
    for i in order[: total - sum(out)]:
        out[i] += 1
    return out


def _village_names(rng: random.Random, count: int) -> list[str]:
    names: list[str] = []
    seen: set[str] = set()
    while len(names) < count:
        first, second = rng.choice(VILLAGE_FIRST), rng.choice(VILLAGE_SECOND)
        if first == second:
            continue
        name = first if rng.random() < 0.12 else f"{first} {second}"
        if name in seen:
            if len(seen) < 400:
                continue
            name = f"{name} {len(names) + 1}"  # the combinations are running out: number them
        seen.add(name)
        names.append(name)
    return names


class _CommuneLayout:
    """The organisations of one đảng bộ xã/phường, sized to hold `quota` members."""

    def __init__(self, plan: DemoPlan, tree: _TreeBuilder, rng: random.Random, commune: int, quota: int) -> None:
        self.plan, self.tree, self.rng, self.commune = plan, tree, rng, commune
        spec = plan.orgs[commune]
        self.ward = spec.ward_code
        self.is_ward = spec.commune_type == CommuneType.PHUONG
        self.base = spec.name.split(" ", 3)[-1]  # "Đảng bộ phường Phố Hiến" -> "Phố Hiến"
        self.unit = ("phường " if self.is_ward else "xã ") + self.base
        self.quota = quota
        self.counters: dict[str, int] = {}

    def _next(self, key: str) -> int:
        self.counters[key] = self.counters.get(key, 0) + 1
        return self.counters[key]

    def build(self) -> None:
        rng = self.rng
        committees = 0 if self.quota < 60 else max(1, round(self.quota / 240))
        budgets: list[int] = []
        cap = int(self.quota * 0.45)
        for _ in range(committees):
            budget = min(rng.randint(30, 110), cap - sum(budgets))
            if budget < 30:
                break
            budgets.append(budget)
        sizes = _base_cell_sizes(rng, self.quota - sum(budgets))
        others = round(len(sizes) * (0.35 if self.is_ward else 0.28)) if len(sizes) >= 4 else 0
        residential = len(sizes) - others
        villages = _village_names(rng, residential) if not self.is_ward else []
        places = (
            [f"Tổ dân phố số {i + 1}" for i in range(residential)] if self.is_ward else [f"Thôn {v}" for v in villages]
        )
        self.plan.places[self.ward or 0] = places or [""]
        for i, size in enumerate(sizes[:residential]):
            name = f"Chi bộ tổ dân phố số {i + 1}" if self.is_ward else f"Chi bộ thôn {villages[i]}"
            cell = self._cell(self.commune, OrgKind.BASE_CELL, name, CellType.RESIDENTIAL, size, address=places[i])
            if size >= 40 and rng.random() < 0.6:
                for g in range(rng.randint(2, 3)):
                    self.tree.add(cell, OrgKind.PARTY_GROUP, f"Tổ đảng số {g + 1}", COMMUNES_FROM)
        for i, size in enumerate(sizes[residential:]):
            cell_type, name = self._workplace(i)
            self._cell(self.commune, OrgKind.BASE_CELL, name, cell_type, size)
        for budget in budgets:
            self._base_committee(budget)

    def _cell(self, parent: int, kind: str, name: str, cell_type: str, size: int, address: str = "") -> int:
        return self.tree.add(
            parent, kind, name, COMMUNES_FROM, cell_type=cell_type, size=size, home_ward=self.ward, address=address
        )

    def _village(self) -> str:
        return self.rng.choice(VILLAGE_FIRST) + " " + self.rng.choice(VILLAGE_SECOND)

    def _company(self) -> str:
        return f"{self.rng.choice(COMPANY_KINDS)} {self.rng.choice(COMPANY_NAMES)}"

    def _workplace(self, i: int) -> tuple[str, str]:
        fixed = [
            (CellType.AGENCY, f"Chi bộ Cơ quan Ủy ban nhân dân {self.unit}"),
            (CellType.AGENCY, f"Chi bộ Cơ quan Đảng ủy, Mặt trận Tổ quốc và các đoàn thể {self.unit}"),
            (CellType.ARMED_FORCES, f"Chi bộ Quân sự {self.unit}"),
            (CellType.SCHOOL, f"Chi bộ Trường THCS {self.base}"),
            (CellType.SCHOOL, f"Chi bộ Trường Tiểu học {self.base}"),
            (CellType.HEALTH, f"Chi bộ Trạm Y tế {self.unit}"),
            (CellType.SCHOOL, f"Chi bộ Trường Mầm non {self.base}"),
            (CellType.OTHER, f"Chi bộ Quỹ tín dụng nhân dân {self.base}"),
        ]
        if i < len(fixed):
            return fixed[i]
        r = self.rng.random()
        if r < 0.45:
            return CellType.ENTERPRISE, f"Chi bộ {self._company()}"
        if r < 0.6:
            return CellType.ENTERPRISE, f"Chi bộ Hợp tác xã dịch vụ nông nghiệp {self._village()}"
        level = self.rng.choice(["Mầm non", "Tiểu học", "THCS"])
        return CellType.SCHOOL, f"Chi bộ Trường {level} {self._village()}"

    def _base_committee(self, budget: int) -> None:
        rng = self.rng
        kind = rng.choices(["school", "enterprise", "health"], weights=[4, 4, 2])[0]
        count = max(3, min(rng.randint(3, 6), budget // 12))
        sizes = _split(rng, budget, count, 10)
        if kind == "school":
            n = self._next("school")
            patron = SCHOOL_PATRONS[(self.plan.communes.index(self.commune) + n) % len(SCHOOL_PATRONS)]
            name = f"Đảng bộ Trường THPT {self.base if n == 1 else patron}"
            committee = self.tree.add(self.commune, OrgKind.BASE_COMMITTEE, name, COMMUNES_FROM)
            for i, size in enumerate(sizes):
                self._cell(committee, OrgKind.CELL, SCHOOL_CELLS[i % len(SCHOOL_CELLS)], CellType.SCHOOL, size)
        elif kind == "health":
            n = self._next("health")
            name = (
                f"Đảng bộ Trung tâm Y tế khu vực {self.base}"
                if n == 1
                else f"Đảng bộ Bệnh viện Đa khoa {self.base} {n}"
            )
            committee = self.tree.add(self.commune, OrgKind.BASE_COMMITTEE, name, COMMUNES_FROM)
            for i, size in enumerate(sizes):
                self._cell(committee, OrgKind.CELL, HEALTH_CELLS[i % len(HEALTH_CELLS)], CellType.HEALTH, size)
        else:
            committee = self.tree.add(self.commune, OrgKind.BASE_COMMITTEE, f"Đảng bộ {self._company()}", COMMUNES_FROM)
            offices = 2 if budget >= 90 and len(sizes) >= 5 else len(sizes)
            for i, size in enumerate(sizes[:offices]):
                name = (
                    ENTERPRISE_OFFICES[i]
                    if i < len(ENTERPRISE_OFFICES)
                    else f"Chi bộ Phân xưởng số {i - len(ENTERPRISE_OFFICES) + 1}"
                )
                self._cell(committee, OrgKind.CELL, name, CellType.ENTERPRISE, size)
            if offices < len(sizes):
                sub = self.tree.add(committee, OrgKind.SUB_COMMITTEE, "Đảng bộ bộ phận Khối sản xuất", COMMUNES_FROM)
                for i, size in enumerate(sizes[offices:]):
                    self._cell(sub, OrgKind.CELL, f"Chi bộ Phân xưởng số {i + 1}", CellType.ENTERPRISE, size)


def _agency_layout(plan: DemoPlan, tree: _TreeBuilder, rng: random.Random, quota: int) -> None:
    """Đảng bộ các cơ quan Đảng tỉnh: base committees with their cells, and the committees' bureaus as base cells."""
    agency = plan.agency
    if quota < 100:
        committees, per_committee, bureaus = AGENCY_COMMITTEES[:1], [3], AGENCY_CELLS[:1]
    else:
        bureaus = AGENCY_CELLS
        cells = max(12, round(quota / 24)) - len(bureaus)
        count = min(len(AGENCY_COMMITTEES), max(2, cells // 6))
        committees = AGENCY_COMMITTEES[:count]
        per_committee = _split(rng, min(cells, 10 * count), count, 3)  # at most about ten cells each
    leaves: list[tuple[int, str, str]] = []  # (parent, kind, name)
    for (name, named, pattern), count in zip(committees, per_committee, strict=True):
        committee = tree.add(agency, OrgKind.BASE_COMMITTEE, name, COMMUNES_FROM)
        names = named[:count] + [pattern.format(n=n + 1) for n in range(count - len(named))]
        leaves += [(committee, OrgKind.CELL, cell) for cell in names]
    leaves += [(agency, OrgKind.BASE_CELL, name) for name in bureaus]
    sizes = _split(rng, quota, len(leaves), min(8, quota // len(leaves)))
    centre = plan.orgs[plan.communes[0]].ward_code  # the provincial centre
    for (parent, kind, name), size in zip(leaves, sizes, strict=True):
        tree.add(parent, kind, name, COMMUNES_FROM, cell_type=CellType.AGENCY, size=size, home_ward=centre)


def build_plan(
    members: int = DEFAULT_MEMBERS, seed: int = DEFAULT_SEED, today: dt.date | None = None, probation_months: int = 12
) -> DemoPlan:
    """Lay out the tree and the number of members of every cell (pure: no database access)."""
    if members < MIN_MEMBERS:
        raise ValueError(f"Dữ liệu mẫu cần ít nhất {MIN_MEMBERS} đảng viên.")
    plan = DemoPlan(members=members, seed=seed, today=today or timezone.localdate(), probation_months=probation_months)
    rng = random.Random(f"sotay-demo-tree:{seed}:{members}")
    tree = _TreeBuilder(plan)
    plan.province = tree.add(None, OrgKind.PROVINCIAL_COMMITTEE, PROVINCE_NAME, MERGER_ON)
    plan.old_roots = (
        tree.add(
            None,
            OrgKind.PROVINCIAL_COMMITTEE,
            OLD_HUNG_YEN_NAME,
            OLD_ROOTS_FROM,
            valid_to=MERGER_ON,
            successor=plan.province,
        ),
        tree.add(
            None,
            OrgKind.PROVINCIAL_COMMITTEE,
            OLD_THAI_BINH_NAME,
            OLD_ROOTS_FROM,
            valid_to=MERGER_ON,
            successor=plan.province,
        ),
    )
    wards = list(Ward.iter_by_province(ProvinceCode(PROVINCE_CODE)))
    for ward in wards:
        is_ward = ward.division_type.value == "phường"
        name = nfc(ward.name)
        label = name.split(" ", 1)[1]
        plan.communes.append(
            tree.add(
                plan.province,
                OrgKind.COMMUNE_COMMITTEE,
                f"Đảng bộ {'phường' if is_ward else 'xã'} {label}",
                COMMUNES_FROM,
                commune_type=CommuneType.PHUONG if is_ward else CommuneType.XA,
                ward_code=int(ward.code),
            )
        )
    plan.agency = tree.add(plan.province, OrgKind.AGENCY_COMMITTEE, AGENCY_NAME, COMMUNES_FROM)

    agency_quota = max(12, round(members * 0.01))
    weights = [
        (1.5 if plan.orgs[c].commune_type == CommuneType.PHUONG else 1.0) * rng.uniform(0.7, 1.3) for c in plan.communes
    ]
    # Phường get more members than xã; Phố Hiến, the provincial centre, gets a further boost.
    weights[0] *= 1.3
    quotas = _quotas(rng, members - agency_quota, weights, floor=3)
    # The communes' subtrees are appended in order, so the tree stays in pre-order (= path order) per commune.
    for commune, quota in zip(plan.communes, quotas, strict=True):
        _CommuneLayout(plan, tree, rng, commune, quota).build()
    _agency_layout(plan, tree, rng, agency_quota)
    # Appended last, so the organisations above keep their order (and their ids once written).
    add_premerger(plan, tree, seed)
    assert sum(spec.size for spec in plan.orgs) == members
    return plan
