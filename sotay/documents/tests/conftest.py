from __future__ import annotations

import pytest

from sotay.documents.demo import load_real_documents
from sotay.orgs.actor import Actor


@pytest.fixture
def immediate_tasks(settings):
    """Run the index updates at once (the project's tests use the dummy backend, which never runs tasks)."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture
def library(cast, immediate_tasks, django_capture_on_commit_callbacks):
    """The real documents cited in docs/rules/ and the sample article, indexed."""
    with django_capture_on_commit_callbacks(execute=True):
        return load_real_documents(cast.province, actor=Actor.system("command:test"))
