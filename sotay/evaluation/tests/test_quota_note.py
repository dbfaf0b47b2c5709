"""The seeded quota note cites the guidance itself, in new databases (seed) and in old ones (migration 0006)."""

from __future__ import annotations

import datetime as dt
import importlib
from decimal import Decimal

import pytest
from django.apps import apps

from sotay.evaluation.models import GradeQuota
from sotay.evaluation.seed import QUOTAS

pytestmark = pytest.mark.django_db

migration = importlib.import_module("sotay.evaluation.migrations.0006_quota_note_cites_the_regulation")


def test_the_seeded_notes_cite_no_file_outside_the_repository():
    assert all(".md" not in note for *_rest, note in QUOTAS)
    assert migration.NEW in {note for *_rest, note in QUOTAS}


def test_the_migration_rewrites_an_old_note_and_leaves_others_alone():
    old = GradeQuota.objects.create(
        effective_from=dt.date(2031, 1, 1), max_percent=Decimal(20), document_reference="366-QĐ/TW", note=migration.OLD
    )
    own = GradeQuota.objects.create(
        effective_from=dt.date(2032, 1, 1), max_percent=Decimal(15), document_reference="x", note="ghi chú riêng"
    )
    migration.forwards(apps, None)
    old.refresh_from_db()
    own.refresh_from_db()
    assert old.note == migration.NEW and own.note == "ghi chú riêng"
    migration.backwards(apps, None)
    old.refresh_from_db()
    assert old.note == migration.OLD
