"""The seeded 2025 and 2026 holiday schedules, the cached calendar, and `sotay workdays`.

Announced days are seeded by migrations 0005 (sotay/rules/calendar_seed.py says how sure each is) and 0007
(Quốc khánh 2026); the rest is the
Labour Code's defaults computed by sotay.lib.workdays.
"""

from __future__ import annotations

import datetime as dt
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from sotay.rules import calendar as rules_calendar
from sotay.rules.calendar import add_working_days, is_working_day, working_calendar, working_days_between
from sotay.rules.models import CalendarDay

pytestmark = pytest.mark.django_db
D = dt.date


@pytest.fixture(autouse=True)
def _fresh_calendar():
    """A test's CalendarDay rows are rolled back without a signal, so the cache is cleared around each test."""
    rules_calendar.clear_cache()
    yield
    rules_calendar.clear_cache()


def span(start: dt.date, end: dt.date) -> list[dt.date]:
    return [start + dt.timedelta(days=i) for i in range((end - start).days + 1)]


def workdays(*args: str) -> str:
    out = StringIO()
    call_command("workdays", *args, stdout=out)
    return out.getvalue()


# 2025


def test_tet_2025_is_nine_days_off_from_25_january_to_2_february():
    """Announced: Saturday 25/01 (26 tháng Chạp) to Sunday 02/02/2025 (mùng 5): 5 days of Tết + 2 weekends."""
    assert not any(is_working_day(day) for day in span(D(2025, 1, 25), D(2025, 2, 2)))
    assert is_working_day(D(2025, 1, 24)) and is_working_day(D(2025, 2, 3))
    tet = [day for day, name in working_calendar().holidays(2025) if str(name).startswith("Tết Nguyên đán")]
    assert tet == span(D(2025, 1, 27), D(2025, 1, 31))


def test_gio_to_2025_is_monday_7_april():
    assert D(2025, 4, 7) in dict(working_calendar().holidays(2025))
    assert not is_working_day(D(2025, 4, 7)) and is_working_day(D(2025, 4, 8))


def test_30_april_2025_holiday_runs_to_4_may_with_saturday_26_april_worked():
    assert not any(is_working_day(day) for day in span(D(2025, 4, 30), D(2025, 5, 4)))
    assert is_working_day(D(2025, 4, 26))  # làm bù for Friday 02/05
    assert is_working_day(D(2025, 4, 29)) and is_working_day(D(2025, 5, 5))


def test_national_day_2025_is_1_and_2_september():
    assert not any(is_working_day(day) for day in span(D(2025, 8, 30), D(2025, 9, 2)))
    assert is_working_day(D(2025, 8, 29)) and is_working_day(D(2025, 9, 3))


def test_every_seeded_day_names_its_source_document():
    rows = CalendarDay.objects.all()
    assert rows.filter(day__year=2025).exists() and rows.filter(day__year=2026).exists()
    assert all(row.source_document and row.name for row in rows)


# 2026


def test_new_year_2026_runs_to_sunday_4_january_with_saturday_10_january_worked():
    assert not any(is_working_day(day) for day in span(D(2026, 1, 1), D(2026, 1, 4)))
    assert is_working_day(D(2026, 1, 10))
    assert is_working_day(D(2025, 12, 31)) and is_working_day(D(2026, 1, 5))


def test_tet_2026_is_14_to_22_february_around_mung_1_on_17_february():
    """Mùng 1 Tết Bính Ngọ = 17/02/2026; the announced days 16–20/02 equal the computed default."""
    assert not any(is_working_day(day) for day in span(D(2026, 2, 14), D(2026, 2, 22)))
    assert is_working_day(D(2026, 2, 13)) and is_working_day(D(2026, 2, 23))
    tet = [day for day, name in working_calendar().holidays(2026) if str(name).startswith("Tết Nguyên đán")]
    assert tet == span(D(2026, 2, 16), D(2026, 2, 20))


def test_gio_to_2026_on_sunday_26_april_gives_monday_27_april_off():
    assert not is_working_day(D(2026, 4, 26)) and not is_working_day(D(2026, 4, 27))
    assert is_working_day(D(2026, 4, 28))
    assert not any(is_working_day(day) for day in span(D(2026, 4, 30), D(2026, 5, 3)))


def test_national_day_2026_is_29_august_to_2_september_with_saturday_22_august_worked():
    """Quốc khánh 2026 as the Ministry of Home Affairs announced (notice of 10/2025, with Tết 2026; Bộ luật Lao động
    2019 Điều 112 khoản 3): off Saturday 29/08 to Wednesday 02/09/2026, Monday 31/08 swapped for Saturday 22/08."""
    assert not any(is_working_day(day) for day in span(D(2026, 8, 29), D(2026, 9, 2)))
    assert is_working_day(D(2026, 8, 22)) and is_working_day(D(2026, 8, 28)) and is_working_day(D(2026, 9, 3))
    rows = CalendarDay.objects.filter(day__range=(D(2026, 8, 22), D(2026, 9, 2)))
    assert [row.day for row in rows] == [D(2026, 8, 22), D(2026, 8, 31), D(2026, 9, 1), D(2026, 9, 2)]
    assert all("Bộ Nội vụ" in row.source_document and "Quốc khánh" in row.source_document for row in rows)


def test_workdays_from_14_august_2026_counts_the_working_saturday_22_august():
    """Quốc khánh 2026 swap (Bộ Nội vụ, 10/2025): 10 working days after Friday 14/08/2026 end on Thursday 27/08,
    not Friday 28/08 as without the working Saturday."""
    assert workdays("14/08/2026", "10") == "27/08/2026\n"
    assert add_working_days(D(2026, 8, 28), 1) == D(2026, 9, 3)


