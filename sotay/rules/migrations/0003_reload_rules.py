"""Added the 1996 Statute's minimum admission age. Its rows are now carried by 0002's frozen list, so
this migration does nothing (kept so that the migration history stays the same).

Frozen (issue 12): the rows are written here, not imported from app code, so this migration stays as it is
when the code changes; a later change to the seed ships as a new migration. The seeding policy
(docs/decisions/0007-seeding.md): insert the rows that are missing, never change a row already there.
"""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("rules", "0002_seed_rules")]
    operations = [migrations.RunPython(migrations.RunPython.noop, migrations.RunPython.noop)]
