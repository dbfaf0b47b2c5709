"""One search for documents and guides: diacritics and case ignored (đ = d), ranked, filtered, exact by number."""

from __future__ import annotations

import pytest
from django_tasks import default_task_backend

from sotay.documents import search, services
from sotay.documents.demo import load_real_documents
from sotay.documents.models import SearchEntry
from sotay.orgs.actor import Actor

pytestmark = pytest.mark.django_db


def _refs(results):
    return [h.reference for h in results.hits]


def test_saving_a_document_enqueues_its_index_update_on_commit(cast, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        doc = load_real_documents(cast.province, actor=Actor.system("command:test"))["144-QĐ/TW"]
    names = [r.task.name for r in default_task_backend.results]
    assert "index_item" in names
    assert any(r.kwargs == {"source": "document", "object_id": doc.pk} for r in default_task_backend.results)


def test_quy_dinh_144_without_diacritics_finds_144_qd_tw_first(cast, library):
    results = search.search(cast.member, "quy dinh 144")
    assert _refs(results)[0] == "144-QĐ/TW"
    assert results.hits[0].exact


@pytest.mark.parametrize("query", ["144-QĐ/TW", "144/QĐ-TW", "qd 144", "QĐ 144", "144 qđ tw"])
def test_exact_lookup_by_number_in_any_writing(cast, library, query):
    assert _refs(search.search(cast.member, query))[0] == "144-QĐ/TW"


def test_words_match_whatever_the_diacritics_and_case_and_the_title_weighs_more(cast, library):
    results = search.search(cast.member, "DAO DUC CACH MANG")
    assert _refs(results)[0] == "144-QĐ/TW"
    assert "<mark>" in str(results.hits[0].snippet) or "<mark>" in str(search.highlight(results.hits[0].title, ["dao"]))
    assert _refs(search.search(cast.member, "đảng phí"))[0] in ("01-QĐ/TW", "342-QĐ/TW")


def test_snippets_highlight_the_words_in_the_original_text():
    pattern = search.highlight_pattern(["dang", "phi"])
    out = str(search.snippet("Mức đóng Đảng phí của đảng viên <b>", pattern))
    assert "<mark>Đảng</mark> <mark>phí</mark>" in out and "&lt;b&gt;" in out


def test_filters_by_kind_issuer_year_status_and_topic(cast, library):
    f = search.Filters(kind="DIRECTIVE")
    assert set(_refs(search.search(cast.member, "", f))) == {"45-CT/TW", "35-CT/TW", "50-CT/TW"}
    assert set(_refs(search.search(cast.member, "dai hoi", search.Filters(kind="DIRECTIVE", status="IN_FORCE")))) == {
        "45-CT/TW"
    }
    assert set(_refs(search.search(cast.member, "", search.Filters(issuer="BTCTU")))) == {"15-HD/BTCTU"}
    assert "366-QĐ/TW" in _refs(search.search(cast.member, "", search.Filters(year=2025, kind="REGULATION")))
    assert set(_refs(search.search(cast.member, "", search.Filters(topic="dang-phi")))) == {"01-QĐ/TW", "342-QĐ/TW"}


def test_search_respects_the_audience(cast, immediate_tasks, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        services.create_document(
            organization=cast.commune_a,
            data={
                "doc_type": "PLAN",
                "reference": "12-KH/ĐU",
                "issuer": "Đảng ủy xã Đông Tiến",
                "issued_on": __import__("datetime").date(2025, 3, 1),
                "title": "Kế hoạch kết nạp đảng viên quý II",
                "status": "IN_FORCE",
                "audience": "COMMITTEE",
                "audience_org": cast.commune_a,
            },
            actor=Actor.for_user(cast.commune_committee),
        )
    assert _refs(search.search(cast.commune_committee, "ket nap quy II")) == ["12-KH/ĐU"]
    assert _refs(search.search(cast.member, "ket nap quy II")) == []
    assert _refs(search.search(cast.outsider, "12-KH/ĐU")) == []


def test_the_index_holds_folded_text_and_follows_edits(cast, library, django_capture_on_commit_callbacks):
    doc = library["144-QĐ/TW"]
    entry = SearchEntry.objects.get(source="document", object_id=doc.pk)
    assert "chuan muc dao duc" in entry.title and "đ" not in entry.body
    with django_capture_on_commit_callbacks(execute=True):
        services.update_document(
            document=doc, data={"summary": "Nội dung mới về gương mẫu"}, actor=Actor.for_user(cast.provincial_officer)
        )
    assert _refs(search.search(cast.member, "guong mau"))[0] == "144-QĐ/TW"


def test_a_word_of_four_letters_or_more_also_matches_as_a_prefix_a_short_one_does_not(cast, library):
    assert search._fts5_match(["chuy"]) == '"chuy"*'
    assert search._fts5_match(["quy", "chi"]) == '"quy" "chi"'
    assert search._fts5_match(["qd", "144"]) == '"qd" "144"'
    refs = [h.reference for h in search.search(cast.member, "nghi quye").hits]
    assert "21-NQ/TW" in refs
