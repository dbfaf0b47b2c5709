"""Attendance statistics, the xóa tên flags (docs/rules/discipline.md#bỏ-sinh-hoạt-hoặc-không-đóng-đảng-phí) and the
committees' oversight."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from sotay.dues import services as dues_services
from sotay.dues.tests.helpers import with_basis
from sotay.meetings import checkin, oversight, stats
from sotay.meetings.models import AttendanceStatus, MissedMeetingAlert
from sotay.notifications.models import Notification
from sotay.orgs.actor import Actor

from .helpers import at, meeting_of

pytestmark = pytest.mark.django_db


def held(cast, day, present=(), **kw):
    meeting = meeting_of(cast, starts_at=day, **kw)
    for member in present:
        checkin.mark(
            meeting=meeting, member=member, status=AttendanceStatus.PRESENT, actor=Actor.for_user(cast.cell_secretary)
        )
    checkin.close_checkin(meeting=meeting, actor=Actor.for_user(cast.cell_secretary))
    return meeting


def test_statistics_per_member_cell_and_subtree(cast):
    everyone = [cast.secretary_member, cast.member_member, *cast.others_a]
    held(cast, at(2026, 1, 15), present=everyone)
    held(cast, at(2026, 2, 19), present=everyone[:2])
    q1 = stats.attendance_stats(cast.commune_a, stats.Period("quarter", 2026, 1), with_members=True)
    assert (q1.total.present, q1.total.expected, q1.total.unexcused) == (6, 8, 2)
    [(cell, tally, meetings)] = q1.by_cell
    assert cell == cast.cell_a and meetings == 2 and tally.rate == 0.75
    per_member = {m.full_name: t for m, t in q1.by_member}
    assert per_member["Lê Văn Cường"].unexcused == 1 and per_member["Nguyễn Văn Ấn"].present == 2
    feb = stats.attendance_stats(cast.province, stats.Period("month", 2026, 2))
    assert (feb.total.present, feb.total.expected) == (2, 4)
    assert stats.attendance_stats(cast.commune_b, stats.Period("year", 2026)).total.expected == 0


def test_period_bounds():
    assert stats.Period("month", 2026, 12).end == dt.date(2027, 1, 1)
    assert stats.Period("quarter", 2026, 4).start == dt.date(2026, 10, 1)
    assert stats.Period("quarter", 2026, 4).end == dt.date(2027, 1, 1)
    assert stats.parse_period("quarter", "2026", "9", today=dt.date(2026, 5, 2)) == stats.Period("quarter", 2026, 1)


def test_flag_after_three_unexcused_absences_in_a_year(cast):
    """docs/rules/discipline.md#bỏ-sinh-hoạt-hoặc-không-đóng-đảng-phí: not attending 3 months in a year without good
    reason is a xóa tên ground — flag only."""
    present = [cast.secretary_member, cast.member_member, cast.others_a[1]]
    for month in (1, 2):
        held(cast, at(2026, month, 15), present=present)
    assert stats.xoa_ten_flags(cast.cell_a, 2026, on=dt.date(2026, 3, 1)) == []
    held(cast, at(2026, 3, 19), present=present)
    flags = stats.xoa_ten_flags(cast.commune_a, 2026, on=dt.date(2026, 4, 1))
    assert [(f.member.full_name, f.unexcused, f.dues_unpaid) for f in flags] == [("Lê Văn Cường", 3, False)]
    assert stats.xoa_ten_flags(cast.cell_a, 2025, on=dt.date(2026, 4, 1)) == []


def test_excused_absences_do_not_flag(cast):
    from sotay.meetings import services

    for month in (1, 2, 3):
        meeting = meeting_of(cast, starts_at=at(2026, month, 15))
        req = services.request_absence(
            meeting=meeting, member=cast.others_a[0], reason="Ốm dài ngày", actor=Actor.for_user(cast.cell_secretary)
        )
        services.decide_absence(request=req, approve=True, actor=Actor.for_user(cast.cell_secretary))
        for m in (cast.secretary_member, cast.member_member, cast.others_a[1]):
            checkin.mark(meeting=meeting, member=m, status="PRESENT", actor=Actor.for_user(cast.cell_secretary))
        checkin.close_checkin(meeting=meeting, actor=Actor.for_user(cast.cell_secretary))
    assert stats.xoa_ten_flags(cast.cell_a, 2026, on=dt.date(2026, 4, 1)) == []


def test_flag_for_three_months_of_unpaid_dues(cast):
    """docs/rules/discipline.md#bỏ-sinh-hoạt-hoặc-không-đóng-đảng-phí: dues unpaid for 3 months in a year (read from the
    dues ledger) — flag only."""
    member = with_basis(cast.member_member, basis="STUDENT")
    for month in (2, 3, 4):
        dues_services.compute_liabilities(
            org=cast.cell_a, month=dt.date(2026, month, 1), actor=Actor.system("command:test")
        )
    flags = stats.xoa_ten_flags(cast.cell_a, 2026, on=dt.date(2026, 5, 2))
    assert [(f.member, f.unexcused, f.dues_unpaid) for f in flags] == [(member, 0, True)]
    assert stats.xoa_ten_flags(cast.cell_a, 2026, on=dt.date(2026, 4, 30)) == []


def test_flags_page_is_for_the_secretary_and_committee_only(cast, client):
    for month in (1, 2, 3):
        held(cast, at(2026, month, 15), present=[cast.secretary_member])
    url = reverse("meetings:statistics")
    for user in (cast.cell_secretary, cast.commune_committee):
        client.force_login(user)
        page = client.get(url, {"org": cast.cell_a.pk, "period": "year", "year": 2026}).content.decode()
        assert "Nguyễn Văn Ấn" in page and "vắng không lý do 3 buổi" in page
    client.force_login(cast.member)
    assert client.get(url, {"org": cast.cell_a.pk}).status_code == 404
    client.force_login(cast.outsider)
    assert client.get(url, {"org": cast.cell_a.pk}).status_code == 404


def test_oversight_shows_who_met_and_overdue_minutes(cast, client):
    """docs/rules/meetings.md#định-kỳ-sinh-hoạt (chi bộ meets monthly) and docs/rules/meetings.md#tham-số-chưa-xác-nhận
    (minutes within 5 working days, product default)."""
    held(cast, at(2026, 3, 19), present=[cast.secretary_member, cast.member_member])
    rows = {r.cell.code: r for r in stats.oversight(cast.commune_a, dt.date(2026, 3, 1), today=dt.date(2026, 3, 20))}
    assert rows["HY.A.1"].held and rows["HY.A.1"].rate == 0.5 and not rows["HY.A.1"].minutes_overdue
    assert not rows["HY.A.2.1"].held
    late = {r.cell.code: r for r in stats.oversight(cast.commune_a, dt.date(2026, 3, 1), today=dt.date(2026, 4, 1))}
    assert late["HY.A.1"].minutes_overdue
    client.force_login(cast.commune_committee)
    page = client.get(reverse("meetings:oversight"), {"org": cast.commune_a.pk, "month": "2026-03"}).content.decode()
    assert "Chưa sinh hoạt" in page and "Chi bộ giáo viên" in page and "50%" in page


def test_missed_month_alerts_the_committee_above_once(cast):
    """docs/rules/meetings.md#định-kỳ-sinh-hoạt (the chi bộ meets monthly): cells keeping their meetings in Sổ tay that
    did not meet are reported upward, once."""
    from sotay.meetings import services

    held(cast, at(2026, 3, 19), present=[cast.secretary_member])
    for cell in (cast.cell_a2, cast.cell_b):
        services.set_schedule(
            org=cell, week=2, weekday=2, start_time=dt.time(8, 0), actor=Actor.for_user(cast.provincial_officer)
        )
    sent = oversight.alert_missed_month(dt.date(2026, 3, 1), actor=Actor.system("worker:test"))
    alerted = set(MissedMeetingAlert.objects.values_list("organization__code", flat=True))
    assert alerted == {"HY.A.2.1", "HY.B.1"} and sent == 2
    notes = Notification.objects.filter(kind="meeting.missed")
    assert set(notes.values_list("recipient__username", flat=True)) == {"xa", "bantochuc"}
    assert oversight.alert_missed_month(dt.date(2026, 3, 1), actor=Actor.system("worker:test")) == 0


def test_bulk_dues_flags_match_the_ledger(cast):
    """The subtree query of stats.unpaid_dues_months follows sotay.dues.ledger.three_months_unpaid
    (docs/rules/discipline.md#bỏ-sinh-hoạt-hoặc-không-đóng-đảng-phí)."""
    from sotay.dues import ledger
    from sotay.dues.models import DuesPayment

    with_basis(cast.member_member, basis="STUDENT")
    with_basis(cast.others_a[0], basis="STUDENT")
    with_basis(cast.others_a[1], basis="STUDENT")
    for month in (1, 2, 3, 4, 5):
        dues_services.compute_liabilities(
            org=cast.cell_a, month=dt.date(2026, month, 1), actor=Actor.system("command:test")
        )
    for month in (1, 2, 3):
        DuesPayment.objects.create(
            member=cast.others_a[0],
            organization=cast.cell_a,
            month=dt.date(2026, month, 1),
            amount=5_000,
            paid_on=dt.date(2026, month, 20),
            channel="CASH",
        )
    DuesPayment.objects.create(
        member=cast.others_a[1],
        organization=cast.cell_a,
        month=dt.date(2026, 1, 1),
        amount=2_000,
        paid_on=dt.date(2026, 1, 20),
        channel="CASH",
    )
    for on in (dt.date(2026, 3, 31), dt.date(2026, 4, 1), dt.date(2026, 6, 1)):
        flagged = {f.member.pk for f in stats.xoa_ten_flags(cast.commune_a, 2026, on=on) if f.dues_unpaid}
        expected = {m.pk for m in [cast.member_member, *cast.others_a] if ledger.three_months_unpaid(m, 2026, on=on)}
        assert flagged == expected
    assert flagged == {cast.member_member.pk, cast.others_a[1].pk}  # others_a[0] owes only April and May


def test_thematic_meeting_once_a_quarter_is_tracked(cast):
    """docs/rules/meetings.md#sinh-hoạt-chuyên-đề, docs/rules/meetings.md#tham-số-chưa-xác-nhận: thematic meetings "at
    least once a quarter" (unconfirmed, configurable) — shown per cell, flagged once the quarter is over without one."""
    held(cast, at(2026, 2, 12), present=[cast.secretary_member], kind="THEMATIC")
    during = {r.cell.code: r for r in stats.oversight(cast.commune_a, dt.date(2026, 3, 1), today=dt.date(2026, 3, 20))}
    assert during["HY.A.1"].thematic == 1 and not during["HY.A.2.1"].thematic_short  # quarter still running
    after = {r.cell.code: r for r in stats.oversight(cast.commune_a, dt.date(2026, 3, 1), today=dt.date(2026, 4, 2))}
    assert not after["HY.A.1"].thematic_short and after["HY.A.2.1"].thematic_short


def test_cells_not_using_meetings_are_not_alerted(cast):
    held(cast, at(2026, 1, 15), present=[cast.secretary_member])  # cell_a used the app in January
    assert oversight.alert_missed_month(dt.date(2026, 3, 1), actor=Actor.system("worker:test")) == 1
    assert list(MissedMeetingAlert.objects.values_list("organization__code", flat=True)) == ["HY.A.1"]
