"""The unread badge of the member's "Thông báo" tab: the announcements reaching the user that they have not read.

Cached per user under the home stamp (stamps.py: every committed write to announcements and their receipts moves
it) and the day (announcements expire by date), so a page costs no query for it once the home page has read the stamp.
Named in settings.SOTAY_TAB_BADGE for the navigation (sotay/core/context_processors.py), which may not import this app.
"""

from __future__ import annotations

from django.core.cache import cache
from django.db import connection
from django.utils import timezone

from sotay.handbook.access import announcement_feed

from . import stamps

CACHE_SECONDS = 24 * 3600


def unread_announcements(user) -> int:
    today = timezone.localdate()
    if connection.in_atomic_block:  # the stamp moves on commit: inside a transaction, count afresh (as home.py)
        return announcement_feed(user, today=today).filter(is_read=False).count()
    key = f"sotay:tab-badge:{user.pk}:{stamps.current_for(user)}:{today:%Y%m%d}"
    count = cache.get(key)
    if count is None:
        count = announcement_feed(user, today=today).filter(is_read=False).count()
        cache.set(key, count, CACHE_SECONDS)
    return count
