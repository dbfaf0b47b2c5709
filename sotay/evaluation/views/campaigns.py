"""Campaign pages: open a campaign, follow it, record the steps, see who is not yet evaluated, read the results."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django.views.decorators.vary import vary_on_headers

from sotay.accounts.http import AuthedRequest
from sotay.core.forms import add_form_errors
from sotay.discipline.hooks import disciplines_in_year
from sotay.orgs import policy
from sotay.orgs.access import get_org_for_user, org_for_list
from sotay.orgs.actor import Actor
from sotay.orgs.models import Organization, is_within, subtree_filter

from .. import selectors, services
from ..access import (
    campaigns_visible_to,
    get_campaign_for_user,
    get_member_in_campaign,
    get_subject_org_in_campaign,
    scope_in_campaign,
)
from ..forms import BatchDecisionForm, CampaignForm, StepForm, initial_from
from ..models import STAGE_ORDER, Evaluation, EvaluationCampaign, Grade, Stage, Subject
from ..subjects import base_of, may_act


@require_GET
def index(request: AuthedRequest) -> HttpResponse:
    user = request.user
    context: dict = {"grades": Grade}
    member = user.member
    if member is not None:
        context["history"] = list(selectors.member_history(member)[:10])
        my_open = [
            c
            for c in selectors.campaigns_covering(member.organization)
            if c.is_open and is_within(member.organization, c.organization)
        ]
        stages = dict(
            Evaluation.objects.filter(campaign__in=my_open, member_id=member.pk).values_list("campaign_id", "stage")
        )
        labels = dict(Stage.choices)
        for c in my_open:
            c.my_stage = labels.get(stages.get(c.pk, ""), "")
        context["my_open"] = my_open
    if policy.user_has_permission(user, policy.REVIEW_EVALUATIONS):
        org = org_for_list(user, request.GET.get("org"), perm=policy.REVIEW_EVALUATIONS)
        context["org"] = org
        context["campaigns"] = list(
            selectors.campaigns_covering(org)
            .filter(pk__in=campaigns_visible_to(user).values("pk"))
            .order_by("-year", "-quarter", "organization__path")[:200]
        )
        for c in context["campaigns"]:
            # ?org= only where the page's organisation lies inside the campaign (a campaign a commune opened, listed
            # for the province, is opened at its own organisation: issue 14 point 6, the 404 of ?org=1).
            c.scope_org = org.pk if is_within(org, c.organization) else None
        context["can_open"] = policy.user_has_permission_for_org(user, policy.MANAGE_EVALUATIONS, org)
    elif member is None:
        raise Http404
    return render(request, "evaluation/index.html", context)


@require_GET
def my_results(request: AuthedRequest) -> HttpResponse:
    """A member's own results over the years (from the navigation and the home page)."""
    member = request.user.member
    if member is None:
        raise Http404
    history = list(selectors.member_history(member))
    return render(request, "evaluation/my_results.html", {"member": member, "history": history})


@require_http_methods(["GET", "POST"])
def campaign_create(request: AuthedRequest, org_id: int) -> HttpResponse:
    org = get_org_for_user(request.user, org_id, perm=policy.MANAGE_EVALUATIONS)
    today = timezone.localdate()
    form = CampaignForm(request.POST or None, initial={"year": today.year, "opened_on": today})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            campaign = services.open_campaign(organization=org, actor=Actor.from_request(request), **data)
        except ValidationError as exc:
            add_form_errors(form, exc)
        else:
            messages.success(request, _("Đã mở đợt “%(t)s”.") % {"t": campaign.title})
            return redirect("evaluation:campaign", campaign_id=campaign.pk)
    return render(request, "evaluation/campaign_form.html", {"form": form, "org": org})


def _campaign_and_scope(request: AuthedRequest, campaign_id: int) -> tuple[EvaluationCampaign, Organization]:
    campaign = get_campaign_for_user(request.user, campaign_id)
    if not policy.user_has_permission(request.user, policy.REVIEW_EVALUATIONS):
        raise Http404
    return campaign, scope_in_campaign(request.user, campaign, request.GET.get("org"))


