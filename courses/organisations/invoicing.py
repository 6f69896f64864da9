"""The invoicing overview: per organisation and period, each enrolment with its price, btw,
total, the PO reference from its sign-up, and where it stands in the bookkeeping; exported
for the bookkeeping system as CSV or XLSX. No payments are processed here.

Which enrolments: those of editions whose first classroom day falls in the period. A
withdrawn enrolment is invoiced all the same when it was withdrawn later than the course's
`withdrawal_invoiced_days` before that first day (the rule is the course's, and the page
states it); one withdrawn in time is listed at € 0.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

from django.db import transaction
from django.db.models import Min, Prefetch
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from ..models import Enrollment, EnrollmentInvoice, SignUp

VAT_RATE = Decimal("0.21")
CENT = Decimal("0.01")
ZERO = Decimal("0.00")


@dataclass(frozen=True)
class InvoiceLine:
    enrollment_id: int
    learner: str
    email: str
    organisation: str
    course: str
    edition: str
    first_day: date
    enrolment_status: str
    withdrawn_on: date | None
    invoiced: bool  # False: withdrawn in time, nothing to pay
    rule_days: int
    price: Decimal
    vat: Decimal
    total: Decimal
    po_reference: str
    status: str
    status_label: str
    number: str
    invoiced_on: date | None
    credited_on: date | None

    @property
    def cut_off(self) -> date:
        return self.first_day - timedelta(days=self.rule_days)


@dataclass(frozen=True)
class Totals:
    price: Decimal
    vat: Decimal
    total: Decimal


def vat_of(price: Decimal) -> Decimal:
    return (price * VAT_RATE).quantize(CENT, rounding=ROUND_HALF_UP)


def withdrawal_invoiced(*, withdrawn_on: date | None, first_day: date, days: int) -> bool:
    """The course's rule: a withdrawal on or before `days` days before the first classroom
    day costs nothing; a later one is invoiced. A withdrawal without a date counts as in time."""
    if withdrawn_on is None:
        return False
    return withdrawn_on > first_day - timedelta(days=days)


def invoice_lines(*, organisation_id: int | None, start: date, end: date) -> list[InvoiceLine]:
    """The lines of the overview, in a fixed number of queries (three), however many."""
    enrollments = (
        Enrollment.objects.annotate(first_day=Min("edition__sessions__date"))
        .filter(first_day__gte=start, first_day__lte=end)
        .select_related("learner", "organisation", "edition__course", "invoice")
        .prefetch_related(
            Prefetch(
                "signups",
                queryset=SignUp.objects.select_related("submission").order_by("-pk"),
                to_attr="signups_loaded",
            )
        )
        .order_by("first_day", "edition__name", "learner__last_name", "learner__first_name", "pk")
    )
    if organisation_id is not None:
        enrollments = enrollments.filter(organisation_id=organisation_id)
    return [_line(enrollment) for enrollment in enrollments]


def _line(enrollment: Enrollment) -> InvoiceLine:
    course = enrollment.edition.course
    withdrawn = enrollment.status == Enrollment.Status.WITHDRAWN
    withdrawn_on = timezone.localdate(enrollment.withdrawn_at) if enrollment.withdrawn_at else None
    invoiced = not withdrawn or withdrawal_invoiced(
        withdrawn_on=withdrawn_on,
        first_day=enrollment.first_day,
        days=course.withdrawal_invoiced_days,
    )
    price = course.price_excl_vat if invoiced else ZERO
    vat = vat_of(price)
    record = getattr(enrollment, "invoice", None)
    status = record.status if record else EnrollmentInvoice.Status.TO_INVOICE
    reference = next(
        (s.submission.invoice_reference for s in enrollment.signups_loaded if s.submission_id),
        "",
    )
    learner = enrollment.learner
    return InvoiceLine(
        enrollment_id=enrollment.pk,
        learner=learner.get_full_name() or learner.get_username(),
        email=learner.email,
        organisation=enrollment.organisation.name if enrollment.organisation else "",
        course=course.title,
        edition=enrollment.edition.name,
        first_day=enrollment.first_day,
        enrolment_status=str(enrollment.get_status_display()),
        withdrawn_on=withdrawn_on if withdrawn else None,
        invoiced=invoiced,
        rule_days=course.withdrawal_invoiced_days,
        price=price,
        vat=vat,
        total=price + vat,
        po_reference=reference,
        status=status,
        status_label=str(EnrollmentInvoice.Status(status).label),
        number=record.number if record else "",
        invoiced_on=record.invoiced_on if record else None,
        credited_on=record.credited_on if record else None,
    )


def totals(lines: list[InvoiceLine]) -> Totals:
    return Totals(
        price=sum((line.price for line in lines), ZERO),
        vat=sum((line.vat for line in lines), ZERO),
        total=sum((line.total for line in lines), ZERO),
    )


def rules(lines: list[InvoiceLine]) -> list[tuple[str, int]]:
    """Each course in the lines with its withdrawal rule, to state on the page."""
    return sorted({(line.course, line.rule_days) for line in lines})


# --- writing ----------------------------------------------------------------------------------


def invoices_set(
    *,
    enrollment_ids: list[int],
    status: str,
    number: str = "",
    invoiced_on: date | None = None,
    credited_on: date | None = None,
    by,
) -> int:
    """Set the invoice status of these enrolments at once (the form checked that an invoiced
    status has a number and a date). Credited keeps the invoice's number and date."""
    now = timezone.now()
    changed = 0
    with transaction.atomic():
        existing = {
            record.enrollment_id: record
            for record in EnrollmentInvoice.objects.select_for_update().filter(
                enrollment_id__in=enrollment_ids
            )
        }
        for enrollment_id in Enrollment.objects.filter(pk__in=enrollment_ids).values_list(
            "pk", flat=True
        ):
            record = existing.get(enrollment_id) or EnrollmentInvoice(enrollment_id=enrollment_id)
            record.status = status
            if status == EnrollmentInvoice.Status.TO_INVOICE:
                record.number, record.invoiced_on, record.credited_on = "", None, None
            elif status == EnrollmentInvoice.Status.INVOICED:
                record.number, record.invoiced_on, record.credited_on = number, invoiced_on, None
            else:
                record.number = number or record.number
                record.invoiced_on = invoiced_on or record.invoiced_on
                record.credited_on = credited_on
            record.updated_at, record.updated_by = now, by
            record.full_clean(exclude=["enrollment", "updated_by"], validate_unique=False)
            record.save()
            changed += 1
    return changed


