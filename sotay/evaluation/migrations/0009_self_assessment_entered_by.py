# A member's self-assessment stays the member's when the secretary types it in for them (issue 14 point 6).

from django.db import migrations, models


def attribute_to_members(apps, schema_editor):
    """Frozen: self-assessments of members kept under someone else's name become the member's, with that person as
    the one who entered them; those of a system source (actor None) become the member's."""
    Step = apps.get_model("evaluation", "EvaluationStep")
    rows = Step.objects.filter(kind="SELF", evaluation__member__isnull=False).values_list(
        "pk", "actor_id", "actor__member_id", "actor_name", "evaluation__member_id", "evaluation__member__full_name"
    )
    for pk, actor_id, actor_member_id, actor_name, member_id, full_name in rows.iterator():
        if actor_member_id == member_id or actor_name == full_name:
            continue
        entered_by = actor_name if actor_id is not None else ""
        Step.objects.filter(pk=pk).update(actor_name=full_name, entered_by_name=entered_by)


class Migration(migrations.Migration):
    dependencies = [
        ("evaluation", "0008_seeded_rows_edited_at"),
    ]

    operations = [
        migrations.AddField(
            model_name="evaluationstep",
            name="entered_by_name",
            field=models.CharField(blank=True, max_length=150, verbose_name="người nhập hộ"),
        ),
        migrations.RunPython(attribute_to_members, migrations.RunPython.noop),
    ]
