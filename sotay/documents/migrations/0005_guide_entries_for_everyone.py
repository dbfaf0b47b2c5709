"""The guides' search entries get the audience "ALL": the audience "PROVINCE" now means the province of the entry's
owner, and the guides belong to no organisation (they are for every member, whatever the province)."""

from django.db import migrations


def forward(apps, schema_editor):
    apps.get_model("documents", "SearchEntry").objects.filter(source="guide").update(audience="ALL")


def backward(apps, schema_editor):
    apps.get_model("documents", "SearchEntry").objects.filter(source="guide").update(audience="PROVINCE")


class Migration(migrations.Migration):
    dependencies = [("documents", "0004_state_references_and_circulars")]

    operations = [migrations.RunPython(forward, backward)]