# --- exports ----------------------------------------------------------------------------------


def header() -> list[str]:
    return [
        _("Cursist"),
        _("E-mail"),
        _("Organisatie"),
        _("Cursus"),
        _("Editie"),
        _("Eerste lesdag"),
        _("Inschrijving"),
        _("Uitgeschreven op"),
        _("Prijs excl. btw"),
        _("Btw 21%"),
        _("Totaal"),
        _("Referentie / inkoopnummer"),
        _("Factuurstatus"),
        _("Factuurnummer"),
        _("Factuurdatum"),
        _("Gecrediteerd op"),
    ]


def row(line: InvoiceLine) -> list:
    return [
        line.learner,
        line.email,
        line.organisation,
        line.course,
        line.edition,
        line.first_day,
        line.enrolment_status,
        line.withdrawn_on,
        line.price,
        line.vat,
        line.total,
        line.po_reference,
        line.status_label,
        line.number,
        line.invoiced_on,
        line.credited_on,
    ]


def _safe(value: str) -> str:
    """Text a spreadsheet will not run as a formula (CSV injection)."""
    if value and value[0] in "=+-@\t\r":
        return "'" + value
    return value


def _csv_value(value) -> str:
    if value is None:
        return ""
    if isinstance(value, Decimal):
        # As the language writes it (a decimal comma in Dutch), as a spreadsheet set to that
        # language reads a `;`-separated file; never a thousands separator.
        return formats.number_format(value, 2, use_l10n=True, force_grouping=False)
    if isinstance(value, date):
        return value.isoformat()
    return _safe(str(value))


def invoices_csv(lines: list[InvoiceLine]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";")
    writer.writerow([_csv_value(v) for v in header()])
    for line in lines:
        writer.writerow([_csv_value(v) for v in row(line)])
    return "\ufeff" + out.getvalue()


def invoices_xlsx(lines: list[InvoiceLine]) -> bytes:
    """A workbook: money as numbers with two decimals, dates as dates, an autofilter."""
    # openpyxl is imported here, not at the top: it costs every process some 100 ms to load,
    # and only this export needs it.
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    titles = header()
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _("Facturatie")[:31]
    sheet.append(titles)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    # Each row's cells are found by number: `sheet[sheet.max_row]` measures the whole sheet
    # each time, which makes a long export slow.
    for number, line in enumerate(lines, start=2):
        values = row(line)
        sheet.append(values)
        for column, value in enumerate(values, start=1):
            if isinstance(value, str) and value.startswith("="):
                sheet.cell(number, column).data_type = "s"  # a text, not a formula
            elif isinstance(value, date):
                sheet.cell(number, column).number_format = "DD-MM-YYYY"
            elif isinstance(value, Decimal):
                sheet.cell(number, column).number_format = "#,##0.00"
    for index, title in enumerate(titles, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = max(len(title) + 2, 14)
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(titles))}{max(len(lines) + 1, 2)}"
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
