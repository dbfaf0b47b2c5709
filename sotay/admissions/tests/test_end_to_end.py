"""End to end: a candidate goes from the awareness course to official member, with every limit counted in
working days, the forms generated, the reminders sent and recognition dated at the exact 12 months
(docs/rules/admission.md; 294-QĐ/TW; 12-HD/BTCTW)."""

from __future__ import annotations

import datetime as dt

import pytest

from sotay.admissions import documents, services, steps
from sotay.admissions.models import Sponsorship, Stage
from sotay.admissions.reminders import send_deadline_reminders
from sotay.core.partydoc import docx_text, render_docx
from sotay.members import services as member_services
from sotay.members.choices import MemberStatus
from sotay.members.party_age import party_age
from sotay.notifications.models import Notification
from sotay.orgs.actor import Actor
from sotay.rules.calendar import add_working_days

pytestmark = pytest.mark.django_db
D = dt.date


def test_candidate_to_official_member(cast):
    by, committee = cast.cell_secretary, cast.commune_committee
    case = services.open_case(
        organization=cast.cell_a,
        data={"full_name": "Đào Thị Mai", "birth_on": D(1998, 4, 2), "gender": "F", "occupation": "Kế toán"},
        actor=Actor.for_user(by),
    )
    services.record_step(
        case=case, form_code=steps.COURSE, done_on=D(2024, 10, 3), document_number="88", actor=Actor.for_user(by)
    )
    services.record_step(case=case, form_code=steps.APPLICATION, done_on=D(2024, 11, 1), actor=Actor.for_user(by))
    for sponsor in (cast.secretary_member, cast.others_a[0]):  # two official members introduce (Điều 4)
        services.add_sponsor(
            case=case,
            sponsor=sponsor,
            role=Sponsorship.Role.SPONSOR,
            known_since=D(2022, 1, 1),
            actor=Actor.for_user(by),
        )
    for code, day in ((steps.BIOGRAPHY, D(2024, 11, 5)), (steps.INTRODUCTION, D(2024, 11, 6))):
        services.record_step(case=case, form_code=code, done_on=day, actor=Actor.for_user(by))
    services.record_step(case=case, form_code=steps.VERIFICATION, done_on=D(2024, 12, 20), actor=Actor.for_user(by))
    resolution = services.record_step(
        case=case,
        form_code=steps.CELL_RESOLUTION,
        done_on=D(2025, 1, 14),
        document_number="03-NQ/CB",
        actor=Actor.for_user(by),
        votes=services.Votes(4, 0, 4),
    )
    case.refresh_from_db()
    # 232-QĐ/TW §4.3.1: 60 working days, across Tết Ất Tỵ (25/01–02/02/2025).
    assert case.decision_due_on == add_working_days(D(2025, 1, 14), 60)
    assert case.decision_due_on > D(2025, 1, 14) + dt.timedelta(days=84)
    decision = services.record_step(
        case=case,
        form_code=steps.DECISION,
        done_on=D(2025, 3, 3),
        document_number="210-QĐ/ĐU",
        actor=Actor.for_user(committee),
    )
    case.refresh_from_db()
    assert case.ceremony_due_on == add_working_days(D(2025, 3, 3), 30)
    # The forms the committee signs say what was recorded.
    assert "Số 03-NQ/CB" in docx_text(render_docx(documents.build(case, resolution.pk)))
    assert "Đào Thị Mai" in docx_text(render_docx(documents.build(case, decision.pk)))

    member = services.admit_member(case=case, ceremony_on=D(2025, 3, 19), actor=Actor.for_user(by))
    case.refresh_from_db()
    assert case.stage == Stage.ADMITTED and member.status == MemberStatus.PROBATIONARY

    # A month before the 12 months end the cell is reminded; the reminder is not repeated.
    assert send_deadline_reminders(D(2026, 2, 25), actor=Actor.system("worker:test")).get("probation") == 1
    assert send_deadline_reminders(D(2026, 2, 26), actor=Actor.system("worker:test")).get("probation", 0) == 0
    assert Notification.objects.filter(recipient=by, title__contains="Sắp hết thời gian dự bị").exists()

    # Recognised late (the cell met in May): official as of the exact 12-month date, 19/03/2026.
    member = member_services.change_member_status(
        member=member,
        status=MemberStatus.OFFICIAL,
        on=D(2026, 5, 12),
        actor=Actor.for_user(committee),
        decision_number="15-QĐ/ĐU",
    )
    assert member.official_on == D(2026, 3, 19)
    # Party age runs from the decision (03/03/2025), not the ceremony (docs/rules/party-age-and-badges.md#tuổi-đảng).
    age = party_age(member, D(2026, 3, 3))
    assert (age.years, age.months, age.days) == (1, 0, 0)
