"""Model cells (Đề án 02-ĐA/TU) and "bốn tốt" (NQ 21-NQ/TW, KH 07-KH/TW): docs/rules/evaluation.md#chi-bộ-kiểu-mẫu,
docs/rules/evaluation.md#tiêu-chí-do-tỉnh-ban-hành."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from sotay.core.tests.export_checks import assert_export
from sotay.core.tests.samples import blank_pdf
from sotay.evaluation import recognition_data, services
from sotay.evaluation.models import AssessmentKind, CriterionSource, EnrolmentStage, SchemeKind
from sotay.orgs.actor import Actor
from sotay.orgs.models import CellType
from sotay.orgs.tests.factories import cell

from .helpers import open_2025, run_member

pytestmark = pytest.mark.django_db
D = dt.date


def model_scheme(cast, **kw):
    return services.create_scheme(
        kind=SchemeKind.MODEL_CELL,
        organization=cast.province,
        title="Đề án xây dựng chi bộ kiểu mẫu",
        reference="02-ĐA/TU",
        start_year=2022,
        end_year=2025,
        target_base_cell_percent=Decimal(50),
        target_cell_percent=Decimal(20),
        actor=Actor.for_user(cast.provincial_officer),
        **kw,
    )


def full_scores(enrolment, factor=Decimal(1)):
    return {
        c.pk: (c.max_score * factor).quantize(Decimal("0.01"))
        for c in enrolment.scheme.criteria_for(enrolment.organization.cell_type)
    }


def run_to_appraisal(cast, scheme, org, *, factor=Decimal(1)):
    e = services.register_cell(
        scheme=scheme, organization=org, registered_on=D(2024, 3, 1), actor=Actor.for_user(cast.cell_secretary)
    )
    services.attach_plan(
        enrolment=e,
        resolution_number="05-NQ/CB",
        resolution_on=D(2024, 3, 10),
        plan_file=SimpleUploadedFile("ke-hoach.pdf", b"%PDF-1.4 plan"),
        actor=Actor.for_user(cast.cell_secretary),
    )
    services.assign_supervisor(
        enrolment=e,
        supervisor=cast.secretary_member,
        assigned_on=D(2024, 3, 15),
        actor=Actor.for_user(cast.commune_committee),
    )
    services.assess_model_cell(
        enrolment=e,
        kind=AssessmentKind.SELF,
        assessed_on=D(2024, 12, 1),
        scores=full_scores(e, factor),
        evidence="Biên bản sinh hoạt, báo cáo kết quả",
        period_label="Năm 2024",
        actor=Actor.for_user(cast.cell_secretary),
    )
    services.assess_model_cell(
        enrolment=e,
        kind=AssessmentKind.APPRAISAL,
        assessed_on=D(2024, 12, 10),
        scores=full_scores(e, factor),
        actor=Actor.for_user(cast.commune_committee),
    )
    e.refresh_from_db()
    return e


def test_model_cell_flow_end_to_end_with_certificate(cast, client, settings, tmp_path):
    """02-ĐA/TU: register → resolution and plan → supervisor → self-assessment → appraisal → recognition."""
    settings.PRIVATE_ROOT = tmp_path
    cast.cell_a.cell_type = CellType.RESIDENTIAL
    cast.cell_a.save(update_fields=["cell_type"])
    scheme = model_scheme(cast)
    e = run_to_appraisal(cast, scheme, cast.cell_a)
    assert e.stage == EnrolmentStage.APPRAISED and e.appraisal_passed
    # Criteria: the common ones plus the residential cell's own, 100 points.
    assert sum(full_scores(e).values()) == 100
    e = services.recognise_model_cell(
        scheme=scheme,
        organization=cast.cell_a,
        decision_number="123-QĐ/ĐU",
        recognised_on=D(2024, 12, 20),
        actor=Actor.for_user(cast.commune_committee),
    )
    assert e.stage == EnrolmentStage.RECOGNISED and e.recognition_number == "123-QĐ/ĐU"
    client.force_login(cast.commune_committee)
    pdf = client.get(f"/evaluation/model-cells/{e.pk}/certificate.pdf")
    assert pdf.status_code == 200 and pdf.content[:4] == b"%PDF"
    assert_export(pdf, kind="recognition_certificate", user=cast.commune_committee)
    plan = client.get(f"/evaluation/model-cells/{e.pk}/files/plan/")
    assert_export(plan, kind="", audited=False)
    client.force_login(cast.outsider)
    assert client.get(f"/evaluation/model-cells/{e.pk}/").status_code == 404
    assert client.get(f"/evaluation/model-cells/{e.pk}/certificate.pdf").status_code == 404
    # Recognition can lapse or be withdrawn.
    e = services.end_recognition(
        enrolment=e,
        stage=EnrolmentStage.WITHDRAWN,
        ended_on=D(2025, 6, 1),
        reason="Vi phạm",
        actor=Actor.for_user(cast.commune_committee),
    )
    assert e.stage == EnrolmentStage.WITHDRAWN


def test_it_refuses_recognising_a_cell_that_has_not_registered(cast):
    scheme = model_scheme(cast)
    with pytest.raises(ValidationError, match="chưa đăng ký"):
        services.recognise_model_cell(
            scheme=scheme,
            organization=cast.cell_a,
            decision_number="1",
            recognised_on=D(2024, 12, 1),
            actor=Actor.system("command:test"),
        )


def test_it_refuses_recognising_a_cell_whose_appraisal_failed(cast):
    scheme = model_scheme(cast)
    e = run_to_appraisal(cast, scheme, cast.cell_a, factor=Decimal("0.5"))
    assert e.appraisal_passed is False
    with pytest.raises(ValidationError, match="không đạt"):
        services.recognise_model_cell(
            scheme=scheme,
            organization=cast.cell_a,
            decision_number="1",
            recognised_on=D(2024, 12, 20),
            actor=Actor.system("command:test"),
        )


def test_model_cell_steps_out_of_order_are_refused(cast):
    scheme = model_scheme(cast)
    e = services.register_cell(
        scheme=scheme, organization=cast.cell_a, registered_on=D(2024, 3, 1), actor=Actor.system("command:test")
    )
    with pytest.raises(ValidationError, match="chưa có nghị quyết"):
        services.assign_supervisor(
            enrolment=e, supervisor=cast.secretary_member, assigned_on=D(2024, 3, 5), actor=Actor.system("command:test")
        )
    with pytest.raises(ValidationError, match="chưa được phân công"):
        services.assess_model_cell(
            enrolment=e,
            kind="SELF",
            assessed_on=D(2024, 5, 1),
            scores={},
            evidence="x",
            actor=Actor.system("command:test"),
        )
    with pytest.raises(ValidationError, match="đã đăng ký"):
        services.register_cell(
            scheme=scheme, organization=cast.cell_a, registered_on=D(2024, 3, 2), actor=Actor.system("command:test")
        )
    with pytest.raises(ValidationError, match="Chỉ chi bộ"):
        services.register_cell(
            scheme=scheme, organization=cast.base_a, registered_on=D(2024, 3, 2), actor=Actor.system("command:test")
        )
    services.attach_plan(
        enrolment=e,
        resolution_number="1",
        resolution_on=D(2024, 3, 2),
        plan_note="Kế hoạch",
        actor=Actor.system("command:test"),
    )
    services.assign_supervisor(
        enrolment=e, supervisor=cast.secretary_member, assigned_on=D(2024, 3, 5), actor=Actor.system("command:test")
    )
    with pytest.raises(ValidationError, match="chưa tự đánh giá"):
        services.assess_model_cell(
            enrolment=e, kind="APPRAISAL", assessed_on=D(2024, 5, 1), scores={}, actor=Actor.system("command:test")
        )
    scores = full_scores(e)
    first = next(iter(scores))
    scores[first] += 1
    with pytest.raises(ValidationError) as exc:
        services.assess_model_cell(
            enrolment=e,
            kind="SELF",
            assessed_on=D(2024, 5, 1),
            scores=scores,
            evidence="x",
            actor=Actor.system("command:test"),
        )
    assert f"score_{first}" in exc.value.message_dict


def test_progress_against_targets_per_subtree_and_cell_type(cast):
    """02-ĐA/TU targets: 50% of chi bộ cơ sở, 20% of chi bộ trực thuộc by the end."""
    scheme = model_scheme(cast)
    extra = cell(cast.commune_a, name="Chi bộ thôn Tây", code="HY.A.3")
    run_to_appraisal(cast, scheme, cast.cell_a)
    services.recognise_model_cell(
        scheme=scheme,
        organization=cast.cell_a,
        decision_number="1",
        recognised_on=D(2024, 12, 20),
        actor=Actor.system("command:test"),
    )
    services.register_cell(
        scheme=scheme, organization=extra, registered_on=D(2024, 3, 1), actor=Actor.system("command:test")
    )
    kinds, types = recognition_data.model_cell_progress(scheme, cast.commune_a)
    base, sub = kinds
    assert (base.total, base.registered, base.recognised) == (2, 2, 1)
    assert base.percent == 50 and base.reached and base.needed == 0
    assert (sub.total, sub.recognised, sub.target) == (1, 0, 20) and sub.needed == 1 and not sub.reached
    assert sum(t.total for t in types) == 3
    # The province sees commune B's cell too; commune B alone has nothing recognised.
    assert recognition_data.model_cell_progress(scheme, cast.province)[0][0].total == 3
    assert recognition_data.model_cell_progress(scheme, cast.commune_b)[0][0].recognised == 0
    svg = recognition_data.chart(kinds)
    assert svg["bars"][0]["row"].bar == "50.0" and svg["bars"][0]["row"].target_x == "50.0"


def four_good(cast):
    return services.create_scheme(
        kind=SchemeKind.FOUR_GOOD,
        organization=cast.province,
        title="Chi bộ, đảng bộ cơ sở bốn tốt",
        reference="07-KH/TW",
        start_year=2023,
        end_year=2026,
        actor=Actor.system("command:test"),
    )


def test_four_good_has_four_groups_and_prefills_from_evaluation_results(cast):
    """KH 07-KH/TW: four criteria groups; evaluation results feed the scores the system can compute."""
    scheme = four_good(cast)
    assert sorted(set(scheme.criteria.values_list("group", flat=True))) == [1, 2, 3, 4]
    assert sum(c.max_score for c in scheme.criteria.all()) == 100
    campaign = open_2025(cast)
    run_member(cast, campaign, cast.member_member, "HTTNV", 80)
    run_member(cast, campaign, cast.secretary_member, "HTNV", 60)
    prefill = recognition_data.four_good_prefill(scheme, cast.cell_a, 2025)
    by_source = {scheme.criteria.get(pk=cid).source: value for cid, value in prefill.items()}
    share, note = by_source[CriterionSource.MEMBERS_GOOD_SHARE]
    assert share == Decimal("7.50") and "1/2" in note  # 15 points × 1 of 2 members HTTNV or better
    assert by_source[CriterionSource.NO_MEMBER_NOT_COMPLETED][0] == 5
    assert by_source[CriterionSource.NO_STRUCK_OFF][0] == 10
    assert CriterionSource.ORG_GRADE not in by_source  # the cell itself was not graded: left to a manual score


def test_four_good_assessment_and_recognition_list(cast):
    scheme = four_good(cast)
    full = {c.pk: c.max_score for c in scheme.criteria.all()}
    a = services.assess_four_good(
        scheme=scheme,
        organization=cast.cell_a,
        year=2025,
        assessed_on=D(2025, 12, 15),
        scores=full,
        actor=Actor.system("command:test"),
    )
    assert a.passed and a.total == 100
    low = {cid: Decimal(0) for cid in full}
    b = services.assess_four_good(
        scheme=scheme,
        organization=cast.base_a,
        year=2025,
        assessed_on=D(2025, 12, 15),
        scores=low,
        actor=Actor.system("command:test"),
    )
    with pytest.raises(ValidationError, match="chưa đạt"):
        services.recognise_four_good(
            assessment=b, decision_number="9", recognised_on=D(2025, 12, 20), actor=Actor.system("command:test")
        )
    services.recognise_four_good(
        assessment=a, decision_number="9-QĐ/ĐU", recognised_on=D(2025, 12, 20), actor=Actor.system("command:test")
    )
    listed = [
        x.organization for x in recognition_data.four_good_assessments(scheme, cast.commune_a, 2025) if x.recognised_on
    ]
    assert listed == [cast.cell_a]
    rows = {r.label: r for r in recognition_data.four_good_progress(scheme, cast.commune_a, 2025)}
    assert (rows["Chi bộ cơ sở"].recognised, rows["Chi bộ cơ sở"].registered, rows["Chi bộ cơ sở"].total) == (1, 1, 1)
    assert (rows["Đảng bộ cơ sở"].recognised, rows["Đảng bộ cơ sở"].registered) == (0, 1)
    with pytest.raises(ValidationError, match="đã có quyết định công nhận"):
        services.assess_four_good(
            scheme=scheme,
            organization=cast.cell_a,
            year=2025,
            assessed_on=D(2025, 12, 16),
            scores=full,
            actor=Actor.system("command:test"),
        )
    with pytest.raises(ValidationError, match="chi bộ và đảng bộ cơ sở"):
        services.assess_four_good(
            scheme=scheme,
            organization=cast.commune_a,
            year=2025,
            assessed_on=D(2025, 12, 16),
            scores=full,
            actor=Actor.system("command:test"),
        )


def test_scheme_pages_render_and_outsiders_get_404(cast, client):
    scheme = model_scheme(cast)
    fg = four_good(cast)
    client.force_login(cast.commune_committee)
    page = client.get(f"/evaluation/schemes/{scheme.pk}/").content.decode()
    assert "Tiến độ so với chỉ tiêu" in page and "<svg" in page and "chỉ tiêu 50%" in page
    response = client.post(
        f"/evaluation/schemes/{scheme.pk}/", {"organization": cast.cell_a.pk, "registered_on": "01/03/2024"}
    )
    assert response.status_code == 302
    page = client.get(f"/evaluation/schemes/{fg.pk}/?year=2025").content.decode()
    assert "Chi bộ thôn Đông" in page
    form = client.get(f"/evaluation/schemes/{fg.pk}/four-good/{cast.cell_a.pk}/2025/").content.decode()
    assert "Lãnh đạo thực hiện tốt nhiệm vụ chính trị" in form and "Từ dữ liệu" in form
    report = client.get(f"/evaluation/schemes/{fg.pk}/report.xlsx?year=2025")
    assert report.status_code == 200 and report.content[:2] == b"PK"
    assert assert_export(report, kind="recognition_scheme").data["params"] == {"scheme": fg.pk}
    client.force_login(cast.outsider)
    assert client.get(f"/evaluation/schemes/{fg.pk}/four-good/{cast.cell_a.pk}/2025/").status_code == 404
    assert "Chi bộ thôn Đông" not in client.get(f"/evaluation/schemes/{scheme.pk}/").content.decode()


def test_progress_by_organisation_under_a_subtree(cast, client):
    """02-ĐA/TU targets checked for each commune under the province."""
    scheme = model_scheme(cast)
    run_to_appraisal(cast, scheme, cast.cell_a)
    services.recognise_model_cell(
        scheme=scheme,
        organization=cast.cell_a,
        decision_number="1",
        recognised_on=D(2024, 12, 20),
        actor=Actor.system("command:test"),
    )
    rows = {r.org: r for r in recognition_data.model_cell_progress_by_child(scheme, cast.province)}
    client.force_login(cast.provincial_officer)
    import io

    from openpyxl import load_workbook

    sheet = load_workbook(io.BytesIO(client.get(f"/evaluation/schemes/{scheme.pk}/report.xlsx").content)).active
    lines = {row[0]: row for row in sheet.iter_rows(min_row=2, values_only=True)}
    assert lines[cast.commune_a.name][1:6] == (1, 1, 1, 100.0, 50)
    a, b = rows[cast.commune_a], rows[cast.commune_b]
    assert (a.base.recognised, a.base.total, a.base.reached) == (1, 1, True)
    assert (a.cell.recognised, a.cell.total, a.cell.needed) == (0, 1, 1)
    assert (b.base.recognised, b.base.total, b.base.reached) == (0, 1, False)


def test_model_cell_flow_through_the_pages(cast, client, settings, tmp_path):
    """The same flow on the pages: the chi ủy registers, plans and assesses; the committee above supervises,
    appraises and recognises; each side sees only its own forms."""
    settings.PRIVATE_ROOT = tmp_path
    client.force_login(cast.provincial_officer)
    response = client.post(
        f"/evaluation/schemes/new/in/{cast.province.pk}/",
        {
            "kind": "MODEL_CELL",
            "title": "Đề án chi bộ kiểu mẫu",
            "reference": "02-ĐA/TU",
            "start_year": "2022",
            "end_year": "2026",
            "target_base_cell_percent": "50",
            "target_cell_percent": "20",
            "pass_score": "80",
        },
    )
    assert response.status_code == 302
    scheme_url = response["Location"]
    client.force_login(cast.cell_secretary)
    assert client.get(f"/evaluation/schemes/new/in/{cast.province.pk}/").status_code == 404
    assert client.post(scheme_url, {"organization": cast.cell_a.pk, "registered_on": "01/03/2025"}).status_code == 302
    from sotay.evaluation.models import ModelCellEnrolment

    e = ModelCellEnrolment.objects.get()
    url = f"/evaluation/model-cells/{e.pk}/"
    plan = SimpleUploadedFile("ke-hoach.pdf", blank_pdf(), content_type="application/pdf")
    r = client.post(url + "plan/", {"resolution_number": "01-NQ/CB", "resolution_on": "05/03/2025", "plan_file": plan})
    assert r.status_code == 302
    assert (
        client.post(
            url + "supervisor/", {"supervisor": cast.secretary_member.pk, "assigned_on": "06/03/2025"}
        ).status_code
        == 404
    )
    client.force_login(cast.commune_committee)
    page = client.get(url).content.decode()
    assert "Phân công cấp ủy viên phụ trách" in page  # the committee above may also record for the cell
    assert (
        client.post(
            url + "supervisor/", {"supervisor": cast.secretary_member.pk, "assigned_on": "06/03/2025"}
        ).status_code
        == 302
    )
    e.refresh_from_db()
    scores = {f"score_{c.pk}": str(c.max_score) for c in e.scheme.criteria_for(e.organization.cell_type)}
    client.force_login(cast.cell_secretary)
    self_data = {"self-assessed_on": "01/11/2025", "self-period_label": "Năm 2025", "self-evidence": "Biên bản"}
    self_data.update({f"self-{k}": v for k, v in scores.items()})
    assert client.post(url + "self/", self_data).status_code == 302
    client.force_login(cast.commune_committee)
    appraisal = {"appraisal-assessed_on": "10/11/2025", "appraisal-period_label": "Năm 2025"}
    appraisal.update({f"appraisal-{k}": v for k, v in scores.items()})
    assert client.post(url + "appraisal/", appraisal).status_code == 302
    assert (
        client.post(url + "recognise/", {"decision_number": "99-QĐ/ĐU", "recognised_on": "20/11/2025"}).status_code
        == 302
    )
    e.refresh_from_db()
    assert e.stage == EnrolmentStage.RECOGNISED
    assert "Giấy chứng nhận (PDF)" in client.get(url).content.decode()


def test_four_good_prefills_meetings_attendance_and_admissions_from_the_other_records(cast):
    """KH 07-KH/TW "bốn tốt": the system's own records feed group 2 (meetings held, attendance) and group 4
    (admissions against the NQ 21 target); without such records the criteria stay manual."""
    from sotay.admissions import funnel
    from sotay.meetings import checkin
    from sotay.meetings.models import AttendanceStatus
    from sotay.meetings.tests.helpers import at, meeting_of
    from sotay.members.tests.factories import MemberFactory

    scheme = four_good(cast)
    before = recognition_data.four_good_prefill(scheme, cast.cell_a, 2025)
    sources = {scheme.criteria.get(pk=cid).source for cid in before}
    assert not sources & {"MEETINGS_REGULAR", "MEETING_ATTENDANCE", "ADMISSION_TARGET"}

    everyone = [cast.secretary_member, cast.member_member, *cast.others_a]  # 4 members called
    for month in (1, 2, 3, 4, 5, 6):  # six of twelve months; three of four members each time
        meeting = meeting_of(cast, starts_at=at(2025, month, 15))
        for member in everyone[:3]:
            checkin.mark(
                meeting=meeting,
                member=member,
                status=AttendanceStatus.PRESENT,
                actor=Actor.for_user(cast.cell_secretary),
            )
        checkin.close_checkin(meeting=meeting, actor=Actor.for_user(cast.cell_secretary))
    funnel.set_target(organization=cast.cell_a, year=2025, target=2, actor=Actor.system("command:test"))
    MemberFactory(organization=cast.cell_a, joined_on=dt.date(2025, 5, 19), official_on=None, status="PROBATIONARY")

    prefill = recognition_data.four_good_prefill(scheme, cast.cell_a, 2025)
    by_source = {scheme.criteria.get(pk=cid).source: value for cid, value in prefill.items()}
    assert by_source[CriterionSource.MEETINGS_REGULAR][0] == Decimal("7.50")  # 15 × 6/12 months
    assert by_source[CriterionSource.MEETING_ATTENDANCE][0] == Decimal("7.50")  # 10 × 75 %
    assert by_source[CriterionSource.ADMISSION_TARGET][0] == Decimal("2.50")  # 5 × 1 of 2
    assert "1/2" in by_source[CriterionSource.ADMISSION_TARGET][1]
