"""Meeting pages: a cell's meetings and schedule, one meeting (agenda, invitations, absence requests, attendance),
move and cancel, and check-in (the secretary's QR screen and the member's scan). Thin: services do the writing."""

from __future__ import annotations

import datetime as dt

import segno
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from sotay.accounts.http import AuthedRequest
from sotay.core.exports import file_response
from sotay.core.forms import add_form_errors
from sotay.members.models import Member
from sotay.orgs.access import get_org_for_user, org_for_list
from sotay.orgs.actor import Actor
from sotay.orgs.models import subtree_filter

from . import access, checkin, roster, services
from .forms import AgendaItemForm, MarkForm, MeetingForm, MoveForm, ReasonForm, ScheduleForm
from .minutes import get_minutes, open_items_for
from .models import AbsenceRequest, AbsenceStatus, AgendaItem, CellMeeting, MeetingSchedule, MeetingStatus
from .oversight import committee_above

PERM = access.PERM
LIST_PAGE = 20  # meetings per page of the list; "Xem thêm" brings the next ones in place


def _aware(day: dt.date, time: dt.time) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, time))


def _form_page(request, form, org, *, title: str, submit: str, meeting=None, multipart: bool = False) -> HttpResponse:
    """One form on a page of its own; 400 when it came back with errors."""
    context = {"form": form, "org": org, "meeting": meeting, "title": title, "submit": submit, "multipart": multipart}
    return render(request, "meetings/form.html", context, status=400 if form.errors else 200)


def _flash_error(request, exc: ValidationError) -> None:
    for message in exc.messages:
        messages.error(request, message)


@require_GET
def meeting_list(request: AuthedRequest) -> HttpResponse:
    org = org_for_list(request.user, request.GET.get("org"), perm=PERM)
    paginator = Paginator(
        access.managed_meetings(request.user)
        .filter(subtree_filter(org.path, "organization__path"))
        .select_related("organization")
        .order_by("-starts_at", "-pk"),
        LIST_PAGE,
    )
    page = paginator.get_page(request.GET.get("page"))
    if request.htmx and request.GET.get("page"):  # "Xem thêm": the next cards only
        return render(request, "meetings/list.html#items", {"org": org, "page": page})
    meetings = page
    schedule = MeetingSchedule.objects.filter(organization=org, is_active=True).first()
    today = timezone.localdate()
    context = {
        "org": org,
        "meetings": meetings,
        "page": page,
        "schedule": schedule,
        "this_month": today.replace(day=1),
        "has_this_month": schedule is not None
        and CellMeeting.objects.filter(schedule=schedule, month=today.replace(day=1)).exists(),
    }
    return render(request, "meetings/list.html", context)


@require_http_methods(["GET", "POST"])
def schedule_edit(request: AuthedRequest, org_id: int) -> HttpResponse:
    org = get_org_for_user(request.user, org_id, perm=PERM)
    current = MeetingSchedule.objects.filter(organization=org, is_active=True).first()
    form = ScheduleForm(request.POST or None, instance=None, initial=_schedule_initial(current))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.set_schedule(
                org=org,
                week=data["week"],
                weekday=data["weekday"],
                start_time=data["start_time"],
                place=data["place"],
                duration_minutes=data["duration_minutes"],
                actor=Actor.from_request(request),
            )
        except ValidationError as exc:
            add_form_errors(form, exc)
        else:
            messages.success(request, _("Đã lưu lịch sinh hoạt định kỳ."))
            return redirect(f"{reverse('meetings:list')}?org={org.pk}")
    return _form_page(request, form, org, title=_("Lịch sinh hoạt định kỳ"), submit=_("Lưu lịch"))


def _schedule_initial(schedule: MeetingSchedule | None) -> dict:
    if schedule is None:
        return {"week": 3, "weekday": 3, "start_time": dt.time(19, 30), "duration_minutes": 120}
    return {f: getattr(schedule, f) for f in ("week", "weekday", "start_time", "duration_minutes", "place")}


@require_POST
def generate_month(request: AuthedRequest, org_id: int) -> HttpResponse:
    org = get_org_for_user(request.user, org_id, perm=PERM)
    schedule = MeetingSchedule.objects.filter(organization=org, is_active=True).first()
    if schedule is None:
        raise Http404
    meeting = services.create_monthly_instance(schedule, timezone.localdate(), actor=Actor.from_request(request))
    if meeting is None:
        messages.error(request, _("Buổi sinh hoạt tháng này đã có."))
        return redirect(f"{reverse('meetings:list')}?org={org.pk}")
    messages.success(request, _("Đã tạo buổi sinh hoạt tháng này theo lịch định kỳ."))
    return redirect("meetings:detail", meeting.pk)


