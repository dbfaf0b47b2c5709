"""Every URL of the project, as every member of the cast, with objects inside and outside each role's scope.

The test walks `get_resolver()`, fills each path parameter with a real object of the demo province (one inside the
role's subtree, one outside it; for provincial staff, outside is a second province), and requests it with GET and,
for every view, an empty POST. It asserts that no response is a server error, that anonymous users are sent to
sign in (except on the public pages), and that no response shows the name of a member outside the role's scope
(those members carry marker names). A URL whose parameters this test cannot fill fails it: add a case below.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

import pytest
from django.db import models
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

PUBLIC = {
    "accounts:login",
    "accounts:activate",
    "accounts:forgot",
    "accounts:reset",
    "accounts:reset_sent",
    "accounts:reset_confirm",
    "accounts:reset_done",
    "set_language",
    "meetings:ical",  # a secret-token feed: 404 without a valid token
    "healthz",
    "favicon",
    "api:api-root",  # nothing there: 404
    "help:index",  # the user guide is training material, for anyone
    "help:guide",
    "help:guide_pdf",
    "documents:service_worker",  # the service worker script: code, no data (a redirect would break its update)
}
# /healthz answers 503 while no worker has reported (none runs in the tests): an answer, not a server error.
MAY_BE_UNAVAILABLE = {"healthz"}
# The API's schema and docs pages are for signed-in users and send anonymous ones to the login page.
API_PAGES = {"api:openapi-json", "api:openapi-view"}
MARKER = "Ngoaivung"  # the given name of every member a role must not see


@dataclass
class Route:
    name: str
    pattern: str
    params: list[str]


def _routes() -> list[Route]:
    out: list[Route] = []

    def walk(patterns, prefix: str = "", ns: str = "") -> None:
        for p in patterns:
            if isinstance(p, URLResolver):
                walk(p.url_patterns, prefix + str(p.pattern), ns + (f"{p.namespace}:" if p.namespace else ""))
            elif isinstance(p, URLPattern) and p.name:
                pattern = prefix + str(p.pattern)
                out.append(Route(ns + p.name, pattern, re.findall(r"<(?:\w+:)?(\w+)>", pattern)))

    walk(get_resolver().url_patterns)
    return out


def _model(label: str) -> type[models.Model]:
    from django.apps import apps

    return apps.get_model(label)


# Which model a path parameter names, by parameter (and by app where the name is shared).
OBJECT_PARAMS: dict[str, str] = {
    "org_id": "orgs.Organization",
    "member_id": "members.Member",
    "meeting_id": "meetings.CellMeeting",
    "request_id": "meetings.AbsenceRequest",
    "item_id": "meetings.AgendaItem",
    "announcement_id": "handbook.Announcement",
    "feedback_id": "handbook.Feedback",
    "session_id": "handbook.StudySession",
    "document_id": "documents.Document",
    "article_id": "documents.Article",
    "case_id": "admissions.AdmissionCase",
    "step_id": "admissions.AdmissionStep",
    "recognition_id": "admissions.RecognitionCase",
    "campaign_id": "evaluation.EvaluationCampaign",
    "scheme_id": "evaluation.RecognitionScheme",
    "enrolment_id": "evaluation.ModelCellEnrolment",
    "assessment_id": "evaluation.SchemeAssessment",
    "batch_id": "imports.ImportBatch",
    "transfer_id": "members.Transfer",
    "loan_id": "members.FileLoan",
    "notification_id": "notifications.Notification",
    "delivery_id": "notifications.Delivery",
    "grant_id": "orgs.RoleGrant",
    "user_id": "accounts.User",
    "token_id": "api.ApiToken",
    "discipline_id": "discipline.Discipline",
    "appeal_id": "discipline.Appeal",
    "plan_id": "inspection.Plan",
    "inspection_id": "inspection.Inspection",
    "recommendation_id": "inspection.Recommendation",
    "position_id": "cadres.Position",
    "appointment_id": "cadres.Appointment",
    "entry_id": "cadres.PlanEntry",
    "vcase_id": "verification.VerificationCase",
    "letter_id": "verification.Letter",
    "congress_id": "congresses.Congress",
    "progress_id": "congresses.StepProgress",
    "election_id": "congresses.Election",
    "round_id": "congresses.Round",
    "candidate_id": "congresses.Candidate",
    "ballot_id": "congresses.BallotEntry",
    "plan_step_id": "congresses.PlanStep",
}
BY_APP = {
    ("documents", "attachment_id"): "documents.Attachment",
    ("members", "attachment_id"): "members.TemporaryAttachment",
    ("admissions", "attachment_id"): "admissions.StepAttachment",
    ("cadres", "plan_id"): "cadres.CadrePlan",
    ("congresses", "plan_id"): "congresses.CongressPlan",
}
ORG_CHAINS = (
    "organization",
    "member.organization",
    "meeting.organization",
    "document.organization",
    "case.organization",
    "step.case.organization",
    "enrolment.organization",
    "campaign.organization",
    "notification.recipient.member.organization",
    "recipient.member.organization",
    "user.member.organization",
    "host",
)


def _org_of(obj):
    from sotay.orgs.models import Organization

    if isinstance(obj, Organization):
        return obj
    for chain in ORG_CHAINS:
        value = obj
        for part in chain.split("."):
            value = getattr(value, part, None)
            if value is None:
                break
        if isinstance(value, Organization):
            return value
    if obj.__class__.__name__ == "User":
        grant = obj.role_grants.select_related("organization").first()
        return grant.organization if grant else None
    return None


@dataclass
class Role:
    name: str
    user: object | None
    inside: str  # the path of the subtree the role covers
    outside: str  # a subtree it must not see
    cache: dict = field(default_factory=dict)


def _pick(label: str, prefix: str, cache: dict):
    key = (label, prefix)
    if key not in cache:
        model = _model(label)
        found = None
        for obj in model.objects.order_by("-pk")[:4000]:
            org = _org_of(obj)
            if org is not None and org.path.startswith(prefix):
                found = obj
                break
        cache[key] = found
    return cache[key]


def _literal(route: Route, param: str, role: Role):
    from sotay.reports.registers import REGISTERS
    from sotay.web.forms import REORGANIZE_FORMS

    today = timezone.localdate()
    app = route.name.split(":")[0]
    values = {
        "fmt": "pdf",
        "form_no": 13,
        "which": "minutes",
        "what": "basis",
        "action": "plan",
        "year": today.year,
        "month": today.month,
        "uidb64": "MQ",
        "token": "khong-hop-le",
    }
    if param == "kind":
        return next(iter(REGISTERS)) if app == "reports" else next(iter(REORGANIZE_FORMS))
    if param == "slug" and app == "help":
        return "dang-vien"
    if param == "slug":
        from sotay.documents.models import Guide

        guide = Guide.objects.order_by("path").first()
        return guide.slug if guide else "khong-co"
    if param in values:
        return values[param]
    raise LookupError(param)


def _kwargs(route: Route, role: Role, where: str) -> dict | None:
    """Path parameters for `route` with objects inside (or outside) the role's scope; None if none exists."""
    app = route.name.split(":")[0]
    kwargs = {}
    for param in route.params:
        label = BY_APP.get((app, param)) or OBJECT_PARAMS.get(param)
        if label is None:
            kwargs[param] = _literal(route, param, role)
            continue
        obj = _pick(label, role.inside if where == "inside" else role.outside, role.cache)
        if obj is None:
            return None
        kwargs[param] = obj.pk
    return kwargs


