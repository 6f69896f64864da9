"""A report's summary as a PDF (reportlab, A4): the figures, three charts (progress per
module, attendance, pass rate) and a line per enrolment, in the certificates' embedded
Unicode font (DejaVu Sans by default, `LMS_CERTIFICATE_FONT`), also inside the charts."""

from __future__ import annotations

import io
from dataclasses import dataclass

from django.utils.translation import gettext as _
from reportlab.graphics import renderPDF
from reportlab.graphics.charts.barcharts import HorizontalBarChart
from reportlab.graphics.shapes import Drawing, String
from reportlab.lib.colors import HexColor
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.lib.utils import simpleSplit
from reportlab.pdfgen import canvas

from certificates import conf as certificate_conf
from certificates import pdf as certificate_pdf
from core.dates import format_when
from courses.models import Attendance

from .data import ReportData

INK = HexColor("#1b2a41")
ACCENT = HexColor("#0b6e4f")
MUTED = HexColor("#4a5568")
LIGHT = HexColor("#c9d6cf")
MARGIN = 18 * mm


@dataclass(frozen=True)
class Fonts:
    regular: str
    bold: str


def fonts() -> Fonts:
    configured = certificate_conf.get("LMS_CERTIFICATE_FONT") or ""
    found = certificate_pdf.find_font(configured)
    if found is None:
        raise certificate_pdf.FontNotFound(configured or "DejaVu Sans")
    return Fonts(*certificate_pdf.register_fonts(str(found)))


def _period(data: ReportData) -> str:
    if data.period is None:
        return _("Tot en met %(day)s") % {"day": format_when(data.made_at, "date")}
    return _("%(start)s tot en met %(end)s") % {
        "start": format_when(data.period.start),
        "end": format_when(data.period.end),
    }


def _bar_chart(
    *, title: str, labels: list[str], values: list[float], font: Fonts, width: float, unit: str
) -> Drawing:
    """Horizontal bars with a value axis from 0 to 100 (percentages) and a title above."""
    row = 9 * mm
    height = max(len(labels), 1) * row + 22 * mm
    drawing = Drawing(width, height)
    # The renderer starts every drawing in Helvetica (never embedded) unless told otherwise.
    drawing.initialFontName = font.regular
    drawing.add(String(0, height - 6 * mm, title, fontName=font.bold, fontSize=12, fillColor=INK))
    chart = HorizontalBarChart()
    chart.x, chart.y = 55 * mm, 10 * mm
    chart.width, chart.height = width - 75 * mm, height - 22 * mm
    chart.data = [values or [0]]
    chart.categoryAxis.categoryNames = [label[:40] for label in labels] or [""]
    chart.categoryAxis.labels.fontName = font.regular
    chart.categoryAxis.labels.fontSize = 8
    chart.categoryAxis.labels.boxAnchor = "e"
    chart.categoryAxis.reverseDirection = True
    chart.valueAxis.valueMin, chart.valueAxis.valueMax, chart.valueAxis.valueStep = 0, 100, 25
    chart.valueAxis.labels.fontName = font.regular
    chart.valueAxis.labels.fontSize = 8
    label_format = "%d" + unit.replace("%", "%%")
    chart.valueAxis.labelTextFormat = label_format
    chart.bars[0].fillColor = ACCENT
    chart.bars[0].strokeColor = None
    chart.barLabels.fontName = font.regular
    chart.barLabels.fontSize = 8
    chart.barLabels.boxAnchor = "w"
    chart.barLabels.dx = 2
    chart.barLabelFormat = label_format
    drawing.add(chart)
    return drawing


def _percent(part: int, whole: int) -> int:
    return round(100 * part / whole) if whole else 0


