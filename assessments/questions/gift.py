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
from typing import Any

from .registry import registry
from .specs import QuestionData

__all__ = [
    "BLANK",
    "TEXT_FORMATS",
    "WHITESPACE",
    "GiftError",
    "GiftLineError",
    "GiftProblem",
    "GiftReader",
    "GiftWriter",
    "decimal_text",
    "escape",
    "export_gift",
    "parse_gift",
    "percent",
    "read_number",
    "shown",
    "unescape",
]

BLANK = "_____"
TEXT_FORMATS = ("moodle", "html", "plain", "markdown")

WHITESPACE = " \t\r\n\x0b\x0c"  # what GIFT trims: ASCII whitespace only, as Moodle's trim()
_WS = WHITESPACE
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
            category = unescape(lines[0][1][len(_CATEGORY) :].strip(_WS)) or None
            lines = lines[1:]
            if not lines:
                continue
        block = _Block(lines)
        try:
            questions.append(GiftReader(block).question(category))
        except GiftProblem as problem:
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


def unescape(raw: str) -> str:
    return _ESCAPE_RE.sub(lambda m: "\n" if m[1] == "n" else m[1], raw)


class GiftProblem(Exception):
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


def shown(value: str, limit: int = 40) -> str:
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


def read_number(raw: str, pos: int) -> Decimal:
    if not raw:
        raise GiftProblem(pos, "er ontbreekt een getal in een numerieke vraag")
    if not _NUMBER_RE.fullmatch(raw):
        hint = " (gebruik een punt als decimaalteken)" if "," in raw else ""
        raise GiftProblem(pos, f"‘{shown(raw)}’ is geen getal{hint}")
    return Decimal(raw)


class GiftReader:
    """Reads one block into a QuestionData; raises GiftProblem at the first thing it cannot read."""

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
        return unescape(self.t[start:end])

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
            raise GiftProblem(start, f"het gewicht {match[1]}% ligt niet tussen -100% en 100%")
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
            raise GiftProblem(
                lead, f"onbekend antwoord ‘{shown(self.value(start, first))}’ in {kind}"
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
                raise GiftProblem(0, "de naam wordt niet afgesloten met ::")
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
                raise GiftProblem(closing, _UNOPENED)
            text, general_feedback = self.value(pos, len(t)), ""
            spec = self.answers(None, len(t), pos)
        else:
            closing = m.find("}", opening + 1)
            if closing < 0:
                raise GiftProblem(opening, "het antwoordblok wordt niet afgesloten met }")
            if (stray := m.find("{", opening + 1)) >= 0:
                where = self.block.line_at(opening)
                raise GiftProblem(
                    stray,
                    f"nog een {{ terwijl het antwoordblok van regel {where} nog open is "
                    "(is de } vergeten? schrijf \\{ voor een accolade in tekst)"
                    if stray < closing
                    else "meer dan één antwoordblok in een vraag (zet een lege regel tussen "
                    "twee vragen; schrijf \\{ voor een accolade in tekst)",
                )
            if (stray := m.find("}", closing + 1)) >= 0:
                raise GiftProblem(stray, _UNOPENED)
            after = t[closing + 1 :]
            if after.strip(_WS):
                before, after = unescape(t[pos:opening]), unescape(after)
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

    def answers(self, start: int | None, end: int, opening: int) -> Any:
        """The spec from an answer block's contents (`start` None: no block at all), read by
        the first registered type, in GIFT priority, that takes the block for its own."""
        body = masked = None
        if start is not None:
            body, masked = self.t[start:end], self.m[start:end]
        for question_type in _gift_types():
            if question_type.gift_reads(body, masked):
                return question_type.gift_read(self, start, end, opening)
        if start is None:
            raise GiftProblem(0, "een vraag zonder antwoordblok")
        raise GiftProblem(
            start,
            f"onbekend antwoord ‘{shown(self.value(start, end))}’: een antwoord begint met "
            "= (goed) of ~ (fout), een getal met #, juist/onjuist is T of F",
        )


def _gift_types() -> list:
    """The registered types GIFT can read, in the order they claim an answer block."""
    readable = [t for t in registry.all() if t.gift_priority is not None]
    return sorted(readable, key=lambda t: t.gift_priority)


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
            chunks.append(f"{_CATEGORY} {escape(category or '')}".rstrip(_WS) + "\n")
        try:
            chunks.append(GiftWriter(question).question())
        except ValueError as error:
            raise ValueError(f"vraag ‘{question.name}’: {error}") from error
    return "\n".join(chunks)


def escape(value: str, colon: bool = False) -> str:
    value = value.replace("\r\n", "\n").replace("\r", "\n")
    out = value.translate(_ESCAPES)
    return out.replace(":", "\\:") if colon else out


_ESCAPES = str.maketrans(
    {"\\": "\\\\", "~": "\\~", "=": "\\=", "#": "\\#", "{": "\\{", "}": "\\}", "\n": "\\n"}
)


def percent(fraction: Decimal) -> str:
    fraction = Decimal(str(fraction)) if not isinstance(fraction, Decimal) else fraction
    if not fraction.is_finite() or not -1 <= fraction <= 1:
        raise ValueError(f"gewicht {fraction} ligt niet tussen -1 en 1")
    return format(fraction.scaleb(2).normalize(), "f")


def decimal_text(value: Decimal) -> str:
    value = Decimal(str(value)) if not isinstance(value, Decimal) else value
    if not value.is_finite():
        raise ValueError(f"{value} is geen eindig getal")
    return format(value, "f")


class GiftWriter:
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
        return marker + escape(value)

    def feedback(self, value: str, key: str) -> str:
        return "#" + self.text(value, key) if value else ""

    @property
    def tail(self) -> str:
        """The general feedback as it ends an answer block (`####...`), or ""."""
        general = self.q.general_feedback
        return "####" + self.text(general, "general_feedback") if general else ""

    def lines_block(self, lines: Sequence[str], opening: str = "{") -> str:
        """An answer block of one answer a line, indented, the tail last."""
        return opening + "\n" + "".join(f"\t{line}\n" for line in [*lines, self.tail] if line) + "}"

    def question(self) -> str:
        q = self.q
        head = f"::{escape(q.name, colon=True)}::"
        if q.text_format != "moodle" or _FORMAT_RE.match(q.text):
            head += f"[{q.text_format}]"
        try:
            question_type = registry.for_spec(q.spec)
        except LookupError:
            raise ValueError(f"GIFT kent geen vraagsoort {type(q.spec).__name__}") from None
        block = question_type.gift_write(q.spec, self)
        if block is None:
            return head + escape(q.text) + "\n"
        before, after = self.split_text()
        return head + escape(before) + block + escape(after) + "\n"

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
