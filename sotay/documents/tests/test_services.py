"""Library writes: validation (unknown kind, unparsable number, future issue date), relations, citations."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from sotay.audit.models import AuditEntry
from sotay.documents import services
from sotay.documents.demo import REAL_DOCUMENTS, load_real_documents
from sotay.documents.models import Citation, DocStatus, Document
from sotay.orgs import policy
from sotay.orgs.actor import Actor

pytestmark = pytest.mark.django_db

SAMPLE = Path(__file__).parents[1] / "data/thai-binh-to-chuc-xay-dung-dang-2024.txt"


def _data(**kw):
    data = {
        "doc_type": "REGULATION",
        "reference": "144-QĐ/TW",
        "issuer": "Bộ Chính trị",
        "issued_on": dt.date(2024, 5, 9),
        "title": "Quy định về chuẩn mực đạo đức cách mạng của cán bộ, đảng viên trong giai đoạn mới",
        "summary": "Chuẩn mực đạo đức.",
        "status": "IN_FORCE",
        "audience": "PROVINCE",
        "topics": ["Đạo đức", "Đảng viên"],
    }
    data.update(kw)
    return data


def test_it_parses_the_reference_and_audits_the_creation(cast):
    doc = services.create_document(
        organization=cast.province, data=_data(), actor=Actor.for_user(cast.provincial_officer)
    )
    assert (doc.number, doc.type_code, doc.issuer_code, doc.reference_key) == (144, "QĐ", "TW", "144-qd/tw")
    assert sorted(doc.topics.values_list("slug", flat=True)) == ["dang-vien", "dao-duc"]
    assert AuditEntry.objects.filter(object_type="documents.document", object_id=str(doc.pk)).exists()


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"doc_type": "POEM"}, "doc_type"),
        ({"reference": "một trăm bốn mươi bốn"}, "reference"),
        ({"reference": "144"}, "reference"),
        ({"reference": "35-CT/TW"}, "reference"),  # a directive's number on a regulation
        ({"issued_on": None}, "issued_on"),
        ({"audience": "SUBTREE"}, "audience_org"),
        ({"title": ""}, "title"),
    ],
)
def test_bad_input_is_refused_with_a_message_and_nothing_is_stored(cast, data, field):
    with pytest.raises(ValidationError) as exc:
        services.create_document(
            organization=cast.province, data=_data(**data), actor=Actor.for_user(cast.provincial_officer)
        )
    assert field in exc.value.message_dict
    assert exc.value.message_dict[field][0]
    assert not Document.objects.exists()


def test_an_issued_document_cannot_carry_a_future_date(cast):
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    with pytest.raises(ValidationError) as exc:
        services.create_document(
            organization=cast.province, data=_data(issued_on=tomorrow), actor=Actor.for_user(cast.provincial_officer)
        )
    assert "tương lai" in exc.value.message_dict["issued_on"][0]
    assert not Document.objects.exists()


def test_the_same_reference_twice_in_a_year_is_refused(cast):
    services.create_document(organization=cast.province, data=_data(), actor=Actor.for_user(cast.provincial_officer))
    with pytest.raises(ValidationError):
        services.create_document(
            organization=cast.province, data=_data(reference="144/QĐ-TW"), actor=Actor.for_user(cast.provincial_officer)
        )


def test_a_member_or_an_outside_committee_cannot_publish(cast):
    with pytest.raises(policy.NotAllowed):
        services.create_document(organization=cast.province, data=_data(), actor=Actor.for_user(cast.member))
    with pytest.raises(policy.NotAllowed):
        services.create_document(organization=cast.commune_a, data=_data(), actor=Actor.for_user(cast.outsider))


def test_a_commune_publishes_only_inside_its_subtree(cast):
    with pytest.raises(ValidationError):
        services.create_document(
            organization=cast.commune_a,
            data=_data(audience="SUBTREE", audience_org=cast.commune_b),
            actor=Actor.for_user(cast.commune_committee),
        )
    doc = services.create_document(
        organization=cast.commune_a,
        data=_data(audience="SUBTREE", audience_org=cast.cell_a),
        actor=Actor.for_user(cast.commune_committee),
    )
    assert doc.audience_org == cast.cell_a


def test_real_documents_load_with_their_relations_294_replaces_232_and_06_guides_294(cast):
    """docs/rules/documents-in-force.md: 294-QĐ/TW replaces 232-QĐ/TW; Hướng dẫn 06-HD/TW guides 294-QĐ/TW."""
    docs = load_real_documents(cast.province, actor=Actor.system("command:test"))
    assert len(docs) == len(REAL_DOCUMENTS)
    old = Document.objects.get(reference="232-QĐ/TW")
    assert old.status == DocStatus.REPLACED and old.replaced_by == docs["294-QĐ/TW"]
    assert old.effective_to == dt.date(2025, 7, 1)
    assert docs["294-QĐ/TW"].relations_in.filter(kind="GUIDES", source=docs["06-HD/TW"]).exists()
    # Summaries cite each other: "Thay thế Quy định 232-QĐ/TW" links once both are in the library.
    assert Citation.objects.filter(source_id=docs["294-QĐ/TW"].pk, target=old).exists()


def test_every_citation_in_the_sample_article_links_to_its_library_entry(cast):
    """The Thái Bình article loaded as a news item: its seven cited documents are all linked (cited by)."""
    docs = load_real_documents(cast.province, actor=Actor.system("command:test"))
    article = services.create_article(
        organization=cast.province,
        title="Đổi mới, sáng tạo trong công tác tổ chức xây dựng Đảng",
        body=SAMPLE.read_text(encoding="utf-8"),
        actor=Actor.for_user(cast.provincial_officer),
    )
    rows = list(Citation.objects.filter(source_type="documents.article", source_id=article.pk))
    assert len(rows) == 11
    assert all(r.target_id for r in rows), [r.matched_text for r in rows if not r.target_id]
    linked = {r.target.reference for r in rows}
    assert linked == {"02-ĐA/TU", "21-NQ/TW", "114-QĐ/TW", "144-QĐ/TW", "35-CT/TW", "301-KH/TU", "15-HD/BTCTU"}
    assert docs["144-QĐ/TW"].citations.filter(source_type="documents.article").count() == 3


def test_a_citation_recorded_before_its_document_is_linked_when_the_document_arrives(cast):
    article = services.create_article(
        organization=cast.province,
        title="Tin",
        body="Thực hiện Quy định số 144-QĐ/TW của Bộ Chính trị.",
        actor=Actor.for_user(cast.provincial_officer),
    )
    row = Citation.objects.get(source_id=article.pk)
    assert row.target is None
    doc = services.create_document(
        organization=cast.province, data=_data(), actor=Actor.for_user(cast.provincial_officer)
    )
    row.refresh_from_db()
    assert row.target == doc


def test_documents_past_their_end_date_expire_and_replaced_ones_stay_replaced(cast):
    doc = services.create_document(
        organization=cast.province,
        data=_data(effective_from=dt.date(2024, 5, 9), effective_to=dt.date(2025, 1, 1)),
        actor=Actor.for_user(cast.provincial_officer),
    )
    current = services.create_document(
        organization=cast.province, data=_data(reference="145-QĐ/TW"), actor=Actor.for_user(cast.provincial_officer)
    )
    replaced = services.create_document(
        organization=cast.province,
        data=_data(reference="146-QĐ/TW", effective_to=dt.date(2025, 1, 1), status="REPLACED"),
        actor=Actor.for_user(cast.provincial_officer),
    )
    assert services.expire_documents(actor=Actor.system("worker:test"), today=dt.date(2025, 1, 2)) == 1
    doc.refresh_from_db(), current.refresh_from_db(), replaced.refresh_from_db()
    assert (doc.status, current.status, replaced.status) == ("EXPIRED", "IN_FORCE", "REPLACED")
    assert services.expire_documents(actor=Actor.system("worker:test"), today=dt.date(2025, 1, 2)) == 0


def test_the_library_has_chi_thi_50_and_ket_luan_229(cast):
    """Chỉ thị 50-CT/TW (Ban Bí thư, 23/7/2025, on improving cell meetings) and Kết luận 229-KL/TW (Bộ Chính trị,
    Ban Bí thư, 05/01/2026, on grassroots Party organisations) are among the real documents `load_library` loads."""
    docs = load_real_documents(cast.province, actor=Actor.system("command:test"))
    directive, conclusion = docs["50-CT/TW"], docs["229-KL/TW"]
    assert (directive.doc_type, directive.issuer, directive.issued_on) == (
        "DIRECTIVE",
        "Ban Bí thư",
        dt.date(2025, 7, 23),
    )
    assert "sinh hoạt chi bộ" in directive.title
    assert (conclusion.doc_type, conclusion.issuer, conclusion.issued_on) == (
        "CONCLUSION",
        "Bộ Chính trị, Ban Bí thư",
        dt.date(2026, 1, 5),
    )
    assert "tổ chức cơ sở đảng" in conclusion.title


def test_the_migration_splits_the_year_out_of_state_references(cast):
    """Issue 15 §4: entries and citations recorded when the parser kept the year in the issuer ("2025/NĐ-CP") are
    rewritten to number, year, type and issuer, with their lookup key."""
    import importlib

    from django.apps import apps

    from sotay.documents.models import Citation as CitationRow

    migration = importlib.import_module("sotay.documents.migrations.0004_state_references_and_circulars")
    docs = load_real_documents(cast.province, actor=Actor.system("command:test"))
    decree, law = docs["356/2025/NĐ-CP"], docs["91/2025/QH15"]
    Document.objects.filter(pk=decree.pk).update(issuer_code="2025/NĐ-CP", reference_key="356-nd/2025/nd-cp")
    Document.objects.filter(pk=law.pk).update(issuer_code="2025/QH15", reference_key="91-/2025/qh15")
    row = CitationRow.objects.create(
        source_type="documents.guide",
        source_id=1,
        matched_text="x",
        type_code="NĐ",
        number=356,
        issuer_code="2025/NĐ-CP",
    )
    migration.split_state_references(apps, None)
    decree.refresh_from_db()
    law.refresh_from_db()
    row.refresh_from_db()
    assert (decree.issuer_code, decree.reference_key) == ("CP", "356/2025/nd-cp")
    assert (law.issuer_code, law.reference_key) == ("QH15", "91/2025/qh15")
    assert (row.issuer_code, row.year) == ("CP", 2025)