@require_http_methods(["GET", "POST"])
def meeting_create(request: AuthedRequest, org_id: int) -> HttpResponse:
    org = get_org_for_user(request.user, org_id, perm=PERM)
    form = MeetingForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            meeting = services.create_meeting(
                org=org,
                kind=data["kind"],
                starts_at=_aware(data["day"], data["time"]),
                place=data["place"],
                title=data["title"],
                actor=Actor.from_request(request),
            )
        except ValidationError as exc:
            add_form_errors(form, exc)
        else:
            messages.success(request, _("Đã tạo buổi sinh hoạt."))
            return redirect("meetings:detail", meeting.pk)
    return _form_page(request, form, org, title=_("Tạo buổi sinh hoạt"), submit=_("Tạo"))


@require_GET
def meeting_detail(request: AuthedRequest, meeting_id: int) -> HttpResponse:
    meeting = access.get_meeting(request.user, meeting_id)
    manage = access.may_manage(request.user, meeting)
    member = request.user.member if request.user.member_id else None
    context = {
        "meeting": meeting,
        "manage": manage,
        "agenda": list(meeting.agenda_items.all()),
        "minutes": get_minutes(meeting),
        "my_invitation": meeting.invitations.filter(member=member).first() if member else None,
        "my_absence": AbsenceRequest.objects.filter(meeting=meeting, member=member).first() if member else None,
        "my_attendance": meeting.attendances.filter(member=member).first() if member else None,
        "absence_form": ReasonForm(),
    }
    if manage:
        attendance = {a.member_id: a for a in meeting.attendances.all()}
        invitations = {i.member_id: i for i in meeting.invitations.filter(member__isnull=False)}
        members = list(roster.roll(meeting).vietnamese_order())
        guests = [a for a in meeting.attendances.filter(is_guest=True).select_related("member")]
        context.update(
            rows=[(m, invitations.get(m.pk), attendance.get(m.pk)) for m in members],
            guests=guests,
            requests=list(meeting.absence_requests.select_related("member").order_by("created_at")),
            summary=checkin.summary(meeting) if attendance else None,
            open_items=list(open_items_for(meeting)),
            mark_form=MarkForm(),
            checkin_window=checkin.window(meeting),
            checkin_now=checkin.in_window(meeting),
        )
    return render(request, "meetings/detail.html", context)


@require_http_methods(["GET", "POST"])
def meeting_move(request: AuthedRequest, meeting_id: int) -> HttpResponse:
    meeting = access.get_managed_meeting(request.user, meeting_id)
    local = timezone.localtime(meeting.starts_at)
    form = MoveForm(request.POST or None, initial={"day": local.date(), "time": local.time()})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.move_meeting(
                meeting=meeting,
                starts_at=_aware(data["day"], data["time"]),
                reason=data["reason"],
                place=data["place"],
                actor=Actor.from_request(request),
            )
        except ValidationError as exc:
            add_form_errors(form, exc)
        else:
            messages.success(request, _("Đã dời buổi sinh hoạt và báo cho người được mời."))
            return redirect("meetings:detail", meeting.pk)
    return _form_page(
        request, form, meeting.organization, title=_("Dời buổi sinh hoạt"), submit=_("Dời lịch"), meeting=meeting
    )


@require_http_methods(["GET", "POST"])
def meeting_cancel(request: AuthedRequest, meeting_id: int) -> HttpResponse:
    meeting = access.get_managed_meeting(request.user, meeting_id)
    form = ReasonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.cancel_meeting(
                meeting=meeting, reason=form.cleaned_data["reason"], actor=Actor.from_request(request)
            )
        except ValidationError as exc:
            add_form_errors(form, exc)
        else:
            messages.success(request, _("Đã hủy buổi sinh hoạt và báo cho người được mời."))
            return redirect("meetings:detail", meeting.pk)
    return _form_page(
        request,
        form,
        meeting.organization,
        title=_("Hủy buổi sinh hoạt"),
        submit=_("Hủy buổi sinh hoạt"),
        meeting=meeting,
    )


@require_POST
def send_invitations(request: AuthedRequest, meeting_id: int) -> HttpResponse:
    meeting = access.get_managed_meeting(request.user, meeting_id)
    try:
        guests = committee_above(meeting.organization) if request.POST.get("with_guests") else ()
        n = services.send_invitations(meeting=meeting, actor=Actor.from_request(request), guests=guests)
    except ValidationError as exc:
        _flash_error(request, exc)
    else:
        messages.success(request, _("Đã gửi %(n)d giấy mời.") % {"n": n})
    return redirect("meetings:detail", meeting.pk)


