"""Congress pages: the committee's roll-up, one congress (steps, personnel plan, elections), one election (list,
surplus, counting by totals, results, further rounds, approval), the counting committee's ballot-by-ballot screen,
and the ballots and minutes as DOCX/PDF. Thin: services do the writing, access.py does the lookups."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from sotay.core import partydoc
from sotay.core.exports import export_response, file_response
from sotay.core.forms import error_messages
from sotay.orgs import policy
from sotay.orgs.access import get_org_for_user, org_for_list
from sotay.orgs.actor import Actor
from sotay.orgs.models import Organization

from . import access, documents, planning, polls, rollup, services, tally
from .forms import (
    ApproveForm,
    CandidateForm,
    CongressForm,
    CountsForm,
    ElectionForm,
    HandVoteForm,
    OpenCongressesForm,
    PlanForm,
    PlanStepAddForm,
    PlanStepForm,
    PollForm,
    StepForm,
)
from .models import CandidateSource, Method, Responsible

PERM = access.PERM


def _act(request, call, success: str) -> bool:
    """Run a service call; a refusal becomes a message (404 when the object is hidden from the actor)."""
    try:
        call(Actor.from_request(request))
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
        return False
    except policy.NotAllowed as refused:
        if refused.hidden:
            raise Http404 from refused
        messages.error(request, _("Bạn không có quyền làm việc này."))
        return False
    messages.success(request, success)
    return True


# -- roll-up -----------------------------------------------------------------------------------------------------


@require_GET
def index(request: HttpRequest) -> HttpResponse:
    org = org_for_list(request.user, request.GET.get("org"), perm=PERM)
    own = org.congresses.order_by("-created_at").first()
    if services.is_cell(org) and own is not None:
        return redirect("congresses:congress", congress_id=own.pk)  # a cell has no subtree to roll up
    return redirect("congresses:rollup", org_id=org.pk)


@require_GET
def rollup_page(request: HttpRequest, org_id: int) -> HttpResponse:
    org = get_org_for_user(request.user, org_id, perm=PERM)
    data = rollup.rollup(org, request.GET.get("term", ""))
    own = org.congresses.filter(term_label=data.term).first() if data.term else org.congresses.first()
    ancestors = [a for a in org.get_ancestors() if policy.user_has_permission_for_org(request.user, PERM, a)]
    context = {
        "org": org,
        "data": data,
        "own": own,
        "ancestors": ancestors,
        "may_plan": policy.user_has_permission_for_org(request.user, policy.APPROVE_ELECTIONS, org),
    }
    return render(request, "congresses/rollup.html", context)


@require_GET
def rollup_export(request: HttpRequest, org_id: int) -> HttpResponseBase:
    org = get_org_for_user(request.user, org_id, perm=PERM)
    data = rollup.rollup(org, request.GET.get("term", ""))
    content, rows = rollup.rollup_xlsx(data)
    return export_response(
        actor=Actor.from_request(request),
        kind="congresses.rollup",
        subject=org,
        filename=f"tien-do-dai-hoi-{org.code}.xlsx",
        content=content,
        rows=rows,
    )


# -- plans -------------------------------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def plans(request: HttpRequest, org_id: int) -> HttpResponse:
    org = get_org_for_user(request.user, org_id, perm=policy.APPROVE_ELECTIONS)
    form = PlanForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        from sotay.orgs.models import CELL_KINDS

        d = form.cleaned_data
        made = {}

        def call(actor):
            made["p"] = services.issue_plan(
                actor=actor,
                organization=org,
                title=d["title"],
                term_label=d["term_label"],
                target_kinds=sorted(CELL_KINDS) if d["cells_only"] else [],
                delegates_from=d["delegates_from"] or 300,
            )

        if _act(request, call, _("Đã ban hành kế hoạch với các bước mặc định.")):
            return redirect("congresses:plan", plan_id=made["p"].pk)
    return render(request, "congresses/plans.html", {"org": org, "form": form, "plans": org.congress_plans.all()})


@require_GET
def plan_detail(request: HttpRequest, plan_id: int) -> HttpResponse:
    plan = access.get_plan(request.user, plan_id)
    steps = [
        (
            step,
            PlanStepForm(
                initial={
                    "title": step.title,
                    "offset_days": step.offset_days,
                    "fixed_due_on": step.fixed_due_on,
                    "produces": step.produces,
                },
                prefix=f"p{step.pk}",
            ),
        )
        for step in plan.steps.all()
    ]
    context = {
        "plan": plan,
        "org": plan.organization,
        "steps": steps,
        "open_form": OpenCongressesForm(),
        "add_form": PlanStepAddForm(prefix="new"),
    }
    return render(request, "congresses/plan.html", context)


def _form_errors(request, form) -> None:
    for field, errors in form.errors.items():
        for message in errors:
            messages.error(request, f"{form.fields[field].label}: {message}" if field in form.fields else message)


@require_POST
def plan_step_add(request: HttpRequest, plan_id: int) -> HttpResponse:
    plan = access.get_plan(request.user, plan_id)
    form = PlanStepAddForm(request.POST, prefix="new")
    if form.is_valid():
        _act(
            request,
            lambda actor: planning.add_plan_step(actor=actor, plan=plan, **form.cleaned_data),
            _("Đã thêm bước %(code)s vào kế hoạch.") % {"code": form.cleaned_data["code"].upper()},
        )
    else:
        _form_errors(request, form)
    return redirect("congresses:plan", plan_id=plan.pk)


@require_POST
def plan_step_remove(request: HttpRequest, plan_step_id: int) -> HttpResponse:
    step = access.get_plan_step(request.user, plan_step_id)
    plan_id = step.plan_id
    _act(
        request,
        lambda actor: planning.remove_plan_step(actor=actor, step=step),
        _("Đã bỏ bước %(code)s khỏi kế hoạch.") % {"code": step.code},
    )
    return redirect("congresses:plan", plan_id=plan_id)


@require_POST
def plan_step_move(request: HttpRequest, plan_step_id: int) -> HttpResponse:
    step = access.get_plan_step(request.user, plan_step_id)
    _act(
        request,
        lambda actor: planning.move_plan_step(actor=actor, step=step, up=request.POST.get("direction") == "up"),
        _("Đã chuyển bước %(code)s.") % {"code": step.code},
    )
    return redirect(reverse("congresses:plan", args=[step.plan_id]) + f"#plan-step-{step.pk}")


@require_POST
def plan_step_update(request: HttpRequest, plan_step_id: int) -> HttpResponse:
    step = access.get_plan_step(request.user, plan_step_id)
    form = PlanStepForm(request.POST, prefix=f"p{step.pk}")
    if form.is_valid():
        _act(
            request,
            lambda actor: services.update_plan_step(actor=actor, step=step, **form.cleaned_data),
            _("Đã sửa bước %(code)s.") % {"code": step.code},
        )
    else:
        messages.error(request, _("Kiểm tra lại các ô đã nhập."))
    return redirect("congresses:plan", plan_id=step.plan_id)


@require_POST
def plan_open(request: HttpRequest, plan_id: int) -> HttpResponse:
    plan = access.get_plan(request.user, plan_id)
    form = OpenCongressesForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Ngày không hợp lệ."))
        return redirect("congresses:plan", plan_id=plan.pk)
    opened = {}

    def call(actor):
        opened["n"] = services.open_congresses_for_plan(
            actor=actor, plan=plan, planned_on=form.cleaned_data["planned_on"]
        )

    if _act(request, call, _("Đã mở đại hội cho các tổ chức theo kế hoạch.")):
        messages.info(request, _("Số đại hội mới: %(n)d.") % {"n": opened["n"]})
    return redirect("congresses:rollup", org_id=plan.organization_id)


# -- one congress ------------------------------------------------------------------------------------------------


@require_GET
def congress_detail(request: HttpRequest, congress_id: int) -> HttpResponse:
    congress = access.get_congress(request.user, congress_id)
    progress = list(congress.progress.select_related("step"))
    parent = Organization.objects.get_parent(congress.organization)
    superior = parent is not None and policy.user_has_permission_for_org(request.user, policy.APPROVE_ELECTIONS, parent)
    # Back to the roll-up the congress belongs in: the parent's, when the user may see it.
    sees_parent = parent is not None and policy.user_has_permission_for_org(request.user, PERM, parent)
    rows = [
        {
            "p": p,
            "late": p.is_late(),
            "editable": p.step.responsible != Responsible.SUPERIOR or superior,
            "form": StepForm(initial={"status": p.status, "done_on": p.done_on, "note": p.note}, prefix=f"s{p.pk}"),
        }
        for p in progress
    ]
    context = {
        "congress": congress,
        "org": congress.organization,
        "rollup_org": parent if sees_parent else congress.organization,
        "rows": rows,
        "personnel": rollup.personnel(congress),
        "elections": congress.elections.exclude(method=Method.POLL),
        "polls": congress.elections.filter(method=Method.POLL),
        "poll_form": PollForm(
            prefix="poll",
            initial={"summoned": congress.summoned, "present": congress.summoned, "held_on": congress.date},
        ),
        "hand_votes": congress.hand_votes.all(),
        "election_form": ElectionForm(
            initial={"summoned": congress.summoned, "present": congress.summoned, "held_on": congress.date}
        ),
        "hand_form": HandVoteForm(),
        "congress_form": CongressForm.for_congress(congress),
    }
    return render(request, "congresses/congress.html", context)


@require_POST
def congress_update(request: HttpRequest, congress_id: int) -> HttpResponse:
    congress = access.get_congress(request.user, congress_id)
    form = CongressForm(request.POST, prefix="c")
    if not form.is_valid():
        _form_errors(request, form)
        return redirect("congresses:congress", congress_id=congress.pk)
    _act(
        request,
        lambda actor: services.update_congress(actor=actor, congress=congress, **form.service_fields()),
        _("Đã lưu thông tin đại hội."),
    )
    return redirect("congresses:congress", congress_id=congress.pk)


@require_POST
def step_update(request: HttpRequest, progress_id: int) -> HttpResponse:
    progress = access.get_progress(request.user, progress_id)
    form = StepForm(request.POST, request.FILES, prefix=f"s{progress.pk}")
    if not form.is_valid():
        for message in error_messages(form):
            messages.error(request, message)
        return redirect("congresses:congress", congress_id=progress.congress_id)
    upload = form.cleaned_data["document"]
    _act(
        request,
        lambda actor: services.record_step(
            actor=actor,
            progress=progress,
            status=form.cleaned_data["status"],
            done_on=form.cleaned_data["done_on"],
            note=form.cleaned_data["note"],
            file_name=upload.name if upload else "",
            file_data=upload.read() if upload else None,
        ),
        _("Đã cập nhật bước %(code)s.") % {"code": progress.step.code},
    )
    return redirect("congresses:congress", congress_id=progress.congress_id)


@require_GET
def step_document(request: HttpRequest, progress_id: int) -> HttpResponseBase:
    progress = access.get_progress(request.user, progress_id)
    if not progress.document:
        raise Http404
    return file_response(progress.document_name, progress.document.open("rb"))


@require_POST
def hand_vote_add(request: HttpRequest, congress_id: int) -> HttpResponse:
    congress = access.get_congress(request.user, congress_id)
    form = HandVoteForm(request.POST)
    if form.is_valid():
        _act(
            request,
            lambda actor: services.record_hand_vote(actor=actor, congress=congress, **form.cleaned_data),
            _("Đã ghi kết quả biểu quyết."),
        )
    else:
        messages.error(request, _("Kiểm tra lại các ô đã nhập."))
    return redirect("congresses:congress", congress_id=congress.pk)


@require_POST
def election_create(request: HttpRequest, congress_id: int) -> HttpResponse:
    congress = access.get_congress(request.user, congress_id)
    form = ElectionForm(request.POST)
    if not form.is_valid():
        _form_errors(request, form)
        return redirect("congresses:congress", congress_id=congress.pk)
    d = form.cleaned_data
    created = {}

    def call(actor):
        created["e"] = services.create_election(
            actor=actor,
            organization=congress.organization,
            congress=congress,
            body=d["body"],
            method=d["method"],
            seats=d["seats"],
            held_on=d["held_on"],
            summoned=d["summoned"],
            excluded={k: d[k] for k in ("temporary_transfer", "exempt_absent", "suspended", "absent_approved")},
            present=d["present"],
            counting_committee=d["counting_committee"].splitlines(),
        )

    if _act(request, call, _("Đã tạo cuộc bầu cử.")):
        return redirect("congresses:election", election_id=created["e"].pk)
    return redirect("congresses:congress", congress_id=congress.pk)


# -- one election ------------------------------------------------------------------------------------------------


@require_GET
def election_detail(request: HttpRequest, election_id: int) -> HttpResponse:
    election = access.get_election(request.user, election_id)
    if polls.is_poll(election):
        return redirect("congresses:poll", election_id=election.pk)
    rounds = []
    for r in election.rounds.order_by("number"):
        candidates = list(r.candidates.all())
        rounds.append(
            {
                "round": r,
                "candidates": candidates,
                "base": r.base(),
                "findings": services.surplus_findings(r),
                "ballots": r.ballots.count(),
                "result": r.result,
                "votes": tally.ordered_votes(r.result or {}),
            }
        )
    current = rounds[-1] if rounds else None
    elected = services.elected_so_far(election)
    context = {
        "election": election,
        "org": election.organization,
        "rounds": rounds,
        "current": current,
        "elected": elected,
        "seats_left": election.seats - len(elected),
        "candidate_form": CandidateForm(initial={"source": CandidateSource.LIST}),
        "counts_form": CountsForm(),
        "approve_form": ApproveForm(initial={"term_starts_on": election.held_on}),
        "may_approve": access.may_approve(request.user, election),
    }
    return render(request, "congresses/election.html", context)


@require_POST
def candidate_add(request: HttpRequest, round_id: int) -> HttpResponse:
    round_ = access.get_round(request.user, round_id)
    form = CandidateForm(request.POST)
    if form.is_valid():
        d = form.cleaned_data
        _act(
            request,
            lambda actor: services.add_candidate(
                actor=actor, round_=round_, full_name=d["full_name"], source=d["source"], approvals=d["approvals"]
            ),
            _("Đã thêm %(n)s vào danh sách.") % {"n": d["full_name"]},
        )
    else:
        messages.error(request, _("Cần ghi họ và tên người ứng cử."))
    return redirect("congresses:election", election_id=round_.election_id)


@require_POST
def candidate_remove(request: HttpRequest, candidate_id: int) -> HttpResponse:
    candidate = access.get_candidate(request.user, candidate_id)
    election_id = candidate.round.election_id
    _act(
        request,
        lambda actor: services.remove_candidate(actor=actor, candidate=candidate),
        _("Đã bỏ %(n)s khỏi danh sách.") % {"n": candidate.full_name},
    )
    return redirect("congresses:election", election_id=election_id)


def _counted_message(round_) -> str:
    if polls.is_poll(round_.election):
        return _("Đã kiểm phiếu giới thiệu và tính tỷ lệ.")
    return _("Đã kiểm phiếu xong lần bầu thứ %(n)d.") % {"n": round_.number}


@require_POST
def totals(request: HttpRequest, round_id: int) -> HttpResponse:
    round_ = access.get_round(request.user, round_id)
    form = CountsForm(request.POST)
    votes = {}
    for c in round_.candidates.all():
        raw = request.POST.get(f"votes_{c.pk}", "").strip() or "0"
        try:
            votes[c.pk] = int(raw)
        except ValueError:
            messages.error(request, _("Số phiếu của %(n)s phải là số.") % {"n": c.full_name})
            return redirect("congresses:election", election_id=round_.election_id)
    if not form.is_valid():
        messages.error(request, _("Ghi đủ số phiếu phát ra, thu vào, hợp lệ và không hợp lệ."))
        return redirect("congresses:election", election_id=round_.election_id)
    _act(
        request,
        lambda actor: services.record_totals(actor=actor, round_=round_, votes=votes, **form.cleaned_data),
        _counted_message(round_),
    )
    return redirect("congresses:election", election_id=round_.election_id)


@require_POST
def next_round(request: HttpRequest, election_id: int) -> HttpResponse:
    election = access.get_election(request.user, election_id)
    names = [n for n in request.POST.get("names", "").splitlines() if n.strip()]
    _act(
        request,
        lambda actor: services.open_next_round(actor=actor, election=election, names=names),
        _("Đã mở lần bầu tiếp theo."),
    )
    return redirect("congresses:election", election_id=election.pk)


@require_POST
def approve(request: HttpRequest, election_id: int) -> HttpResponse:
    election = access.get_election(request.user, election_id)
    form = ApproveForm(request.POST)
    if not form.is_valid():
        for message in error_messages(form):
            messages.error(request, message)
        return redirect("congresses:election", election_id=election.pk)
    _act(
        request,
        lambda actor: services.approve_election(actor=actor, election=election, **form.cleaned_data),
        _("Đã ghi quyết định chuẩn y và giao vai trò cho cấp ủy mới."),
    )
    return redirect("congresses:election", election_id=election.pk)


# -- ballot by ballot (the counting committee's laptop) ---------------------------------------------------------


@require_http_methods(["GET", "POST"])
def ballots(request: HttpRequest, round_id: int) -> HttpResponse:
    round_ = access.get_round(request.user, round_id)
    candidates = list(round_.candidates.all())
    if request.method == "POST":
        if request.POST.get("action") == "close":
            try:
                issued = int(request.POST.get("issued", ""))
            except ValueError:
                messages.error(request, _("Ghi số phiếu đã phát ra."))
                return redirect("congresses:ballots", round_id=round_.pk)
            if _act(
                request,
                lambda actor: services.close_ballot_count(actor=actor, round_=round_, issued=issued),
                _counted_message(round_),
            ):
                return redirect("congresses:election", election_id=round_.election_id)
            return redirect("congresses:ballots", round_id=round_.pk)
        try:
            kept = [int(x) for x in request.POST.getlist("kept")]
        except ValueError:
            raise Http404 from None
        issued_flag = request.POST.get("not_issued") != "1"
        entered = {}

        def call(actor):
            entered["b"] = services.enter_ballot(actor=actor, round_=round_, kept_ids=kept, issued=issued_flag)

        try:
            call(Actor.from_request(request))
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(request, message)
        except policy.NotAllowed as refused:
            if refused.hidden:
                raise Http404 from refused
            messages.error(request, _("Bạn không có quyền làm việc này."))
        else:
            b = entered["b"]
            if b.valid:
                messages.success(request, _("Phiếu số %(n)d: hợp lệ.") % {"n": b.number})
            else:
                messages.error(request, _("Phiếu số %(n)d: không hợp lệ — %(r)s.") % {"n": b.number, "r": b.reason})
        return redirect("congresses:ballots", round_id=round_.pk)
    entries = list(round_.ballots.prefetch_related("kept").order_by("-number"))
    running = {c.pk: 0 for c in candidates}
    for e in entries:
        if e.valid:
            for c in e.kept.all():
                running[c.pk] += 1
    base = round_.base()
    context = {
        "round": round_,
        "election": round_.election,
        "org": round_.election.organization,
        "candidates": [(c, running[c.pk]) for c in candidates],
        "entries": entries,
        "valid": sum(e.valid for e in entries),
        "invalid": sum(not e.valid for e in entries),
        "base": base,
    }
    return render(request, "congresses/ballots.html", context)


@require_POST
def ballot_delete(request: HttpRequest, ballot_id: int) -> HttpResponse:
    entry = access.get_ballot(request.user, ballot_id)
    round_id = entry.round_id
    _act(
        request,
        lambda actor: services.delete_ballot(actor=actor, entry=entry),
        _("Đã xóa phiếu số %(n)d.") % {"n": entry.number},
    )
    return redirect("congresses:ballots", round_id=round_id)


# -- documents ---------------------------------------------------------------------------------------------------


@require_GET
def round_document(request: HttpRequest, round_id: int, which: str, fmt: str) -> HttpResponseBase:
    round_ = access.get_round(request.user, round_id)
    if fmt not in ("docx", "pdf"):
        raise Http404
    if which == "ballot":
        sheet = documents.ballot_sheet(round_)
        content = documents.ballot_docx(sheet) if fmt == "docx" else documents.ballot_pdf(sheet)
        filename = sheet.filename(fmt)
    elif which == "minutes":
        if not round_.is_counted:
            raise Http404
        poll = polls.is_poll(round_.election)
        doc = polls.poll_minutes(round_) if poll else documents.minutes_document(round_)
        content = partydoc.render_docx(doc) if fmt == "docx" else partydoc.render_pdf(doc)
        filename = doc.filename(fmt)
    else:
        raise Http404
    return export_response(
        actor=Actor.from_request(request),
        kind=f"congresses.{which}",
        subject=round_.election,
        filename=filename,
        content=content,
    )


# -- opinion polls (lấy phiếu giới thiệu) ------------------------------------------------------------------------


@require_POST
def poll_create(request: HttpRequest, congress_id: int) -> HttpResponse:
    congress = access.get_congress(request.user, congress_id)
    form = PollForm(request.POST, prefix="poll")
    if not form.is_valid():
        _form_errors(request, form)
        return redirect("congresses:congress", congress_id=congress.pk)
    d = form.cleaned_data
    created = {}

    def call(actor):
        created["p"] = polls.create_poll(
            actor=actor,
            congress=congress,
            body=d["body"],
            seats=d["seats"],
            held_on=d["held_on"],
            summoned=d["summoned"],
            present=d["present"],
            counting_committee=d["counting_committee"].splitlines(),
        )

    if _act(request, call, _("Đã tạo đợt lấy phiếu giới thiệu.")):
        return redirect("congresses:poll", election_id=created["p"].pk)
    return redirect("congresses:congress", congress_id=congress.pk)


@require_GET
def poll_detail(request: HttpRequest, election_id: int) -> HttpResponse:
    election = access.get_election(request.user, election_id)
    if not polls.is_poll(election):
        raise Http404
    round_ = election.rounds.order_by("number").first()
    if round_ is None:
        raise Http404
    context = {
        "election": election,
        "org": election.organization,
        "round": round_,
        "candidates": list(round_.candidates.all()),
        "ballots": round_.ballots.count(),
        "rows": polls.poll_rows(round_) if round_.is_counted else [],
        "counts_form": CountsForm(),
    }
    return render(request, "congresses/poll.html", context)
