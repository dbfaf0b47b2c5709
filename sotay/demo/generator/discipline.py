"""Demo data for inspection, supervision and discipline in the demo commune (docs/discipline.md).

Called once from `write_plan` after the evaluation demo (the KHTNV rule must see that campaign). Everything goes
through the services with the `demo` system actor, so the demo obeys the same rules.

- the commune's inspection and supervision plan for the year in progress, half done: concluded inspections and a
  supervision ending in a cảnh báo, one in progress, the rest planned; recommendations done, open and overdue;
- three disciplinary decisions: a cảnh cáo in the year in progress for a member not yet evaluated whose next badge
  milestone falls within the delay (so the badge date moves and the evaluation is decided KHTNV), a khiển trách the
  year before with an appeal pending, and a khiển trách of a cell.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.utils import timezone


def add_demo_discipline(today: dt.date | None = None) -> int:
    """Returns the number of disciplinary decisions created."""
    from sotay.accounts.models import User
    from sotay.discipline import hooks, services
    from sotay.discipline.models import Sanction
    from sotay.evaluation import services as evaluation
    from sotay.evaluation.models import Evaluation, EvaluationCampaign, Period
    from sotay.inspection import services as inspection
    from sotay.inspection.models import Body, Kind, Result
    from sotay.lib.dates import add_months
    from sotay.members.badges import next_milestone
    from sotay.members.models import Member
    from sotay.orgs.actor import Actor
    from sotay.orgs.models import CELL_KINDS, Organization, subtree_filter

    today = today or timezone.localdate()
    committee_user = User.objects.filter(username="xa").first()
    secretary_user = User.objects.filter(username="chibo").first()
    if committee_user is None or secretary_user is None or secretary_user.member is None:
        return 0
    actor = Actor.system("demo")
    grant = committee_user.role_grants.first()
    assert grant is not None  # the demo commune committee's login holds its grant
    commune = grant.organization
    own_cell = secretary_user.member.organization
    year = today.year if today.month >= 10 else today.year - 1

    def day(month: int, d: int = 1, y: int = year) -> dt.date:
        return min(dt.date(y, month, d), today)

    cells = list(
        Organization.objects.filter(subtree_filter(commune.path), kind__in=CELL_KINDS, valid_to__isnull=True)
        .exclude(pk=own_cell.pk)
        .order_by("path")[:6]
    )
    # --- inspection and supervision plan, half done --------------------------------------------------------------
    plan = inspection.create_plan(
        actor=actor,
        organization=commune,
        year=year,
        title=f"Kế hoạch kiểm tra, giám sát năm {year} của Đảng ủy {commune.name.removeprefix('Đảng bộ ')}",
        decision_number=f"05-KH/ĐU ({year})",
    )
    subjects = [own_cell, *cells]
    contents = [
        "Việc thu, nộp, quản lý đảng phí",
        "Chấp hành chế độ sinh hoạt chi bộ",
        "Thực hiện Quy định 08-QĐi/TW về trách nhiệm nêu gương",
        "Công tác phát triển đảng viên",
        "Việc quản lý hồ sơ đảng viên",
        "Thực hiện nghị quyết của chi bộ về phát triển kinh tế",
    ]
    items = []
    for n, content in enumerate(contents):
        cell = subjects[n % len(subjects)]
        kind = Kind.SUPERVISION if n in (2, 5) else Kind.INSPECTION
        start = day(2 + n, 1)
        items.append(
            inspection.add_inspection(
                actor=actor,
                plan=plan,
                kind=kind,
                body=Body.UBKT if kind == Kind.INSPECTION else Body.COMMITTEE,
                content=content,
                period_start=start,
                period_end=max(start, day(2 + n, 28)),
                subject_organization=cell,
            )
        )
    for n, item in enumerate(items[:4]):
        inspection.record_decision(
            actor=actor,
            inspection=item,
            decision_number=f"{20 + n}-QĐ/UBKT",
            decision_on=item.period_start,
            team="Đồng chí Chủ nhiệm UBKT (trưởng đoàn); hai ủy viên UBKT",
        )
    findings = {
        0: (Result.SHORTCOMINGS, "Thu đảng phí chậm; sổ thu chưa ghi đủ ba tháng."),
        1: (Result.GOOD, "Chi bộ duy trì sinh hoạt đều đặn, nội dung phong phú."),
        2: (Result.ALERT, "Một số đảng viên chưa nêu gương trong việc chấp hành quy định ở khu dân cư."),
    }
    for n, (result, text) in findings.items():
        inspection.record_conclusion(
            actor=actor,
            inspection=items[n],
            concluded_on=items[n].period_end,
            result=result,
            findings=text,
            conclusion_number=f"{30 + n}-TB/UBKT",
        )
    recs = [
        (items[0], "Thu đủ đảng phí còn nợ, ghi đủ sổ thu", -40, True),
        (items[0], "Kiểm điểm trách nhiệm của đồng chí phụ trách thu đảng phí", -10, False),
        (items[2], "Chi ủy nhắc nhở, theo dõi việc nêu gương của đảng viên", 20, False),
        (items[2], "Báo cáo kết quả khắc phục với Đảng ủy", 60, False),
    ]
    for item, text, due_in, done in recs:
        base = item.concluded_on or item.period_end
        due = max(base, today + dt.timedelta(days=due_in))
        rec = inspection.add_recommendation(
            actor=actor, inspection=item, text=text, addressee=item.subject_name, due_on=due
        )
        if done:
            inspection.complete_recommendation(actor=actor, item=rec, done_on=max(base, today - dt.timedelta(days=45)))

    # --- three disciplinary decisions -----------------------------------------------------------------------------
    created = 0
    campaign = EvaluationCampaign.objects.filter(
        organization=commune, year=year, period=Period.YEAR, closed_on__isnull=True
    ).first()
    decided_on = day(3, 10)
    evaluated = (
        set(Evaluation.objects.filter(campaign=campaign).values_list("member_id", flat=True)) if campaign else set()
    )
    months = 9  # cảnh cáo (24-QĐ/TW as reported, cần đối chiếu)
    chosen = None
    for member in (
        Member.objects.filter(subtree_filter(commune.path, "organization__path"), status="OFFICIAL")
        .exclude(pk__in=evaluated)
        .exclude(user__isnull=False)
        .prefetch_related("badges", "party_age_gaps")
        .order_by("organization__path", "pk")[:3000]
    ):
        found = next_milestone(member, decided_on)
        if found and decided_on <= found[1] < add_months(decided_on, months) and member.joined_on < decided_on:
            chosen = member
            break
    if chosen is not None:
        services.record_discipline(
            actor=actor,
            kind=Sanction.WARNING,
            violation="Vi phạm quy định về những điều đảng viên không được làm (vay nợ không trả, gây dư luận xấu).",
            deciding_body=commune,
            decision_number=f"12-QĐ/ĐU ({year})",
            decided_on=decided_on,
            member=chosen,
        )
        created += 1
        assert found is not None  # found with the chosen member
        assert hooks.badge_delay(Member.objects.get(pk=chosen.pk), found[1]) is not None
        if campaign is not None and campaign.member_criteria is not None:
            cs = campaign.member_criteria
            scores: dict[int, Decimal] = {}
            left = Decimal(45)
            for c in cs.criteria.all():
                assert c.max_score is not None  # the criteria of the scored 366 set
                give = min(left, c.max_score)
                scores[c.pk], left = give, left - give
            for i, (stage, by) in enumerate(
                (("SELF", secretary_user), ("REVIEWED", secretary_user), ("DECIDED", committee_user))
            ):
                evaluation.record_step(
                    campaign=campaign,
                    member=chosen,
                    actor=Actor.for_user(by),
                    data=evaluation.StepInput(
                        kind=stage,
                        grade="KHTNV",
                        acted_on=min(campaign.opened_on + dt.timedelta(days=2 + 3 * i), today),
                        scores=scores if cs.scored else {},
                        comment="Bị kỷ luật cảnh cáo trong năm.",
                        decision_number=f"{10 + year % 100}-TB/ĐU" if stage == "DECIDED" else "",
                    ),
                )
    other = (
        Member.objects.filter(organization__in=cells, status="OFFICIAL", user__isnull=True)
        .exclude(pk__in=[chosen.pk] if chosen is not None else [])
        .order_by("pk")
        .first()
    )
    if other is not None:
        reprimand = services.record_discipline(
            actor=actor,
            kind=Sanction.REPRIMAND,
            violation="Không chấp hành sự phân công của chi bộ.",
            deciding_body=other.organization,
            decision_number=f"03-QĐ/CB ({year - 1})",
            decided_on=dt.date(year - 1, 9, 15),
            member=other,
        )
        services.file_appeal(
            actor=actor, discipline=reprimand, filed_on=dt.date(year - 1, 10, 1), content="Đề nghị xem xét lại."
        )
        created += 1
    if cells:
        services.record_discipline(
            actor=actor,
            kind=Sanction.REPRIMAND,
            violation="Buông lỏng lãnh đạo việc thu, nộp đảng phí.",
            deciding_body=commune,
            decision_number=f"15-QĐ/ĐU ({year})",
            decided_on=day(5, 20),
            subject_organization=cells[0],
        )
        created += 1
    return created
