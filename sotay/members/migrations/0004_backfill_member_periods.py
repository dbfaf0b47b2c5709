"""Periods for members that have none, from what the member row says (databases from before periods existed).

Frozen (issue 12): the steps are written here, not imported from app code (`sotay.members.periods`), so this
migration stays as it is when the code changes.
"""

from django.db import migrations


def _steps(joined, official, status, changed):
    """(start, end, status) from joining: probationary until the official date, then official, then the current
    status from the day it changed (exempt, left, deceased, moved away)."""
    steps = [(joined, "PROBATIONARY")]
    if official:
        steps.append((official, "OFFICIAL"))
    if status not in ("PROBATIONARY", "OFFICIAL"):
        steps.append((changed or steps[-1][0], status))
    steps = [s for i, s in enumerate(steps) if i + 1 == len(steps) or steps[i + 1][0] > s[0]]
    return [(start, steps[i + 1][0] if i + 1 < len(steps) else None, st) for i, (start, st) in enumerate(steps)]


def backfill(apps, schema_editor):
    Member = apps.get_model("members", "Member")
    MemberPeriod = apps.get_model("members", "MemberPeriod")
    pending = Member.objects.filter(periods__isnull=True).values_list(
        "pk", "organization_id", "status", "joined_on", "official_on", "status_changed_on"
    )
    batch = []
    for pk, org_id, status, joined, official, changed in pending.iterator(chunk_size=5000):
        batch += [
            MemberPeriod(member_id=pk, organization_id=org_id, status=st, valid_from=start, valid_to=end)
            for start, end, st in _steps(joined, official, status, changed)
        ]
        if len(batch) >= 5000:
            MemberPeriod.objects.bulk_create(batch)
            batch = []
    MemberPeriod.objects.bulk_create(batch)


class Migration(migrations.Migration):
    dependencies = [("members", "0003_member_periods")]
    operations = [migrations.RunPython(backfill, migrations.RunPython.noop)]
