"""Item analysis of a quiz (Moodle's quiz statistics, in words a trainer reads): per question
how easy it was, whether it tells stronger learners from weaker ones, how often each answer was
chosen, and flags for questions whose key or wording may be wrong.

Three layers, each testable on its own:

- the pure core (`mean`, `pearson`, `analyse`, `item_flags`): plain values in, plain values
  out, no database;
- the read (`quiz_item_analysis`): a fixed number of queries, whatever the number of attempts
  or questions, and one pass over the rows;
- what the page and the downloads are made of (`chart`, `analysis_csv`, `analysis_xlsx`).

The figures, as the page explains them:

- *facility* ("makkelijkheid"): the mean score on the question as a share of the best possible
  answer (0-100%), over the graded attempts that drew it;
- *discrimination* ("onderscheid"): the Pearson correlation between the score on the question
  and the score on the rest of the test (the attempt's score without this question). For a
  question scored right or wrong this is the point-biserial correlation. Moodle's
  "discrimination index" is the same figure. Not the upper/lower 27% groups: the correlation
  uses every attempt, which matters with the 10 to 30 learners of an edition;
- every graded attempt counts, a learner's second attempt too; random slots draw different
  questions, so the figures are per question (its bank id), not per slot;
- the time spent per question is not recorded (an answer keeps only the moment it was last
  saved), so there is no time per question; the page gives the time per attempt instead.
"""

from __future__ import annotations

import csv
import enum
import io
import json
import math
import statistics
from collections import Counter, defaultdict
from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any

from django.apps import apps
from django.db.models import Count, Q, TextField
from django.db.models.functions import Cast
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.dates import format_when
from courses.models import Edition

from ..models import Attempt, Question, Quiz, QuizSlot, Response
from ..questions import display, specs
from ..questions.registry import UnknownQuestionType, registry

# When a question is flagged as possibly wrong.
TOO_HARD_BELOW = 0.10  # facility under 10%: almost nobody gets it right (a wrong key?)
TOO_EASY_ABOVE = 0.95  # facility over 95%: it tells nobody apart
MIN_ATTEMPTS_FOR_OPTIONS = 10  # an answer nobody chose says something only from this many on

# Rules of thumb for discrimination (after Ebel): from 0.30 good, from 0.20 fair, below weak.
GOOD_DISCRIMINATION = 0.30
FAIR_DISCRIMINATION = 0.20


# --- the pure core ------------------------------------------------------------------------------


def mean(values: Sequence[float]) -> float | None:
    """The arithmetic mean; None for no values."""
    return math.fsum(values) / len(values) if values else None


def pearson(xs: Sequence[float], ys: Sequence[float]) -> float | None:
    """The Pearson correlation of two equally long series; None when it is not defined (fewer
    than two pairs, or a series that does not vary)."""
    if len(xs) != len(ys):
        raise ValueError("the two series must be equally long")
    n = len(xs)
    if n < 2:
        return None
    mean_x, mean_y = math.fsum(xs) / n, math.fsum(ys) / n
    dx = [x - mean_x for x in xs]
    dy = [y - mean_y for y in ys]
    sxx = math.fsum(d * d for d in dx)
    syy = math.fsum(d * d for d in dy)
    if sxx <= 1e-12 or syy <= 1e-12:
        return None
    r = math.fsum(a * b for a, b in zip(dx, dy, strict=True)) / math.sqrt(sxx * syy)
    return max(-1.0, min(1.0, r))


@dataclass(frozen=True, slots=True)
class ItemResponse:
    """One answer as the analysis needs it: which attempt and question, the score as a share
    of the best possible answer (0 to 1), the question's points in that attempt (its weight in
    the attempt's total), and for a question with options the options chosen (None for a type
    without options)."""

    attempt: Hashable
    question: Hashable
    score: float
    points: float = 1.0
    chosen: frozenset[str] | None = None


