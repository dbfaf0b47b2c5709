"""Pages that show a member's personal data are audited like the profile page (security review)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from sotay.audit.models import AuditEntry

pytestmark = pytest.mark.django_db


def test_opening_the_edit_form_writes_a_view_entry(client, cast):
    member = cast.member_member
    client.force_login(cast.cell_secretary)
    response = client.get(reverse("members:edit", args=[member.pk]))
    assert response.status_code == 200
    entry = AuditEntry.objects.get(action="view", object_id=str(member.pk), actor=cast.cell_secretary)
    assert entry.data == {"page": "edit"}
    assert entry.organization_id == member.organization_id


def test_a_refused_edit_shows_the_form_again_and_is_audited_too(client, cast):
    member = cast.member_member
    client.force_login(cast.cell_secretary)
    response = client.post(reverse("members:edit", args=[member.pk]), {"full_name": ""})
    assert response.status_code == 200
    assert AuditEntry.objects.filter(action="view", object_id=str(member.pk), data__page="edit").count() == 1


def test_an_outsider_gets_404_and_no_entry(client, cast):
    client.force_login(cast.outsider)
    assert client.get(reverse("members:edit", args=[cast.member_member.pk])).status_code == 404
    assert not AuditEntry.objects.filter(action="view").exists()
