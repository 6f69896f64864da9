"""The gradebook of an edition: learners × graded lessons, late and missing work, results.

One read for the page and both exports, in a number of queries that does not depend on
how many learners or lessons there are: the graded lessons (one query per graded type),
the learners, each type's outcomes in bulk, the extensions and the stored results.
"""

from __future__ import annotations

import contextlib
import csv
import functools
import gc
import io
from collections import defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime
from decimal import ROUND_HALF_UP, Decimal

from django.template.loader import get_template
from django.utils import timezone
from django.utils.safestring import SafeString
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from core.dates import format_when
from courses import selectors as course_selectors
from courses.models import DueDateExtension, Edition, Enrollment, Lesson
from courses.schedule import LessonDates

from ..models import CourseResult
from . import rules as rules_core
from . import selectors
from .gradable import NO_OUTCOME, Outcome, graded_lessons, outcomes_for


@contextlib.contextmanager
def collector_paused() -> Iterator[None]:
    """Python's cycle collector paused while a gradebook is built and written out.

    A gradebook of 500 × 30 makes some 50,000 small objects that live until the response is
    sent; on the way they set off collections that walk the whole heap, a quarter of the
    time of the page (bench/gradebook.py). Reference counting still frees everything, and
    the collector runs again afterwards. Safe with threads: it ends enabled when it was
    enabled before the first of them began."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


@dataclass(slots=True)
class Cell:
    outcome: Outcome
    due_at: datetime | None
    late: bool
    missing: bool
    text: str  # the cell as words, for the page and the exports
    html: SafeString  # the page's <td>, from CELL_TEMPLATE


def _cell_text(outcome: Outcome, *, late: bool, missing: bool, words: dict[str, str]) -> str:
    if outcome.status == "graded":
        if outcome.label:
            text = outcome.label
        elif outcome.percentage is not None:
            whole = outcome.percentage.quantize(Decimal(1), rounding=ROUND_HALF_UP)
            text = f"{whole}%"  # a whole number from 0 to 100: the same in every locale
        else:
            text = words["graded"]
    elif outcome.status == "submitted":
        text = words["submitted"]
    elif outcome.status == "in_progress":
        text = words["in_progress"]
    else:
        text = words["missing"] if missing else "–"
    if late:
        text = words["late"] % {"grade": text}
    return text


CELL_TEMPLATE = "assessments/partials/gradebook_cell.html"


class _CellMaker:
    """Cells of one gradebook. A gradebook of 500 learners × 30 items has 15,000 cells but
    only a few dozen different texts, so each text is made, and its <td> rendered from
    CELL_TEMPLATE, once."""

    def __init__(self) -> None:
        self.words = _words(get_language())
        self.made: dict[tuple, tuple[str, SafeString]] = {}
        self.template = get_template(CELL_TEMPLATE)

    def __call__(self, outcome: Outcome, due_at: datetime | None, now: datetime) -> Cell:
        submitted_at = outcome.submitted_at
        late = bool(due_at and submitted_at and submitted_at > due_at)
        missing = outcome.status in ("none", "in_progress") and due_at is not None and now > due_at
        key = (outcome.status, outcome.label, outcome.percentage, late, missing)
        made = self.made.get(key)
        if made is None:
            text = _cell_text(outcome, late=late, missing=missing, words=self.words)
            html = self.template.render({"text": text, "overdue": missing or late})
            made = self.made[key] = (text, html)
        return Cell(outcome, due_at, late, missing, made[0], made[1])


@functools.lru_cache(maxsize=8)
def _words(language: str | None) -> dict[str, str]:
    """The gradebook's words in one language, looked up once rather than once per cell."""
    return {
        "graded": _("beoordeeld"),
        "submitted": _("ingeleverd"),
        "in_progress": _("bezig"),
        "missing": _("ontbreekt"),
        "late": _("%(grade)s (te laat)"),
    }


@dataclass(slots=True)
class Row:
    enrollment: Enrollment
    cells: list[Cell]
    passed: bool
    rules_met: int = 0
    rules_total: int = 0
    result_text: str = ""

    @property
    def learner_name(self) -> str:
        return learner_name(self.enrollment)

    @property
    def cells_html(self) -> SafeString:
        """The row's cells, each rendered from CELL_TEMPLATE (once per distinct cell), joined
        the way the template engine joins its own nodes' output. Not a loop over the cells in
        the page's template: 15,000 cells through `{% for %}` cost a fifth of the page again
        (bench/gradebook.py), joined here a few milliseconds."""
        return SafeString("".join(cell.html for cell in self.cells))


def _result_text(passed: bool, met: int, total: int) -> str:
    if passed:
        return _("geslaagd")
    return _("%(met)s van %(total)s eisen gehaald") % {"met": met, "total": total}


def learner_name(enrollment: Enrollment) -> str:
    learner = enrollment.learner
    return learner.get_full_name() or learner.get_username()


@dataclass
class Gradebook:
    edition: Edition
    lessons: list[Lesson]
    counts: list[bool]  # per lesson: does it count for passing?
    rows: list[Row]
    generated_at: datetime

    def columns(self) -> list[tuple[Lesson, bool]]:
        return list(zip(self.lessons, self.counts, strict=True))


def page_rows(book: Gradebook, *, learner_url: Callable[[Enrollment], str]) -> list[tuple]:
    """The page's rows, each with the URL its learner's name links to (`learner_url`)."""
    return [(row, learner_url(row.enrollment)) for row in book.rows]


