from django.db import migrations


def load(apps, schema_editor):
    from sotay.rules.seed import load as load_rules

    load_rules(apps)


class Migration(migrations.Migration):
    """Adds the 232-QĐ/TW maximum admission age, so cases considered before 01/07/2025 can be checked."""

    dependencies = [("rules", "0005_seed_calendar_days")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
