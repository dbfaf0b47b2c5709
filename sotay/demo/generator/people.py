"""The members: drawn cell by cell from the plan, as plain dicts of ``Member`` field values."""

from __future__ import annotations

import datetime as dt
import random
from bisect import bisect
from collections.abc import Callable, Iterator
from itertools import accumulate
from typing import Any

from vietnam_provinces import ProvinceCode, Ward

from sotay.lib.citizen_id import make_citizen_id
from sotay.lib.dates import add_months, age_in_years
from sotay.lib.vntext import fold, name_sort_key, nfc
from sotay.members.choices import (
    ExitKind,
    Gender,
    GeneralEducation,
    MemberStatus,
    PoliticalTheory,
    ProfessionalEducation,
    ServiceBackground,
)
from sotay.orgs.models import CellType

from .plan import DemoPlan, OrgSpec
from .vocabulary import (
    ETHNICITIES,
    FAMILY_NAMES,
    FEMALE_GIVEN,
    FEMALE_MIDDLE,
    FEMALE_SHARE,
    FORMER_OCCUPATIONS,
    LANGUAGES,
    MALE_GIVEN,
    MALE_MIDDLE,
    OCCUPATIONS,
    OTHER_HOMETOWNS,
    PHONE_PREFIXES,
    PROFESSIONAL,
    PROVINCE_CODE,
    RELIGIONS,
    RESIDENTIAL_BIRTH_YEARS,
    THAI_BINH_FIRST_WARD_CODE,
    THEORY,
    THI,
    VAN,
)


class _Choice:
    """A weighted choice with precomputed cumulative weights (fast and deterministic)."""

    def __init__(self, pairs: list[tuple[Any, float]]) -> None:
        self.items = [item for item, _w in pairs]
        self.cum = list(accumulate(w for _i, w in pairs))

    def __call__(self, rng: random.Random) -> Any:
        return self.items[bisect(self.cum, rng.random() * self.cum[-1])]


_FAMILY = _Choice([(nfc(name), w) for name, w in FAMILY_NAMES])
_ETHNICITY = _Choice(ETHNICITIES)
_RELIGION = _Choice(RELIGIONS)
_PROFESSIONAL = {key: _Choice(pairs) for key, pairs in PROFESSIONAL.items()}
_THEORY = {key: _Choice(pairs) for key, pairs in THEORY.items()}
_RESIDENTIAL_YEARS = _Choice(RESIDENTIAL_BIRTH_YEARS)


def _date_between(rng: random.Random, start: dt.date, end: dt.date) -> dt.date:
    if end <= start:
        return start
    return start + dt.timedelta(days=rng.randint(0, (end - start).days))


def _years_before(day: dt.date, years: float, rng: random.Random) -> dt.date:
    return day - dt.timedelta(days=int(years * 365.25) + rng.randint(0, 200))


