"""Home, organisation pages and the audit log: thin views over access, selectors and services."""

from __future__ import annotations

from typing import cast

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods
from django.views.decorators.vary import vary_on_headers
from django_htmx.http import push_url

from sotay.accounts.http import AuthedRequest
from sotay.audit.access import entries_visible_to
from sotay.core.context_processors import nav_key
from sotay.core.forms import add_form_errors
from sotay.core.urls import clean_url
from sotay.lib.dates import parse_date_vn
from sotay.lib.vntext import fold, nfc, text_sort_key
from sotay.members.checks import org_warnings, probation_due
from sotay.members.reorganize import Handover, dissolve_organization, merge_organizations
from sotay.members.stats import child_member_counts, subtree_statistics, understaffed_cells
from sotay.orgs import policy
from sotay.orgs.access import find_org_for_user, get_org_for_user, orgs_visible_to
from sotay.orgs.actor import Actor
from sotay.orgs.history import tree_as_of
from sotay.orgs.models import (
    ALLOWED_PARENTS,
    Organization,
    OrgFlag,
    OrgKind,
    Reorganization,
    is_within,
    subtree_filter,
)
from sotay.orgs.services import Decision, found_organization, move_organization, rename_organization
from sotay.reports.register import pdf_max_rows, register_members
from sotay.rules.registry import rule_value

from .forms import REORGANIZE_FORMS, AuditFilterForm
from .home import CSRF_MARK, cached_page, cell_jobs, member_panels, store_page
from .home import page_key as home_page_key


def _children_rows(org: Organization) -> list[tuple[Organization, int]]:
    """The active children of an organisation the user may view (so all of them are in scope), with counts."""
    counts = child_member_counts(org)
    children = Organization.objects.children_of(org).filter(valid_to__isnull=True)
    ordered = sorted(children, key=lambda c: (c.kind != OrgKind.AGENCY_COMMITTEE, text_sort_key(c.name)))
    return [(c, counts.get(c.pk, 0)) for c in ordered]


@require_GET
def home(request: AuthedRequest) -> HttpResponse:
    """The home page, "what to do now": the member's panels, then the jobs of the organisation the user looks after."""
    user = request.user
    org = policy.home_org(user)
    if org is None and user.member_id:
        return _member_home(request)
    context: dict = {"member_panels": mark_safe(member_panels(request)), "org": None}
    if org is not None:
        context["org"] = org
        context["warnings"] = org_warnings(org)
        if org.is_cell:
            context["probation_due"] = probation_due(org)
            if policy.user_has_permission_for_org(user, policy.MANAGE_MEETINGS, org):
                context["jobs"] = cell_jobs(org)
        else:
            context["can_view_members"] = policy.user_has_permission_for_org(user, policy.VIEW_MEMBERS, org)
            context["stats"] = subtree_statistics(org)
            context["children"] = _children_rows(org)
            context["flags"] = OrgFlag.objects.filter(
                subtree_filter(org.path, "organization__path"), resolved_at__isnull=True
            ).select_related("organization")[:20]
            minimum = rule_value("cell_min_official_members")
            context["understaffed_count"] = understaffed_cells(org, minimum).count()
            context["minimum"] = minimum
    return render(request, "web/home.html", context)


def _member_home(request: AuthedRequest) -> HttpResponse:
    """A member's home page (nothing to look after): served from the per-user page cache when nothing it shows has
    changed (sotay/web/home.py), else rendered with the CSRF mark, kept, and served with this browser's token."""
    key = home_page_key(request, nav_key(request.user))
    html = cached_page(request, key)
    if html is None:
        request.sotay_csrf_placeholder = bool(key)  # type: ignore[attr-defined]  # read by the context processors
        context: dict[str, object] = {"member_panels": mark_safe(member_panels(request)), "org": None}
        if key:
            context["csrf_token"] = CSRF_MARK
        page = render(request, "web/home.html", context)
        request.sotay_csrf_placeholder = False  # type: ignore[attr-defined]
        html = store_page(request, key, page.content.decode()) if key else page.content.decode()
    return HttpResponse(html)


