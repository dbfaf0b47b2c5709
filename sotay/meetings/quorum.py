"""Quorum and majority: Điều lệ Đảng Điều 9 khoản 5 — a resolution needs more than half of the members who count
agreeing (24-QĐ/TW and 294-QĐ/TW §9.3.2 say who counts; `checkin.counts_in_vote`)."""

from __future__ import annotations

from fractions import Fraction

from .conf import setting


def _share(key: str) -> Fraction:
    return Fraction(str(setting(key))).limit_denominator(1000)


def quorum_met(present: int, eligible: int) -> bool:
    """More than the quorum share (default one half) of the members who count are present."""
    return eligible > 0 and present > eligible * _share("meetings.quorum_share")


def vote_passes(votes_for: int, eligible: int) -> bool:
    """More than the pass share (default one half) of the members who count vote for (not of those present)."""
    return eligible > 0 and votes_for > eligible * _share("meetings.pass_share")
