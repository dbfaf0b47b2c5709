"""Elections and congresses in the database: rounds, counting both ways, further rounds, approval (chuẩn y) by the
committee above (Quy chế bầu cử 190-QĐ/TW), and who may do what."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from sotay.congresses import services
from sotay.congresses.models import Body, CandidateSource, ElectionStatus, StepStatus
from sotay.orgs.actor import Actor
from sotay.orgs.models import Role, RoleGrant
from sotay.orgs.policy import NotAllowed

HELD = dt.date(2026, 3, 10)


def blank_pdf() -> bytes:
    """A valid one-page PDF (uploads are opened with pypdf, so a stub would be refused)."""
    import io

    from pypdf import PdfWriter

    writer, out = PdfWriter(), io.BytesIO()
    writer.add_blank_page(width=595, height=842)
    writer.write(out)
    return out.getvalue()


def actor(user):
    return Actor.for_user(user)


def cell_election(cast, *, seats=3, summoned=20, excluded=None, present=18):
    return services.create_election(
        actor=actor(cast.cell_secretary),
        organization=cast.cell_a,
        body=Body.COMMITTEE,
        seats=seats,
        held_on=HELD,
        summoned=summoned,
        excluded=excluded or {},
        present=present,
        counting_committee=["Lê Văn Cường", "Phạm Đức Dũng", "Nguyễn Văn Ấn"],
    )


def add(cast, round_, *names, **kw):
    return [services.add_candidate(actor=actor(cast.cell_secretary), round_=round_, full_name=n, **kw) for n in names]


def test_candidates_are_listed_by_given_name(cast):
    election = cell_election(cast)
    round_ = election.rounds.get()
    add(cast, round_, "Trần Thị Bình", "Nguyễn Văn Ấn", "Lê Văn Cường", "Phạm Đức Dũng")
    assert [c.full_name for c in round_.candidates.all()] == [
        "Nguyễn Văn Ấn",
        "Trần Thị Bình",
        "Lê Văn Cường",
        "Phạm Đức Dũng",
    ]


def test_floor_nominee_needs_more_than_30_percent_of_those_present_190_qd_tw_dieu_14(cast):
    election = cell_election(cast, present=20)
    round_ = election.rounds.get()
    with pytest.raises(ValidationError, match="190-QĐ/TW Điều 14"):
        add(cast, round_, "Vũ Thị Hoa", source=CandidateSource.FLOOR, approvals=6)
    (nominee,) = add(cast, round_, "Vũ Thị Hoa", source=CandidateSource.FLOOR, approvals=7)
    assert nominee.source == CandidateSource.FLOOR


def test_surplus_findings_name_the_rule(cast):
    election = cell_election(cast, seats=3)
    round_ = election.rounds.get()
    add(cast, round_, "Trần Thị Bình", "Nguyễn Văn Ấn", "Lê Văn Cường")
    (finding,) = services.surplus_findings(round_)
    assert not finding.ok and "Điều 14" in finding.message
    add(cast, round_, "Phạm Đức Dũng")
    assert all(f.ok for f in services.surplus_findings(round_))


def test_count_by_totals_then_further_round_for_the_tie_then_approval_grants_roles(cast):
    election = cell_election(cast, seats=2, summoned=21, excluded={"temporary_transfer": 1})
    round_ = election.rounds.get()
    a, b, c = add(cast, round_, "Trần Thị Bình", "Lê Văn Cường", "Phạm Đức Dũng")
    a.member = cast.secretary_member
    a.save()
    result = services.record_totals(
        actor=actor(cast.cell_secretary),
        round_=round_,
        issued=20,
        returned=20,
        valid=20,
        invalid=0,
        votes={a.pk: 16, b.pk: 12, c.pk: 12},
    )
    assert result.base.value == 20 and result.threshold == 11
    assert result.elected == ("Trần Thị Bình",)
    assert set(result.rerun) == {"Lê Văn Cường", "Phạm Đức Dũng"}
    election.refresh_from_db()
    assert election.status == ElectionStatus.DONE
    second = services.open_next_round(actor=actor(cast.cell_secretary), election=election)
    assert second.number == 2 and second.seats == 1
    assert {x.full_name for x in second.candidates.all()} == {"Lê Văn Cường", "Phạm Đức Dũng"}
    by_name = {x.full_name: x for x in second.candidates.all()}
    services.record_totals(
        actor=actor(cast.cell_secretary),
        round_=second,
        issued=18,
        returned=18,
        valid=18,
        invalid=0,
        votes={by_name["Lê Văn Cường"].pk: 13, by_name["Phạm Đức Dũng"].pk: 5},
    )
    assert [x.full_name for x in services.elected_so_far(election)] == ["Trần Thị Bình", "Lê Văn Cường"]
    assert election.rounds.count() == 2  # every round is kept

    # A cell cannot approve its own election (the competent committee is the one above).
    with pytest.raises(NotAllowed):
        services.approve_election(
            actor=actor(cast.cell_secretary),
            election=election,
            decision="12-QĐ/ĐU",
            approved_on=HELD,
            term_starts_on=HELD,
        )
    grants = services.approve_election(
        actor=actor(cast.commune_committee),
        election=election,
        decision="12-QĐ/ĐU",
        approved_on=dt.date(2026, 3, 20),
        term_starts_on=dt.date(2026, 3, 20),
    )
    election.refresh_from_db()
    assert election.status == ElectionStatus.APPROVED
    assert len(grants) == 1
    grant = RoleGrant.objects.get(user=cast.cell_secretary, organization=cast.cell_a, role=Role.CELL_COMMITTEE)
    assert grant.starts_on == dt.date(2026, 3, 20)
    assert grant.decision == "12-QĐ/ĐU"
    assert grant.granted_by == cast.commune_committee


def test_commune_committee_cannot_approve_its_own_election(cast):
    election = services.create_election(
        actor=actor(cast.commune_committee),
        organization=cast.commune_a,
        body=Body.COMMITTEE,
        seats=1,
        held_on=HELD,
        summoned=10,
    )
    round_ = election.rounds.get()
    a, b = [
        services.add_candidate(actor=actor(cast.commune_committee), round_=round_, full_name=n)
        for n in ("Trần Thị Bình", "Lê Văn Cường")
    ]
    services.record_totals(
        actor=actor(cast.commune_committee), round_=round_, issued=10, returned=10, valid=10, invalid=0, votes={a.pk: 8}
    )
    with pytest.raises(NotAllowed):
        services.approve_election(
            actor=actor(cast.commune_committee), election=election, decision="1", approved_on=HELD, term_starts_on=HELD
        )
    services.approve_election(
        actor=actor(cast.provincial_officer), election=election, decision="1", approved_on=HELD, term_starts_on=HELD
    )


def test_ballot_by_ballot_with_an_invalid_ballot(cast):
    election = cell_election(cast, seats=2, summoned=4, present=4)
    round_ = election.rounds.get()
    a, b, c = add(cast, round_, "Trần Thị Bình", "Lê Văn Cường", "Phạm Đức Dũng")
    who = actor(cast.cell_secretary)
    services.enter_ballot(actor=who, round_=round_, kept_ids=[a.pk, b.pk])
    services.enter_ballot(actor=who, round_=round_, kept_ids=[a.pk, b.pk])
    services.enter_ballot(actor=who, round_=round_, kept_ids=[a.pk])
    bad = services.enter_ballot(actor=who, round_=round_, kept_ids=[a.pk, b.pk, c.pk])
    assert not bad.valid and "nhiều hơn số lượng cần bầu" in bad.reason
    result = services.close_ballot_count(actor=who, round_=round_, issued=4)
    assert (result.counts.valid, result.counts.invalid) == (3, 1)
    assert result.threshold == 3
    assert result.elected == ("Trần Thị Bình",)
    assert result.vacant == 1
    with pytest.raises(ValidationError):
        services.enter_ballot(actor=who, round_=round_, kept_ids=[a.pk])


def test_outsider_cannot_touch_another_communes_election(cast):
    election = cell_election(cast)
    with pytest.raises(NotAllowed) as caught:
        services.add_candidate(actor=actor(cast.outsider), round_=election.rounds.get(), full_name="Người Ngoài")
    assert caught.value.hidden


def test_nonsense_counts_are_refused_and_nothing_changes(cast):
    election = cell_election(cast, seats=1)
    round_ = election.rounds.get()
    a, b = add(cast, round_, "Trần Thị Bình", "Lê Văn Cường")
    with pytest.raises(ValidationError, match="nhiều hơn số phiếu hợp lệ"):
        services.record_totals(
            actor=actor(cast.cell_secretary),
            round_=round_,
            issued=18,
            returned=18,
            valid=17,
            invalid=1,
            votes={a.pk: 18},
        )
    round_.refresh_from_db()
    assert not round_.is_counted


def test_plan_and_step_progress_with_a_document(cast, tmp_path, settings):
    settings.PRIVATE_ROOT = tmp_path
    plan = services.issue_plan(
        actor=actor(cast.commune_committee),
        organization=cast.commune_a,
        title="Đại hội chi bộ trực thuộc nhiệm kỳ 2027–2029",
        term_label="2027–2029",
    )
    assert plan.steps.count() == 10
    congress = services.open_congress(
        actor=actor(cast.cell_secretary), organization=cast.cell_a, term_label="2027–2029", plan=plan, summoned=20
    )
    assert congress.kind == "members"
    progress = congress.progress.get(step__code="BCCT")
    services.record_step(
        actor=actor(cast.cell_secretary),
        progress=progress,
        status=StepStatus.DONE,
        file_name="bao-cao.pdf",
        file_data=blank_pdf(),
    )
    progress.refresh_from_db()
    assert progress.status == StepStatus.DONE and progress.document_name == "bao-cao.pdf"
    # The step the committee above is responsible for is not the cell's to record.
    with pytest.raises(NotAllowed):
        services.record_step(
            actor=actor(cast.cell_secretary), progress=congress.progress.get(step__code="TD"), status=StepStatus.DONE
        )
    # A cell secretary does not issue plans.
    with pytest.raises(NotAllowed):
        services.issue_plan(actor=actor(cast.cell_secretary), organization=cast.cell_a, title="x", term_label="x")


def test_late_steps_are_flagged_once_to_the_committee_above(cast):
    from sotay.congresses.reminders import flag_late_steps
    from sotay.notifications.models import Notification

    who = actor(cast.commune_committee)
    plan = services.issue_plan(actor=who, organization=cast.commune_a, title="Kế hoạch", term_label="2027–2032")
    plan.steps.filter(code="KH").update(offset_days=-30)
    services.open_congress(
        actor=who, organization=cast.cell_a, term_label="2027–2032", plan=plan, planned_on=dt.date(2026, 5, 1)
    )
    today = dt.date(2026, 4, 15)  # KH was due on 01/04/2026
    assert flag_late_steps(today, actor=Actor.system("worker:test")) == 1
    assert Notification.objects.filter(recipient=cast.commune_committee, kind="congress.step_late").count() == 1
    assert Notification.objects.filter(recipient=cast.cell_secretary, kind="congress.step_late").count() == 1
    assert flag_late_steps(today + dt.timedelta(days=1), actor=Actor.system("worker:test")) == 0  # once each
