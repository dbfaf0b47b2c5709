from django.db import migrations


def seed(apps, schema_editor):
    from sotay.evaluation.seed import load

    load(apps)


class Migration(migrations.Migration):
    dependencies = [("evaluation", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
