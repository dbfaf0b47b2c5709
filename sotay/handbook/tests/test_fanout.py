"""A notice or study assignment to a large audience is reached by the task worker in bounded batches, each its own
short transaction, so members keep saving meanwhile; a rerun after an interruption continues."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone
from django_tasks import default_task_backend

from sotay.documents.tests.factories import DocumentFactory
from sotay.handbook import services
from sotay.handbook.models import AnnouncementReceipt, StudyRecord
from sotay.handbook.tasks import fan_out_announcement_task, fan_out_study_task
from sotay.notifications.models import Notification
from sotay.notifications.tasks import deliver_notifications
from sotay.orgs.actor import Actor

pytestmark = pytest.mark.django_db


@pytest.fixture
def small_batches(monkeypatch, cast):
    from sotay.accounts.models import User

    for i, m in enumerate([*cast.others_a, cast.teacher]):
        User.objects.create_user(username=f"u{i}", password="x", member=m)
    monkeypatch.setattr(services, "FANOUT_INLINE_MAX", 1)
    monkeypatch.setattr(services, "FANOUT_BATCH", 2)
    return cast


def reached(announcement) -> set[str]:
    return set(AnnouncementReceipt.objects.filter(announcement=announcement).values_list("user__username", flat=True))


def test_a_large_audience_is_reached_by_the_worker_in_batches(small_batches, django_capture_on_commit_callbacks):
    cast = small_batches
    with django_capture_on_commit_callbacks() as published:
        a = services.publish_announcement(
            organization=cast.commune_a,
            title="Thông báo toàn xã",
            body="Nội dung.",
            actor=Actor.for_user(cast.commune_committee),
        )
    assert reached(a) == set()  # the request only queued the fan-out
    assert any(getattr(c, "func", None) == fan_out_announcement_task.enqueue for c in published)
    with django_capture_on_commit_callbacks(execute=False) as delivered:
        assert fan_out_announcement_task.call(announcement_id=a.pk) == 5
    assert reached(a) == {"dangvien", "chibo", "u0", "u1", "u2"}
    # One delivery task per batch of two: each batch committed (its own transaction) and queued its deliveries.
    assert [c.func for c in delivered] == [deliver_notifications.enqueue] * 3
    assert Notification.objects.filter(kind="announcement").count() == 5


def test_an_interrupted_fan_out_continues_without_telling_anyone_twice(small_batches, monkeypatch):
    cast = small_batches
    a = services.publish_announcement(
        organization=cast.commune_a,
        title="Thông báo toàn xã",
        body="Nội dung.",
        actor=Actor.for_user(cast.commune_committee),
    )
    real_notify, calls = services.notify, []

    def failing_second_batch(users, **kw):
        calls.append(len(users))
        if len(calls) == 2:
            raise RuntimeError("worker stopped")
        return real_notify(users, **kw)

    monkeypatch.setattr(services, "notify", failing_second_batch)
    default_task_backend.clear()
    assert fan_out_announcement_task.call(announcement_id=a.pk) == "retry 2/5"
    assert len(reached(a)) == 2  # the first batch stayed; the second rolled back alone
    (again,) = default_task_backend.results  # queued again, later
    assert again.task.func is fan_out_announcement_task.func and again.task.run_after is not None
    assert again.kwargs == {"announcement_id": a.pk, "attempt": 2}
    monkeypatch.setattr(services, "notify", real_notify)
    assert fan_out_announcement_task.call(**again.kwargs) == 3
    assert fan_out_announcement_task.call(announcement_id=a.pk) == 0
    assert len(reached(a)) == 5
    per_user = Notification.objects.filter(kind="announcement").values_list("recipient_id", flat=True)
    assert len(per_user) == len(set(per_user)) == 5


def test_a_large_study_assignment_too(small_batches):
    cast = small_batches
    session = services.assign_study(
        organization=cast.commune_a,
        document=DocumentFactory(organization=cast.province),
        deadline=timezone.localdate() + dt.timedelta(days=7),
        actor=Actor.for_user(cast.commune_committee),
    )
    assert not StudyRecord.objects.filter(session=session).exists()
    assert fan_out_study_task.call(session_id=session.pk) == 5
    assert StudyRecord.objects.filter(session=session).count() == 5
    assert Notification.objects.filter(kind="study.assigned").count() == 5
