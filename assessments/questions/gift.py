"""GIFT, Moodle's plain-text question format, read into and written from QuestionData.

A pure core: text in, plain values out and back, no Django and no database, so the
`import_gift` command, the upload page and the export share one exhaustively tested
reading of the format. It reads what Moodle's own importer reads, and is stricter where
Moodle would silently guess (text before the first answer, a question without a right
answer): a file with any question it cannot read raises GiftError with every problem and
its line, and returns nothing, so an import is all or nothing.

Values come out trimmed and unescaped; answer-level format markers such as `~[html]...`
are taken off the value and kept in `QuestionData.extra["formats"]`. A fill-the-blank
question (text after the answer block) gets BLANK where the block stood, and its text
before and after the blank in `extra["text_before"]` and `extra["text_after"]`.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from decimal import Decimal

from .specs import (
    Choice,
    DescriptionSpec,
    EssaySpec,
    MatchingSpec,
    MultipleResponseSpec,
    NumericAnswer,
    NumericSpec,
    OrderingSpec,
    QuestionData,
    ShortAnswerSpec,
    SingleChoiceSpec,
    Spec,
    TrueFalseSpec,
)

__all__ = ["BLANK", "TEXT_FORMATS", "GiftError", "GiftLineError", "export_gift", "parse_gift"]

BLANK = "_____"
TEXT_FORMATS = ("moodle", "html", "plain", "markdown")

_WS = " \t\r\n\x0b\x0c"  # what GIFT trims: ASCII whitespace only, as Moodle's trim()
_CATEGORY = "$CATEGORY:"
_ESCAPE_RE = re.compile(r"\\([\\~=#{}:n])")
_FORMAT_RE = re.compile(r"\[(moodle|html|plain|markdown)\]", re.IGNORECASE)
_WEIGHT_RE = re.compile(r"%(-?\d+(?:\.\d*)?)%")
_NUMBER_RE = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?")
_TAG_RE = re.compile(r"</?[A-Za-z][^<>]*>")
_TRUE_WORDS = ("T", "TRUE")
_FALSE_WORDS = ("F", "FALSE")
_NAME_LENGTH = 80
_UNOPENED = "} zonder { ervoor (schrijf \\} voor een accolade in tekst)"


@dataclass(frozen=True)
class GiftLineError:
    """One question that cannot be read: the line where the problem is, and why (Dutch)."""

    line: int
    reason: str

    def __str__(self) -> str:
        return f"regel {self.line}: {self.reason}"


class GiftError(ValueError):
    """The file cannot be imported; `errors` holds one reason per unreadable question."""

    def __init__(self, errors: list[GiftLineError]):
        self.errors = list(errors)
        super().__init__("\n".join(str(error) for error in self.errors))


# --- reading ------------------------------------------------------------------------------


def parse_gift(text: str) -> list[QuestionData]:
    """Every question in a GIFT text, in file order; raises GiftError if any is unreadable."""
    questions: list[QuestionData] = []
    errors: list[GiftLineError] = []
    category: str | None = None
    for lines in _blocks(text):
        if lines[0][1].startswith(_CATEGORY):
            category = _unescape(lines[0][1][len(_CATEGORY) :].strip(_WS)) or None
            lines = lines[1:]
            if not lines:
                continue
        block = _Block(lines)
        try:
            questions.append(_Reader(block).question(category))
        except _Problem as problem:
            errors.append(GiftLineError(block.line_at(problem.pos), problem.reason))
    if errors:
        raise GiftError(errors)
    return questions


def _blocks(text: str) -> Iterator[list[tuple[int, str]]]:
    """Blank-line-separated groups of (line number, trimmed line), whole-line comments left out."""
    text = text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    current: list[tuple[int, str]] = []
    for number, raw in enumerate(text.split("\n"), start=1):
        line = raw.strip(_WS)
        if not line:
            if current:
                yield current
                current = []
        elif not line.startswith("//"):
            current.append((number, line))
    if current:
        yield current


def _unescape(raw: str) -> str:
    return _ESCAPE_RE.sub(lambda m: "\n" if m[1] == "n" else m[1], raw)


class _Problem(Exception):
    """Why the question being read cannot be, at an offset in its block."""

    def __init__(self, pos: int, reason: str):
        super().__init__(reason)
        self.pos = pos
        self.reason = reason


class _Block:
    """One question's lines joined by newlines, and a copy with every escape pair blanked out:
    structure (`{`, `~`, `#`, ...) is searched in the copy, values are cut from the text, so an
    escaped character is never mistaken for syntax."""

    def __init__(self, lines: list[tuple[int, str]]):
        self.numbers = [number for number, _ in lines]
        self.starts: list[int] = []
        offset = 0
        for _, line in lines:
            self.starts.append(offset)
            offset += len(line) + 1
        self.text = "\n".join(line for _, line in lines)
        self.masked = _ESCAPE_RE.sub("\0\0", self.text)

    def line_at(self, pos: int) -> int:
        return self.numbers[max(bisect_right(self.starts, pos) - 1, 0)]


def _shown(value: str, limit: int = 40) -> str:
    value = " ".join(value.split())
    return value if len(value) <= limit else value[: limit - 1] + "…"


def _default_name(text: str, line: int) -> str:
    """Moodle's rule for a question without `::name::`: the start of its text, tags left out."""
    plain = " ".join(_TAG_RE.sub("", text).split())
    if len(plain) > _NAME_LENGTH:
        cut = plain[: _NAME_LENGTH - 1]
        if " " in cut:
            cut = cut.rsplit(" ", 1)[0]
        plain = cut.rstrip() + "…"
    return plain or f"Vraag op regel {line}"