@require_GET
def org_tree(request: AuthedRequest) -> HttpResponse:
    user = request.user
    if not policy.user_has_permission(user, policy.VIEW_ORGS):
        raise Http404
    q = nfc(request.GET.get("q", ""))[:200]  # no NUL or control characters: PostgreSQL refuses NUL (a 500)
    results = None
    if q:
        folded = fold(q)
        matches = (
            orgs_visible_to(user)
            .filter(Q(name_folded__contains=folded) | Q(versions__name_folded__contains=folded) | Q(code__iexact=q))
            .distinct()
            .order_by("depth", "name_folded")[:100]
        )
        results = []
        for org in matches:
            old = [v.name for v in org.versions.all() if folded in v.name_folded and v.name != org.name]
            results.append((org, sorted(set(old))))
    roots = _visible_roots(user)
    return render(request, "web/org_tree.html", {"roots": roots, "q": q, "results": results})


def _visible_roots(user) -> list[tuple[Organization, list]]:
    nodes = sorted({n.path: n for n in policy.granted_orgs(user, policy.VIEW_ORGS)}.values(), key=lambda n: n.path)
    tops: list[Organization] = []
    for node in nodes:
        if not any(is_within(node, t) for t in tops):
            tops.append(node)
    return [(top, _children_rows(top)) for top in tops]


@require_GET
@vary_on_headers("HX-Request")
def org_children(request: AuthedRequest, org_id: int) -> HttpResponse:
    org = get_org_for_user(request.user, org_id)
    return render(request, "web/org_tree.html#children", {"org": org, "children": _children_rows(org)})


@require_GET
def org_detail(request: AuthedRequest, org_id: int) -> HttpResponse:
    user = request.user
    org = get_org_for_user(user, org_id)
    ancestors = [
        a
        for a in Organization.objects.get_ancestors(org)
        if policy.user_has_permission_for_org(user, policy.VIEW_ORGS, a)
    ]
    events = (
        Reorganization.objects.filter(Q(sources=org) | Q(targets=org))
        .distinct()
        .prefetch_related("sources", "targets", "handovers")
    )
    versions = list(org.versions.select_related("parent").order_by("valid_from", "pk"))
    can_export = policy.user_has_permission_for_org(user, policy.EXPORT_MEMBERS, org)
    context = {
        "org": org,
        "ancestors": ancestors,
        "children": _children_rows(org),
        "ended_children": Organization.objects.children_of(org)
        .filter(valid_to__isnull=False)
        .order_by("name_folded")[:50],
        "stats": subtree_statistics(org) if org.is_active else None,
        "warnings": org_warnings(org),
        "probation_due": probation_due(org) if org.is_cell else [],
        "flags": org.flags.filter(resolved_at__isnull=True),
        "events": events,
        "versions": versions,
        "predecessors": org.predecessors.all(),
        "can_view_members": policy.user_has_permission_for_org(user, policy.VIEW_MEMBERS, org),
        "this_month": timezone.localdate(),
        "can_change_status": policy.user_has_permission_for_org(user, policy.CHANGE_STATUS, org),
        "can_add_member": org.is_cell
        and org.is_active
        and policy.user_has_permission_for_org(user, policy.CREATE_MEMBERS, org),
        "can_reorganize": org.is_active and policy.user_has_permission_for_org(user, policy.REORGANIZE, org),
        "can_export": can_export,
        # Mẫu 7-HSĐV in PDF only where it can be produced (issue 14 point 6); else the reason and the Excel.
        "register_rows": register_members(org).count() if can_export else 0,
        "register_pdf_max": pdf_max_rows(),
        "can_grant": policy.user_has_permission_for_org(user, policy.GRANT_ROLES, org),
        "can_manage_accounts": policy.user_has_permission_for_org(user, policy.MANAGE_ACCOUNTS, org),
        "reorganize_kinds": [(k, label) for k, (_f, label) in REORGANIZE_FORMS.items()],
    }
    return render(request, "web/org_detail.html", context)


@require_GET
def org_as_of(request: AuthedRequest) -> HttpResponse:
    """The tree as it stood on a given day, with the past units now inside the user's subtrees (orgs/history.py)."""
    user = request.user
    if not policy.user_has_permission(user, policy.VIEW_ORGS):
        raise Http404
    raw = request.GET.get("on", "")
    try:
        on = parse_date_vn(raw) if raw else timezone.localdate()
        error = ""
    except ValueError as exc:
        on, error = timezone.localdate(), str(exc)
    tree = tree_as_of(user, on)
    root_id = request.GET.get("root", "")
    if root_id:
        root = tree.by_id.get(int(root_id)) if root_id.isdigit() else None
        tops = [root] if root is not None else []
    else:
        tops = tree.tops
    rows = [(unit, [(c, len(c.children)) for c in unit.children]) for unit in tops]
    return render(
        request,
        "web/org_as_of.html",
        {"on": on, "tree": rows, "error": error, "raw": raw, "node_count": len(tree)},
    )


