"""A candidate's admission file holds their identity and background: each reading is audited."""

from __future__ import annotations

import pytest
from django.urls import reverse

from sotay.audit.models import AuditEntry

from .helpers import open_case

pytestmark = pytest.mark.django_db


def test_opening_a_case_writes_a_view_entry(client, cast):
    case = open_case(cast)
    client.force_login(cast.commune_committee)
    assert client.get(reverse("admissions:detail", args=[case.pk])).status_code == 200
    entry = AuditEntry.objects.get(action="view", object_type="admissions.admissioncase", object_id=str(case.pk))
    assert entry.actor == cast.commune_committee
    assert entry.organization_id == cast.cell_a.pk and entry.data == {"page": "admission"}


def test_opening_the_edit_form_of_a_case_writes_a_view_entry(client, cast):
    case = open_case(cast)
    client.force_login(cast.cell_secretary)
    assert client.get(reverse("admissions:edit", args=[case.pk])).status_code == 200
    assert AuditEntry.objects.filter(action="view", object_id=str(case.pk), data__page="admission_edit").exists()


def test_an_outsider_gets_404_and_no_entry(client, cast):
    case = open_case(cast)
    client.force_login(cast.outsider)
    assert client.get(reverse("admissions:detail", args=[case.pk])).status_code == 404
    assert not AuditEntry.objects.filter(action="view").exists()
