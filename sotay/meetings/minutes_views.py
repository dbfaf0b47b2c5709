"""The minutes page (biên bản, votes, resolution, tasks, self-score), finalise/reopen, and the DOCX/PDF files."""

from __future__ import annotations

from typing import cast

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.forms import Form
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from sotay.core import partydoc
from sotay.core.exports import export_response
from sotay.core.forms import add_form_errors
from sotay.orgs.actor import Actor

from . import access, checkin, documents, roster
from . import minutes as svc
from .forms import ActionItemForm, MinutesForm, ReasonForm, ResolutionForm, ReviewForm, ScoreForm, VoteForm
from .models import MeetingResolution, ScoreCriterion


def _members(meeting):
    return roster.roll(meeting).vietnamese_order()


def _context(meeting, **forms) -> dict:
    minutes = svc.get_minutes(meeting)
    resolution = MeetingResolution.objects.filter(meeting=meeting).first()
    criteria = list(ScoreCriterion.objects.filter(is_active=True))
    scores = {s.criterion_id: s.points for s in meeting.scores.all()}
    members = _members(meeting)
    eligible, present = (None, None)
    if meeting.attendances.exists():
        s = checkin.summary(meeting)
        eligible, present = s.voting_base, s.voting_present
    total, maximum = svc.score_total(meeting)
    return {
        "meeting": meeting,
        "minutes": minutes,
        "summary_lines": documents.attendance_paragraphs(meeting),
        "agenda": list(meeting.agenda_items.all()),
        "votes": list(meeting.votes.all()),
        "resolution": resolution,
        "action_items": list(meeting.action_items.select_related("owner")),
        "open_items": [(t, ReviewForm(prefix=f"t{t.pk}")) for t in svc.open_items_for(meeting)],
        "eligible": eligible,
        "present": present,
        "score_total": total,
        "score_max": maximum,
        "minutes_form": forms.get("minutes_form")
        or MinutesForm(
            members=members,
            initial={
                "chair": meeting.chair_id,
                "recorder": meeting.recorder_id,
                "opening": minutes.opening,
                "conclusions": minutes.conclusions,
                "place_name": minutes.place_name,
                "ended_at": minutes.ended_at,
            },
        ),
        "vote_form": forms.get("vote_form") or VoteForm(),
        "resolution_form": forms.get("resolution_form")
        or ResolutionForm(initial={"title": resolution.title, "body": resolution.body} if resolution else None),
        "action_form": forms.get("action_form") or ActionItemForm(members=members),
        "score_form": forms.get("score_form") or ScoreForm(criteria=criteria, initial_points=scores),
        "reopen_form": forms.get("reopen_form") or ReasonForm(),
    }


