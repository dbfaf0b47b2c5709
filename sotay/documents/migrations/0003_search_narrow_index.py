"""SQLite: a covering index of the narrow columns of SearchEntry (id first). The ranked query joins each full-text
match to its entry by id to apply the audience and the filters; read from the table, each lookup walks the row's
folded text (often on overflow pages) to reach the columns stored after it, which made a search over 20,000
documents spend more time there than in the full-text match itself. PostgreSQL keeps long text out of line (TOAST)
and needs nothing."""

from django.db import migrations

COLUMNS = "id, source, object_id, audience, audience_path, owner_path, sort_date, doc_type, issuer_code, year, status, topics"


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        schema_editor.execute(f"CREATE INDEX documents_searchentry_narrow ON documents_searchentry ({COLUMNS})")


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        schema_editor.execute("DROP INDEX IF EXISTS documents_searchentry_narrow")


class Migration(migrations.Migration):
    dependencies = [("documents", "0002_search_visibility")]

    operations = [migrations.RunPython(create, drop)]
