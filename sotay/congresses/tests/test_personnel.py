"""The personnel plan reads the committee election's final result across rounds: before counting, the structure
targets (docs/rules/elections-and-congresses.md#cơ-cấu-cấp-ủy, configurable per congress) are checked on the list;
once counted, on the elected of every round, with the seats still vacant."""

from __future__ import annotations

import datetime as dt

from sotay.congresses import rollup, services
from sotay.congresses.models import Body
from sotay.orgs.actor import Actor

HELD = dt.date(2026, 3, 10)


def totals(who, round_, votes: dict[str, int], n: int):
    ids = {c.full_name: c.pk for c in round_.candidates.all()}
    services.record_totals(
        actor=who, round_=round_, issued=n, returned=n, valid=n, invalid=0, votes={ids[k]: v for k, v in votes.items()}
    )


def test_personnel_plan_uses_the_final_result_across_rounds(cast):
    who = Actor.for_user(cast.cell_secretary)
    congress = services.open_congress(actor=who, organization=cast.cell_a, term_label="2027–2032", summoned=10)
    services.update_congress(
        actor=who,
        congress=congress,
        reference_on=HELD,
        targets={"women": 50, "under_40": None, "ethnic": None, "reelected": None},
    )
    election = services.create_election(
        actor=who,
        organization=cast.cell_a,
        congress=congress,
        body=Body.COMMITTEE,
        seats=2,
        held_on=HELD,
        summoned=10,
        present=10,
    )
    first = election.rounds.get()
    bình = services.add_candidate(actor=who, round_=first, member=cast.secretary_member)  # a woman
    for m in cast.others_a:
        services.add_candidate(actor=who, round_=first, member=m)
    before = rollup.personnel(congress)
    assert not before.counted and len(before.people) == 3
    assert before.shares["women"] == (33, 50)  # one woman in three on the list
    # Round 1: Bình below the threshold (6 of base 10), Cường elected, one seat vacant.
    totals(who, first, {bình.full_name: 4, "Lê Văn Cường": 8, "Phạm Đức Dũng": 5}, 10)
    mid = rollup.personnel(congress)
    assert mid.counted and [p.name for p in mid.people if p.elected] == ["Lê Văn Cường"]
    assert any("Còn thiếu 1 trong 2" in w for w in mid.warnings)
    assert mid.shares["women"] == (0, 50) and any("trong số trúng cử" in w for w in mid.warnings)
    # Round 2 for the vacant seat, with a new name: she is elected and the plan reads both rounds.
    second = services.open_next_round(actor=who, election=election, names=["Trần Thị Bình", "Hoàng Thị Lan"])
    totals(who, second, {"Trần Thị Bình": 7, "Hoàng Thị Lan": 3}, 10)
    after = rollup.personnel(congress)
    assert [p.name for p in after.people if p.elected] == ["Trần Thị Bình", "Lê Văn Cường"]
    assert {p.name: p.round_number for p in after.people}["Hoàng Thị Lan"] == 2
    assert after.shares["women"] == (50, 50)
    assert not any("Còn thiếu" in w or "Nữ" in w for w in after.warnings)
