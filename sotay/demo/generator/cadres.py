"""Demo data for cadres and verification (issue 17 §1–4): positions and standards for the communes, a 2030–2035
cadre plan of the demo commune with warnings, two rotations in progress, and verification cases at different
stages (one with an overdue letter) — written through the services, so the demo obeys the same rules."""

from __future__ import annotations

import datetime as dt

from sotay.accounts.models import User
from sotay.cadres import seed
from sotay.cadres import services as cadres
from sotay.cadres.models import Appointment, Position
from sotay.members.choices import MemberStatus
from sotay.members.models import Member
from sotay.orgs.actor import Actor
from sotay.orgs.models import Organization, OrgKind, subtree_filter
from sotay.verification import services as verification
from sotay.verification.models import Letter, Purpose


def _days(today: dt.date, n: int) -> dt.date:
    return today - dt.timedelta(days=n)


def _positions(actor: Actor, commune: Organization) -> dict[str, Position]:
    made = {}
    for order, (kind, title, posts) in enumerate(seed.COMMUNE_POSITIONS):
        made[kind] = cadres.create_position(
            actor=actor, organization=commune, kind=kind, title=title, posts=posts, order=order
        )
    return made


def _officials(org: Organization):
    """Official members without a login: the demo's logins keep exactly the roles they were given."""
    return Member.objects.filter(
        subtree_filter(org.path, "organization__path"), status=MemberStatus.OFFICIAL, user__isnull=True
    ).order_by("pk")


def add_demo_cadres(today: dt.date) -> int:
    """Returns the number of verification cases created (0 without the demo logins)."""
    users = {u.username: u for u in User.objects.filter(username__in=["xa", "chibo"])}
    secretary = users["chibo"].member if "chibo" in users else None
    if "xa" not in users or secretary is None:
        return 0
    actor = Actor.system("demo")
    cell = secretary.organization
    commune = Organization.objects.filter(kind=OrgKind.COMMUNE_COMMITTEE, path=cell.path[:8]).first()
    if commune is None:
        return 0
    province = Organization.objects.get_parent(commune)
    others = list(
        Organization.objects.children_of(province)
        .filter(kind=OrgKind.COMMUNE_COMMITTEE, valid_to__isnull=True)
        .exclude(pk=commune.pk)[:3]
    )
    positions = _positions(actor, commune)
    for other in others:
        _positions(actor, other)
    people = list(_officials(commune)[:40])
    if len(people) < 20:
        return 0
    # Holders: a secretary and a deputy elected at the 2025 congress (the demo's logins keep their own roles).
    elected = _days(today, 420)
    for kind, person in (("SECRETARY", people[0]), ("DEPUTY_SECRETARY", people[1]), ("STANDING", people[2])):
        cadres.appoint(
            actor=actor,
            member=person,
            position=positions[kind],
            kind=Appointment.Kind.ELECTION,
            decision_number="01-NQ/ĐH",
            decision_on=elected,
            starts_on=elected,
        )
    # Two rotations in progress: one into the demo commune, one out to a neighbour.
    cadres.appoint(
        actor=actor,
        member=people[3],
        position=positions["STANDING"],
        kind=Appointment.Kind.ROTATION,
        decision_number="215-QĐ/TU",
        decision_on=_days(today, 200),
        starts_on=_days(today, 190),
        planned_end_on=today + dt.timedelta(days=540),
        from_text="Phó Trưởng phòng, Ban Tổ chức Tỉnh ủy",
    )
    if others:
        target = Position.objects.filter(organization=others[0], kind="DEPUTY_SECRETARY").first()
        assert target is not None  # every demo cell has its positions
        cadres.appoint(
            actor=actor,
            member=people[4],
            position=target,
            kind=Appointment.Kind.ROTATION,
            decision_number="216-QĐ/TU",
            decision_on=_days(today, 100),
            starts_on=_days(today, 95),
            planned_end_on=today + dt.timedelta(days=640),
            from_text=f"Ủy viên Ban Thường vụ {commune.board_name}",
        )
    # The 2030–2035 plan: 2 people for the secretary, 3 for the two deputies (under the ratio), 9 for the standing
    # committee, none for the UBKT chair — and whatever ages and qualifications the registry holds.
    plan = cadres.create_plan(
        actor=actor,
        organization=commune,
        term_start=2030,
        term_end=2035,
        term_starts_on=dt.date(2030, 7, 1),
        decision_number="320-QĐ/TU",
        decision_on=_days(today, 300),
    )
    added = _days(today, 290)
    slots = [("SECRETARY", people[5:7]), ("DEPUTY_SECRETARY", people[7:10]), ("STANDING", people[10:19])]
    for kind, group in slots:
        for person in group:
            cadres.add_to_plan(
                actor=actor,
                plan=plan,
                position=positions[kind],
                member=person,
                on=added,
                reason="Rà soát, bổ sung quy hoạch năm đầu nhiệm kỳ",
                decision="320-QĐ/TU",
            )
    leaving = plan.entries.filter(member=people[12]).first()
    assert leaving is not None  # added to the plan above
    cadres.remove_from_plan(
        actor=actor, entry=leaving, on=_days(today, 30), reason="Chuyển công tác ra ngoài tỉnh", decision="45-QĐ/ĐU"
    )
    return _verification(actor, commune, cell, people, today)


