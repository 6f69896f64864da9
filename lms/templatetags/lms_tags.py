from django import template
from django.middleware.csrf import get_token
from django.template.loader import render_to_string
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import get_language, ngettext

from lms.context_processors import SITE_LANGUAGES

register = template.Library()

_CSRF = "__lms_csrf_token__"
_NEXT = "__lms_next_path__"
_UNREAD = "__lms_unread_badge__"
_TALK = "__lms_talk_badge__"
_INBOX = "__lms_inbox_badge__"


# The header's HTML per language, role and page kind: a pure function of these and the
# templates, so each process keeps its own copy (a few hundred at most) and asks no cache.
_HEADERS: dict[tuple, str] = {}
_HEADERS_MAX = 1024


@register.simple_tag(takes_context=True)
def site_header(context):
    """The site header, rendered once per language, role and page kind and then reused.

    It is rendered from the key's parts only, never from the page's context (which holds the
    user), so nothing of one person can reach another. It holds two forms (log out,
    language), so the per-request CSRF token and the current path are filled in after the
    kept HTML is taken; so are the user's unread notices and unread messages (as a learner,
    and in the trainer's inbox), cached per user with the roles (lms.selectors.menu_state)."""
    request = context.get("request")
    nav = context.get("nav") or {}
    user = context.get("user")
    authenticated = bool(user and user.is_authenticated)
    state = nav["state"] if authenticated else None
    is_admin = bool(authenticated and nav.get("is_admin"))
    learns = bool(authenticated and state.learns)
    teaches = bool(authenticated and state.teaches)
    match = getattr(request, "resolver_match", None)
    url_name = (match.url_name if match else "") or ""
    language = get_language()
    key = (language, authenticated, is_admin, learns, teaches, url_name)
    html = _HEADERS.get(key)
    if html is None:
        header = {
            "authenticated": authenticated,
            "nav": {"is_admin": is_admin, "learns": learns, "teaches": teaches},
            "current_url_name": url_name,
            "site_languages": SITE_LANGUAGES,
            "LANGUAGE_CODE": language,
            "csrf_token": _CSRF,
            "next_path": _NEXT,
            "unread_badge": _UNREAD,
            "talk_badge": _TALK,
            "inbox_badge": _INBOX,
        }
        html = render_to_string("partials/site_header.html", header)
        if len(_HEADERS) >= _HEADERS_MAX:
            _HEADERS.clear()
        _HEADERS[key] = html
    # The page's own token (the csrf context processor's, masked once per page and shared with
    # the page's forms); masking costs some 64 random draws, so not a second time for the header.
    token = str(context.get("csrf_token") or (get_token(request) if request is not None else ""))
    path = escape(request.get_full_path()) if request is not None else "/"
    badge = _unread_badge(state.unread) if authenticated else ""
    talk = _unread_badge(state.talk.as_learner) if learns else ""
    inbox = _unread_badge(state.talk.as_trainer) if teaches else ""
    return mark_safe(  # noqa: S308
        html.replace(_CSRF, token)
        .replace(_NEXT, path)
        .replace(_UNREAD, badge)
        .replace(_TALK, talk)
        .replace(_INBOX, inbox)
    )


def _unread_badge(count: int) -> str:
    if not count:
        return ""
    label = ngettext("%(count)s ongelezen", "%(count)s ongelezen", count) % {"count": count}
    return (
        f' <span class="badge" aria-hidden="true">{count}</span>'
        f'<span class="visually-hidden"> ({escape(label)})</span>'
    )
