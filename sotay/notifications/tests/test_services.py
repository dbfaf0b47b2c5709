import pytest

from sotay.notifications.models import Notification
from sotay.notifications.services import notify

pytestmark = pytest.mark.django_db


def test_notify_creates_one_row_per_distinct_user_and_queues_delivery_on_commit(
    cast, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks() as callbacks:
        made = notify(
            [cast.member, cast.member, cast.cell_secretary],
            kind="test",
            title="Họp chi bộ tháng 12",
            organization=cast.cell_a,
        )
    assert len(made) == 2
    assert Notification.objects.filter(recipient=cast.member, read_at__isnull=True).count() == 1
    assert len(callbacks) == 1


def test_notify_nobody_queues_nothing(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks() as callbacks:
        assert notify([], kind="test", title="x") == []
    assert callbacks == []
