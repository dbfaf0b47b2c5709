"""Announcements (docs/rules/handbook-app.md, 339-QĐ/TW: the handbook delivers the cấp ủy's documents and notices to
members): published to a subtree, a feed with pinned first and expired hidden, read receipts rolled up per
organisation."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from sotay.handbook import services
from sotay.handbook.models import Announcement, AnnouncementReceipt
from sotay.members.choices import MemberStatus
from sotay.notifications.models import Notification
from sotay.orgs.actor import Actor

pytestmark = pytest.mark.django_db


def member_user(member, username):
    from sotay.accounts.models import User

    return User.objects.create_user(username=username, password="x", member=member)


def publish(cast, **kw):
    args = {
        "organization": cast.commune_a,
        "title": "Họp chi bộ tháng 12",
        "body": "Nội dung họp.",
        "actor": Actor.for_user(cast.commune_committee),
    }
    return services.publish_announcement(**{**args, **kw})


def test_publishing_notifies_members_of_the_subtree_only_rules_2(cast, django_capture_on_commit_callbacks):
    """339-QĐ/TW users: official and probationary members; exempt members (miễn sinh hoạt) are not addressed."""
    cast.others_a[1].status = MemberStatus.EXEMPT
    cast.others_a[1].save()
    other = member_user(cast.others_a[0], "cuong")
    exempt = member_user(cast.others_a[1], "dung")
    teacher = member_user(cast.teacher, "lan")
    with django_capture_on_commit_callbacks() as callbacks:
        a = publish(cast)
    reached = set(AnnouncementReceipt.objects.filter(announcement=a).values_list("user__username", flat=True))
    assert reached == {"dangvien", "chibo", "cuong", "lan"}
    assert exempt.username not in reached and "ngoai" not in reached
    assert Notification.objects.filter(
        recipient=teacher, kind="announcement", url=f"/handbook/announcements/{a.pk}/"
    ).exists()
    assert not Notification.objects.filter(recipient=cast.outsider).exists()
    assert not Notification.objects.filter(recipient=other, read_at__isnull=False).exists()
    assert len(callbacks) == 2  # delivery and the search index, queued after commit


def test_feed_pinned_first_expired_hidden_and_outsider_sees_nothing(cast, client):
    old = publish(cast, title="Thông báo cũ")
    Announcement.objects.filter(pk=old.pk).update(published_at=timezone.now() - dt.timedelta(days=3))
    pinned = publish(cast, title="Ghim: lịch học nghị quyết", pinned=True)
    Announcement.objects.filter(pk=pinned.pk).update(published_at=timezone.now() - dt.timedelta(days=5))
    expired = publish(cast, title="Đã hết hạn", expires_on=timezone.localdate())
    Announcement.objects.filter(pk=expired.pk).update(expires_on=timezone.localdate() - dt.timedelta(days=1))
    province = publish(
        cast, organization=cast.province, actor=Actor.for_user(cast.provincial_officer), title="Tỉnh ủy thông báo"
    )
    publish(
        cast,
        organization=cast.commune_b,
        actor=Actor.for_user(cast.provincial_officer),
        title="Việc của phường Phố Hiến",
    )
    client.force_login(cast.member)
    page = client.get(reverse("handbook:home")).content.decode()
    order = [page.find(t) for t in ("Ghim: lịch học nghị quyết", "Tỉnh ủy thông báo", "Thông báo cũ")]
    assert -1 not in order and order == sorted(order)
    assert "Đã hết hạn" not in page and "Việc của phường Phố Hiến" not in page
    client.force_login(cast.outsider)
    assert client.get(reverse("handbook:announcement", args=[old.pk])).status_code == 404
    assert client.get(reverse("handbook:announcement", args=[province.pk])).status_code == 200


def test_reading_marks_receipt_and_notification_and_rolls_up_per_organisation(cast, client):
    for i, m in enumerate(cast.others_a):
        member_user(m, f"a{i}")
    member_user(cast.teacher, "lan")
    a = publish(cast)
    client.force_login(cast.member)
    client.get(reverse("handbook:announcement", args=[a.pk]))
    assert AnnouncementReceipt.objects.get(announcement=a, user=cast.member).read_at is not None
    assert not Notification.objects.filter(recipient=cast.member, read_at__isnull=True).exists()
    client.force_login(cast.cell_secretary)
    client.get(reverse("handbook:announcement", args=[a.pk]))
    client.force_login(cast.commune_committee)
    page = client.get(reverse("handbook:announcement", args=[a.pk])).content.decode()
    # cell_a: 2 of 4 read; base_a and its cell: 0 of 1; commune: 2 of 5.
    assert "50% của Chi bộ thôn Đông đã đọc" in page
    assert "0% của Chi bộ giáo viên đã đọc" in page
    assert "40%" in page and "2/5" in page
    unread = client.get(reverse("handbook:announcement_unread", args=[a.pk]), {"org": cast.cell_a.pk}).content.decode()
    assert "Lê Văn Cường" in unread and "Nguyễn Văn Ấn" not in unread
    # A member sees the text, never the roll-up; the outsider cannot list who has not read.
    client.force_login(cast.member)
    assert "Tình hình đọc" not in client.get(reverse("handbook:announcement", args=[a.pk])).content.decode()
    client.force_login(cast.outsider)
    assert client.get(reverse("handbook:announcement_unread", args=[a.pk])).status_code == 404


def test_bad_input_is_refused_in_vietnamese_and_nothing_is_stored(cast, client):
    client.force_login(cast.commune_committee)
    url = reverse("handbook:announcement_create")
    yesterday = (timezone.localdate() - dt.timedelta(days=1)).strftime("%d/%m/%Y")
    cases = [
        ({"organization": "Đảng bộ xã Đông Tiến (HY.A)", "title": "", "body": "x"}, "Trường này là bắt buộc"),
        ({"organization": "HY.A", "title": "T", "body": "x", "expires_on": yesterday}, "đã qua"),
        ({"organization": "HY.A", "title": "T", "body": "x", "expires_on": "31/02/2026"}, "Không có ngày 31/02/2026"),
        ({"organization": "Phố Hiến", "title": "T", "body": "x"}, "Không tìm thấy tổ chức"),
        ({"organization": "HY.A", "title": "T" * 301, "body": "x"}, "300"),
    ]
    for data, message in cases:
        response = client.post(url, data)
        assert response.status_code == 400, data
        assert message in response.content.decode(), data
    assert not Announcement.objects.exists() and not Notification.objects.exists()
    client.force_login(cast.member)  # a plain member may not publish
    assert client.get(url).status_code == 404


def test_publish_form_and_pin(cast, client):
    client.force_login(cast.cell_secretary)
    data = {"organization": "HY.A.1", "title": "Nộp đảng phí quý IV", "body": "Trước ngày 10/12.", "pinned": "on"}
    response = client.post(reverse("handbook:announcement_create"), data)
    a = Announcement.objects.get()
    assert response.status_code == 302 and a.pinned and a.organization == cast.cell_a
    client.post(reverse("handbook:announcement_pin", args=[a.pk]), {"pinned": "0"})
    a.refresh_from_db()
    assert not a.pinned
    client.force_login(cast.member)
    assert client.post(reverse("handbook:announcement_pin", args=[a.pk]), {"pinned": "1"}).status_code == 404
    a.refresh_from_db()
    assert not a.pinned
    # The secretary cannot publish above the cell.
    client.force_login(cast.cell_secretary)
    response = client.post(reverse("handbook:announcement_create"), {**data, "organization": "HY.A"})
    assert response.status_code == 400 and Announcement.objects.count() == 1


def test_body_keeps_its_lines_and_is_stored_nfc(cast):
    decomposed = "Kính gửi các đồng chí,\r\n\r\n\r\nHọp lúc 19 giờ.  ".replace("ọ", "o\u0323")
    a = publish(cast, body=decomposed)
    assert a.body == "Kính gửi các đồng chí,\n\nHọp lúc 19 giờ."


def test_announcements_are_found_by_the_library_search_without_diacritics(cast, django_capture_on_commit_callbacks):
    from sotay.documents import search
    from sotay.handbook.search_source import SOURCE

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        a = publish(cast, title="Lịch học tập Nghị quyết Đại hội", body="Tại hội trường Đảng ủy xã.")
    assert len(callbacks) == 2  # notifications delivery and the search index
    search.index_item(SOURCE, a.pk)
    hits = search.search(cast.member, "lich hoc tap nghi quyet dai hoi").hits
    assert [(h.source, h.url) for h in hits] == [(SOURCE, f"/handbook/announcements/{a.pk}/")]
    assert search.search(cast.outsider, "lich hoc tap nghi quyet dai hoi").hits == []


def test_organisation_page_links_to_publishing_for_that_organisation(cast, client):
    client.force_login(cast.commune_committee)
    page = client.get(reverse("web:org_detail", args=[cast.cell_a.pk])).content.decode()
    link = f"{reverse('handbook:announcement_create')}?org={cast.cell_a.pk}"
    assert link in page and f"{reverse('handbook:study_create')}?org={cast.cell_a.pk}" in page
    assert 'value="Chi bộ thôn Đông (HY.A.1)"' in client.get(link).content.decode()
    client.force_login(cast.outsider)
    assert client.get(link).status_code == 404
