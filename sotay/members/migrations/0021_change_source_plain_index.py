# MemberChange.source is looked up by equality only (an import batch's rows, its rollback). `db_index=True` gave it
# a second "_like" index on PostgreSQL (varchar_pattern_ops, for LIKE) that nothing uses and every history row
# paid for. The field's index becomes a plain named one. The database side is written out so that SQLite drops
# and creates an index instead of rebuilding the whole history table (which would also drop its planner
# statistics).

from django.db import migrations, models

OLD = "members_memberchange_source_e5665b0d"


def forward(apps, schema_editor):
    schema_editor.execute(f'DROP INDEX IF EXISTS "{OLD}"')
    schema_editor.execute(f'DROP INDEX IF EXISTS "{OLD}_like"')
    schema_editor.execute('CREATE INDEX "member_change_source" ON "members_memberchange" ("source")')


def backward(apps, schema_editor):
    schema_editor.execute('DROP INDEX IF EXISTS "member_change_source"')
    schema_editor.execute(f'CREATE INDEX "{OLD}" ON "members_memberchange" ("source")')
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f'CREATE INDEX "{OLD}_like" ON "members_memberchange" ("source" varchar_pattern_ops)')


class Migration(migrations.Migration):

    dependencies = [
        ("members", "0020_stat_counts_without_own_members"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="memberchange",
                    name="source",
                    field=models.CharField(blank=True, max_length=40),
                ),
                migrations.AddIndex(
                    model_name="memberchange",
                    index=models.Index(fields=["source"], name="member_change_source"),
                ),
            ],
            database_operations=[migrations.RunPython(forward, backward)],
        ),
    ]
