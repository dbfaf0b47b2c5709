"""Library pages: search, a document, its files, the guides, bookmarks; the offline service worker.

Thin views: lookups through `access`, writes through `services`. An id the user may not read is a 404.
"""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django.views.decorators.vary import vary_on_headers

from sotay.accounts.http import AuthedRequest
from sotay.core.exports import export_response
from sotay.core.forms import add_form_errors
from sotay.orgs import policy
from sotay.orgs.access import orgs_visible_to
from sotay.orgs.actor import Actor

from . import access, search, services
from .citing import cited_by, linked_text
from .forms import ArticleForm, AttachmentForm, DocumentForm, GuideForm, RelationForm, SearchForm
from .models import Bookmark, Citation, Document, Guide, ReadingPosition, Topic

STATIC_DIR = Path(settings.BASE_DIR) / "static" / "documents"


def _require_reader(user) -> None:
    if not user.is_superuser and not policy.holds_role(user):
        raise Http404


@require_GET
@vary_on_headers("HX-Request")
def library(request: AuthedRequest) -> HttpResponse:
    """The search box for documents and guides, with filters; without a query, what is new since the last visit."""
    _require_reader(request.user)
    form = SearchForm(request.GET or None, topics=Topic.objects.all())
    results = None
    new_documents: list[Document] = []
    previous_visit = None
    if form.is_bound and form.is_valid() and any(form.cleaned_data.values()):
        cd = form.cleaned_data
        filters = search.Filters(
            kind=cd["kind"],
            issuer=cd["issuer"].strip(),
            year=cd["year"],
            status=cd["status"],
            topic=cd["topic"],
            source=cd["source"],
        )
        page = max(1, int(request.GET.get("page", "1") or 1)) if request.GET.get("page", "1").isdigit() else 1
        results = search.search(request.user, cd["q"], filters, limit=20, offset=(page - 1) * 20)
        for hit in results.hits:
            hit.title_html = search.highlight(hit.title, search.tokens(cd["q"]))
        results.page = page
    else:
        previous = services.record_library_visit(actor=Actor.from_request(request))
        docs = Document.objects.visible_to(request.user).order_by("-created_at")
        if previous is not None:
            new_documents = list(docs.filter(created_at__gt=previous)[:20])
        previous_visit = previous
    context = {
        "form": form,
        "results": results,
        "new_documents": new_documents,
        "previous_visit": previous_visit,
        "recent": [] if results else list(Document.objects.visible_to(request.user).order_by("-issued_on")[:10]),
        "may_manage": policy.user_has_permission(request.user, policy.MANAGE_DOCUMENTS),
        "articles": [] if results else list(access.articles_visible_to(request.user).order_by("-created_at")[:5]),
    }
    template = "documents/library.html#results" if request.htmx and results is not None else "documents/library.html"
    return render(request, template, context)


@require_GET
def document_detail(request: AuthedRequest, document_id: int) -> HttpResponse:
    doc = access.get_document_for_user(request.user, document_id)
    relations_out = doc.relations_out.select_related("target").filter(
        target__in=Document.objects.visible_to(request.user)
    )
    relations_in = doc.relations_in.select_related("source").filter(
        source__in=Document.objects.visible_to(request.user)
    )
    position = ReadingPosition.objects.filter(user=request.user, document=doc).first()
    context = {
        "doc": doc,
        "summary_html": linked_text(doc.summary, doc, request.user),
        "body_html": linked_text(doc.body, doc, request.user),
        "relations_out": relations_out,
        "relations_in": relations_in,
        "cited_by": cited_by(doc, request.user),
        "attachments": doc.attachments.all(),
        "topics": doc.topics.all(),
        "bookmarked": Bookmark.objects.filter(user=request.user, document=doc).exists(),
        "position": position.percent if position else 0,
        "may_manage": policy.user_has_permission_for_org(request.user, policy.MANAGE_DOCUMENTS, doc.organization),
        "attachment_form": AttachmentForm(),
        "relation_form": RelationForm(),
        "guides": Guide.objects.filter(regulations=doc),
    }
    return render(request, "documents/detail.html", context)


