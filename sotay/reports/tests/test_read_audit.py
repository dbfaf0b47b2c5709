"""The register pages list names, birth dates and addresses: each page read is audited."""

from __future__ import annotations

import pytest
from django.urls import reverse

from sotay.audit.models import AuditEntry

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("kind", ["current", "left", "deceased"])
def test_reading_a_register_page_writes_a_view_entry(client, cast, kind):
    client.force_login(cast.cell_secretary)
    assert client.get(reverse("reports:member_register", args=[cast.cell_a.pk, kind])).status_code == 200
    entry = AuditEntry.objects.get(action="view", actor=cast.cell_secretary)
    assert entry.organization_id == cast.cell_a.pk
    assert entry.data["register"] == kind and entry.data["page"] == 1


def test_the_current_register_entry_counts_the_rows_shown(client, cast):
    client.force_login(cast.commune_committee)
    client.get(reverse("reports:member_register", args=[cast.commune_a.pk, "current"]))
    entry = AuditEntry.objects.get(action="view", actor=cast.commune_committee)
    assert entry.data["count"] == 5  # the four members of cell A and the teacher of the school's cell


def test_an_outsider_gets_404_and_no_entry(client, cast):
    client.force_login(cast.outsider)
    assert client.get(reverse("reports:member_register", args=[cast.cell_a.pk, "current"])).status_code == 404
    assert not AuditEntry.objects.filter(action="view").exists()
