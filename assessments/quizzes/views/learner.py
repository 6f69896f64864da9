"""The learner's way through a quiz: start, answer, hand in, see the result.

Every step is a plain form post, so the whole way works without JavaScript. These views turn
form fields into the answer JSON the grading core expects and call the attempt services; who
may do what and when stays in `attempts`. Choice values, matching answers and ordering items
are sent as positions in the order the learner sees, never in the key's order, so that the
page's HTML does not give the answer away.
"""

from __future__ import annotations

import html
import json
import math
import random
import re
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from functools import lru_cache
from typing import Any

import nh3
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import NotSupportedError
from django.db.models import Aggregate, F, JSONField, OuterRef, Subquery
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.html import escape, format_html, linebreaks, strip_tags
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from core.compiled import CompiledQuery
from core.rendering import ALLOWED_ATTRIBUTES, ALLOWED_TAGS, render_markdown
from courses.access import enrollment_for_learner_or_404
from courses.models import Enrollment
from courses.selectors import EnrollmentStamp
from courses.views.learner import lesson_detail

from ...models import Attempt, Quiz, Response
from ...questions import specs
from .. import grading
from .. import services as attempts

_FIELD = re.compile(r"q([0-9]+)(?:-([a-z])([0-9]+))?")
_INDEX = re.compile(r"[0-9]{1,4}")
_INLINE_TAGS = {"b", "br", "code", "em", "i", "s", "strong", "sub", "sup", "u"}
_URL_SCHEMES = {"http", "https", "mailto"}
_TEXT_KINDS = {"short_answer", "numeric", "essay"}

# --- feedback policy --------------------------------------------------------------------------


def _feedback_note(quiz: Quiz, closes_at: datetime | None) -> str:
    if quiz.feedback_policy == Quiz.FeedbackPolicy.NEVER:
        return _("Bij deze toets zie je alleen je resultaat, niet de antwoorden per vraag.")
    if quiz.feedback_policy == Quiz.FeedbackPolicy.AFTER_CLOSE or quiz.is_exam:
        if closes_at is None:
            return _("Bij deze toets zie je alleen je resultaat.")
        return _(
            "Je ziet meteen je resultaat. De goede antwoorden en de uitleg per vraag zie je "
            "na %(date)s, als de toets gesloten is."
        ) % {"date": _datetime(closes_at)}
    return _("Na het nakijken zie je per vraag wat goed was, met uitleg.")


# --- text -------------------------------------------------------------------------------------


def _datetime(value: datetime) -> str:
    return formats.date_format(timezone.localtime(value), "l j F Y, H:i")


def _number(value: Decimal | str | None) -> str:
    """A Decimal as the learner writes it: no trailing zeros, a decimal comma in Dutch."""
    if value is None:
        return ""
    return formats.number_format(Decimal(f"{Decimal(value).normalize():f}"), use_l10n=True)


def _points(value: Decimal | str) -> str:
    value = Decimal(value)
    return ngettext("%(n)s punt", "%(n)s punten", 1 if value == 1 else 2) % {"n": _number(value)}


def _rich(text: str, text_format: str) -> SafeString:
    """A question's text as safe HTML, by its format: Markdown, plain text, or (sanitised) HTML."""
    return mark_safe(_rich_html(text, text_format))  # noqa: S308 - escaped or sanitised


# The frozen texts of an attempt come back on every page view of every learner who drew them,
# and turning them into safe HTML is pure: memoised per process, by the text and its format.
@lru_cache(maxsize=4096)
def _rich_html(text: str, text_format: str) -> str:
    if text_format == "markdown":
        return str(render_markdown(text))
    if text_format == "plain":
        return linebreaks(text, autoescape=True)
    if text_format == "moodle":
        text = text.replace("\r\n", "\n").replace("\n", "<br>")
    return nh3.clean(
        text,
        tags=ALLOWED_TAGS | {"div", "span"},
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=_URL_SCHEMES,
        link_rel="noopener noreferrer nofollow",
    )


def _inline(text: str, text_format: str) -> SafeString:
    """A choice or a feedback line: text with at most inline markup, safe inside a label."""
    if text_format in {"html", "moodle"}:
        return mark_safe(_inline_html(text))  # noqa: S308 - sanitised by nh3
    return escape(text)


@lru_cache(maxsize=4096)
def _inline_html(text: str) -> str:
    return nh3.clean(text, tags=_INLINE_TAGS, attributes={})


def _plain(text: str, text_format: str) -> str:
    """Text without markup, for an <option> (which can hold nothing else)."""
    if text_format in {"html", "moodle"}:
        return _plain_text(text)
    return text


@lru_cache(maxsize=4096)
def _plain_text(text: str) -> str:
    return html.unescape(strip_tags(text))


# --- the layout of an attempt's questions ----------------------------------------------------


@dataclass
class _Question:
    """One frozen question with the order in which this attempt shows its parts."""

    position: int
    number: int | None  # descriptions are not numbered
    kind: str
    spec: specs.Spec
    frozen: dict
    order: list[int] = field(default_factory=list)  # shown index -> index in the key
    lefts: list[str] = field(default_factory=list)  # matching
    rights: list[str] = field(default_factory=list)  # matching, in the key's order

    @property
    def name(self) -> str:
        return f"q{self.position}"

    @property
    def fmt(self) -> str:
        return self.frozen.get("text_format") or "moodle"

    def field_names(self) -> set[str]:
        if self.kind == "matching":
            return {f"{self.name}-m{i}" for i in range(len(self.lefts))}
        if self.kind == "ordering":
            return {f"{self.name}-o{i}" for i in range(len(self.order))}
        if self.kind == "description":
            return set()
        return {self.name}


