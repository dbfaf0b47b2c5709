"""Demo data for cell meetings: schedules and a few months of meetings in the demo secretary's commune.

Called once from `write_plan` after the logins exist; attendance is drawn from a seeded generator. Four cells get a
schedule and the meetings of the last three months and this month: held ones with attendance, minutes, a vote and a
task, all approved except the latest of the demo secretary's own cell (so the oversight page shows overdue
minutes); a meeting still ahead has only its invitations (if this month's is over, next month's is created). The
fourth cell skips last month, so the committee sees a missed month.
"""

from __future__ import annotations

import datetime as dt
import random

from django.utils import timezone

from sotay.accounts.models import User
from sotay.orgs.actor import Actor
from sotay.orgs.models import CELL_KINDS, Organization, subtree_filter

CELLS = 4
SEED = 5


def _month_back(day: dt.date, n: int) -> dt.date:
    month = day.month - n
    year = day.year + (month - 1) // 12
    return dt.date(year, (month - 1) % 12 + 1, 1)


def add_demo_meetings(today: dt.date | None = None) -> int:
    """Schedules for a few cells of the demo commune and their past meetings; returns the meetings created."""
    from sotay.meetings import minutes as minutes_svc
    from sotay.meetings import services
    from sotay.members.choices import MemberStatus
    from sotay.members.models import Member

    secretary = User.objects.filter(username="chibo").select_related("member").first()
    if secretary is None or secretary.member is None:
        return 0
    today = today or timezone.localdate()
    rng = random.Random(SEED)
    home = secretary.member.organization
    commune = Organization.objects.get_parent(home)
    cells = [home] + list(
        Organization.objects.filter(subtree_filter(commune.path), kind__in=CELL_KINDS, valid_to__isnull=True)
        .exclude(pk=home.pk)
        .order_by("path")[: CELLS - 1]
    )
    created = 0
    for index, cell in enumerate(cells):
        schedule = services.set_schedule(
            org=cell,
            week=3,
            weekday=3 if index % 2 == 0 else 6,
            start_time=dt.time(19, 30) if index % 2 == 0 else dt.time(8, 0),
            place="Nhà văn hóa " + cell.name.removeprefix("Chi bộ "),
            actor=Actor.system("demo"),
        )
        members = list(
            Member.objects.filter(organization=cell, status__in=[MemberStatus.OFFICIAL, MemberStatus.PROBATIONARY])
        )
        if not members:
            continue
        # Three months back to this month; the last cell misses last month. A meeting whose day has come is held.
        held = []
        for back in (3, 2, 1, 0):
            if back == 1 and index == CELLS - 1:
                continue
            meeting = services.create_monthly_instance(schedule, _month_back(today, back), actor=Actor.system("demo"))
            if meeting is None:
                continue
            created += 1
            services.send_invitations(meeting=meeting, actor=Actor.system("demo"))
            if timezone.localtime(meeting.starts_at).date() >= today:
                continue  # this month's meeting is still ahead: invitations only
            _hold(meeting, members, rng, secretary)
            held.append(meeting)
        # Every held meeting's minutes are approved, except the latest of the demo secretary's own cell (overdue).
        for meeting in held[:-1] if index == 0 else held:
            minutes_svc.finalise_minutes(meeting=meeting, actor=Actor.system("demo"))
        if held and held[-1].month == today.replace(day=1):  # this month's is over: schedule next month's
            upcoming = services.create_monthly_instance(schedule, _month_back(today, -1), actor=Actor.system("demo"))
            if upcoming is not None:
                services.send_invitations(meeting=upcoming, actor=Actor.system("demo"))
                created += 1
    return created


def _hold(meeting, members, rng, secretary) -> None:
    """Attendance drawn from `rng`, check-in closed, minutes with a vote and a task (not yet approved)."""
    from sotay.meetings import checkin, services
    from sotay.meetings import minutes as minutes_svc
    from sotay.meetings.models import AttendanceStatus
    from sotay.members.choices import MemberStatus

    for member in members:
        roll = rng.random()
        if roll < 0.82:
            status, late = AttendanceStatus.PRESENT, rng.random() < 0.1
        elif roll < 0.94:
            req = services.request_absence(
                meeting=meeting, member=member, reason="Đi làm ăn xa", actor=Actor.system("demo")
            )
            services.decide_absence(request=req, approve=True, actor=Actor.system("demo"))
            continue
        else:
            status, late = AttendanceStatus.ABSENT_UNEXCUSED, False
        checkin.mark(meeting=meeting, member=member, status=status, late=late, actor=Actor.system("demo"))
    if not meeting.attendances.filter(status=AttendanceStatus.PRESENT).exists():
        checkin.mark(meeting=meeting, member=members[0], status=AttendanceStatus.PRESENT, actor=Actor.system("demo"))
    checkin.close_checkin(meeting=meeting, actor=Actor.system("demo"))
    present = [a.member for a in meeting.attendances.filter(status=AttendanceStatus.PRESENT).select_related("member")]
    chair = next((m for m in present if m.status == MemberStatus.OFFICIAL), present[0])
    recorder = next((m for m in present if m.pk != chair.pk), chair)
    minutes_svc.save_minutes(
        meeting=meeting,
        chair=chair,
        recorder=recorder,
        actor=Actor.system("demo"),
        conclusions="Chi bộ thống nhất các nhiệm vụ trọng tâm tháng tới; đảng viên gương mẫu thực hiện.",
    )
    official_present = sum(m.status == MemberStatus.OFFICIAL for m in present)
    minutes_svc.record_vote(
        meeting=meeting,
        subject="Thông qua kết luận của chi bộ",
        votes_for=official_present,
        votes_against=0,
        abstentions=0,
        actor=Actor.system("demo"),
    )
    minutes_svc.add_action_item(
        meeting=meeting,
        title="Vận động nhân dân giữ gìn vệ sinh môi trường",
        owner=chair,
        due_on=timezone.localtime(meeting.starts_at).date() + dt.timedelta(days=25),
        actor=Actor.system("demo"),
    )