@pytest.fixture
def world(db, settings):
    """The demo province, a second province, and the cast of roles over them."""
    from sotay.accounts.models import User
    from sotay.demo.generator import generate
    from sotay.members.models import Member
    from sotay.members.tests.factories import MemberFactory
    from sotay.orgs.models import Organization, OrgKind, RoleGrant
    from sotay.orgs.models import Role as R
    from sotay.orgs.tests.factories import cell, commune, province
    from sotay.rules.seed import load

    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    load()
    generate(400, seed=7, today=timezone.localdate() - dt.timedelta(days=1))
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    users = {u.username: u for u in User.objects.all()}
    home = {
        u: RoleGrant.objects.filter(user=users[u]).select_related("organization").first().organization
        for u in users
        if users[u].role_grants.exists()
    }
    xa_commune = home["xa"]
    root = Organization.objects.get(path=xa_commune.path[: Organization.steplen])
    other = (
        Organization.objects.filter(depth=2, path__startswith=root.path, kind=xa_commune.kind)
        .exclude(pk=xa_commune.pk)
        .exclude(path__startswith=home["chibo"].path[: len(xa_commune.path)])
        .order_by("path")
        .last()
    )
    other_cell = Organization.objects.filter(
        path__startswith=other.path, kind__in=[OrgKind.BASE_CELL, OrgKind.CELL]
    ).first()
    outsider = User.objects.create_user(username="ngoai", password="x" * 12)
    RoleGrant.objects.create(user=outsider, organization=other_cell or other, role=R.CELL_COMMITTEE)
    # A second province with its own members and documents.
    second = province(code="TB2", name="Đảng bộ tỉnh Thử Nghiệm")
    second_commune = commune(second, name="Đảng bộ xã Thử", code="TB2.A")
    second_cell = cell(second_commune, name="Chi bộ thôn Thử", code="TB2.A.1")
    for i in range(3):
        MemberFactory(full_name=f"Lê Văn Tỉnhkhác{i}", organization=second_cell)
    # Members of the other commune and of the second province carry a marker name.
    for m in Member.objects.filter(organization__path__startswith=other.path):
        Member.objects.filter(pk=m.pk).update(full_name=f"{m.full_name.rsplit(' ', 1)[0]} {MARKER}{m.pk}")
    second_marker = "Tỉnhkhác"
    roles = [
        Role("anonymous", None, root.path, other.path),
        Role("bantochuc", users["bantochuc"], root.path, second.path),
        Role("tinhuy", users["tinhuy"], root.path, second.path),
        Role("xa", users["xa"], xa_commune.path, other.path),
        Role("dangbocoso", users["dangbocoso"], home["dangbocoso"].path, other.path),
        Role("chibo", users["chibo"], home["chibo"].path, other.path),
        Role("dangvien", users["dangvien"], users["dangvien"].member.organization.path, other.path),
        Role("ngoai", outsider, (other_cell or other).path, xa_commune.path),
    ]
    forbidden = {
        "bantochuc": [second_marker],
        "tinhuy": [second_marker],
        "xa": [MARKER, second_marker],
        "dangbocoso": [MARKER, second_marker],
        "chibo": [MARKER, second_marker],
        "dangvien": [MARKER, second_marker],
        "ngoai": [second_marker],
        "anonymous": [MARKER, second_marker],
    }
    return roles, forbidden


