"""Reports per organisation and period: asked for on the contact person's page, made by a
task with a progress indicator, an XLSX with typed cells and a PDF with charts, read back."""

from __future__ import annotations

import datetime as dt
import io

import pypdf
import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from lms.reports import data as report_data
from lms.reports import services, xlsx
from lms.reports.models import Report
from tests.lms.organisation_helpers import a_report, bulk_employees, organisation_with_employees

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def employer():
    return organisation_with_employees()


def _period(employer) -> dict:
    sessions = employer.edition.sessions.order_by("date")
    return {
        "start": (sessions.first().date - dt.timedelta(days=1)).isoformat(),
        "end": (sessions.last().date + dt.timedelta(days=1)).isoformat(),
    }


def _request(client, employer, django_capture_on_commit_callbacks) -> Report:
    client.force_login(employer.contact)
    url = reverse("lms:organisations:report_request", args=[employer.organisation.pk])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, _period(employer))
    report = Report.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("lms:reports:detail", args=[report.pk])
    report.refresh_from_db()
    return report


def test_a_contact_person_asks_for_a_report_and_downloads_both_files(
    client, employer, django_capture_on_commit_callbacks
):
    report = _request(client, employer, django_capture_on_commit_callbacks)
    assert report.status == Report.Status.DONE and report.percent == 100
    assert report.employees == 2
    status = client.get(reverse("lms:reports:status", args=[report.pk])).json()
    assert status == {"status": "done", "label": "klaar", "percent": 100, "finished": True}
    page = client.get(reverse("lms:reports:detail", args=[report.pk])).content.decode()
    assert "Download het Excel-bestand (XLSX)" in page
    for kind, start in (("xlsx", b"PK"), ("pdf", b"%PDF")):
        response = client.get(reverse("lms:reports:download", args=[report.pk, kind]))
        assert response.status_code == 200
        assert b"".join(response.streaming_content).startswith(start)


def test_the_workbook_has_numbers_dates_and_an_autofilter(
    client, employer, django_capture_on_commit_callbacks
):
    report = _request(client, employer, django_capture_on_commit_callbacks)
    workbook = load_workbook(io.BytesIO(report.xlsx.read()))
    people = workbook["Medewerkers"]
    header = [c.value for c in people[1]]
    rows = {
        r[0]: dict(zip(header, r, strict=True))
        for r in people.iter_rows(min_row=2, values_only=True)
    }
    busy, passed = rows["Bram Bezig"], rows["Henriëtte Nienhuis"]
    assert busy["Lessen klaar"] == 1 and isinstance(busy["Lessen klaar"], int)
    assert busy["Lessen in totaal"] == 6
    assert busy["Module 1: lessen klaar"] == 1
    assert isinstance(busy["Ingeschreven op"], dt.datetime)  # a date cell (openpyxl reads datetime)
    assert passed["Resultaat"] == "geslaagd"
    assert isinstance(passed["Geslaagd op"], dt.datetime)
    assert passed["Controlelink certificaat"].endswith(
        f"/verify/{employer.passed.certificates.get().verification_code}/"
    )
    assert passed["Aanwezig (lesdagen)"] == 1
    assert people.auto_filter.ref.startswith("A1:")
    days = workbook["Lesdagen"]
    assert days.auto_filter.ref
    marks = {(r[0], r[4]) for r in days.iter_rows(min_row=2, values_only=True)}
    assert ("Bram Bezig", "afwezig") in marks and ("Henriëtte Nienhuis", "aanwezig") in marks
    summary = {r[0]: r[1] for r in workbook["Samenvatting"].iter_rows(min_row=2, values_only=True)}
    assert summary["Inschrijvingen"] == 2 and summary["Geslaagd"] == 1
    assert summary["Slagingspercentage"] == 0.5


def test_the_pdf_reads_back_with_its_figures_and_charts_in_an_embedded_font(
    client, employer, django_capture_on_commit_callbacks
):
    report = _request(client, employer, django_capture_on_commit_callbacks)
    reader = pypdf.PdfReader(io.BytesIO(report.pdf.read()))
    text = "\n".join(page.extract_text() for page in reader.pages)
    for expected in (
        "Gemeente Zwolle",
        "Inschrijvingen: 2",
        "Geslaagd: 1 (50%)",
        "Voortgang per module (lessen klaar)",
        "Aanwezigheid op de lesdagen die geweest zijn",
        "Slagingspercentage",
        "Module 1",
        "Henriëtte Nienhuis",
        "Bram Bezig",
    ):
        assert expected in text, expected
    fonts = set()
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            descendant = font.get("/DescendantFonts")
            descriptor = (descendant[0].get_object() if descendant else font).get("/FontDescriptor")
            assert descriptor is not None and "/FontFile2" in descriptor.get_object(), font
            fonts.add(font["/BaseFont"])
    assert fonts and not any("Helvetica" in name for name in fonts)