class FlagKind(enum.StrEnum):
    NEGATIVE_DISCRIMINATION = "negative_discrimination"
    TOO_HARD = "too_hard"
    TOO_EASY = "too_easy"
    UNCHOSEN_OPTION = "unchosen_option"


@dataclass(frozen=True)
class Flag:
    """A reason to look at a question again; `option` names the answer nobody chose."""

    kind: FlagKind
    option: str = ""

    @property
    def message(self) -> str:
        if self.kind == FlagKind.NEGATIVE_DISCRIMINATION:
            return _(
                "Wie de rest van de toets goed maakt, heeft deze vraag vaker fout. "
                "Klopt de antwoordsleutel?"
            )
        if self.kind == FlagKind.TOO_HARD:
            return _("Bijna niemand heeft deze vraag goed. Klopt de antwoordsleutel?")
        if self.kind == FlagKind.TOO_EASY:
            return _("Bijna iedereen heeft deze vraag goed: ze maakt geen verschil.")
        return _("Niemand kiest het antwoord ‘%(option)s’.") % {"option": self.option}

    @property
    def short(self) -> str:
        """The flag in a few words, for a table cell."""
        if self.kind == FlagKind.NEGATIVE_DISCRIMINATION:
            return _("onderscheid omgekeerd")
        if self.kind == FlagKind.TOO_HARD:
            return _("erg moeilijk")
        if self.kind == FlagKind.TOO_EASY:
            return _("erg makkelijk")
        return _("‘%(option)s’ nooit gekozen") % {"option": self.option}


@dataclass(frozen=True)
class ItemFigures:
    """The figures of one question."""

    question: Hashable
    attempts: int
    facility: float | None
    discrimination: float | None
    option_counts: tuple[tuple[str, int], ...] = ()
    flags: tuple[Flag, ...] = ()


def item_flags(
    *,
    attempts: int,
    facility: float | None,
    discrimination: float | None,
    option_counts: Sequence[tuple[str, int]] = (),
) -> tuple[Flag, ...]:
    """Why a question may be wrong: an answer that goes against the rest of the test, a
    facility near 0 or 1, an option nobody chose (only from `MIN_ATTEMPTS_FOR_OPTIONS` on)."""
    flags = []
    if discrimination is not None and discrimination < 0:
        flags.append(Flag(FlagKind.NEGATIVE_DISCRIMINATION))
    if facility is not None and facility < TOO_HARD_BELOW:
        flags.append(Flag(FlagKind.TOO_HARD))
    if facility is not None and facility > TOO_EASY_ABOVE:
        flags.append(Flag(FlagKind.TOO_EASY))
    if attempts >= MIN_ATTEMPTS_FOR_OPTIONS:
        flags += [Flag(FlagKind.UNCHOSEN_OPTION, text) for text, n in option_counts if n == 0]
    return tuple(flags)


def analyse(
    responses: Iterable[ItemResponse], *, options: Mapping[Hashable, Sequence[str]] | None = None
) -> dict[Hashable, ItemFigures]:
    """The figures of every question, in one pass over the answers. `responses` holds every
    scored question of every attempt (the attempt's total is their sum); `options` lists the
    options of a question with options, so that one nobody chose counts 0."""
    options = options or {}
    totals: dict[Hashable, list[float]] = defaultdict(lambda: [0.0, 0.0])  # points, maximum
    by_question: dict[Hashable, list[ItemResponse]] = defaultdict(list)
    for response in responses:
        total = totals[response.attempt]
        total[0] += response.score * response.points
        total[1] += response.points
        by_question[response.question].append(response)

    figures = {}
    for question, answers in by_question.items():
        scores, item, rest = [], [], []
        chosen: Counter[str] = Counter({text: 0 for text in options.get(question, ())})
        for answer in answers:
            scores.append(answer.score)
            points, maximum = totals[answer.attempt]
            if maximum - answer.points > 0:
                item.append(answer.score)
                rest.append((points - answer.score * answer.points) / (maximum - answer.points))
            if answer.chosen is not None:
                chosen.update(answer.chosen)
        facility = mean(scores)
        discrimination = pearson(item, rest)
        counts = tuple(chosen.items())
        figures[question] = ItemFigures(
            question=question,
            attempts=len(answers),
            facility=facility,
            discrimination=discrimination,
            option_counts=counts,
            flags=item_flags(
                attempts=len(answers),
                facility=facility,
                discrimination=discrimination,
                option_counts=counts,
            ),
        )
    return figures


