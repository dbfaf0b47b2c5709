from django.db import models


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