def _managed_orgs(user):
    return orgs_visible_to(user, policy.MANAGE_DOCUMENTS).filter(valid_to__isnull=True).order_by("path")


@require_http_methods(["GET", "POST"])
def document_create(request: AuthedRequest) -> HttpResponse:
    orgs = _managed_orgs(request.user)
    if not orgs.exists():
        raise Http404
    form = DocumentForm(request.POST or None, orgs=orgs, initial={"organization": orgs.first()})
    if request.method == "POST" and form.is_valid():
        try:
            doc = services.create_document(
                organization=form.cleaned_data["organization"],
                data=form.service_data(),
                actor=Actor.from_request(request),
            )
        except ValidationError as exc:
            add_form_errors(form, exc)
        else:
            messages.success(request, _("Đã thêm văn bản %(r)s.") % {"r": doc.reference})
            return redirect("documents:detail", doc.pk)
    return render(request, "documents/form.html", {"form": form, "doc": None})


@require_http_methods(["GET", "POST"])
def document_edit(request: AuthedRequest, document_id: int) -> HttpResponse:
    doc = access.get_document_to_manage(request.user, document_id)
    form = DocumentForm(request.POST or None, instance=doc, orgs=_managed_orgs(request.user))
    if request.method == "POST" and form.is_valid():
        doc.refresh_from_db()  # the form wrote into the instance; the service validates from the stored state
        try:
            services.update_document(document=doc, data=form.service_data(), actor=Actor.from_request(request))
        except ValidationError as exc:
            add_form_errors(form, exc)
        else:
            messages.success(request, _("Đã lưu văn bản."))
            return redirect("documents:detail", doc.pk)
    return render(request, "documents/form.html", {"form": form, "doc": doc})


@require_POST
def attachment_upload(request: AuthedRequest, document_id: int) -> HttpResponse:
    doc = access.get_document_to_manage(request.user, document_id)
    form = AttachmentForm(request.POST, request.FILES)
    if form.is_valid():
        upload = form.cleaned_data["file"]
        if upload.size > services.max_upload_bytes():
            messages.error(request, _("Tệp vượt giới hạn dung lượng."))
            return redirect("documents:detail", doc.pk)
        try:
            services.add_attachment(
                document=doc, name=upload.name, data=upload.read(), actor=Actor.from_request(request)
            )
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(request, message)
        else:
            messages.success(request, _("Đã đính kèm tệp."))
    else:
        messages.error(request, _("Hãy chọn một tệp."))
    return redirect("documents:detail", doc.pk)


@require_POST
def relation_add(request: AuthedRequest, document_id: int) -> HttpResponse:
    """Record that this document replaces, amends or guides another one, named by its number."""
    doc = access.get_document_to_manage(request.user, document_id)
    form = RelationForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Hãy chọn quan hệ và ghi số, ký hiệu văn bản."))
        return redirect("documents:detail", doc.pk)
    target = services.find_document_by_reference(form.cleaned_data["target"], user=request.user)
    if target is None:
        messages.error(request, _("Thư viện chưa có văn bản “%(r)s”.") % {"r": form.cleaned_data["target"]})
        return redirect("documents:detail", doc.pk)
    try:
        services.relate_documents(
            source=doc, target=target, kind=form.cleaned_data["kind"], actor=Actor.from_request(request)
        )
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("Đã ghi quan hệ với %(r)s.") % {"r": target.reference})
    return redirect("documents:detail", doc.pk)


@require_GET
def attachment_download(request: AuthedRequest, attachment_id: int) -> HttpResponseBase:
    attachment = access.get_attachment_for_user(request.user, attachment_id)
    return export_response(
        actor=Actor.from_request(request),
        kind="document_attachment",
        subject=attachment.document,
        filename=attachment.original_name,
        content=attachment.file.open("rb"),
        content_type=attachment.content_type,
        params={"attachment": attachment.pk},
    )


@require_POST
def bookmark_toggle(request: AuthedRequest, document_id: int) -> HttpResponse:
    doc = access.get_document_for_user(request.user, document_id)
    on = services.toggle_bookmark(actor=Actor.from_request(request), document=doc)
    messages.success(request, _("Đã lưu để đọc không cần mạng.") if on else _("Đã bỏ lưu."))
    return redirect("documents:detail", doc.pk)


