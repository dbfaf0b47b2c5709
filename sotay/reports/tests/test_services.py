"""record_export: one audit entry per export, in the organisation the export belongs to."""

from __future__ import annotations

import pytest

from sotay.audit.models import AuditEntry
from sotay.orgs.actor import Actor
from sotay.reports.services import ExportKind, record_export

pytestmark = pytest.mark.django_db


def test_it_logs_an_organisation_export(cast):
    entry = record_export(
        actor=Actor.for_user(cast.commune_committee),
        kind=ExportKind.REGISTER_PDF,
        organization=cast.commune_a,
        count=12,
        params={"on": "2025-09-02"},
    )
    assert list(AuditEntry.objects.filter(action="export")) == [entry]
    assert entry.actor == cast.commune_committee and entry.actor_name == "xa"
    assert entry.organization == cast.commune_a
    assert (entry.object_type, entry.object_repr) == ("orgs.organization", cast.commune_a.name)
    assert entry.data == {"kind": "register_pdf", "count": 12, "params": {"on": "2025-09-02"}}


def test_a_members_export_belongs_to_the_members_cell(cast):
    entry = record_export(
        actor=Actor.for_user(cast.cell_secretary),
        kind=ExportKind.MEMBER_PDF,
        member=cast.member_member,
        count=1,
        params={},
    )
    assert entry.organization == cast.cell_a
    assert (entry.object_type, entry.object_id) == ("members.member", str(cast.member_member.pk))


def test_a_list_export_may_have_no_single_object(cast):
    entry = record_export(
        actor=Actor.for_user(cast.provincial_officer), kind=ExportKind.MEMBER_LIST_XLSX, count=0, params={"gender": "F"}
    )
    assert entry.organization is None and entry.object_type == ""
    assert entry.data["params"] == {"gender": "F"}
