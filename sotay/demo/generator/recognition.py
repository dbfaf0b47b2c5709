"""Demo data for recognition as official member: two probationary members of the demo cell whose 12 months have
ended — one whose cell has voted (waiting for the commune's decision), one overdue — and the cases the daily task
opens for the rest of the province. Written through the services."""

from __future__ import annotations

import datetime as dt

from sotay.accounts.models import User
from sotay.admissions import recognition as rec
from sotay.lib.citizen_id import make_citizen_id
from sotay.lib.dates import add_months
from sotay.members.choices import MemberStatus
from sotay.members.services import create_member
from sotay.orgs.actor import Actor

PEOPLE = [
    # name, birth, gender, months since joining, whether the cell has voted
    ("Hà Thị Ngọc Diệp", dt.date(2000, 3, 8), "F", 13, True),
    ("Tạ Quang Vinh", dt.date(1998, 11, 21), "M", 15, False),
]


def add_demo_recognitions(today: dt.date) -> int:
    """Returns the number of recognition cases opened (0 when the demo logins are missing)."""
    secretary = User.objects.filter(username="chibo").select_related("member__organization").first()
    if secretary is None or secretary.member is None:
        return 0
    cell = secretary.member.organization
    actor = Actor.system("demo")
    for name, born, gender, months, voted in PEOPLE:
        joined = add_months(today, -months)
        # A citizen ID of the province (code 033) with serials far from the generator's, so none collides.
        citizen_id = make_citizen_id("033", born, gender == "F", 990_000 + len(name))
        data = {
            "full_name": name,
            "birth_on": born,
            "gender": gender,
            "ethnicity": "01",
            "joined_on": joined,
            "citizen_id": citizen_id,
        }
        member = create_member(data=data, organization=cell, actor=actor, status=MemberStatus.PROBATIONARY)
        case = rec.open_recognition(member=member, actor=actor)
        if voted:
            ends = case.probation_ends_on
            for code in rec.CELL_PAPERS:
                rec.record_step(case=case, form_code=code, done_on=ends - dt.timedelta(days=5), actor=actor)
            rec.record_step(
                case=case,
                form_code=rec.CELL_RESOLUTION,
                done_on=min(today, ends + dt.timedelta(days=7)),
                document_number="07-NQ/CB",
                votes=rec.Votes(5, 0, 5),
                actor=actor,
            )
    return len(PEOPLE) + rec.open_due_recognitions(actor=Actor.system("recognition"), on=today)
