"""The demo province carries handbook data: announcements with read receipts, a study, the two-way channel."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db.models import Q

from sotay.demo.generator import generate
from sotay.handbook.models import Announcement, Feedback, FeedbackStatus, StudyRecord
from sotay.handbook.rollup import rollup
from sotay.rules.seed import load as load_rules

pytestmark = pytest.mark.django_db


def test_demo_has_announcements_read_by_part_of_each_cell_and_channel_items():
    load_rules()
    generate(400, seed=7, today=dt.date(2026, 3, 15))
    assert Announcement.objects.count() == 3
    commune_wide = Announcement.objects.get(title__startswith="Sinh hoạt chi bộ thường kỳ")
    rows = rollup(commune_wide.receipts.all(), commune_wide.organization, done=Q(read_at__isnull=False))
    assert rows[0].total >= 3 and rows[0].percent > 0
    receipts = [r.read_at is not None for a in Announcement.objects.all() for r in a.receipts.all()]
    assert any(receipts) and not all(receipts)  # some have read, some not yet
    assert {f.status for f in Feedback.objects.all()} == {
        FeedbackStatus.ANSWERED,
        FeedbackStatus.OPEN,
        FeedbackStatus.FORWARDED,
    }
    if StudyRecord.objects.exists():  # only when the documents library is part of the demo
        assert StudyRecord.objects.filter(studied_at__isnull=False).exists()
