"""A second province (root) in the same deployment: its documents, files, articles, search entries and
announcements never reach the cast's province, and the other way round (security review).

A national deployment holds 34 provinces, and the pre-merger provinces kept as history are roots too, so
"Toàn Đảng bộ tỉnh" must mean the province of the document's owner.
"""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.files.base import ContentFile
from django.urls import reverse

from sotay.accounts.models import User
from sotay.documents import search
from sotay.documents.models import Article, Attachment, Audience, Bookmark, Citation, Document, Guide
from sotay.orgs.actor import Actor
from sotay.orgs.models import Role, RoleGrant
from sotay.orgs.tests.factories import cell, commune, province

from .factories import DocumentFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def other(cast):
    """Another province with a commune, a cell, a secretary there, and its own library."""
    root = province(code="TB", name="Đảng bộ tỉnh Thái Bình")
    xa = commune(root, name="Đảng bộ xã Vũ Hội", code="TB.A")
    chi_bo = cell(xa, name="Chi bộ thôn Nam", code="TB.A.1")
    secretary = User.objects.create_user(username="chibo_tb", password="mat-khau-thu")
    RoleGrant.objects.create(user=secretary, organization=chi_bo, role=Role.CELL_COMMITTEE)
    officer = User.objects.create_user(username="bantochuc_tb", password="mat-khau-thu")
    RoleGrant.objects.create(user=officer, organization=root, role=Role.ORG_DEPT_OFFICER)
    province_doc = DocumentFactory(organization=root, title="Nghị quyết riêng của Tỉnh ủy Thái Bình")
    commune_doc = DocumentFactory(organization=xa, title="Kế hoạch riêng của xã Vũ Hội")
    committee_doc = DocumentFactory(
        organization=root, audience=Audience.COMMITTEE, audience_org=root, title="Văn bản mật của Tỉnh ủy Thái Bình"
    )
    return SimpleNamespace(
        root=root,
        commune=xa,
        cell=chi_bo,
        secretary=secretary,
        officer=officer,
        province_doc=province_doc,
        commune_doc=commune_doc,
        committee_doc=committee_doc,
        docs=[province_doc, commune_doc, committee_doc],
    )


def _ids(user):
    return set(Document.objects.visible_to(user).values_list("pk", flat=True))


def _cast_users(cast):
    return [cast.member, cast.cell_secretary, cast.commune_committee, cast.provincial_officer, cast.outsider]


def test_province_wide_documents_stay_in_the_owners_province(cast, other):
    own = DocumentFactory(organization=cast.province)
    for user in _cast_users(cast):
        assert own.pk in _ids(user)
        assert not _ids(user) & {d.pk for d in other.docs}, user.username
    assert {other.province_doc.pk, other.commune_doc.pk} <= _ids(other.secretary)
    assert own.pk not in _ids(other.secretary)
    assert own.pk not in _ids(other.officer)


def test_a_superuser_follows_their_grants_and_without_any_reads_no_document(cast, other):
    own = DocumentFactory(organization=cast.province)
    root_user = User.objects.create_superuser(username="root", password="mat-khau-thu")
    assert _ids(root_user) == set()
    RoleGrant.objects.create(user=root_user, organization=cast.province, role=Role.SYSTEM_ADMIN)
    root_user = User.objects.get(pk=root_user.pk)  # grants are cached on the instance
    assert own.pk in _ids(root_user)
    assert not _ids(root_user) & {d.pk for d in other.docs}


def test_anonymous_still_sees_nothing(cast, other):
    assert _ids(AnonymousUser()) == set()


def test_detail_and_attachment_of_another_province_are_404(client, cast, other, settings, tmp_path):
    settings.DOCUMENTS_PRIVATE_ROOT = tmp_path / "private"
    attachment = Attachment(document=other.province_doc, original_name="nq.txt", content_type="text/plain", size=2)
    attachment.file.save("nq.txt", ContentFile(b"ok"), save=True)
    client.force_login(cast.cell_secretary)
    assert client.get(reverse("documents:detail", args=[other.province_doc.pk])).status_code == 404
    assert client.get(reverse("documents:attachment", args=[attachment.pk])).status_code == 404
    client.force_login(other.secretary)
    assert client.get(reverse("documents:detail", args=[other.province_doc.pk])).status_code == 200
    assert client.get(reverse("documents:attachment", args=[attachment.pk])).status_code == 200


def test_the_library_page_lists_only_the_readers_province(client, cast, other):
    own = DocumentFactory(organization=cast.province, title="Chỉ thị của Tỉnh ủy Hưng Yên")
    client.force_login(cast.cell_secretary)
    body = client.get(reverse("documents:library")).content.decode()
    assert own.title in body
    for doc in other.docs:
        assert doc.title not in body


def test_search_finds_only_the_readers_province(cast, other):
    own = DocumentFactory(organization=cast.province, title="Nghị quyết riêng của Tỉnh ủy Hưng Yên")
    for doc in [own, *other.docs]:
        search.index_item("document", doc.pk)
    found = {h.object_id for h in search.search(cast.cell_secretary, "nghi quyet rieng").hits}
    assert found == {own.pk}
    found = {h.object_id for h in search.search(cast.provincial_officer, "rieng").hits}
    assert found == {own.pk}
    found = {h.object_id for h in search.search(other.secretary, "nghi quyet rieng").hits}
    assert found == {other.province_doc.pk}


