"""Quốc khánh 2026 as announced: days off Saturday 29/08 to Wednesday 02/09/2026, Monday 31/08 swapped for a
working Saturday 22/08/2026 — the Ministry of Home Affairs' notice of 10/2025 that also set Tết 2026 (the Prime
Minister agreeing; its number is not checked here, the days are as announced).

The data is written here, not imported from app code, so the migration stays as it is when the code changes. It
inserts the days that are missing and leaves alone a day staff already entered (whatever they wrote). Saturday 29/08
and Sunday 30/08 are weekly days off and need no row.
"""

import datetime as dt

from django.db import migrations

SOURCE = "Thông báo của Bộ Nội vụ về lịch nghỉ Tết Âm lịch và Quốc khánh năm 2026 (Thủ tướng Chính phủ đồng ý, 10/2025)"
NOTE = "Số hiệu văn bản chưa được đối chiếu; các ngày đã đối chiếu với tin công bố."

# (day, kind, name, holiday)
DAYS = [
    (dt.date(2026, 8, 22), "WORKING_DAY", "Làm bù cho ngày nghỉ thứ Hai 31/08/2026", ""),
    (dt.date(2026, 8, 31), "DAY_OFF", "Nghỉ hoán đổi dịp Quốc khánh (làm bù thứ Bảy 22/08/2026)", ""),
    (dt.date(2026, 9, 1), "DAY_OFF", "Quốc khánh (ngày liền kề)", "NATIONAL_DAY"),
    (dt.date(2026, 9, 2), "DAY_OFF", "Quốc khánh", "NATIONAL_DAY"),
]


def insert_missing(apps, schema_editor):
    CalendarDay = apps.get_model("rules", "CalendarDay")
    have = set(CalendarDay.objects.filter(day__in=[row[0] for row in DAYS]).values_list("day", flat=True))
    CalendarDay.objects.bulk_create(
        CalendarDay(day=day, kind=kind, name=name, holiday=holiday, source_document=SOURCE, note=NOTE)
        for day, kind, name, holiday in DAYS
        if day not in have
    )


def remove_unchanged(apps, schema_editor):
    """Reverse: remove only the rows that are still exactly as this migration wrote them."""
    CalendarDay = apps.get_model("rules", "CalendarDay")
    for day, kind, name, holiday in DAYS:
        CalendarDay.objects.filter(
            day=day, kind=kind, name=name, holiday=holiday, source_document=SOURCE, note=NOTE
        ).delete()


class Migration(migrations.Migration):
    dependencies = [("rules", "0006_reload_rules")]
    operations = [migrations.RunPython(insert_missing, remove_unchanged)]
