"""Carrying notifications beyond the app. Channels (e-mail, Web Push) plug in here."""

from __future__ import annotations


def deliver(notification_ids: list[int]) -> int:
    """No outside channel is configured yet: the in-app notification is the delivery."""
    return 0