def _verification(actor: Actor, commune: Organization, cell: Organization, people, today: dt.date) -> int:
    from sotay.admissions.models import AdmissionCase

    count = 0
    # Admission: the candidate waiting for the vote, letters sent 40 days ago, one reply still missing (overdue).
    candidate = AdmissionCase.objects.filter(organization=cell, stage="VERIFIED").order_by("pk").first()
    if candidate is not None:
        case = verification.open_case(
            actor=actor,
            organization=commune,
            purpose=Purpose.ADMISSION,
            full_name=candidate.full_name,
            birth_on=candidate.birth_on,
            declaration_received_on=_days(today, 45),
            admission_case=candidate,
        )
        home = verification.send_letter(
            actor=actor,
            case=case,
            place=Letter.Place.HOMETOWN,
            addressee="Đảng ủy xã Tân Hưng",
            sent_on=_days(today, 40),
            number="112-CV/ĐU",
        )
        verification.send_letter(
            actor=actor,
            case=case,
            place=Letter.Place.RELATIVE,
            addressee="Đảng ủy phường Hồng Châu",
            about="Lương Văn Minh (bố đẻ)",
            sent_on=_days(today, 40),
            number="113-CV/ĐU",
        )
        verification.record_reply(
            actor=actor,
            letter=home,
            reply_on=_days(today, 25),
            result=Letter.Result.CLEAR,
            summary="Bản thân và gia đình chấp hành tốt chủ trương, chính sách.",
        )
        count += 1
    # Appointment: concluded "meets".
    person = people[6]
    case = verification.open_case(
        actor=actor,
        organization=commune,
        purpose=Purpose.APPOINTMENT,
        full_name=person.full_name,
        birth_on=person.birth_on,
        member=person,
        declaration_received_on=_days(today, 80),
    )
    letter = verification.send_letter(
        actor=actor,
        case=case,
        place=Letter.Place.WORKPLACE,
        addressee="Chi bộ Văn phòng Đảng ủy",
        sent_on=_days(today, 78),
    )
    verification.record_reply(actor=actor, letter=letter, reply_on=_days(today, 70), result=Letter.Result.CLEAR)
    verification.conclude(
        actor=actor,
        case=case,
        conclusion="MEETS",
        deciding_body=f"Ban Thường vụ {commune.board_name}",
        concluded_on=_days(today, 65),
    )
    count += 1
    # Planning: the declaration just received, letters not yet sent.
    person = people[8]
    verification.open_case(
        actor=actor,
        organization=commune,
        purpose=Purpose.PLANNING,
        full_name=person.full_name,
        birth_on=person.birth_on,
        member=person,
        declaration_received_on=_days(today, 3),
    )
    return count + 1