def test_the_page_shows_progress_while_the_report_is_made_and_reloads_without_script(
    client, employer
):
    report = Report.objects.create(
        scope="organisation",
        key=str(employer.organisation.pk),
        title="Gemeente Zwolle",
        period_start=dt.date(2026, 1, 1),
        period_end=dt.date(2026, 1, 31),
        requested_by=employer.contact,
        status=Report.Status.RUNNING,
        done=40,
        total=100,
    )
    client.force_login(employer.contact)
    page = client.get(reverse("lms:reports:detail", args=[report.pk])).content.decode()
    assert 'value="40"' in page and "js/report_progress.js" in page
    assert f'href="{reverse("lms:reports:detail", args=[report.pk])}"' in page  # reload by hand
    assert client.get(reverse("lms:reports:status", args=[report.pk])).json()["percent"] == 40
    assert client.get(reverse("lms:reports:download", args=[report.pk, "pdf"])).status_code == 404


def test_making_a_report_reports_its_progress_and_a_second_run_changes_nothing(employer):
    bulk_employees(employer.edition, employer.organisation, 600)
    report = a_report(employer, total=services.TOTAL)
    seen = []
    original = services._Meter.set

    def spy(meter, done):
        seen.append(done)
        original(meter, done)

    services._Meter.set = spy
    try:
        assert services.report_build(report_id=report.pk) is True
    finally:
        services._Meter.set = original
    assert seen == sorted(seen) and len(set(seen)) > 10
    assert 0 < seen[0] < seen[-1] <= services.TOTAL
    report.refresh_from_db()
    assert report.employees == 602
    name = report.xlsx.name
    assert services.report_build(report_id=report.pk) is False
    report.refresh_from_db()
    assert report.xlsx.name == name


def test_a_report_covers_the_period_only(employer):
    # Same organisation, enrolled long after the period, in an edition that starts later.
    later = organisation_with_employees(
        first_day=employer.edition.sessions.last().date + dt.timedelta(days=200)
    )
    enrollments = employer.organisation.enrollments.all()
    first = employer.edition.sessions.order_by("date")
    period = report_data.Period(first.first().date, first.first().date)
    figures = report_data.report_data(enrollments, title="x", period=period)
    names = {row.name for row in figures.rows}
    assert names == {"Henriëtte Nienhuis", "Bram Bezig"}
    assert all(len(row.days) == 1 for row in figures.rows)  # only the day in the period
    assert later.passed.pk not in {row.enrollment_id for row in figures.rows}


def test_asking_twice_for_the_same_report_while_it_is_made_gives_the_same_report(employer):
    period = report_data.Period(dt.date(2026, 1, 1), dt.date(2026, 1, 31))
    first = services.report_request(
        scope="organisation", key=str(employer.organisation.pk), period=period, by=employer.contact
    )
    again = services.report_request(
        scope="organisation", key=str(employer.organisation.pk), period=period, by=employer.contact
    )
    assert again == first and Report.objects.count() == 1


def test_the_sweep_sends_a_lost_report_again_and_leaves_fresh_ones(
    employer, django_capture_on_commit_callbacks
):
    now = timezone.now()
    lost = a_report(employer, created_at=now - dt.timedelta(minutes=30))
    fresh = a_report(employer, created_at=now - dt.timedelta(minutes=1))
    with django_capture_on_commit_callbacks(execute=True):
        assert services.reports_sweep(now=now) == 1
    lost.refresh_from_db()
    fresh.refresh_from_db()
    assert lost.status == Report.Status.DONE
    assert fresh.status == Report.Status.QUEUED


def test_reports_older_than_30_days_are_removed_with_their_files(
    client, employer, django_capture_on_commit_callbacks
):
    report = _request(client, employer, django_capture_on_commit_callbacks)
    storage, names = report.xlsx.storage, [report.xlsx.name, report.pdf.name]
    assert all(storage.exists(name) for name in names)
    with django_capture_on_commit_callbacks(execute=True):
        services.reports_sweep(now=report.created_at + dt.timedelta(days=29))
    assert Report.objects.filter(pk=report.pk).exists()
    with django_capture_on_commit_callbacks(execute=True):
        services.reports_sweep(now=report.created_at + dt.timedelta(days=31))
    assert not Report.objects.filter(pk=report.pk).exists()
    assert not any(storage.exists(name) for name in names)


def test_a_name_that_looks_like_a_formula_stays_text_in_the_workbook(employer):
    learner = employer.busy.learner
    learner.first_name, learner.last_name = "=HYPERLINK(1)", ""
    learner.save()
    figures = report_data.report_data(employer.organisation.enrollments.all(), title="x")
    sheet = load_workbook(io.BytesIO(xlsx.report_xlsx(figures)))["Medewerkers"]
    cells = {row[0].value: row[0] for row in sheet.iter_rows(min_row=2)}
    assert cells["=HYPERLINK(1)"].data_type == "s"