def _shuffled(count: int, attempt: Attempt, position: int) -> list[int]:
    """A fixed order per attempt and question that the learner cannot work out from the page."""
    order = list(range(count))
    random.Random(f"{settings.SECRET_KEY}:{attempt.pk}:{position}").shuffle(order)
    if count > 1 and order == sorted(order):
        order = order[1:] + order[:1]
    return order


def _questions(attempt: Attempt) -> list[_Question]:
    result: list[_Question] = []
    number = 0
    for position, frozen in enumerate(attempt.questions):
        spec = specs.spec_from_json(frozen["spec"])
        question = _Question(position, None, frozen["spec"]["type"], spec, frozen)
        if isinstance(spec, specs.SingleChoiceSpec | specs.MultipleResponseSpec):
            count = len(spec.choices)
            given = frozen.get("option_order")
            valid = isinstance(given, list) and sorted(given) == list(range(count))
            question.order = list(given) if valid else list(range(count))
        elif isinstance(spec, specs.MatchingSpec):
            question.lefts = list(dict.fromkeys(left for left, _r in spec.pairs if left.strip()))
            question.rights = list(
                dict.fromkeys(right for _l, right in spec.pairs if right.strip())
            )
            question.order = _shuffled(len(question.rights), attempt, position)
        elif isinstance(spec, specs.OrderingSpec):
            question.order = _shuffled(len(spec.items), attempt, position)
        if not isinstance(spec, specs.DescriptionSpec):
            number += 1
            question.number = number
        result.append(question)
    return result


# --- answers <-> form fields ------------------------------------------------------------------


class _Invalid(Exception):
    """A posted answer that does not fit its question; the message is for the learner."""


def _wrong() -> _Invalid:
    return _Invalid(_("Dit antwoord past niet bij deze vraag."))


def _encode(q: _Question, answer: Any) -> dict[str, list[str]]:
    """A saved answer as the form fields that show it."""
    if answer is None:
        return {}
    try:
        if q.kind == "single_choice":
            return {q.name: [str(q.order.index(answer))]}
        if q.kind == "multiple_response":
            return {q.name: [str(q.order.index(i)) for i in answer]}
        if q.kind == "true_false":
            return {q.name: ["true" if answer else "false"]}
        if q.kind in _TEXT_KINDS:
            return {q.name: [str(answer)]}
        if q.kind == "matching":
            chosen = dict(answer)
            fields = {}
            for i, left in enumerate(q.lefts):
                right = chosen.get(left)
                if right in q.rights:
                    fields[f"{q.name}-m{i}"] = [str(q.order.index(q.rights.index(right)))]
            return fields
        if q.kind == "ordering":
            items = q.spec.items
            return {
                f"{q.name}-o{shown}": [str(answer.index(items[key]) + 1)]
                for shown, key in enumerate(q.order)
                if items[key] in answer
            }
    except (AttributeError, IndexError, KeyError, TypeError, ValueError):
        return {}
    return {}


def _index(value: str, count: int) -> int:
    if not _INDEX.fullmatch(value) or not 0 <= int(value) < count:
        raise _wrong()
    return int(value)


def _decode(q: _Question, post: QueryDict) -> Any:
    """The answer JSON for one question from the posted fields; None when left open."""

    def one(name: str) -> str:
        values = post.getlist(name)
        if len(values) > 1:
            raise _wrong()
        return values[0] if values else ""

    if q.kind == "single_choice":
        value = one(q.name)
        return None if value == "" else q.order[_index(value, len(q.order))]
    if q.kind == "multiple_response":
        values = post.getlist(q.name)
        return sorted({q.order[_index(v, len(q.order))] for v in values}) or None
    if q.kind == "true_false":
        value = one(q.name)
        if value == "":
            return None
        if value not in {"true", "false"}:
            raise _wrong()
        return value == "true"
    if q.kind in _TEXT_KINDS:
        value = one(q.name)
        if q.kind != "essay" and len(value) > grading.MAX_ANSWER_LENGTH:
            raise _too_long(grading.MAX_ANSWER_LENGTH)
        return value if value.strip() else None
    if q.kind == "matching":
        chosen = {}
        for i, left in enumerate(q.lefts):
            value = one(f"{q.name}-m{i}")
            if value != "":
                chosen[left] = q.rights[q.order[_index(value, len(q.order))]]
        return chosen or None
    if q.kind == "ordering":
        places = {shown: one(f"{q.name}-o{shown}") for shown in range(len(q.order))}
        if all(value == "" for value in places.values()):
            return None
        if any(value == "" for value in places.values()):
            raise _Invalid(_("Geef elk onderdeel een plek, of laat ze allemaal leeg."))
        numbers = {shown: _index(value, len(q.order) + 1) for shown, value in places.items()}
        if sorted(numbers.values()) != list(range(1, len(q.order) + 1)):
            raise _Invalid(_("Elke plek mag maar één keer voorkomen."))
        ranked = sorted(numbers, key=numbers.__getitem__)
        return [q.spec.items[q.order[shown]] for shown in ranked]
    raise _wrong()  # a description takes no answer


def _too_long(limit: int) -> _Invalid:
    return _Invalid(
        _("Je antwoord is te lang. Maak het korter dan %(n)s tekens.")
        % {"n": formats.number_format(limit, use_l10n=True, force_grouping=True)}
    )


@dataclass
class _Parsed:
    answers: dict[int, Any] = field(default_factory=dict)
    errors: dict[int, str] = field(default_factory=dict)
    general: list[str] = field(default_factory=list)
    positions: set[int] = field(default_factory=set)

    @property
    def ok(self) -> bool:
        return not self.errors and not self.general


