"""Statistics snapshots for any past day (docs/decisions/0011-statistics-any-past-day.md): an index on the marker
rows, and every existing snapshot built again in the new form — dates near a band boundary kept whole — since the
old form would be read wrongly on other days than its own. The new days (the ends of June and December back to the
earliest member period) are left to the daily task `refresh_stat_snapshots`, as for any missing snapshot: the
migration costs what 0014 did, whatever the number of provinces.

Frozen: its own SQL and rules, the same as `sotay.members.snapshots.rebuild` had them when this migration was made,
so that later changes to the app do not change what this step did. `sotay stats-verify` checks the result at any
time, and the daily task `refresh_stat_snapshots` keeps the days moving.
"""

import datetime as dt

from django.db import migrations, models

EXACT_DAYS = 94
ACTIVE = ("PROBATIONARY", "OFFICIAL", "EXEMPT")
AGE_BANDS = [(18, 30), (31, 40), (41, 50), (51, 60), (61, 70), (71, 200)]
PARTY_AGE_BANDS = [(0, 9), (10, 29), (30, 49), (50, 200)]
DATES = {
    "b": "CAST(m.birth_on AS VARCHAR(16))",
    "p": "CAST(COALESCE(m.party_age_from, m.admission_decision_on, m.joined_on) AS VARCHAR(16))",
}
SELECT = (
    "SELECT q.status, m.gender, {b}, {p}, m.ethnicity, m.religion, m.professional_education, m.political_theory, "
    "COUNT(*) FROM members_memberperiod q JOIN members_member m ON m.id = q.member_id "
    "JOIN orgs_organization o ON o.id = q.organization_id "
    "WHERE o.path >= %s AND o.path <= %s AND q.valid_from <= %s AND (q.valid_to IS NULL OR q.valid_to > %s) "
    "GROUP BY 1, 2, 3, 4, 5, 6, 7, 8"
)


def years_ago(on, years):
    try:
        return on.replace(year=on.year - years)
    except ValueError:
        return on.replace(year=on.year - years, day=28)


def band_case(dim, day, bands):
    """The date itself within EXACT_DAYS of a band boundary on `day`, else its band's index, else NULL."""
    margin = dt.timedelta(days=EXACT_DAYS)
    edges = sorted({lo for lo, _hi in bands} | {hi + 1 for _lo, hi in bands})
    whens, params = [], []
    for k in edges:
        edge = years_ago(day, k)
        whens.append(f"WHEN {DATES[dim]} > %s AND {DATES[dim]} <= %s THEN {DATES[dim]}")
        params += [(edge - margin - dt.timedelta(days=1)).isoformat(), (edge + margin).isoformat()]
    for i, (lo, hi) in enumerate(bands):
        whens.append(f"WHEN {DATES[dim]} > %s AND {DATES[dim]} <= %s THEN '{i}'")
        params += [years_ago(day, hi + 1).isoformat(), years_ago(day, lo).isoformat()]
    return f"CASE {' '.join(whens)} END", params


def refill(apps, schema_editor):
    Organization = apps.get_model("orgs", "Organization")
    StatSnapshot = apps.get_model("members", "StatSnapshot")
    alias = schema_editor.connection.alias
    existing: dict[dt.date, list[int]] = {}
    for pk, day in StatSnapshot.objects.using(alias).filter(dim="#").values_list("organization_id", "day"):
        existing.setdefault(day, []).append(pk)
    StatSnapshot.objects.using(alias).all().delete()
    paths = dict(Organization.objects.using(alias).values_list("pk", "path"))
    with schema_editor.connection.cursor() as cursor:
        for day, ids in sorted(existing.items()):
            roots = [(pk, paths[pk]) for pk in sorted(ids) if pk in paths]
            b, b_params = band_case("b", day, AGE_BANDS)
            p, p_params = band_case("p", day, PARTY_AGE_BANDS)
            rows = []
            for pk, path in roots:
                found = {("#", ""): 0}
                high = path + "Z" * (255 - len(path))
                cursor.execute(SELECT.format(b=b, p=p), [*b_params, *p_params, path, high, day, day])
                for status, gender, band_b, band_p, ethnicity, religion, professional, theory, n in cursor.fetchall():
                    found[("s", status)] = found.get(("s", status), 0) + n
                    if status not in ACTIVE:
                        continue
                    pairs = [("a", ""), ("g", gender), ("e", ethnicity), ("r", religion)]
                    pairs += [("d", professional), ("t", theory), ("b", band_b), ("p", band_p)]
                    for dim, value in pairs:
                        if dim in "bp" and value is None:
                            continue
                        key = (dim, "" if value is None else str(value))
                        found[key] = found.get(key, 0) + n
                rows += [
                    StatSnapshot(organization_id=pk, day=day, dim=dim, value=value, n=n)
                    for (dim, value), n in found.items()
                ]
            StatSnapshot.objects.using(alias).bulk_create(rows, batch_size=2000)


class Migration(migrations.Migration):
    dependencies = [("members", "0015_stat_count_months")]

    operations = [
        migrations.AddIndex(
            model_name="statsnapshot",
            index=models.Index(fields=["organization", "day"], condition=models.Q(dim="#"), name="stat_snapshot_marks"),
        ),
        migrations.RunPython(refill, migrations.RunPython.noop),
    ]