def test_search_by_reference_finds_only_the_readers_province(cast, other):
    search.index_item("document", other.province_doc.pk)
    results = search.search(cast.cell_secretary, other.province_doc.reference)
    assert [h.object_id for h in results.hits] == []
    results = search.search(other.secretary, other.province_doc.reference)
    assert [h.object_id for h in results.hits] == [other.province_doc.pk]


def test_guides_belong_to_no_province_and_every_reader_finds_them(cast, other):
    guide = Guide.objects.add_root(
        {"title": "Hướng dẫn riêng về kết nạp", "slug": "huong-dan-rieng", "body": "Quy trình kết nạp"}
    )
    search.index_item("guide", guide.pk)
    for user in (cast.member, other.secretary):
        assert [h.object_id for h in search.search(user, "huong dan rieng").hits] == [guide.pk]
    assert search.search(AnonymousUser(), "huong dan rieng").hits == []


def test_cited_by_lists_only_texts_of_the_readers_province(client, cast, other):
    own = DocumentFactory(organization=cast.province)
    article = Article.objects.create(title="Tin bài của tỉnh Thái Bình", body="…", organization=other.root)
    for source_type, source_id in (("documents.document", other.province_doc.pk), ("documents.article", article.pk)):
        Citation.objects.create(
            source_type=source_type, source_id=source_id, matched_text=own.reference, number=own.number, target=own
        )
    client.force_login(cast.cell_secretary)
    body = client.get(reverse("documents:detail", args=[own.pk])).content.decode()
    assert other.province_doc.title not in body
    assert article.title not in body
    client.force_login(other.officer)  # the other province reads them, not the cited document
    assert client.get(reverse("documents:detail", args=[own.pk])).status_code == 404


def test_articles_of_another_province_are_404_and_not_listed(client, cast, other):
    article = Article.objects.create(title="Tin bài của tỉnh Thái Bình", body="Nội dung", organization=other.root)
    client.force_login(cast.cell_secretary)
    assert client.get(reverse("documents:article", args=[article.pk])).status_code == 404
    assert article.title not in client.get(reverse("documents:library")).content.decode()
    client.force_login(other.secretary)
    assert client.get(reverse("documents:article", args=[article.pk])).status_code == 200


def test_bookmarks_of_another_provinces_documents_are_not_shown(client, cast, other):
    Bookmark.objects.create(user=cast.cell_secretary, document=other.province_doc)
    client.force_login(cast.cell_secretary)
    assert other.province_doc.title not in client.get(reverse("documents:bookmarks")).content.decode()
    urls = client.get(reverse("documents:offline_list")).json()["urls"]
    assert reverse("documents:detail", args=[other.province_doc.pk]) not in urls
    response = client.post(reverse("documents:bookmark", args=[other.province_doc.pk]))
    assert response.status_code == 404


def test_announcements_of_another_province_never_reach_the_cast(client, cast, other):
    from sotay.handbook import access as handbook_access
    from sotay.handbook import search_source
    from sotay.handbook.models import Announcement

    announcement = Announcement.objects.create(
        organization=other.root, title="Thông báo của Tỉnh ủy Thái Bình", body="Nội dung", published_by=other.officer
    )
    search.index_item(search_source.SOURCE, announcement.pk)
    for user in _cast_users(cast):
        assert announcement not in handbook_access.announcement_feed(user)
        assert search.search(user, "thong bao thai binh").hits == []
    assert announcement in handbook_access.announcement_feed(other.secretary)
    client.force_login(cast.provincial_officer)
    assert client.get(reverse("handbook:announcement", args=[announcement.pk])).status_code == 404


def test_loading_the_library_into_a_second_province_gives_it_its_own_entries(cast, other, library):
    from sotay.documents.starter import load_library

    assert "144-QĐ/TW" not in {d.reference for d in Document.objects.visible_to(other.secretary)}
    loaded = load_library(other.root, actor=Actor.system("command:test"))
    theirs = loaded["documents"]["144-QĐ/TW"]
    assert theirs.pk != library["144-QĐ/TW"].pk and theirs.organization == other.root
    assert theirs in Document.objects.visible_to(other.secretary)
    assert theirs not in Document.objects.visible_to(cast.member)
    assert Article.objects.filter(organization=other.root).count() == 1
    again = load_library(other.root, actor=Actor.system("command:test"))  # safe to run again: nothing new
    assert again["documents"]["144-QĐ/TW"].pk == theirs.pk
    assert Article.objects.filter(organization=other.root).count() == 1


def test_references_and_citations_resolve_within_the_province(cast, other, library):
    from sotay.documents import services
    from sotay.documents.starter import load_library

    theirs = load_library(other.root, actor=Actor.system("command:test"))["documents"]["144-QĐ/TW"]
    ours = library["144-QĐ/TW"]
    assert services.find_document_by_reference("144-QĐ/TW", user=other.secretary) == theirs
    assert services.find_document_by_reference("144/QĐ-TW", user=cast.member) == ours
    article = services.create_article(
        organization=other.root,
        title="Học tập Quy định 144 ở Thái Bình",
        body="Chi bộ học tập Quy định 144-QĐ/TW về chuẩn mực đạo đức.",
        actor=Actor.for_user(other.officer),
    )
    targets = set(
        Citation.objects.filter(source_type="documents.article", source_id=article.pk).values_list("target", flat=True)
    )
    assert targets == {theirs.pk}
