"""Question widgets: the renderer that draws them from their templates, and the small helpers
a type uses to read its inputs back (`one`, `index`, and the learner's error messages).

A question's widget is one template per type, `assessments/questions/<kind>.html`, looked up
where Django looks for templates (the project's template folders first, then each app's
`templates/`), so a project overrides one by putting its own file at the same path. They are
Jinja2 templates, rendered through Django's Jinja2 backend with auto-escaping on: an exam page
holds twenty to forty of them for every learner at once, and the Django template language
took several times as long for them as the page's own work (see `assessments.quizzes.forms`).

Input names are the type's (`q3`, `q3-m0`, ...): positions the learner sees, never the key's
order, so that the page does not give the answer away.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache
from typing import Any

import jinja2
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.forms.renderers import BaseRenderer
from django.template.backends.jinja2 import Jinja2
from django.utils import formats
from django.utils.functional import cached_property
from django.utils.translation import get_language, gettext, ngettext
from django.utils.translation import gettext as _

UNCHANGED = object()
"""What a question's field cleans to when the post did not include the question at all."""


def wrong_answer() -> ValidationError:
    """An answer whose shape does not fit its question (a tampered or stale page)."""
    return ValidationError(_("Dit antwoord past niet bij deze vraag."), code="invalid")


def too_long(limit: int) -> ValidationError:
    return ValidationError(
        _("Je antwoord is te lang. Maak het korter dan %(n)s tekens.")
        % {"n": formats.number_format(limit, use_l10n=True, force_grouping=True)},
        code="too_long",
    )


def one(values: dict[str, list[str]], name: str) -> str:
    """The one value posted for an input ("" for none); two values for one input do not fit."""
    given = values.get(name) or ()
    if len(given) > 1:
        raise wrong_answer()
    return given[0] if given else ""


def index(value: str, count: int) -> int:
    """A posted position among `count` things shown (at most four digits)."""
    if not (value.isascii() and value.isdigit() and len(value) <= 4) or int(value) >= count:
        raise wrong_answer()
    return int(value)


# --- rendering ----------------------------------------------------------------------------


class _Environment(jinja2.Environment):
    """Jinja2 looking up `a.b` in a dict first: widget contexts are dicts (as Django's are),
    and the default attribute-first lookup raises and catches an AttributeError for each."""

    def getattr(self, obj: Any, attribute: str) -> Any:
        if type(obj) is dict and attribute in obj:
            return obj[attribute]
        return super().getattr(obj, attribute)


def environment(**options) -> jinja2.Environment:
    """The widgets' Jinja2 environment: Django's translations as `_`, `gettext` and
    `ngettext`. Old-style gettext, so that `{{ _("...")|format(n=...) }}` reads as Django
    templates do and `makemessages` finds the message."""
    env = _Environment(extensions=["jinja2.ext.i18n"], **options)
    env.install_gettext_callables(gettext, ngettext, newstyle=False)
    return env


@lru_cache(maxsize=32)
def translator(language: str | None) -> Callable[[str], str]:
    """`gettext` for one language, each message translated once per process: a page of forty
    questions asks for the same few words a hundred times."""
    translated: dict[str, str] = {}

    def translate(message: str) -> str:
        found = translated.get(message)
        if found is None:
            found = translated[message] = gettext(message)
        return found

    return translate


class _QuestionTemplates(Jinja2):
    """Django's Jinja2 backend reading apps' `templates/` folders, where the question widgets
    sit beside the apps' other templates."""

    app_dirname = "templates"


class QuestionRenderer(BaseRenderer):
    """Renders question widgets from the template folders of the project and its apps."""

    @cached_property
    def engine(self) -> Jinja2:
        project_dirs = [str(d) for backend in settings.TEMPLATES for d in backend.get("DIRS", ())]
        return _QuestionTemplates(
            {
                "APP_DIRS": True,
                "DIRS": project_dirs,
                "NAME": "assessments.questions",
                "OPTIONS": {"environment": "assessments.questions.widgets.environment"},
            }
        )

    def get_template(self, template_name: str):
        return self.engine.get_template(template_name)

    def render(self, template_name: str, context: dict, request=None) -> str:
        """The template rendered with `_` translating into the active language (memoised;
        called with that language active, so the memo never mixes languages). Straight to
        Jinja2, past the backend's wrapper: a widget needs no request, and a page renders
        forty of them."""
        if "_" not in context:
            context["_"] = translator(get_language())
        return self.engine.env.get_template(template_name).render(context)


renderer = QuestionRenderer()


@receiver(setting_changed)
def _forget_engine(*, setting: str, **kwargs: Any) -> None:
    """A changed TEMPLATES setting (in tests) reaches the widgets, as it reaches Django's own
    engines."""
    if setting == "TEMPLATES":
        renderer.__dict__.pop("engine", None)
