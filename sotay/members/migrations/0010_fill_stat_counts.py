"""Fill the statistics counts of an existing database (docs/decisions/0009-statistics-counts.md).

Frozen: its own SQL, the same as `sotay.members.counts.recompute` wrote it when this migration was made, so that later
changes to the app do not change what this step did. `sotay stats-verify` checks the result at any time.
"""

from django.db import migrations

ACTIVE = "'PROBATIONARY', 'OFFICIAL', 'EXEMPT'"
STEP = 4
DIMS = [
    ("s", None),
    ("a", "''"),
    ("g", "m.gender"),
    ("b", "CAST(m.birth_on AS VARCHAR(16))"),
    ("p", "CAST(COALESCE(m.party_age_from, m.admission_decision_on, m.joined_on) AS VARCHAR(16))"),
    ("e", "m.ethnicity"),
    ("r", "m.religion"),
    ("d", "m.professional_education"),
    ("t", "m.political_theory"),
]
SOURCES = {
    "c": ("members_member m JOIN orgs_organization o ON o.id = m.organization_id", "m.status", "1 = 1"),
    "h": (
        "members_memberperiod q JOIN members_member m ON m.id = q.member_id "
        "JOIN orgs_organization o ON o.id = q.organization_id",
        "q.status",
        "q.valid_to IS NULL",
    ),
}


def fill(apps, schema_editor):
    Organization = apps.get_model("orgs", "Organization")
    top = max(Organization.objects.values_list("depth", flat=True), default=0)
    with schema_editor.connection.cursor() as cursor:
        cursor.execute("DELETE FROM members_statcount")
        for kind, (source, status, where) in SOURCES.items():
            for level in range(1, top + 1):
                for dim, expression in DIMS:
                    value = expression or status
                    active = "" if dim == "s" else f" AND {status} IN ({ACTIVE})"
                    cursor.execute(
                        "INSERT INTO members_statcount (organization_id, kind, dim, value, n) "
                        f"SELECT anc.id, '{kind}', '{dim}', {value}, COUNT(*) FROM {source} "
                        "JOIN orgs_organization anc ON anc.path = SUBSTR(o.path, 1, %s) "
                        f"WHERE {where}{active} AND o.depth >= %s GROUP BY 1, 4",
                        [level * STEP, level],
                    )


class Migration(migrations.Migration):
    dependencies = [("members", "0009_stat_counts")]

    operations = [migrations.RunPython(fill, migrations.RunPython.noop)]
