from __future__ import annotations

import pytest
from django.urls import reverse

from sotay.audit.log import log
from sotay.audit.models import AuditAction, AuditEntry

pytestmark = pytest.mark.django_db


def test_entries_cannot_be_changed_or_deleted(cast):
    entry = log(AuditAction.UPDATE, cast.member_member, by=cast.cell_secretary)
    entry.object_repr = "sửa trộm"
    with pytest.raises(PermissionError):
        entry.save()
    with pytest.raises(PermissionError):
        entry.delete()
    with pytest.raises(PermissionError):
        AuditEntry.objects.all().delete()
    with pytest.raises(PermissionError):
        AuditEntry.objects.update(object_repr="x")
    assert AuditEntry.objects.get(pk=entry.pk).object_repr == "Nguyễn Văn Ấn"


def test_audit_page_is_scoped_and_filterable(client, cast):
    log(AuditAction.UPDATE, cast.member_member, by=cast.cell_secretary)
    log(AuditAction.UPDATE, cast.outsider_members[1], by=cast.outsider)
    from sotay.orgs.models import Role, RoleGrant

    # A Ban Tổ chức officer for commune A only sees commune A's entries.
    RoleGrant.objects.create(user=cast.commune_committee, organization=cast.commune_a, role=Role.ORG_DEPT_OFFICER)
    client.force_login(cast.commune_committee)
    body = client.get(reverse("web:audit_log")).content.decode()
    assert "Nguyễn Văn Ấn" in body and "Vũ Văn Khoa" not in body
    client.force_login(cast.provincial_officer)
    body = client.get(reverse("web:audit_log")).content.decode()
    assert "Nguyễn Văn Ấn" in body and "Vũ Văn Khoa" in body
    body = client.get(reverse("web:audit_log"), {"action": "view"}).content.decode()
    assert "Vũ Văn Khoa" not in body


def test_audit_search_ignores_diacritics(client, cast):
    log(AuditAction.UPDATE, cast.member_member, by=cast.cell_secretary)
    client.force_login(cast.provincial_officer)
    for query in ("nguyen van an", "NGUYỄN Văn Ấn", "chibo"):
        body = client.get(reverse("web:audit_log"), {"q": query}).content.decode()
        assert "Nguyễn Văn Ấn" in body, query
    assert "Nguyễn Văn Ấn" not in client.get(reverse("web:audit_log"), {"q": "tran"}).content.decode()
