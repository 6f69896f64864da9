"""A client organisation's contact persons: added by an administrator (with an invitation
when they have no password), their page with only their own employees, and who else gets a
404 on every URL."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from core.outbox.models import Notification
from courses import privacy
from courses.models import OrganisationContact
from courses.organisations import services
from lms.reports import data as report_data
from lms.reports.models import Report
from tests import factories as f
from tests.lms.organisation_helpers import a_report, bulk_employees, organisation_with_employees

pytestmark = pytest.mark.django_db


@pytest.fixture
def employer():
    return organisation_with_employees()


def test_an_administrator_adds_a_contact_person_who_gets_an_invitation(client):
    admin = f.AdminFactory()
    organisation = f.OrganisationFactory(name="Gemeente Deventer")
    client.force_login(admin)
    response = client.post(
        reverse("courses:organisation_detail", args=[organisation.pk]),
        {
            "add": "1",
            "first_name": "Petra",
            "last_name": "de Personeelszaken",
            "email": "Petra@Deventer.example",
            "wants_monthly_report": "on",
        },
    )
    assert response.status_code == 302
    contact = OrganisationContact.objects.get(organisation=organisation)
    assert contact.user.email == "Petra@Deventer.example"
    assert contact.user.get_full_name() == "Petra de Personeelszaken"
    assert not contact.user.has_usable_password()
    assert contact.wants_monthly_report is True
    invitation = Notification.objects.get(user=contact.user, kind="invitation")
    assert "course" not in invitation.data  # no course: "an account is waiting for you"
    page = client.get(reverse("courses:organisation_detail", args=[organisation.pk]))
    assert "Petra de Personeelszaken" in page.content.decode()
    assert "Heeft de uitnodiging nog niet geaccepteerd." in page.content.decode()


def test_a_person_with_a_password_is_linked_without_an_invitation_and_once():
    organisation = f.OrganisationFactory()
    person = f.UserFactory(email="hr@zwolle.example")
    person.set_password("geheim-en-lang")
    person.save()
    for wanted in (True, False):
        services.organisation_contact_add(
            organisation=organisation,
            email="HR@zwolle.example",
            first_name="H",
            last_name="R",
            wants_monthly_report=wanted,
            by=None,
        )
    contact = OrganisationContact.objects.get()
    assert contact.user == person
    assert contact.wants_monthly_report is False
    assert not Notification.objects.filter(kind="invitation").exists()


def test_an_administrator_removes_a_contact_person_but_not_their_account(client, employer):
    client.force_login(f.AdminFactory())
    contact = OrganisationContact.objects.get(user=employer.contact)
    response = client.post(
        reverse("courses:organisation_detail", args=[employer.organisation.pk]),
        {"remove": "1", "contact": contact.pk},
    )
    assert response.status_code == 302
    assert not OrganisationContact.objects.exists()
    employer.contact.refresh_from_db()


def test_the_contact_person_starts_on_their_organisation_and_sees_each_employee(client, employer):
    client.force_login(employer.contact)
    home = client.get(reverse("lms:home"), follow=True)
    page = home.content.decode()
    assert home.redirect_chain[-1][0] == reverse(
        "lms:organisations:employees", args=[employer.organisation.pk]
    )
    assert "Henriëtte Nienhuis" in page and "Bram Bezig" in page
    # Progress per module, attendance per classroom day, result, certificate link.
    assert "1 van 2 lessen klaar" in page
    assert "aanwezig" in page and "afwezig" in page
    assert "Geslaagd" in page and "1 van 3 eisen gehaald" in page
    certificate = employer.passed.certificates.get()
    assert certificate.serial in page
    assert f"/verify/{certificate.verification_code}/" in page


def test_the_contact_person_sees_no_employee_of_another_organisation(client, employer):
    stranger = f.EnrollmentFactory(
        edition=employer.edition, learner=f.UserFactory(first_name="Olga", last_name="Overig")
    )
    assert stranger.organisation != employer.organisation
    client.force_login(employer.contact)
    page = client.get(reverse("lms:organisations:employees", args=[employer.organisation.pk]))
    assert "Olga Overig" not in page.content.decode()


def _contact_urls(employer, report) -> list[tuple[str, str]]:
    pk = employer.organisation.pk
    return [
        ("get", reverse("lms:organisations:home")),
        ("get", reverse("lms:organisations:employees", args=[pk])),
        ("post", reverse("lms:organisations:report_request", args=[pk])),
        ("post", reverse("lms:organisations:monthly_setting", args=[pk])),
        ("get", reverse("lms:reports:detail", args=[report.pk])),
        ("get", reverse("lms:reports:status", args=[report.pk])),
        ("get", reverse("lms:reports:download", args=[report.pk, "xlsx"])),
        ("get", reverse("lms:reports:download", args=[report.pk, "pdf"])),
    ]


@pytest.mark.parametrize("who", ["learner", "trainer", "administrator", "other_contact"])
def test_everyone_but_the_organisations_contact_persons_gets_404_on_every_page(
    client, employer, who
):
    report = a_report(employer, status=Report.Status.DONE)
    if who == "learner":
        user = employer.busy.learner
    elif who == "trainer":
        user = f.UserFactory()
        employer.edition.trainers.add(user)
    elif who == "administrator":
        user = f.AdminFactory()
    else:
        user = f.UserFactory()
        OrganisationContact.objects.create(organisation=f.OrganisationFactory(), user=user)
    client.force_login(user)
    for method, url in _contact_urls(employer, report):
        if who == "other_contact" and url == reverse("lms:organisations:home"):
            continue  # their own organisation's home
        response = getattr(client, method)(url)
        assert response.status_code == 404, (who, url)
    assert Report.objects.count() == 1


def test_anonymous_visitors_are_sent_to_log_in(client, employer):
    report = a_report(employer)
    for method, url in _contact_urls(employer, report):
        response = getattr(client, method)(url)
        assert response.status_code == 302 and "/login/" in response["Location"], url


@pytest.mark.parametrize(
    "name,args",
    [
        ("courses:organisation_list", []),
        ("courses:organisation_detail", ["org"]),
        ("courses:invoicing", []),
        ("courses:invoicing_csv", []),
        ("courses:invoicing_xlsx", []),
    ],
)
def test_the_administrators_organisation_pages_are_404_for_anyone_else(
    client, employer, name, args
):
    url = reverse(name, args=[employer.organisation.pk if a == "org" else a for a in args])
    for user in (employer.contact, employer.busy.learner, f.UserFactory()):
        client.force_login(user)
        assert client.get(url).status_code == 404, (user, url)
        assert client.post(url).status_code in (404, 405), (user, url)
    client.force_login(f.AdminFactory())
    assert client.get(url).status_code == 200


def test_a_contact_person_switches_the_monthly_email_off_and_on(client, employer):
    client.force_login(employer.contact)
    url = reverse("lms:organisations:monthly_setting", args=[employer.organisation.pk])
    response = client.post(url, {})
    assert response.status_code == 302 and response["Location"].endswith("#maandoverzicht")
    assert OrganisationContact.objects.get(user=employer.contact).wants_monthly_report is False
    client.post(url, {"wants_monthly_report": "on"})
    assert OrganisationContact.objects.get(user=employer.contact).wants_monthly_report is True


def _queries(callable_) -> int:
    with CaptureQueriesContext(connection) as captured:
        callable_()
    return len(captured.captured_queries)


def test_the_contact_page_takes_as_many_queries_for_500_employees_as_for_5(client):
    small = organisation_with_employees()
    large = organisation_with_employees(name="Gemeente Groot")
    bulk_employees(small.edition, small.organisation, 3)
    bulk_employees(large.edition, large.organisation, 498)

    def page(employer):
        client.force_login(employer.contact)
        url = reverse("lms:organisations:employees", args=[employer.organisation.pk])
        client.get(url)  # warm the session and the caches
        with CaptureQueriesContext(connection) as captured:
            response = client.get(url)
        assert response.status_code == 200
        return len(captured.captured_queries), response

    few, _ = page(small)
    many, response = page(large)
    assert response.context["page"].paginator.count == 500
    assert few == many


def test_the_report_data_takes_as_many_queries_for_500_employees_as_for_5():
    small = organisation_with_employees()
    large = organisation_with_employees(name="Gemeente Groot")
    bulk_employees(small.edition, small.organisation, 3)
    bulk_employees(large.edition, large.organisation, 498)
    period = report_data.Period(
        small.edition.sessions.first().date, small.edition.sessions.last().date
    )
    counts, sizes = [], []
    for employer in (small, large):
        enrollments = employer.organisation.enrollments.all()
        with CaptureQueriesContext(connection) as captured:
            figures = report_data.report_data(enrollments, title="x", period=period)
        counts.append(len(captured.captured_queries))
        sizes.append(len(figures.rows))
    assert sizes == [5, 500]
    assert counts[0] == counts[1]


def test_a_contact_persons_role_is_in_their_data_download_and_goes_with_erasure(employer):
    exported = privacy.personal_data(employer.contact)["contactpersoon"]
    assert exported == [
        {
            "organisation": "Gemeente Zwolle",
            "monthly_report": True,
            "since": OrganisationContact.objects.get().created_at,
        }
    ]
    assert privacy.erase(employer.contact)["organisation_contacts"] == 1
    assert not OrganisationContact.objects.exists()


def test_the_admin_shows_an_organisations_contact_persons_and_adds_them_only_in_the_app(
    admin_client, employer
):
    page = admin_client.get(
        reverse("admin:courses_organisation_change", args=[employer.organisation.pk])
    )
    assert page.status_code == 200
    text = page.content.decode()
    assert "Contactpersonen" in text or "contactpersonen" in text
    assert str(employer.contact) in text
    inline = page.context["inline_admin_formsets"][0]
    assert inline.formset.extra == 0 and not inline.has_add_permission


def test_the_contact_person_finds_an_employee_by_name_or_address(client, employer):
    client.force_login(employer.contact)
    url = reverse("lms:organisations:employees", args=[employer.organisation.pk])
    page = client.get(url, {"q": "bezig"}).content.decode()
    assert "Bram Bezig" in page and "Henriëtte Nienhuis" not in page
    assert "1 inschrijving" in page
    page = client.get(url, {"q": employer.passed.learner.email}).content.decode()
    assert "Henriëtte Nienhuis" in page and "Bram Bezig" not in page
    page = client.get(url, {"q": "niemand"}).content.decode()
    assert "Geen medewerker gevonden voor ‘niemand’." in page
