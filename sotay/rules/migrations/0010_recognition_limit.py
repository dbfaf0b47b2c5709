"""Công nhận đảng viên chính thức: the chi bộ considers within 30 working days after the 12 months of probation end
(docs/rules/admission.md#công-nhận-đảng-viên-chính-thức; 294-QĐ/TW, article cần đối chiếu). A version already present
is never overwritten."""

import datetime as dt

from django.db import migrations

KEY = "recognition_consider_working_days"
VERSIONS = [
    (
        30,
        "294-QĐ/TW",
        "Thi hành Điều lệ Điều 5 (điểm cần đối chiếu); Hướng dẫn 01-HD/TW điểm 4",
        dt.date(2025, 7, 1),
        "Chậm nhất 30 ngày làm việc kể từ ngày đảng viên hết 12 tháng dự bị, chi bộ phải xét và đề nghị công nhận "
        "chính thức. Cần đối chiếu số điểm trong 294-QĐ/TW.",
    ),
]


def forwards(apps, schema_editor):
    Rule = apps.get_model("rules", "Rule")
    for value, document, clause, effective_from, note in VERSIONS:
        if Rule.objects.filter(key=KEY, effective_from=effective_from).exists():
            continue
        Rule.objects.create(
            key=KEY, value=value, document_reference=document, clause=clause, effective_from=effective_from, note=note
        )


class Migration(migrations.Migration):
    dependencies = [("rules", "0009_readmission_wait")]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
