from django.db import migrations


def forwards(apps, schema_editor):
    from sotay.cadres import seed

    seed.load(apps)


class Migration(migrations.Migration):
    dependencies = [("cadres", "0001_initial"), ("rules", "0008_admission_age_versions")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
