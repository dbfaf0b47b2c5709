"""The rule of docs/rules/cadres.md#thẩm-tra-trước-khi-biểu-quyết: from 01/12/2026 every admission vote needs a
verification case concluded "meets" (a province changes the date or the value in the admin; "cần đối chiếu")."""

import datetime as dt

from django.db import migrations


def forwards(apps, schema_editor):
    Rule = apps.get_model("rules", "Rule")
    Rule.objects.get_or_create(
        key="verification.required_before_vote",
        effective_from=dt.date(2026, 12, 1),
        defaults={
            "value": True,
            "document_reference": "12-HD/BTCTW",
            "clause": "thẩm tra lý lịch người xin vào Đảng trước khi chi bộ xét kết nạp",
            "note": "Cần đối chiếu: mọi hồ sơ kết nạp biểu quyết từ ngày hiệu lực phải có hồ sơ thẩm tra kết luận "
            "“đủ tiêu chuẩn chính trị”; ngày hiệu lực là ngày tỉnh bắt đầu giữ hồ sơ thẩm tra trên Sổ tay.",
        },
    )


class Migration(migrations.Migration):
    dependencies = [("verification", "0002_deadline_rules"), ("rules", "0010_recognition_limit")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