@require_POST
def guide_bookmark_toggle(request: AuthedRequest, slug: str) -> HttpResponse:
    guide = access.get_guide_for_user(request.user, slug)
    on = services.toggle_bookmark(actor=Actor.from_request(request), guide=guide)
    messages.success(request, _("Đã lưu để đọc không cần mạng.") if on else _("Đã bỏ lưu."))
    return redirect("documents:guide", guide.slug)


@require_POST
def reading_position(request: AuthedRequest, document_id: int | None = None, slug: str | None = None) -> JsonResponse:
    try:
        percent = int(request.POST.get("percent", "0"))
    except ValueError:
        percent = 0
    if document_id is not None:
        doc = access.get_document_for_user(request.user, document_id)
        saved = services.save_reading_position(actor=Actor.from_request(request), document=doc, percent=percent)
    else:
        guide = access.get_guide_for_user(request.user, slug or "")
        saved = services.save_reading_position(actor=Actor.from_request(request), guide=guide, percent=percent)
    return JsonResponse({"percent": saved})


@require_GET
def bookmarks(request: AuthedRequest) -> HttpResponse:
    _require_reader(request.user)
    visible = Document.objects.visible_to(request.user)
    rows = Bookmark.objects.filter(user=request.user).select_related("document", "guide")
    items = [b for b in rows if b.guide_id or b.document_id in set(visible.values_list("pk", flat=True))]
    return render(request, "documents/bookmarks.html", {"bookmarks": items})


@require_GET
def offline_list(request: AuthedRequest) -> JsonResponse:
    """The URLs the service worker keeps for offline reading: the home page, the user's bookmarked documents and
    guides, and for a member their meetings page and next invitation (issue 14)."""
    from sotay.meetings.offline import urls_for as meeting_urls

    _require_reader(request.user)
    visible = set(Document.objects.visible_to(request.user).values_list("pk", flat=True))
    urls = [reverse("web:home"), reverse("documents:library"), reverse("documents:bookmarks")]
    urls += [reverse("documents:offline"), reverse("handbook:home"), *meeting_urls(request.user)]
    for b in Bookmark.objects.filter(user=request.user).select_related("guide"):
        if b.document_id and b.document_id in visible:
            urls.append(reverse("documents:detail", args=[b.document_id]))
        elif b.guide is not None:  # loaded by select_related
            urls.append(reverse("documents:guide", args=[b.guide.slug]))
    response = JsonResponse({"urls": urls})
    response["Cache-Control"] = "private, no-store"
    return response


@require_GET
def offline(request: AuthedRequest) -> HttpResponse:
    return render(request, "documents/offline.html")


@login_not_required
@require_GET
def service_worker(request: HttpRequest) -> HttpResponse:
    """The service worker, from static/documents/sw.js, served under /documents/ and allowed to cover the whole site
    (the home page, the handbook and the member's next invitation are kept offline too). It holds code and no data,
    so it is served to anyone, before the second factor too: a redirect to sign-in or to the 2FA enrolment would
    make the browser's update check fail (sotay/accounts/middleware.py lists it as open)."""
    response = HttpResponse((STATIC_DIR / "sw.js").read_bytes(), content_type="text/javascript; charset=utf-8")
    response["Cache-Control"] = "no-cache"
    response["Service-Worker-Allowed"] = "/"  # registered for the whole site (static/core/offline.js), issue 14
    return response


# --------------------------------------------------------------------------------------------------------------
# Guides


@require_GET
def guide_index(request: AuthedRequest) -> HttpResponse:
    _require_reader(request.user)
    guides = list(Guide.objects.get_tree())
    return render(
        request,
        "documents/guide_index.html",
        {"guides": guides, "may_edit": services.may_edit_guide(request.user, None)},
    )


