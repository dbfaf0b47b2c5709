"""A member's self-assessment stays the member's when the secretary enters it for them (issue 14 point 6): shown as
"<member> (<secretary> nhập hộ)", with the secretary in the audit log; when the member enters it, it is theirs."""

from __future__ import annotations

import importlib

import pytest
from django.apps import apps
from django.urls import reverse

from sotay.audit.models import AuditEntry
from sotay.evaluation import services
from sotay.evaluation.models import EvaluationStep, Stage
from sotay.orgs.actor import Actor

from .helpers import open_2025, step
from .test_views_campaigns import _score_post

pytestmark = pytest.mark.django_db


def test_the_secretary_enters_it_on_the_members_behalf(client, cast):
    campaign = open_2025(cast)
    member = cast.others_a[0]
    client.force_login(cast.cell_secretary)
    url = reverse("evaluation:member", args=[campaign.pk, member.pk])
    assert client.post(url, _score_post(campaign, "SELF", "HTTNV", 85)).status_code == 302
    entered = EvaluationStep.objects.get(evaluation__member=member, kind=Stage.SELF)
    assert (entered.actor_name, entered.entered_by_name) == ("Lê Văn Cường", "Trần Thị Bình")
    assert entered.actor == cast.cell_secretary  # the account that typed it, for the record
    page = client.get(url).content.decode()
    assert "Lê Văn Cường (Trần Thị Bình nhập hộ)" in page
    audit = AuditEntry.objects.filter(actor=cast.cell_secretary, object_type__iendswith="evaluation").get()
    assert audit.data["on_behalf_of"] == "Lê Văn Cường" and audit.data["step"] == "SELF"


def test_the_member_enters_it_themself(client, cast):
    campaign = open_2025(cast)
    client.force_login(cast.member)
    url = reverse("evaluation:member", args=[campaign.pk, cast.member_member.pk])
    assert client.post(url, _score_post(campaign, "SELF", "HTTNV", 85)).status_code == 302
    entered = EvaluationStep.objects.get(evaluation__member=cast.member_member, kind=Stage.SELF)
    assert (entered.actor_name, entered.entered_by_name) == ("Nguyễn Văn Ấn", "")
    page = client.get(url).content.decode()
    assert "Nguyễn Văn Ấn" in page and "nhập hộ" not in page
    assert "on_behalf_of" not in AuditEntry.objects.filter(object_type__iendswith="evaluation").get().data


def test_the_review_stays_the_secretarys_and_a_system_source_enters_it_as_the_members(cast):
    campaign = open_2025(cast)
    member = cast.others_a[1]
    services.record_step(
        campaign=campaign, member=member, actor=Actor.system("command:test"), data=step("SELF", "HTTNV", 85)
    )
    services.record_step(
        campaign=campaign, member=member, actor=Actor.for_user(cast.cell_secretary), data=step("REVIEWED", "HTTNV", 85)
    )
    by = {s.kind: (s.actor_name, s.entered_by_name) for s in EvaluationStep.objects.filter(evaluation__member=member)}
    assert by == {Stage.SELF: ("Phạm Đức Dũng", ""), Stage.REVIEWED: ("Trần Thị Bình", "")}


def test_the_migration_gives_old_self_assessments_back_to_their_members(cast):
    campaign = open_2025(cast)
    member = cast.others_a[0]
    services.record_step(
        campaign=campaign, member=member, actor=Actor.for_user(cast.cell_secretary), data=step("SELF", "HTTNV", 85)
    )
    services.record_step(
        campaign=campaign,
        member=cast.member_member,
        actor=Actor.for_user(cast.member),
        data=step("SELF", "HTTNV", 85),
    )
    # As it was recorded before: under the secretary's name.
    EvaluationStep.objects.filter(evaluation__member=member).update(actor_name="Trần Thị Bình", entered_by_name="")
    migration = importlib.import_module("sotay.evaluation.migrations.0009_self_assessment_entered_by")
    migration.attribute_to_members(apps, None)
    fixed = EvaluationStep.objects.get(evaluation__member=member)
    assert (fixed.actor_name, fixed.entered_by_name) == ("Lê Văn Cường", "Trần Thị Bình")
    own = EvaluationStep.objects.get(evaluation__member=cast.member_member)
    assert (own.actor_name, own.entered_by_name) == ("Nguyễn Văn Ấn", "")
