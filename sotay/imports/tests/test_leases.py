"""Leases: a batch whose worker died is handed back when its page is read or by the hourly task; old previews go."""

from __future__ import annotations

import datetime as dt
import socket
import subprocess
import sys
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import timezone

from sotay.audit.models import AuditEntry
from sotay.imports import leases, services, tasks
from sotay.imports.models import ImportBatch, ImportRow
from sotay.imports.tests.workbooks import member_row, write
from sotay.orgs.actor import Actor

pytestmark = pytest.mark.django_db


def dead_worker() -> str:
    """The lease token of a process of this host that has ended."""
    child = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    return f"{leases._host()}:{int(child.stdout)}:1"


@pytest.fixture
def previewed(tmp_path, cast, settings):
    settings.VAR_DIR = tmp_path
    path = write(tmp_path / "ds.xlsx", [member_row(1), member_row(2)])
    batch = services.start_import(
        source_path=path, file_name="ds.xlsx", organization=cast.commune_a, actor=Actor.for_user(cast.commune_committee)
    )
    return services.run_preview(batch, actor=Actor.system("worker:test"))


def hold(batch: ImportBatch, status: str, worker: str, *, expires_in: int = 300) -> None:
    ImportBatch.objects.filter(pk=batch.pk).update(
        status=status,
        worker=worker,
        heartbeat_at=timezone.now(),
        lease_expires_at=timezone.now() + dt.timedelta(seconds=expires_in),
    )


def test_the_preview_takes_and_leaves_the_lease(previewed):
    assert previewed.status == "PREVIEWED" and previewed.counts["NEW"] == 2
    assert previewed.worker == "" and previewed.lease_expires_at is None and previewed.heartbeat_at is not None


def test_a_dead_parser_is_handed_back_when_the_page_is_read_and_the_retry_button_reads_again(
    client, cast, previewed, settings, django_capture_on_commit_callbacks
):
    hold(previewed, "PARSING", dead_worker())
    client.force_login(cast.commune_committee)
    url = reverse("imports:detail", args=[previewed.pk])
    page = client.get(url).content.decode()
    previewed.refresh_from_db()
    assert previewed.status == "FAILED" and previewed.worker == ""
    assert not ImportRow.objects.filter(batch=previewed).exists()
    assert "Tiến trình xử lý nền đã dừng khi đang đọc tệp" in page and "Đọc lại tệp" in page
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("imports:retry", args=[previewed.pk]))
    previewed.refresh_from_db()
    assert previewed.status == "PREVIEWED" and ImportRow.objects.filter(batch=previewed).count() == 2


def test_a_dead_applier_is_handed_back_to_previewed_and_can_be_confirmed_again(client, cast, previewed):
    hold(previewed, "APPLYING", dead_worker())
    client.force_login(cast.commune_committee)
    page = client.get(reverse("imports:list")).content.decode()
    previewed.refresh_from_db()
    assert previewed.status == "PREVIEWED"
    assert "Lần ghi là một giao dịch nên chưa có gì được ghi" in previewed.message
    assert "Chờ xác nhận" in page
    services.request_apply(batch=previewed, actor=Actor.for_user(cast.commune_committee))  # accepted again


def test_an_expired_lease_of_another_host_is_recovered_by_the_hourly_task(previewed):
    hold(previewed, "PARSING", "other-host:1234:99", expires_in=-1)
    assert tasks.recover_stalled_imports.call() == [previewed.pk]
    previewed.refresh_from_db()
    assert previewed.status == "FAILED"
    entry = AuditEntry.objects.filter(data__recovered="FAILED").get()
    assert entry.actor_name == "worker" and entry.data["worker"] == "other-host:1234:99"