def discrimination_words(value: float | None) -> str:
    """The discrimination in a word or two."""
    if value is None:
        return _("niet te berekenen")
    if value < 0:
        return _("omgekeerd")
    if value >= GOOD_DISCRIMINATION:
        return _("goed")
    if value >= FAIR_DISCRIMINATION:
        return _("redelijk")
    return _("zwak")


# --- the read -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class OptionCount:
    text: str
    correct: bool
    count: int
    share: float | None  # of the attempts that drew the question

    @property
    def share_text(self) -> str:
        return percent(self.share)


@dataclass
class Item:
    """One question of the analysis, with what the page and the downloads show of it."""

    question_id: int
    place: int | None  # 1-based place of its slot in the quiz; None: no longer in the quiz
    random_from: str  # the category a random slot draws it from ("" for a fixed slot)
    name: str
    text: str
    kind: str
    in_bank: bool
    figures: ItemFigures
    options: list[OptionCount] = field(default_factory=list)
    unanswered: int = 0

    @property
    def flags(self) -> tuple[Flag, ...]:
        return self.figures.flags

    @property
    def facility_percent(self) -> float | None:
        facility = self.figures.facility
        return None if facility is None else facility * 100

    @property
    def facility_text(self) -> str:
        return percent(self.figures.facility)

    @property
    def discrimination_text(self) -> str:
        return decimal_text(self.figures.discrimination)

    @property
    def discrimination_words(self) -> str:
        return discrimination_words(self.figures.discrimination)

    @property
    def place_label(self) -> str:
        if self.place is None:
            return _("niet meer in de toets")
        if self.random_from:
            return _("%(place)s (willekeurig uit ‘%(category)s’)") % {
                "place": self.place,
                "category": self.random_from,
            }
        return str(self.place)


@dataclass
class QuizAnalysis:
    quiz: Quiz
    editions: list[Edition]
    attempts: int
    learners: int
    mean_score: float | None  # share of the maximum, 0 to 1
    median_duration: timedelta | None
    items: list[Item]
    generated_at: datetime

    @property
    def flagged(self) -> list[Item]:
        return [item for item in self.items if item.flags]

    @property
    def with_options(self) -> list[Item]:
        return [item for item in self.items if item.options]

    @property
    def few_attempts(self) -> bool:
        return 0 < self.attempts < MIN_ATTEMPTS_FOR_OPTIONS

    @property
    def mean_score_text(self) -> str:
        return percent(self.mean_score)

    @property
    def median_minutes(self) -> int | None:
        """The median time per attempt in whole minutes (at least 1)."""
        if self.median_duration is None:
            return None
        return max(1, round(self.median_duration.total_seconds() / 60))


@dataclass
class _Seen:
    """A question as the attempts froze it: the latest attempt's copy names it, and every
    distinct key it was taken with brings its options."""

    attempt_id: int = -1
    frozen: Mapping[str, Any] = field(default_factory=dict)
    entry: _Entry | None = None
    keys: dict[int, _Key] = field(default_factory=dict)
    last_key: _Key | None = None
    unanswered: int = 0

    def see(self, attempt_id: int, frozen: Mapping[str, Any], entry: _Entry) -> None:
        if attempt_id > self.attempt_id:
            self.attempt_id, self.frozen, self.entry = attempt_id, frozen, entry
        if entry.key is not self.last_key:
            self.keys.setdefault(id(entry.key), entry.key)
            self.last_key = entry.key

    def options(self) -> dict[str, bool]:
        """Option text -> right, those of the latest key first, then any only older keys had."""
        latest = self.entry.key
        options = dict(latest.options or ())
        for key in self.keys.values():
            if key is not latest:
                for text, right in key.options or ():
                    options.setdefault(text, right)
        return options


