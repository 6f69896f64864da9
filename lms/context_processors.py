from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.db.models import Exists, OuterRef
from django.utils.translation import get_language_info

from courses.access import is_administrator
from courses.models import Edition, Enrollment

ROLES_TIMEOUT = 300


def roles_cache_key(user_id: int) -> str:
    return f"lms:roles:{user_id}"


def user_roles(user) -> dict[str, bool]:
    """Whether a user learns and teaches anywhere: for the menu only, never for access.

    Cached (dropped when an enrolment or a trainer assignment changes, see lms.receivers)."""
    key = roles_cache_key(user.pk)
    roles = cache.get(key)
    if roles is None:
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
        cache.set(key, roles, ROLES_TIMEOUT)
    return roles


# Each language in its own name, for the language menu.
SITE_LANGUAGES = [
    (code, get_language_info(code)["name_local"]) for code, _name in settings.LANGUAGES
]


def navigation(request) -> dict:
    """What the main menu shows, looked up only when the menu asks."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav": {}, "site_languages": SITE_LANGUAGES}
    admin = is_administrator(user)
    return {
        "site_languages": SITE_LANGUAGES,
        "nav": {
            "is_admin": admin,
            "learns": lambda: user_roles(user)["learns"],
            "teaches": lambda: admin or user_roles(user)["teaches"],
        },
    }