def _parse(questions: list[_Question], post: QueryDict) -> _Parsed:
    """Every answer in the post, checked against its question. Nothing is saved here."""
    parsed = _Parsed()
    names: dict[int, set[str]] = {}
    unknown = False
    for name in post:
        match = _FIELD.fullmatch(name)
        if match is None:
            continue
        if len(match[1]) > 5 or int(match[1]) >= len(questions):
            unknown = True
            continue
        names.setdefault(int(match[1]), set()).add(name)
    for value in post.getlist("present"):
        if not _INDEX.fullmatch(value) or int(value) >= len(questions):
            unknown = True
            continue
        names.setdefault(int(value), set())
    if unknown:
        parsed.general.append(
            _("Er kwam een antwoord binnen op een vraag die niet in je toets staat.")
        )
    parsed.positions = set(names)
    for position in sorted(names):
        q = questions[position]
        try:
            if not names[position] <= q.field_names():
                raise _wrong()
            if (
                sum(len(v) for k in names[position] for v in post.getlist(k))
                > attempts.MAX_ANSWER_BYTES
            ):
                raise _too_long(attempts.MAX_ANSWER_BYTES)
            answer = _decode(q, post)
            if len(json.dumps(answer)) > attempts.MAX_ANSWER_BYTES:
                raise _too_long(attempts.MAX_ANSWER_BYTES)
            grading.grade(q.spec, answer)
        except _Invalid as exc:
            parsed.errors[position] = str(exc)
        except grading.InvalidResponse:
            parsed.errors[position] = str(_wrong())
        else:
            parsed.answers[position] = answer
    return parsed


def _save(request: HttpRequest, attempt: Attempt, parsed: _Parsed, saved: dict[int, Any]) -> str:
    """Save the answers that changed, all or none. Returns the service's refusal, or ""."""
    changed = {
        position: answer
        for position, answer in parsed.answers.items()
        if answer != saved.get(position)
    }
    if not changed:
        return ""
    try:
        attempts.responses_save(attempt=attempt, answers=changed, user=request.user)
    except attempts.AttemptError as exc:
        return " ".join(exc.messages)
    return ""


# --- what the templates show ------------------------------------------------------------------


@dataclass
class FormQuestion:
    """One question of the attempt form as the template shows it: its HTML and error."""

    position: int
    number: int | None
    error: str
    html: SafeString


@dataclass(frozen=True)
class _Words:
    """The form's fixed words in one language, translated and escaped once per process."""

    question: str  # "Vraag %(n)s", escaped; `n` is a number
    one: str
    more: str
    true: str
    false: str
    pick_answer: str
    pick_place: str
    matching_help: str
    ordering_help: str
    your_answer: str
    your_number: str
    number_example: str


@lru_cache(maxsize=16)
def _words(language: str | None) -> _Words:
    e = html.escape
    return _Words(
        question=e(_("Vraag %(n)s")),
        one=e(_("Kies één antwoord.")),
        more=e(_("Kies één of meer antwoorden.")),
        true=e(_("Juist")),
        false=e(_("Onjuist")),
        pick_answer=e(_("Kies een antwoord")),
        pick_place=e(_("Kies een plek")),
        matching_help=e(_("Kies bij elk onderdeel het antwoord dat erbij past.")),
        ordering_help=e(
            _(
                "Zet de onderdelen in de goede volgorde: kies bij elk onderdeel de plek. "
                "Plek 1 is de eerste."
            )
        ),
        your_answer=e(_("Je antwoord")),
        your_number=e(_("Je antwoord (een getal)")),
        number_example=e(_("Bijvoorbeeld 12 of 12,5.")),
    )


@lru_cache(maxsize=256)
def _points_html(language: str | None, value: str) -> str:
    return html.escape(_points(value))


@lru_cache(maxsize=256)
def _places_html(language: str | None, count: int) -> str:
    """The options of an ordering row ("1 van 5" …) after its prompt, none chosen."""
    # Outside the f-string: makemessages does not look for translatable strings inside one.
    place = _("%(n)s van %(count)s")
    return "".join(
        f'<option value="{n}">{html.escape(place % {"n": n, "count": count})}</option>'
        for n in range(1, count + 1)
    )


def _select(prompt: str, options: str, value: str) -> str:
    """A select's options with `value` chosen: the prompt when empty, else the option that
    has it (none for a value that is not there). `options` holds no chosen option."""
    if value == "":
        return f'<option value="" selected>{prompt}</option>{options}'
    tag = f'<option value="{html.escape(value)}">'
    return f'<option value="">{prompt}</option>' + options.replace(tag, f"{tag[:-1]} selected>", 1)