@dataclass(frozen=True)
class _Key:
    """What the analysis reads of one frozen key, worked out once per distinct key."""

    best: Decimal  # the best fraction any answer can get
    options: tuple[tuple[str, bool], ...] | None  # (plain text, right) per option, or None


def _key_facts(question_type: Any, spec: Any, text_format: str) -> _Key:
    """A type with options keeps them as `choices` in its spec (as the shipped choice types
    do, and as `services._freeze` shuffles them), each with a `text` and a `fraction`, and its
    answer names them by index: one, or a list. Other types have no options to count."""
    choices = getattr(spec, "choices", None)
    options = None
    if isinstance(choices, tuple | list):
        options = tuple(
            (" ".join(display.plain(c.text, text_format).split()), c.fraction > 0) for c in choices
        )
    return _Key(best=question_type.max_fraction(spec), options=options)


@dataclass(frozen=True)
class _Entry:
    """What the analysis reads of one frozen question of an attempt."""

    question_id: int
    kind: str
    key: _Key
    points: float
    text_format: str


_MISSING = object()


def _entry(
    frozen: Mapping[str, Any],
    memo: specs.SpecMemo,
    keys: dict[int, _Key],
    known: dict[tuple, _Entry],
) -> _Entry | None:
    """The frozen question's facts; None for one that scores nothing (a text without a
    question) or whose key no registered type reads. Equal facts are one object (`known`)."""
    spec_json, question_id = frozen.get("spec") or {}, frozen.get("question_id")
    try:
        question_type = registry.get(spec_json.get("type"))
        if question_id is None or not question_type.answerable:
            return None
        spec = memo(spec_json, question_id)
    except (UnknownQuestionType, ValueError, KeyError, TypeError, AttributeError):
        return None
    text_format = frozen.get("text_format") or "moodle"
    points = frozen.get("points") or 0
    found = known.get((id(spec), question_id, points, text_format))
    if found is not None:
        return found
    key = keys.get(id(spec))  # the memo keeps every spec alive: its id stays its own
    if key is None:
        key = keys[id(spec)] = _key_facts(question_type, spec, text_format)
    entry = known[(id(spec), question_id, points, text_format)] = _Entry(
        question_id=question_id,
        kind=question_type.kind,
        key=key,
        points=float(points),
        text_format=text_format,
    )
    return entry


def _chosen(options: Sequence[tuple[str, bool]], answer: Any) -> frozenset[str]:
    picked = answer if isinstance(answer, list | tuple) else [answer]
    return frozenset(
        options[i][0]
        for i in picked
        if isinstance(i, int) and not isinstance(i, bool) and 0 <= i < len(options)
    )


def _places(quiz: Quiz, categories: Mapping[int, int]) -> dict[int, tuple[int, str]]:
    """question id -> (place of its slot, name of the category a random slot draws it from,
    or ""), for the questions still in the bank (`categories`: question id -> category id)."""
    slots = QuizSlot.objects.filter(quiz=quiz).order_by("order", "pk")
    places: dict[int, tuple[int, str]] = {}
    by_category: dict[int, tuple[int, str]] = {}
    for place, (question_id, category_id, category_name) in enumerate(
        slots.values_list("question_id", "category_id", "category__name"), start=1
    ):
        if question_id is not None:
            places.setdefault(question_id, (place, ""))
        else:
            by_category.setdefault(category_id, (place, category_name))
    for question_id, category_id in categories.items():
        if question_id not in places and category_id in by_category:
            places[question_id] = by_category[category_id]
    return places


