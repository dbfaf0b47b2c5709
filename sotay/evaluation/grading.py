"""The grade of a score under a criteria set's bands (docs/rules/evaluation.md#thang-điểm-và-mức-xếp-loại, 366-QĐ/TW
Điều 11): one pure function.

A band names a grade, the lowest total score for it and its extra conditions. The grade is the best grade whose
lowest score is reached **and** whose conditions hold. Bands are read as thresholds, not as closed ranges: a score
of 95 without the 30% of tasks above requirement that HTXSNV needs falls to HTTNV (its ≥ 70 is met), never to
KHTNV — which is also what makes the grade monotonic in the score.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

# Best first; the values are the official codes (docs/glossary.md: Grade.EXCELLENT = "HTXSNV" …).
GRADE_ORDER = ("HTXSNV", "HTTNV", "HTNV", "KHTNV")
LOWEST = GRADE_ORDER[-1]


def rank(grade: str) -> int:
    """0 for the best grade; a larger number is a lower grade."""
    return GRADE_ORDER.index(grade)


@dataclass(frozen=True)
class Band:
    grade: str
    min_score: Decimal
    min_tasks_done_percent: Decimal | None = None  # e.g. 100: every task done
    max_tasks_late_percent: Decimal | None = None  # e.g. 0: every task on time; 20 for HTNV
    min_tasks_above_percent: Decimal | None = None  # e.g. 30 for HTXSNV
    needs_collective_conditions: bool = False  # collectives: no one disciplined, every shortcoming fixed


@dataclass(frozen=True)
class Facts:
    """What a self-assessment, review or decision states besides the total score."""

    score: Decimal
    tasks_done_percent: Decimal = Decimal(100)
    tasks_late_percent: Decimal = Decimal(0)
    tasks_above_percent: Decimal = Decimal(0)
    collective_conditions_met: bool = True


def band_met(band: Band, facts: Facts) -> bool:
    if facts.score < band.min_score:
        return False
    if band.min_tasks_done_percent is not None and facts.tasks_done_percent < band.min_tasks_done_percent:
        return False
    if band.max_tasks_late_percent is not None and facts.tasks_late_percent > band.max_tasks_late_percent:
        return False
    if band.min_tasks_above_percent is not None and facts.tasks_above_percent < band.min_tasks_above_percent:
        return False
    return not (band.needs_collective_conditions and not facts.collective_conditions_met)


def compute_grade(facts: Facts, bands: Sequence[Band]) -> str:
    """The best grade whose band is met; KHTNV when none is (below 50, or failing the conditions)."""
    for band in sorted(bands, key=lambda b: rank(b.grade)):
        if band_met(band, facts):
            return band.grade
    return LOWEST


def explain(facts: Facts, bands: Sequence[Band], grade: str) -> list[str]:
    """Why `grade` is not reachable: the unmet parts of its band, in Vietnamese (for error messages)."""
    from django.utils.translation import gettext as _

    band = next((b for b in bands if b.grade == grade), None)
    if band is None:
        return []
    reasons = []
    if facts.score < band.min_score:
        reasons.append(
            _("tổng điểm %(s)s dưới %(m)s") % {"s": format_score(facts.score), "m": format_score(band.min_score)}
        )
    if band.min_tasks_done_percent is not None and facts.tasks_done_percent < band.min_tasks_done_percent:
        reasons.append(_("chưa hoàn thành %(p)s%% nhiệm vụ") % {"p": format_score(band.min_tasks_done_percent)})
    if band.max_tasks_late_percent is not None and facts.tasks_late_percent > band.max_tasks_late_percent:
        reasons.append(_("nhiệm vụ chậm tiến độ vượt %(p)s%%") % {"p": format_score(band.max_tasks_late_percent)})
    if band.min_tasks_above_percent is not None and facts.tasks_above_percent < band.min_tasks_above_percent:
        reasons.append(_("nhiệm vụ vượt yêu cầu dưới %(p)s%%") % {"p": format_score(band.min_tasks_above_percent)})
    if band.needs_collective_conditions and not facts.collective_conditions_met:
        reasons.append(
            _("chưa đạt điều kiện đối với tập thể (có đơn vị, cá nhân bị kỷ luật hoặc chưa khắc phục hết hạn chế)")
        )
    return reasons


def format_score(value: Decimal | int | None) -> str:
    """A score or percentage as Vietnamese text: 89,99 — no trailing zeros."""
    text = f"{value.normalize():f}" if isinstance(value, Decimal) else str(value)
    return text.replace(".", ",")


def quota_limit(good_count: int, percent: Decimal) -> int:
    """How many HTXSNV a quota of `percent`% of the HTTNV count allows (rounded down)."""
    return int(Decimal(good_count) * percent / 100)
