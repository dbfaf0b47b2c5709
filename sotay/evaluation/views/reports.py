"""Roll-up statistics of grades for a subtree, year on year, on screen and as XLSX and PDF."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from sotay.core.exports import export_response
from sotay.lib.pdf import render_pdf
from sotay.lib.xlsx import Column, Group, xlsx_bytes
from sotay.orgs import policy
from sotay.orgs.access import org_for_list
from sotay.orgs.actor import Actor

from .. import selectors
from ..grading import GRADE_ORDER
from ..models import Grade, Subject

YEARS_SHOWN = 3


def _context(request: HttpRequest) -> dict:
    org = org_for_list(request.user, request.GET.get("org"), perm=policy.REVIEW_EVALUATIONS)
    try:
        year = int(request.GET.get("year") or timezone.localdate().year)
    except ValueError:
        year = timezone.localdate().year
    subject = Subject.ORGANIZATION if request.GET.get("subject") == "orgs" else Subject.MEMBER
    years = list(range(year - YEARS_SHOWN + 1, year + 1))
    rows = selectors.grade_rollup(org, years, subject=subject)
    labels = dict(Grade.choices)
    return {
        "org": org,
        "year": year,
        "years": years,
        "subject": subject,
        "rows": rows,
        "grades": [(g, labels[g]) for g in GRADE_ORDER],
        "flagged": list(selectors.two_years_not_completed(org, year)[:200]) if subject == Subject.MEMBER else [],
        "today": timezone.localdate(),
    }


def _title(ctx: dict) -> str:
    what = _("đảng viên") if ctx["subject"] == Subject.MEMBER else _("tổ chức đảng")
    return _("Kết quả xếp loại %(w)s — %(o)s — %(a)s–%(b)s") % {
        "w": what,
        "o": ctx["org"].name,
        "a": ctx["years"][0],
        "b": ctx["years"][-1],
    }


@require_GET
def statistics(request: HttpRequest) -> HttpResponse:
    ctx = _context(request)
    ctx["title"] = _title(ctx)
    return render(request, "evaluation/statistics.html", ctx)


@require_GET
def statistics_xlsx(request: HttpRequest) -> HttpResponseBase:
    ctx = _context(request)
    columns = [Column(_("Tổ chức"), 40), Column(_("Năm"), 8), Column(_("Tổng số"), 10)]
    groups = [Group("", 3)]
    for code, label in ctx["grades"]:
        columns += [Column(_("Số lượng"), 10), Column(_("Tỷ lệ (%)"), 10)]
        groups.append(Group(f"{code} — {label}", 2))
    data = []
    for row in ctx["rows"]:
        line = [row.label, row.year, row.total]
        for count, pct in row.cells():
            line += [count, float(pct)]
        data.append(line)
    body = xlsx_bytes(columns=columns, rows=data, groups=groups, sheet_title=_("Xếp loại"), document_title=_title(ctx))
    return _export(request, ctx, body, "xlsx", rows=len(data))


@require_GET
def statistics_pdf(request: HttpRequest) -> HttpResponseBase:
    ctx = _context(request)
    ctx["title"] = _title(ctx)
    body = render_pdf("evaluation/statistics_pdf.html", ctx)
    return _export(request, ctx, body, "pdf", rows=len(ctx["rows"]))


def _export(request: HttpRequest, ctx: dict, body: bytes, extension: str, *, rows: int) -> HttpResponseBase:
    return export_response(
        actor=Actor.from_request(request),
        kind="evaluation_statistics",
        subject=ctx["org"],
        filename=f"xep-loai-{ctx['org'].code}-{ctx['year']}.{extension}",
        content=body,
        rows=rows,
        params={"year": ctx["year"]},
    )


@require_GET
def year_progress(request: HttpRequest) -> HttpResponse:
    """How far each organisation under a subtree has come with the year's review (members decided / to grade)."""
    org = org_for_list(request.user, request.GET.get("org"), perm=policy.REVIEW_EVALUATIONS)
    try:
        year = int(request.GET.get("year") or timezone.localdate().year)
    except ValueError:
        year = timezone.localdate().year
    rows = selectors.year_progress(org, year)
    return render(request, "evaluation/year_progress.html", {"org": org, "year": year, "rows": rows})


@require_GET
def criteria(request: HttpRequest) -> HttpResponse:
    """The criteria sets, their maximum scores, the grade bands and the quota — read-only, for everyone."""
    from ..models import CriteriaSet, GradeQuota

    sets = CriteriaSet.objects.prefetch_related("criteria", "grade_bands").order_by("subject", "-effective_from")
    return render(
        request,
        "evaluation/criteria.html",
        {"sets": sets, "quotas": GradeQuota.objects.all(), "grade_labels": dict(Grade.choices)},
    )


@require_POST
def grade_preview(request: HttpRequest) -> HttpResponse:
    """The total and the grade the scores give, while the form is filled in (htmx; criteria are not secret)."""
    from decimal import Decimal, InvalidOperation

    from ..grading import Facts, compute_grade, explain
    from ..models import CriteriaSet

    cs = CriteriaSet.objects.filter(pk=request.POST.get("criteria_set") or 0, scored=True).first()
    if cs is None:
        return HttpResponse("")

    def number(name: str, default: str) -> Decimal:
        try:
            return Decimal((request.POST.get(name) or default).replace(",", "."))
        except InvalidOperation:
            return Decimal(default)

    total = sum((number(f"score_{c.pk}", "0") for c in cs.criteria.all()), Decimal(0))
    facts = Facts(
        score=total,
        tasks_done_percent=number("tasks_done_percent", "100"),
        tasks_late_percent=number("tasks_late_percent", "0"),
        tasks_above_percent=number("tasks_above_percent", "0"),
        collective_conditions_met=bool(request.POST.get("collective_conditions_met"))
        if cs.subject == "ORGANIZATION"
        else True,
    )
    bands = cs.bands()
    grade = compute_grade(facts, bands)
    better = [g for g in GRADE_ORDER if GRADE_ORDER.index(g) == GRADE_ORDER.index(grade) - 1]
    context = {
        "total": total,
        "grade": grade,
        "grade_label": dict(Grade.choices)[grade],
        "next_grade": better[0] if better else "",
        "missing": explain(facts, bands, better[0]) if better else [],
        "over": total > cs.max_total,
    }
    return render(request, "evaluation/subject.html#preview", {"preview": context})