def quiz_item_analysis(
    *, quiz: Quiz, editions: Sequence[Edition], now: datetime | None = None
) -> QuizAnalysis:
    """The item analysis of a quiz over the graded attempts of learners in `editions`.

    Four queries (the attempts with their frozen questions, their answers, the quiz's slots,
    the questions still in the bank), however many attempts and questions there are; each
    distinct frozen key is parsed once."""
    graded = Attempt.objects.filter(
        quiz=quiz,
        status=Attempt.Status.GRADED,
        enrollment__edition__in=[edition.pk for edition in editions],
    )
    attempts: dict[int, tuple] = {}
    parsed: dict[str, list] = {}  # attempts that froze the same questions share one list
    for (
        pk,
        enrollment_id,
        questions,
        percentage,
        started_at,
        submitted_at,
    ) in graded.order_by().values_list(
        "pk",
        "enrollment_id",
        Cast("questions", TextField()),
        "percentage",
        "started_at",
        "submitted_at",
    ):
        frozen_questions = parsed.get(questions)
        if frozen_questions is None:
            frozen_questions = parsed[questions] = json.loads(questions) if questions else []
        attempts[pk] = (enrollment_id, frozen_questions, percentage, started_at, submitted_at)
    del parsed
    rows = (
        Response.objects.filter(attempt__in=graded.values("pk"))
        .order_by()
        .values_list("attempt_id", "position", Cast("answer", TextField()), "fraction")
    )

    memo = specs.SpecMemo()
    keys: dict[int, _Key] = {}  # id of a parsed spec -> its facts
    entries: dict[int, _Entry | None] = {}  # id of a frozen question -> what counts of it
    known: dict[tuple, _Entry] = {}
    chosen: dict[tuple[int, str | None], frozenset[str]] = {}
    seen: dict[int, _Seen] = {}
    answers: list[ItemResponse] = []
    for attempt_id, position, answer, fraction in rows.iterator(chunk_size=5000):
        frozen_questions = attempts[attempt_id][1]
        if fraction is None or not 0 <= position < len(frozen_questions):
            continue
        frozen = frozen_questions[position]
        entry = entries.get(id(frozen), _MISSING)  # `attempts` keeps every frozen dict alive
        if entry is _MISSING:
            entry = entries[id(frozen)] = _entry(frozen, memo, keys, known)
        if entry is None:
            continue
        key = entry.key
        info = seen.get(entry.question_id)
        if info is None:
            info = seen[entry.question_id] = _Seen()
        info.see(attempt_id, frozen, entry)
        if answer is None or answer == "null":
            answer = None
            info.unanswered += 1
        picked = None
        if key.options is not None:
            picked = chosen.get((id(key), answer))
            if picked is None:
                value = None if answer is None else json.loads(answer)
                picked = chosen[(id(key), answer)] = _chosen(key.options, value)
        score = float(fraction / key.best) if key.best > 0 else 0.0
        answers.append(
            ItemResponse(
                attempt=attempt_id,
                question=entry.question_id,
                score=min(1.0, max(0.0, score)),
                points=entry.points,
                chosen=picked,
            )
        )

    options = {pk: info.options() for pk, info in seen.items()}
    figures = analyse(answers, options={pk: list(texts) for pk, texts in options.items()})

    bank = {
        pk: (category_id, app_label, model)
        for pk, category_id, app_label, model in Question.objects.non_polymorphic()
        .filter(pk__in=list(seen))
        .order_by()
        .values_list(
            "pk", "category_id", "polymorphic_ctype__app_label", "polymorphic_ctype__model"
        )
    }
    places = _places(quiz, {pk: category_id for pk, (category_id, *_m) in bank.items()})

    items = []
    for question_id, info in seen.items():
        item_figures = figures[question_id]
        counts = dict(item_figures.option_counts)
        n = item_figures.attempts
        place, random_from = places.get(question_id, (None, ""))
        in_bank = bank.get(question_id)
        latest = info.frozen
        items.append(
            Item(
                question_id=question_id,
                place=place,
                random_from=random_from,
                name=latest.get("name") or "",
                text=display.plain(latest.get("text") or "", info.entry.text_format),
                kind=_kind_label(info.entry.kind, in_bank[1:] if in_bank else None),
                in_bank=in_bank is not None,
                figures=item_figures,
                options=[
                    OptionCount(
                        text=text,
                        correct=right,
                        count=counts.get(text, 0),
                        share=counts.get(text, 0) / n if n else None,
                    )
                    for text, right in options[question_id].items()
                ],
                unanswered=info.unanswered,
            )
        )
    items.sort(key=lambda i: (i.place is None, i.place or 0, i.name.casefold(), i.question_id))

    percentages = [float(p) / 100 for _e, _q, p, _s, _h in attempts.values() if p is not None]
    durations = sorted(
        submitted - started
        for _e, _q, _p, started, submitted in attempts.values()
        if started and submitted and submitted >= started
    )
    return QuizAnalysis(
        quiz=quiz,
        editions=list(editions),
        attempts=len(attempts),
        learners=len({row[0] for row in attempts.values()}),
        mean_score=mean(percentages),
        median_duration=statistics.median(durations) if durations else None,
        items=items,
        generated_at=now or timezone.now(),
    )


