from django import template
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext, gettext_noop

from core.dates import format_when
from core.rendering import render_markdown
from courses import conf, hooks

register = template.Library()

_STATES = {
    "done": ("state-done", gettext_noop("klaar")),
    "locked": ("state-locked", gettext_noop("nog niet open")),
    "overdue": ("state-overdue", gettext_noop("te laat")),
    "open": ("state-open", gettext_noop("open")),
}


@register.filter(name="markdown")
def markdown_filter(text: str):
    return render_markdown(text)


@register.filter
def percent(part: int, whole: int) -> int:
    return round(100 * part / whole) if whole else 0


@register.simple_tag
def lesson_state_badge(state: str):
    """The state of a lesson as a badge with a word (never colour alone)."""
    css, label = _STATES.get(str(state), _STATES["open"])
    return format_html('<span class="state {}">{}</span>', css, gettext(label))


@register.simple_tag
def learner_home_url() -> str:
    """The learner's home page, as the project configures it (LMS_LEARNER_HOME_URL)."""
    return conf.learner_home_url()


@register.inclusion_tag("courses/partials/page_links.html")
def page_links(place: str, edition):
    """The links other apps registered for this place (see courses.hooks)."""
    return {
        "links": [
            (link.label, reverse(link.url_name, args=[edition.pk]))
            for link in hooks.page_links(place)
        ]
    }


@register.filter
def when(value, style: str = "date") -> str:
    """A date or time in one of the site's styles (core.dates.STYLES): `{{ d|when:"day" }}`."""
    return format_when(value, style)