@require_GET
def campaign_detail(request: AuthedRequest, campaign_id: int) -> HttpResponse:
    campaign, org = _campaign_and_scope(request, campaign_id)
    awaiting = (
        Evaluation.objects.filter(campaign=campaign, stage=Stage.REVIEWED, member__isnull=False)
        .filter(subtree_filter(org.path, "organization__path"))
        .select_related("member", "organization")
        .order_by("organization__path", "member__name_sort_key")[:200]
    )
    context = {
        "campaign": campaign,
        "org": org,
        "progress": selectors.progress(campaign, org),
        "pending_orgs_count": selectors.pending_orgs(campaign, org).count(),
        "quota": services.quota_report(campaign, within=org),
        "awaiting": awaiting,
        "awaiting_orgs": Evaluation.objects.filter(
            campaign=campaign, stage=Stage.REVIEWED, subject_organization__isnull=False
        )
        .filter(subtree_filter(org.path, "organization__path"))
        .select_related("subject_organization")
        .order_by("organization__path")[:200],
        "flagged": list(selectors.two_years_not_completed(org, campaign.year)[:100]),
        "can_decide": policy.user_has_permission_for_org(request.user, policy.MANAGE_EVALUATIONS, org),
        "can_close": policy.user_has_permission_for_org(request.user, policy.MANAGE_EVALUATIONS, campaign.organization),
        "children": list(type(org).objects.children_of(org).filter(valid_to__isnull=True).order_by("path")),
    }
    return render(request, "evaluation/campaign_detail.html", context)


@require_POST
def campaign_close(request: AuthedRequest, campaign_id: int) -> HttpResponse:
    campaign = get_campaign_for_user(request.user, campaign_id)
    if not policy.user_has_permission_for_org(request.user, policy.MANAGE_EVALUATIONS, campaign.organization):
        raise Http404
    try:
        services.close_campaign(campaign=campaign, actor=Actor.from_request(request))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Đã kết thúc đợt đánh giá."))
    return redirect("evaluation:campaign", campaign_id=campaign.pk)


@require_GET
def pending(request: AuthedRequest, campaign_id: int) -> HttpResponse:
    """The "chưa đánh giá" tracker: members (or organisations) without a decided grade, with links."""
    campaign, org = _campaign_and_scope(request, campaign_id)
    subject = Subject.ORGANIZATION if request.GET.get("subject") == "orgs" else Subject.MEMBER
    rows = (
        selectors.pending_members(campaign, org) if subject == Subject.MEMBER else selectors.pending_orgs(campaign, org)
    )
    page = Paginator(rows, 50).get_page(request.GET.get("page"))
    stages = dict(Stage.choices)
    for row in page:
        row.stage_label = stages.get(row.evaluation_stage, _("Chưa tự đánh giá"))
    return render(
        request, "evaluation/pending.html", {"campaign": campaign, "org": org, "page": page, "subject": subject}
    )


def _next_kind(evaluation: Evaluation | None) -> str | None:
    """The step that comes next: the self-assessment first, nothing after the decision."""
    if evaluation is None:
        return Stage.SELF
    if evaluation.stage == Stage.DECIDED:
        return None
    return STAGE_ORDER[STAGE_ORDER.index(evaluation.stage) + 1]


