"""Template context for every page: the main menu and the language menu."""

from django.conf import settings
from django.utils.functional import SimpleLazyObject
from django.utils.translation import get_language_info

from courses.access import is_administrator

from .selectors import menu_state

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
