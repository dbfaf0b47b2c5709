"""One way for downloads (issue 12, §2 "Exports"): sotay.core.exports names the file by RFC 6266, never lets it be
cached, and writes one audit entry with a fixed vocabulary; no other module writes a Content-Disposition."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest

from sotay.audit.models import AuditAction, AuditEntry
from sotay.core.exports import AUDIT_KEYS, export_response, file_response
from sotay.orgs import policy
from sotay.orgs.actor import Actor

SOTAY = Path(__file__).resolve().parents[2]
# Writing the header by hand, or letting Django's FileResponse write it, are both other ways.
OTHER_WAYS = re.compile(r"Content-Disposition|content_disposition_header|FileResponse\(|as_attachment")


def test_no_module_but_core_exports_writes_a_content_disposition():
    offenders = []
    for path in sorted(SOTAY.rglob("*.py")):
        relative = path.relative_to(SOTAY).as_posix()
        if "/tests/" in f"/{relative}" or relative == "core/exports.py":
            continue
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            if OTHER_WAYS.search(line):
                offenders.append(f"sotay/{relative}:{number}: {line.strip()}")
    assert not offenders, "downloads go through sotay.core.exports:\n" + "\n".join(offenders)


def test_a_vietnamese_file_name_is_sent_by_rfc_6266():
    response = file_response("Sổ đảng viên — Chi bộ thôn Đông.xlsx", b"PK\x03\x04")
    disposition = response["Content-Disposition"]
    assert disposition.startswith("attachment; filename*=utf-8''")
    assert "S%E1%BB%95%20%C4%91%E1%BA%A3ng%20vi%C3%AAn" in disposition  # NFC, percent-encoded UTF-8
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert response["Cache-Control"] == "private, no-store"
    assert response["X-Content-Type-Options"] == "nosniff"


def test_an_ascii_name_inline_and_a_streamed_file():
    response = file_response("lich.ics", io.BytesIO(b"BEGIN:VCALENDAR"), inline=True)
    assert response["Content-Disposition"] == 'inline; filename="lich.ics"'
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert b"".join(response.streaming_content) == b"BEGIN:VCALENDAR"


@pytest.mark.django_db
def test_an_export_writes_one_entry_with_the_fixed_keys_in_the_subjects_organisation(cast):
    actor = Actor.for_user(cast.commune_committee)
    response = export_response(
        actor=actor,
        kind="register_pdf",
        subject=cast.commune_a,
        filename="so.pdf",
        content=b"%PDF-1.7",
        rows=12,
        params={"on": "2025-09-02"},
    )
    assert response.status_code == 200 and response["Cache-Control"] == "private, no-store"
    (entry,) = AuditEntry.objects.filter(action=AuditAction.EXPORT)
    assert entry.actor == cast.commune_committee and entry.organization == cast.commune_a
    assert (entry.object_type, entry.object_repr) == ("orgs.organization", cast.commune_a.name)
    assert entry.data == {"kind": "register_pdf", "format": "pdf", "rows": 12, "params": {"on": "2025-09-02"}}
    assert set(entry.data) == set(AUDIT_KEYS)  # jsonb keeps its own key order


@pytest.mark.django_db
def test_a_members_export_belongs_to_the_members_organisation(cast):
    export_response(
        actor=Actor.for_user(cast.cell_secretary),
        kind="member_pdf",
        subject=cast.member_member,
        filename="phieu.pdf",
        content=b"%PDF-1.7",
        rows=1,
    )
    entry = AuditEntry.objects.get(action=AuditAction.EXPORT)
    assert entry.organization == cast.cell_a
    assert (entry.object_type, entry.object_id) == ("members.member", str(cast.member_member.pk))


@pytest.mark.django_db
def test_a_refused_permission_writes_nothing(cast):
    with pytest.raises(policy.NotAllowed):
        export_response(
            actor=Actor.for_user(cast.member),
            kind="register_xlsx",
            subject=cast.commune_a,
            filename="so.xlsx",
            content=b"PK",
            permission=policy.EXPORT_MEMBERS,
        )
    assert not AuditEntry.objects.filter(action=AuditAction.EXPORT).exists()
