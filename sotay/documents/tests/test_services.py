"""Library writes: validation (unknown kind, unparsable number, future issue date), relations, citations."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from sotay.audit.models import AuditEntry
from sotay.documents import services
from sotay.documents.demo import REAL_DOCUMENTS, load_real_documents
from sotay.documents.models import Citation, DocStatus, Document

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
    doc = services.create_document(organization=cast.province, data=_data(), by=cast.provincial_officer)
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
        services.create_document(organization=cast.province, data=_data(**data), by=cast.provincial_officer)
    assert field in exc.value.message_dict
    assert exc.value.message_dict[field][0]
    assert not Document.objects.exists()


def test_an_issued_document_cannot_carry_a_future_date(cast):
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    with pytest.raises(ValidationError) as exc:
        services.create_document(organization=cast.province, data=_data(issued_on=tomorrow), by=cast.provincial_officer)
    assert "tương lai" in exc.value.message_dict["issued_on"][0]
    assert not Document.objects.exists()


def test_the_same_reference_twice_in_a_year_is_refused(cast):
    services.create_document(organization=cast.province, data=_data(), by=cast.provincial_officer)
    with pytest.raises(ValidationError):
        services.create_document(
            organization=cast.province, data=_data(reference="144/QĐ-TW"), by=cast.provincial_officer
        )


def test_a_member_or_an_outside_committee_cannot_publish(cast):
    with pytest.raises(PermissionDenied):
        services.create_document(organization=cast.province, data=_data(), by=cast.member)
    with pytest.raises(PermissionDenied):
        services.create_document(organization=cast.commune_a, data=_data(), by=cast.outsider)


def test_a_commune_publishes_only_inside_its_subtree(cast):
    with pytest.raises(ValidationError):
        services.create_document(
            organization=cast.commune_a,
            data=_data(audience="SUBTREE", audience_org=cast.commune_b),
            by=cast.commune_committee,
        )
    doc = services.create_document(
        organization=cast.commune_a,
        data=_data(audience="SUBTREE", audience_org=cast.cell_a),
        by=cast.commune_committee,
    )
    assert doc.audience_org == cast.cell_a


def test_real_documents_load_with_their_relations_294_replaces_232_and_06_guides_294(cast):
    """docs/rules/documents-in-force.md: 294-QĐ/TW replaces 232-QĐ/TW; Hướng dẫn 06-HD/TW guides 294-QĐ/TW."""
    docs = load_real_documents(cast.province)
    assert len(docs) == len(REAL_DOCUMENTS)
    old = Document.objects.get(reference="232-QĐ/TW")
    assert old.status == DocStatus.REPLACED and old.replaced_by == docs["294-QĐ/TW"]
    assert old.effective_to == dt.date(2025, 7, 1)
    assert docs["294-QĐ/TW"].relations_in.filter(kind="GUIDES", source=docs["06-HD/TW"]).exists()
    # Summaries cite each other: "Thay thế Quy định 232-QĐ/TW" links once both are in the library.
    assert Citation.objects.filter(source_id=docs["294-QĐ/TW"].pk, target=old).exists()


def test_every_citation_in_the_sample_article_links_to_its_library_entry(cast):
    """The Thái Bình article loaded as a news item: its seven cited documents are all linked (cited by)."""
    docs = load_real_documents(cast.province)
    article = services.create_article(
        organization=cast.province,
        title="Đổi mới, sáng tạo trong công tác tổ chức xây dựng Đảng",
        body=SAMPLE.read_text(encoding="utf-8"),
        by=cast.provincial_officer,
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
        by=cast.provincial_officer,
    )
    row = Citation.objects.get(source_id=article.pk)
    assert row.target is None
    doc = services.create_document(organization=cast.province, data=_data(), by=cast.provincial_officer)
    row.refresh_from_db()
    assert row.target == doc


def test_documents_past_their_end_date_expire_and_replaced_ones_stay_replaced(cast):
    doc = services.create_document(
        organization=cast.province,
        data=_data(effective_from=dt.date(2024, 5, 9), effective_to=dt.date(2025, 1, 1)),
        by=cast.provincial_officer,
    )
    current = services.create_document(
        organization=cast.province, data=_data(reference="145-QĐ/TW"), by=cast.provincial_officer
    )
    replaced = services.create_document(
        organization=cast.province,
        data=_data(reference="146-QĐ/TW", effective_to=dt.date(2025, 1, 1), status="REPLACED"),
        by=cast.provincial_officer,
    )
    assert services.expire_documents(today=dt.date(2025, 1, 2)) == 1
    doc.refresh_from_db(), current.refresh_from_db(), replaced.refresh_from_db()
    assert (doc.status, current.status, replaced.status) == ("EXPIRED", "IN_FORCE", "REPLACED")
    assert services.expire_documents(today=dt.date(2025, 1, 2)) == 0
