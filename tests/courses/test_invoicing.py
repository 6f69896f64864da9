"""The administrator's invoicing overview: per organisation and period, each enrolment's
price excl. btw, btw 21 %, total, PO reference and invoice status (set in bulk), the
course's rule for late withdrawals, and the CSV/XLSX exports for the bookkeeping."""

from __future__ import annotations

import csv
import datetime as dt
import io
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from courses.models import Enrollment, EnrollmentInvoice, SignUp, SignUpSubmission
from courses.organisations import invoicing
from tests import factories as f
from tests.lms.organisation_helpers import bulk_employees

pytestmark = pytest.mark.django_db

FIRST_DAY = dt.date(2026, 10, 5)


@pytest.fixture
def zwolle():
    course = f.build_course(lessons_per_module=1, modules=3)
    course.price_excl_vat = Decimal("1075.00")
    course.withdrawal_invoiced_days = 14
    course.save()
    edition = f.build_edition(course, first_day=FIRST_DAY, name="Noord najaar")
    organisation = f.OrganisationFactory(name="Gemeente Zwolle")
    anna = f.EnrollmentFactory(
        edition=edition,
        organisation=organisation,
        learner=f.UserFactory(first_name="Anna", last_name="Aalders"),
    )
    submission = SignUpSubmission.objects.create(
        course=course,
        name="HR Zwolle",
        email="hr@zwolle.example",
        invoice_name="Gemeente Zwolle",
        invoice_address="Postbus 1, Zwolle",
        invoice_reference='=HYPERLINK("x")',
    )
    SignUp.objects.create(
        submission=submission,
        edition=edition,
        first_name="Anna",
        last_name="Aalders",
        email=anna.learner.email,
        state=SignUp.State.ACCEPTED,
        enrollment=anna,
    )
    return course, edition, organisation, anna


def _withdraw(enrollment, on: dt.date) -> None:
    enrollment.status = Enrollment.Status.WITHDRAWN
    enrollment.save()
    Enrollment.objects.filter(pk=enrollment.pk).update(
        withdrawn_at=timezone.make_aware(dt.datetime.combine(on, dt.time(12)))
    )


def test_a_line_has_price_btw_total_and_the_po_reference_from_the_signup(zwolle):
    _course, _edition, organisation, anna = zwolle
    lines = invoicing.invoice_lines(
        organisation_id=organisation.pk, start=dt.date(2026, 10, 1), end=dt.date(2026, 12, 31)
    )
    (line,) = lines
    assert (line.price, line.vat, line.total) == (
        Decimal("1075.00"),
        Decimal("225.75"),
        Decimal("1300.75"),
    )
    assert line.po_reference == '=HYPERLINK("x")'
    assert line.status == EnrollmentInvoice.Status.TO_INVOICE
    assert invoicing.totals(lines).total == Decimal("1300.75")


def test_editions_starting_outside_the_period_and_other_organisations_are_left_out(zwolle):
    course, edition, organisation, _anna = zwolle
    f.EnrollmentFactory(edition=edition)  # another organisation
    later = f.build_edition(course, first_day=dt.date(2027, 2, 1), name="Noord voorjaar")
    f.EnrollmentFactory(edition=later, organisation=organisation)
    lines = invoicing.invoice_lines(
        organisation_id=organisation.pk, start=dt.date(2026, 10, 1), end=dt.date(2026, 12, 31)
    )
    assert [line.edition for line in lines] == ["Noord najaar"]
    everyone = invoicing.invoice_lines(
        organisation_id=None, start=dt.date(2026, 10, 1), end=dt.date(2026, 12, 31)
    )
    assert len(everyone) == 2


def test_a_withdrawal_after_the_courses_cut_off_is_invoiced_and_one_before_is_not(zwolle):
    _course, edition, organisation, anna = zwolle
    late = f.EnrollmentFactory(edition=edition, organisation=organisation)
    _withdraw(anna, FIRST_DAY - dt.timedelta(days=14))  # on the cut-off day: in time
    _withdraw(late, FIRST_DAY - dt.timedelta(days=13))  # a day later: invoiced
    lines = {
        line.enrollment_id: line
        for line in invoicing.invoice_lines(
            organisation_id=organisation.pk, start=FIRST_DAY, end=FIRST_DAY
        )
    }
    assert lines[anna.pk].invoiced is False and lines[anna.pk].total == Decimal("0.00")
    assert lines[late.pk].invoiced is True and lines[late.pk].total == Decimal("1300.75")


def test_withdrawing_records_the_moment_and_undoing_it_clears_it(zwolle):
    anna = zwolle[3]
    anna.status = Enrollment.Status.WITHDRAWN
    anna.save()
    anna.refresh_from_db()
    assert anna.withdrawn_at is not None
    anna.status = Enrollment.Status.ACTIVE
    anna.save()
    anna.refresh_from_db()
    assert anna.withdrawn_at is None


