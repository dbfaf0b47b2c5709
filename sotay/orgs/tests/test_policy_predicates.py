"""Permission predicates the pages ask, in the policy (issue 12 §1: moved out of members/transfer_views.py and
admissions/views.py)."""

from __future__ import annotations

from types import SimpleNamespace

from sotay.orgs import policy


def test_the_sending_side_cancels_and_the_receiving_side_records_arrival(cast):
    """Hướng dẫn 01-HD/TW (chuyển sinh hoạt đảng): the sending chi bộ issues and may withdraw the letter; the
    receiving one records the arrival; out of the province the sender records the confirmation."""
    inside = SimpleNamespace(from_org=cast.cell_a, to_org=cast.cell_b)
    out_of_province = SimpleNamespace(from_org=cast.cell_a, to_org=None)
    assert policy.may_cancel_transfer(cast.cell_secretary, inside)
    assert not policy.may_cancel_transfer(cast.outsider, inside)
    assert policy.may_receive_transfer(cast.outsider, inside)  # the secretary of the receiving cell in commune B
    assert not policy.may_receive_transfer(cast.cell_secretary, inside)
    assert policy.may_receive_transfer(cast.cell_secretary, out_of_province)
    assert not policy.may_receive_transfer(cast.member, out_of_province)


def test_the_committee_above_sets_a_development_target(cast):
    """NQ 21 (the admission funnel): the committee directly above gives an organisation its target."""
    assert policy.may_set_admission_target(cast.commune_committee, cast.cell_a)
    assert not policy.may_set_admission_target(cast.cell_secretary, cast.cell_a)
    assert not policy.may_set_admission_target(cast.outsider, cast.cell_a)
