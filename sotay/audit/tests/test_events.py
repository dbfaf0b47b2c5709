"""Issue 12 §2 "Audit verbs": every entry carries a namespaced event ("member.status_changed", "export.register_7",
"account.activated"), so the log can be filtered by what happened, not by 13 generic verbs and free-form data."""

from __future__ import annotations

import pytest
from django.urls import reverse

from sotay.audit.log import event_of
from sotay.audit.models import AuditAction, AuditEntry
from sotay.members.models import Member

pytestmark = pytest.mark.django_db


def test_the_event_names_the_object_and_what_happened():
    member = Member(pk=1)
    assert event_of(AuditAction.STATUS, member, {"status": "LEFT"}) == "member.status_changed"
    assert event_of(AuditAction.UPDATE, member, {"event": "minutes finalised"}) == "member.minutes_finalised"
    assert event_of(AuditAction.EXPORT, member, {"kind": "register-7", "format": "xlsx"}) == "export.register_7"
    assert event_of(AuditAction.ACCOUNT_ACTIVATED, member, {}) == "account.activated"
    assert event_of(AuditAction.DELETE, None, None) == "system.deleted"


def test_a_service_writes_the_event_and_the_audit_page_filters_on_it(client, cast, actor_of):
    from sotay.members import services

    services.update_member(
        member=cast.member_member, data={"occupation": "Giáo viên"}, actor=actor_of(cast.cell_secretary)
    )
    entry = AuditEntry.objects.filter(object_id=str(cast.member_member.pk)).latest("pk")
    assert entry.event == "member.updated"
    client.force_login(cast.provincial_officer)
    url = reverse("web:audit_log")
    about_members = client.get(url, {"event": "member."}).content.decode()
    assert "member.updated" in about_members
    other = client.get(url, {"event": "orgversion.created"}).content.decode()
    assert "member.updated" not in other
    refused = client.get(url, {"event": "Đảng viên"})
    assert refused.status_code == 200 and "member.updated" in refused.content.decode()  # bad filter: not applied
