"""Background work of the library: search-index updates, enqueued on commit; tasks take ids."""

from __future__ import annotations

from django_tasks import task


@task()
def index_item(source: str, object_id: int, attempt: int = 1) -> str:
    """Rebuild one search entry; a failure is queued again with backoff (see `sotay.documents.indexing`)."""
    from .indexing import index_or_retry

    return index_or_retry(source, object_id, attempt)


@task()
def repair_search_index() -> int:
    """Daily sweep: rebuild the entries missing or stale against their items (what `sotay search-reindex` does)."""
    from .indexing import find_gaps, repair

    return repair(find_gaps())


@task()
def extract_attachment(attachment_id: int) -> str | None:
    """The text of an uploaded attachment, capped (see `sotay.documents.extract`), then the search index."""
    from sotay.orgs.actor import Actor

    from .services import extract_attachment_text

    return extract_attachment_text(attachment_id, actor=Actor.system("worker:extract_attachment"))


@task()
def expire_documents_task() -> int:
    """Daily: documents whose effective_to has passed become expired (add to settings.PERIODIC_TASKS as daily)."""
    from sotay.orgs.actor import Actor

    from .services import expire_documents

    return expire_documents(actor=Actor.system("worker:expire_documents"))
