"""Statistics counts by month of the date dimensions (docs/decisions/0009-statistics-counts.md, "By month").

Adds, for every organisation and kind, the month rows ("B" for the birth date "b", "P" for the Party-age start date
"p", value "YYYY-MM") summed from the day rows already kept. Frozen SQL; `sotay stats-verify` checks the result.
"""

from django.db import migrations

FILL = (
    "INSERT INTO members_statcount (organization_id, kind, dim, value, n) "
    "SELECT organization_id, kind, CASE dim WHEN 'b' THEN 'B' ELSE 'P' END, SUBSTR(value, 1, 7), SUM(n) "
    "FROM members_statcount WHERE dim IN ('b', 'p') "
    "GROUP BY organization_id, kind, CASE dim WHEN 'b' THEN 'B' ELSE 'P' END, SUBSTR(value, 1, 7)"
)


class Migration(migrations.Migration):
    dependencies = [("members", "0014_fill_stat_snapshots")]

    operations = [
        migrations.RunSQL(FILL, reverse_sql="DELETE FROM members_statcount WHERE dim IN ('B', 'P')"),
    ]
