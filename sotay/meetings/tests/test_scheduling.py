"""Recurring schedules (docs/rules/meetings.md#định-kỳ-sinh-hoạt: chi bộ meets monthly; 24-QĐ/TW §20) and the holiday
rule."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sotay.meetings import services
from sotay.meetings.models import AgendaKind, CellMeeting
from sotay.meetings.scheduling import is_holiday, meeting_day, nth_weekday
from sotay.orgs.actor import Actor
from sotay.rules import calendar as workcal

pytestmark = pytest.mark.django_db


def test_nth_and_last_weekday():
    assert nth_weekday(2026, 3, 3, 3) == dt.date(2026, 3, 19)  # 3rd Thursday of 03/2026
    assert nth_weekday(2026, 4, 3, 5) == dt.date(2026, 4, 30)  # last Thursday of 04/2026
    assert nth_weekday(2026, 2, 6, 1) == dt.date(2026, 2, 1)  # 1st Sunday


def test_meeting_on_a_public_holiday_moves_to_the_next_working_day():
    """docs/rules/meetings.md#định-kỳ-sinh-hoạt + Bộ luật Lao động Điều 112: the last Thursday of 04/2026 is 30/4
    (Victory Day) and 1/5 is Labour Day, so the meeting moves to the next working day after the holidays."""
    assert is_holiday(dt.date(2026, 4, 30))
    day = meeting_day(2026, 4, 3, 5)
    assert day > dt.date(2026, 4, 30)
    assert workcal.is_working_day(day)
    d = dt.date(2026, 4, 30)
    while d < day:  # every day skipped was a day off
        assert not workcal.is_working_day(d)
        d += dt.timedelta(days=1)


def test_weekend_meetings_stay_on_the_weekend():
    """A cell meeting on Sunday evenings is normal in residential cells: only holidays move a meeting."""
    assert meeting_day(2026, 3, 6, 2) == dt.date(2026, 3, 8)


def test_tet_moves_the_meeting():
    """Tết Nguyên đán 2026 (announced schedule): the 3rd Tuesday of 02/2026 (17/02, Mùng 1 Tết) moves after Tết."""
    assert is_holiday(dt.date(2026, 2, 17))
    day = meeting_day(2026, 2, 1, 3)
    assert day > dt.date(2026, 2, 17) and workcal.is_working_day(day)


@settings(max_examples=60, deadline=None)
@given(year=st.integers(2025, 2027), month=st.integers(1, 12), weekday=st.integers(0, 6), week=st.integers(1, 5))
def test_meeting_day_is_the_rule_day_unless_a_holiday(year, month, weekday, week):
    """docs/rules/meetings.md#định-kỳ-sinh-hoạt: the scheduled day, or — on a public holiday — the first working day
    after it."""
    rule_day = nth_weekday(year, month, weekday, week)
    day = meeting_day(year, month, weekday, week)
    if is_holiday(rule_day):
        assert day > rule_day and workcal.is_working_day(day)
        assert (day - rule_day).days <= 14
    else:
        assert day == rule_day


def test_monthly_instances_once_per_month_with_default_agenda(cast):
    """docs/rules/meetings.md#trình-tự-buổi-sinh-hoạt (typical monthly order): dues and the attendance report open the
    meeting; minutes close it."""
    schedule = services.set_schedule(
        org=cast.cell_a,
        week=3,
        weekday=3,
        start_time=dt.time(19, 30),
        place="Nhà văn hóa",
        actor=Actor.for_user(cast.cell_secretary),
    )
    created = services.create_monthly_instances(dt.date(2026, 3, 1), actor=Actor.system("command:test"))
    assert len(created) == 1
    meeting = created[0]
    assert meeting.starts_at.astimezone(dt.timezone(dt.timedelta(hours=7))).date() == dt.date(2026, 3, 19)
    kinds = list(meeting.agenda_items.values_list("kind", flat=True))
    assert kinds[0] == AgendaKind.DUES and kinds[1] == AgendaKind.ATTENDANCE and kinds[-1] == AgendaKind.APPROVE_MINUTES
    assert AgendaKind.HCM_STUDY in kinds and AgendaKind.NEXT_TASKS in kinds
    assert meeting.invitations.count() == 4
    assert (
        services.create_monthly_instances(dt.date(2026, 3, 1), actor=Actor.system("command:test")) == []
    )  # idempotent
    assert CellMeeting.objects.filter(schedule=schedule).count() == 1


def test_new_schedule_replaces_the_old_one(cast):
    services.set_schedule(
        org=cast.cell_a, week=3, weekday=3, start_time=dt.time(19, 30), actor=Actor.for_user(cast.cell_secretary)
    )
    services.set_schedule(
        org=cast.cell_a, week=1, weekday=6, start_time=dt.time(8, 0), actor=Actor.for_user(cast.cell_secretary)
    )
    assert cast.cell_a.meeting_schedules.filter(is_active=True).get().weekday == 6


def test_monthly_task_creates_instances_and_requeues_itself(cast):
    from sotay.meetings.tasks import monthly_meetings

    services.set_schedule(
        org=cast.cell_a, week=3, weekday=3, start_time=dt.time(19, 30), actor=Actor.for_user(cast.cell_secretary)
    )
    result = monthly_meetings.call(month="2026-05-01")
    assert result.startswith("1 ")
    assert CellMeeting.objects.filter(organization=cast.cell_a, month=dt.date(2026, 5, 1)).exists()


def test_default_agenda_is_data_a_province_can_edit(cast):
    """docs/rules/meetings.md#trình-tự-buổi-sinh-hoạt: the typical order ships as template rows; an edited template
    shapes the next meetings."""
    from sotay.meetings.models import AgendaTemplateItem

    assert AgendaTemplateItem.objects.filter(meeting_kind="REGULAR").count() == 12
    AgendaTemplateItem.objects.filter(meeting_kind="REGULAR", kind="ADMISSIONS").update(is_active=False)
    AgendaTemplateItem.objects.create(meeting_kind="REGULAR", position=13, kind="OTHER", title="Góp ý xây dựng Đảng")
    meeting = services.create_meeting(
        org=cast.cell_a,
        kind="REGULAR",
        starts_at=dt.datetime(2026, 3, 19, 12, 30, tzinfo=dt.UTC),
        actor=Actor.for_user(cast.cell_secretary),
    )
    titles = list(meeting.agenda_items.order_by("position").values_list("title", flat=True))
    assert titles[-1] == "Góp ý xây dựng Đảng" and len(titles) == 12
    assert "Xem xét quần chúng ưu tú, kết nạp, chuyển chính thức" not in titles