def _kind_label(kind: str, model: tuple[str, str] | None) -> str:
    """The question's type as its model names it (e.g. "meerkeuzevraag (één antwoord)"); the
    type's kind when the question left the bank."""
    if model is not None:
        try:
            return str(apps.get_model(*model)._meta.verbose_name)
        except LookupError:
            pass
    return kind


def quizzes_with_attempts(*, course_id: int, editions: Sequence[Edition]) -> list[tuple]:
    """The course's quizzes (the exam first) with their number of graded attempts in
    `editions`: one query."""
    return list(
        Quiz.objects.non_polymorphic()
        .select_related("module")
        .filter(module__course_id=course_id)
        .annotate(
            graded_attempts=Count(
                "attempts",
                filter=Q(
                    attempts__status=Attempt.Status.GRADED,
                    attempts__enrollment__edition__in=[e.pk for e in editions],
                ),
            )
        )
        .order_by("-is_exam", "module__order", "order", "pk")
    )


# --- the chart ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class ChartRow:
    item: Item
    label: str
    label_y: int
    bar_y: int
    bar_width: float
    bar_fill: str
    value: str
    discrimination_x: float
    discrimination_width: float
    discrimination_fill: str


@dataclass(frozen=True)
class Chart:
    """Where everything of the chart goes (the template draws it): per question a bar of its
    facility (0-100%) and a small bar of its discrimination, left of the middle line when it is
    negative. Narrow enough for a 390 px phone without scaling."""

    width: int
    height: int
    bar_x: int
    bar_length: int
    low_x: float
    high_x: float
    zero_x: float
    half_length: int
    discrimination_x: int
    header_y: int
    rows: list[ChartRow]


_BRAND, _FLAGGED, _NEGATIVE = "#0b4f8a", "#8a4b00", "#a11d1d"
_MAX_LABEL = 44


