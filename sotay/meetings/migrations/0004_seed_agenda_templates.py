"""The typical order of a monthly cell meeting (docs/rules/meetings.md#trình-tự-buổi-sinh-hoạt) and of a thematic
one, as editable template rows."""

from django.db import migrations

TEMPLATES = {
    "REGULAR": [
        ("DUES", "Thu đảng phí"),
        ("ATTENDANCE", "Báo cáo tình hình đảng viên dự họp"),
        ("APPROVE_AGENDA", "Thông qua chương trình, cử thư ký"),
        ("CURRENT_AFFAIRS", "Thông tin thời sự, chủ trương mới"),
        ("THINKING", "Tình hình tư tưởng đảng viên, quần chúng"),
        ("REVIEW", "Kiểm điểm nhiệm vụ tháng trước"),
        ("HCM_STUDY", "Học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh"),
        ("NEXT_TASKS", "Nhiệm vụ tháng tới"),
        ("VOTE", "Biểu quyết kết luận, nghị quyết"),
        ("ADMISSIONS", "Xem xét quần chúng ưu tú, kết nạp, chuyển chính thức"),
        ("SCORE", "Chấm điểm buổi sinh hoạt"),
        ("APPROVE_MINUTES", "Thông qua biên bản"),
    ],
    "THEMATIC": [
        ("ATTENDANCE", "Báo cáo tình hình đảng viên dự họp"),
        ("APPROVE_AGENDA", "Thông qua chương trình, cử thư ký"),
        ("THEMATIC", "Nội dung chuyên đề"),
        ("VOTE", "Biểu quyết kết luận, nghị quyết"),
        ("SCORE", "Chấm điểm buổi sinh hoạt"),
        ("APPROVE_MINUTES", "Thông qua biên bản"),
    ],
}


def load(apps, schema_editor):
    Item = apps.get_model("meetings", "AgendaTemplateItem")
    if Item.objects.exists():
        return
    Item.objects.bulk_create(
        Item(meeting_kind=meeting_kind, position=i, kind=kind, title=title)
        for meeting_kind, rows in TEMPLATES.items()
        for i, (kind, title) in enumerate(rows, 1)
    )


class Migration(migrations.Migration):
    dependencies = [("meetings", "0003_agenda_template")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
