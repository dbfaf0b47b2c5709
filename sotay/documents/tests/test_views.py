"""Library pages: search, a document, files, bookmarks, guides; outsiders get 404."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from sotay.core.tests.export_checks import assert_export
from sotay.documents import services
from sotay.documents.models import Article, Attachment, Bookmark, Document, ReadingPosition
from sotay.orgs.actor import Actor

pytestmark = pytest.mark.django_db


@pytest.fixture
def private_root(settings, tmp_path):
    settings.DOCUMENTS_PRIVATE_ROOT = tmp_path / "private"
    return settings.DOCUMENTS_PRIVATE_ROOT


def _committee_doc(cast):
    return services.create_document(
        organization=cast.commune_a,
        data={
            "doc_type": "PLAN",
            "reference": "12-KH/ĐU",
            "issuer": "Đảng ủy xã Đông Tiến",
            "issued_on": dt.date(2025, 3, 1),
            "title": "Kế hoạch kết nạp đảng viên quý II",
            "status": "IN_FORCE",
            "audience": "COMMITTEE",
            "audience_org": cast.commune_a,
        },
        actor=Actor.for_user(cast.commune_committee),
    )


def test_member_searches_without_diacritics_and_sees_a_highlighted_hit(client, cast, library):
    client.force_login(cast.member)
    response = client.get(reverse("documents:library"), {"q": "quy dinh 144"})
    body = response.content.decode()
    assert response.status_code == 200
    assert body.index("144-QĐ/TW") < body.index("Văn bản mới") if "Văn bản mới" in body else True
    assert f'href="{reverse("documents:detail", args=[library["144-QĐ/TW"].pk])}"' in body
    assert "<mark>" in body


def test_htmx_search_returns_only_the_results_partial(client, cast, library):
    client.force_login(cast.member)
    response = client.get(reverse("documents:library"), {"q": "dang phi"}, headers={"HX-Request": "true"})
    assert b"<html" not in response.content and b"01-Q" in response.content
    assert "HX-Request" in response["Vary"]


def test_the_library_page_lists_what_is_new_since_the_last_visit(client, cast, library):
    client.force_login(cast.member)
    client.get(reverse("documents:library"))  # first visit
    from sotay.documents.models import LibraryVisit

    LibraryVisit.objects.filter(user=cast.member).update(
        last_at=library["144-QĐ/TW"].created_at - dt.timedelta(hours=2)
    )
    Document.objects.filter(reference="21-NQ/TW").update(
        created_at=library["144-QĐ/TW"].created_at + dt.timedelta(hours=1)
    )
    Document.objects.exclude(reference="21-NQ/TW").update(
        created_at=library["144-QĐ/TW"].created_at - dt.timedelta(days=2)
    )
    body = client.get(reverse("documents:library")).content.decode()
    assert "Mới từ lần trước bạn vào" in body
    section = body.split("Mới từ lần trước bạn vào", 1)[1].split("</section>", 1)[0]
    assert "21-NQ/TW" in section and "144-QĐ/TW" not in section


def test_detail_shows_status_replacement_and_cited_by(client, cast, library):
    client.force_login(cast.member)
    services.create_article(
        organization=cast.province,
        title="Tin tổ chức xây dựng Đảng",
        body="Thực hiện Chỉ thị số 35-CT/TW.",
        actor=Actor.for_user(cast.provincial_officer),
    )
    body = client.get(reverse("documents:detail", args=[library["35-CT/TW"].pk])).content.decode()
    assert "Đã được thay thế" in body and "45-CT/TW" in body
    cited = body.split('id="cited-by"', 1)[1]
    assert "Tin tổ chức xây dựng Đảng" in cited and "301-KH/TU" in cited


def test_outsiders_get_404_for_a_committee_document_and_its_files(client, cast, private_root):
    doc = _committee_doc(cast)
    pdf = _pdf_bytes("Kế hoạch")
    att = services.add_attachment(document=doc, name="kh.pdf", data=pdf, actor=Actor.for_user(cast.commune_committee))
    for user in (cast.outsider, cast.member):
        client.force_login(user)
        assert client.get(reverse("documents:detail", args=[doc.pk])).status_code == 404
        assert client.get(reverse("documents:attachment", args=[att.pk])).status_code == 404
        assert client.post(reverse("documents:bookmark", args=[doc.pk])).status_code == 404
    client.force_login(cast.commune_committee)
    response = client.get(reverse("documents:attachment", args=[att.pk]))
    assert response.status_code == 200 and b"".join(response.streaming_content).startswith(b"%PDF")
    assert response["Content-Type"] == "application/pdf"
    assert_export(response, kind="document_attachment", user=cast.commune_committee)


def test_only_managers_may_add_or_edit_documents(client, cast, library):
    client.force_login(cast.member)
    assert client.get(reverse("documents:create")).status_code == 404
    assert client.get(reverse("documents:edit", args=[library["144-QĐ/TW"].pk])).status_code == 404
    client.force_login(cast.provincial_officer)
    response = client.post(
        reverse("documents:create"),
        {
            "organization": cast.province.pk,
            "doc_type": "NOTICE",
            "reference": "05-TB/TU",
            "issuer": "Ban Thường vụ Tỉnh ủy",
            "issued_on": "02/01/2026",
            "title": "Thông báo kết luận",
            "status": "IN_FORCE",
            "audience": "PROVINCE",
            "topics_text": "Đại hội, Nhân sự",
        },
    )
    doc = Document.objects.get(reference="05-TB/TU")
    assert response.status_code == 302 and doc.topics.count() == 2


def test_the_form_shows_the_service_refusal(client, cast):
    client.force_login(cast.provincial_officer)
    response = client.post(
        reverse("documents:create"),
        {
            "organization": cast.province.pk,
            "doc_type": "NOTICE",
            "reference": "năm",
            "issuer": "Tỉnh ủy",
            "issued_on": "02/01/2026",
            "title": "X",
            "status": "IN_FORCE",
            "audience": "PROVINCE",
        },
    )
    assert response.status_code == 200 and "không đọc được" in response.content.decode()
    assert not Document.objects.exists()


def test_a_renamed_exe_is_refused_on_upload_and_nothing_is_stored(client, cast, library, private_root):
    client.force_login(cast.provincial_officer)
    from django.core.files.uploadedfile import SimpleUploadedFile

    fake = SimpleUploadedFile("quy-dinh.pdf", b"MZ\x90\x00" + b"\x00" * 200, content_type="application/pdf")
    response = client.post(
        reverse("documents:attachment_upload", args=[library["144-QĐ/TW"].pk]), {"file": fake}, follow=True
    )
    assert "không phải PDF" in response.content.decode()
    assert not Attachment.objects.exists()
    assert not private_root.exists() or not any(private_root.rglob("*.*"))


def test_bookmarks_reading_position_and_the_offline_list(client, cast, library):
    client.force_login(cast.member)
    doc = library["144-QĐ/TW"]
    client.post(reverse("documents:bookmark", args=[doc.pk]))
    assert Bookmark.objects.filter(user=cast.member, document=doc).exists()
    assert client.post(reverse("documents:position", args=[doc.pk]), {"percent": "140"}).json() == {"percent": 100}
    assert ReadingPosition.objects.get(user=cast.member, document=doc).percent == 100
    urls = client.get(reverse("documents:offline_list")).json()["urls"]
    assert reverse("documents:detail", args=[doc.pk]) in urls
    assert "144-QĐ/TW" in client.get(reverse("documents:bookmarks")).content.decode()
    client.post(reverse("documents:bookmark", args=[doc.pk]))
    assert not Bookmark.objects.filter(user=cast.member).exists()


def test_service_worker_is_served_for_the_whole_site(client, cast):
    """Issue 14: the home page, the handbook and the next invitation are kept offline too, so the worker's scope is
    the whole site."""
    client.force_login(cast.member)
    response = client.get(reverse("documents:service_worker"))
    assert response["Content-Type"].startswith("text/javascript")
    assert response["Service-Worker-Allowed"] == "/"
    assert b"sync-bookmarks" in response.content


def test_the_navigation_has_a_documents_entry(client, cast):
    client.force_login(cast.member)
    body = client.get(reverse("documents:library")).content.decode()
    assert 'href="/documents/"' in body and "manifest.webmanifest" in body


def _pdf_bytes(text: str) -> bytes:
    from weasyprint import HTML

    return HTML(string=f"<p>{text}</p>").write_pdf()


def test_a_manager_records_that_a_document_replaces_another_by_its_number(client, cast, library):
    """docs/rules/documents-in-force.md: 45-CT/TW replaces 35-CT/TW — here recorded from the page, with the number
    written the other way."""
    from sotay.documents.models import DocumentRelation

    DocumentRelation.objects.all().delete()
    Document.objects.filter(reference="35-CT/TW").update(status="IN_FORCE", replaced_by=None)
    source = library["45-CT/TW"]
    client.force_login(cast.provincial_officer)
    response = client.post(
        reverse("documents:relation_add", args=[source.pk]), {"kind": "REPLACES", "target": "35/CT-TW"}, follow=True
    )
    assert "Đã ghi quan hệ với 35-CT/TW" in response.content.decode()
    old = Document.objects.get(reference="35-CT/TW")
    assert old.status == "REPLACED" and old.replaced_by == source
    response = client.post(
        reverse("documents:relation_add", args=[source.pk]), {"kind": "GUIDES", "target": "999-QĐ/TW"}, follow=True
    )
    assert "Thư viện chưa có văn bản" in response.content.decode()
    client.force_login(cast.member)
    assert client.post(reverse("documents:relation_add", args=[source.pk]), {"kind": "GUIDES"}).status_code == 404


def test_a_pasted_article_shows_its_citations_as_links_and_lists_the_missing_ones(client, cast, library):
    client.force_login(cast.provincial_officer)
    text = "Thực hiện Chỉ thị số 35-CT/TW, ngày 14/6/2024 và Kết luận số 999-KL/TW của Bộ Chính trị."
    response = client.post(reverse("documents:article_create"), {"title": "Tin thử", "body": text}, follow=True)
    body = response.content.decode()
    link = f'<a class="citation" href="{reverse("documents:detail", args=[library["35-CT/TW"].pk])}">'
    assert link + "Chỉ thị số 35-CT/TW, ngày 14/6/2024</a>" in body
    assert "1 trích dẫn đã liên kết" in body and "Kết luận số 999-KL/TW" in body
    client.force_login(cast.member)
    assert client.get(reverse("documents:article_create")).status_code == 404


def test_an_article_source_typed_without_a_scheme_is_kept_as_https(client, cast):
    client.force_login(cast.provincial_officer)
    data = {"title": "Tin có nguồn", "body": "Nội dung.", "source_url": "baochinhphu.vn/tin-1.htm"}
    client.post(reverse("documents:article_create"), data, follow=True)
    assert Article.objects.get(title="Tin có nguồn").source_url == "https://baochinhphu.vn/tin-1.htm"
