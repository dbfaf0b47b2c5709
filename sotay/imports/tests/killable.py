"""Steps of the kill -9 test, run in their own process against the test's database (see test_worker_death.py).

`python -m sotay.imports.tests.killable BATCH STEP…` runs each step in turn on the batch, with the real settings
(tasks go to the database queue): `preview` and `apply` queue a task, `retry` reads a failed batch again,
`recover` hands back stalled batches and `report` prints, as JSON, the figures the test checks.
"""

from __future__ import annotations

import json
import os
import sys


def main(argv: list[str]) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sotay.settings")
    import django

    django.setup()
    from django.utils import translation

    translation.activate("vi")
    from sotay.accounts.models import User
    from sotay.imports import leases, services
    from sotay.imports.models import ImportBatch
    from sotay.orgs.actor import Actor

    batch = ImportBatch.objects.get(pk=int(argv[0]))
    officer = User.objects.get(username="bantochuc")
    for command in argv[1:]:
        if command == "preview":
            services.enqueue_preview(batch)
        elif command == "recover":
            print(json.dumps({"recovered": leases.recover_stalled()}))
        elif command == "retry":
            services.retry_preview(batch=batch, actor=Actor.for_user(officer))
        elif command == "apply":
            services.request_apply(batch=ImportBatch.objects.get(pk=batch.pk), actor=Actor.for_user(officer))
        elif command == "report":
            print(json.dumps(report(batch.pk)))


def report(pk: int) -> dict:
    from django_tasks_db.models import DBTaskResult

    from sotay.imports.models import ImportBatch, ImportRow
    from sotay.members.models import Member

    batch = ImportBatch.objects.get(pk=pk)
    rows = ImportRow.objects.filter(batch=batch)
    return {
        "status": batch.status,
        "message": batch.message,
        "counts": batch.counts,
        "rows": rows.count(),
        "distinct_rows": rows.values("row_number").distinct().count(),
        "members": Member.objects.count(),
        "distinct_citizen_ids": Member.objects.values("citizen_id").distinct().count(),
        "tasks": sorted(DBTaskResult.objects.values_list("status", flat=True)),
    }


if __name__ == "__main__":
    main(sys.argv[1:])
