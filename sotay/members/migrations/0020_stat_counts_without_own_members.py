"""The statistics counts stop holding each organisation's own members (docs/decisions/0015): a row counts the members
below an organisation, and its own members — a cell's — are counted when its statistics are read.

Frozen: its own SQL. Forward: every organisation's own share (kind "c": its members; kind "h": the open periods there
minus its members) subtracted from its rows, rows of zero dropped. Backward: the share added again."""

from django.db import migrations

_ACTIVE = "('PROBATIONARY', 'OFFICIAL', 'EXEMPT')"
_BIRTH = "CAST(m.birth_on AS VARCHAR(16))"
_SINCE = "CAST(COALESCE(m.party_age_from, m.admission_decision_on, m.joined_on) AS VARCHAR(16))"
# Each dimension and its SQL over m (None: the status of the source).
_DIMS = [
    ("s", None),
    ("a", "''"),
    ("g", "m.gender"),
    ("b", _BIRTH),
    ("p", _SINCE),
    ("e", "m.ethnicity"),
    ("r", "m.religion"),
    ("d", "m.professional_education"),
    ("t", "m.political_theory"),
    ("B", f"SUBSTR({_BIRTH}, 1, 7)"),
    ("P", f"SUBSTR({_SINCE}, 1, 7)"),
]
# (kind, sign, source, its organisation column, its status, its condition)
_SOURCES = [
    ("c", "", "members_member m", "m.organization_id", "m.status", "1 = 1"),
    (
        "h",
        "",
        "members_memberperiod q JOIN members_member m ON m.id = q.member_id",
        "q.organization_id",
        "q.status",
        "q.valid_to IS NULL",
    ),
    ("h", "-", "members_member m", "m.organization_id", "m.status", "1 = 1"),
]


def _own() -> str:
    selects = []
    for kind, sign, source, column, status, where in _SOURCES:
        for dim, expression in _DIMS:
            active = "" if dim == "s" else f" AND {status} IN {_ACTIVE}"
            selects.append(
                f"SELECT {column} AS org, '{kind}' AS kind, '{dim}' AS dim, "
                f"COALESCE({expression or status}, '') AS value, {sign}COUNT(*) AS n "
                f"FROM {source} WHERE {where}{active} GROUP BY 1, 4"
            )
    return " UNION ALL ".join(selects)


def _add(sign: str) -> list[str]:
    return [
        "INSERT INTO members_statcount (organization_id, kind, dim, value, n) "
        f"SELECT org, kind, dim, value, {sign}SUM(n) FROM ({_own()}) own WHERE 1 = 1 "
        "GROUP BY org, kind, dim, value HAVING SUM(n) <> 0 "
        "ON CONFLICT (organization_id, kind, dim, value) DO UPDATE SET n = members_statcount.n + excluded.n",
        "DELETE FROM members_statcount WHERE n = 0",
    ]


FORWARD = _add("-")
BACKWARD = _add("")


class Migration(migrations.Migration):
    dependencies = [("members", "0019_period_organization_without_own_index")]

    operations = [migrations.RunSQL(FORWARD, BACKWARD)]
