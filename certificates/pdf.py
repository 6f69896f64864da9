"""A certificate as a PDF: plain data in, PDF bytes out (reportlab, no database).

A4 landscape, with an embedded Unicode TrueType font (DejaVu Sans by default) so that every
European name, Greek and Cyrillic included, prints as written; the QR code is drawn as vector
shapes and holds the absolute verification URL.
"""

from __future__ import annotations

import contextlib
import io
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from reportlab.graphics.barcode import qrencoder
from reportlab.lib.colors import HexColor, black, white
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader, simpleSplit
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas

PAGE = landscape(A4)
INK = HexColor("#1b2a41")
ACCENT = HexColor("#0b6e4f")
MUTED = HexColor("#4a5568")
QR_MASK = 2
QR_BORDER = 2
FONT_CANDIDATES = (
    "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",  # Debian, Ubuntu
    "/usr/share/fonts/dejavu/DejaVuSans.ttf",  # Fedora, Alpine
    "/usr/share/fonts/TTF/DejaVuSans.ttf",  # Arch
    "/usr/local/share/fonts/DejaVuSans.ttf",
    "/Library/Fonts/DejaVuSans.ttf",
)


class FontNotFound(Exception):
    pass


def find_font(configured: str = "") -> Path | None:
    """The configured font file, else DejaVu Sans from one of the usual system places."""
    if configured:
        path = Path(configured)
        return path if path.is_file() else None
    return next((Path(p) for p in FONT_CANDIDATES if Path(p).is_file()), None)


def bold_variant(path: Path) -> Path:
    """DejaVuSans-Bold.ttf next to DejaVuSans.ttf, when it is there; the regular one if not."""
    candidate = path.with_name(path.stem + "-Bold" + path.suffix)
    return candidate if candidate.is_file() else path


@cache
def register_fonts(path: str) -> tuple[str, str]:
    """Register the regular and bold faces once per process; returns their names."""
    regular = Path(path)
    names = (f"Cert-{abs(hash(path))}", f"Cert-{abs(hash(path))}-Bold")
    pdfmetrics.registerFont(TTFont(names[0], str(regular)))
    pdfmetrics.registerFont(TTFont(names[1], str(bold_variant(regular))))
    return names


@dataclass(frozen=True)
class Signatory:
    name: str
    role: str = ""


@dataclass(frozen=True)
class CertificateData:
    """Everything the page shows, already translated and formatted."""

    title: str  # "Certificaat"
    intro: str  # "Hierbij verklaren wij dat"
    name: str
    wording: str  # "met goed gevolg de vaardigheidsmodule … heeft afgerond"
    course_title: str
    modules: Sequence[str]
    modules_label: str  # "Onderdelen"
    date_line: str  # "Uitgereikt op 4 oktober 2026"
    issuer: str
    signatories: Sequence[Signatory]
    serial_line: str  # "Certificaatnummer DV-2026-000123"
    verify_line: str  # "Controleer echtheid: https://…/verify/…/"
    verify_url: str
    logo: bytes | None = None
    keywords: Sequence[str] = field(default_factory=tuple)


