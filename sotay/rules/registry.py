"""Look up the version of a rule in force on a given day."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.utils import timezone

from .models import Rule


class RuleMissing(LookupError):
    pass


@dataclass(frozen=True)
class RuleValue:
    key: str
    value: Any
    document_reference: str
    effective_from: dt.date


def rule_in_force(key: str, on: dt.date | None = None) -> RuleValue:
    on = on or timezone.localdate()
    row = Rule.objects.filter(key=key, effective_from__lte=on).order_by("-effective_from").first()
    if row is None:
        raise RuleMissing(f"Chưa có quy định “{key}” có hiệu lực ngày {on:%d/%m/%Y}.")
    return RuleValue(row.key, row.value, row.document_reference, row.effective_from)


def rule_value(key: str, on: dt.date | None = None) -> Any:
    return rule_in_force(key, on).value