def test_the_national_day_2026_migration_keeps_a_day_staff_edited():
    """The seed inserts what is missing and never overwrites a row staff changed."""
    import importlib

    from django.apps import apps

    migration = importlib.import_module("sotay.rules.migrations.0007_national_day_2026")
    CalendarDay.objects.filter(day=D(2026, 9, 1)).update(name="Quốc khánh (sửa tay)", note="cán bộ sửa")
    CalendarDay.objects.filter(day=D(2026, 8, 22)).delete()
    migration.insert_missing(apps, None)
    assert CalendarDay.objects.get(day=D(2026, 9, 1)).name == "Quốc khánh (sửa tay)"
    assert CalendarDay.objects.get(day=D(2026, 8, 22)).kind == "WORKING_DAY"
    migration.remove_unchanged(apps, None)
    assert list(
        CalendarDay.objects.filter(day__range=(D(2026, 8, 22), D(2026, 9, 2))).values_list("day", flat=True)
    ) == [D(2026, 9, 1)]


# Staff edits and the cache


def test_the_calendar_is_cached_and_refreshed_when_staff_add_or_remove_a_day(django_assert_num_queries):
    assert is_working_day(D(2026, 11, 24))
    with django_assert_num_queries(0):
        assert is_working_day(D(2026, 11, 24))
    row = CalendarDay.objects.create(
        day=D(2026, 11, 24),
        kind=CalendarDay.Kind.DAY_OFF,
        name="Ngày Văn hóa Việt Nam",
        source_document="Văn bản thử",
    )
    assert not is_working_day(D(2026, 11, 24))
    assert add_working_days(D(2026, 11, 23), 1) == D(2026, 11, 25)
    row.delete()
    assert is_working_day(D(2026, 11, 24))


def test_announcing_national_day_2027_replaces_the_default():
    for day in (D(2027, 9, 2), D(2027, 9, 3)):
        CalendarDay.objects.create(
            day=day, kind="DAY_OFF", name="Quốc khánh", holiday="NATIONAL_DAY", source_document="Thông báo thử"
        )
    assert is_working_day(D(2027, 9, 1)) and not is_working_day(D(2027, 9, 3))
    assert working_days_between(D(2027, 8, 31), D(2027, 9, 7)) == 3


# The command


def test_command_prints_the_date_n_working_days_later():
    assert workdays("24/01/2025", "1") == "03/02/2025\n"
    assert workdays("25/04/2025", "1") == "26/04/2025\n"  # a làm bù Saturday counts
    assert workdays("29/04/2025", "1") == "05/05/2025\n"
    # e.g. a 60-ngày-làm-việc deadline (docs/rules/working-days.md#các-thời-hạn-tính-bằng-ngày-làm-việc)
    assert workdays("31/12/2025", "60") == "02/04/2026\n"


def test_command_with_zero_days_gives_the_day_or_the_next_working_day():
    assert workdays("24/01/2025", "0") == "24/01/2025\n"
    assert workdays("25/01/2025", "0") == "03/02/2025\n"


def test_command_explains_the_skipped_days():
    lines = [line.strip() for line in workdays("13/02/2026", "1", "--explain").splitlines()]
    assert lines[-1] == "23/02/2026"
    assert "bỏ qua 14/02/2026 (Thứ Bảy): nghỉ hằng tuần" in lines
    skipped_tet = [line for line in lines if "Tết Nguyên đán (1/1 âm lịch)" in line]
    assert len(skipped_tet) == 1 and "17/02/2026" in skipped_tet[0] and "Bộ Nội vụ" in skipped_tet[0]
    lines = workdays("25/04/2025", "1", "--explain").splitlines()
    assert lines[-1] == "26/04/2025" and any("tính 26/04/2025 (Thứ Bảy): Làm bù" in line for line in lines)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("31/02/2025", "1"), "Ngày không hợp lệ"),
        (("2025/01/24", "1"), "Ngày không hợp lệ"),
        (("hôm nay", "1"), "Ngày không hợp lệ"),
        (("24/01/2025", "-1"), "số nguyên không âm"),
        (("24/01/2025", "1.5"), "số nguyên không âm"),
        (("24/01/2025", "mười"), "số nguyên không âm"),
        (("01/01/1990", "1"), "chỉ có các năm từ 1995 đến 2100"),
    ],
)
def test_command_refuses_bad_input_in_vietnamese(args, message):
    with pytest.raises(CommandError, match=message):
        workdays(*args)


def test_staff_add_an_announced_day_in_the_admin_with_audit(client):
    import datetime as dt

    from django.urls import reverse

    from sotay.accounts.models import User
    from sotay.audit.models import AuditEntry
    from sotay.rules.calendar import is_working_day

    admin_user = User.objects.create_superuser(username="quantri2", password="x")
    client.force_login(admin_user)
    assert is_working_day(dt.date(2027, 8, 31))
    response = client.post(
        reverse("admin:rules_calendarday_add"),
        {
            "day": "2027-08-31",
            "kind": "DAY_OFF",
            "name": "Nghỉ Quốc khánh",
            "holiday": "",
            "source_document": "Thông báo thử",
            "note": "",
        },
    )
    assert response.status_code == 302, response.content.decode()[:500]
    assert not is_working_day(dt.date(2027, 8, 31))
    assert AuditEntry.objects.filter(object_type="rules.calendarday", action="create").exists()