@require_GET
def guide_detail(request: AuthedRequest, slug: str) -> HttpResponse:
    guide = access.get_guide_for_user(request.user, slug)
    visible = Document.objects.visible_to(request.user)
    position = ReadingPosition.objects.filter(user=request.user, guide=guide).first()
    context = {
        "guide": guide,
        "ancestors": Guide.objects.get_ancestors(guide),
        "children": Guide.objects.get_children(guide),
        "body_html": linked_text(guide.body, guide, request.user),
        "regulations": guide.regulations.filter(pk__in=visible.values("pk")),
        "bookmarked": Bookmark.objects.filter(user=request.user, guide=guide).exists(),
        "position": position.percent if position else 0,
        "may_edit": services.may_edit_guide(request.user, guide),
        "editors": guide.editors.select_related("user"),
    }
    return render(request, "documents/guide_detail.html", context)


@require_http_methods(["GET", "POST"])
def guide_edit(request: AuthedRequest, slug: str | None = None) -> HttpResponse:
    guide = access.get_guide_for_user(request.user, slug) if slug else None
    parent = None
    if guide is None and request.GET.get("parent"):
        parent = access.get_guide_for_user(request.user, request.GET["parent"])
    if not services.may_edit_guide(request.user, guide or parent):
        raise policy.NotAllowed(policy.EDIT_GUIDES)
    documents = Document.objects.visible_to(request.user).order_by("doc_type", "-issued_on")
    initial = {"title": guide.title, "body": guide.body, "regulations": guide.regulations.all()} if guide else {}
    form = GuideForm(request.POST or None, documents=documents, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.save_guide(
                actor=Actor.from_request(request),
                guide=guide,
                parent=parent,
                title=form.cleaned_data["title"],
                body=form.cleaned_data["body"],
                regulations=form.cleaned_data["regulations"],
            )
        except ValidationError as exc:
            add_form_errors(form, exc)
        else:
            messages.success(request, _("Đã lưu hướng dẫn."))
            return redirect("documents:guide", saved.slug)
    return render(request, "documents/guide_form.html", {"form": form, "guide": guide, "parent": parent})


@require_http_methods(["GET", "POST"])
def article_create(request: AuthedRequest) -> HttpResponse:
    """A news item or any text pasted in: kept with the library, its citations linked to the documents they name."""
    orgs = _managed_orgs(request.user)
    if not orgs.exists():
        raise Http404
    form = ArticleForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        cd = form.cleaned_data
        try:
            article = services.create_article(
                organization=orgs.first(),
                title=cd["title"],
                body=cd["body"],
                actor=Actor.from_request(request),
                source_url=cd["source_url"],
                published_on=cd["published_on"],
            )
        except ValidationError as exc:
            add_form_errors(form, exc)
        else:
            return redirect("documents:article", article.pk)
    return render(request, "documents/article_form.html", {"form": form})


@require_POST
def guide_editor_add(request: AuthedRequest, slug: str) -> HttpResponse:
    """An editor of a branch gives another Organization Committee officer editor rights on it."""
    from django.contrib.auth import get_user_model

    guide = access.get_guide_for_user(request.user, slug)
    if not services.may_edit_guide(request.user, guide):
        raise policy.NotAllowed(policy.EDIT_GUIDES)
    username = (request.POST.get("username") or "").strip()
    user = get_user_model().objects.filter(username=username).first()
    if user is None:
        messages.error(request, _("Không có người dùng “%(u)s”.") % {"u": username})
        return redirect("documents:guide", guide.slug)
    try:
        services.grant_guide_editor(user=user, guide=guide, actor=Actor.from_request(request))
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("%(u)s được biên tập mục này và các mục con.") % {"u": user.display_name})
    return redirect("documents:guide", guide.slug)


@require_GET
def article_detail(request: AuthedRequest, article_id: int) -> HttpResponse:
    _require_reader(request.user)
    article = access.articles_visible_to(request.user).filter(pk=article_id).first()
    if article is None:
        raise Http404
    citations = Citation.objects.filter(source_type="documents.article", source_id=article.pk)
    return render(
        request,
        "documents/article.html",
        {
            "article": article,
            "body_html": linked_text(article.body, article, request.user),
            "linked": citations.filter(target__isnull=False).count(),
            "unlinked": list(citations.filter(target__isnull=True).values_list("matched_text", flat=True)),
        },
    )
