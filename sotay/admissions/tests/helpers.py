"""Shared set-up: a candidate in the cast's chi bộ taken up to the verification step."""

from __future__ import annotations

import datetime as dt

from sotay.admissions import services, steps
from sotay.admissions.models import AdmissionCase, Sponsorship
from sotay.orgs.actor import Actor

D = dt.date
BORN = D(2000, 1, 15)
RESOLVED = D(2026, 1, 20)


def open_case(cast, *, org=None, birth_on: dt.date = BORN, **extra) -> AdmissionCase:
    data = {"full_name": "Ngô Thị Hạnh", "birth_on": birth_on, "gender": "F", "occupation": "Giáo viên", **extra}
    org = org or cast.cell_a
    by = cast.cell_secretary if org == cast.cell_a else cast.commune_committee  # the service checks the scope
    return services.open_case(organization=org, data=data, actor=Actor.for_user(by))


def through_verification(cast, case: AdmissionCase, *, sponsor=None) -> AdmissionCase:
    by = cast.cell_secretary if case.organization == cast.cell_a else cast.commune_committee  # checked by the service
    services.record_step(
        case=case, form_code=steps.COURSE, done_on=D(2025, 9, 10), document_number="12", actor=Actor.for_user(by)
    )
    services.record_step(case=case, form_code=steps.APPLICATION, done_on=D(2025, 10, 1), actor=Actor.for_user(by))
    services.add_sponsor(
        case=case,
        sponsor=sponsor or cast.secretary_member,
        role=Sponsorship.Role.SPONSOR,
        known_since=D(2024, 6, 1),
        actor=Actor.for_user(by),
    )
    # A Youth Union member: the Đoàn's resolution (4-KNĐ) and one official member introduce (Statute, Điều 4).
    services.record_step(case=case, form_code=steps.YOUTH_UNION, done_on=D(2025, 10, 1), actor=Actor.for_user(by))
    services.record_step(case=case, form_code=steps.BIOGRAPHY, done_on=D(2025, 10, 1), actor=Actor.for_user(by))
    services.record_step(case=case, form_code=steps.INTRODUCTION, done_on=D(2025, 10, 2), actor=Actor.for_user(by))
    services.record_step(case=case, form_code=steps.VERIFICATION, done_on=D(2025, 12, 15), actor=Actor.for_user(by))
    case.refresh_from_db()
    return case


def cell_vote(case: AdmissionCase, by, *, on: dt.date = RESOLVED, votes_for: int = 3, total: int = 4):
    votes = services.Votes(votes_for, total - votes_for, total)
    return services.record_step(
        case=case,
        form_code=steps.CELL_RESOLUTION,
        done_on=on,
        document_number="01-NQ/CB",
        actor=Actor.for_user(by),
        votes=votes,
    )
