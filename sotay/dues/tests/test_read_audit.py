"""A member's dues page shows wages, pensions and exemptions: each showing is audited."""

from __future__ import annotations

import pytest
from django.urls import reverse

from sotay.audit.models import AuditEntry

pytestmark = pytest.mark.django_db


def test_reading_a_members_dues_page_writes_a_view_entry(client, cast):
    member = cast.member_member
    client.force_login(cast.cell_secretary)
    assert client.get(reverse("dues:member", args=[member.pk])).status_code == 200
    entry = AuditEntry.objects.get(action="view", object_id=str(member.pk))
    assert entry.actor == cast.cell_secretary and entry.data == {"page": "dues"}
    assert entry.object_type == "members.member"


def test_an_outsider_gets_404_and_no_entry(client, cast):
    client.force_login(cast.outsider)
    assert client.get(reverse("dues:member", args=[cast.member_member.pk])).status_code == 404
    assert not AuditEntry.objects.filter(action="view").exists()
