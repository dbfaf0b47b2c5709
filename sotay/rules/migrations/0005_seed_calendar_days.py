from django.db import migrations


def load(apps, schema_editor):
    from sotay.rules.calendar_seed import load as load_calendar_days

    load_calendar_days(apps)


class Migration(migrations.Migration):
    """The announced holiday schedules of 2025 and 2026 (sotay/rules/calendar_seed.py says what is certain)."""

    dependencies = [("rules", "0004_calendarday")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
