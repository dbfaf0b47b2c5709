"""Regulation-versioned parameters: a value, the document that sets it, and the day it takes effect."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Rule(models.Model):
    key = models.CharField(_("tham số"), max_length=80, db_index=True)
    value = models.JSONField(_("giá trị"))
    document_reference = models.CharField(_("văn bản quy định"), max_length=80)
    clause = models.CharField(_("điều khoản"), max_length=120, blank=True)
    effective_from = models.DateField(_("hiệu lực từ"))
    note = models.TextField(_("ghi chú"), blank=True)

    class Meta:
        verbose_name = _("quy định")
        verbose_name_plural = _("quy định")
        ordering = ["key", "-effective_from"]
        constraints = [models.UniqueConstraint(fields=["key", "effective_from"], name="unique_rule_version")]

    def __str__(self) -> str:
        return f"{self.key} = {self.value} ({self.document_reference}, {self.effective_from:%d/%m/%Y})"
