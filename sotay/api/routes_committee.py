"""For committees: members of a subtree, a member's record (audited), the organisation tree, statistics, meetings
and attendance, admission cases, import batches."""

from __future__ import annotations

import datetime as dt

from django.http import QueryDict
from ninja import Query, Router
from ninja.pagination import LimitOffsetPagination, paginate

from sotay.orgs import policy
from sotay.orgs.access import get_org_for_user
from sotay.orgs.actor import Actor
from sotay.orgs.models import parent_path

from . import schemas as s
from .routes_member import _org, member_out

router = Router(tags=["committee"])


@router.get("/orgs/{org_id}/members", response=list[s.MemberOut], summary="Đảng viên của một tổ chức và cấp dưới")
@paginate(LimitOffsetPagination)
def org_members(
    request,
    org_id: int,
    q: str = Query("", max_length=100),
    status: str = Query("", max_length=20),
    gender: str = Query("", max_length=2),
):
    from sotay.members.filters import filtered_members

    org = get_org_for_user(request.user, org_id, perm=policy.VIEW_MEMBERS)
    params = QueryDict(mutable=True)
    params.update({"org": str(org.pk), "q": q, "status": status, "gender": gender})
    form, _found, members = filtered_members(request.user, params)
    if not form.is_valid():
        from django.core.exceptions import ValidationError

        raise ValidationError({f: [str(m) for m in ms] for f, ms in form.errors.items()})
    return [member_out(m) for m in members[:5000]]


@router.get("/members/{member_id}", response=s.MemberDetail, summary="Hồ sơ một đảng viên (ghi nhật ký)")
def member_detail(request, member_id: int):
    from sotay.members.access import get_member_for_user
    from sotay.members.services import record_profile_view

    member = get_member_for_user(request.user, member_id)
    record_profile_view(member=member, actor=Actor.from_request(request), page="api")
    out = member_out(member)
    out.update(
        {
            "ethnicity": member.ethnicity or "",
            "religion": member.religion or "",
            "phone": member.phone or "",
            "citizen_id": member.citizen_id or "",
            "political_theory": member.political_theory or "",
            "professional_education": member.professional_education or "",
        }
    )
    return out


@router.get("/orgs/tree", response=list[s.OrgNode], summary="Cây tổ chức (hiện tại hoặc tại một ngày)")
def org_tree(request, as_of: dt.date | None = None):
    """Today's tree of the caller's subtrees; with `as_of`, the tree of that day with the past units now inside
    them, each labelled with what became of it (orgs/history.py, the same as the page)."""
    from sotay.orgs.models import Organization, subtree_filter

    if as_of is not None:
        return _tree_as_of(request.user, as_of)
    roots = policy.granted_orgs(request.user, policy.VIEW_ORGS)
    if not roots:
        return []
    query = None
    for root in roots:
        q = subtree_filter(root.path)
        query = q if query is None else query | q
    orgs = Organization.objects.filter(query).active()
    by_path = {}
    out = []
    for org in orgs.order_by("path")[:20000]:
        by_path[org.path] = org.pk
        parent = by_path.get(parent_path(org.path)) if org.depth > 1 else None
        out.append(
            {
                "id": org.pk,
                "name": org.name,
                "code": org.code or "",
                "kind": org.kind,
                "depth": org.depth,
                "parent_id": parent,
            }
        )
    return out


def _tree_as_of(user, on: dt.date) -> list[dict]:
    from sotay.orgs.history import tree_as_of

    return [
        {
            "id": unit.org_id,
            "name": unit.name,
            "code": unit.code,
            "kind": unit.kind,
            "depth": unit.depth,
            "parent_id": unit.parent_id,
            "ended_on": unit.ended_on,
            "note": unit.note,
        }
        for unit, _i in zip(tree_as_of(user, on).walk(), range(20000), strict=False)
    ]