def _subject_page(request, campaign, *, member=None, subject_org=None, form=None, quota_error=None, status=200):
    lookup = {"member": member} if member is not None else {"subject_organization": subject_org}
    evaluation = (
        Evaluation.objects.filter(campaign=campaign, **lookup).prefetch_related("steps__scores__criterion").first()
    )
    steps = list(evaluation.steps.all()) if evaluation else []
    subject = Subject.MEMBER if member is not None else Subject.ORGANIZATION
    criteria_set = evaluation.criteria_set if evaluation else campaign.criteria_for(subject)
    next_kind = _next_kind(evaluation)
    allowed = (
        next_kind and campaign.is_open and may_act(request.user, kind=next_kind, member=member, subject_org=subject_org)
    )
    if allowed and form is None:
        form = StepForm(
            kind=next_kind,
            criteria_set=criteria_set,
            collective=subject == Subject.ORGANIZATION,
            initial=initial_from(steps[-1] if steps else None, timezone.localdate()),
        )
    quota = None
    quota_warning = False
    # The quota is for whoever decides: a member reading their own page does not see it (issue 14 point 6).
    if allowed and next_kind == Stage.DECIDED and member is not None and campaign.quota_percent is not None:
        quota = services.quota_status(campaign, base_of(member.organization))
        proposed = evaluation.review_grade if evaluation else ""
        quota_warning = proposed == Grade.EXCELLENT and quota.after("", Grade.EXCELLENT).exceeded
    context = {
        "campaign": campaign,
        "member": member,
        "subject_org": subject_org,
        "evaluation": evaluation,
        "steps": steps,
        "criteria_set": criteria_set,
        "next_kind": next_kind,
        "next_label": dict(Stage.choices).get(next_kind, ""),
        "form": form if allowed else None,
        "quota": quota,
        "quota_warning": quota_warning,
        "quota_error": quota_error,
        "disciplines": disciplines_in_year(member, campaign.year) if member is not None else (),
        "flag_two_years": member is not None
        and selectors.two_years_not_completed(member.organization, campaign.year).filter(pk=member.pk).exists(),
    }
    return render(request, "evaluation/subject.html", context, status=status)


def _post_step(request, campaign, *, member=None, subject_org=None):
    lookup = {"member": member} if member is not None else {"subject_organization": subject_org}
    evaluation = Evaluation.objects.filter(campaign=campaign, **lookup).first()
    kind = _next_kind(evaluation)
    requested = request.POST.get("kind")
    if requested in STAGE_ORDER and requested != kind:
        kind = requested  # let the service refuse a step out of order with its reason
    if kind is None or not may_act(request.user, kind=kind, member=member, subject_org=subject_org):
        raise Http404
    subject = Subject.MEMBER if member is not None else Subject.ORGANIZATION
    criteria_set = evaluation.criteria_set if evaluation else campaign.criteria_for(subject)
    form = StepForm(request.POST, kind=kind, criteria_set=criteria_set, collective=subject == Subject.ORGANIZATION)
    if form.is_valid():
        try:
            services.record_step(
                campaign=campaign,
                data=form.step_input(),
                actor=Actor.from_request(request),
                member=member,
                subject_organization=subject_org,
            )
        except services.QuotaExceeded as exc:
            form.add_error(None, exc.messages[0])
            return _subject_page(
                request, campaign, member=member, subject_org=subject_org, form=form, quota_error=exc, status=400
            )
        except ValidationError as exc:
            add_form_errors(form, exc)
        else:
            messages.success(request, _("Đã ghi: %(s)s.") % {"s": dict(Stage.choices)[kind].lower()})
            if member is not None:
                return redirect("evaluation:member", campaign_id=campaign.pk, member_id=member.pk)
            return redirect("evaluation:org", campaign_id=campaign.pk, org_id=subject_org.pk)
    return _subject_page(request, campaign, member=member, subject_org=subject_org, form=form, status=400)


@require_http_methods(["GET", "POST"])
def evaluate_member(request: AuthedRequest, campaign_id: int, member_id: int) -> HttpResponse:
    campaign = get_campaign_for_user(request.user, campaign_id)
    member = get_member_in_campaign(request.user, campaign, member_id)
    if request.method == "POST":
        return _post_step(request, campaign, member=member)
    return _subject_page(request, campaign, member=member)


@require_http_methods(["GET", "POST"])
def evaluate_org(request: AuthedRequest, campaign_id: int, org_id: int) -> HttpResponse:
    campaign = get_campaign_for_user(request.user, campaign_id)
    subject_org = get_subject_org_in_campaign(request.user, campaign, org_id)
    if request.method == "POST":
        return _post_step(request, campaign, subject_org=subject_org)
    return _subject_page(request, campaign, subject_org=subject_org)


