"""Kết nạp lại: at least 36 months after leaving the Party before a person may be considered again (232-QĐ/TW §3.5.1
from 20/01/2025; 294-QĐ/TW §3.5.1 from 01/7/2025; docs/rules/admission.md#kết-nạp-lại). Earlier regulations are not
seeded here (not checked against their text); the admission service then applies the earliest version it knows.

The data is written here, not imported from app code; a version already present (seeded or entered by staff) is never
overwritten.
"""

import datetime as dt

from django.db import migrations

KEY = "readmission_wait_months"
VERSIONS = [
    # (value, document, clause, effective from, note)
    (
        36,
        "232-QĐ/TW",
        "Điểm 3.5.1",
        dt.date(2025, 1, 20),
        "Ít nhất 36 tháng kể từ khi ra khỏi Đảng mới được xét kết nạp lại (60 tháng sau khi xóa án tích với người "
        "bị án hình sự về tội ít nghiêm trọng); chỉ kết nạp lại một lần.",
    ),
    (
        36,
        "294-QĐ/TW",
        "Điểm 3.5.1",
        dt.date(2025, 7, 1),
        "Quy định 294-QĐ/TW ngày 26/5/2025, hiệu lực 01/7/2025, thay 232-QĐ/TW; giữ thời hạn 36 tháng.",
    ),
]


def forwards(apps, schema_editor):
    Rule = apps.get_model("rules", "Rule")
    for value, document, clause, effective_from, note in VERSIONS:
        if Rule.objects.filter(key=KEY, effective_from=effective_from).exists():
            continue
        Rule.objects.create(
            key=KEY,
            value=value,
            document_reference=document,
            clause=clause,
            effective_from=effective_from,
            note=note,
        )


class Migration(migrations.Migration):
    dependencies = [("rules", "0008_admission_age_versions")]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
