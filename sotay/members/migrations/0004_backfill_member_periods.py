from django.db import migrations


def backfill(apps, schema_editor):
    from sotay.members.periods import backfill as fill

    fill(apps.get_model("members", "Member"), apps.get_model("members", "MemberPeriod"))


class Migration(migrations.Migration):
    dependencies = [("members", "0003_member_periods")]
    operations = [migrations.RunPython(backfill, migrations.RunPython.noop)]