def _question_html(
    q: _Question, fields: dict[str, list[str]], *, error: str, disabled: bool
) -> SafeString:
    """One question of the attempt form: a fieldset with its legend, text and fields, the
    posted or saved `fields` filled in.

    Built here rather than by a template include: twenty or more questions per page, each
    with its options, cost a template engine many times what the page's database work does.
    What the question's key and the translations give is sanitised or escaped once per
    process (`_rich_html`, `_inline`, `_words`, …); what the learner typed is escaped here."""
    pos, fmt = q.position, q.fmt
    text = _rich_html(q.frozen.get("text", ""), fmt)
    if q.kind == "description":
        return SafeString(f'<div class="question-description" id="question-{pos}">{text}</div>')
    language = get_language()
    words = _words(language)
    name = q.name
    described = f"q{pos}-text q{pos}-error" if error else f"q{pos}-text"
    points = _points_html(language, str(q.frozen.get("points", "1")))
    out = [
        f'<fieldset class="question" id="question-{pos}" aria-describedby="{described}"'
        f"{' disabled' if disabled else ''}>\n"
        f"  <legend>{words.question % {'n': q.number}}"
        f' <span class="muted">({points})</span></legend>\n'
        f'  <div class="question-text" id="q{pos}-text">{text}</div>\n'
    ]
    if error:
        out.append(f'  <p class="question-error" id="q{pos}-error">{html.escape(error)}</p>\n')
    out.append(f'  <input type="hidden" name="present" value="{pos}">\n')
    kind = q.kind
    if kind in {"single_choice", "multiple_response"}:
        chosen = set(fields.get(name, ()))
        if kind == "multiple_response":
            widget, help_text = "checkbox", words.more
        else:
            widget, help_text = "radio", words.one
        out.append(f'  <p class="field-help">{help_text}</p>\n  ')
        choices = q.spec.choices
        out += [
            f'<label class="option"><input type="{widget}" name="{name}" id="{name}-c{shown}"'
            f' value="{shown}"{" checked" if str(shown) in chosen else ""}>'
            f"{_inline(choices[key].text, fmt)}</label>"
            for shown, key in enumerate(q.order)
        ]
        out.append("\n")
    elif kind == "true_false":
        value = (fields.get(name) or [""])[0]
        out.append(f'  <p class="field-help">{words.one}</p>\n  ')
        out += [
            f'<label class="option"><input type="radio" name="{name}" id="{name}-{option}"'
            f' value="{option}"{" checked" if value == option else ""}>{label}</label>'
            for option, label in (("true", words.true), ("false", words.false))
        ]
        out.append("\n")
    elif kind in _TEXT_KINDS:
        value = html.escape((fields.get(name) or [""])[0])
        if kind == "numeric":
            out.append(
                f'  <p class="row"><label for="{name}">{words.your_number}</label>\n'
                f'  <span class="field-help" id="{name}-help">{words.number_example}</span>\n'
                f'  <input type="text" inputmode="decimal" name="{name}" id="{name}"'
                f' value="{value}" maxlength="{grading.MAX_ANSWER_LENGTH}" autocomplete="off"'
                f' aria-describedby="{name}-help"></p>\n'
            )
        elif kind == "essay":
            out.append(
                f'  <p class="row"><label for="{name}">{words.your_answer}</label>\n'
                f'  <textarea name="{name}" id="{name}" rows="8" cols="60">{value}</textarea>'
                "</p>\n"
            )
        else:
            out.append(
                f'  <p class="row"><label for="{name}">{words.your_answer}</label>\n'
                f'  <input type="text" name="{name}" id="{name}" value="{value}"'
                f' maxlength="{grading.MAX_ANSWER_LENGTH}" autocomplete="off"'
                ' spellcheck="false"></p>\n'
            )
    elif kind in {"matching", "ordering"}:
        if kind == "matching":
            # The same choices in every row: built once per question, not once per row.
            help_text, prompt, field = words.matching_help, words.pick_answer, "m"
            options = "".join(
                f'<option value="{shown}">{html.escape(_plain(q.rights[key], fmt))}</option>'
                for shown, key in enumerate(q.order)
            )
            labels = [_inline(left, fmt) for left in q.lefts]
        else:
            help_text, prompt, field = words.ordering_help, words.pick_place, "o"
            options = _places_html(language, len(q.order))
            items = q.spec.items
            labels = [_inline(items[key], fmt) for key in q.order]
        out.append(f'  <p class="field-help">{help_text}</p>\n  ')
        for i, label in enumerate(labels):
            row = f"{name}-{field}{i}"
            value = (fields.get(row) or [""])[0]
            out.append(
                f'<p class="row"><label for="{row}">{label}</label>\n'
                f'    <select name="{row}" id="{row}">{_select(prompt, options, value)}'
                "</select></p>"
            )
        out.append("\n")
    out.append("</fieldset>")
    return SafeString("".join(out))


@dataclass
class ReviewQuestion:
    position: int
    number: int
    text: SafeString
    verdict: str
    verdict_class: str
    points: str
    given: list[str]
    correct: list[str]
    feedback: list[SafeString]
    correct_label: str = ""
    ordered: bool = False


def _choice_texts(q: _Question, indexes) -> list[str]:
    return [_inline(q.spec.choices[i].text, q.fmt) for i in indexes if 0 <= i < len(q.spec.choices)]


def _given(q: _Question, answer: Any) -> list[str]:
    """The learner's answer in words."""
    if answer is None or answer == "" or answer == []:
        return []
    try:
        if q.kind == "single_choice":
            return _choice_texts(q, [answer])
        if q.kind == "multiple_response":
            return _choice_texts(q, sorted(answer))
        if q.kind == "true_false":
            return [_("Juist") if answer else _("Onjuist")]
        if q.kind == "essay":
            return [mark_safe(linebreaks(str(answer), autoescape=True))]  # noqa: S308 - escaped
        if q.kind in _TEXT_KINDS:
            return [escape(str(answer))]
        if q.kind == "matching":
            return [
                format_html("{} → {}", _inline(left, q.fmt), _inline(right or "—", q.fmt))
                for left, right in dict(answer).items()
            ]
        if q.kind == "ordering":
            return [_inline(item, q.fmt) for item in answer]
    except (AttributeError, TypeError, ValueError):
        return []
    return []


def _best(options) -> list:
    best = max((o.fraction for o in options), default=Decimal(0))
    return [o for o in options if best > 0 and o.fraction == best]


