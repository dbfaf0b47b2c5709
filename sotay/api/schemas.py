"""What the API returns. Dates are ISO 8601."""

from __future__ import annotations

import datetime as dt

from ninja import Schema
from pydantic import Field


class OrgRef(Schema):
    id: int
    name: str
    code: str = ""


class MemberOut(Schema):
    id: int
    full_name: str
    birth_on: dt.date
    gender: str
    status: str
    status_label: str
    organization: OrgRef
    joined_on: dt.date | None = None
    official_on: dt.date | None = None


class MemberDetail(MemberOut):
    ethnicity: str = ""
    religion: str = ""
    phone: str = ""
    citizen_id: str = ""
    political_theory: str = ""
    professional_education: str = ""


class DuesMonth(Schema):
    month: dt.date
    due: int
    paid: int
    balance: int


class EvaluationOut(Schema):
    id: int
    campaign: str
    year: int | None = None
    stage: str
    grade: str = ""
    score: float | None = None
    decided_on: dt.date | None = None


class InvitationOut(Schema):
    meeting_id: int
    title: str
    organization: OrgRef
    starts_at: dt.datetime
    place: str
    status: str
    my_answer: str = ""
    checkin_open: bool = False


class RsvpIn(Schema):
    answer: str = Field(max_length=20, description="YES hoặc NO")


class AbsenceIn(Schema):
    reason: str = Field(min_length=1, max_length=1000)


class CheckinIn(Schema):
    token: str = Field(max_length=500)
    latitude: float | None = Field(default=None, ge=-90, le=90)
    longitude: float | None = Field(default=None, ge=-180, le=180)


class Done(Schema):
    ok: bool = True
    message: str = ""


class AnnouncementOut(Schema):
    id: int
    title: str
    body: str
    organization: OrgRef
    pinned: bool
    published_at: dt.datetime | None = None
    is_read: bool = False


class HitOut(Schema):
    source: str
    object_id: int
    title: str
    url: str
    reference: str = ""
    snippet: str = ""


class DocumentOut(Schema):
    id: int
    reference: str
    title: str
    issuer: str
    issued_on: dt.date | None = None
    status: str
    summary: str = ""


class CitationOut(Schema):
    kind: str
    label: str
    title: str = ""
    url: str


class NotificationOut(Schema):
    id: int
    kind: str
    title: str
    body: str
    url: str
    created_at: dt.datetime
    read: bool


class OrgNode(Schema):
    id: int
    name: str
    code: str
    kind: str
    depth: int
    parent_id: int | None = None
    ended_on: dt.date | None = None  # as of a past day: when the unit ceased to exist, if it has
    note: str = ""  # as of a past day: "không còn từ … · nay thuộc …", "nay là …"


class StatRow(Schema):
    key: str
    label: str
    count: int


class StatisticsOut(Schema):
    organization: OrgRef
    on: dt.date
    groups: dict[str, list[StatRow]]


class MeetingOut(Schema):
    id: int
    title: str
    organization: OrgRef
    starts_at: dt.datetime
    status: str


class AttendanceOut(Schema):
    member_id: int
    full_name: str
    status: str


class AdmissionOut(Schema):
    id: int
    full_name: str
    organization: OrgRef
    stage: str
    created_at: dt.datetime


class ImportBatchOut(Schema):
    id: int
    file_name: str
    organization: OrgRef | None = None
    status: str
    counts: dict
    created_at: dt.datetime


class ImportRowOut(Schema):
    row: int
    action: str
    values: dict
    diff: dict
    errors: list
