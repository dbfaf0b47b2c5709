"""The member's own things: record, dues, evaluation results, invitations, check-in, announcements, documents,
notifications."""

from __future__ import annotations

import datetime as dt

from django.http import Http404
from django.utils import timezone
from ninja import Query, Router
from ninja.pagination import LimitOffsetPagination, paginate

from sotay.orgs.actor import Actor

from . import schemas as s

router = Router(tags=["member"])


def _org(org) -> dict:
    return {"id": org.pk, "name": org.name, "code": org.code or ""}


def member_out(member) -> dict:
    return {
        "id": member.pk,
        "full_name": member.full_name,
        "birth_on": member.birth_on,
        "gender": member.gender,
        "status": member.status,
        "status_label": str(member.get_status_display()),
        "organization": _org(member.organization),
        "joined_on": member.joined_on,
        "official_on": member.official_on,
    }


def _own_member(request):
    member = getattr(request.user, "member", None)
    if member is None:
        raise Http404
    return member


@router.get("/me", response=s.MemberOut, summary="Hồ sơ của tôi")
def me(request):
    return member_out(_own_member(request))


@router.get("/me/dues", response=list[s.DuesMonth], summary="Đảng phí của tôi theo tháng")
def my_dues(request, months: int = Query(12, ge=1, le=60)):
    from sotay.dues import ledger

    rows = ledger.history(_own_member(request), months=months)
    return [{"month": r.month, "due": r.due, "paid": r.paid, "balance": r.balance} for r in rows]


@router.get("/me/evaluations", response=list[s.EvaluationOut], summary="Kết quả đánh giá, xếp loại của tôi")
def my_evaluations(request):
    from sotay.evaluation.models import Evaluation

    rows = Evaluation.objects.filter(member=_own_member(request)).select_related("campaign").order_by("-pk")
    return [
        {
            "id": e.pk,
            "campaign": str(e.campaign),
            "year": getattr(e.campaign, "year", None),
            "stage": e.stage,
            "grade": e.grade or "",
            "score": float(e.score) if e.score is not None else None,
            "decided_on": e.decided_on,
        }
        for e in rows
    ]


@router.get("/invitations", response=list[s.InvitationOut], summary="Buổi sinh hoạt sắp tới tôi được mời")
def invitations(request):
    from sotay.meetings.models import Invitation, MeetingStatus
    from sotay.meetings.stats import member_meetings

    member = _own_member(request)
    now = timezone.now()
    upcoming = list(
        member_meetings(member)
        .filter(starts_at__gte=now - dt.timedelta(hours=6))
        .exclude(status=MeetingStatus.HELD)
        .select_related("organization")
        .order_by("starts_at")[:20]
    )
    answers = dict(
        Invitation.objects.filter(meeting__in=[m.pk for m in upcoming], member=member).values_list("meeting_id", "rsvp")
    )
    return [
        {
            "meeting_id": m.pk,
            "title": m.title or str(m),
            "organization": _org(m.organization),
            "starts_at": m.starts_at,
            "place": m.place,
            "status": m.status,
            "my_answer": answers.get(m.pk) or "",
            "checkin_open": bool(m.checkin_opened_at and not m.checkin_closed_at),
        }
        for m in upcoming
    ]


def _meeting(request, meeting_id: int):
    from sotay.meetings import access

    return access.get_meeting(request.user, meeting_id)


@router.post("/invitations/{meeting_id}/rsvp", response=s.Done, summary="Trả lời giấy mời")
def rsvp(request, meeting_id: int, payload: s.RsvpIn):
    from sotay.meetings import services

    services.respond(
        meeting=_meeting(request, meeting_id),
        member=_own_member(request),
        answer=payload.answer,
        actor=Actor.from_request(request),
    )
    return {"ok": True, "message": "Đã ghi nhận trả lời."}


@router.post("/invitations/{meeting_id}/absence", response=s.Done, summary="Xin vắng")
def absence(request, meeting_id: int, payload: s.AbsenceIn):
    from sotay.meetings import services

    services.request_absence(
        meeting=_meeting(request, meeting_id),
        member=_own_member(request),
        reason=payload.reason,
        actor=Actor.from_request(request),
    )
    return {"ok": True, "message": "Đã gửi đơn xin vắng."}


@router.post("/checkin", response=s.Done, summary="Điểm danh bằng mã QR của buổi sinh hoạt")
def checkin(request, payload: s.CheckinIn):
    from sotay.meetings import checkin as checkin_service

    checkin_service.check_in(
        token=payload.token,
        actor=Actor.from_request(request),
        latitude=payload.latitude,
        longitude=payload.longitude,
    )
    return {"ok": True, "message": "Đã điểm danh."}


@router.get("/announcements", response=list[s.AnnouncementOut], summary="Thông báo tới tôi")
@paginate(LimitOffsetPagination)
def announcements(request):
    from sotay.handbook.access import announcement_feed

    return [
        {
            "id": a.pk,
            "title": a.title,
            "body": a.body,
            "organization": _org(a.organization),
            "pinned": a.pinned,
            "published_at": a.published_at,
            "is_read": a.is_read,
        }
        for a in announcement_feed(request.user)[:500]
    ]


@router.post("/announcements/{announcement_id}/read", response=s.Done, summary="Đánh dấu đã đọc")
def announcement_read(request, announcement_id: int):
    from sotay.handbook.access import get_announcement_for_user
    from sotay.handbook.services import mark_announcement_read

    announcement = get_announcement_for_user(request.user, announcement_id)
    mark_announcement_read(announcement, actor=Actor.from_request(request))
    return {"ok": True, "message": ""}


@router.get("/documents/search", response=list[s.HitOut], summary="Tìm văn bản, hướng dẫn, thông báo")
def document_search(request, q: str = Query(..., min_length=1, max_length=200), limit: int = Query(20, ge=1, le=50)):
    from sotay.documents import search

    results = search.search(request.user, q, limit=limit)
    return [
        {
            "source": h.source,
            "object_id": h.object_id,
            "title": h.title,
            "url": h.url,
            "reference": h.reference,
            "snippet": str(h.snippet),
        }
        for h in results.hits
    ]


@router.get("/documents/{document_id}", response=s.DocumentOut, summary="Một văn bản")
def document_detail(request, document_id: int):
    from sotay.documents.access import get_document_for_user

    d = get_document_for_user(request.user, document_id)
    return {
        "id": d.pk,
        "reference": d.reference,
        "title": d.title,
        "issuer": d.issuer,
        "issued_on": d.issued_on,
        "status": d.status,
        "summary": d.summary,
    }


@router.get(
    "/documents/{document_id}/citations", response=list[s.CitationOut], summary="Những văn bản trích dẫn văn bản này"
)
def document_citations(request, document_id: int):
    from sotay.documents.access import get_document_for_user
    from sotay.documents.citing import cited_by

    document = get_document_for_user(request.user, document_id)
    return [
        {"kind": c["kind"], "label": c["label"], "title": c.get("title", ""), "url": c["url"]}
        for c in cited_by(document, request.user)
    ]


@router.get("/notifications", response=list[s.NotificationOut], summary="Thông báo trong ứng dụng")
@paginate(LimitOffsetPagination)
def notifications(request):
    return [
        {
            "id": n.pk,
            "kind": n.kind,
            "title": n.title,
            "body": n.body,
            "url": n.url,
            "created_at": n.created_at,
            "read": n.read_at is not None,
        }
        for n in request.user.notifications.order_by("-pk")[:500]
    ]