def _numeric_text(answer: specs.NumericAnswer) -> str:
    if answer.low is not None and answer.high is not None:
        return _("tussen %(low)s en %(high)s") % {
            "low": _number(answer.low),
            "high": _number(answer.high),
        }
    if answer.value is None:
        return _("elk getal")
    if answer.tolerance:
        return _("%(value)s (het mag %(tolerance)s meer of minder zijn)") % {
            "value": _number(answer.value),
            "tolerance": _number(answer.tolerance),
        }
    return _number(answer.value)


def _correct(q: _Question) -> list[str]:
    """The key in words: what a full-marks answer looks like."""
    spec = q.spec
    if isinstance(spec, specs.SingleChoiceSpec):
        return [_inline(c.text, q.fmt) for c in _best(spec.choices)]
    if isinstance(spec, specs.MultipleResponseSpec):
        return [_inline(c.text, q.fmt) for c in spec.choices if c.fraction > 0]
    if isinstance(spec, specs.TrueFalseSpec):
        return [_("Juist") if spec.answer else _("Onjuist")]
    if isinstance(spec, specs.ShortAnswerSpec):
        return [escape(a.text.replace("\\*", "*")) for a in _best(spec.answers)]
    if isinstance(spec, specs.NumericSpec):
        return [_numeric_text(a) for a in _best(spec.answers)]
    if isinstance(spec, specs.MatchingSpec):
        return [
            format_html("{} → {}", _inline(left, q.fmt), _inline(right, q.fmt))
            for left, right in spec.pairs
            if left.strip()
        ]
    if isinstance(spec, specs.OrderingSpec):
        return [_inline(item, q.fmt) for item in spec.items]
    return []


def _correct_label(q: _Question, correct: list[str]) -> str:
    if q.kind == "ordering":
        return _("De goede volgorde")
    if len(correct) < 2:
        return _("Het goede antwoord")
    if q.kind in {"matching", "multiple_response"}:
        return _("De goede antwoorden")
    return _("Goede antwoorden (één ervan is genoeg)")


def _verdict(response) -> tuple[str, str]:
    if response is None or response.fraction is None:
        return _("nog niet beoordeeld"), "state-locked"
    if response.needs_review:
        return _("wacht op je trainer"), "state-locked"
    if response.fraction >= 1:
        return _("goed"), "state-done"
    if response.fraction > 0:
        return _("deels goed"), "state-open"
    return _("niet goed"), "state-overdue"


def _review(questions: list[_Question], responses: dict) -> list[ReviewQuestion]:
    items = []
    for q in questions:
        if q.number is None:
            continue
        response = responses.get(q.position)
        verdict, css = _verdict(response)
        points = response.points if response is not None and response.points is not None else 0
        feedback = [
            _inline(text, q.fmt) for text in (response.feedback if response else []) if text
        ]
        if q.frozen.get("general_feedback"):
            feedback.append(_inline(q.frozen["general_feedback"], q.fmt))
        correct = [] if q.kind == "essay" else _correct(q)
        items.append(
            ReviewQuestion(
                position=q.position,
                number=q.number,
                text=_rich(q.frozen.get("text", ""), q.fmt),
                verdict=verdict,
                verdict_class=css,
                points=_("%(got)s van %(max)s")
                % {"got": _number(points), "max": _points(q.frozen.get("points", "1"))},
                given=_given(q, response.answer if response else None),
                correct=correct,
                feedback=feedback,
                correct_label=_correct_label(q, correct),
                ordered=q.kind == "ordering",
            )
        )
    return items


# --- the quiz's lesson body -------------------------------------------------------------------


@dataclass
class AttemptRow:
    attempt: Attempt
    status: str
    url: str
    result: str


def _status_label(attempt: Attempt) -> str:
    return {
        Attempt.Status.IN_PROGRESS: _("bezig"),
        Attempt.Status.NEEDS_REVIEW: _("ingeleverd, je trainer beoordeelt nog een open vraag"),
        Attempt.Status.GRADED: _("nagekeken"),
    }.get(attempt.status, _("ingeleverd, wordt nagekeken"))


def _result_text(attempt: Attempt) -> str:
    if attempt.status != Attempt.Status.GRADED or attempt.percentage is None:
        return ""
    verdict = _("geslaagd") if attempt.passed else _("niet geslaagd")
    return f"{_number(attempt.percentage)}% · {verdict}"