def test_the_page_states_the_rule_and_an_administrator_sets_the_status_in_bulk(client, zwolle):
    _course, edition, organisation, anna = zwolle
    ben = f.EnrollmentFactory(edition=edition, organisation=organisation)
    client.force_login(f.AdminFactory())
    url = (
        reverse("courses:invoicing")
        + f"?organisation={organisation.pk}&start=2026-10-01&end=2026-12-31"
    )
    page = client.get(url).content.decode()
    assert "later dan 14 dagen voor de eerste lesdag uitschrijft" in page
    assert "1.300,75" in page and "2.601,50" in page
    response = client.post(
        url,
        {
            "enrollment": [anna.pk, ben.pk],
            "status": "invoiced",
            "number": "F2026-0042",
            "invoiced_on": "2026-10-06",
        },
    )
    assert response.status_code == 302
    records = EnrollmentInvoice.objects.order_by("enrollment_id")
    assert [(r.status, r.number, r.invoiced_on) for r in records] == [
        ("invoiced", "F2026-0042", dt.date(2026, 10, 6))
    ] * 2
    client.post(url, {"enrollment": [ben.pk], "status": "credited", "credited_on": "2026-11-01"})
    ben_record = EnrollmentInvoice.objects.get(enrollment=ben)
    assert (ben_record.status, ben_record.number, ben_record.credited_on) == (
        "credited",
        "F2026-0042",
        dt.date(2026, 11, 1),
    )


def test_invoiced_needs_a_number_and_a_date_and_crediting_needs_an_invoice(client, zwolle):
    anna = zwolle[3]
    client.force_login(f.AdminFactory())
    url = reverse("courses:invoicing") + "?start=2026-10-01&end=2026-12-31"
    response = client.post(url, {"enrollment": [anna.pk], "status": "invoiced"})
    assert response.status_code == 400
    assert "Vul het factuurnummer in." in response.content.decode()
    response = client.post(
        url, {"enrollment": [anna.pk], "status": "credited", "credited_on": "2026-11-01"}
    )
    assert response.status_code == 400
    assert not EnrollmentInvoice.objects.exists()


def test_a_line_outside_the_shown_period_cannot_be_set(client, zwolle):
    anna = zwolle[3]
    client.force_login(f.AdminFactory())
    url = reverse("courses:invoicing") + "?start=2027-01-01&end=2027-03-31"
    response = client.post(url, {"enrollment": [anna.pk], "status": "to_invoice"})
    assert response.status_code == 400
    assert not EnrollmentInvoice.objects.exists()


def test_the_csv_has_decimal_money_and_guards_formulas(client, zwolle):
    client.force_login(f.AdminFactory())
    response = client.get(reverse("courses:invoicing_csv") + "?start=2026-10-01&end=2026-12-31")
    assert response.status_code == 200
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff")), delimiter=";"))
    line = dict(zip(rows[0], rows[1], strict=True))
    assert (line["Prijs excl. btw"], line["Btw 21%"], line["Totaal"]) == (
        "1075,00",
        "225,75",
        "1300,75",
    )
    assert line["Referentie / inkoopnummer"] == '\'=HYPERLINK("x")'
    assert line["Eerste lesdag"] == "2026-10-05"


def test_the_xlsx_has_money_as_numbers_dates_as_dates_and_an_autofilter(client, zwolle):
    client.force_login(f.AdminFactory())
    response = client.get(reverse("courses:invoicing_xlsx") + "?start=2026-10-01&end=2026-12-31")
    sheet = load_workbook(io.BytesIO(response.content)).active
    header = [c.value for c in sheet[1]]
    cells = dict(zip(header, sheet[2], strict=True))
    assert cells["Prijs excl. btw"].value == 1075 and cells["Prijs excl. btw"].data_type == "n"
    assert cells["Btw 21%"].value == pytest.approx(225.75)
    assert cells["Totaal"].number_format == "#,##0.00"
    assert isinstance(cells["Eerste lesdag"].value, dt.datetime)
    assert cells["Referentie / inkoopnummer"].data_type == "s"
    assert sheet.auto_filter.ref == "A1:P2"


def test_the_overview_takes_as_many_queries_for_500_enrolments_as_for_5(client, zwolle):
    _course, edition, organisation, _anna = zwolle
    other = f.build_edition(zwolle[0], first_day=FIRST_DAY, name="Zuid najaar")
    big = f.OrganisationFactory(name="Gemeente Groot")
    bulk_employees(edition, organisation, 4)
    bulk_employees(other, big, 500)
    client.force_login(f.AdminFactory())
    counts = []
    for org in (organisation, big):
        url = (
            reverse("courses:invoicing") + f"?organisation={org.pk}&start=2026-10-01&end=2026-12-31"
        )
        client.get(url)
        with CaptureQueriesContext(connection) as captured:
            response = client.get(url)
        counts.append(len(captured.captured_queries))
    assert len(response.context["lines"]) == 500
    assert counts[0] == counts[1]
