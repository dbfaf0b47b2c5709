from .campaigns import (
    STAGE_ORDER,
    CriterionScore,
    Evaluation,
    EvaluationCampaign,
    EvaluationStep,
    Period,
    Stage,
)
from .criteria import CriteriaSet, Criterion, Grade, GradeBand, GradeQuota, QuotaMode, Subject

__all__ = [
    "STAGE_ORDER",
    "CriteriaSet",
    "Criterion",
    "CriterionScore",
    "Evaluation",
    "EvaluationCampaign",
    "EvaluationStep",
    "Grade",
    "GradeBand",
    "GradeQuota",
    "Period",
    "QuotaMode",
    "Stage",
    "Subject",
]
