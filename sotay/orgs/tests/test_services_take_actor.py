"""Services own authorization (docs/decisions/0005-actor.md): every write service takes a required keyword-only
`actor: Actor`, checks its own permission (one refusal, `policy.NotAllowed`) and names the actor in the audit log."""

from __future__ import annotations

import datetime as dt
import importlib
import inspect
import pkgutil
from decimal import Decimal
from pathlib import Path

import pytest
from django.http import HttpResponse
from django.test import RequestFactory
from django.utils import timezone

import sotay
from sotay.audit.models import AuditAction, AuditEntry
from sotay.orgs import policy
from sotay.orgs.actor import Actor

# Public functions of services modules that do not take an actor, each with the reason. Everything else in a
# `services.py` / `services/` module must take `actor: Actor` as a required keyword-only argument.
PURE = {
    # Read-only helpers: they compute, validate or look up, and write nothing.
    "admissions.services": {"readmission_wait_months", "readmission_possible_from", "allowed_codes"},
    "documents.services": {
        "parse_document_reference",
        "document_candidates",
        "pick_document",
        "find_document",
        "find_document_by_reference",
        "library_of",
        "max_upload_bytes",
        "may_edit_guide",
    },
    "evaluation.services.campaigns": {"actor_label", "quota_status", "quota_report", "projected_quota"},
    "handbook.services": {"multiline", "feedback_targets", "handlers_of", "may_handle", "find_document"},
    "imports.services": {"storage_dir", "members_changed_since"},
    "meetings.services": {"meeting_url", "month_start", "invitees", "invited_users", "secretaries_of"},
    "members.services": {"normalise_values", "card_number_error", "contact_errors", "validate_member"},
    "cadres.services": {"committee_role"},  # the role an appointment to a position grants
    "congresses.services": {"elected_so_far", "is_cell", "kind_for", "seats_left", "surplus_findings"},
}
INTERNAL = {
    # Steps and derived data written only inside a service that has already checked its actor, or queued by it.
    "documents.services": {"enqueue_index", "record_citations", "relink_citations"},
    "handbook.services": {"fan_out_announcement", "fan_out_study"},
    "imports.services": {"enqueue_preview"},
    "meetings.services": {"default_agenda", "queue_after_commit"},
    "members.services": {"same_person_in_cell"},
    "orgs.services": {"link_event", "move_node", "end_organization"},
    "notifications.services": {"notify"},  # the notification fan-out of the service that acted
}


def _allowed(module: str) -> set[str]:
    return set().union(*(group.get(module, set()) for group in (PURE, INTERNAL)))


def _services_modules() -> list[str]:
    root = Path(sotay.__file__).parent
    names = []
    for app in sorted(p for p in root.iterdir() if p.is_dir()):
        if (app / "services.py").exists():
            names.append(f"{app.name}.services")
        if (app / "services").is_dir():
            names += [f"{app.name}.services.{m.name}" for m in pkgutil.iter_modules([str(app / "services")])]
    return names


def test_the_walk_finds_the_services_of_every_app():
    found = set(_services_modules())
    for module in ("members.services", "meetings.services", "documents.services", "evaluation.services.campaigns"):
        assert module in found


@pytest.mark.parametrize("module_name", _services_modules())
def test_every_public_service_takes_a_required_keyword_only_actor(module_name):
    """Issue 12 §1: every service takes `actor: Actor` as a required keyword argument — no None, no default."""
    module = importlib.import_module(f"sotay.{module_name}")
    allowed = _allowed(module_name)
    wrong = []
    for name, func in inspect.getmembers(module, inspect.isfunction):
        if name.startswith("_") or func.__module__ != module.__name__ or name in allowed:
            continue
        param = inspect.signature(func).parameters.get("actor")
        if (
            param is None
            or param.kind is not inspect.Parameter.KEYWORD_ONLY
            or param.default is not inspect.Parameter.empty
            or param.annotation not in (Actor, "Actor")
        ):
            wrong.append(name)
    assert wrong == [], f"{module_name}: {wrong} must take a required keyword-only `actor: Actor`"


def test_the_allow_list_names_only_functions_that_exist():
    for group in (PURE, INTERNAL):
        for module_name, names in group.items():
            if not names:
                continue
            module = importlib.import_module(f"sotay.{module_name.strip()}")
            assert names <= set(dir(module)), module_name


# -- refusals: an outsider is refused, nothing is written ----------------------------------------------------------


def _counts():
    from sotay.admissions.models import AdmissionCase
    from sotay.documents.models import Document
    from sotay.dues.models import DuesPayment
    from sotay.evaluation.models import EvaluationCampaign
    from sotay.handbook.models import Announcement
    from sotay.imports.models import ImportBatch
    from sotay.meetings.models import CellMeeting
    from sotay.members.models import Member, MemberChange
    from sotay.orgs.models import Organization, OrgVersion

    models = [AuditEntry, AdmissionCase, Document, DuesPayment, EvaluationCampaign, Announcement, ImportBatch]
    models += [CellMeeting, Member, MemberChange, Organization, OrgVersion]
    return {m.__name__: m.objects.count() for m in models}


def _decision():
    from sotay.orgs.services import Decision

    day = dt.date(2026, 1, 5)
    return Decision(number="01-QĐ/HU", decided_on=day, effective_on=day)


def _svc(module: str):
    return importlib.import_module(f"sotay.{module}")


