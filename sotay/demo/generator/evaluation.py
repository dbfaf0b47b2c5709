"""Demo data for evaluation: yearly reviews, a model-cell programme and "bốn tốt" in the demo commune.

Called once from `write_plan` after the logins exist. Deterministic: grades are drawn from a seeded generator.
Everything goes through sotay.evaluation.services, so the demo obeys the same rules (scores, order, quota).

- The two years before the one in progress are decided for the members of a few cells of the demo commune
  (the demo member's cell first), with two members rated KHTNV both years (the xóa tên flag);
- the year in progress is open: some members have assessed themselves, some are reviewed and await the
  decision (one proposed HTXSNV beyond the quota, so the decision screen warns), the rest are "not yet evaluated";
- "Đề án 02-ĐA/TU" (2022–2025, targets 50% / 20%) with cells at every step, two recognised;
- a "bốn tốt" scheme with last year's assessments and one recognition.
"""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal

from django.utils import timezone

from sotay.orgs.actor import Actor

CELLS = 5
MEMBERS_PER_YEAR = 120
SEED = 7


def _acting_day(opened: dt.date, today: dt.date, days: int) -> dt.date:
    return min(opened + dt.timedelta(days=days), today)


def add_demo_evaluation(today: dt.date | None = None) -> int:
    """Returns the number of evaluations created."""
    from sotay.accounts.models import User
    from sotay.evaluation import services
    from sotay.evaluation.models import AssessmentKind, CriteriaSet, SchemeKind, Subject
    from sotay.members.models import Member
    from sotay.orgs.models import CELL_KINDS, Organization, subtree_filter

    today = today or timezone.localdate()
    users = {u.username: u for u in User.objects.filter(username__in=["xa", "chibo", "dangvien", "bantochuc"])}
    secretary = users["chibo"].member if "chibo" in users else None
    if "xa" not in users or secretary is None:
        return 0
    committee_user, secretary_user = users["xa"], users["chibo"]
    grant = committee_user.role_grants.first()
    assert grant is not None  # the demo commune committee's login holds its grant
    commune = grant.organization
    province = Organization.objects.get_parent(commune)
    rng = random.Random(SEED)
    own_cell = secretary.organization
    cells = [own_cell] + [
        c
        for c in Organization.objects.filter(subtree_filter(commune.path), kind__in=CELL_KINDS, valid_to__isnull=True)
        .exclude(pk=own_cell.pk)
        .order_by("path")[: CELLS - 1]
    ]
    members = list(
        Member.objects.filter(organization__in=cells, status__in=("OFFICIAL", "PROBATIONARY"))
        .select_related("organization")
        .order_by("organization__path", "pk")[:MEMBERS_PER_YEAR]
    )
    in_progress = today.year if today.month >= 10 else today.year - 1
    created = 0

    def scores(cs, total: int) -> dict:
        if not cs.scored:
            return {}
        left, out = Decimal(total), {}
        for c in cs.criteria.all():
            give = min(left, c.max_score)
            out[c.pk] = give
            left -= give
        return out

    def run(campaign, member, grade, total, upto: str, opened: dt.date, above: int = 0) -> None:
        nonlocal created
        cs = campaign.member_criteria
        for i, (kind, _by) in enumerate(
            (("SELF", secretary_user), ("REVIEWED", secretary_user), ("DECIDED", committee_user))
        ):
            data = services.StepInput(
                kind=kind,
                grade=grade,
                acted_on=_acting_day(opened, today, 3 + 5 * i),
                scores=scores(cs, total),
                tasks_above_percent=Decimal(above),
                comment="" if cs.scored else "Xếp loại theo 124-QĐ/TW.",
                decision_number=f"{10 + campaign.year % 100}-TB/ĐU" if kind == "DECIDED" else "",
                acknowledge_quota=True,
            )
            services.record_step(campaign=campaign, member=member, actor=Actor.system("demo"), data=data)
            if kind == upto:
                break
        created += 1

    def grade_for(cs) -> tuple[str, int, int]:
        draw = rng.random()
        if draw < 0.12:
            return "HTXSNV", rng.randint(90, 98), 35
        if draw < 0.85:
            return "HTTNV", rng.randint(72, 88), 0
        if draw < 0.97:
            return "HTNV", rng.randint(52, 68), 0
        return "KHTNV", rng.randint(30, 48), 0

    flagged = {m.pk for m in members[-2:]}
    for year in (in_progress - 2, in_progress - 1):
        if CriteriaSet.objects.in_force(Subject.MEMBER, dt.date(year, 12, 31)) is None:
            continue
        opened = dt.date(year, 12, 1)
        campaign = services.open_campaign(organization=commune, year=year, opened_on=opened, actor=Actor.system("demo"))
        for member in members:
            grade, total, above = ("KHTNV", 40, 0) if member.pk in flagged else grade_for(campaign.member_criteria)
            run(campaign, member, grade, total, "DECIDED", opened, above)
        services.close_campaign(campaign=campaign, actor=Actor.system("demo"), closed_on=_acting_day(opened, today, 30))

    opened = min(dt.date(in_progress, 11, 15), today) if in_progress == today.year else dt.date(in_progress, 12, 1)
    current = services.open_campaign(
        organization=commune,
        year=in_progress,
        opened_on=opened,
        due_on=dt.date(in_progress, 12, 31),
        actor=Actor.system("demo"),
    )
    own_member = users["dangvien"].member if "dangvien" in users else None
    for i, member in enumerate(members):
        if i % 3 == 2 or member == own_member:
            continue  # not yet evaluated
        grade, total, above = grade_for(current.member_criteria)
        run(current, member, grade, total, "SELF" if i % 3 == 0 else "REVIEWED", opened, above)
    if own_member is not None:
        run(current, own_member, "HTXSNV", 95, "REVIEWED", opened, 40)  # the decision screen's quota warning

    # Model cells: Đề án 02-ĐA/TU, 2022–2025.
    scheme = services.create_scheme(
        kind=SchemeKind.MODEL_CELL,
        organization=province,
        title="Đề án xây dựng chi bộ kiểu mẫu trong các loại hình chi bộ, giai đoạn 2022–2025",
        reference="02-ĐA/TU",
        issued_on=dt.date(2022, 4, 20),
        start_year=2022,
        end_year=2025,
        target_base_cell_percent=Decimal(50),
        target_cell_percent=Decimal(20),
        actor=Actor.system("demo"),
    )
    supervisor = committee_user.member or secretary
    for n, cell in enumerate(cells):
        e = services.register_cell(
            scheme=scheme, organization=cell, registered_on=dt.date(2023, 3, 1 + n), actor=Actor.system("demo")
        )
        # Cells 0–1 end recognised, 2 fails its appraisal, 3 stops at the plan, 4 has only registered.
        if n >= 4:
            continue
        services.attach_plan(
            enrolment=e,
            resolution_number=f"{n + 1:02d}-NQ/CB",
            resolution_on=dt.date(2023, 3, 15),
            plan_note="Kế hoạch xây dựng chi bộ kiểu mẫu; phân công chi ủy viên theo dõi từng nội dung.",
            actor=Actor.system("demo"),
        )
        if n == 3:
            continue
        services.assign_supervisor(
            enrolment=e, supervisor=supervisor, assigned_on=dt.date(2023, 4, 1), actor=Actor.system("demo")
        )
        criteria = list(scheme.criteria_for(cell.cell_type))
        factor = Decimal("0.9") if n < 2 else Decimal("0.7")
        full = {c.pk: (c.max_score * factor).quantize(Decimal("0.01")) for c in criteria}
        services.assess_model_cell(
            enrolment=e,
            kind=AssessmentKind.SELF,
            assessed_on=dt.date(2024, 11, 20),
            scores=full,
            period_label="Năm 2024",
            evidence="Biên bản sinh hoạt chi bộ hằng tháng; báo cáo kết quả thực hiện nghị quyết.",
            actor=Actor.system("demo"),
        )
        if n > 2:
            continue
        services.assess_model_cell(
            enrolment=e,
            kind=AssessmentKind.APPRAISAL,
            assessed_on=dt.date(2024, 12, 5),
            scores=full,
            actor=Actor.system("demo"),
        )
        if n < 2:
            services.recognise_model_cell(
                scheme=scheme,
                organization=cell,
                decision_number=f"{215 + n}-QĐ/ĐU",
                recognised_on=dt.date(2024, 12, 20),
                actor=Actor.system("demo"),
            )

    # "Bốn tốt": last year's assessments, one recognised.
    four = services.create_scheme(
        kind=SchemeKind.FOUR_GOOD,
        organization=province,
        title="Xây dựng chi bộ, đảng bộ cơ sở “bốn tốt”",
        reference="07-KH/TW",
        issued_on=dt.date(2022, 8, 17),
        start_year=2022,
        end_year=2030,
        actor=Actor.system("demo"),
    )
    from sotay.evaluation.recognition_data import four_good_prefill

    year = in_progress - 1
    for n, cell in enumerate(cells[:3]):
        prefill = four_good_prefill(four, cell, year)
        marks = {
            c.pk: prefill.get(
                c.pk, ((c.max_score * Decimal("0.9" if n == 0 else "0.6")).quantize(Decimal("0.01")), "")
            )[0]
            for c in four.criteria.all()
        }
        a = services.assess_four_good(
            scheme=four,
            organization=cell,
            year=year,
            assessed_on=_acting_day(dt.date(year, 12, 20), today, 0),
            scores=marks,
            from_data={cid: note for cid, (_s, note) in prefill.items()},
            actor=Actor.system("demo"),
        )
        if a.passed:
            services.recognise_four_good(
                assessment=a,
                decision_number=f"{300 + n}-QĐ/ĐU",
                recognised_on=a.assessed_on,
                actor=Actor.system("demo"),
            )
    return created