def _number(raw: str, pos: int) -> Decimal:
    if not raw:
        raise _Problem(pos, "er ontbreekt een getal in een numerieke vraag")
    if not _NUMBER_RE.fullmatch(raw):
        hint = " (gebruik een punt als decimaalteken)" if "," in raw else ""
        raise _Problem(pos, f"‘{_shown(raw)}’ is geen getal{hint}")
    return Decimal(raw)


class _Reader:
    """Reads one block into a QuestionData; raises _Problem at the first thing it cannot read."""

    def __init__(self, block: _Block):
        self.block = block
        self.t = block.text
        self.m = block.masked
        self.formats: dict[str, str] = {}

    # small helpers over a region [start, end) of the block

    def skip(self, start: int, end: int) -> int:
        while start < end and self.t[start] in _WS:
            start += 1
        return start

    def trim(self, start: int, end: int) -> tuple[int, int]:
        start = self.skip(start, end)
        while end > start and self.t[end - 1] in _WS:
            end -= 1
        return start, end

    def value(self, start: int, end: int) -> str:
        start, end = self.trim(start, end)
        return _unescape(self.t[start:end])

    def formatted(self, start: int, end: int, key: str) -> str:
        """A value that may start with a `[format]` marker; the marker is kept in `formats`."""
        start, end = self.trim(start, end)
        if match := _FORMAT_RE.match(self.t, start, end):
            self.formats[key] = match[1].lower()
            start = match.end()
        return self.value(start, end)

    def weight(self, start: int, end: int) -> tuple[Decimal | None, int]:
        """A `%50%` weight at the start of an answer, as a fraction, and where the answer goes on."""
        start = self.skip(start, end)
        match = _WEIGHT_RE.match(self.t, start, end)
        if not match:
            return None, start
        percent = Decimal(match[1])
        if not -100 <= percent <= 100:
            raise _Problem(start, f"het gewicht {match[1]}% ligt niet tussen -100% en 100%")
        fraction = percent.scaleb(-2).normalize()
        return (fraction if fraction else Decimal(0)), match.end()

    def feedback(self, start: int, end: int, key: str) -> tuple[int, str]:
        """Where an answer's own text ends, and the `#feedback` after it."""
        hash_ = self.m.find("#", start, end)
        if hash_ < 0:
            return end, ""
        return hash_, self.formatted(hash_ + 1, end, key)

    def segments(self, start: int, end: int, markers: str, kind: str) -> list[tuple[str, int, int]]:
        """Answers as (marker, start after the marker, end); only blanks may precede the first."""
        positions = [i for i in range(start, end) if self.m[i] in markers]
        first = positions[0] if positions else end
        if self.t[start:first].strip(_WS):
            lead = self.skip(start, first)
            raise _Problem(
                lead, f"onbekend antwoord ‘{_shown(self.value(start, first))}’ in {kind}"
            )
        bounds = [*positions, end]
        return [(self.t[p], p + 1, bounds[i + 1]) for i, p in enumerate(positions)]

    # the question

    def question(self, category: str | None) -> QuestionData:
        t, m = self.t, self.m
        pos, name = 0, ""
        if t.startswith("::"):
            end = m.find("::", 2)
            if end < 0:
                raise _Problem(0, "de naam wordt niet afgesloten met ::")
            name = self.value(2, end)
            pos = end + 2
        pos = self.skip(pos, len(t))
        text_format = "moodle"
        if match := _FORMAT_RE.match(t, pos):
            text_format = match[1].lower()
            pos = self.skip(match.end(), len(t))

        extra: dict = {}
        opening, closing = m.find("{", pos), m.find("}", pos)
        if opening < 0 or 0 <= closing < opening:
            if closing >= 0:
                raise _Problem(closing, _UNOPENED)
            text, spec, general_feedback = self.value(pos, len(t)), DescriptionSpec(), ""
        else:
            closing = m.find("}", opening + 1)
            if closing < 0:
                raise _Problem(opening, "het antwoordblok wordt niet afgesloten met }")
            if (stray := m.find("{", opening + 1)) >= 0:
                where = self.block.line_at(opening)
                raise _Problem(
                    stray,
                    f"nog een {{ terwijl het antwoordblok van regel {where} nog open is "
                    "(is de } vergeten? schrijf \\{ voor een accolade in tekst)"
                    if stray < closing
                    else "meer dan één antwoordblok in een vraag (zet een lege regel tussen "
                    "twee vragen; schrijf \\{ voor een accolade in tekst)",
                )
            if (stray := m.find("}", closing + 1)) >= 0:
                raise _Problem(stray, _UNOPENED)
            after = t[closing + 1 :]
            if after.strip(_WS):
                before, after = _unescape(t[pos:opening]), _unescape(after)
                text = before + BLANK + after
                extra["text_before"], extra["text_after"] = before, after
            else:
                text = self.value(pos, opening)
            start, end = opening + 1, closing
            general_feedback = ""
            if (hashes := m.rfind("####", start, end)) >= 0:
                general_feedback = self.formatted(hashes + 4, end, "general_feedback")
                end = hashes
            spec = self.answers(*self.trim(start, end), opening)

        if self.formats:
            extra["formats"] = self.formats
        line = self.block.numbers[0]
        return QuestionData(
            name=name or _default_name(text, line),
            text=text,
            spec=spec,
            text_format=text_format,
            general_feedback=general_feedback,
            category=category,
            line=line,
            extra=extra,
        )

    def answers(self, start: int, end: int, opening: int) -> Spec:
        """The spec from an answer block's contents, typed the way Moodle types it."""
        body, masked = self.t[start:end], self.m[start:end]
        if not body:
            return EssaySpec()
        if body.startswith("#"):
            return self.numeric(start + 1, end, opening)
        if "~" in masked:
            return self.choice(start, end, opening, single="=" in masked)
        if "=" in masked and "->" in masked:
            return self.matching(start, end, opening)
        hash_ = masked.find("#")
        word = self.t[start : start + hash_ if hash_ >= 0 else end].strip(_WS).upper()
        if word in _TRUE_WORDS + _FALSE_WORDS:
            return self.true_false(start, end, word in _TRUE_WORDS)
        if body.startswith("="):
            return self.short_answer(start, end, opening)
        raise _Problem(
            start,
            f"onbekend antwoord ‘{_shown(self.value(start, end))}’: een antwoord begint met "
            "= (goed) of ~ (fout), een getal met #, juist/onjuist is T of F",
        )

    def choice(
        self, start: int, end: int, opening: int, single: bool
    ) -> SingleChoiceSpec | MultipleResponseSpec:
        choices = []
        for index, (marker, a, b) in enumerate(
            self.segments(start, end, "~=", "een meerkeuzevraag")
        ):
            at = a - 1
            fraction, a = self.weight(a, b)
            if fraction is None:
                fraction = Decimal(1) if marker == "=" else Decimal(0)
            text_end, feedback = self.feedback(a, b, f"choices.{index}.feedback")
            text = self.formatted(a, text_end, f"choices.{index}.text")
            if not text:
                raise _Problem(at, "een antwoord zonder tekst in een meerkeuzevraag")
            choices.append(Choice(text, fraction, feedback))
        if len(choices) < 2:
            raise _Problem(opening, "een meerkeuzevraag heeft minstens twee antwoorden nodig")
        if single and not any(choice.fraction == 1 for choice in choices):
            raise _Problem(
                opening, "meerkeuzevraag zonder goed antwoord: geen antwoord is 100% goed"
            )
        if not single and not any(choice.fraction > 0 for choice in choices):
            raise _Problem(
                opening,
                "meerkeuzevraag zonder goed antwoord: markeer het goede antwoord met =, "
                "of geef de goede antwoorden een gewicht zoals ~%50%",
            )
        return SingleChoiceSpec(tuple(choices)) if single else MultipleResponseSpec(tuple(choices))

    def short_answer(self, start: int, end: int, opening: int) -> ShortAnswerSpec:
        answers = []
        for index, (_, a, b) in enumerate(self.segments(start, end, "=", "een kortantwoordvraag")):
            at = a - 1
            fraction, a = self.weight(a, b)
            text_end, feedback = self.feedback(a, b, f"answers.{index}.feedback")
            text = self.formatted(a, text_end, f"answers.{index}.text")
            if not text:
                raise _Problem(at, "een antwoord zonder tekst in een kortantwoordvraag")
            answers.append(Choice(text, Decimal(1) if fraction is None else fraction, feedback))
        if not any(answer.fraction == 1 for answer in answers):
            raise _Problem(opening, "geen van de antwoorden is 100% goed")
        return ShortAnswerSpec(tuple(answers))

    def matching(self, start: int, end: int, opening: int) -> MatchingSpec:
        pairs = []
        for index, (_, a, b) in enumerate(self.segments(start, end, "=", "een koppelvraag")):
            arrow = self.m.find("->", a, b)
            if arrow < 0:
                raise _Problem(
                    a, f"het paar ‘{_shown(self.value(a, b))}’ mist -> tussen de twee kanten"
                )
            left = self.formatted(a, arrow, f"pairs.{index}.left")
            right = self.value(arrow + 2, b)
            if not right:
                raise _Problem(a, f"het paar ‘{_shown(left)}’ heeft niets rechts van ->")
            pairs.append((left, right))
        if sum(1 for left, _ in pairs if left) < 2:
            raise _Problem(opening, "een koppelvraag heeft minstens twee paren nodig")
        return MatchingSpec(tuple(pairs))

    def true_false(self, start: int, end: int, answer: bool) -> TrueFalseSpec:
        hashes = [i for i in range(start, end) if self.m[i] == "#"][:2]
        bounds = [start - 1, *hashes, end]
        # The first feedback is shown after a wrong answer, the second after the right one.
        wrong_key, right_key = (
            ("feedback_if_false", "feedback_if_true")
            if answer
            else ("feedback_if_true", "feedback_if_false")
        )
        wrong = self.formatted(bounds[1] + 1, bounds[2], wrong_key) if len(bounds) > 2 else ""
        right = self.formatted(bounds[2] + 1, bounds[3], right_key) if len(bounds) > 3 else ""
        if answer:
            return TrueFalseSpec(True, feedback_if_true=right, feedback_if_false=wrong)
        return TrueFalseSpec(False, feedback_if_true=wrong, feedback_if_false=right)

    def numeric(self, start: int, end: int, opening: int) -> NumericSpec:
        tilde = self.m.find("~", start, end)
        main_end = end if tilde < 0 else tilde
        equals = [i for i in range(start, main_end) if self.m[i] == "="]
        first = equals[0] if equals else main_end
        pieces = [(start, first)] if self.t[start:first].strip(_WS) else []
        bounds = [*equals, main_end]
        pieces += [(p + 1, bounds[i + 1]) for i, p in enumerate(equals)]
        answers = [self.numeric_answer(a, b, index) for index, (a, b) in enumerate(pieces)]
        if tilde >= 0:
            # Moodle's "any other answer": `~#feedback`, worth nothing, checked last.
            rest = self.skip(tilde + 1, end)
            if self.m.find("~", rest, end) >= 0 or (rest < end and self.t[rest] != "#"):
                raise _Problem(tilde, "na ~ mag in een numerieke vraag alleen #feedback volgen")
            key = f"answers.{len(answers)}.feedback"
            feedback = self.formatted(rest + 1, end, key) if rest < end else ""
            answers.append(NumericAnswer(fraction=Decimal(0), feedback=feedback))
        if not any(answer.value is not None or answer.low is not None for answer in answers):
            raise _Problem(opening, "een numerieke vraag zonder antwoord")
        if not any(answer.fraction == 1 for answer in answers):
            raise _Problem(opening, "geen van de antwoorden is 100% goed")
        return NumericSpec(tuple(answers))

    def numeric_answer(self, start: int, end: int, index: int) -> NumericAnswer:
        fraction, start = self.weight(start, end)
        fraction = Decimal(1) if fraction is None else fraction
        text_end, feedback = self.feedback(start, end, f"answers.{index}.feedback")
        start, text_end = self.trim(start, text_end)
        raw = _unescape(self.t[start:text_end])
        if raw == "*":
            return NumericAnswer(fraction=fraction, feedback=feedback)
        if (dots := raw.find("..", 1)) > 0:
            low = _number(raw[:dots].strip(_WS), start)
            high = _number(raw[dots + 2 :].strip(_WS), start)
            if low > high:
                raise _Problem(start, f"het bereik ‘{raw}’ loopt van hoog naar laag")
            return NumericAnswer(low=low, high=high, fraction=fraction, feedback=feedback)
        value, colon, tolerance = raw.partition(":")
        margin = _number(tolerance.strip(_WS), start) if colon else Decimal(0)
        if margin < 0:
            raise _Problem(start, f"de marge ‘{tolerance.strip(_WS)}’ mag niet negatief zijn")
        return NumericAnswer(
            value=_number(value.strip(_WS), start),
            tolerance=margin,
            fraction=fraction,
            feedback=feedback,
        )