def _short(text: str, limit: int = _MAX_LABEL) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def chart(items: Sequence[Item]) -> Chart:
    """The chart's geometry (pure: items in, numbers out)."""
    width, bar_length, half = 352, 190, 40
    discrimination_x = width - 2 * half - 2
    top, row_height = 24, 36
    rows = []
    for index, item in enumerate(items):
        y = top + index * row_height
        facility = item.figures.facility or 0.0
        r = item.figures.discrimination or 0.0
        mark = "⚠ " if item.flags else ""
        place = f"{item.place}. " if item.place is not None else ""
        rows.append(
            ChartRow(
                item=item,
                label=_short(f"{mark}{place}{item.name}"),
                label_y=y + 12,
                bar_y=y + 17,
                bar_width=round(facility * bar_length, 1),
                bar_fill=_FLAGGED if item.flags else _BRAND,
                value=percent(item.figures.facility),
                discrimination_x=round(discrimination_x + half + min(r, 0) * half, 1),
                discrimination_width=round(abs(r) * half, 1),
                discrimination_fill=_NEGATIVE if r < 0 else _BRAND,
            )
        )
    return Chart(
        width=width,
        height=top + len(items) * row_height + 4,
        bar_x=0,
        bar_length=bar_length,
        low_x=round(TOO_HARD_BELOW * bar_length, 1),
        high_x=round(TOO_EASY_ABOVE * bar_length, 1),
        zero_x=discrimination_x + half,
        half_length=half,
        discrimination_x=discrimination_x,
        header_y=14,
        rows=rows,
    )


def percent(value: float | None) -> str:
    """A share (0 to 1) as a whole percentage ("62%"); a dash for none."""
    if value is None:
        return "–"
    return f"{round(value * 100)}%"


def decimal_text(value: float | None, places: int = 2) -> str:
    """A figure as the page writes it (a decimal comma in Dutch); a dash for none."""
    if value is None:
        return "–"
    return formats.number_format(round(value, places), places, use_l10n=True)


# --- the downloads ------------------------------------------------------------------------------


def _safe(value: str) -> str:
    """Text a spreadsheet will not run as a formula (CSV injection)."""
    if value and value[0] in "=+-@\t\r":
        return "'" + value
    return value


def _question_header() -> list[str]:
    return [
        _("Plek"),
        _("Vraag"),
        _("Vraagtekst"),
        _("Soort"),
        _("Pogingen"),
        _("Makkelijkheid (%)"),
        _("Onderscheid (-1 tot 1)"),
        _("Onderscheid in woorden"),
        _("Zonder antwoord"),
        _("Let op"),
    ]


def _question_values(item: Item) -> list:
    facility = item.facility_percent
    discrimination = item.figures.discrimination
    return [
        item.place_label,
        item.name,
        item.text,
        item.kind,
        item.figures.attempts,
        None if facility is None else round(facility, 1),
        None if discrimination is None else round(discrimination, 3),
        item.discrimination_words,
        item.unanswered,
        " ".join(flag.message for flag in item.flags),
    ]


def _editions_text(analysis: QuizAnalysis) -> str:
    return ", ".join(edition.name for edition in analysis.editions)


def _csv_value(value: Any) -> str:
    """Texts guarded against formulas; numbers as the language writes them (a decimal comma in
    Dutch, as a spreadsheet set to Dutch reads a `;`-separated file)."""
    if value is None:
        return ""
    if isinstance(value, str):
        return _safe(value)
    if isinstance(value, float):
        return formats.number_format(value, use_l10n=True)
    return str(value)


def analysis_csv(analysis: QuizAnalysis) -> str:
    """One row per question, the answers chosen in one column; `;`-separated, with a BOM for
    Excel."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";")
    writer.writerow([_csv_value(v) for v in [*_question_header(), _("Gekozen antwoorden")]])
    for item in analysis.items:
        chosen = " | ".join(
            (_("%(option)s (goed): %(count)s") if option.correct else _("%(option)s: %(count)s"))
            % {"option": option.text, "count": option.count}
            for option in item.options
        )
        writer.writerow([_csv_value(v) for v in [*_question_values(item), chosen]])
    return "\ufeff" + out.getvalue()


def _append(sheet, values: list) -> None:
    """A row whose texts stay texts: openpyxl takes a text that starts with "=" for a formula;
    the cell's type says it is not (formula injection is stopped by the type, not a prefix)."""
    sheet.append(values)
    for cell in sheet[sheet.max_row]:
        if isinstance(cell.value, str) and cell.data_type == "f":
            cell.data_type = "s"


