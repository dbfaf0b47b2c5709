"""Inspection and supervision (Điều lệ Đảng Chương VII, Điều 30–32, cần đối chiếu): plan, decision, conclusion,
recommendations followed to completion, the roll-up and its XLSX; scope."""

from __future__ import annotations

import datetime as dt
import io

import openpyxl
import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from sotay.audit.models import AuditAction, AuditEntry
from sotay.inspection import rollup, services
from sotay.inspection.models import Body, Kind, Recommendation, Result, Status
from sotay.orgs.actor import Actor
from sotay.orgs.policy import NotAllowed

pytestmark = pytest.mark.django_db


def actor(cast):
    return Actor.for_user(cast.commune_committee)


def plan_with_two(cast):
    plan = services.create_plan(actor=actor(cast), organization=cast.commune_a, year=2026, title="Kế hoạch KT, GS 2026")
    inspection = services.add_inspection(
        actor=actor(cast),
        plan=plan,
        kind=Kind.INSPECTION,
        body=Body.UBKT,
        content="Thu, nộp đảng phí",
        period_start=dt.date(2026, 3, 1),
        period_end=dt.date(2026, 3, 31),
        subject_organization=cast.cell_a,
    )
    supervision = services.add_inspection(
        actor=actor(cast),
        plan=plan,
        kind=Kind.SUPERVISION,
        body=Body.COMMITTEE,
        content="Sinh hoạt chi bộ",
        period_start=dt.date(2026, 5, 1),
        period_end=dt.date(2026, 5, 31),
        subject_member=cast.secretary_member,
    )
    return plan, inspection, supervision


def test_inspection_from_decision_to_recommendation_done(cast):
    plan, inspection, supervision = plan_with_two(cast)
    with pytest.raises(ValidationError, match="quyết định kiểm tra"):
        services.record_conclusion(
            actor=actor(cast), inspection=inspection, concluded_on=dt.date(2026, 4, 1), result=Result.GOOD, findings="x"
        )
    services.record_decision(
        actor=actor(cast),
        inspection=inspection,
        decision_number="15-QĐ/UBKT",
        decision_on=dt.date(2026, 3, 1),
        team="Đ/c Lê Văn Cường (trưởng đoàn)",
    )
    with pytest.raises(ValidationError):  # a cảnh báo is the lighter result of a supervision
        services.record_conclusion(
            actor=actor(cast),
            inspection=inspection,
            concluded_on=dt.date(2026, 4, 1),
            result=Result.ALERT,
            findings="x",
        )
    services.record_conclusion(
        actor=actor(cast),
        inspection=inspection,
        concluded_on=dt.date(2026, 4, 1),
        result=Result.SHORTCOMINGS,
        findings="Thu đảng phí chậm ba tháng.",
    )
    item = services.add_recommendation(
        actor=actor(cast),
        inspection=inspection,
        text="Thu đủ đảng phí còn nợ",
        addressee="Chi ủy thôn Đông",
        due_on=dt.date(2026, 5, 1),
    )
    with pytest.raises(ValidationError):
        services.complete_recommendation(actor=actor(cast), item=item, done_on=dt.date(2026, 3, 1))
    services.complete_recommendation(actor=actor(cast), item=item, done_on=dt.date(2026, 4, 20), note="Đã thu đủ")
    item.refresh_from_db()
    assert item.done_on == dt.date(2026, 4, 20)
    services.record_conclusion(
        actor=actor(cast),
        inspection=supervision,
        concluded_on=dt.date(2026, 6, 1),
        result=Result.ALERT,
        findings="Chưa sinh hoạt chuyên đề.",
    )
    assert AuditEntry.objects.filter(object_type="inspection.recommendation", action=AuditAction.UPDATE).exists()


def test_rollup_plan_vs_done_and_open_recommendations_by_age(cast):
    plan, inspection, supervision = plan_with_two(cast)
    services.record_decision(
        actor=actor(cast), inspection=inspection, decision_number="15", decision_on=dt.date(2026, 3, 1), team="Tổ KT"
    )
    services.record_conclusion(
        actor=actor(cast),
        inspection=inspection,
        concluded_on=dt.date(2026, 4, 1),
        result=Result.SHORTCOMINGS,
        findings="x",
    )
    for due in (dt.date(2026, 12, 31), dt.date(2026, 11, 20), dt.date(2026, 10, 1), dt.date(2026, 5, 1)):
        services.add_recommendation(actor=actor(cast), inspection=inspection, text="k", addressee="a", due_on=due)
    rows = {r.kind: r for r in rollup.plan_vs_done(cast.commune_a, 2026)}
    assert (rows[Kind.INSPECTION].planned, rows[Kind.INSPECTION].concluded) == (1, 1)
    assert (rows[Kind.SUPERVISION].planned, rows[Kind.SUPERVISION].not_started) == (1, 1)
    ages = [r.count for r in rollup.by_age(list(rollup.open_recommendations(cast.commune_a)), dt.date(2026, 12, 1))]
    assert ages == [1, 1, 1, 1]
    assert rollup.plan_vs_done(cast.commune_b, 2026)[0].planned == 0


def test_bad_input_and_outsiders(cast):
    plan, inspection, _ = plan_with_two(cast)
    with pytest.raises(ValidationError):
        services.create_plan(actor=actor(cast), organization=cast.commune_a, year=2026, title="Lần hai")
    with pytest.raises(ValidationError):
        services.add_inspection(
            actor=actor(cast),
            plan=plan,
            kind=Kind.INSPECTION,
            body=Body.UBKT,
            content="x",
            period_start=dt.date(2026, 3, 1),
            period_end=dt.date(2026, 2, 1),
            subject_organization=cast.cell_a,
        )
    with pytest.raises(NotAllowed) as refused:
        services.record_decision(
            actor=Actor.for_user(cast.outsider),
            inspection=inspection,
            decision_number="1",
            decision_on=dt.date(2026, 3, 1),
            team="x",
        )
    assert refused.value.hidden
    assert Recommendation.objects.count() == 0


def test_pages_scope_and_xlsx(client, cast):
    plan, inspection, _ = plan_with_two(cast)
    urls = [
        reverse("inspection:plan", args=[plan.pk]),
        reverse("inspection:detail", args=[inspection.pk]),
        f"{reverse('inspection:index')}?org={cast.commune_a.pk}",
    ]
    for user in (cast.outsider, cast.member, cast.cell_secretary):
        client.force_login(user)
        assert all(client.get(url).status_code == 404 for url in urls), user
    client.force_login(cast.commune_committee)
    assert all(client.get(url).status_code == 200 for url in urls)
    response = client.post(
        reverse("inspection:decision", args=[inspection.pk]),
        {"decision_number": "15-QĐ/UBKT", "decision_on": "01/03/2026", "team": "Tổ kiểm tra"},
    )
    assert response.status_code == 302
    inspection.refresh_from_db()
    assert inspection.status == Status.DECIDED
    download = client.get(f"{reverse('inspection:rollup_xlsx')}?org={cast.commune_a.pk}&year=2026")
    sheet = openpyxl.load_workbook(io.BytesIO(download.content)).active
    values = [c.value for row in sheet.iter_rows() for c in row]
    assert "Kiểm tra" in values and "Giám sát chuyên đề" in values
