"""The two-way channel (docs/rules/handbook-app.md, 339-QĐ/TW: kênh thông tin hai chiều giữa cấp ủy và đảng viên).

A member writes to their cell or a committee above; only that committee sees it; it is answered, forwarded up or
closed; the member follows its status."""

from __future__ import annotations

import pytest
from django.urls import reverse

from sotay.accounts.models import User
from sotay.audit.models import AuditEntry
from sotay.handbook.models import Feedback, FeedbackStatus
from sotay.notifications.models import Notification

pytestmark = pytest.mark.django_db


def send(client, cast, org, subject="Hỏi về mức đảng phí", **extra):
    client.force_login(cast.member)
    data = {"organization": org.pk, "kind": "QUESTION", "subject": subject, "body": "Lương hưu có tính không?", **extra}
    return client.post(reverse("handbook:feedback_create"), data)


def test_member_writes_to_cell_and_only_that_committee_sees_it(cast, client):
    """Nothing is visible outside the intended committee: not the outsider, not another cell's member, not the
    committee above until it is forwarded."""
    response = send(client, cast, cast.cell_a)
    f = Feedback.objects.get()
    assert response.status_code == 302 and f.organization == cast.cell_a and f.status == FeedbackStatus.OPEN
    assert Notification.objects.filter(recipient=cast.cell_secretary, kind="feedback.new").exists()
    url = reverse("handbook:feedback", args=[f.pk])
    teacher = User.objects.create_user(username="lan", password="x", member=cast.teacher)
    for user in (cast.outsider, teacher, cast.commune_committee, cast.provincial_officer):
        client.force_login(user)
        assert client.get(url).status_code == 404, user
        assert client.post(reverse("handbook:feedback_act", args=[f.pk]), {"action": "close"}).status_code == 404
        assert "Hỏi về mức đảng phí" not in client.get(reverse("handbook:feedback_inbox")).content.decode()
    f.refresh_from_db()
    assert f.status == FeedbackStatus.OPEN
    client.force_login(cast.cell_secretary)
    inbox = client.get(reverse("handbook:feedback_inbox")).content.decode()
    assert "Hỏi về mức đảng phí" in inbox and "Nguyễn Văn Ấn" in inbox
    assert client.get(url).status_code == 200
    assert AuditEntry.objects.filter(action="view", object_id=str(f.pk), actor=cast.cell_secretary).exists()


def test_forward_then_answer_with_notifications_and_status_for_the_member(cast, client):
    send(client, cast, cast.cell_a)
    f = Feedback.objects.get()
    act = reverse("handbook:feedback_act", args=[f.pk])
    client.force_login(cast.cell_secretary)
    assert client.post(act, {"action": "forward", "text": "Xin ý kiến đảng ủy xã"}).status_code == 302
    f.refresh_from_db()
    assert f.organization == cast.commune_a and f.status == FeedbackStatus.FORWARDED
    assert Notification.objects.filter(recipient=cast.member, kind="feedback.forward").exists()
    assert Notification.objects.filter(recipient=cast.commune_committee, kind="feedback.new").exists()
    # The cell keeps it in its history but no longer acts on it.
    assert client.get(reverse("handbook:feedback", args=[f.pk])).status_code == 200
    assert client.post(act, {"action": "answer", "text": "x"}).status_code == 404
    assert "Hỏi về mức đảng phí" not in client.get(reverse("handbook:feedback_inbox")).content.decode()
    client.force_login(cast.commune_committee)
    assert "Hỏi về mức đảng phí" in client.get(reverse("handbook:feedback_inbox")).content.decode()
    refused = client.post(act, {"action": "answer", "text": ""})
    assert refused.status_code == 400 and "Chưa nhập nội dung trả lời" in refused.content.decode()
    assert client.post(act, {"action": "answer", "text": "Theo 342-QĐ/TW: có, 0,5%."}).status_code == 302
    f.refresh_from_db()
    assert f.status == FeedbackStatus.ANSWERED
    assert Notification.objects.filter(recipient=cast.member, kind="feedback.answer").exists()
    again = client.post(act, {"action": "close"})
    assert again.status_code == 400 and "đã trả lời" in again.content.decode()
    client.force_login(cast.member)
    page = client.get(reverse("handbook:feedback", args=[f.pk])).content.decode()
    assert "Đã trả lời" in page and "Theo 342-QĐ/TW: có, 0,5%." in page
    assert "Đã trả lời" in client.get(reverse("handbook:feedback_list")).content.decode()


def test_close_and_forward_from_the_top_refused(cast, client):
    send(client, cast, cast.province, subject="Kiến nghị về ứng dụng")
    f = Feedback.objects.get()
    client.force_login(cast.provincial_officer)
    act = reverse("handbook:feedback_act", args=[f.pk])
    response = client.post(act, {"action": "forward"})
    assert response.status_code == 400 and "không có cấp trên" in response.content.decode()
    assert client.post(act, {"action": "close", "text": "Đã ghi nhận."}).status_code == 302
    f.refresh_from_db()
    assert f.status == FeedbackStatus.CLOSED and f.organization == cast.province


def test_bad_input_refused_and_nothing_stored(cast, client):
    assert send(client, cast, cast.cell_b).status_code == 400  # not the member's own line of committees
    assert send(client, cast, cast.cell_a, subject="").status_code == 400
    response = send(client, cast, cast.cell_a, kind="COMPLAINT")
    assert response.status_code == 400 and "lựa chọn hợp lệ" in response.content.decode()
    assert not Feedback.objects.exists() and not Notification.objects.exists()
    client.force_login(cast.commune_committee)  # staff without a member record cannot write
    assert client.get(reverse("handbook:feedback_create")).status_code == 404


def test_inbox_shows_age_in_days(cast, client):
    import datetime as dt

    from django.utils import timezone

    send(client, cast, cast.cell_a)
    Feedback.objects.update(received_at=timezone.now() - dt.timedelta(days=6))
    client.force_login(cast.cell_secretary)
    page = client.get(reverse("handbook:feedback_inbox")).content.decode()
    assert '<td class="num">6</td>' in page