def _text(response) -> str:
    kind = response.get("Content-Type", "")
    if not any(t in kind for t in ("text/", "json", "javascript", "xml")):
        return ""
    if getattr(response, "streaming", False):
        return ""
    return response.content.decode("utf-8", "replace")


@pytest.mark.django_db
def test_every_url_for_every_role_inside_and_outside_scope(world):
    roles, forbidden = world
    routes = [r for r in _routes() if not r.name.startswith("admin:")]
    problems: list[str] = []
    uncovered: list[str] = []
    requests = 0
    for role in roles:
        client = Client(raise_request_exception=False)
        for route in routes:
            for where in ("inside", "outside") if route.params else ("inside",):
                try:
                    kwargs = _kwargs(route, role, where)
                except LookupError as missing:
                    uncovered.append(f"{route.name} <{missing}>")
                    continue
                if kwargs is None:
                    continue  # no such object in this subtree (e.g. no file loan yet): nothing to fill
                url = reverse(route.name, kwargs=kwargs)
                for method in ("get", "post"):
                    if role.user is not None and "_auth_user_id" not in client.session:
                        client.force_login(role.user)
                    response = getattr(client, method)(url)
                    requests += 1
                    where_said = f"{role.name} {method.upper()} {url} ({route.name}, {where})"
                    if response.status_code >= 500 and not (
                        response.status_code == 503 and route.name in MAY_BE_UNAVAILABLE
                    ):
                        problems.append(f"{response.status_code}: {where_said}")
                        continue
                    api_call = url.startswith("/api/") and route.name not in API_PAGES
                    if role.user is None and route.name not in PUBLIC and not api_call:
                        location = response.get("Location", "")
                        if response.status_code not in (302, 405) or (
                            response.status_code == 302 and "/accounts/login/" not in location
                        ):
                            problems.append(f"anonymous not sent to sign in ({response.status_code}): {where_said}")
                    if (
                        role.user is None
                        and api_call
                        and route.name not in PUBLIC
                        and response.status_code not in (401, 405)
                    ):
                        problems.append(f"anonymous API call not refused ({response.status_code}): {where_said}")
                    body = _text(response)
                    for marker in forbidden[role.name]:
                        if marker in body:
                            problems.append(f"leak of {marker}…: {where_said}")
    summary = f"{len(routes)} URL patterns, {len(roles)} roles, {requests} requests, {len(problems)} problems"
    print(f"\nURL authorization: {summary}")
    assert not uncovered, "URLs without a case in this test (add one):\n" + "\n".join(sorted(set(uncovered)))
    assert not problems, "\n".join(problems[:80])
