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

Speed, by caching the answer-free part ("donut caching"): every learner of an exam opens the
same questions at the same moment, and a widget's markup is the same for all of them except
for the question's place on the page and the learner's own answer. A type that sets
`QuestionType.widget_shared` has its widget rendered once per process for each (template,
key, text, points, option order, language, read-only, error) with placeholders where the
position, the number and the learner's state go, and each page only fills those in
(`SharedWidget.fill`). Its template marks the learner's state with the `answer` helpers only
(`answer.value(name)`, `answer.checked(name, value)`, `answer.selected(name, value)`), never
by reading posted values itself, since the shared render has none. A type without the flag (a
third party's, by default) is rendered whole for every page, as before.
"""

from __future__ import annotations

import re
import secrets
import threading
from collections import OrderedDict
from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import TYPE_CHECKING, Any

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
from markupsafe import Markup, escape

from . import display

if TYPE_CHECKING:
    from .types import AttemptQuestion

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


# --- the learner's state: filled in per page, or held open for the shared render ---------


def learner_state(kind: str, given: list[str] | None, value: str) -> str:
    """The one rule for what a learner's posted or saved values (`given`, of one input) show:
    `value`, the text in the input (unescaped); `checked`, " checked" when `value` is among
    them; `selected`, " selected" when it is the one value ("" is a select's prompt)."""
    if kind == "value":
        return given[0] if given else ""
    if kind == "checked":
        return " checked" if given and value in given else ""
    return " selected" if (given[0] if given else "") == value else ""


class Answer:
    """The learner's state in a widget template, as `answer`: the template asks, for one of
    the question's inputs, for its value or whether a value is chosen. Reads the posted (or
    saved) values of the question's inputs."""

    def __init__(self, values: Mapping[str, list[str]]) -> None:
        self.values = values

    def value(self, name: str) -> str:
        """The text in an input (escaped by the template)."""
        return learner_state("value", self.values.get(name), "")

    def checked(self, name: str, value: Any) -> Markup:
        """` checked` on a checkbox or radio button the learner chose."""
        return Markup(learner_state("checked", self.values.get(name), str(value)))

    def selected(self, name: str, value: Any) -> Markup:
        """` selected` on the option of a select the learner chose ("" is the prompt)."""
        return Markup(learner_state("selected", self.values.get(name), str(value)))


# A placeholder: NUL, this process's random token, then what goes there. A question's text
# cannot forge one (PostgreSQL text holds no NUL, and the token is unknown), and no escaping
# touches it.
_MARK = f"\x00{secrets.token_hex(6)}"
_HOLE = re.compile(re.escape(_MARK) + r"([pn]|[0-9]+)\x00")
_POSITION = f"{_MARK}p\x00"
_NUMBER = f"{_MARK}n\x00"


class _OpenAnswer:
    """`answer` for the shared render: each question asks for a placeholder, and remembers
    what it was asked (which input, relative to the question's name, and which value)."""

    def __init__(self, prefix: str) -> None:
        self.prefix = prefix
        self.asked: list[tuple[str, str, str]] = []

    def _hole(self, kind: str, name: str, value: Any = "") -> Markup:
        name = str(name)
        if not name.startswith(self.prefix):
            raise ValueError(f"{name!r} is not an input of question {self.prefix!r}")
        self.asked.append((kind, name[len(self.prefix) :], str(value)))
        return Markup(f"{_MARK}{len(self.asked) - 1}\x00")

    def value(self, name: str) -> Markup:
        return self._hole("value", name)

    def checked(self, name: str, value: Any) -> Markup:
        return self._hole("checked", name, value)

    def selected(self, name: str, value: Any) -> Markup:
        return self._hole("selected", name, value)


@dataclass(frozen=True)
class SharedWidget:
    """A widget's markup without its place or the learner's state: literal text with
    placeholders, each at its index in `parts` and said in `holes`: the position ("p"), the
    number ("n"), or what the template asked `answer` (its kind, the input's name after the
    question's name, the value)."""

    parts: tuple[str, ...]
    holes: tuple[tuple[int, str, str, str], ...]

    @classmethod
    def parse(cls, html: str, asked: list[tuple[str, str, str]]) -> SharedWidget:
        parts: list[str] = []
        holes: list[tuple[int, str, str, str]] = []
        for i, piece in enumerate(_HOLE.split(html)):
            if i % 2 == 0:
                parts.append(piece)
                continue
            hole = (piece, "", "") if piece in {"p", "n"} else asked[int(piece)]
            holes.append((len(parts), *hole))
            parts.append("")
        return cls(tuple(parts), tuple(holes))

    def fill(self, question: AttemptQuestion, values: Mapping[str, list[str]]) -> str:
        """The markup for one learner: their question's place and their answer filled in."""
        out = list(self.parts)
        prefix = question.name
        for index, kind, input_name, value in self.holes:
            if kind == "p":
                out[index] = str(question.position)
            elif kind == "n":
                out[index] = str(question.number)
            else:
                state = learner_state(kind, values.get(prefix + input_name), value)
                out[index] = escape(state) if kind == "value" else state
        return "".join(out)


class _SharedWidgets:
    """The shared renders of one process, the most recently used `max_size` kept."""

    def __init__(self, max_size: int) -> None:
        self.max_size = max_size
        self._items: OrderedDict[tuple, SharedWidget] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: tuple) -> SharedWidget | None:
        with self._lock:
            found = self._items.get(key)
            if found is not None:
                self._items.move_to_end(key)
            return found

    def put(self, key: tuple, widget: SharedWidget) -> None:
        with self._lock:
            self._items[key] = widget
            while len(self._items) > self.max_size:
                self._items.popitem(last=False)

    def clear(self) -> None:
        with self._lock:
            self._items.clear()

    def __len__(self) -> int:
        return len(self._items)


class QuestionRenderer(BaseRenderer):
    """Renders question widgets from the template folders of the project and its apps."""

    shared_max = 2048
    """How many shared renders a process keeps (a few KB each)."""

    def __init__(self) -> None:
        self.shared = _SharedWidgets(self.shared_max)

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

    def render_question(
        self,
        question: AttemptQuestion,
        values: Mapping[str, list[str]],
        *,
        error: str = "",
        disabled: bool = False,
        language: str | None = None,
    ) -> str:
        """One question's widget with the learner's `values` (posted or saved) in it: from the
        shared render when its type allows (`widget_shared`), else rendered whole."""
        language = language or get_language()
        question_type = question.type
        template = self.engine.env.get_template(question_type.template_name)
        if not question_type.widget_shared:
            context = self._context(question, values, error, disabled, language)
            context["answer"] = Answer(values)
            return template.render(context)
        frozen = question.frozen
        key = (
            template,  # a project's override, or the same file reloaded, is another template
            question.spec,
            frozen.get("text", ""),
            question.text_format,
            question.points,
            question.order,
            language,
            disabled,
            error,
        )
        shared = self.shared.get(key)
        if shared is None:
            open_question = replace(question, position=_POSITION, number=_NUMBER)
            context = self._context(open_question, {}, error, disabled, language)
            answer = context["answer"] = _OpenAnswer(open_question.name)
            shared = SharedWidget.parse(template.render(context), answer.asked)
            self.shared.put(key, shared)
        return shared.fill(question, values)

    @staticmethod
    def _context(question, values, error: str, disabled: bool, language: str) -> dict:
        return {
            "question": question,
            "text": display.rich(question.frozen.get("text", ""), question.text_format),
            "points": display.points(question.points, language),
            "error": error,
            "disabled": disabled,
            "_": translator(language),
            "widget": {
                "name": question.name,
                "values": values,
                **question.type.widget_context(question, values),
            },
        }


renderer = QuestionRenderer()


@receiver(setting_changed)
def _forget_engine(*, setting: str, **kwargs: Any) -> None:
    """A changed TEMPLATES setting (in tests) reaches the widgets, as it reaches Django's own
    engines."""
    if setting == "TEMPLATES":
        renderer.__dict__.pop("engine", None)
        renderer.shared.clear()
