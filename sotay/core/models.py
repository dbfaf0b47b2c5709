from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class SeededRow(models.Model):
    """A row a data migration ships and staff may change: rule versions, calendar days, dues rates, evaluation
    criteria. `edited_at` records that staff changed it; seeding inserts only the rows that are missing and never
    overwrites a row staff edited (docs/decisions/0007-seeding.md)."""

    edited_at = models.DateTimeField(_("cán bộ sửa lúc"), null=True, blank=True, editable=False)

    class Meta:
        abstract = True

    def mark_edited(self) -> None:
        self.edited_at = timezone.now()


class PeriodicRun(models.Model):
    """The last period (a day or a month) in which a periodic task was queued; see `sotay.core.periodic`."""

    name = models.CharField(max_length=200, unique=True)
    period_key = models.CharField(max_length=10)
    queued_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"{self.name} @ {self.period_key}"


class ConfigVersion(models.Model):
    """One row whose number goes up whenever staff change configuration that processes cache (rules, the
    working-day calendar); see `sotay.core.config`."""

    version = models.BigIntegerField(default=0)

    def __str__(self) -> str:
        return str(self.version)


class WorkerHeartbeat(models.Model):
    """The last moment a task worker said it was alive (`sotay worker`, every minute); read by /healthz."""

    name = models.CharField(max_length=200, unique=True)
    beat_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"{self.name} @ {self.beat_at:%d/%m/%Y %H:%M:%S}"


class SubmissionToken(models.Model):
    """A one-time token a create form carries (hidden), kept with what its first submission created: a second
    submission of the same form — a retry after a timeout, a double click — shows that object instead of creating
    another. See `sotay.core.tokens`."""

    token = models.CharField(max_length=64, unique=True)
    kind = models.CharField(max_length=60)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.CASCADE, related_name="+")
    object_id = models.PositiveBigIntegerField(null=True)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"{self.kind} {self.object_id}"
