from django.db import migrations


def load(apps, schema_editor):
    from sotay.rules.seed import load as load_rules

    load_rules(apps)


class Migration(migrations.Migration):
    dependencies = [("rules", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