@router.get("/orgs/{org_id}/statistics", response=s.StatisticsOut, summary="Thống kê đảng viên của một tổ chức")
def org_statistics(request, org_id: int, on: dt.date | None = None):
    from django.utils import timezone

    from sotay.members.stats import subtree_statistics

    org = get_org_for_user(request.user, org_id, perm=policy.VIEW_MEMBERS)
    today = timezone.localdate()
    if on is not None and (on > today or on.year < 1930):
        from django.core.exceptions import ValidationError

        raise ValidationError({"on": "Ngày thống kê phải từ năm 1930 đến hôm nay."})
    figures = subtree_statistics(org, as_of=on if on and on != today else None)
    groups = {
        name: [{"key": r.key, "label": str(r.label), "count": r.count} for r in rows] for name, rows in figures.items()
    }
    return {"organization": _org(org), "on": on or today, "groups": groups}


@router.get("/orgs/{org_id}/meetings", response=list[s.MeetingOut], summary="Các buổi sinh hoạt của tổ chức")
@paginate(LimitOffsetPagination)
def org_meetings(request, org_id: int):
    from sotay.meetings.access import visible_meetings
    from sotay.orgs.models import subtree_filter

    org = get_org_for_user(request.user, org_id, perm=policy.MANAGE_MEETINGS)
    meetings = visible_meetings(request.user).filter(subtree_filter(org.path, "organization__path"))
    return [
        {
            "id": m.pk,
            "title": m.title or str(m),
            "organization": _org(m.organization),
            "starts_at": m.starts_at,
            "status": m.status,
        }
        for m in meetings.select_related("organization").order_by("-starts_at")[:2000]
    ]


@router.get("/meetings/{meeting_id}/attendance", response=list[s.AttendanceOut], summary="Điểm danh một buổi sinh hoạt")
def meeting_attendance(request, meeting_id: int):
    from sotay.meetings.access import get_managed_meeting

    meeting = get_managed_meeting(request.user, meeting_id)
    return [
        {"member_id": a.member_id, "full_name": a.member.full_name, "status": a.status}
        for a in meeting.attendances.select_related("member").order_by("member__name_sort_key")
    ]


@router.get("/orgs/{org_id}/admissions", response=list[s.AdmissionOut], summary="Hồ sơ kết nạp")
@paginate(LimitOffsetPagination)
def org_admissions(request, org_id: int):
    from sotay.admissions.models import AdmissionCase
    from sotay.orgs.models import subtree_filter

    org = get_org_for_user(request.user, org_id, perm=policy.CREATE_MEMBERS)
    cases = AdmissionCase.objects.filter(subtree_filter(org.path, "organization__path")).select_related("organization")
    return [
        {
            "id": c.pk,
            "full_name": c.full_name,
            "organization": _org(c.organization),
            "stage": c.stage,
            "created_at": c.created_at,
        }
        for c in cases.order_by("-created_at")[:2000]
    ]


def _batch_out(b) -> dict:
    return {
        "id": b.pk,
        "file_name": b.file_name,
        "organization": _org(b.organization) if b.organization_id else None,
        "status": b.status,
        "counts": b.counts or {},
        "created_at": b.created_at,
    }


@router.get("/imports", response=list[s.ImportBatchOut], summary="Các lần nhập Excel")
@paginate(LimitOffsetPagination)
def import_batches(request):
    from sotay.imports.access import batches_visible_to

    return [
        _batch_out(b) for b in batches_visible_to(request.user).select_related("organization").order_by("-pk")[:500]
    ]


@router.get("/imports/{batch_id}", response=s.ImportBatchOut, summary="Một lần nhập Excel")
def import_batch(request, batch_id: int):
    from sotay.imports.access import get_batch_for_user

    return _batch_out(get_batch_for_user(request.user, batch_id))


@router.get("/imports/{batch_id}/rows", response=list[s.ImportRowOut], summary="Xem trước từng dòng của một lần nhập")
@paginate(LimitOffsetPagination)
def import_rows(request, batch_id: int):
    from sotay.imports.access import get_batch_for_user

    batch = get_batch_for_user(request.user, batch_id)
    return [
        {"row": r.row_number, "action": r.action, "values": r.values, "diff": r.diff, "errors": r.errors}
        for r in batch.rows.order_by("row_number")[:5000]
    ]
