"""The tally engine: base, threshold, ballot validity, results, surplus (Quy chế bầu cử 190-QĐ/TW; 244-QĐ/TW Điều 17
and Điều 32 where 190 keeps them). No database."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sotay.congresses import tally
from sotay.congresses.tally import Ballot, BallotCounts, TallyError

NAMES = ["Nguyễn Văn An", "Trần Thị Bình", "Lê Văn Cường", "Phạm Thị Dung", "Hoàng Văn Em", "Đỗ Thị Giang"]


def members_base(summoned=30, **excluded):
    return tally.compute_base(tally.MEMBERS, summoned, excluded)


# -- the base (244-QĐ/TW Điều 32 khoản 2–3; 01-HD/TW 2016 điểm 13.2) ---------------------------------------------


def test_members_base_deducts_each_kind_with_its_reason_244_dieu_32_khoan_2():
    base = members_base(30, temporary_transfer=2, exempt_absent=1, suspended=1, absent_approved=3)
    assert base.value == 23
    assert [d.code for d in base.deductions] == ["temporary_transfer", "exempt_absent", "suspended", "absent_approved"]
    reasons = {d.code: d.reason for d in base.deductions}
    assert "tạm thời" in reasons["temporary_transfer"]
    assert "miễn sinh hoạt" in reasons["exempt_absent"]
    assert "đình chỉ" in reasons["suspended"]


def test_delegates_base_deducts_only_approved_absence_244_dieu_32_khoan_3():
    base = tally.compute_base(tally.DELEGATES, 150, {"absent_approved": 4})
    assert base.value == 146
    assert [d.code for d in base.deductions] == ["absent_approved"]
    with pytest.raises(TallyError, match="absent_approved"):
        tally.compute_base(tally.DELEGATES, 150, {"temporary_transfer": 1})


def test_more_exclusions_than_summoned_is_refused():
    with pytest.raises(TallyError, match="nhiều hơn số được triệu tập"):
        members_base(3, temporary_transfer=2, suspended=2)


def test_negative_or_unknown_deduction_is_refused():
    with pytest.raises(TallyError):
        members_base(10, suspended=-1)
    with pytest.raises(TallyError):
        members_base(10, sick=1)


# -- the threshold: more than half of the base ---------------------------------------------------------------------


@pytest.mark.parametrize(("base", "needed"), [(0, 1), (1, 1), (2, 2), (3, 2), (19, 10), (20, 11), (21, 11), (22, 12)])
def test_threshold_is_smallest_number_more_than_half_190_qd_tw_qua_ban(base, needed):
    assert tally.threshold(base) == needed
    assert needed * 2 > base
    assert (needed - 1) * 2 <= base


def test_base_20_elects_with_11_and_not_with_10():
    base = members_base(20)
    result = tally.tally_votes(
        base=base, seats=2, candidates=NAMES[:3], votes={NAMES[0]: 11, NAMES[1]: 10, NAMES[2]: 9}
    )
    assert result.threshold == 11
    assert result.elected == (NAMES[0],)
    assert result.vacant == 1
    assert result.rerun == ()


# -- ballot validity (244-QĐ/TW Điều 17) -------------------------------------------------------------------------


def test_ballot_not_issued_by_counting_committee_is_invalid_dieu_17():
    check = tally.check_ballot(Ballot((NAMES[0],), issued=False), seats=2, candidates=NAMES[:3])
    assert not check.valid
    assert "Ban kiểm phiếu" in check.reason


def test_ballot_keeping_more_names_than_seats_is_invalid_dieu_17():
    check = tally.check_ballot(Ballot(tuple(NAMES[:3])), seats=2, candidates=NAMES[:4])
    assert not check.valid
    assert "nhiều hơn số lượng cần bầu" in check.reason


def test_ballot_with_every_name_crossed_out_is_valid_dieu_17():
    assert tally.check_ballot(Ballot(()), seats=2, candidates=NAMES[:3]).valid


def test_unknown_name_on_a_ballot_is_an_input_error():
    with pytest.raises(TallyError, match="không có trong danh sách"):
        tally.check_ballot(Ballot(("Người Lạ",)), seats=2, candidates=NAMES[:3])


def test_ballot_by_ballot_counts_only_valid_ballots():
    base = members_base(5)
    ballots = [
        Ballot((NAMES[0], NAMES[1])),
        Ballot((NAMES[0],)),
        Ballot(()),
        Ballot((NAMES[0], NAMES[1], NAMES[2])),  # too many names: invalid
        Ballot((NAMES[2],), issued=False),  # not issued: invalid
    ]
    result = tally.tally_ballots(base=base, seats=2, candidates=NAMES[:3], ballots=ballots, issued=5)
    votes = {c.name: c.votes for c in result.candidates}
    assert votes == {NAMES[0]: 2, NAMES[1]: 1, NAMES[2]: 0}
    assert (result.counts.issued, result.counts.returned, result.counts.valid, result.counts.invalid) == (5, 5, 3, 2)
    assert [b.number for b in result.invalid_ballots] == [4, 5]
    assert result.threshold == 3 and result.elected == () and result.vacant == 2


def test_more_committee_ballots_in_the_box_than_issued_is_refused():
    with pytest.raises(TallyError, match="nhiều hơn số phiếu đã phát"):
        tally.tally_ballots(base=members_base(5), seats=1, candidates=NAMES[:2], ballots=[Ballot(())] * 3, issued=2)


def test_counts_must_add_up():
    base = members_base(20)
    with pytest.raises(TallyError, match="phải bằng số phiếu thu vào"):
        tally.tally_votes(
            base=base,
            seats=1,
            candidates=NAMES[:2],
            votes={},
            counts=BallotCounts(issued=18, returned=18, valid=16, invalid=1),
        )
    with pytest.raises(TallyError, match="nhiều hơn số phiếu phát ra"):
        tally.tally_votes(
            base=base,
            seats=1,
            candidates=NAMES[:2],
            votes={},
            counts=BallotCounts(issued=17, returned=18, valid=18, invalid=0),
        )


def test_votes_above_valid_ballots_are_refused():
    with pytest.raises(TallyError, match="nhiều hơn số phiếu hợp lệ"):
        tally.tally_votes(
            base=members_base(20),
            seats=1,
            candidates=NAMES[:2],
            votes={NAMES[0]: 17},
            counts=BallotCounts(issued=18, returned=18, valid=16, invalid=2),
        )


def test_fewer_candidates_than_seats_is_refused():
    with pytest.raises(TallyError, match="ít hơn số lượng cần bầu"):
        tally.tally_votes(base=members_base(20), seats=3, candidates=NAMES[:2], votes={})


# -- results -----------------------------------------------------------------------------------------------------


def test_elected_in_descending_order_up_to_the_seats():
    result = tally.tally_votes(
        base=members_base(20),
        seats=2,
        candidates=NAMES[:4],
        votes={NAMES[0]: 12, NAMES[1]: 19, NAMES[2]: 15, NAMES[3]: 14},
    )
    assert result.elected == (NAMES[1], NAMES[2])
    assert result.vacant == 0
    assert [c.name for c in result.candidates] == [NAMES[1], NAMES[2], NAMES[3], NAMES[0]]
    assert str(result.candidates[0].percent) == "95.00"


def test_tie_at_the_cut_off_elects_none_of_the_tied_and_lists_them_for_a_further_round():
    result = tally.tally_votes(
        base=members_base(20),
        seats=2,
        candidates=NAMES[:4],
        votes={NAMES[0]: 18, NAMES[1]: 14, NAMES[2]: 14, NAMES[3]: 3},
    )
    assert result.elected == (NAMES[0],)
    assert set(result.rerun) == {NAMES[1], NAMES[2]}
    assert result.vacant == 1


def test_tie_below_the_cut_off_does_not_matter():
    result = tally.tally_votes(
        base=members_base(20),
        seats=2,
        candidates=NAMES[:4],
        votes={NAMES[0]: 18, NAMES[1]: 16, NAMES[2]: 14, NAMES[3]: 14},
    )
    assert result.elected == (NAMES[0], NAMES[1])
    assert result.rerun == ()


def test_tie_below_the_threshold_is_a_vacancy_not_a_rerun():
    result = tally.tally_votes(
        base=members_base(20),
        seats=2,
        candidates=NAMES[:4],
        votes={NAMES[0]: 18, NAMES[1]: 9, NAMES[2]: 9, NAMES[3]: 2},
    )
    assert result.elected == (NAMES[0],)
    assert result.rerun == ()
    assert result.vacant == 1


# -- surplus (190-QĐ/TW Điều 14) ---------------------------------------------------------------------------------


def test_convening_list_needs_10_to_15_percent_surplus_190_dieu_14():
    rules = tally.rules_on(date(2025, 1, 1))
    assert rules.source == "190-QĐ/TW"
    ok = tally.check_surplus(seats=20, candidates=22, stage=tally.CONVENING, rules=rules)
    assert all(f.ok for f in ok)
    bad = tally.check_surplus(seats=20, candidates=24, stage=tally.CONVENING, rules=rules)
    assert not bad[0].ok
    assert "190-QĐ/TW Điều 14" in bad[0].message
    assert "10–15%" in bad[0].message
    assert not tally.check_surplus(seats=20, candidates=21, stage=tally.CONVENING, rules=rules)[0].ok


def test_small_lists_allow_one_extra_candidate():
    assert tally.surplus_bounds(5, tally.CONVENING, tally.rules_on()) == tally.SurplusBounds(1, 1)
    assert tally.check_surplus(seats=5, candidates=6, stage=tally.CONVENING)[0].ok


def test_congress_list_may_carry_at_most_30_percent_190_dieu_14():
    assert tally.check_surplus(seats=10, candidates=13, stage=tally.CONGRESS)[0].ok
    finding = tally.check_surplus(seats=10, candidates=14, stage=tally.CONGRESS)[0]
    assert not finding.ok
    assert "30%" in finding.message


def test_no_surplus_required_for_a_secretary():
    assert tally.check_surplus(seats=1, candidates=1, stage=tally.CONVENING, surplus_required=False) == []


def test_floor_nominee_needs_more_than_30_percent_of_those_present_190_dieu_14():
    assert not tally.floor_nominee_approved(approvals=30, present=100).ok
    assert tally.floor_nominee_approved(approvals=31, present=100).ok
    assert not tally.floor_nominee_approved(approvals=6, present=20).ok
    assert tally.floor_nominee_approved(approvals=7, present=20).ok
    with pytest.raises(TallyError):
        tally.floor_nominee_approved(approvals=21, present=20)


def test_rules_are_versioned_by_effective_date():
    assert tally.rules_on(date(2020, 1, 1)).source == "244-QĐ/TW"
    assert tally.rules_on(date(2024, 10, 10)).source == "190-QĐ/TW"
    assert not tally.rules_on(date(2026, 1, 1)).checked


# -- properties over random elections ----------------------------------------------------------------------------


@st.composite
def elections(draw):
    n = draw(st.integers(1, 6))
    candidates = NAMES[:n]
    seats = draw(st.integers(1, n))
    summoned = draw(st.integers(0, 40))
    base = members_base(summoned, suspended=draw(st.integers(0, summoned)))
    votes = {name: draw(st.integers(0, summoned)) for name in candidates}
    return base, seats, candidates, votes


@given(elections())
@settings(max_examples=300, deadline=None)
def test_property_winners_have_more_than_half_of_the_base(election):
    base, seats, candidates, votes = election
    result = tally.tally_votes(base=base, seats=seats, candidates=candidates, votes=votes)
    for name in result.elected:
        assert votes[name] * 2 > base.value


@given(elections())
@settings(max_examples=300, deadline=None)
def test_property_never_more_elected_than_seats_and_vacancies_add_up(election):
    base, seats, candidates, votes = election
    result = tally.tally_votes(base=base, seats=seats, candidates=candidates, votes=votes)
    assert len(result.elected) <= seats
    assert len(result.elected) + result.vacant == seats
    assert not set(result.elected) & set(result.rerun)


@given(elections())
@settings(max_examples=300, deadline=None)
def test_property_a_tie_never_elects_only_some_of_the_tied(election):
    base, seats, candidates, votes = election
    result = tally.tally_votes(base=base, seats=seats, candidates=candidates, votes=votes)
    elected = set(result.elected)
    for name in elected:
        tied = {n for n in candidates if votes[n] == votes[name]}
        assert tied <= elected
    if result.rerun:
        cut = votes[result.rerun[0]]
        assert all(votes[n] == cut for n in result.rerun)
        assert len(elected) + len(result.rerun) > seats


@given(elections())
@settings(max_examples=200, deadline=None)
def test_property_elected_beat_everyone_not_elected(election):
    base, seats, candidates, votes = election
    result = tally.tally_votes(base=base, seats=seats, candidates=candidates, votes=votes)
    others = [votes[n] for n in candidates if n not in result.elected]
    for name in result.elected:
        assert all(votes[name] > v for v in others)


@given(st.integers(1, 6), st.data())
@settings(max_examples=200, deadline=None)
def test_property_ballot_count_matches_totals_count(n, data):
    candidates = NAMES[:n]
    seats = data.draw(st.integers(1, n))
    ballots = data.draw(
        st.lists(
            st.builds(Ballot, st.lists(st.sampled_from(candidates), unique=True).map(tuple), st.booleans()),
            max_size=30,
        )
    )
    base = members_base(30)
    by_ballot = tally.tally_ballots(base=base, seats=seats, candidates=candidates, ballots=ballots)
    valid = [b for b in ballots if b.issued and len(b.kept) <= seats]
    assert by_ballot.counts.valid == len(valid)
    assert by_ballot.counts.valid + by_ballot.counts.invalid == len(ballots)
    totals = {name: sum(name in b.kept for b in valid) for name in candidates}
    by_totals = tally.tally_votes(base=base, seats=seats, candidates=candidates, votes=totals)
    assert by_totals.elected == by_ballot.elected and by_totals.rerun == by_ballot.rerun


def test_stored_votes_are_read_most_first_whatever_order_the_database_kept():
    """PostgreSQL's jsonb sorts a dict's keys, so the result's order is rebuilt on reading (ties by given name)."""
    stored = {"votes": {"Lê Văn Cường": {"votes": 4}, "Trần Thị Bình": {"votes": 8}, "Nguyễn Văn Ấn": {"votes": 4}}}
    assert [name for name, _ in tally.ordered_votes(stored)] == ["Trần Thị Bình", "Nguyễn Văn Ấn", "Lê Văn Cường"]
