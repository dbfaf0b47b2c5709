"""Signals of the handbook, for pages that cache what it shows (e.g. the home page's unread announcements)."""

from django.dispatch import Signal

# Sent in the reading transaction when a member reads an announcement for the first time (a queryset update, which
# sends no post_save). Arguments: receipt.
receipt_read = Signal()