def charts(data: ReportData, font: Fonts, width: float) -> list[Drawing]:
    modules = data.module_totals
    counts = data.attendance
    held = sum(counts.values())
    attendance_labels = [
        (_("aanwezig"), counts.get(Attendance.Status.PRESENT, 0)),
        (_("afgemeld"), counts.get(Attendance.Status.EXCUSED, 0)),
        (_("afwezig"), counts.get(Attendance.Status.ABSENT, 0)),
        (_("niet geregistreerd"), counts.get("", 0)),
    ]
    return [
        _bar_chart(
            title=_("Voortgang per module (lessen klaar)"),
            labels=[m.title for m in modules],
            values=[m.percent for m in modules],
            font=font,
            width=width,
            unit="%",
        ),
        _bar_chart(
            title=_("Aanwezigheid op de lesdagen die geweest zijn"),
            labels=[label for label, _n in attendance_labels],
            values=[_percent(n, held) for _label, n in attendance_labels],
            font=font,
            width=width,
            unit="%",
        ),
        _bar_chart(
            title=_("Slagingspercentage"),
            labels=[_("geslaagd"), _("nog niet geslaagd")],
            values=[data.pass_rate, 100 - data.pass_rate if data.rows else 0],
            font=font,
            width=width,
            unit="%",
        ),
    ]


class _Writer:
    """Lines down the page, a new page when the next does not fit."""

    def __init__(self, pdf: canvas.Canvas, font: Fonts):
        self.pdf, self.font = pdf, font
        self.width, self.height = A4
        self.y = self.height - MARGIN

    def need(self, space: float) -> None:
        if self.y - space < MARGIN:
            self.pdf.showPage()
            self.pdf.setFont(self.font.regular, 10)
            self.y = self.height - MARGIN

    def line(self, text: str, *, size: float = 10, bold: bool = False, color=INK) -> None:
        face = self.font.bold if bold else self.font.regular
        for part in simpleSplit(text, face, size, self.width - 2 * MARGIN) or [""]:
            self.need(size * 1.5)
            self.pdf.setFont(face, size)
            self.pdf.setFillColor(color)
            self.pdf.drawString(MARGIN, self.y - size, part)
            self.y -= size * 1.45

    def drawing(self, drawing: Drawing) -> None:
        self.need(drawing.height + 4 * mm)
        renderPDF.draw(drawing, self.pdf, MARGIN, self.y - drawing.height)
        self.y -= drawing.height + 4 * mm


def report_pdf(data: ReportData) -> bytes:
    font = fonts()
    buffer = io.BytesIO()
    pdf = canvas.Canvas(
        buffer, pagesize=A4, pageCompression=1, initialFontName=font.regular, lang="nl"
    )
    pdf.setTitle(f"{data.title} — {_period(data)}")
    pdf.setCreator("Leeromgeving")
    out = _Writer(pdf, font)
    out.line(data.title, size=20, bold=True, color=ACCENT)
    out.line(_period(data), size=12, color=MUTED)
    out.line(
        _("Gemaakt op %(when)s") % {"when": format_when(data.made_at, "date_time")},
        size=9,
        color=MUTED,
    )
    out.y -= 3 * mm
    out.line(_("Inschrijvingen: %(n)s") % {"n": len(data.rows)}, size=11)
    out.line(
        _("Geslaagd: %(n)s (%(rate)s%%)") % {"n": data.passed, "rate": data.pass_rate}, size=11
    )
    out.line(_("Certificaten uitgegeven: %(n)s") % {"n": data.certificates}, size=11)
    out.y -= 4 * mm
    for drawing in charts(data, font, out.width - 2 * MARGIN):
        out.drawing(drawing)
    out.need(30 * mm)
    out.line(_("Per medewerker"), size=14, bold=True)
    for row in data.rows:
        out.line(f"{row.name} · {row.edition}", bold=True)
        out.line(
            _(
                "Lessen klaar: %(done)s van %(total)s · aanwezig: %(present)s van "
                "%(held)s lesdagen · %(result)s"
            )
            % {
                "done": row.lessons_done,
                "total": row.lessons_total,
                "present": row.present,
                "held": row.days_held,
                "result": row.result_label,
            }
            + (f" · {row.certificate_serial}" if row.certificate_serial else ""),
            size=9,
            color=MUTED,
        )
    if not data.rows:
        out.line(_("Er zijn geen inschrijvingen in deze periode."))
    pdf.showPage()
    pdf.save()
    return buffer.getvalue()
