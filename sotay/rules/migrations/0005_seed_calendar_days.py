"""The announced holiday schedules of 2025 and 2026 (sotay/rules/calendar_seed.py says what is certain).

Frozen (issue 12): the rows are written here, not imported from app code, so this migration stays as it is
when the code changes; a later change to the seed ships as a new migration. The seeding policy
(docs/decisions/0007-seeding.md): insert the rows that are missing, never change a row already there.
"""

import datetime

from django.db import migrations

CALENDAR_DAYS = [(datetime.date(2025, 1, 27),
  'DAY_OFF',
  'Tết Nguyên đán (28/12 âm lịch)',
  'TET',
  'Thông báo của Bộ Lao động – Thương binh và Xã hội về lịch nghỉ lễ, Tết năm 2025 (Thủ tướng Chính phủ đồng '
  'ý)',
  'Số hiệu văn bản chưa được đối chiếu; các ngày đã đối chiếu với tin công bố.'),
 (datetime.date(2025, 1, 28),
  'DAY_OFF',
  'Tết Nguyên đán (29/12 âm lịch)',
  'TET',
  'Thông báo của Bộ Lao động – Thương binh và Xã hội về lịch nghỉ lễ, Tết năm 2025 (Thủ tướng Chính phủ đồng '
  'ý)',
  'Số hiệu văn bản chưa được đối chiếu; các ngày đã đối chiếu với tin công bố.'),
 (datetime.date(2025, 1, 29),
  'DAY_OFF',
  'Tết Nguyên đán (1/1 âm lịch)',
  'TET',
  'Thông báo của Bộ Lao động – Thương binh và Xã hội về lịch nghỉ lễ, Tết năm 2025 (Thủ tướng Chính phủ đồng '
  'ý)',
  'Số hiệu văn bản chưa được đối chiếu; các ngày đã đối chiếu với tin công bố.'),
 (datetime.date(2025, 1, 30),
  'DAY_OFF',
  'Tết Nguyên đán (2/1 âm lịch)',
  'TET',
  'Thông báo của Bộ Lao động – Thương binh và Xã hội về lịch nghỉ lễ, Tết năm 2025 (Thủ tướng Chính phủ đồng '
  'ý)',
  'Số hiệu văn bản chưa được đối chiếu; các ngày đã đối chiếu với tin công bố.'),
 (datetime.date(2025, 1, 31),
  'DAY_OFF',
  'Tết Nguyên đán (3/1 âm lịch)',
  'TET',
  'Thông báo của Bộ Lao động – Thương binh và Xã hội về lịch nghỉ lễ, Tết năm 2025 (Thủ tướng Chính phủ đồng '
  'ý)',
  'Số hiệu văn bản chưa được đối chiếu; các ngày đã đối chiếu với tin công bố.'),
 (datetime.date(2025, 4, 26),
  'WORKING_DAY',
  'Làm bù cho ngày nghỉ thứ Sáu 02/05/2025',
  '',
  'Thông báo của Bộ Lao động – Thương binh và Xã hội về lịch nghỉ lễ, Tết năm 2025 (Thủ tướng Chính phủ đồng '
  'ý)',
  'Số hiệu văn bản chưa được đối chiếu; các ngày đã đối chiếu với tin công bố.'),
 (datetime.date(2025, 5, 2),
  'DAY_OFF',
  'Nghỉ hoán đổi dịp 30/4–1/5 (làm bù thứ Bảy 26/04/2025)',
  '',
  'Thông báo của Bộ Lao động – Thương binh và Xã hội về lịch nghỉ lễ, Tết năm 2025 (Thủ tướng Chính phủ đồng '
  'ý)',
  'Số hiệu văn bản chưa được đối chiếu; các ngày đã đối chiếu với tin công bố.'),
 (datetime.date(2025, 9, 1),
  'DAY_OFF',
  'Quốc khánh (ngày liền kề)',
  'NATIONAL_DAY',
  'Thông báo của Bộ Lao động – Thương binh và Xã hội về lịch nghỉ lễ, Tết năm 2025 (Thủ tướng Chính phủ đồng '
  'ý)',
  'Số hiệu văn bản chưa được đối chiếu; các ngày đã đối chiếu với tin công bố.'),
 (datetime.date(2025, 9, 2),
  'DAY_OFF',
  'Quốc khánh',
  'NATIONAL_DAY',
  'Thông báo của Bộ Lao động – Thương binh và Xã hội về lịch nghỉ lễ, Tết năm 2025 (Thủ tướng Chính phủ đồng '
  'ý)',
  'Số hiệu văn bản chưa được đối chiếu; các ngày đã đối chiếu với tin công bố.'),
 (datetime.date(2026, 1, 2),
  'DAY_OFF',
  'Nghỉ hoán đổi dịp Tết Dương lịch (làm bù thứ Bảy 10/01/2026)',
  '',
  'Công văn 12729/VPCP-KGVX ngày 25/12/2025 của Văn phòng Chính phủ về nghỉ Tết Dương lịch 2026',
  'Số hiệu văn bản theo tin báo chí.'),
 (datetime.date(2026, 1, 10),
  'WORKING_DAY',
  'Làm bù cho ngày nghỉ thứ Sáu 02/01/2026',
  '',
  'Công văn 12729/VPCP-KGVX ngày 25/12/2025 của Văn phòng Chính phủ về nghỉ Tết Dương lịch 2026',
  'Số hiệu văn bản theo tin báo chí.'),
 (datetime.date(2026, 2, 16),
  'DAY_OFF',
  'Tết Nguyên đán (29/12 âm lịch)',
  'TET',
  'Thông báo của Bộ Nội vụ về lịch nghỉ Tết Âm lịch năm 2026 (Thủ tướng Chính phủ đồng ý, 10/2025)',
  'Số hiệu văn bản chưa được đối chiếu; các ngày đã đối chiếu với tin công bố.'),
 (datetime.date(2026, 2, 17),
  'DAY_OFF',
  'Tết Nguyên đán (1/1 âm lịch)',
  'TET',
  'Thông báo của Bộ Nội vụ về lịch nghỉ Tết Âm lịch năm 2026 (Thủ tướng Chính phủ đồng ý, 10/2025)',
  'Số hiệu văn bản chưa được đối chiếu; các ngày đã đối chiếu với tin công bố.'),
 (datetime.date(2026, 2, 18),
  'DAY_OFF',
  'Tết Nguyên đán (2/1 âm lịch)',
  'TET',
  'Thông báo của Bộ Nội vụ về lịch nghỉ Tết Âm lịch năm 2026 (Thủ tướng Chính phủ đồng ý, 10/2025)',
  'Số hiệu văn bản chưa được đối chiếu; các ngày đã đối chiếu với tin công bố.'),
 (datetime.date(2026, 2, 19),
  'DAY_OFF',
  'Tết Nguyên đán (3/1 âm lịch)',
  'TET',
  'Thông báo của Bộ Nội vụ về lịch nghỉ Tết Âm lịch năm 2026 (Thủ tướng Chính phủ đồng ý, 10/2025)',
  'Số hiệu văn bản chưa được đối chiếu; các ngày đã đối chiếu với tin công bố.'),
 (datetime.date(2026, 2, 20),
  'DAY_OFF',
  'Tết Nguyên đán (4/1 âm lịch)',
  'TET',
  'Thông báo của Bộ Nội vụ về lịch nghỉ Tết Âm lịch năm 2026 (Thủ tướng Chính phủ đồng ý, 10/2025)',
  'Số hiệu văn bản chưa được đối chiếu; các ngày đã đối chiếu với tin công bố.')]


def forwards(apps, schema_editor):
    CalendarDay = apps.get_model("rules", "CalendarDay")
    for day, kind, name, holiday, source, note in CALENDAR_DAYS:
        CalendarDay.objects.get_or_create(
            day=day,
            defaults={"kind": kind, "name": name, "holiday": holiday, "source_document": source, "note": note},
        )


class Migration(migrations.Migration):
    dependencies = [('rules', '0004_calendarday')]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
