"""The gradebook of an edition: learners × graded lessons, late and missing work, results.

One read for the page and both exports, in a number of queries that does not depend on
how many learners or lessons there are: the graded lessons (one query per graded type),
the learners, each type's outcomes in bulk, the extensions and the stored results.
"""

from __future__ import annotations

import csv
import io
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime

from django.utils import timezone
from django.utils.formats import date_format, number_format
from django.utils.translation import gettext as _

from courses import selectors as course_selectors
from courses.models import DueDateExtension, Edition, Enrollment, Lesson
from courses.schedule import LessonDates

from . import results
from .gradable import NO_OUTCOME, Outcome, graded_lessons, outcomes_for
from .models import CourseResult


@dataclass(frozen=True)
class Cell:
    outcome: Outcome
    due_at: datetime | None
    late: bool
    missing: bool

    @property
    def text(self) -> str:
        """The cell as words, for the page and the exports."""
        outcome = self.outcome
        if outcome.status == "graded":
            if outcome.label:
                text = outcome.label
            elif outcome.percentage is not None:
                text = f"{number_format(outcome.percentage, decimal_pos=0)}%"
            else:
                text = _("beoordeeld")
        elif outcome.status == "submitted":
            text = _("ingeleverd")
        elif outcome.status == "in_progress":
            text = _("bezig")
        else:
            text = _("ontbreekt") if self.missing else "–"
        if self.late:
            text = _("%(grade)s (te laat)") % {"grade": text}
        return text


@dataclass
class Row:
    enrollment: Enrollment
    cells: list[Cell]
    passed: bool
    rules: list[results.Rule] = field(default_factory=list)

    @property
    def rules_met(self) -> int:
        return sum(1 for rule in self.rules if rule.met)

    @property
    def result_text(self) -> str:
        if self.passed:
            return _("geslaagd")
        return _("%(met)s van %(total)s eisen gehaald") % {
            "met": self.rules_met,
            "total": len(self.rules),
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
        else:
            result = stored[enrollment.pk]
            rules = results.rules_from_json(result.rules)
            passed = result.passed
        rows.append(Row(enrollment=enrollment, cells=cells, passed=passed, rules=rules))
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
    from openpyxl import Workbook
    from openpyxl.styles import Font

    header, lines = _table(book)
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _("Cijferlijst")[:31]
    sheet.append([_safe(v) for v in header])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for line in lines:
        sheet.append([_safe(v) for v in line])
    sheet.freeze_panes = "B2"
    for index, title in enumerate(header, start=1):
        width = max([len(title), *(len(line[index - 1]) for line in lines)])
        sheet.column_dimensions[sheet.cell(row=1, column=index).column_letter].width = min(
            max(width + 2, 10), 40
        )
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