class _MemberFactory:
    """Draws one member at a time; keeps the uniqueness sets of citizen IDs, cards and file numbers."""

    def __init__(self, plan: DemoPlan) -> None:
        self.plan = plan
        self.today = plan.today
        self.months = plan.probation_months
        self.rng = random.Random(f"sotay-demo-members:{plan.seed}:{plan.members}")
        self.citizen_ids: set[str] = set()
        self.cards: set[str] = set()
        self.files: set[str] = set()
        self.names: dict[str, tuple[str, str]] = {}
        self.wards = [int(w.code) for w in Ward.iter_by_province(ProvinceCode(PROVINCE_CODE))]
        self.other_wards = {
            code: [int(w.code) for w in Ward.iter_by_province(ProvinceCode(code))] for code in OTHER_HOMETOWNS
        }
        self.other_codes = list(OTHER_HOMETOWNS)
        self.latest_join = add_months(self.today, -self.months) - dt.timedelta(days=1)
        self.probation_start = add_months(self.today, -self.months) + dt.timedelta(days=1)

    # -- statuses ------------------------------------------------------------------------------------------
    def statuses(self, cell: OrgSpec) -> list[str]:
        rng = self.rng
        residential = cell.cell_type == CellType.RESIDENTIAL
        out: list[str] = []
        for _ in range(cell.size):
            r = rng.random() * 100
            if residential:
                status = (
                    MemberStatus.PROBATIONARY
                    if r < 4.8
                    else MemberStatus.EXEMPT
                    if r < 7.8
                    else MemberStatus.DECEASED
                    if r < 8.2
                    else MemberStatus.LEFT
                    if r < 8.45
                    else MemberStatus.TRANSFERRED_OUT
                    if r < 8.7
                    else MemberStatus.OFFICIAL
                )
            else:
                status = (
                    MemberStatus.PROBATIONARY
                    if r < 5.5
                    else MemberStatus.LEFT
                    if r < 5.75
                    else MemberStatus.TRANSFERRED_OUT
                    if r < 6.15
                    else MemberStatus.OFFICIAL
                )
            out.append(status)
        # A chi bộ needs at least three official members (Điều lệ Điều 21, 24).
        need = min(3, cell.size) - out.count(MemberStatus.OFFICIAL)
        for i in range(len(out)):
            if need <= 0:
                break
            if out[i] != MemberStatus.OFFICIAL:
                out[i] = MemberStatus.OFFICIAL
                need -= 1
        return out

    # -- dates ---------------------------------------------------------------------------------------------
    def _birth(self, status: str, cell_type: str) -> dt.date:
        rng = self.rng
        if status == MemberStatus.EXEMPT:
            return _date_between(rng, dt.date(1935, 1, 1), dt.date(1960, 12, 31))
        if status == MemberStatus.DECEASED:
            return _date_between(rng, dt.date(1935, 1, 1), dt.date(1952, 12, 31))
        if cell_type == CellType.RESIDENTIAL:
            low, high = _RESIDENTIAL_YEARS(rng)
            return _date_between(rng, dt.date(low, 1, 1), dt.date(high, 12, 31))
        age = rng.triangular(21, 60, 40)
        return _years_before(self.today, age, rng)

    def dates(self, status: str, cell_type: str) -> dict[str, Any]:
        rng, today = self.rng, self.today
        if status == MemberStatus.PROBATIONARY:
            joined = _date_between(rng, self.probation_start, today - dt.timedelta(days=1))
            born = _years_before(joined, rng.triangular(18, 40, 23), rng)
            born_max = min(dt.date(2006, 12, 31), add_months(joined, -18 * 12))
            if born > born_max:
                born = born_max - dt.timedelta(days=rng.randint(0, 300))
            official = None
            changed = joined
        else:
            born = self._birth(status, cell_type)
            born_max = min(dt.date(2006, 12, 31), add_months(self.latest_join, -18 * 12))
            if born > born_max:
                born = born_max - dt.timedelta(days=rng.randint(0, 700))
            born = max(born, dt.date(1935, 1, 1))
            # Admitted at 18 or later (mostly in their twenties), and early enough to be official by now.
            earliest = add_months(born, 18 * 12)
            span = max(0.0, (self.latest_join - earliest).days / 365.25)
            after_18 = rng.triangular(0, min(32.0, span), min(6.0, span)) if span else 0.0
            joined = min(earliest + dt.timedelta(days=int(after_18 * 365.25)), self.latest_join)
            official = add_months(joined, self.months)
            if status == MemberStatus.OFFICIAL:
                changed = official
            elif status == MemberStatus.EXEMPT:
                changed = _date_between(rng, max(official, add_months(born, 60 * 12)), today)
            else:
                changed = _date_between(rng, max(official, today - dt.timedelta(days=5 * 365)), today)
        decided = joined - dt.timedelta(days=rng.randint(7, 45))
        return {
            "birth_on": born,
            "admission_decision_on": decided,
            "joined_on": joined,
            "official_on": official,
            "status_changed_on": changed,
        }

    # -- identity ------------------------------------------------------------------------------------------
    def name(self, female: bool, born: dt.date) -> str:
        rng = self.rng
        family = _FAMILY(rng)
        old = born.year < 1975
        while True:
            if female:
                middle = THI if rng.random() < (0.75 if old else 0.38) else rng.choice(FEMALE_MIDDLE)
                given = rng.choice(FEMALE_GIVEN)
            else:
                middle = VAN if rng.random() < (0.55 if old else 0.22) else rng.choice(MALE_MIDDLE)
                given = rng.choice(MALE_GIVEN)
            if given != middle.split(" ")[-1]:
                return f"{family} {middle} {given}"

    def folded(self, full_name: str) -> tuple[str, str]:
        cached = self.names.get(full_name)
        if cached is None:
            cached = self.names[full_name] = (fold(full_name), name_sort_key(full_name))
        return cached

    def _unique(self, pool: set[str], make: Callable[[], str]) -> str:
        while True:
            value = make()
            if value not in pool:
                pool.add(value)
                return value

    def citizen_id(self, prefix: str, born: dt.date, female: bool) -> str:
        return self._unique(
            self.citizen_ids, lambda: make_citizen_id(prefix, born, female, self.rng.randrange(1_000_000))
        )

    def phone(self) -> str:
        rng = self.rng
        while True:
            number = rng.choice(PHONE_PREFIXES) + f"{rng.randrange(10_000_000):07d}"
            if not number.startswith("0912000"):  # reserved for the demo logins
                return number

    def places(self, cell: OrgSpec) -> dict[str, Any]:
        rng = self.rng
        # Residential cells are organised by residence; a tenth of the others live in another ward.
        if cell.home_ward and (cell.cell_type == CellType.RESIDENTIAL or rng.random() < 0.9):
            residence = cell.home_ward
        else:
            residence = rng.choice(self.wards)
        if cell.address and residence == cell.home_ward:
            address = cell.address
        else:
            address = rng.choice(self.plan.places.get(residence, [""]))
        r = rng.random()
        if r < 0.75:
            home_province, home_ward = PROVINCE_CODE, residence
        elif r < 0.92:
            home_province, home_ward = PROVINCE_CODE, rng.choice(self.wards)
        else:
            home_province = rng.choice(self.other_codes)
            home_ward = rng.choice(self.other_wards[home_province])
        if home_province == PROVINCE_CODE:
            prefix = "033" if home_ward < THAI_BINH_FIRST_WARD_CODE else "034"
        else:
            prefix = rng.choice(OTHER_HOMETOWNS[home_province])
        return {
            "hometown_province_code": home_province,
            "hometown_ward_code": home_ward,
            "residence_province_code": PROVINCE_CODE,
            "residence_ward_code": residence,
            "residence_address": address,
            "_prefix": prefix,
        }

    # -- education and work ----------------------------------------------------------------------------------
    def work(self, cell_type: str, status: str, born: dt.date, joined: dt.date) -> dict[str, Any]:
        rng, today = self.rng, self.today
        age = age_in_years(born, today)
        retired = cell_type == CellType.RESIDENTIAL and age >= 60
        if born.year < 1960:
            general = rng.choices(
                [GeneralEducation.UPPER_SECONDARY, GeneralEducation.LOWER_SECONDARY, GeneralEducation.PRIMARY],
                weights=[60, 30, 10],
            )[0]
        else:
            general = GeneralEducation.UPPER_SECONDARY if rng.random() < 0.95 else GeneralEducation.LOWER_SECONDARY
        key = cell_type if cell_type in _PROFESSIONAL else ""
        professional = _PROFESSIONAL[key](rng)
        office = cell_type in (CellType.AGENCY, CellType.SCHOOL, CellType.HEALTH)
        if status == MemberStatus.PROBATIONARY:
            theory = PoliticalTheory.NONE if rng.random() < 0.8 else PoliticalTheory.ELEMENTARY
        else:
            theory = _THEORY[office](rng)
        if retired:
            before = rng.choice(FORMER_OCCUPATIONS)
            occupation = "Hưu trí" if rng.random() < 0.8 else "Nông dân"
            service = ServiceBackground.RETIRED if occupation == "Hưu trí" else ServiceBackground.NONE
        else:
            occupation = rng.choice(OCCUPATIONS.get(cell_type, OCCUPATIONS[CellType.OTHER]))
            service = ServiceBackground.ARMY if cell_type == CellType.ARMED_FORCES else ServiceBackground.NONE
            if age_in_years(born, joined) < 23 and rng.random() < 0.4:
                before = "Học sinh, sinh viên"
            else:
                before = occupation
        language = ""
        if (
            professional
            in (ProfessionalEducation.BACHELOR, ProfessionalEducation.MASTER, ProfessionalEducation.DOCTORATE)
            and born.year >= 1965
            and rng.random() < 0.7
        ):
            language = rng.choice(LANGUAGES)
        return {
            "general_education": general,
            "professional_education": professional,
            "political_theory": theory,
            "foreign_language": language,
            "occupation_before": before,
            "occupation": occupation,
            "service_background": service,
        }

    # -- one member ----------------------------------------------------------------------------------------
    def member(self, cell_index: int, cell: OrgSpec, status: str) -> dict[str, Any]:
        rng = self.rng
        dates = self.dates(status, cell.cell_type)
        born = dates["birth_on"]
        female = rng.random() < FEMALE_SHARE.get(cell.cell_type, 0.45)
        full_name = self.name(female, born)
        name_folded, sort_key = self.folded(full_name)
        where = self.places(cell)
        prefix = where.pop("_prefix")
        ethnicity = _ETHNICITY(rng)
        religion = _RELIGION(rng)
        phone = "" if born.year < 1950 and rng.random() < 0.3 else self.phone()
        has_card = status != MemberStatus.PROBATIONARY
        card = self._unique(self.cards, lambda: f"{rng.randrange(10_000_000, 100_000_000)}") if has_card else None
        file_number = self._unique(self.files, lambda: f"{prefix[1:]}{rng.randrange(1_000_000):06d}")
        exit_kind = ""
        if status == MemberStatus.LEFT:
            exit_kind = rng.choices([ExitKind.STRUCK_OFF, ExitKind.RESIGNED, ExitKind.EXPELLED], weights=[60, 30, 10])[
                0
            ]
        return {
            "organization": cell_index,
            "full_name": full_name,
            "name_folded": name_folded,
            "name_sort_key": sort_key,
            "gender": Gender.FEMALE if female else Gender.MALE,
            "ethnicity": ethnicity,
            "religion": religion,
            **where,
            **self.work(cell.cell_type, status, born, dates["joined_on"]),
            **dates,
            "card_number": card,
            "biography_number": file_number,
            "citizen_id": self.citizen_id(prefix, born, female),
            "phone": phone,
            "status": status,
            "exit_kind": exit_kind,
        }


def iter_members(plan: DemoPlan) -> Iterator[dict[str, Any]]:
    """The members, cell by cell, as dicts of Member field values (`organization` is an index into plan.orgs)."""
    factory = _MemberFactory(plan)
    for index, cell in plan.cells():
        for status in factory.statuses(cell):
            yield factory.member(index, cell, status)
