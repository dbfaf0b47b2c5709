"""Signals of the organisation tree, for the apps above it that keep data by subtree."""

from django.dispatch import Signal

# Sent inside the transaction after `move_node` put an organisation (and its subtree) under a new parent, with
# `org_id`, `old_path` and `new_path` (sotay.members.counts keeps its per-subtree counts right with it).
subtree_moved = Signal()