def _facts(quiz: Quiz, window: attempts.QuizWindow, used: int) -> list[str]:
    """The quiz's settings in plain words."""
    facts = []
    if window.opens_at and window.closes_at:
        facts.append(
            _("Je kunt de toets maken van %(start)s tot %(end)s.")
            % {"start": _datetime(window.opens_at), "end": _datetime(window.closes_at)}
        )
    elif window.closes_at:
        facts.append(
            _("Je kunt de toets maken tot %(end)s.") % {"end": _datetime(window.closes_at)}
        )
    elif window.opens_at:
        facts.append(
            _("Je kunt de toets maken vanaf %(start)s.") % {"start": _datetime(window.opens_at)}
        )
    if quiz.time_limit_minutes:
        facts.append(
            ngettext(
                "Je hebt %(n)s minuut. De tijd loopt vanaf het moment dat je begint.",
                "Je hebt %(n)s minuten. De tijd loopt vanaf het moment dat je begint.",
                quiz.time_limit_minutes,
            )
            % {"n": quiz.time_limit_minutes}
        )
    else:
        facts.append(_("Er is geen tijdslimiet: neem de tijd die je nodig hebt."))
    if quiz.attempts_allowed:
        allowed = ngettext(
            "Je mag de toets %(n)s keer maken.",
            "Je mag de toets %(n)s keer maken.",
            quiz.attempts_allowed,
        ) % {"n": quiz.attempts_allowed}
    else:
        allowed = _("Je mag de toets zo vaak maken als je wilt.")
    done = ngettext("Je hebt %(n)s poging gebruikt.", "Je hebt %(n)s pogingen gebruikt.", used) % {
        "n": used
    }
    facts.append(f"{allowed} {done}")
    if quiz.attempts_allowed != 1:
        facts.append(
            {
                Quiz.GradingMethod.HIGHEST: _("Je beste poging telt."),
                Quiz.GradingMethod.LAST: _("Je laatste poging telt."),
                Quiz.GradingMethod.FIRST: _("Je eerste poging telt."),
                Quiz.GradingMethod.AVERAGE: _("Het gemiddelde van je pogingen telt."),
            }.get(quiz.grading_method, "")
        )
    facts.append(_("Je bent geslaagd met %(mark)s%% of meer.") % {"mark": _number(quiz.pass_mark)})
    facts.append(_feedback_note(quiz, window.closes_at))
    return [fact for fact in facts if fact]


def quiz_body_context(
    quiz: Quiz, *, request=None, enrollment: Enrollment, now: datetime | None = None
) -> dict:
    """What the quiz's lesson body shows: settings, the learner's attempts, start or not."""
    now = now or timezone.now()
    window = attempts.quiz_window(enrollment=enrollment, quiz=quiz)
    tries = list(
        Attempt.objects.filter(enrollment=enrollment, quiz=quiz)
        .defer("questions", "last_error")
        .order_by("number")
    )
    edition_id = enrollment.edition_id
    rows = [
        AttemptRow(
            attempt=a,
            status=_status_label(a),
            url=reverse(
                "assessments:attempt"
                if a.status == Attempt.Status.IN_PROGRESS
                else "assessments:attempt_result",
                args=[edition_id, a.pk],
            ),
            result=_result_text(a),
        )
        for a in tries
    ]
    in_progress = next((a for a in tries if a.status == Attempt.Status.IN_PROGRESS), None)
    used = max((a.number for a in tries), default=0)
    left = max(0, quiz.attempts_allowed - used) if quiz.attempts_allowed else None
    blocked = ""
    if in_progress is not None:
        state = "in_progress"
    elif window.closes_at and now > window.closes_at:
        state = "closed"
        blocked = _("Deze toets is gesloten sinds %(date)s. Je kunt hem niet meer maken.") % {
            "date": _datetime(window.closes_at)
        }
    elif window.opens_at and now < window.opens_at:
        state = "not_open"
        blocked = _("Deze toets gaat open op %(date)s.") % {"date": _datetime(window.opens_at)}
    elif left == 0:
        state = "no_attempts_left"
        blocked = ngettext(
            "Je hebt je poging voor deze toets gebruikt. Je kunt hem niet nog een keer maken.",
            "Je hebt alle %(n)s pogingen voor deze toets gebruikt. Je kunt hem niet nog een keer maken.",
            quiz.attempts_allowed,
        ) % {"n": quiz.attempts_allowed}
    else:
        state = "can_start"
    final = None
    if any(a.status == Attempt.Status.GRADED for a in tries):
        final = attempts.final_result(enrollment=enrollment, quiz=quiz)
    return {
        "quiz": quiz,
        "window": window,
        "facts": _facts(quiz, window, used),
        "attempts": rows,
        "in_progress": in_progress,
        "deadline": _deadline_text(in_progress, now) if in_progress else "",
        "state": state,
        "blocked": blocked,
        "next_number": used + 1,
        "left": left,
        "final": _number(final) if final is not None else "",
        "final_passed": grading.passed(final, quiz.pass_mark) if final is not None else None,
        "start_url": reverse("assessments:quiz_start", args=[edition_id, quiz.pk]),
    }


# --- the views --------------------------------------------------------------------------------


# Every learner starts the exam at once: the quiz with its module by key, compiled once.
_QUIZ_IN_COURSE = CompiledQuery(
    lambda quiz_id, course_id: (
        Quiz.objects.select_related("module")
        .filter(pk=quiz_id, module__course_id=course_id)
        .order_by()
    ),
    arity=2,
)


def _quiz_or_404(enrollment: Enrollment, quiz_id: int) -> Quiz:
    found = _QUIZ_IN_COURSE.objects(quiz_id, enrollment.edition.course_id)
    if not found:
        raise Http404
    return found[0]


class _AnswerPairs(Aggregate):
    """Saved answers as one JSON array of [position, answer] pairs, so that they come in the
    same query as their attempt."""

    output_field = JSONField()

    def __init__(self) -> None:
        super().__init__(F("position"), F("answer"))

    def _pairs(self, compiler, template: str):
        position, answer = (compiler.compile(e) for e in self.get_source_expressions()[:2])
        return template % (position[0], answer[0]), (*position[1], *answer[1])

    def as_sql(self, compiler, connection, **extra_context):
        raise NotSupportedError("saved answers as JSON: PostgreSQL and SQLite")

    def as_postgresql(self, compiler, connection, **extra_context):
        return self._pairs(compiler, "JSONB_AGG(JSONB_BUILD_ARRAY(%s, %s))")

    def as_sqlite(self, compiler, connection, **extra_context):
        return self._pairs(compiler, "JSON_GROUP_ARRAY(JSON_ARRAY(%s, JSON(%s)))")