@require_http_methods(["GET", "POST"])
@vary_on_headers("HX-Request")
def decide_batch(request: AuthedRequest, campaign_id: int) -> HttpResponse:
    """The committee's decision screen: every member awaiting a decision in its subtree, decided as proposed,
    with each TCCS's HTXSNV quota shown before and after — warned before it is exceeded."""
    campaign, org = _campaign_and_scope(request, campaign_id)
    may_decide = policy.subtree_q(request.user, policy.MANAGE_EVALUATIONS, field="base_organization__path")
    awaiting = list(
        Evaluation.objects.filter(campaign=campaign, stage=Stage.REVIEWED, member__isnull=False)
        .filter(subtree_filter(org.path, "organization__path"))
        .filter(may_decide)
        .select_related("member", "organization", "base_organization")
        .order_by("base_organization__path", "organization__path", "member__name_sort_key")[:300]
    )
    if not awaiting and not policy.user_has_permission_for_org(request.user, policy.MANAGE_EVALUATIONS, org):
        raise Http404
    form = BatchDecisionForm(request.POST or None, initial={"acted_on": timezone.localdate()})
    chosen_ids = (
        {int(x) for x in request.POST.getlist("evaluation") if x.isdigit()} if request.method == "POST" else None
    )
    chosen = [e for e in awaiting if chosen_ids is None or e.pk in chosen_ids]
    quota_error = None
    preview = bool(request.POST.get("preview"))
    if request.method == "POST" and not preview and form.is_valid():
        try:
            n = services.decide_as_proposed(
                campaign=campaign, evaluations=chosen, actor=Actor.from_request(request), **form.cleaned_data
            )
        except services.QuotaExceeded as exc:
            quota_error = exc
        except ValidationError as exc:
            add_form_errors(form, exc)
        else:
            messages.success(request, _("Đã quyết định xếp loại %(n)s đảng viên theo đề xuất.") % {"n": n})
            return redirect(f"{request.path}?org={org.pk}")
    projected = services.projected_quota(campaign, chosen) if campaign.quota_percent is not None else []
    context = {
        "campaign": campaign,
        "org": org,
        "awaiting": awaiting,
        "chosen_ids": {e.pk for e in chosen},
        "projected": projected,
        "over": [q for q in projected if q.exceeded],
        "form": form,
        "quota_error": quota_error,
    }
    if preview and request.htmx:  # ticking a box recomputes the quota table in place
        return render(request, "evaluation/decide_batch.html#quota", context)
    status = 400 if request.method == "POST" and not preview else 200
    return render(request, "evaluation/decide_batch.html", context, status=status)


@require_GET
def pending_xlsx(request: AuthedRequest, campaign_id: int) -> HttpResponseBase:
    """The "chưa đánh giá" list of a subtree as a workbook (members, their cell and the stage reached)."""
    from sotay.core.exports import export_response
    from sotay.lib.xlsx import Column, xlsx_bytes
    from sotay.orgs.actor import Actor

    campaign, org = _campaign_and_scope(request, campaign_id)
    stages = dict(Stage.choices)
    rows = (
        (m.full_name, m.organization.name, stages.get(m.evaluation_stage, _("Chưa tự đánh giá")))
        for m in selectors.pending_members(campaign, org).iterator(chunk_size=2000)
    )
    body = xlsx_bytes(
        columns=[Column(_("Họ và tên"), 30), Column(_("Chi bộ"), 40), Column(_("Đã đến bước"), 28)],
        rows=rows,
        sheet_title=_("Chưa đánh giá"),
        document_title=f"{campaign.title} — {org.name}",
    )
    return export_response(
        actor=Actor.from_request(request),
        kind="evaluation_pending",
        subject=org,
        filename=f"chua-danh-gia-{org.code}-{campaign.year}.xlsx",
        content=body,
        params={"campaign": campaign.pk},
    )
