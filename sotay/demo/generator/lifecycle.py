"""Demo data for the member lifecycle: admission cases at several stages, this year's development
targets distributed from the province down, and a file on loan — all written through the services, so the demo
obeys the same rules as real work. Dates count back from the demo's reference day.
"""

from __future__ import annotations

import datetime as dt

from sotay.accounts.models import User
from sotay.admissions import funnel, services, steps
from sotay.admissions.models import Sponsorship
from sotay.members import file_loans
from sotay.members.choices import MemberStatus
from sotay.members.models import Member
from sotay.orgs.actor import Actor
from sotay.orgs.models import Organization, OrgKind

CANDIDATES = [
    # name, birth, gender, how far the case has gone
    ("Lương Thị Thu Hà", dt.date(2001, 5, 12), "F", "verified"),
    ("Đặng Văn Khải", dt.date(1996, 9, 3), "M", "resolved"),
    ("Vũ Ngọc Ánh", dt.date(1999, 2, 20), "F", "decided"),
]


def _days(today: dt.date, n: int) -> dt.date:
    return today - dt.timedelta(days=n)


def _case(secretary: User, committee: User, sponsor: Member, today: dt.date, spec) -> None:
    name, born, gender, stage = spec
    cell = sponsor.organization  # the secretary's own cell
    case = services.open_case(
        organization=cell, data={"full_name": name, "birth_on": born, "gender": gender}, actor=Actor.system("demo")
    )
    record = services.record_step
    record(
        case=case,
        form_code=steps.COURSE,
        done_on=_days(today, 200),
        document_number="45/GCN",
        actor=Actor.system("demo"),
    )
    record(case=case, form_code=steps.APPLICATION, done_on=_days(today, 170), actor=Actor.system("demo"))
    services.add_sponsor(
        case=case,
        sponsor=sponsor,
        role=Sponsorship.Role.SPONSOR,
        known_since=_days(today, 900),
        actor=Actor.system("demo"),
    )
    # Youth Union members: the Đoàn's 4-KNĐ and one official member introduce them (Statute, Điều 4).
    record(
        case=case,
        form_code=steps.YOUTH_UNION,
        done_on=_days(today, 166),
        document_number="12-NQ/ĐTN",
        actor=Actor.system("demo"),
    )
    record(case=case, form_code=steps.BIOGRAPHY, done_on=_days(today, 165), actor=Actor.system("demo"))
    record(case=case, form_code=steps.INTRODUCTION, done_on=_days(today, 164), actor=Actor.system("demo"))
    record(case=case, form_code=steps.VERIFICATION, done_on=_days(today, 120), actor=Actor.system("demo"))
    if stage == "verified":
        return  # its verification case, still waiting for a reply, comes with the cadres demo (cadres.py)
    _verified(case, cell, today)
    officials = Member.objects.filter(organization=cell, status=MemberStatus.OFFICIAL).count()
    record(
        case=case,
        form_code=steps.CELL_RESOLUTION,
        done_on=_days(today, 80 if stage == "resolved" else 60),
        document_number="02-NQ/CB",
        actor=Actor.system("demo"),
        votes=services.Votes(officials, 0, officials),
    )
    if stage == "resolved":
        return
    record(
        case=case,
        form_code=steps.DECISION,
        done_on=_days(today, 20),
        document_number="118-QĐ/ĐU",
        actor=Actor.system("demo"),
    )


def _verified(case, cell: Organization, today: dt.date) -> None:
    """The commune's political-standard verification concluded "meets" before the vote
    (docs/rules/cadres.md#thẩm-tra-trước-khi-biểu-quyết)."""
    from sotay.verification import services as verification

    commune = Organization.objects.filter(kind=OrgKind.COMMUNE_COMMITTEE, path=cell.path[:8]).first() or cell
    demo = Actor.system("demo")
    vcase = verification.open_case(
        actor=demo,
        organization=commune,
        purpose="ADMISSION",
        full_name=case.full_name,
        birth_on=case.birth_on,
        declaration_received_on=_days(today, 165),
        admission_case=case,
    )
    letter = verification.send_letter(
        actor=demo, case=vcase, place="RESIDENCE", addressee=f"Chi ủy {cell.name}", sent_on=_days(today, 160)
    )
    verification.record_reply(actor=demo, letter=letter, reply_on=_days(today, 140), result="CLEAR")
    verification.conclude(
        actor=demo,
        case=vcase,
        conclusion="MEETS",
        deciding_body=f"Ban Thường vụ {commune.board_name}",
        concluded_on=_days(today, 125),
    )


def add_demo_lifecycle(today: dt.date) -> int:
    """Returns the number of admission cases created (0 when the demo logins are missing)."""
    users = {u.username: u for u in User.objects.filter(username__in=["bantochuc", "xa", "chibo"])}
    secretary, committee, staff = users.get("chibo"), users.get("xa"), users.get("bantochuc")
    sponsor = secretary.member if secretary else None
    if not (secretary and committee and staff and sponsor):
        return 0
    cell = sponsor.organization
    for spec in CANDIDATES:
        _case(secretary, committee, sponsor, today, spec)
    # Targets for this year: the province gives its communes a figure, the demo commune shares its own out.
    commune = Organization.objects.filter(kind=OrgKind.COMMUNE_COMMITTEE, path=cell.path[:8]).first()
    province = Organization.objects.get_root_nodes().filter(valid_to__isnull=True).first()
    if commune is not None and province is not None:
        for i, child in enumerate(Organization.objects.children_of(province).filter(valid_to__isnull=True)[:12]):
            funnel.set_target(organization=child, year=today.year, target=8 + (i % 5) * 2, actor=Actor.system("demo"))
        for child in Organization.objects.children_of(commune).filter(valid_to__isnull=True)[:6]:
            funnel.set_target(organization=child, year=today.year, target=1, actor=Actor.system("demo"))
    borrowed = Member.objects.filter(organization=cell, status=MemberStatus.OFFICIAL).order_by("pk")[2:3].first()
    if borrowed is not None:
        file_loans.lend_file(
            member=borrowed,
            borrower="Đồng chí Nguyễn Văn Thành",
            borrower_unit="Ủy ban Kiểm tra Đảng ủy xã",
            purpose="Thẩm tra, xác minh",
            documents="Lý lịch đảng viên, phiếu bổ sung hồ sơ",
            lent_on=_days(today, 30),
            due_on=_days(today, 9),
            actor=Actor.system("demo"),
        )
    return len(CANDIDATES)