# --- writing ------------------------------------------------------------------------------


def export_gift(questions: Sequence[QuestionData]) -> str:
    """GIFT text that parse_gift reads back to the same questions (their `line` aside).

    Raises ValueError for a question GIFT cannot express (an ordering question, essay
    guidance, a case-sensitive short answer, ...), rather than writing something else.
    """
    chunks: list[str] = []
    category: str | None = None
    for question in questions:
        if (question.category or None) != category:
            category = question.category or None
            chunks.append(f"{_CATEGORY} {_escape(category or '')}".rstrip(_WS) + "\n")
        try:
            chunks.append(_Writer(question).question())
        except ValueError as error:
            raise ValueError(f"vraag ‘{question.name}’: {error}") from error
    return "\n".join(chunks)


def _escape(value: str, colon: bool = False) -> str:
    value = value.replace("\r\n", "\n").replace("\r", "\n")
    out = value.translate(_ESCAPES)
    return out.replace(":", "\\:") if colon else out


_ESCAPES = str.maketrans(
    {"\\": "\\\\", "~": "\\~", "=": "\\=", "#": "\\#", "{": "\\{", "}": "\\}", "\n": "\\n"}
)


def _percent(fraction: Decimal) -> str:
    fraction = Decimal(str(fraction)) if not isinstance(fraction, Decimal) else fraction
    if not fraction.is_finite() or not -1 <= fraction <= 1:
        raise ValueError(f"gewicht {fraction} ligt niet tussen -1 en 1")
    return format(fraction.scaleb(2).normalize(), "f")