# The attempt page and its saves come from every learner at once when the exam starts: the
# attempt, with its enrolment (edition, course), quiz (module) and saved answers, in one query
# compiled once per process, which is also the access check.
_LEARNER_ATTEMPT = CompiledQuery(
    lambda attempt_id, learner_id, edition_id: (
        Attempt.objects.select_related("enrollment__edition__course", "quiz__module")
        .filter(
            pk=attempt_id,
            enrollment__learner_id=learner_id,
            enrollment__edition_id=edition_id,
            enrollment__status__in=Enrollment.SHOWN_STATUSES,
        )
        .annotate(
            saved_pairs=Subquery(
                Response.objects.filter(attempt_id=OuterRef("pk"))
                .order_by()
                .values("attempt_id")
                .annotate(pairs=_AnswerPairs())
                .values("pairs")
            )
        )
        .order_by()
    ),
    arity=3,
)


def _attempt_or_404(user, edition_id: int, attempt_id: int) -> Attempt:
    """The learner's own attempt, through their active or completed enrolment in this edition
    (as `enrollment_for_learner_or_404`); anyone else's is a 404, never a 403."""
    found = (
        _LEARNER_ATTEMPT.objects(attempt_id, user.pk, edition_id) if user.is_authenticated else []
    )
    if not found:
        raise Http404
    attempt = found[0]
    attempt.enrollment.learner = user
    return attempt


def _time_is_up(attempt: Attempt, now: datetime) -> bool:
    return attempt.deadline_at is not None and now > attempt.deadline_at + attempts.GRACE


def _deadline_text(attempt: Attempt, now: datetime) -> str:
    if attempt.deadline_at is None:
        return _(
            "Er is geen tijdslimiet. Bewaar je antwoorden af en toe, en lever in als je klaar bent."
        )
    seconds = (attempt.deadline_at - now).total_seconds()
    when = formats.date_format(timezone.localtime(attempt.deadline_at), "l j F, H:i")
    if seconds <= 0:
        return _("Je tijd was om op %(when)s.") % {"when": when}
    minutes = math.ceil(seconds / 60)
    if minutes < 120:
        left = ngettext("nog %(n)s minuut", "nog %(n)s minuten", minutes) % {"n": minutes}
    elif minutes < 48 * 60:
        hours = minutes // 60
        left = ngettext("nog ongeveer %(n)s uur", "nog ongeveer %(n)s uur", hours) % {"n": hours}
    else:
        return _("Lever je poging in vóór %(when)s.") % {"when": when}
    return _(
        "Je hebt tot %(when)s (%(left)s). Daarna leveren we je poging in met de antwoorden die je hebt bewaard."
    ) % {
        "when": when,
        "left": left,
    }


def _render_attempt(
    request: HttpRequest,
    stamp: EnrollmentStamp,
    attempt: Attempt,
    *,
    questions: list[_Question],
    saved: dict[int, Any],
    parsed: _Parsed | None = None,
    refusal: str = "",
    status: int = 200,
) -> HttpResponse:
    now = timezone.now()
    time_up = _time_is_up(attempt, now)
    shown = []
    for q in questions:
        if parsed is not None and not parsed.ok and q.position in parsed.positions:
            fields = {name: request.POST.getlist(name) for name in q.field_names()}
        else:
            fields = _encode(q, saved.get(q.position))
        error = parsed.errors.get(q.position, "") if parsed else ""
        shown.append(
            FormQuestion(
                q.position,
                q.number,
                error,
                _question_html(q, fields, error=error, disabled=time_up),
            )
        )
    general = list(parsed.general) if parsed else []
    if refusal:
        general.append(refusal)
    context = {
        "edition_id": stamp.edition_id,
        "course_title": stamp.course_title,
        "quiz_title": attempt.quiz.title,
        "attempt": attempt,
        "questions": shown,
        "general_errors": general,
        "has_errors": bool(general or (parsed and parsed.errors)),
        "answered": sum(1 for q in questions if q.number and saved.get(q.position) is not None),
        "total": sum(1 for q in questions if q.number),
        "time_up": time_up,
        "deadline": _deadline_text(attempt, now),
        "lesson_url": attempt.quiz.get_absolute_url_for(stamp.edition_id),
    }
    return render(request, "assessments/attempt.html", context, status=status)


def _saved_answers(attempt: Attempt) -> dict[int, Any]:
    """position: answer, as read with the attempt (`_attempt_or_404`)."""
    return {position: answer for position, answer in attempt.saved_pairs or ()}


@login_required
@require_POST
def quiz_start(request: HttpRequest, edition_id: int, quiz_id: int) -> HttpResponse:
    """Start an attempt, or go back to the one in progress."""
    enrollment = enrollment_for_learner_or_404(request.user, edition_id)
    quiz = _quiz_or_404(enrollment, quiz_id)
    try:
        attempt = attempts.attempt_start(enrollment=enrollment, quiz=quiz)
    except attempts.AttemptError as exc:
        messages.error(request, " ".join(exc.messages))
        response = lesson_detail(request, edition_id=edition_id, lesson_id=quiz.pk)
        response.status_code = 400
        return response
    return redirect("assessments:attempt", edition_id=edition_id, attempt_id=attempt.pk)


