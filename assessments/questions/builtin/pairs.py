"""Putting parts in place: matching (each left item gets a right one) and ordering.

- Matching: the share of left items matched to their right item. A pair with an empty left
  only adds a distractor on the right (GIFT's way of writing one).
- Ordering uses Moodle's "absolute position" method: the share of items at their correct
  position. It is the strictest of Moodle's methods and needs no tuning.

The right items of a matching question, and the items of an ordering question, are shown in
an order fixed per attempt and question that the learner cannot work out from the page; the
form posts positions in that order.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from decimal import Decimal
from functools import lru_cache
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.html import format_html
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from ...quizzes import grading
from ...quizzes.grading import ONE, ZERO, GradeResult, InvalidResponse
from .. import display
from ..authoring import LinesKeyForm, MatchingKeyForm
from ..gift import GiftProblem, GiftReader, GiftWriter, escape, shown
from ..specs import MatchingSpec, OrderingSpec
from ..types import AttemptQuestion, QuestionType
from ..widgets import index, one


class MatchingType(QuestionType):
    kind = "matching"
    authoring_form = MatchingKeyForm
    spec_class = MatchingSpec
    gift_priority = 40
    widget_shared = True

    def example_answer(self, spec: MatchingSpec, *, right: bool = True) -> Any:
        pairs = [(left, match) for left, match in spec.pairs if left.strip()]
        matches = [match for _left, match in pairs]
        if not right:
            matches = matches[1:] + matches[:1]
        return {left: matches[i] for i, (left, _match) in enumerate(pairs)}

    def to_json(self, spec: MatchingSpec) -> dict:
        return {"pairs": [list(pair) for pair in spec.pairs]}

    def from_json(self, data: Mapping[str, Any]) -> MatchingSpec:
        return MatchingSpec(tuple((left, right) for left, right in data["pairs"]))

    def key_problems(self, spec: MatchingSpec) -> list[str]:
        problems: list[str] = []
        graded = _graded_pairs(spec)
        if len(graded) < 2:
            problems.append("a matching question needs at least two pairs with a left item")
        for number, (left, right) in enumerate(spec.pairs, start=1):
            if not right.strip():
                problems.append(f"pair {number} has an empty right item")
            if not left.strip() and right.strip() in {r.strip() for _, r in graded}:
                problems.append(f"distractor {right!r} is also a correct right item")
        problems += grading.duplicates([left for left, _ in graded], "left item")
        return problems

    def grade(self, spec: MatchingSpec, response: Any) -> GradeResult:
        graded = _graded_pairs(spec)
        if not graded:
            return grading.result(ZERO)
        answers = _matching_response(response, {left for left, _ in graded})
        correct = sum(1 for left, right in graded if answers.get(left) == right)
        return grading.result(Decimal(correct) / len(graded))

    def max_fraction(self, spec: MatchingSpec) -> Decimal:
        graded = _graded_pairs(spec)
        if not graded:
            return ZERO
        # Each left takes one right, so a left listed twice can score only its most frequent pair.
        best_per_left: dict[str, int] = {}
        for (left, _right), count in Counter(graded).items():
            best_per_left[left] = max(best_per_left.get(left, 0), count)
        return grading.finish(Decimal(sum(best_per_left.values())) / len(graded))

    def gift_reads(self, body: str | None, masked: str | None) -> bool:
        return bool(body) and "=" in masked and "->" in masked

    def gift_read(self, reader: GiftReader, start: int, end: int, opening: int) -> MatchingSpec:
        pairs = []
        for number, (_marker, a, b) in enumerate(
            reader.segments(start, end, "=", "een koppelvraag")
        ):
            arrow = reader.m.find("->", a, b)
            if arrow < 0:
                raise GiftProblem(
                    a, f"het paar ‘{shown(reader.value(a, b))}’ mist -> tussen de twee kanten"
                )
            left = reader.formatted(a, arrow, f"pairs.{number}.left")
            right = reader.value(arrow + 2, b)
            if not right:
                raise GiftProblem(a, f"het paar ‘{shown(left)}’ heeft niets rechts van ->")
            pairs.append((left, right))
        if sum(1 for left, _ in pairs if left) < 2:
            raise GiftProblem(opening, "een koppelvraag heeft minstens twee paren nodig")
        return MatchingSpec(tuple(pairs))

    def gift_write(self, spec: MatchingSpec, writer: GiftWriter) -> str:
        if not spec.pairs:
            raise ValueError("een koppelvraag zonder paren")
        lines = []
        for number, (left, right) in enumerate(spec.pairs):
            if "->" in left:
                raise ValueError("GIFT kan -> niet in de linkerkant van een paar schrijven")
            left_text = writer.text(left, f"pairs.{number}.left") if left else ""
            lines.append(f"={left_text} -> {escape(right)}")
        return writer.lines_block(lines)

    # The form: one select per left item, its options the right items in the attempt's order.

    def shown_order(
        self, spec: MatchingSpec, frozen: Mapping[str, Any], shuffle: Callable[[int], list[int]]
    ) -> tuple[int, ...]:
        return tuple(shuffle(len(sides(spec)[1])))

    def input_names(self, question: AttemptQuestion) -> list[str]:
        return [f"{question.name}-m{i}" for i in range(len(sides(question.spec)[0]))]

    def form_value(self, question: AttemptQuestion, answer: Any) -> dict[str, list[str]]:
        lefts, rights = sides(question.spec)
        chosen = dict(answer)
        values = {}
        for i, left in enumerate(lefts):
            right = chosen.get(left)
            if right in rights:
                values[f"{question.name}-m{i}"] = [str(question.order.index(rights.index(right)))]
        return values

    def answer_from_form(self, question: AttemptQuestion, values: dict[str, list[str]]) -> Any:
        lefts, rights = sides(question.spec)
        order = question.order
        chosen = {}
        for i, left in enumerate(lefts):
            value = one(values, f"{question.name}-m{i}")
            if value != "":
                chosen[left] = rights[order[index(value, len(order))]]
        return chosen or None

    def widget_context(self, question: AttemptQuestion, values: dict[str, list[str]]) -> dict:
        lefts, rights = sides(question.spec)
        text_format = question.text_format
        rows = []
        for i, left in enumerate(lefts):
            name = f"{question.name}-m{i}"
            rows.append(
                {
                    "name": name,
                    "label": display.inline(left, text_format),
                }
            )
        options = [
            {"value": str(shown_at), "text": display.plain(rights[key], text_format)}
            for shown_at, key in enumerate(question.order)
        ]
        return {"rows": rows, "options": options}

    def review_given(self, question: AttemptQuestion, answer: Any) -> list:
        text_format = question.text_format
        return [
            format_html(
                "{} → {}",
                display.inline(left, text_format),
                display.inline(right or "—", text_format),
            )
            for left, right in dict(answer).items()
        ]

    def review_correct(self, question: AttemptQuestion) -> list:
        text_format = question.text_format
        return [
            format_html(
                "{} → {}", display.inline(left, text_format), display.inline(right, text_format)
            )
            for left, right in question.spec.pairs
            if left.strip()
        ]

    def review_correct_label(self, question: AttemptQuestion, correct: Sequence) -> str:
        if len(correct) < 2:
            return _("Het goede antwoord")
        return _("De goede antwoorden")


class OrderingType(QuestionType):
    kind = "ordering"
    authoring_form = LinesKeyForm
    spec_class = OrderingSpec
    review_ordered = True
    widget_shared = True

    def example_answer(self, spec: OrderingSpec, *, right: bool = True) -> Any:
        return list(spec.items) if right else list(reversed(spec.items))

    def to_json(self, spec: OrderingSpec) -> dict:
        return {"items": list(spec.items)}

    def from_json(self, data: Mapping[str, Any]) -> OrderingSpec:
        return OrderingSpec(tuple(data["items"]))

    def key_problems(self, spec: OrderingSpec) -> list[str]:
        problems: list[str] = []
        if len(spec.items) < 2:
            problems.append("an ordering question needs at least two items")
        problems += [
            f"item {n} is empty" for n, item in enumerate(spec.items, 1) if not item.strip()
        ]
        problems += grading.duplicates([grading.nfc(item) for item in spec.items], "item")
        return problems

    def grade(self, spec: OrderingSpec, response: Any) -> GradeResult:
        if response is None or (isinstance(response, list | tuple) and not response):
            return grading.result(ZERO)
        if not isinstance(response, list | tuple):
            raise InvalidResponse(
                f"an ordering answer must be a list of the items, got {grading.type_name(response)}"
            )
        for item in response:
            if not isinstance(item, str):
                raise InvalidResponse(
                    f"an ordering item must be text, got {grading.type_name(item)}"
                )
        given = [grading.nfc(item) for item in response]
        expected = [grading.nfc(item) for item in spec.items]
        if Counter(given) != Counter(expected):
            raise InvalidResponse(
                "an ordering answer must contain each item of the question exactly once"
            )
        in_place = sum(1 for g, e in zip(given, expected, strict=True) if g == e)
        return grading.result(Decimal(in_place) / len(expected))

    def max_fraction(self, spec: OrderingSpec) -> Decimal:
        return ONE if spec.items else ZERO

    def gift_write(self, spec: OrderingSpec, writer: GiftWriter) -> str:
        raise ValueError("GIFT kent geen volgordevraag")

    # The form: one select per item, its options the places "1 van n" ... "n van n".

    def shown_order(
        self, spec: OrderingSpec, frozen: Mapping[str, Any], shuffle: Callable[[int], list[int]]
    ) -> tuple[int, ...]:
        return tuple(shuffle(len(spec.items)))

    def input_names(self, question: AttemptQuestion) -> list[str]:
        return [f"{question.name}-o{i}" for i in range(len(question.order))]

    def form_value(self, question: AttemptQuestion, answer: Any) -> dict[str, list[str]]:
        items = question.spec.items
        return {
            f"{question.name}-o{shown_at}": [str(answer.index(items[key]) + 1)]
            for shown_at, key in enumerate(question.order)
            if items[key] in answer
        }

    def answer_from_form(self, question: AttemptQuestion, values: dict[str, list[str]]) -> Any:
        order = question.order
        places = {i: one(values, f"{question.name}-o{i}") for i in range(len(order))}
        if all(value == "" for value in places.values()):
            return None
        if any(value == "" for value in places.values()):
            raise ValidationError(
                _("Geef elk onderdeel een plek, of laat ze allemaal leeg."), code="incomplete"
            )
        numbers = {i: index(value, len(order) + 1) for i, value in places.items()}
        if sorted(numbers.values()) != list(range(1, len(order) + 1)):
            raise ValidationError(_("Elke plek mag maar één keer voorkomen."), code="twice")
        ranked = sorted(numbers, key=numbers.__getitem__)
        return [question.spec.items[order[i]] for i in ranked]

    def widget_context(self, question: AttemptQuestion, values: dict[str, list[str]]) -> dict:
        items, text_format = question.spec.items, question.text_format
        rows = []
        for i, key in enumerate(question.order):
            name = f"{question.name}-o{i}"
            rows.append(
                {
                    "name": name,
                    "label": display.inline(items[key], text_format),
                }
            )
        return {"rows": rows, "places": _places(get_language(), len(question.order))}

    def review_given(self, question: AttemptQuestion, answer: Any) -> list:
        return [display.inline(item, question.text_format) for item in answer]

    def review_correct(self, question: AttemptQuestion) -> list:
        return [display.inline(item, question.text_format) for item in question.spec.items]

    def review_correct_label(self, question: AttemptQuestion, correct: Sequence) -> str:
        return _("De goede volgorde")


@lru_cache(maxsize=256)
def _places(language: str | None, count: int) -> tuple[dict, ...]:
    """The options of an ordering row, "1 van 5" ... "5 van 5", in `language` (active)."""
    label = _("%(n)s van %(count)s")
    return tuple(
        {"value": str(n), "label": label % {"n": n, "count": count}} for n in range(1, count + 1)
    )


@lru_cache(maxsize=1024)
def sides(spec: MatchingSpec) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """A matching question's left items and (distinct) right items, in the key's order, as
    the form shows and posts them."""
    lefts = tuple(dict.fromkeys(left for left, _r in spec.pairs if left.strip()))
    rights = tuple(dict.fromkeys(right for _l, right in spec.pairs if right.strip()))
    return lefts, rights


def _graded_pairs(spec: MatchingSpec) -> list[tuple[str, str]]:
    """The pairs that score: a pair with an empty left only adds a distractor on the right."""
    return [(grading.nfc(left), grading.nfc(right)) for left, right in spec.pairs if left.strip()]


def _matching_response(response: Any, lefts: set[str]) -> dict[str, str | None]:
    if response is None:
        return {}
    if isinstance(response, dict):
        items = list(response.items())
    elif isinstance(response, list | tuple):
        items = []
        for pair in response:
            if not isinstance(pair, list | tuple) or len(pair) != 2:
                raise InvalidResponse(
                    f"a matching answer lists [left, right] pairs, got {pair!r:.100}"
                )
            items.append((pair[0], pair[1]))
    else:
        raise InvalidResponse(
            "a matching answer must map each left item to a right one, got "
            f"{grading.type_name(response)}"
        )
    answers: dict[str, str | None] = {}
    for left, right in items:
        if not isinstance(left, str):
            raise InvalidResponse(
                f"a matching left item must be text, got {grading.type_name(left)}"
            )
        if right is not None and not isinstance(right, str):
            raise InvalidResponse(
                f"a matching right item must be text, got {grading.type_name(right)}"
            )
        left = grading.nfc(left)
        if left not in lefts:
            raise InvalidResponse(f"{left!r:.100} is not an item of this matching question")
        if left in answers:
            raise InvalidResponse(f"{left!r:.100} is matched more than once")
        answers[left] = None if right is None else grading.nfc(right)
    return answers
