"""`notifications_added(user_ids)`: new messages for these users were committed (their
unread counts changed)."""

from django.dispatch import Signal

notifications_added = Signal()
