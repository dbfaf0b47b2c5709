from django.db import migrations


def load(apps, schema_editor):
    from sotay.rules.seed import load as load_rules

    load_rules(apps)


class Migration(migrations.Migration):
    """Adds the 1996 Statute's minimum admission age (the seed is idempotent)."""

    dependencies = [("rules", "0002_seed_rules")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
