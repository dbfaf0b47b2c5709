"""Kind "h" of the statistics counts becomes the open periods' difference from kind "c" (docs/decisions/0009,
"Open periods as a difference"): nearly every row of "h" equalled its "c" row, and an import wrote both.

Frozen: its own SQL. Forward: each "h" row minus its "c" row; a "c" row without an "h" row gets one of -n; rows of
zero dropped. Backward: the reverse."""

from django.db import migrations

_SAME_KEY = "c.organization_id = h.organization_id AND c.dim = h.dim AND c.value = h.value"

FORWARD = [
    "UPDATE members_statcount AS h SET n = h.n - c.n FROM members_statcount AS c "
    f"WHERE h.kind = 'h' AND c.kind = 'c' AND {_SAME_KEY}",
    "INSERT INTO members_statcount (organization_id, kind, dim, value, n) "
    "SELECT c.organization_id, 'h', c.dim, c.value, -c.n FROM members_statcount c WHERE c.kind = 'c' AND c.n <> 0 "
    f"AND NOT EXISTS (SELECT 1 FROM members_statcount h WHERE h.kind = 'h' AND {_SAME_KEY})",
    "DELETE FROM members_statcount WHERE kind = 'h' AND n = 0",
]
BACKWARD = [
    "UPDATE members_statcount AS h SET n = h.n + c.n FROM members_statcount AS c "
    f"WHERE h.kind = 'h' AND c.kind = 'c' AND {_SAME_KEY}",
    "INSERT INTO members_statcount (organization_id, kind, dim, value, n) "
    "SELECT c.organization_id, 'h', c.dim, c.value, c.n FROM members_statcount c WHERE c.kind = 'c' AND c.n <> 0 "
    f"AND NOT EXISTS (SELECT 1 FROM members_statcount h WHERE h.kind = 'h' AND {_SAME_KEY})",
    "DELETE FROM members_statcount WHERE kind = 'h' AND n = 0",
]


class Migration(migrations.Migration):
    dependencies = [("members", "0017_stat_rows_without_constraints")]

    operations = [migrations.RunSQL(FORWARD, BACKWARD)]
