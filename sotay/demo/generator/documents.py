"""Demo data for the documents library: the real documents cited in docs/rules/ and in the Thái Bình sample
article, the starter guides, the sample article, and their search index. Called once from `write_plan`."""

from __future__ import annotations

from sotay.orgs.actor import Actor
from sotay.orgs.models import Organization


def add_demo_library() -> int:
    """Load the library into the province (the root in force); returns the number of documents."""
    from sotay.documents import search
    from sotay.documents.starter import load_library

    root = Organization.objects.get_root_nodes().filter(valid_to__isnull=True).order_by("path").first()
    if root is None:
        return 0
    loaded = load_library(root, actor=Actor.system("demo"))
    search.reindex()  # at once: the demo is read before the worker has run
    return len(loaded["documents"])