@require_POST
def rsvp(request: AuthedRequest, meeting_id: int) -> HttpResponse:
    meeting = access.get_meeting(request.user, meeting_id)
    if request.user.member is None:
        raise Http404
    try:
        services.respond(
            meeting=meeting,
            member=request.user.member,
            answer=request.POST.get("answer", ""),
            actor=Actor.from_request(request),
        )
    except ValidationError as exc:
        _flash_error(request, exc)
    else:
        messages.success(request, _("Đã ghi nhận trả lời của bạn."))
    return redirect("meetings:detail", meeting.pk)


@require_POST
def absence_request(request: AuthedRequest, meeting_id: int) -> HttpResponse:
    meeting = access.get_meeting(request.user, meeting_id)
    if request.user.member is None:
        raise Http404
    form = ReasonForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError(_("Hãy ghi lý do xin vắng."))
        services.request_absence(
            meeting=meeting,
            member=request.user.member,
            reason=form.cleaned_data["reason"],
            actor=Actor.from_request(request),
        )
    except ValidationError as exc:
        _flash_error(request, exc)
    else:
        messages.success(request, _("Đã gửi đơn xin vắng tới bí thư chi bộ."))
    return redirect("meetings:detail", meeting.pk)


@require_POST
def absence_decide(request: AuthedRequest, request_id: int) -> HttpResponse:
    req = access.get_absence_request(request.user, request_id)
    try:
        services.decide_absence(
            request=req,
            approve=request.POST.get("decision") == "approve",
            note=request.POST.get("note", ""),
            actor=Actor.from_request(request),
        )
    except ValidationError as exc:
        _flash_error(request, exc)
    else:
        messages.success(request, _("Đã xem xét đơn xin vắng của %(n)s.") % {"n": req.member.full_name})
    return redirect("meetings:detail", req.meeting_id)


# Agenda


@require_http_methods(["GET", "POST"])
def agenda_add(request: AuthedRequest, meeting_id: int) -> HttpResponse:
    meeting = access.get_managed_meeting(request.user, meeting_id)
    form = AgendaItemForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.add_agenda_item(
                meeting=meeting,
                title=data["title"],
                kind=data["kind"],
                presenter=data["presenter"],
                material_url=data["material_url"],
                material_file=data.get("material_file"),
                actor=Actor.from_request(request),
            )
        except ValidationError as exc:
            add_form_errors(form, exc)
        else:
            messages.success(request, _("Đã thêm nội dung vào chương trình."))
            return redirect("meetings:detail", meeting.pk)
    return _form_page(
        request,
        form,
        meeting.organization,
        title=_("Thêm nội dung chương trình"),
        submit=_("Thêm"),
        meeting=meeting,
        multipart=True,
    )


@require_http_methods(["GET", "POST"])
def agenda_edit(request: AuthedRequest, item_id: int) -> HttpResponse:
    item = access.get_agenda_item(request.user, item_id)
    form = AgendaItemForm(request.POST or None, request.FILES or None, instance=item)
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action in ("up", "down"):
                services.move_agenda_item(
                    item=item, step=-1 if action == "up" else 1, actor=Actor.from_request(request)
                )
                return redirect("meetings:detail", item.meeting_id)
            if action == "delete":
                services.remove_agenda_item(item=item, actor=Actor.from_request(request))
                messages.success(request, _("Đã bỏ nội dung khỏi chương trình."))
                return redirect("meetings:detail", item.meeting_id)
            if form.is_valid():
                data = {k: v for k, v in form.cleaned_data.items() if k != "material_file" or v}
                item.refresh_from_db()
                services.update_agenda_item(item=item, actor=Actor.from_request(request), **data)
                messages.success(request, _("Đã lưu nội dung chương trình."))
                if request.GET.get("from") == "minutes":  # notes taken while writing the minutes
                    return redirect(f"{reverse('meetings:minutes', args=[item.meeting_id])}#agenda-title")
                return redirect("meetings:detail", item.meeting_id)
        except ValidationError as exc:
            if action in ("up", "down", "delete"):
                _flash_error(request, exc)
                return redirect("meetings:detail", item.meeting_id)
            add_form_errors(form, exc)
    return _form_page(
        request,
        form,
        item.meeting.organization,
        title=_("Nội dung chương trình"),
        submit=_("Lưu"),
        meeting=item.meeting,
        multipart=True,
    )


@require_GET
def material(request: AuthedRequest, item_id: int) -> HttpResponseBase:
    """An uploaded agenda material, for whoever may see the meeting (uploads are not served as public media)."""
    item = AgendaItem.objects.filter(pk=item_id).select_related("meeting").first()
    if item is None or not item.material_file or not item.material_file.name:
        raise Http404
    access.get_meeting(request.user, item.meeting_id)
    return file_response(item.material_file.name.rsplit("/", 1)[-1], item.material_file.open("rb"))


# Check-in