def _decimal(value: Decimal) -> str:
    value = Decimal(str(value)) if not isinstance(value, Decimal) else value
    if not value.is_finite():
        raise ValueError(f"{value} is geen eindig getal")
    return format(value, "f")


class _Writer:
    """Writes one question the way parse_gift reads it back; ValueError for what GIFT lacks."""

    def __init__(self, question: QuestionData):
        if question.text_format not in TEXT_FORMATS:
            raise ValueError(f"onbekend tekstformaat ‘{question.text_format}’")
        self.q = question
        extra = question.extra if isinstance(question.extra, dict) else {}
        self.extra = extra
        self.formats = extra.get("formats") or {}

    def text(self, value: str, key: str) -> str:
        """An answer-level value, with a format marker when it differs from the question's."""
        own = self.formats.get(key, self.q.text_format)
        if own not in TEXT_FORMATS:
            own = self.q.text_format
        marker = f"[{own}]" if own != self.q.text_format or _FORMAT_RE.match(value) else ""
        return marker + _escape(value)

    def feedback(self, value: str, key: str) -> str:
        return "#" + self.text(value, key) if value else ""

    def question(self) -> str:
        q = self.q
        head = f"::{_escape(q.name, colon=True)}::"
        if q.text_format != "moodle" or _FORMAT_RE.match(q.text):
            head += f"[{q.text_format}]"
        if isinstance(q.spec, DescriptionSpec):
            if q.general_feedback:
                raise ValueError("een beschrijving kan in GIFT geen algemene feedback hebben")
            return head + _escape(q.text) + "\n"
        before, after = self.split_text()
        return head + _escape(before) + self.block() + _escape(after) + "\n"

    def split_text(self) -> tuple[str, str]:
        """Where the answer block goes: at the blank when text follows it, else at the end."""
        text = self.q.text
        before, after = self.extra.get("text_before"), self.extra.get("text_after")
        known = isinstance(before, str) and isinstance(after, str)
        if known and before + BLANK + after == text and after.strip(_WS):
            return before, after
        at = text.find(BLANK)
        if at >= 0 and text[at + len(BLANK) :].strip(_WS):
            return text[:at], text[at + len(BLANK) :]
        return text, ""

    def block(self) -> str:
        spec = self.q.spec
        general = self.q.general_feedback
        tail = "####" + self.text(general, "general_feedback") if general else ""
        if isinstance(spec, EssaySpec):
            if spec.guidance:
                raise ValueError("GIFT kan geen beoordelingsrichtlijn bij een open vraag opslaan")
            return "{" + tail + "}"
        if isinstance(spec, TrueFalseSpec):
            return "{" + self.true_false(spec) + tail + "}"
        if isinstance(spec, SingleChoiceSpec | MultipleResponseSpec):
            lines = self.choices(spec)
        elif isinstance(spec, ShortAnswerSpec):
            lines = self.short_answers(spec)
        elif isinstance(spec, MatchingSpec):
            lines = self.pairs(spec)
        elif isinstance(spec, NumericSpec):
            return (
                "{#\n"
                + "".join(f"\t{line}\n" for line in [*self.numeric(spec), tail] if line)
                + "}"
            )
        elif isinstance(spec, OrderingSpec):
            raise ValueError("GIFT kent geen volgordevraag")
        else:
            raise ValueError(f"GIFT kent geen vraagsoort {type(spec).__name__}")
        return "{\n" + "".join(f"\t{line}\n" for line in [*lines, tail] if line) + "}"

    def true_false(self, spec: TrueFalseSpec) -> str:
        if spec.answer:
            word, right, wrong = "TRUE", "feedback_if_true", "feedback_if_false"
        else:
            word, right, wrong = "FALSE", "feedback_if_false", "feedback_if_true"
        right_text, wrong_text = getattr(spec, right), getattr(spec, wrong)
        out = word
        if wrong_text or right_text:
            out += "#" + (self.text(wrong_text, wrong) if wrong_text else "")
        if right_text:
            out += "#" + self.text(right_text, right)
        return out

    def choices(self, spec: SingleChoiceSpec | MultipleResponseSpec) -> list[str]:
        single = isinstance(spec, SingleChoiceSpec)
        choices = spec.choices
        if len(choices) < 2:
            raise ValueError("een meerkeuzevraag heeft in GIFT minstens twee antwoorden nodig")
        if single and not any(choice.fraction == 1 for choice in choices):
            raise ValueError(
                "een meerkeuzevraag met één antwoord heeft in GIFT een antwoord van 100% nodig"
            )
        # GIFT reads a block with = as single choice and needs a ~ to see a choice at all.
        all_right = all(choice.fraction == 1 for choice in choices)
        lines = []
        for index, choice in enumerate(choices):
            percent = _percent(choice.fraction)
            if single and choice.fraction == 1 and not (all_right and index == len(choices) - 1):
                start = "=%100%" if choice.text.startswith("%") else "="
            elif choice.fraction != 0 or choice.text.startswith("%"):
                start = f"~%{percent}%"
            else:
                start = "~"
            lines.append(
                start
                + self.text(choice.text, f"choices.{index}.text")
                + self.feedback(choice.feedback, f"choices.{index}.feedback")
            )
        return lines

    def short_answers(self, spec: ShortAnswerSpec) -> list[str]:
        if spec.case_sensitive:
            raise ValueError("GIFT kan een hoofdlettergevoelig kort antwoord niet uitdrukken")
        if not spec.answers:
            raise ValueError("een kortantwoordvraag zonder antwoorden")
        lines = []
        for index, answer in enumerate(spec.answers):
            if "->" in answer.text or "->" in answer.feedback:
                raise ValueError("GIFT leest -> in een kort antwoord als koppelvraag")
            percent = _percent(answer.fraction)
            weight = f"%{percent}%" if answer.fraction != 1 or answer.text.startswith("%") else ""
            lines.append(
                "="
                + weight
                + self.text(answer.text, f"answers.{index}.text")
                + self.feedback(answer.feedback, f"answers.{index}.feedback")
            )
        return lines

    def pairs(self, spec: MatchingSpec) -> list[str]:
        if not spec.pairs:
            raise ValueError("een koppelvraag zonder paren")
        lines = []
        for index, (left, right) in enumerate(spec.pairs):
            if "->" in left:
                raise ValueError("GIFT kan -> niet in de linkerkant van een paar schrijven")
            left_text = self.text(left, f"pairs.{index}.left") if left else ""
            lines.append(f"={left_text} -> {_escape(right)}")
        return lines

    def numeric(self, spec: NumericSpec) -> list[str]:
        answers = spec.answers
        if not answers:
            raise ValueError("een numerieke vraag zonder antwoorden")
        lines = []
        for index, answer in enumerate(answers):
            percent = _percent(answer.fraction)
            key = f"answers.{index}.feedback"
            ranged = answer.low is not None or answer.high is not None
            if answer.value is None and not ranged:
                if answer.tolerance:
                    raise ValueError("een ‘elk ander antwoord’ heeft geen marge")
                if index == len(answers) - 1 and answer.fraction == 0:
                    lines.append("~" + self.feedback(answer.feedback, key))
                    continue
                number = "*"
            elif ranged:
                if answer.low is None or answer.high is None or answer.value is not None:
                    raise ValueError("een bereik heeft een onder- en een bovengrens en geen waarde")
                if answer.tolerance or answer.low > answer.high:
                    raise ValueError("een bereik loopt van laag naar hoog, zonder marge")
                number = f"{_decimal(answer.low)}..{_decimal(answer.high)}"
            else:
                if answer.tolerance < 0:
                    raise ValueError("een marge is niet negatief")
                number = _decimal(answer.value)
                if answer.tolerance:
                    number += ":" + _decimal(answer.tolerance)
            weight = f"%{percent}%" if answer.fraction != 1 else ""
            lines.append("=" + weight + number + self.feedback(answer.feedback, key))
        return lines
