"""A report as a workbook: one row per enrolment (numbers as numbers, dates as dates, an
autofilter), the classroom days one row per person and day, and the totals."""

from __future__ import annotations

import io
from datetime import date

from django.utils.translation import gettext as _

from core.dates import format_when

from .data import Progress, ReportData

# How often (in rows) the progress is reported while writing.
PROGRESS_EVERY = 250


class _Rows:
    """Appends rows to a sheet and keeps count of them, so that a row's cells are found
    directly (`sheet[row]` and `max_row` measure the whole sheet each time: slow when large).
    Texts stay texts (openpyxl takes a text starting with "=" for a formula; the cell's type
    says it is not) and dates read as dates."""

    def __init__(self, sheet):
        self.sheet = sheet
        self.count = 0

    def append(self, values: list) -> None:
        self.sheet.append(values)
        self.count += 1
        for column, value in enumerate(values, start=1):
            if isinstance(value, str) and value.startswith("="):
                self.sheet.cell(row=self.count, column=column).data_type = "s"
            elif isinstance(value, date):
                self.sheet.cell(row=self.count, column=column).number_format = "DD-MM-YYYY"

    def autofilter(self) -> None:
        last = self.sheet.cell(1, self.sheet.max_column).column_letter
        self.sheet.auto_filter.ref = f"A1:{last}{max(self.count, 2)}"


def _header(sheet, titles: list[str], bold) -> _Rows:
    """The sheet with its bold, frozen header row, to append rows to."""
    rows = _Rows(sheet)
    rows.append(titles)
    for cell, title in zip(sheet[1], titles, strict=True):
        cell.font = bold
        sheet.column_dimensions[cell.column_letter].width = max(len(title) + 2, 12)
    sheet.freeze_panes = "A2"
    return rows


def report_xlsx(data: ReportData, *, progress: Progress | None = None) -> bytes:
    # openpyxl is imported here, not at the top: it costs every process some 100 ms to load,
    # and only the exports need it.
    from openpyxl import Workbook
    from openpyxl.styles import Font

    bold = Font(bold=True)
    workbook = Workbook()
    people = workbook.active
    people.title = _("Medewerkers")[:31]
    module_titles = [m.title for m in data.module_totals]
    people_rows = _header(
        people,
        [
            _("Naam"),
            _("E-mail"),
            _("Cursus"),
            _("Editie"),
            _("Status"),
            _("Ingeschreven op"),
            *[_("%(module)s: lessen klaar") % {"module": t} for t in module_titles],
            _("Lessen klaar"),
            _("Lessen in totaal"),
            _("Aanwezig (lesdagen)"),
            _("Lesdagen geweest"),
            _("Resultaat"),
            _("Geslaagd op"),
            _("Certificaatnummer"),
            _("Controlelink certificaat"),
        ],
        bold,
    )
    total = len(data.rows)
    for index, row in enumerate(data.rows, start=1):
        by_title = {m.title: m.done for m in row.modules}
        people_rows.append(
            [
                row.name,
                row.email,
                row.course,
                row.edition,
                row.status,
                row.enrolled_on,
                *[by_title.get(t) for t in module_titles],
                row.lessons_done,
                row.lessons_total,
                row.present,
                row.days_held,
                row.result_label,
                row.passed_on,
                row.certificate_serial,
                row.certificate_url,
            ],
        )
        if progress is not None and index % PROGRESS_EVERY == 0:
            progress(index, total)
    people_rows.autofilter()

    days = workbook.create_sheet(_("Lesdagen")[:31])
    day_rows = _header(
        days, [_("Naam"), _("Editie"), _("Datum"), _("Module"), _("Aanwezigheid")], bold
    )
    for row in data.rows:
        for day in row.days:
            day_rows.append([row.name, row.edition, day.day, day.module, day.status_label])
    day_rows.autofilter()

    summary = workbook.create_sheet(_("Samenvatting")[:31])
    summary_rows = _header(summary, [_("Wat"), _("Aantal")], bold)
    period = (
        _("%(start)s tot en met %(end)s")
        % {"start": format_when(data.period.start), "end": format_when(data.period.end)}
        if data.period
        else _("tot nu")
    )
    for label, value in (
        (_("Rapport"), data.title),
        (_("Periode"), period),
        (_("Inschrijvingen"), len(data.rows)),
        (_("Geslaagd"), data.passed),
        (_("Slagingspercentage"), data.pass_rate / 100),
        (_("Certificaten"), data.certificates),
    ):
        summary_rows.append([label, value])
    summary.cell(summary_rows.count - 1, 2).number_format = "0%"
    for module in data.module_totals:
        summary_rows.append([_("%(module)s: lessen klaar") % {"module": module.title}, module.done])
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