# One representative write service of each app, called on the cell or commune A.
CALLS = {
    "members.create_member": lambda c, a: _svc("members.services").create_member(
        data={"full_name": "Nguyễn Thị Hòa"}, organization=c.cell_a, actor=a
    ),
    "members.update_member": lambda c, a: _svc("members.services").update_member(
        member=c.member_member, data={"occupation": "Giáo viên"}, actor=a
    ),
    "orgs.rename_organization": lambda c, a: _svc("orgs.services").rename_organization(
        org=c.cell_a, new_name="Chi bộ mới", decision=_decision(), actor=a
    ),
    "meetings.create_meeting": lambda c, a: _svc("meetings.services").create_meeting(
        org=c.cell_a, kind="REGULAR", starts_at=timezone.now() + dt.timedelta(days=3), actor=a
    ),
    "handbook.publish_announcement": lambda c, a: _svc("handbook.services").publish_announcement(
        organization=c.commune_a, title="Thông báo", body="Nội dung.", actor=a
    ),
    "documents.create_document": lambda c, a: _svc("documents.services").create_document(
        organization=c.commune_a, data={}, actor=a
    ),
    "admissions.open_case": lambda c, a: _svc("admissions.services").open_case(
        organization=c.cell_a, data={"full_name": "Lê Thị Mai"}, actor=a
    ),
    "dues.record_dues_payment": lambda c, a: _svc("dues.services").record_dues_payment(
        member=c.member_member,
        month=dt.date(2026, 1, 1),
        amount=Decimal(10000),
        paid_on=dt.date(2026, 1, 10),
        channel="CASH",
        actor=a,
    ),
    "evaluation.open_campaign": lambda c, a: _svc("evaluation.services").open_campaign(
        organization=c.commune_a, year=2025, actor=a
    ),
    "imports.start_import": lambda c, a: _svc("imports.services").start_import(
        source_path=Path("/nonexistent.xlsx"), file_name="ds.xlsx", organization=c.commune_a, actor=a
    ),
    "reports.record_register_view": lambda c, a: _svc("reports.services").record_register_view(
        actor=a, organization=c.cell_a, kind="current", page=1, count=3
    ),
}


@pytest.mark.parametrize("service", sorted(CALLS))
def test_an_outsider_is_refused_as_hidden_and_nothing_is_written(cast, actor_of, service):
    """Issue 12 §1 (Điều lệ Đảng Điều 9: each organisation keeps its own members' records): the cell secretary of
    commune B may not write in commune A; the service itself refuses with NotAllowed(hidden) and writes nothing."""
    before = _counts()
    with pytest.raises(policy.NotAllowed) as refused:
        CALLS[service](cast, actor_of(cast.outsider))
    assert refused.value.hidden is True  # outside the outsider's scope: pages answer 404
    assert _counts() == before


def test_a_visible_action_the_actor_may_not_take_is_refused_but_not_hidden(cast, actor_of):
    """A member sees their cell but may not add members to it: NotAllowed without `hidden` (pages answer 403)."""
    before = _counts()
    with pytest.raises(policy.NotAllowed) as refused:
        CALLS["members.create_member"](cast, actor_of(cast.member))
    assert refused.value.hidden is False
    assert _counts() == before


def test_a_system_source_has_only_its_declared_rights(cast):
    """The worker source may not add members (policy.SYSTEM_SOURCES); an import batch only within its subtree."""
    with pytest.raises(policy.NotAllowed):
        CALLS["members.create_member"](cast, Actor.system("worker:test"))
    with pytest.raises(policy.NotAllowed):
        CALLS["members.update_member"](cast, Actor.system("import:1", scope=cast.commune_b))


# -- the audit log names the actor -----------------------------------------------------------------------------------


def test_the_audit_entry_names_the_user_who_acted(cast, actor_of):
    from sotay.members import services

    services.update_member(
        member=cast.member_member, data={"occupation": "Giáo viên"}, actor=actor_of(cast.cell_secretary)
    )
    entry = AuditEntry.objects.filter(object_id=str(cast.member_member.pk)).latest("pk")
    assert entry.actor == cast.cell_secretary
    assert entry.actor_name == "chibo"


def test_the_audit_entry_names_the_system_source_never_anonymous(cast):
    from sotay.members import services

    member = cast.member_member
    services.update_member(member=member, data={"occupation": "Kỹ sư"}, actor=Actor.system("command:test"))
    entry = AuditEntry.objects.filter(object_id=str(member.pk), action=AuditAction.UPDATE).latest("pk")
    assert entry.actor is None
    assert entry.actor_name == "command:test"
    assert not AuditEntry.objects.filter(actor=None, actor_name="").exists()


# -- pages turn the refusal into 404 / 403 in one place --------------------------------------------------------------


@pytest.mark.parametrize(("hidden", "status"), [(True, 404), (False, 403)])
def test_the_middleware_answers_404_when_hidden_and_403_otherwise(hidden, status):
    from sotay.core.middleware import NotAllowedMiddleware

    request = RequestFactory().get("/x/")
    middleware = NotAllowedMiddleware(lambda r: HttpResponse())
    response = middleware.process_exception(request, policy.NotAllowed(policy.CHANGE_MEMBERS, hidden=hidden))
    assert response.status_code == status
    assert middleware.process_exception(request, ValueError()) is None