@require_http_methods(["GET", "POST"])
def org_reorganize(request: AuthedRequest, org_id: int, kind: str) -> HttpResponse:
    user = request.user
    org = get_org_for_user(user, org_id, perm=policy.REORGANIZE)
    if kind not in REORGANIZE_FORMS or not org.is_active:
        raise Http404
    form_class, title = REORGANIZE_FORMS[kind]
    parent = Organization.objects.get_parent(org)
    initial = {
        "acting_body_name": parent.board_name if parent else "",
        "decision_on": timezone.localdate(),
        "effective_on": timezone.localdate(),
    }
    form = form_class(request.POST or None, initial=initial)
    # only the kinds that may sit under this organisation (docs/rules/organisation.md#loại-tổ-chức-đảng)
    if kind == "found":
        cast(forms.ChoiceField, form.fields["kind"]).choices = [
            (k, label) for k, label in OrgKind.choices if org.kind in ALLOWED_PARENTS[k]
        ]
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        decision = Decision(
            number=data["decision_number"],
            decided_on=data["decision_on"],
            effective_on=data["effective_on"],
            acting_body=parent,
            acting_body_name=data["acting_body_name"],
            note=data["note"],
        )
        try:
            target = _apply_reorganization(Actor.from_request(request), org, kind, data, decision)
        except ValidationError as exc:
            add_form_errors(form, exc)
        else:
            messages.success(request, _("Đã ghi nhận: %(t)s — %(o)s.") % {"t": title, "o": org.name})
            return redirect("web:org_detail", org_id=target.pk)
    return render(request, "web/org_reorganize.html", {"org": org, "form": form, "title": title, "kind": kind})


def _apply_reorganization(actor: Actor, org: Organization, kind: str, data: dict, decision: Decision) -> Organization:
    if kind == "rename":
        return rename_organization(org=org, new_name=data["new_name"], decision=decision, actor=actor)
    if kind == "found":
        return found_organization(
            parent=org,
            kind=data["kind"],
            name=data["name"],
            cell_type=data["cell_type"],
            decision=decision,
            actor=actor,
        )
    if kind == "move":
        new_parent = find_org_for_user(actor.person, data["new_parent"], perm=policy.REORGANIZE, field="new_parent")
        return move_organization(org=org, new_parent=new_parent, decision=decision, actor=actor)
    if kind == "merge":
        target = find_org_for_user(actor.person, data["target"], perm=policy.REORGANIZE, field="target")
        handover = None
        if data.get("handover_signed_on"):
            handover = Handover(signed_on=data["handover_signed_on"], parties=data.get("handover_parties", ""))
        merge_organizations(sources=[org], target=target, decision=decision, actor=actor, handover=handover)
        return target
    dissolve_organization(org=org, decision=decision, actor=actor)
    return org


@require_GET
@vary_on_headers("HX-Request")
def audit_log(request: AuthedRequest) -> HttpResponse:
    user = request.user
    if not policy.user_has_permission(user, policy.VIEW_AUDIT):
        raise Http404
    entries = entries_visible_to(user).select_related("organization")
    form = AuditFilterForm(request.GET or None)
    if form.is_valid():
        data = form.cleaned_data
        if data["q"]:
            for word in fold(data["q"]).split(" "):
                entries = entries.filter(search_folded__contains=word)
        if data["action"]:
            entries = entries.filter(action=data["action"])
        if data["event"]:  # "member." selects every event about members; a full name selects one kind
            event = data["event"]
            entries = entries.filter(event__startswith=event) if event.endswith(".") else entries.filter(event=event)
        if data["since"]:
            entries = entries.filter(at__date__gte=data["since"])
        if data["until"]:
            entries = entries.filter(at__date__lte=data["until"])
    page = Paginator(entries.order_by("-at", "-id"), 50).get_page(request.GET.get("page"))
    if not request.htmx:
        return render(request, "web/audit_log.html", {"form": form, "page": page})
    return push_url(render(request, "web/audit_log.html#results", {"form": form, "page": page}), clean_url(request))
