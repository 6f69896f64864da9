"""The register's exports (CSV and XLSX of the filtered list) and an edition's PDFs as one zip.

Each is written row by row or file by file, so an export of every certificate, or a zip of
an edition's PDFs, never holds more than a row or a chunk of a file in memory at once.
"""

from __future__ import annotations

import csv
import io
import logging
import zipfile
from collections.abc import Iterable, Iterator
from datetime import date, datetime

from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from . import signing
from .models import Certificate

logger = logging.getLogger(__name__)

CHUNK = 64 * 1024


def header() -> list[str]:
    return [
        _("Certificaatnummer"),
        _("Naam op het certificaat"),
        _("E-mail"),
        _("Cursus"),
        _("Editie"),
        _("Organisatie"),
        _("Status"),
        _("Uitgegeven op"),
        _("Ingetrokken op"),
        _("Reden van intrekking"),
        _("Vervangen door"),
        _("Controlelink"),
    ]


def _day(moment: datetime | None) -> date | None:
    return timezone.localdate(moment) if moment else None


def row(certificate: Certificate) -> list:
    """One certificate as the export's cells (dates as dates, the rest as text)."""
    enrollment = certificate.enrollment
    organisation = enrollment.organisation
    return [
        certificate.serial or "",
        certificate.name,
        enrollment.learner.email,
        certificate.course_title or enrollment.edition.course.title,
        enrollment.edition.name,
        organisation.name if organisation else "",
        str(certificate.get_status_display()),
        _day(certificate.issued_at),
        _day(certificate.revoked_at),
        certificate.revocation_reason,
        certificate.replaced_by.serial if certificate.replaced_by_id else "",
        signing.verify_url(certificate.verification_code) if certificate.is_public else "",
    ]


def _safe(value):
    """Text a spreadsheet will not run as a formula (CSV injection)."""
    if isinstance(value, str) and value and value[0] in "=+-@\t\r":
        return "'" + value
    return value


class _Line:
    """A file-like object that hands back what the csv writer wrote."""

    def write(self, value: str) -> str:
        return value


def register_csv(certificates: Iterable[Certificate]) -> Iterator[str]:
    """The rows as CSV (semicolons, for Excel in Dutch), one line at a time."""
    writer = csv.writer(_Line(), delimiter=";")
    yield "\ufeff"  # the BOM makes Excel read UTF-8 (Henriëtte)
    yield writer.writerow([_safe(v) for v in header()])
    for certificate in certificates:
        cells = row(certificate)
        yield writer.writerow([_safe(v.isoformat() if isinstance(v, date) else v) for v in cells])


def register_xlsx(certificates: Iterable[Certificate]) -> bytes:
    """The same table as a workbook, in openpyxl's write-only mode (row by row)."""
    # openpyxl is imported here, not at the top: it costs every process some 100 ms to load,
    # and only this export needs it.
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    titles = header()
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(_("Certificaten")[:31])
    sheet.freeze_panes = "B2"
    for index, title in enumerate(titles, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = max(len(title) + 2, 14)
    bold = Font(bold=True)
    cells = []
    for value in titles:
        cell = WriteOnlyCell(sheet, value=_safe(value))
        cell.font = bold
        cells.append(cell)
    sheet.append(cells)
    for certificate in certificates:
        line = []
        for value in row(certificate):
            cell = WriteOnlyCell(sheet, value=_safe(value))
            if isinstance(value, date):
                cell.number_format = "DD-MM-YYYY"
            line.append(cell)
        sheet.append(line)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def pdf_name(certificate: Certificate) -> str:
    """The file's name in the zip: the number (unique) and the name as printed."""
    return f"{certificate.serial}-{slugify(certificate.name) or 'certificaat'}.pdf"


class _Sink:
    """Where the zip writer writes; the chunks are handed on as they come. It has no `tell`,
    so zipfile writes a streamable archive (sizes after each file's data)."""

    def __init__(self) -> None:
        self._chunks: list[bytes] = []

    def write(self, data) -> int:
        self._chunks.append(bytes(data))
        return len(data)

    def flush(self) -> None:
        pass

    def take(self) -> bytes:
        data = b"".join(self._chunks)
        self._chunks.clear()
        return data


def pdfs_zip(certificates: Iterable[Certificate], *, note: str = "") -> Iterator[bytes]:
    """The certificates' PDFs as one zip, read from storage file by file and handed on in
    chunks; `note` (what is missing and why) goes in as a text file when given."""
    sink = _Sink()
    with zipfile.ZipFile(sink, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for certificate in certificates:
            if not certificate.pdf:
                continue
            try:
                source = certificate.pdf.storage.open(certificate.pdf.name, "rb")
            except OSError:
                logger.warning("certificate %s: its PDF is not in storage", certificate.pk)
                continue
            with source, archive.open(pdf_name(certificate), "w") as target:
                while chunk := source.read(CHUNK):
                    target.write(chunk)
                    yield sink.take()
            yield sink.take()
        if note:
            archive.writestr(_("ontbreekt.txt"), note)
    yield sink.take()
