"""The gradebook of an edition: learners × graded lessons, late and missing work, results.

One read for the page and both exports, in a number of queries that does not depend on
how many learners or lessons there are: the graded lessons (one query per graded type),
the learners, each type's outcomes in bulk, the extensions and the stored results.
"""

from __future__ import annotations

import csv
import functools
import io
from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime
from decimal import ROUND_HALF_UP, Decimal

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from courses import selectors as course_selectors
from courses.models import DueDateExtension, Edition, Enrollment, Lesson
from courses.schedule import LessonDates

from . import results
from .gradable import NO_OUTCOME, Outcome, graded_lessons, outcomes_for
from .models import CourseResult


@dataclass(slots=True)
class Cell:
    outcome: Outcome
    due_at: datetime | None
    late: bool
    missing: bool

    @property
    def text(self) -> str:
        """The cell as words, for the page and the exports."""
        words = _words(get_language())
        outcome = self.outcome
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
            text = words["missing"] if self.missing else "–"
        if self.late:
            text = words["late"] % {"grade": text}
        return text


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

    @property
    def cells_html(self) -> str:
        """The row's cells as HTML: built here, not by the template engine, because a
        gradebook of 500 learners × 30 items has 15,000 of them."""
        return mark_safe(  # noqa: S308 - every text is escaped
            "".join(
                f'<td class="state-overdue">{escape(cell.text)}</td>'
                if cell.missing or cell.late
                else f"<td>{escape(cell.text)}</td>"
                for cell in self.cells
            )
        )

    @property
    def result_text(self) -> str:
        if self.passed:
            return _("geslaagd")
        return _("%(met)s van %(total)s eisen gehaald") % {
            "met": self.rules_met,
            "total": self.rules_total,
        }


@dataclass
class Gradebook:
    edition: Edition
    lessons: list[Lesson]
    counts: list[bool]  # per lesson: does it count for passing?
    rows: list[Row]
    generated_at: datetime

    def columns(self) -> list[tuple[Lesson, bool]]:
        return list(zip(self.lessons, self.counts, strict=True))


def _is_late(outcome: Outcome, due_at: datetime | None) -> bool:
    return bool(due_at and outcome.submitted_at and outcome.submitted_at > due_at)


def gradebook_for_edition(edition: Edition, *, now: datetime | None = None) -> Gradebook:
    now = now or timezone.now()
    lessons = graded_lessons(edition.course_id)
    enrollments = list(course_selectors.active_enrollments(edition))
    ids = [e.pk for e in enrollments]
    outcomes = outcomes_for(lessons, ids)

    sessions = course_selectors.edition_sessions(edition)
    base_dates = course_selectors.edition_dates(edition, lessons=lessons, sessions=sessions)
    extensions: dict[int, dict[int, datetime]] = defaultdict(dict)
    for enrollment_id, lesson_id, due_at in DueDateExtension.objects.filter(
        enrollment__edition=edition
    ).values_list("enrollment_id", "lesson_id", "due_at"):
        extensions[enrollment_id][lesson_id] = due_at

    stored = {r.enrollment_id: r for r in CourseResult.objects.filter(enrollment_id__in=ids)}
    never_computed = [
        e for e in enrollments if getattr(stored.get(e.pk), "computed_at", None) is None
    ]
    for enrollment in never_computed:
        enrollment.edition = edition
    fresh_rules = results.course_rules_for(never_computed) if never_computed else {}

    rows = []
    for enrollment in enrollments:
        personal = extensions.get(enrollment.pk)
        dates: dict[int, LessonDates] = (
            course_selectors.edition_dates(
                edition, lessons=lessons, sessions=sessions, extensions=personal
            )
            if personal
            else base_dates
        )
        cells = []
        for lesson in lessons:
            outcome = outcomes.get((lesson.pk, enrollment.pk), NO_OUTCOME)
            due_at = dates[lesson.pk].due_at if lesson.pk in dates else None
            cells.append(
                Cell(
                    outcome=outcome,
                    due_at=due_at,
                    late=_is_late(outcome, due_at),
                    missing=outcome.status in ("none", "in_progress")
                    and due_at is not None
                    and now > due_at,
                )
            )
        if enrollment.pk in fresh_rules:
            rules = fresh_rules[enrollment.pk]
            passed = results.evaluate(rules)
            met, total = sum(1 for rule in rules if rule.met), len(rules)
        else:  # the stored JSON, read as it is: no Rule objects for 15,000 cells
            result = stored[enrollment.pk]
            passed = result.passed
            met = sum(1 for rule in result.rules if rule["state"] == results.MET)
            total = len(result.rules)
        rows.append(
            Row(
                enrollment=enrollment,
                cells=cells,
                passed=passed,
                rules_met=met,
                rules_total=total,
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
        learner = row.enrollment.learner
        organisation = row.enrollment.organisation
        lines.append(
            [
                learner.get_full_name() or learner.get_username(),
                learner.email,
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
    sheet.append(
        [
            _("Gemaakt op %(date)s")
            % {"date": date_format(timezone.localtime(book.generated_at), "DATETIME_FORMAT")}
        ]
    )
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
