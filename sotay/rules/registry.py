"""Look up the version of a rule in force on a given day."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from django.utils import timezone

from sotay.core import config

from .models import Rule


class RuleMissing(LookupError):
    pass


@dataclass(frozen=True)
class RuleValue:
    key: str
    value: Any
    document_reference: str
    effective_from: dt.date


def _versions() -> dict[str, list[RuleValue]]:
    """Every rule version, newest first per key, from memory: rules change with a regulation (a migration or an
    administrator), while imports and statistics look them up for every row. A change in any process reaches this
    one through `sotay.core.config` (a Rule saved or deleted bumps the configuration version)."""
    config.ensure_fresh()
    return _load_versions()


@lru_cache(maxsize=1)
def _load_versions() -> dict[str, list[RuleValue]]:
    versions: dict[str, list[RuleValue]] = {}
    for row in Rule.objects.order_by("key", "-effective_from"):
        versions.setdefault(row.key, []).append(
            RuleValue(row.key, row.value, row.document_reference, row.effective_from)
        )
    return versions


@config.register
def clear_cache() -> None:
    """Forget this process's copy (no database access)."""
    _load_versions.cache_clear()


@receiver([post_save, post_delete], sender=Rule)
def _rule_changed(**kwargs) -> None:
    config.bump()  # in the saving transaction; clears this process's cache too


def rule_in_force(key: str, on: dt.date | None = None) -> RuleValue:
    on = on or timezone.localdate()
    for version in _versions().get(key, []):
        if version.effective_from <= on:
            return version
    raise RuleMissing(f"Chưa có quy định “{key}” có hiệu lực ngày {on:%d/%m/%Y}.")


def rule_value(key: str, on: dt.date | None = None) -> Any:
    return rule_in_force(key, on).value
