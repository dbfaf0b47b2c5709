from .campaigns import (
    QuotaExceeded,
    QuotaStatus,
    StepInput,
    close_campaign,
    open_campaign,
    quota_report,
    quota_status,
    record_step,
)

__all__ = [
    "QuotaExceeded",
    "QuotaStatus",
    "StepInput",
    "close_campaign",
    "open_campaign",
    "quota_report",
    "quota_status",
    "record_step",
]
