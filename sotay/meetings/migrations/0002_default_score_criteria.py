"""The default self-score sheet (a product default modelled on communes' sheets; each province edits it)."""

from django.db import migrations

CRITERIA = [
    ("PREPARE", "Chuẩn bị: nội dung, thời gian, giấy mời gửi trước", 20, 1),
    ("ATTEND", "Đảng viên dự đầy đủ, đúng giờ", 20, 2),
    ("CONTENT", "Nội dung đủ, đúng trọng tâm, gắn với nhiệm vụ của chi bộ", 30, 3),
    ("DISCUSS", "Thảo luận, phê bình và tự phê bình thẳng thắn", 20, 4),
    ("RECORD", "Biên bản, kết luận rõ việc, rõ người, rõ thời hạn", 10, 5),
]


def load(apps, schema_editor):
    ScoreCriterion = apps.get_model("meetings", "ScoreCriterion")
    for code, label, points, position in CRITERIA:
        ScoreCriterion.objects.get_or_create(
            code=code, defaults={"label": label, "max_points": points, "position": position}
        )


class Migration(migrations.Migration):
    dependencies = [("meetings", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