def gradebook_for_edition(edition: Edition, *, now: datetime | None = None) -> Gradebook:
    now = now or timezone.now()
    lessons = graded_lessons(edition.course_id)
    enrollments = list(
        course_selectors.active_enrollments(edition).only(
            "pk",
            "status",
            "edition_id",
            "learner__username",
            "learner__first_name",
            "learner__last_name",
            "learner__email",
            "organisation__name",
        )
    )
    ids = course_selectors.active_enrollment_ids(edition)
    outcomes = outcomes_for(lessons, ids) if enrollments else {}

    sessions = course_selectors.edition_sessions(edition)
    base_dates = course_selectors.edition_dates(edition, lessons=lessons, sessions=sessions)
    extensions: dict[int, dict[int, datetime]] = defaultdict(dict)
    for enrollment_id, lesson_id, due_at in DueDateExtension.objects.filter(
        enrollment__edition=edition
    ).values_list("enrollment_id", "lesson_id", "due_at"):
        extensions[enrollment_id][lesson_id] = due_at

    stored = {  # enrolment id: (passed, rules met, rules), for results computed before
        enrollment_id: (passed, met, total)
        for enrollment_id, passed, met, total in CourseResult.objects.filter(
            enrollment_id__in=ids, computed_at__isnull=False
        ).values_list("enrollment_id", "passed", "rules_met", "rules_total")
    }
    never_computed = [e for e in enrollments if e.pk not in stored]
    for enrollment in never_computed:
        enrollment.edition = edition
    fresh_rules = selectors.course_rules_for(never_computed) if never_computed else {}

    lesson_ids = [lesson.pk for lesson in lessons]

    def due_dates(dates: dict[int, LessonDates]) -> list[datetime | None]:
        return [dates[pk].due_at if pk in dates else None for pk in lesson_ids]

    base_due = due_dates(base_dates)
    make_cell = _CellMaker()
    result_texts: dict[tuple[bool, int, int], str] = {}
    rows = []
    for enrollment in enrollments:
        enrollment_id = enrollment.pk
        personal = extensions.get(enrollment_id)
        due = (
            due_dates(
                course_selectors.edition_dates(
                    edition, lessons=lessons, sessions=sessions, extensions=personal
                )
            )
            if personal
            else base_due
        )
        cells = [
            make_cell(outcomes.get((lesson_id, enrollment_id), NO_OUTCOME), due_at, now)
            for lesson_id, due_at in zip(lesson_ids, due, strict=True)
        ]
        if enrollment.pk in fresh_rules:
            rules = fresh_rules[enrollment.pk]
            passed = rules_core.evaluate(rules)
            met, total = sum(1 for rule in rules if rule.met), len(rules)
        else:
            passed, met, total = stored[enrollment.pk]
        result_key = (passed, met, total)
        if result_key not in result_texts:
            result_texts[result_key] = _result_text(passed, met, total)
        rows.append(
            Row(
                enrollment=enrollment,
                cells=cells,
                passed=passed,
                rules_met=met,
                rules_total=total,
                result_text=result_texts[result_key],
            )
        )
    return Gradebook(
        edition=edition,
        lessons=lessons,
        counts=[lesson.counts_for_result() for lesson in lessons],
        rows=rows,
        generated_at=now,
    )


# --- exports ---------------------------------------------------------------------------------


def _table(book: Gradebook) -> tuple[list[str], list[list[str]]]:
    header = [_("Naam"), _("E-mail"), _("Organisatie")]
    header += [lesson.title for lesson in book.lessons]
    header += [_("Resultaat")]
    lines = []
    for row in book.rows:
        organisation = row.enrollment.organisation
        lines.append(
            [
                learner_name(row.enrollment),
                row.enrollment.learner.email,
                organisation.name if organisation else "",
                *[cell.text for cell in row.cells],
                row.result_text,
            ]
        )
    return header, lines


def _safe(value: str) -> str:
    """Text a spreadsheet will not run as a formula (CSV injection)."""
    if value and value[0] in "=+-@\t\r":
        return "'" + value
    return value


def gradebook_csv(book: Gradebook) -> str:
    header, lines = _table(book)
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";")
    writer.writerow([_safe(v) for v in header])
    for line in lines:
        writer.writerow([_safe(v) for v in line])
    return "\ufeff" + out.getvalue()  # the BOM makes Excel read UTF-8 (Henriëtte)


def gradebook_xlsx(book: Gradebook) -> bytes:
    """The same table as a workbook, written in openpyxl's write-only mode (row by row: fast
    and small in memory for 15,000 cells)."""
    # openpyxl is imported here, not at the top: it costs every process some 100 ms to load,
    # and only this export needs it.
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    header, lines = _table(book)
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(_("Cijferlijst")[:31])
    sheet.freeze_panes = "B2"
    for index, title in enumerate(header, start=1):
        width = max([len(title), *(len(line[index - 1]) for line in lines)])
        sheet.column_dimensions[get_column_letter(index)].width = min(max(width + 2, 10), 40)
    bold = Font(bold=True)
    cells = []
    for value in header:
        cell = WriteOnlyCell(sheet, value=_safe(value))
        cell.font = bold
        cells.append(cell)
    sheet.append(cells)
    for line in lines:
        sheet.append([_safe(v) for v in line])
    sheet.append([])
    sheet.append([_("Gemaakt op %(date)s") % {"date": format_when(book.generated_at, "date_time")}])
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