@login_required
@require_http_methods(["GET", "POST"])
def attempt_detail(request: HttpRequest, edition_id: int, attempt_id: int) -> HttpResponse:
    """The questions of an attempt in one form; a POST saves the answers that changed."""
    attempt = _attempt_or_404(request.user, edition_id, attempt_id)
    stamp = EnrollmentStamp.of(attempt.enrollment)
    if attempt.status != Attempt.Status.IN_PROGRESS:
        if request.method == "POST":
            messages.error(
                request, _("Deze poging is al ingeleverd. Je antwoorden zijn niet meer veranderd.")
            )
        return redirect("assessments:attempt_result", edition_id=edition_id, attempt_id=attempt.pk)
    if request.method == "GET":
        return _render_attempt(
            request,
            stamp,
            attempt,
            questions=_questions(attempt),
            saved=_saved_answers(attempt),
        )
    posted = _save_posted(request, stamp, attempt)
    if posted.response is not None:
        return posted.response
    if posted.refusal:
        if posted.handed_in:
            messages.error(request, posted.refusal)
            return redirect(
                "assessments:attempt_result", edition_id=edition_id, attempt_id=attempt.pk
            )
        return posted.render_refusal(request, stamp, attempt)
    if request.headers.get("X-Requested-With") == "fetch":
        return HttpResponse(status=204)  # autosave: the page stays as it is
    messages.success(
        request,
        _("Je antwoorden zijn bewaard om %(time)s. Je kunt verder gaan of inleveren.")
        % {"time": formats.time_format(timezone.localtime(), "H:i")},
    )
    return redirect("assessments:attempt", edition_id=edition_id, attempt_id=attempt.pk)


@dataclass
class _Posted:
    """What became of the answers posted with a save or a hand-in."""

    questions: list
    saved: dict
    parsed: object = None
    refusal: str | None = None
    handed_in: bool = False
    response: HttpResponse | None = None  # a 400 page for answers that could not be read

    def render_refusal(self, request, stamp, attempt) -> HttpResponse:
        return _render_attempt(
            request,
            stamp,
            attempt,
            questions=self.questions,
            saved=self.saved,  # a refusal saves nothing
            parsed=self.parsed,
            refusal=self.refusal,
            status=400,
        )


def _save_posted(request, stamp, attempt) -> _Posted:
    """Read and save the posted answers: shared by "Bewaar" and "Lever in"."""
    posted = _Posted(questions=_questions(attempt), saved=_saved_answers(attempt))
    posted.parsed = _parse(posted.questions, request.POST)
    if not posted.parsed.ok:
        posted.response = _render_attempt(
            request,
            stamp,
            attempt,
            questions=posted.questions,
            saved=posted.saved,
            parsed=posted.parsed,
            status=400,
        )
        return posted
    posted.refusal = _save(request, attempt, posted.parsed, posted.saved)
    if posted.refusal:
        attempt.refresh_from_db(fields=["status"])
        posted.handed_in = attempt.status != Attempt.Status.IN_PROGRESS
    return posted


@login_required
@require_POST
def attempt_hand_in(request: HttpRequest, edition_id: int, attempt_id: int) -> HttpResponse:
    """Save what was posted, then hand the attempt in. A second time only shows the result."""
    attempt = _attempt_or_404(request.user, edition_id, attempt_id)
    if attempt.status == Attempt.Status.IN_PROGRESS:
        stamp = EnrollmentStamp.of(attempt.enrollment)
        posted = _save_posted(request, stamp, attempt)
        if posted.response is not None:
            return posted.response
        if posted.refusal:
            if posted.handed_in:  # from another tab
                return redirect(
                    "assessments:attempt_result", edition_id=edition_id, attempt_id=attempt.pk
                )
            if not _time_is_up(attempt, timezone.now()):
                return posted.render_refusal(request, stamp, attempt)
            messages.warning(
                request,
                _(
                    "De tijd was om, dus je laatste wijzigingen zijn niet meer bewaard. We hebben je "
                    "poging ingeleverd met de antwoorden die je eerder had bewaard."
                ),
            )
        attempts.attempt_submit(attempt=attempt, user=request.user)
    return redirect("assessments:attempt_result", edition_id=edition_id, attempt_id=attempt.pk)


@login_required
def attempt_result(request: HttpRequest, edition_id: int, attempt_id: int) -> HttpResponse:
    """The result of a handed-in attempt, with as much feedback as the quiz's policy allows."""
    attempt = _attempt_or_404(request.user, edition_id, attempt_id)
    enrollment = attempt.enrollment
    if attempt.status == Attempt.Status.IN_PROGRESS:
        return redirect("assessments:attempt", edition_id=edition_id, attempt_id=attempt.pk)
    quiz = attempt.quiz
    now = timezone.now()
    window = attempts.quiz_window(enrollment=enrollment, quiz=quiz)
    graded = attempt.status == Attempt.Status.GRADED
    show_feedback = graded and attempts.feedback_visible(
        quiz=quiz, closes_at=window.closes_at, now=now
    )
    review = []
    if show_feedback:
        responses = {r.position: r for r in attempt.responses.all()}
        review = _review(_questions(attempt), responses)
    used = Attempt.objects.filter(enrollment=enrollment, quiz=quiz).count()
    open_now = window.is_open(now)
    can_retry = graded and open_now and (not quiz.attempts_allowed or used < quiz.attempts_allowed)
    context = {
        "edition": enrollment.edition,
        "course": enrollment.edition.course,
        "quiz": quiz,
        "attempt": attempt,
        "graded": graded,
        "percentage": _number(attempt.percentage),
        "points": _number(attempt.points),
        "max_points": _number(attempt.max_points),
        "pass_mark": _number(quiz.pass_mark),
        "show_feedback": show_feedback,
        "feedback_note": "" if show_feedback else _feedback_note(quiz, window.closes_at),
        "review": review,
        "can_retry": can_retry,
        "lesson_url": quiz.get_absolute_url_for(enrollment.edition_id),
    }
    return render(request, "assessments/attempt_result.html", context)