@require_http_methods(["GET", "POST"])
def minutes_page(request: HttpRequest, meeting_id: int) -> HttpResponse:
    meeting = access.get_managed_meeting(request.user, meeting_id)
    if request.method == "GET":
        return render(request, "meetings/minutes.html", _context(meeting))
    part = request.POST.get("part")
    forms: dict = {}
    members = _members(meeting)
    form: Form
    try:
        if part == "minutes":
            form = forms["minutes_form"] = MinutesForm(request.POST, members=members)
            if form.is_valid():
                d = form.cleaned_data
                svc.save_minutes(
                    meeting=meeting,
                    chair=d["chair"],
                    recorder=d["recorder"],
                    opening=d["opening"],
                    conclusions=d["conclusions"],
                    place_name=d["place_name"],
                    ended_at=d["ended_at"],
                    actor=Actor.from_request(request),
                )
                messages.success(request, _("Đã lưu biên bản."))
                return redirect("meetings:minutes", meeting.pk)
        elif part == "vote":
            form = forms["vote_form"] = VoteForm(request.POST)
            if form.is_valid():
                vote = svc.record_vote(meeting=meeting, actor=Actor.from_request(request), **form.cleaned_data)
                if not vote.quorum_met:
                    messages.error(
                        request,
                        _(
                            "Đã ghi biểu quyết, nhưng số đảng viên chính thức có mặt (%(p)d/%(e)d) "
                            "không đủ theo quy định."
                        )
                        % {"p": vote.present, "e": vote.eligible},
                    )
                else:
                    messages.success(request, _("Đã ghi biểu quyết."))
                return redirect("meetings:minutes", meeting.pk)
        elif part == "resolution":
            form = forms["resolution_form"] = ResolutionForm(request.POST)
            if form.is_valid():
                svc.save_resolution(meeting=meeting, actor=Actor.from_request(request), **form.cleaned_data)
                messages.success(request, _("Đã lưu nghị quyết."))
                return redirect("meetings:minutes", meeting.pk)
        elif part == "action":
            form = forms["action_form"] = ActionItemForm(request.POST, members=members)
            if form.is_valid():
                svc.add_action_item(meeting=meeting, actor=Actor.from_request(request), **form.cleaned_data)
                messages.success(request, _("Đã thêm nhiệm vụ."))
                return redirect("meetings:minutes", meeting.pk)
        elif part == "score":
            criteria = list(ScoreCriterion.objects.filter(is_active=True))
            form = forms["score_form"] = ScoreForm(request.POST, criteria=criteria)
            if form.is_valid():
                svc.save_scores(
                    meeting=meeting, points=cast(ScoreForm, form).points(), actor=Actor.from_request(request)
                )
                messages.success(request, _("Đã lưu điểm tự chấm."))
                return redirect("meetings:minutes", meeting.pk)
        elif part == "finalise":
            svc.finalise_minutes(meeting=meeting, actor=Actor.from_request(request))
            messages.success(request, _("Biên bản đã hoàn tất và được khóa."))
            return redirect("meetings:minutes", meeting.pk)
        elif part == "reopen":
            form = forms["reopen_form"] = ReasonForm(request.POST)
            if form.is_valid():
                svc.reopen_minutes(
                    meeting=meeting, reason=form.cleaned_data["reason"], actor=Actor.from_request(request)
                )
                messages.success(request, _("Đã mở lại biên bản; việc mở lại đã được ghi vào nhật ký."))
                return redirect("meetings:minutes", meeting.pk)
        else:
            raise Http404
    except ValidationError as exc:
        if f"{part}_form" in forms:
            add_form_errors(forms[f"{part}_form"], exc)
        else:
            for message in exc.messages:
                messages.error(request, message)
            return redirect("meetings:minutes", meeting.pk)
    return render(request, "meetings/minutes.html", _context(meeting, **{k: v for k, v in forms.items()}), status=400)


@require_POST
def review_item(request: HttpRequest, meeting_id: int, item_id: int) -> HttpResponse:
    meeting = access.get_managed_meeting(request.user, meeting_id)
    item = access.get_action_item(request.user, item_id)
    form = ReviewForm(request.POST, prefix=f"t{item.pk}")
    if form.is_valid():
        try:
            svc.review_action_item(
                item=item,
                at_meeting=meeting,
                done_on=form.cleaned_data["done_on"],
                note=form.cleaned_data["note"],
                actor=Actor.from_request(request),
            )
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(request, message)
        else:
            messages.success(request, _("Đã ghi kết quả kiểm điểm nhiệm vụ."))
    else:
        messages.error(request, _("Ngày hoàn thành không hợp lệ (dd/mm/yyyy)."))
    return redirect("meetings:minutes", meeting.pk)


@require_GET
def document_file(request: HttpRequest, meeting_id: int, which: str, fmt: str) -> HttpResponseBase:
    meeting = access.get_managed_meeting(request.user, meeting_id)
    if which == "minutes":
        doc = documents.minutes_document(meeting)
    elif which == "resolution":
        doc = documents.resolution_document(meeting)
    elif which == "invitation":
        doc = documents.invitation_document(meeting)
    else:
        raise Http404
    if fmt == "docx":
        data = partydoc.render_docx(doc)
    elif fmt == "pdf":
        data = partydoc.render_pdf(doc)
    else:
        raise Http404
    return export_response(
        actor=Actor.from_request(request),
        kind=f"meeting_{which}",
        subject=meeting,
        filename=doc.filename(fmt),
        content=data,
        params={"document": which},
    )