def test_live_or_queued_work_is_left_alone(previewed):
    hold(previewed, "PARSING", leases.this_worker())  # this very process, alive
    assert leases.recover_stalled() == []
    hold(previewed, "APPLYING", leases.this_worker(), expires_in=-60)  # a long apply cannot renew: alive still
    assert leases.recover_stalled() == []
    hold(previewed, "PARSING", f"{socket.gethostname()}@other:{dead_worker().split(':')[1]}:1", expires_in=300)
    assert leases.recover_stalled() == []  # same host name, other pid namespace (a container): the lease counts
    hold(previewed, "PARSING", "other-host:1234:99", expires_in=300)  # alive elsewhere, lease running
    assert leases.recover_stalled() == []
    ImportBatch.objects.filter(pk=previewed.pk).update(status="APPLYING", worker="", lease_expires_at=None)
    assert leases.recover_stalled() == []  # queued, no worker has taken it yet
    previewed.refresh_from_db()
    assert previewed.status == "APPLYING"


def test_a_worker_that_lost_its_lease_writes_nothing(previewed):
    hold(previewed, "PARSING", "other-host:1234:99")
    with pytest.raises(leases.LeaseLost):
        leases.beat(previewed, progress=50)
    assert not leases.finish(previewed, status="PREVIEWED")
    previewed.refresh_from_db()
    assert previewed.progress != 50 and previewed.status == "PARSING"


def test_previews_abandoned_for_the_retention_period_are_purged_daily(previewed, cast, tmp_path, settings):
    settings.SOTAY_IMPORT_PREVIEW_RETENTION_DAYS = 14
    recent = services.run_preview(
        services.start_import(
            source_path=write(tmp_path / "b.xlsx", [member_row(3)]),
            file_name="b.xlsx",
            organization=cast.commune_a,
            actor=Actor.for_user(cast.commune_committee),
        ),
        actor=Actor.system("worker:test"),
    )
    ImportBatch.objects.filter(pk=previewed.pk).update(created_at=timezone.now() - dt.timedelta(days=15))
    assert tasks.purge_abandoned_previews.call() == 1
    previewed.refresh_from_db()
    assert not ImportRow.objects.filter(batch=previewed).exists()
    assert previewed.counts["NEW"] == 2 and previewed.previews_purged_at is not None
    assert "Bản xem trước đã được xóa" in previewed.message and "sau 14 ngày" in previewed.message
    assert ImportRow.objects.filter(batch=recent).count() == 1
    with pytest.raises(services.ValidationError, match="đã bị xóa vì để quá lâu"):
        services.request_apply(batch=previewed, actor=Actor.for_user(cast.commune_committee))
    with pytest.raises(services.ValidationError, match="đã bị xóa vì để quá lâu"):
        services.set_mapping(
            batch=previewed, mapping={0: "full_name"}, remember=False, actor=Actor.for_user(cast.commune_committee)
        )
    assert not Path(previewed.file_path).exists() and Path(recent.file_path).exists()
    assert tasks.purge_abandoned_previews.call() == 0


def test_applied_batches_keep_their_rows_for_rollback(previewed, cast):
    services.apply_batch(batch=previewed, actor=Actor.for_user(cast.commune_committee))
    ImportBatch.objects.filter(pk=previewed.pk).update(created_at=timezone.now() - dt.timedelta(days=400))
    assert services.purge_abandoned_previews(actor=Actor.system("worker:test")) == 0
    assert ImportRow.objects.filter(batch=previewed).count() == 2


IMMEDIATE = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


def test_the_tasks_record_their_id_and_a_late_duplicate_apply_leaves_an_applied_batch_alone(previewed, cast, settings):
    settings.TASKS = IMMEDIATE
    result = tasks.preview_import.enqueue(batch_id=previewed.pk)
    previewed.refresh_from_db()
    assert result.return_value == "PREVIEWED" and previewed.task_id == str(result.id)
    services.request_apply(batch=previewed, actor=Actor.for_user(cast.commune_committee))
    first = tasks.apply_import.enqueue(batch_id=previewed.pk, user_id=cast.commune_committee.pk)
    assert first.return_value == "APPLIED"
    late = tasks.apply_import.enqueue(batch_id=previewed.pk, user_id=cast.commune_committee.pk)
    assert late.return_value == "skipped"
    previewed.refresh_from_db()
    assert previewed.status == "APPLIED" and previewed.worker == ""