def analysis_xlsx(analysis: QuizAnalysis) -> bytes:
    """A workbook: the questions (numbers as numbers, percentages formatted as such, an
    autofilter on the header), the answers chosen per option, and a sheet about the file."""
    # openpyxl is imported here, not at the top: it costs every process some 100 ms to load,
    # and only this export needs it.
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    workbook = Workbook()
    bold = Font(bold=True)

    def header(sheet, titles: list[str], widths: list[int]) -> None:
        _append(sheet, titles)
        for index, (cell, width) in enumerate(zip(sheet[1], widths, strict=True), start=1):
            cell.font = bold
            sheet.column_dimensions[get_column_letter(index)].width = width
        sheet.freeze_panes = "A2"

    questions = workbook.active
    questions.title = _("Vragen")[:31]
    header(questions, _question_header(), [14, 30, 50, 26, 10, 16, 16, 16, 14, 60])
    for row, item in enumerate(analysis.items, start=2):
        values = _question_values(item)
        facility = item.figures.facility
        values[5] = None if facility is None else round(facility, 4)
        _append(questions, values)
        questions.cell(row=row, column=6).number_format = "0%"
        questions.cell(row=row, column=7).number_format = "0.00"
    questions.auto_filter.ref = questions.dimensions

    options = workbook.create_sheet(_("Antwoorden")[:31])
    header(
        options,
        [_("Plek"), _("Vraag"), _("Antwoord"), _("Goed antwoord"), _("Gekozen"), _("Deel")],
        [14, 30, 50, 14, 10, 10],
    )
    row = 1
    for item in analysis.items:
        for option in item.options:
            row += 1
            _append(
                options,
                [
                    item.place_label,
                    item.name,
                    option.text,
                    _("ja") if option.correct else _("nee"),
                    option.count,
                    None if option.share is None else round(option.share, 4),
                ],
            )
            options.cell(row=row, column=6).number_format = "0%"
    options.auto_filter.ref = options.dimensions

    about = workbook.create_sheet(_("Over dit bestand")[:31])
    about.column_dimensions["A"].width = 30
    about.column_dimensions["B"].width = 80
    for label, value in (
        (_("Toets"), analysis.quiz.title),
        (_("Edities"), _editions_text(analysis)),
        (_("Nagekeken pogingen"), analysis.attempts),
        (_("Cursisten"), analysis.learners),
        (
            _("Gemaakt op"),
            format_when(analysis.generated_at, "date_time"),
        ),
        (_("Makkelijkheid"), str(FACILITY_EXPLAINED)),
        (_("Onderscheid"), str(DISCRIMINATION_EXPLAINED)),
        (_("Tijd per vraag"), str(TIME_EXPLAINED)),
    ):
        _append(about, [label, value])
        about.cell(row=about.max_row, column=1).font = bold

    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


FACILITY_EXPLAINED = gettext_lazy(
    "Het gemiddelde dat cursisten op de vraag haalden, als deel van de volle punten. "
    "100% betekent: iedereen had hem helemaal goed."
)
DISCRIMINATION_EXPLAINED = gettext_lazy(
    "Hoe goed de vraag sterke en zwakke cursisten uit elkaar houdt: de correlatie (Pearson; "
    "bij goed-of-fout-vragen de punt-biseriële correlatie) tussen de score op deze vraag en de "
    "score op de rest van de toets. Van -1 tot 1; vanaf 0,30 goed, vanaf 0,20 redelijk, "
    "daaronder zwak. Onder 0: wie de rest goed maakt, heeft deze vraag vaker fout."
)
TIME_EXPLAINED = gettext_lazy(
    "Hoe lang iemand over één vraag deed, wordt niet bijgehouden: een antwoord onthoudt alleen "
    "wanneer het voor het laatst is opgeslagen. Daarom staat hier alleen de tijd per poging."
)
