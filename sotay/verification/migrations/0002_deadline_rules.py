import datetime as dt

from django.db import migrations

RULES = [
    (
        "verification_letter_working_days",
        10,
        "Thực tiễn địa phương (lý lịch trong 10 ngày)",
        "Hạn trả lời công văn thẩm tra, tính theo ngày làm việc — cần đối chiếu",
    ),
    (
        "verification_case_working_days",
        30,
        "Mặc định của Sổ tay",
        "Hạn kết luận thẩm tra kể từ ngày nhận lý lịch, tính theo ngày làm việc — cần đối chiếu",
    ),
]


def forwards(apps, schema_editor):
    Rule = apps.get_model("rules", "Rule")
    for key, value, doc, clause in RULES:
        Rule.objects.update_or_create(
            key=key,
            effective_from=dt.date(2025, 7, 1),
            defaults={"value": value, "document_reference": doc, "clause": clause, "note": "Sổ tay: cần đối chiếu."},
        )


class Migration(migrations.Migration):
    dependencies = [("verification", "0001_initial"), ("rules", "0008_admission_age_versions")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
