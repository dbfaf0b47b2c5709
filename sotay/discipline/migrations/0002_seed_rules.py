"""The rule rows of docs/rules/discipline.md#kỷ-luật-và-các-quy-tắc-khác (badge delays, KHTNV after discipline, the
probation overdue days), each marked "cần đối chiếu" in its note; staff change them in the admin."""

from django.db import migrations


def load(apps, schema_editor):
    from sotay.discipline.conf import load as load_rules

    load_rules(apps)


class Migration(migrations.Migration):
    dependencies = [("discipline", "0001_initial"), ("rules", "0009_readmission_wait")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
