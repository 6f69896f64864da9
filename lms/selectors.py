"""Reads of the project's own pages: who is logged in, and what their menu shows.

Both run on every page, so their SQL is compiled once per process (`core.compiled`).
"""

from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.db.models import Count, Exists, OuterRef, Subquery
from django.db.models.functions import Coalesce

from core.compiled import CompiledQuery
from courses.access import is_administrator
from courses.models import Edition, Enrollment

from .conversations import selectors as talks
from .models import Notification
from .notifications import selectors as notices

_USER_BY_PK = CompiledQuery(lambda pk: get_user_model()._default_manager.filter(pk=pk))


def user_by_pk(pk):
    """The user with this key, or None: the lookup of every logged-in request."""
    users = _USER_BY_PK.objects(pk)
    return users[0] if users else None


ROLES_TIMEOUT = 300


def roles_cache_key(user_id: int) -> str:
    return f"lms:roles:{user_id}"


def _menu_query(user_id):
    unread = (
        Notification.objects.filter(user_id=OuterRef("pk"), read_at__isnull=True)
        .order_by()
        .values("user_id")
        .annotate(count=Count("pk"))
        .values("count")
    )
    return (
        get_user_model()
        .objects.filter(pk=user_id)
        .order_by()
        .annotate(
            learns=Exists(Enrollment.objects.filter(learner=OuterRef("pk"))),
            teaches=Exists(Edition.trainers.through.objects.filter(user_id=OuterRef("pk"))),
            unread=Coalesce(Subquery(unread), 0),
            **talks.unread_annotations(OuterRef("pk")),
        )
        .values_list("learns", "teaches", "unread", "talk_learner", "talk_trainer")
    )


_MENU = CompiledQuery(_menu_query)


def _menu_counted(user) -> tuple[dict[str, bool], int, talks.Unread]:
    """Whether a user learns and teaches anywhere (for the menu only, never for access), how
    many notices and messages they have not read: one query, after a cache miss. All are
    cached and dropped when they change (see lms.receivers, lms.notifications.services and
    lms.conversations.services)."""
    found = _MENU.rows(user.pk)
    learns, teaches, unread, talk_learner, talk_trainer = (
        found[0] if found else (False, False, 0, 0, 0)
    )
    roles = {"learns": bool(learns), "teaches": bool(teaches)}
    messages = talks.Unread(as_learner=talk_learner, as_trainer=talk_trainer)
    cache.set_many(
        {
            roles_cache_key(user.pk): roles,
            notices.unread_cache_key(user.pk): unread,
            talks.unread_cache_key(user.pk): tuple(messages),
        },
        min(ROLES_TIMEOUT, notices.UNREAD_TIMEOUT, talks.UNREAD_TIMEOUT),
    )
    return roles, unread, messages


@dataclass(frozen=True)
class MenuState:
    learns: bool
    teaches: bool
    unread: int
    talk: talks.Unread = talks.Unread()


def menu_state(user) -> MenuState:
    """What the menu shows for a logged-in user (roles, unread notices and messages): one
    cache round trip, the database only for what the cache does not hold."""
    roles_key = roles_cache_key(user.pk)
    unread_key, talk_key = notices.unread_cache_key(user.pk), talks.unread_cache_key(user.pk)
    hit = cache.get_many([roles_key, unread_key, talk_key])
    roles, unread, messages = hit.get(roles_key), hit.get(unread_key), hit.get(talk_key)
    if roles is None or (unread is None and messages is None):
        roles, unread, messages = _menu_counted(user)
    else:
        if unread is None:
            unread = notices.notices_unread_counted(user.pk)
        messages = talks.unread_counted(user.pk) if messages is None else talks.Unread(*messages)
    return MenuState(
        learns=roles["learns"],
        teaches=roles["teaches"] or is_administrator(user),
        unread=unread,
        talk=messages,
    )
