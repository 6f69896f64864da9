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

from django.db.models import Count
from django.template.loader import get_template
from django.utils import timezone
from django.utils.safestring import SafeString
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _

from core.dates import format_when
from courses import selectors as course_selectors
from courses.models import Attendance, DueDateExtension, Edition, Enrollment, Lesson
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
    html: SafeString  # the page's <td>, from CELL_TEMPLATE, linked to the work behind it


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
_HREF = "\x00"  # where a cell's link goes in its rendered <td> (no text can hold it)


class _CellMaker:
    """Cells of one gradebook. A gradebook of 500 learners × 30 items has 15,000 cells but
    only a few dozen different texts, so each text is made, and its <td> rendered from
    CELL_TEMPLATE, once: with a marker where the link goes, which each cell fills in with
    its own address (`work_url`: digits and slashes, nothing to escape)."""

    def __init__(self, work_url: Callable[[int, int], str] | None = None) -> None:
        self.words = _words(get_language())
        self.made: dict[tuple, tuple[str, str, str]] = {}
        self.template = get_template(CELL_TEMPLATE)
        self.work_url = work_url

    def __call__(
        self, outcome: Outcome, due_at: datetime | None, now: datetime, *, where: tuple[int, int]
    ) -> Cell:
        submitted_at = outcome.submitted_at
        late = bool(due_at and submitted_at and submitted_at > due_at)
        missing = outcome.status in ("none", "in_progress") and due_at is not None and now > due_at
        linked = self.work_url is not None and outcome.status != "none"
        key = (outcome.status, outcome.label, outcome.percentage, late, missing, linked)
        made = self.made.get(key)
        if made is None:
            text = _cell_text(outcome, late=late, missing=missing, words=self.words)
            html = self.template.render(
                {"text": text, "overdue": missing or late, "url": _HREF if linked else ""}
            )
            before, _marker, after = html.partition(_HREF)
            made = self.made[key] = (text, before, after)
        text, before, after = made
        html = SafeString(before + self.work_url(*where) + after) if linked else SafeString(before)
        return Cell(outcome, due_at, late, missing, text, html)


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
    attended: int = 0  # classroom days the learner was marked present

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
    return ngettext(
        "%(met)s van %(total)s eis gehaald", "%(met)s van %(total)s eisen gehaald", total
    ) % {"met": met, "total": total}


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
    sessions: int = 0  # the edition's classroom days held so far (today's included)

    def columns(self) -> list[tuple[Lesson, bool]]:
        return list(zip(self.lessons, self.counts, strict=True))

    def attendance_text(self, row: Row) -> str:
        return _("%(n)s van %(total)s") % {"n": row.attended, "total": self.sessions}


def page_rows(book: Gradebook, *, learner_url: Callable[[Enrollment], str]) -> list[tuple]:
    """The page's rows, each with the URL its learner's name links to (`learner_url`) and
    the attendance as words."""
    return [(row, learner_url(row.enrollment), book.attendance_text(row)) for row in book.rows]


def _attended(edition: Edition) -> dict[int, int]:
    """Classroom days each learner was present, per enrolment (one query)."""
    return dict(
        Attendance.objects.filter(session__edition=edition, status=Attendance.Status.PRESENT)
        .values("enrollment_id")
        .annotate(n=Count("pk"))
        .values_list("enrollment_id", "n")
    )


def gradebook_for_edition(
    edition: Edition,
    *,
    now: datetime | None = None,
    work_url: Callable[[int, int], str] | None = None,
) -> Gradebook:
    """The gradebook; with `work_url(enrollment id, lesson id)`, each cell with work behind
    it links there (the page; the exports have no links)."""
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
    attended = _attended(edition)
    make_cell = _CellMaker(work_url)
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
            make_cell(
                outcomes.get((lesson_id, enrollment_id), NO_OUTCOME),
                due_at,
                now,
                where=(enrollment_id, lesson_id),
            )
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
                attended=attended.get(enrollment_id, 0),
            )
        )
    return Gradebook(
        edition=edition,
        lessons=lessons,
        counts=[lesson.counts_for_result() for lesson in lessons],
        rows=rows,
        generated_at=now,
        sessions=sum(1 for session in sessions if session.date <= timezone.localdate(now)),
    )


# --- exports ---------------------------------------------------------------------------------


