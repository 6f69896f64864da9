from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.db.models import Exists, OuterRef
from django.utils.functional import SimpleLazyObject
from django.utils.translation import get_language_info

from courses.access import is_administrator
from courses.models import Edition, Enrollment

ROLES_TIMEOUT = 300


def roles_cache_key(user_id: int) -> str:
    return f"lms:roles:{user_id}"


def _roles_counted(user) -> dict[str, bool]:
    """Whether a user learns and teaches anywhere: for the menu only, never for access.
    Cached (dropped when an enrolment or a trainer assignment changes, see lms.receivers)."""
    roles = (
        get_user_model()
        .objects.filter(pk=user.pk)
        .annotate(
            learns=Exists(Enrollment.objects.filter(learner=OuterRef("pk"))),
            teaches=Exists(Edition.trainers.through.objects.filter(user_id=OuterRef("pk"))),
        )
        .values("learns", "teaches")
        .first()
    ) or {"learns": False, "teaches": False}
    cache.set(roles_cache_key(user.pk), roles, ROLES_TIMEOUT)
    return roles


@dataclass(frozen=True)
class MenuState:
    learns: bool
    teaches: bool
    unread: int


def menu_state(user) -> MenuState:
    """What the menu shows for a logged-in user (roles, unread notices): one cache round
    trip, the database only for what the cache does not hold."""
    from .notifications import selectors as notices

    roles_key, unread_key = roles_cache_key(user.pk), notices.unread_cache_key(user.pk)
    hit = cache.get_many([roles_key, unread_key])
    roles = hit.get(roles_key)
    if roles is None:
        roles = _roles_counted(user)
    unread = hit.get(unread_key)
    if unread is None:
        unread = notices.notices_unread_counted(user.pk)
    return MenuState(
        learns=roles["learns"],
        teaches=roles["teaches"] or is_administrator(user),
        unread=unread,
    )


# Each language in its own name, for the language menu.
SITE_LANGUAGES = [
    (code, get_language_info(code)["name_local"]) for code, _name in settings.LANGUAGES
]


def navigation(request) -> dict:
    """What the main menu shows, looked up only when the menu asks (once per request)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav": {}, "site_languages": SITE_LANGUAGES}
    state = SimpleLazyObject(lambda: menu_state(user))
    return {
        "site_languages": SITE_LANGUAGES,
        "nav": {
            "is_admin": is_administrator(user),
            "state": state,
            "learns": lambda: state.learns,
            "teaches": lambda: state.teaches,
        },
    }
