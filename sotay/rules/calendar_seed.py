"""The announced holiday schedules of 2025 and 2026 (the days that differ from, or pin, the computed defaults).

What is *not* here is computed by sotay.lib.workdays from the Labour Code: 1/1/2025, Giỗ Tổ 07/04/2025,
30/4–1/5/2025, 1/1/2026, Giỗ Tổ 26/04/2026 with its nghỉ bù on Monday 27/04/2026, 30/4–1/5/2026.

Certainty, as of this seed:
- Tết 2025 = Saturday 25/01 to Sunday 02/02/2025 (26 tháng Chạp Giáp Thìn to mùng 5 Ất Tỵ): 5 days of Tết on the
  weekdays 27–31/01 plus two weekends — no làm bù Saturday. The computed default (29 tháng Chạp + mùng 1–4 =
  28/01–01/02, with nghỉ bù on 03/02) is therefore overridden. Sure of the days; the notice's number is not checked.
- 30/4–1/5/2025: Friday 02/05 off, swapped with Saturday 26/04/2025 (a working day); 5 days 30/04–04/05. Sure of the
  days; same notice, number not checked.
- Quốc khánh 2025 = 01/09 and 02/09/2025 (with the weekend, 30/08–02/09). Sure.
- Tết Dương lịch 2026: Friday 02/01 off, swapped with Saturday 10/01/2026; reported as Công văn 12729/VPCP-KGVX of
  25/12/2025 (the number is as the press reported it).
- Tết 2026 = Monday 16/02 to Friday 20/02/2026 (29 tháng Chạp Ất Tỵ to mùng 4 Bính Ngọ), 14–22/02 with the weekends;
  equal to the computed default, seeded to record the announcement. Sure of the days; number not checked.
- Quốc khánh 2026 is seeded by migration 0007 (its own data): off 29/08–02/09/2026, Monday 31/08 swapped for the
  working Saturday 22/08/2026 (the Ministry of Home Affairs' notice of 10/2025 that also set Tết 2026).
- 24/11 (Ngày Văn hóa Việt Nam, Nghị quyết 80-NQ/TW): not in the Labour Code yet; enter it as a day off once enacted.
"""

from __future__ import annotations

import datetime as dt

MOLISA_2025 = (
    "Thông báo của Bộ Lao động – Thương binh và Xã hội về lịch nghỉ lễ, Tết năm 2025 (Thủ tướng Chính phủ đồng ý)"
)
VPCP_NEW_YEAR_2026 = "Công văn 12729/VPCP-KGVX ngày 25/12/2025 của Văn phòng Chính phủ về nghỉ Tết Dương lịch 2026"
MOHA_TET_2026 = "Thông báo của Bộ Nội vụ về lịch nghỉ Tết Âm lịch năm 2026 (Thủ tướng Chính phủ đồng ý, 10/2025)"
UNCHECKED = "Số hiệu văn bản chưa được đối chiếu; các ngày đã đối chiếu với tin công bố."
AS_REPORTED = "Số hiệu văn bản theo tin báo chí."

OFF, WORK = "DAY_OFF", "WORKING_DAY"

# (day, kind, name, holiday, source_document, note)
CALENDAR_DAYS = [
    (dt.date(2025, 1, 27), OFF, "Tết Nguyên đán (28/12 âm lịch)", "TET", MOLISA_2025, UNCHECKED),
    (dt.date(2025, 1, 28), OFF, "Tết Nguyên đán (29/12 âm lịch)", "TET", MOLISA_2025, UNCHECKED),
    (dt.date(2025, 1, 29), OFF, "Tết Nguyên đán (1/1 âm lịch)", "TET", MOLISA_2025, UNCHECKED),
    (dt.date(2025, 1, 30), OFF, "Tết Nguyên đán (2/1 âm lịch)", "TET", MOLISA_2025, UNCHECKED),
    (dt.date(2025, 1, 31), OFF, "Tết Nguyên đán (3/1 âm lịch)", "TET", MOLISA_2025, UNCHECKED),
    (dt.date(2025, 4, 26), WORK, "Làm bù cho ngày nghỉ thứ Sáu 02/05/2025", "", MOLISA_2025, UNCHECKED),
    (dt.date(2025, 5, 2), OFF, "Nghỉ hoán đổi dịp 30/4–1/5 (làm bù thứ Bảy 26/04/2025)", "", MOLISA_2025, UNCHECKED),
    (dt.date(2025, 9, 1), OFF, "Quốc khánh (ngày liền kề)", "NATIONAL_DAY", MOLISA_2025, UNCHECKED),
    (dt.date(2025, 9, 2), OFF, "Quốc khánh", "NATIONAL_DAY", MOLISA_2025, UNCHECKED),
    (
        dt.date(2026, 1, 2),
        OFF,
        "Nghỉ hoán đổi dịp Tết Dương lịch (làm bù thứ Bảy 10/01/2026)",
        "",
        VPCP_NEW_YEAR_2026,
        AS_REPORTED,
    ),
    (dt.date(2026, 1, 10), WORK, "Làm bù cho ngày nghỉ thứ Sáu 02/01/2026", "", VPCP_NEW_YEAR_2026, AS_REPORTED),
    (dt.date(2026, 2, 16), OFF, "Tết Nguyên đán (29/12 âm lịch)", "TET", MOHA_TET_2026, UNCHECKED),
    (dt.date(2026, 2, 17), OFF, "Tết Nguyên đán (1/1 âm lịch)", "TET", MOHA_TET_2026, UNCHECKED),
    (dt.date(2026, 2, 18), OFF, "Tết Nguyên đán (2/1 âm lịch)", "TET", MOHA_TET_2026, UNCHECKED),
    (dt.date(2026, 2, 19), OFF, "Tết Nguyên đán (3/1 âm lịch)", "TET", MOHA_TET_2026, UNCHECKED),
    (dt.date(2026, 2, 20), OFF, "Tết Nguyên đán (4/1 âm lịch)", "TET", MOHA_TET_2026, UNCHECKED),
]


def load(apps=None) -> None:
    """Insert the seeded rows that are missing, never changing a row already there (docs/decisions/0007-seeding.md):
    the frozen migration `rules/0005_seed_calendar_days` does it, with its own copy of this data."""
    import importlib

    from django.apps import apps as global_apps

    importlib.import_module("sotay.rules.migrations.0005_seed_calendar_days").forwards(apps or global_apps, None)