def _qr_context(request, meeting: CellMeeting) -> dict:
    """The code is offered only while the session is open and the clock is inside the check-in window."""
    opens, closes = checkin.window(meeting)
    now = timezone.now()
    base = {"meeting": meeting, "opens": opens, "closes": closes, "in_window": opens <= now <= closes}
    base["too_early"] = now < opens
    if not meeting.checkin_is_open or not base["in_window"]:
        return base
    token = checkin.make_token(meeting)
    url = request.build_absolute_uri(reverse("meetings:scan", args=[token]))
    qr = segno.make(url, error="m")
    return {**base, "qr_url": url, "qr_svg": qr.svg_data_uri(scale=6, border=2)}


@require_http_methods(["GET", "POST"])
def checkin_screen(request: AuthedRequest, meeting_id: int) -> HttpResponse:
    meeting = access.get_managed_meeting(request.user, meeting_id)
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action == "open":
                lat, lon = _coords(request.POST)
                checkin.open_checkin(
                    meeting=meeting,
                    actor=Actor.from_request(request),
                    latitude=lat,
                    longitude=lon,
                    location_check=bool(request.POST.get("location_check")),
                )
                messages.success(request, _("Đã mở điểm danh: đưa mã QR cho đảng viên quét."))
            elif action == "close":
                checkin.close_checkin(meeting=meeting, actor=Actor.from_request(request))
                messages.success(request, _("Đã kết thúc điểm danh; mã QR không còn dùng được."))
                return redirect("meetings:detail", meeting.pk)
        except ValidationError as exc:
            _flash_error(request, exc)
        return redirect("meetings:checkin", meeting.pk)
    context = _qr_context(request, meeting)
    context["present"] = list(
        meeting.attendances.filter(status="PRESENT").select_related("member").order_by("checked_in_at")
    )
    if request.htmx:
        return render(request, "meetings/checkin.html#live", context)
    return render(request, "meetings/checkin.html", context)


def _coords(data) -> tuple[float | None, float | None]:
    try:
        lat, lon = float(data.get("latitude", "")), float(data.get("longitude", ""))
    except ValueError:
        return None, None
    if not (-90 <= lat <= 90 and -180 <= lon <= 180):
        return None, None
    return lat, lon


@require_http_methods(["GET", "POST"])
def scan(request: AuthedRequest, token: str) -> HttpResponse:
    """The URL in the QR code: the logged-in member confirms, with their location when the meeting asks for it."""
    if request.method == "POST":
        lat, lon = _coords(request.POST)
        try:
            attendance = checkin.check_in(token=token, actor=Actor.from_request(request), latitude=lat, longitude=lon)
        except ValidationError as exc:
            return render(request, "meetings/scan.html", {"refused": exc.messages[0], "token": token}, status=400)
        messages.success(
            request,
            _("Đã điểm danh: bạn có mặt lúc %(t)s.") % {"t": f"{timezone.localtime(attendance.checked_in_at):%H:%M}"},
        )
        return render(request, "meetings/scan.html", {"attendance": attendance, "meeting": attendance.meeting})
    try:
        data = checkin.read_token(token)
        meeting = CellMeeting.objects.select_related("organization").filter(pk=data.meeting_id).first()
        if meeting is None or meeting.checkin_nonce != data.nonce:
            raise checkin.CheckinRefused(
                _("Điểm danh của buổi sinh hoạt này đã đóng (hoặc chưa mở). Mã cũ không còn dùng được.")
            )
    except ValidationError as exc:
        return render(request, "meetings/scan.html", {"refused": exc.messages[0], "token": token}, status=400)
    return render(request, "meetings/scan.html", {"meeting": meeting, "token": token, "confirm": True})


@require_POST
def mark(request: AuthedRequest, meeting_id: int, member_id: int) -> HttpResponse:
    meeting = access.get_managed_meeting(request.user, meeting_id)
    # A member of the cell, or a guest already on the attendance list; anyone else is a 404.
    member = (
        Member.objects.filter(pk=member_id)
        .filter(Q(pk__in=roster.roll(meeting).values("pk")) | Q(attendances__meeting=meeting))
        .distinct()
        .first()
    )
    if member is None:
        raise Http404
    form = MarkForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Điểm danh không hợp lệ."))
        return redirect("meetings:detail", meeting.pk)
    data = form.cleaned_data
    try:
        checkin.mark(
            meeting=meeting,
            member=member,
            status=data["status"],
            late=data["late"],
            left_early=data["left_early"],
            note=data["note"],
            actor=Actor.from_request(request),
        )
    except ValidationError as exc:
        _flash_error(request, exc)
    else:
        messages.success(request, _("Đã ghi điểm danh của %(n)s.") % {"n": member.full_name})
    if request.htmx:
        return redirect("meetings:detail", meeting.pk)
    return redirect(f"{reverse('meetings:detail', args=[meeting.pk])}#attendance")


__all__ = ["AbsenceStatus", "MeetingStatus"]
