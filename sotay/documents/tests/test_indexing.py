"""The search index stays whole: a failed index task is queued again with backoff up to a bounded
number of attempts, and `sotay search-reindex` finds (--check) and repairs the gaps against the sources."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone
from django_tasks import default_task_backend

from sotay.core import retry
from sotay.documents import indexing, search
from sotay.documents.models import SearchEntry
from sotay.documents.tasks import index_item, repair_search_index
from sotay.documents.tests.factories import DocumentFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def new_doc(cast):
    return lambda: DocumentFactory(organization=cast.province)


def reindex(*args: str) -> str:
    out = StringIO()
    call_command("search_reindex", *args, stdout=out)
    return out.getvalue()


def test_a_failed_index_task_is_queued_again_with_growing_waits_then_gives_up(monkeypatch, new_doc):
    doc = new_doc()
    default_task_backend.clear()

    def busy(source, object_id):
        raise RuntimeError("database is locked")

    monkeypatch.setattr(search, "index_item", busy)
    before = timezone.now()
    assert index_item.call(source="document", object_id=doc.pk) == f"retry 2/{retry.MAX_ATTEMPTS}"
    assert index_item.call(source="document", object_id=doc.pk, attempt=3) == f"retry 4/{retry.MAX_ATTEMPTS}"
    first, third = default_task_backend.results
    assert first.kwargs == {"source": "document", "object_id": doc.pk, "attempt": 2}
    assert third.kwargs["attempt"] == 4
    assert first.task.run_after - before >= retry.backoff(1)
    assert third.task.run_after - first.task.run_after >= retry.backoff(3) - retry.backoff(1)
    with pytest.raises(RuntimeError):  # the last attempt fails for the record; the daily sweep repairs it
        index_item.call(source="document", object_id=doc.pk, attempt=retry.MAX_ATTEMPTS)
    assert len(default_task_backend.results) == 2
    monkeypatch.undo()
    assert index_item.call(source="document", object_id=doc.pk, attempt=2) == "ok"
    assert SearchEntry.objects.filter(source="document", object_id=doc.pk).exists()


def test_search_reindex_check_reports_gaps_and_exits_non_zero_then_repairs_them(new_doc):
    missing, stale, kept = new_doc(), new_doc(), new_doc()
    search.index_item("document", stale.pk)
    search.index_item("document", kept.pk)
    SearchEntry.objects.filter(source="document", object_id=stale.pk).update(title="tieu de cu")
    SearchEntry.objects.create(source="document", object_id=999_999, title="da xoa")
    with pytest.raises(CommandError, match="3 chỗ hổng"):
        reindex("--check")
    gaps = indexing.find_gaps()
    assert gaps.missing["document"] == [missing.pk]
    assert gaps.stale["document"] == [stale.pk]
    assert gaps.orphaned["document"] == [999_999]
    out = reindex()
    assert "Văn bản: thiếu 1, lệch 1, thừa 1" in out and "Đã sửa 3 mục" in out
    assert "đầy đủ" in reindex("--check")  # exit status 0
    assert not SearchEntry.objects.filter(object_id=999_999).exists()
    assert SearchEntry.objects.get(source="document", object_id=stale.pk).title != "tieu de cu"


def test_unknown_source_is_refused_in_vietnamese():
    with pytest.raises(CommandError, match="Không có nguồn “tin-tuc”"):
        reindex("--source", "tin-tuc")


def test_the_daily_sweep_repairs_what_the_retries_could_not(new_doc, settings):
    doc = new_doc()
    assert indexing.find_gaps().count() == 1
    assert repair_search_index.call() == 1
    assert indexing.find_gaps().count() == 0
    assert settings.PERIODIC_TASKS["sotay.documents.tasks.repair_search_index"] == "daily"
    assert SearchEntry.objects.filter(object_id=doc.pk).exists()