def _header(book: Gradebook) -> list[str]:
    return [
        _("Naam"),
        _("E-mail"),
        _("Organisatie"),
        *[lesson.title for lesson in book.lessons],
        _("Aanwezig"),
        _("Resultaat"),
    ]


def _person(row: Row) -> list[str]:
    organisation = row.enrollment.organisation
    return [
        learner_name(row.enrollment),
        row.enrollment.learner.email,
        organisation.name if organisation else "",
    ]


def _table(book: Gradebook) -> tuple[list[str], list[list[str]]]:
    lines = [
        [
            *_person(row),
            *[cell.text for cell in row.cells],
            book.attendance_text(row),
            row.result_text,
        ]
        for row in book.rows
    ]
    return _header(book), lines


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
    """The gradebook as a workbook a spreadsheet computes with: one sheet that is only the
    table (a header with an autofilter, one row per learner), grades as numbers with a
    percent format, late work in an orange cell, texts stored as texts (a name that starts
    with "=" is a string cell, never a formula: no apostrophe needed); what the file is and
    when it was made on a second sheet and in the document properties.

    Written in openpyxl's write-only mode, row by row. Each appended row is written out at
    once, so one styled cell per distinct grade serves every row that has that grade (a
    gradebook of 15,000 cells has a few hundred)."""
    # openpyxl is imported here, not at the top: it costs every process some 100 ms to load,
    # and only this export needs it.
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font, PatternFill
    from openpyxl.utils import get_column_letter

    header = _header(book)
    workbook = Workbook(write_only=True)
    workbook.properties.title = _("Cijferlijst %(edition)s") % {"edition": book.edition.name}
    workbook.properties.created = book.generated_at.replace(tzinfo=None)
    workbook.properties.creator = book.edition.course.title[:255]
    sheet = workbook.create_sheet(_("Cijferlijst")[:31])
    sheet.freeze_panes = "B2"
    last_row = len(book.rows) + 1
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(header))}{last_row}"
    people = [_person(row) for row in book.rows]
    for index in range(len(header)):
        texts = [header[index], *(p[index] for p in people)] if index < 3 else [header[index]]
        width = max(len(text) for text in texts)
        sheet.column_dimensions[get_column_letter(index + 1)].width = min(max(width + 2, 10), 40)

    def text_cell(value: str, **style) -> WriteOnlyCell:
        cell = WriteOnlyCell(sheet, value=value)
        cell.data_type = "s"  # also for "=…": a text, not a formula
        for name, setting in style.items():
            setattr(cell, name, setting)
        return cell

    bold = Font(bold=True)
    late_fill = PatternFill("solid", start_color="FFE0B2")
    sheet.append([text_cell(value, font=bold) for value in header])
    grades: dict[tuple, WriteOnlyCell | str | None] = {}
    unmade = object()

    def grade(cell: Cell) -> WriteOnlyCell | str | None:
        outcome = cell.outcome
        key = (outcome.percentage, cell.late, cell.text)
        made = grades.get(key, unmade)
        if made is unmade:
            if outcome.status == "graded" and outcome.percentage is not None:
                made = WriteOnlyCell(sheet, value=float(outcome.percentage) / 100)
                made.number_format = "0%"
                if cell.late:
                    made.fill = late_fill
            elif outcome.status == "none" and not cell.missing:
                made = None
            else:
                made = cell.text
            grades[key] = made
        return made

    for row, person in zip(book.rows, people, strict=True):
        sheet.append(
            [
                *(text_cell(value) if value[:1] == "=" else value for value in person),
                *(grade(cell) for cell in row.cells),
                row.attended,
                row.result_text,
            ]
        )

    about = workbook.create_sheet(_("Over dit bestand")[:31])
    about.column_dimensions["A"].width = 24
    about.column_dimensions["B"].width = 60
    made_at = format_when(book.generated_at, "date_time")
    for label, value in (
        (_("Cursus"), book.edition.course.title),
        (_("Editie"), book.edition.name),
        (_("Gemaakt op"), made_at),
        (_("Lesdagen tot nu toe"), book.sessions),
        (_("Cijfers"), _("Percentages; 100% bij werk dat compleet of niet compleet is: compleet.")),
        (_("Oranje"), _("Ingeleverd na de deadline (met uitstel meegerekend).")),
        (_("Aanwezig"), _("Het aantal lesdagen waarop de cursist aanwezig was.")),
    ):
        about.append([text_cell(label, font=bold), value])
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