def render(data: CertificateData, *, font_path: str) -> bytes:
    regular, bold = register_fonts(font_path)
    buffer = io.BytesIO()
    # Our own (embedded) font from the first operator on: ReportLab otherwise starts every
    # page in Helvetica, which a PDF reader must substitute because it is never embedded. Not
    # `invariant`: the document's creation and modification dates are the real ones.
    pdf = canvas.Canvas(
        buffer,
        pagesize=PAGE,
        pageCompression=1,
        initialFontName=regular,
        initialFontSize=12,
        lang="nl",
    )
    pdf.setTitle(f"{data.title} {data.course_title} — {data.name}")
    pdf.setAuthor(data.issuer)
    pdf.setSubject(data.serial_line)
    pdf.setCreator("Leeromgeving")
    width, height = PAGE
    centre = width / 2

    pdf.setStrokeColor(ACCENT)
    pdf.setLineWidth(3)
    pdf.rect(12 * mm, 12 * mm, width - 24 * mm, height - 24 * mm)
    pdf.setLineWidth(0.8)
    pdf.rect(15 * mm, 15 * mm, width - 30 * mm, height - 30 * mm)

    if data.logo:
        _draw_logo(pdf, data.logo, height)

    y = height - 45 * mm
    pdf.setFillColor(ACCENT)
    pdf.setFont(bold, 34)
    pdf.drawCentredString(centre, y, data.title)
    y -= 16 * mm
    pdf.setFillColor(MUTED)
    pdf.setFont(regular, 14)
    pdf.drawCentredString(centre, y, data.intro)
    y -= 15 * mm
    pdf.setFillColor(INK)
    name_size = _fit(data.name, bold, 30, width - 70 * mm)
    pdf.setFont(bold, name_size)
    pdf.drawCentredString(centre, y, data.name)
    y -= 12 * mm
    pdf.setFont(regular, 14)
    pdf.setFillColor(MUTED)
    for line in simpleSplit(data.wording, regular, 14, width - 80 * mm)[:3]:
        pdf.drawCentredString(centre, y, line)
        y -= 6.5 * mm
    y -= 3 * mm
    pdf.setFillColor(INK)
    pdf.setFont(bold, 20)
    pdf.drawCentredString(centre, y, data.course_title)
    y -= 9 * mm
    if data.modules:
        pdf.setFont(regular, 11)
        pdf.setFillColor(MUTED)
        line = f"{data.modules_label}: " + " · ".join(data.modules)
        for part in simpleSplit(line, regular, 11, width - 90 * mm)[:2]:
            pdf.drawCentredString(centre, y, part)
            y -= 5.5 * mm
    y -= 2 * mm
    pdf.setFont(regular, 12)
    pdf.setFillColor(INK)
    pdf.drawCentredString(centre, y, data.date_line)

    # Signatories along the bottom, left of the QR code.
    base = 42 * mm
    slots = list(data.signatories)[:3]
    if slots:
        span = (width - 120 * mm) / len(slots)
        for i, person in enumerate(slots):
            x = 30 * mm + span * i + span / 2
            pdf.setStrokeColor(MUTED)
            pdf.setLineWidth(0.6)
            pdf.line(x - 30 * mm, base, x + 30 * mm, base)
            pdf.setFillColor(INK)
            pdf.setFont(bold, 11)
            pdf.drawCentredString(x, base - 5 * mm, person.name)
            if person.role:
                pdf.setFont(regular, 9)
                pdf.setFillColor(MUTED)
                pdf.drawCentredString(x, base - 9.5 * mm, person.role)
    pdf.setFont(regular, 10)
    pdf.setFillColor(MUTED)
    pdf.drawString(22 * mm, 20 * mm, data.issuer)

    # QR code: vector rectangles, bottom right, with the serial and URL under it.
    size = 38 * mm
    draw_qr(pdf, data.verify_url, x=width - 22 * mm - size, y=30 * mm, size=size)
    pdf.setFont(regular, 9)
    pdf.setFillColor(INK)
    pdf.drawRightString(width - 22 * mm, 26 * mm, data.serial_line)
    pdf.setFont(regular, 7)
    pdf.setFillColor(MUTED)
    pdf.drawRightString(width - 22 * mm, 20 * mm, data.verify_line)

    pdf.showPage()
    pdf.save()
    return buffer.getvalue()


def _draw_logo(pdf: canvas.Canvas, logo: bytes, height: float) -> None:
    # A broken logo must not stop the certificate.
    with contextlib.suppress(Exception):
        pdf.drawImage(
            ImageReader(io.BytesIO(logo)),
            22 * mm,
            height - 42 * mm,
            width=40 * mm,
            height=18 * mm,
            preserveAspectRatio=True,
            mask="auto",
        )


def qr_modules(text: str) -> list[list[bool]]:
    """The QR code's modules (error correction M), from reportlab's encoder.

    One fixed mask pattern instead of trying all eight for the lowest penalty: every mask
    gives a valid code that readers decode, and scoring the eight took most of a render."""
    code = qrencoder.QRCode(None, qrencoder.QRErrorCorrectLevel.M)
    code.addData(text)
    code.version = code.calculate_version()
    code.makeImpl(False, QR_MASK)
    return [[bool(cell) for cell in row] for row in code.modules]


def draw_qr(pdf: canvas.Canvas, text: str, *, x: float, y: float, size: float) -> None:
    """Draw the code as one filled vector path of horizontal runs, with a quiet zone."""
    modules = qr_modules(text)
    count = len(modules)
    box = size / (count + 2 * QR_BORDER)
    path = pdf.beginPath()
    for r, row in enumerate(modules):
        top = y + size - (r + QR_BORDER + 1) * box
        c = 0
        while c < count:
            if row[c]:
                start = c
                while c < count and row[c]:
                    c += 1
                path.rect(x + (start + QR_BORDER) * box, top, (c - start) * box, box)
            else:
                c += 1
    pdf.saveState()
    pdf.setFillColor(white)
    pdf.rect(x, y, size, size, stroke=0, fill=1)
    pdf.setFillColor(black)
    pdf.drawPath(path, stroke=0, fill=1)
    pdf.restoreState()


def _fit(text: str, font: str, size: float, max_width: float) -> float:
    while size > 12 and pdfmetrics.stringWidth(text, font, size) > max_width:
        size -= 1
    return size
