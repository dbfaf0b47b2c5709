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


def test_many_recipients_are_delivered_in_batches(cast, django_capture_on_commit_callbacks, monkeypatch):
    from sotay.notifications import services

    monkeypatch.setattr(services, "DELIVERY_BATCH", 2)
    users = [cast.member, cast.cell_secretary, cast.outsider, cast.commune_committee, cast.provincial_officer]
    with django_capture_on_commit_callbacks() as callbacks:
        notify(users, kind="test", title="Cả tỉnh")
    assert [len(c.keywords["notification_ids"]) for c in callbacks] == [2, 2, 1]


def test_email_settings_come_from_the_environment(settings, monkeypatch):
    from sotay.notifications import conf

    settings.EMAIL_HOST, settings.EMAIL_PORT = "mail.example.vn", 25
    monkeypatch.setenv("EMAIL_HOST", "smtp.hungyen.example.vn")
    monkeypatch.setenv("EMAIL_PORT", "587")
    monkeypatch.setenv("EMAIL_USE_TLS", "true")
    monkeypatch.setenv("DEFAULT_FROM_EMAIL", "sotay@hungyen.example.vn")
    connection = conf.email_connection()
    assert (connection.host, connection.port, connection.use_tls) == ("smtp.hungyen.example.vn", 587, True)
    assert conf.from_email() == "sotay@hungyen.example.vn"
    monkeypatch.delenv("EMAIL_HOST")
    assert conf.email_connection().host == "mail.example.vn"
