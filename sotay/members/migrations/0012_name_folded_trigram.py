"""A trigram index on the folded name (PostgreSQL only): the member search matches each word anywhere in the name
(`name_folded LIKE '%word%'`, sotay.members.querysets.MemberQuerySet.search), which a b-tree cannot serve; pg_trgm's
GIN operator class can. SQLite has no such index: there the migration does nothing (its FTS5 is not used for names).
"""

from django.db import migrations

INDEX = "members_member_name_folded_trgm"


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    schema_editor.execute(
        f'CREATE INDEX IF NOT EXISTS "{INDEX}" ON "members_member" USING gin ("name_folded" gin_trgm_ops)'
    )


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(f'DROP INDEX IF EXISTS "{INDEX}"')  # the extension stays: other objects may use it


class Migration(migrations.Migration):
    dependencies = [
        ("members", "0011_period_org_valid_to_index"),
    ]

    operations = [migrations.RunPython(forwards, backwards, elidable=False)]
