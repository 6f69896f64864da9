"""The administrators' evaluation overview as a workbook (per edition, per trainer)."""

from __future__ import annotations

import io

from django.utils.translation import gettext as _

from .selectors import EvaluationRow


def _safe(value):
    """A text that a spreadsheet would read as a formula is kept as text."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@"):
        return "'" + value
    return value


def evaluation_overview_xlsx(editions: list[EvaluationRow], trainers: list[EvaluationRow]) -> bytes:
    # openpyxl is imported here, not at the top: it costs every process some 100 ms to load,
    # and only this export needs it.
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(_("Edities"))
    sheet.append(
        [
            _("Editie"),
            _("Antwoorden"),
            _("De cursus (1–5)"),
            _("De trainer (1–5)"),
            _("Aanraden aan een collega (0–10)"),
        ]
    )
    for row in editions:
        sheet.append([_safe(row.label), row.count, row.course, row.trainer, row.recommend])
    sheet = workbook.create_sheet(_("Trainers"))
    sheet.append([_("Trainer"), _("Antwoorden"), _("De trainer (1–5)")])
    for row in trainers:
        sheet.append([_safe(row.label), row.count, row.trainer])
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
