from __future__ import annotations

import secrets

from django.db import models


def new_token() -> str:
    return secrets.token_hex(8)


class HomeVersion(models.Model):
    """One row whose number goes up in every transaction that changes what a home page shows (meetings,
    invitations, announcements and their receipts, study, dues, feedback, members, roles; any audited write).

    The rendered "what to do now" panels are cached per user under this number (sotay/web/stamps.py), so a change
    shows on the next request: the bump follows the commit of the change (never a rolled-back one). `token` is new
    whenever the row is created, so a cache kept from before a database was emptied (tests, a restore) never
    matches again.
    """

    version = models.BigIntegerField(default=0)
    token = models.CharField(max_length=16, default=new_token)

    def __str__(self) -> str:
        return str(self.version)
