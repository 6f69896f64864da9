"""The administrators' certificate register: who may open it, search, filters, pages, exports,
a certificate's page with its history and actions, the edition's PDFs as one zip, and the
Django admin that only reads."""

import csv
import datetime as dt
import io
import zipfile
from unittest import mock

import pytest
from django.core import mail
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from certificates import exports, register_views, services
from certificates import privacy as certificate_privacy
from certificates.models import Certificate, CertificateEvent
from core.outbox import services as outbox
from core.outbox.models import Notification
from lms.models import Profile
from tests import factories as f
from tests.a11y import problems

from .factories import issued_certificate, pending_certificate

pytestmark = pytest.mark.django_db
Status = Certificate.Status


@pytest.fixture
def admin_client(client):
    client.force_login(f.AdminFactory())
    return client


def rendered(certificate: Certificate) -> Certificate:
    services.certificate_render(certificate_id=certificate.pk)
    certificate.refresh_from_db()
    return certificate


def register(client, **params):
    return client.get(reverse("certificates:register"), params)


def listed(response) -> list[str]:
    return [c.serial or f"#{c.pk}" for c in response.context["page"].object_list]


def send_outbox() -> int:
    sent, _more = outbox.outbox_send()
    return sent


def register_urls(certificate: Certificate) -> list[str]:
    return [
        reverse("certificates:register"),
        reverse("certificates:register_csv"),
        reverse("certificates:register_xlsx"),
        reverse("certificates:manage", args=[certificate.pk]),
        reverse("certificates:edition_pdfs", args=[certificate.enrollment.edition_id]),
    ]


# --- who may open it ---------------------------------------------------------------------


def test_every_register_url_is_404_for_a_learner_a_trainer_and_anonymous(client):
    certificate = rendered(issued_certificate())
    trainer = f.UserFactory()
    certificate.enrollment.edition.trainers.add(trainer)
    owner = certificate.enrollment.learner
    for user in (None, owner, f.UserFactory(), trainer):
        client.logout()
        if user is not None:
            client.force_login(user)
        for url in register_urls(certificate):
            assert client.get(url).status_code == 404, (user, url)
        manage = reverse("certificates:manage", args=[certificate.pk])
        for action in ({"action": "revoke", "revoke-reason": "x"}, {"action": "email"}):
            assert client.post(manage, action).status_code == 404
    certificate.refresh_from_db()
    assert certificate.status == Status.ISSUED
    assert not Notification.objects.filter(kind="certificate_revoked").exists()


def test_every_register_url_answers_an_administrator(admin_client):
    certificate = rendered(issued_certificate())
    for url in register_urls(certificate):
        response = admin_client.get(url)
        assert response.status_code == 200, url
        if response["Content-Type"].startswith("text/html"):
            assert problems(response.content.decode()) == [], url


def test_the_menu_and_the_approvals_page_lead_to_the_register(client):
    register_url = f'href="{reverse("certificates:register")}"'
    learner = issued_certificate().enrollment.learner
    client.force_login(learner)
    assert register_url not in client.get(reverse("lms:learner_dashboard")).content.decode()
    client.force_login(f.AdminFactory())
    approvals = client.get(reverse("certificates:approvals")).content.decode()
    assert approvals.count(register_url) == 2  # the menu and the page
    page = register(client).content.decode()
    assert f'href="{reverse("certificates:approvals")}"' in page
    assert f'{register_url} aria-current="page"' in page


# --- search, filters, pages ----------------------------------------------------------------


def test_search_finds_by_printed_name_number_and_email(admin_client):
    henriette = issued_certificate(first_name="Henriëtte", last_name="Nienhuis")
    sahin = issued_certificate(first_name="Şahin", last_name="Yılmaz")
    other = issued_certificate(first_name="Bram", last_name="Bakker")
    assert listed(register(admin_client, q="henriëtte")) == [henriette.serial]
    assert listed(register(admin_client, q=f"  {sahin.serial} ")) == [sahin.serial]
    email = other.enrollment.learner.email
    assert listed(register(admin_client, q=email.upper())) == [other.serial]
    assert listed(register(admin_client, q="niemand")) == []
    assert "Geen certificaten gevonden" in register(admin_client, q="niemand").content.decode()


def test_each_filter_narrows_the_list(admin_client):
    first = issued_certificate()
    edition = first.enrollment.edition
    same_edition = issued_certificate(edition)
    other_course = issued_certificate()
    revoked = issued_certificate(edition)
    services.certificate_revoke(certificate=revoked, by=None, reason="Fraude")
    replaced = issued_certificate(edition)
    replacement = services.certificate_correct_name(
        certificate=replaced, name="Nieuwe Naam", by=None
    )
    pending = pending_certificate(edition)
    course = edition.course

    assert set(listed(register(admin_client, course=course.pk))) == {
        first.serial,
        same_edition.serial,
        revoked.serial,
        replaced.serial,
        replacement.serial,
        f"#{pending.pk}",
    }
    assert listed(register(admin_client, edition=other_course.enrollment.edition_id)) == [
        other_course.serial
    ]
    organisation = same_edition.enrollment.organisation
    assert listed(register(admin_client, organisation=organisation.pk)) == [same_edition.serial]
    assert listed(register(admin_client, status="revoked")) == [revoked.serial]
    assert listed(register(admin_client, status="replaced")) == [replaced.serial]
    assert listed(register(admin_client, status="pending")) == [f"#{pending.pk}"]
    assert set(listed(register(admin_client, status="issued"))) == {
        first.serial,
        same_edition.serial,
        other_course.serial,
        replacement.serial,
    }

    today = timezone.localdate()
    long_ago = timezone.now() - dt.timedelta(days=400)
    Certificate.objects.filter(pk=first.pk).update(issued_at=long_ago)
    day = timezone.localdate(long_ago)
    assert listed(register(admin_client, issued_from=day, issued_to=day)) == [first.serial]
    since_yesterday = register(admin_client, issued_from=today - dt.timedelta(days=1))
    assert first.serial not in listed(since_yesterday)
    assert same_edition.serial in listed(since_yesterday)
    until = register(admin_client, issued_to=today - dt.timedelta(days=2))
    assert listed(until) == [first.serial]


def test_a_filter_that_does_not_parse_is_shown_and_the_others_still_apply(admin_client):
    certificate = issued_certificate()
    issued_certificate()
    response = register(admin_client, q=certificate.name, issued_from="gisteren", status="x")
    assert response.status_code == 200
    assert listed(response) == [certificate.serial]
    assert response.context["form"].errors.keys() == {"issued_from", "status"}
    assert 'class="errorlist' in response.content.decode()
    reversed_range = register(admin_client, issued_from="2026-03-10", issued_to="2026-03-01")
    assert "voor de begindatum" in reversed_range.content.decode()


def test_the_register_is_paginated_and_its_links_keep_the_filters(admin_client, monkeypatch):
    monkeypatch.setattr(register_views, "PER_PAGE", 2)
    first = issued_certificate()
    edition = first.enrollment.edition
    for _ in range(4):
        issued_certificate(edition)
    issued_certificate()  # another edition: filtered out
    page_one = register(admin_client, edition=edition.pk)
    html = page_one.content.decode()
    assert len(listed(page_one)) == 2 and "Pagina 1 van 3" in html
    assert f"?edition={edition.pk}&amp;page=2" in html
    seen = listed(page_one)
    for number in (2, 3):
        seen += listed(register(admin_client, edition=edition.pk, page=number))
    assert len(set(seen)) == 5
    assert listed(register(admin_client, edition=edition.pk, page=99)) == seen[-1:]  # last page
    csv_link = reverse("certificates:register_csv") + f"?edition={edition.pk}"
    assert csv_link in html


def _count_queries(client, url, params=None) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, params or {})
        if hasattr(response, "streaming_content"):
            b"".join(response.streaming_content)
        assert response.status_code == 200
    return len(queries)


def test_the_register_and_its_exports_ask_as_many_queries_for_30_certificates_as_for_3(
    admin_client, django_assert_max_num_queries
):
    first = issued_certificate()
    edition = first.enrollment.edition
    for _ in range(2):
        issued_certificate(edition)
    urls = [
        reverse("certificates:register"),
        reverse("certificates:register_csv"),
        reverse("certificates:register_xlsx"),
    ]
    filters = {"q": "a", "course": edition.course_id, "status": "issued"}
    register(admin_client)  # warm: the first request of a session reads a little more
    few = [_count_queries(admin_client, url, params) for url in urls for params in ({}, filters)]
    for index in range(27):
        issued_certificate(edition if index % 2 else None)
    many = [_count_queries(admin_client, url, params) for url in urls for params in ({}, filters)]
    assert many == few
    with django_assert_max_num_queries(14):
        register(admin_client, **filters)


def test_a_certificates_page_asks_as_many_queries_with_many_events(admin_client):
    certificate = rendered(issued_certificate())
    url = reverse("certificates:manage", args=[certificate.pk])
    admin_client.get(url)  # warm
    few = _count_queries(admin_client, url)
    for _ in range(20):
        services.certificate_download_record(
            certificate_id=certificate.pk,
            kind=CertificateEvent.Kind.PDF_DOWNLOADED,
            by=certificate.enrollment.learner,
        )
    assert _count_queries(admin_client, url) == few


# --- exports -------------------------------------------------------------------------------


def test_the_csv_export_has_the_filtered_rows(admin_client):
    certificate = issued_certificate(first_name="Henriëtte", last_name="Nienhuis")
    edition = certificate.enrollment.edition
    revoked = issued_certificate(edition, first_name="=HYPERLINK", last_name="x")
    services.certificate_revoke(certificate=revoked, by=None, reason="Fraude")
    issued_certificate()  # another course
    response = admin_client.get(reverse("certificates:register_csv"), {"edition": edition.pk})
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert 'filename="certificaten-' in response["Content-Disposition"]
    text = b"".join(response.streaming_content).decode("utf-8")
    assert text.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff")), delimiter=";"))
    assert rows[0][:3] == ["Certificaatnummer", "Naam op het certificaat", "E-mail"]
    by_serial = {row[0]: row for row in rows[1:]}
    assert by_serial.keys() == {certificate.serial, revoked.serial}
    row = by_serial[certificate.serial]
    assert row[1] == "Henriëtte Nienhuis"
    assert row[2] == certificate.enrollment.learner.email
    assert row[4] == edition.name
    assert row[5] == certificate.enrollment.organisation.name
    assert row[6] == "uitgegeven"
    assert row[7] == timezone.localdate(certificate.issued_at).isoformat()
    assert row[-1].endswith(f"/verify/{certificate.verification_code}/")
    assert by_serial[revoked.serial][1] == "'=HYPERLINK x"  # not run as a formula
    assert by_serial[revoked.serial][6] == "ingetrokken"
    assert by_serial[revoked.serial][9] == "Fraude"


def test_the_xlsx_export_has_the_filtered_rows(admin_client):
    from openpyxl import load_workbook

    certificate = issued_certificate(first_name="Şahin", last_name="Yılmaz")
    issued_certificate(certificate.enrollment.edition)
    response = admin_client.get(reverse("certificates:register_xlsx"), {"q": "yılmaz"})
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert rows[0][0] == "Certificaatnummer"
    assert len(rows) == 2
    assert rows[1][:3] == [certificate.serial, "Şahin Yılmaz", certificate.enrollment.learner.email]
    assert rows[1][7].date() == timezone.localdate(certificate.issued_at)


# --- a certificate's page ------------------------------------------------------------------


def test_the_certificates_page_shows_downloads_history_and_actions(client):
    administrator = f.AdminFactory(first_name="Ada", last_name="Beheer")
    certificate = pending_certificate()
    services.certificate_approve(certificate_ids=[certificate.pk], by=administrator)
    certificate = rendered(Certificate.objects.get(pk=certificate.pk))
    services.certificate_email(certificate_id=certificate.pk)
    send_outbox()
    learner = certificate.enrollment.learner
    client.force_login(learner)
    assert client.get(reverse("certificates:pdf", args=[certificate.pk])).status_code == 200
    assert client.get(reverse("certificates:credential", args=[certificate.pk])).status_code == 200

    client.force_login(administrator)
    response = client.get(reverse("certificates:manage", args=[certificate.pk]))
    html = response.content.decode()
    assert response.status_code == 200 and problems(html) == []
    assert f'href="{reverse("certificates:pdf", args=[certificate.pk])}"' in html
    assert f'href="{reverse("certificates:credential", args=[certificate.pk])}"' in html
    verify = reverse("certificates:verify", args=[certificate.verification_code])
    assert f'href="{verify}"' in html
    history = [entry.what for entry in response.context["history"]]
    assert history == [
        "Aangevraagd: de cursist is geslaagd",
        "Goedgekeurd en uitgegeven",
        "Pdf en digitaal certificaat gemaakt",
        "E-mail aan de cursist",
        "Pdf gedownload",
        "Digitaal certificaat gedownload",
    ]
    assert "door Ada Beheer" in html and f"door {learner.get_full_name()}" in html
    assert "verzonden op" in html
    for action in ("revoke", "rename", "email"):
        assert f'name="action" value="{action}"' in html
    assert html.count('name="csrfmiddlewaretoken"') >= 3


def test_revoking_needs_a_reason_and_tells_the_learner_by_email(admin_client):
    certificate = rendered(issued_certificate(first_name="Bram"))
    url = reverse("certificates:manage", args=[certificate.pk])
    refused = admin_client.post(url, {"action": "revoke", "revoke-reason": "  "})
    assert refused.status_code == 400 and "Dit veld is verplicht" in refused.content.decode()
    certificate.refresh_from_db()
    assert certificate.status == Status.ISSUED

    response = admin_client.post(
        url, {"action": "revoke", "revoke-reason": "Examenfraude"}, follow=True
    )
    html = response.content.decode()
    assert "Het certificaat is ingetrokken" in html
    certificate.refresh_from_db()
    assert certificate.status == Status.REVOKED
    assert certificate.revocation_reason == "Examenfraude"
    assert [e.what for e in response.context["history"]][-2:] == [
        "Ingetrokken",
        "E-mail aan de cursist over het intrekken",
    ]
    assert send_outbox() == 1
    message = mail.outbox[0]
    assert message.to == [certificate.enrollment.learner.email]
    assert message.subject == f"Je certificaat {certificate.course_title} is ingetrokken"
    assert message.body.startswith("Hallo Bram,")
    assert certificate.serial in message.body
    assert "Examenfraude" not in message.body  # the reason stays internal
    learner_client = Client()
    learner_client.force_login(certificate.enrollment.learner)
    notices = learner_client.get(reverse("lms:notices")).content.decode()
    assert f"Je certificaat voor {certificate.course_title} is ingetrokken" in notices
    page = admin_client.get(reverse("certificates:verify", args=[certificate.verification_code]))
    assert "ingetrokken op" in page.content.decode()


def test_the_revocation_email_is_written_in_the_learners_language():
    """English for a learner who chose English: the date, written by Django's own catalogue,
    says so even before the lead adds the English text of the new sentences."""
    english = rendered(issued_certificate(first_name="Ayla"))
    dutch = rendered(issued_certificate(first_name="Bram"))
    Profile.objects.create(user=english.enrollment.learner, language="en")
    march = timezone.make_aware(dt.datetime(2026, 3, 10, 12, 0))
    for certificate in (english, dutch):
        services.certificate_revoke(certificate=certificate, by=None, reason="Fout", now=march)
    assert send_outbox() == 2
    by_to = {m.to[0]: m for m in mail.outbox}
    in_english = by_to[english.enrollment.learner.email]
    in_dutch = by_to[dutch.enrollment.learner.email]
    assert "10 March 2026" in in_english.body and "maart" not in in_english.body
    assert "10 maart 2026" in in_dutch.body
    assert in_dutch.subject == f"Je certificaat {dutch.course_title} is ingetrokken"


def test_correcting_the_name_issues_a_replacement_and_the_old_public_page_links_to_it(
    admin_client,
):
    old = rendered(issued_certificate(first_name="Henriette", last_name="Nienhuis"))
    url = reverse("certificates:manage", args=[old.pk])
    response = admin_client.post(url, {"action": "rename", "name-name": "Henriëtte Nienhuis"})
    new = Certificate.objects.get(enrollment=old.enrollment, status=Status.ISSUED)
    assert response["Location"] == reverse("certificates:manage", args=[new.pk])
    old.refresh_from_db()
    assert old.status == Status.REPLACED and old.replaced_by == new
    assert new.name == "Henriëtte Nienhuis" and new.serial != old.serial

    page = admin_client.get(response["Location"])
    html = page.content.decode()
    assert f"Er is een nieuw certificaat met de juiste naam uitgegeven: {new.serial}" in html
    assert page.context["history"][0].what == f"Uitgegeven als vervanging van {old.serial}"
    old_page = admin_client.get(url)
    assert old_page.context["history"][-1].what == f"Vervangen door {new.serial}"

    public = admin_client.get(reverse("certificates:verify", args=[old.verification_code]))
    public_html = public.content.decode()
    assert f"vervangen door certificaat {new.serial}" in public_html
    new_public = reverse("certificates:verify", args=[new.verification_code])
    assert f'href="{new_public}"' in public_html and problems(public_html) == []


def test_sending_the_email_again_queues_another_message_and_records_who_asked(client):
    administrator = f.AdminFactory(first_name="Ada", last_name="Beheer")
    certificate = rendered(issued_certificate())
    services.certificate_email(certificate_id=certificate.pk)
    client.force_login(administrator)
    url = reverse("certificates:manage", args=[certificate.pk])
    for _ in range(2):
        response = client.post(url, {"action": "email"}, follow=True)
        assert "gaat opnieuw naar" in response.content.decode()
    assert send_outbox() == 3
    assert [m.to for m in mail.outbox] == [[certificate.enrollment.learner.email]] * 3
    assert all(certificate.serial in m.body for m in mail.outbox)
    events = CertificateEvent.objects.filter(certificate=certificate)
    assert [(e.kind, e.by) for e in events] == [("emailed_again", administrator)] * 2
    history = client.get(url).context["history"]
    again = [e for e in history if e.what == "E-mail opnieuw gestuurd"]
    assert len(again) == 2 and all(e.by == "Ada Beheer" for e in again)
    assert all(e.detail.startswith("verzonden op") for e in again)


def test_sending_again_is_refused_with_a_message_when_it_cannot_be_sent(admin_client):
    certificate = issued_certificate()  # no PDF yet
    url = reverse("certificates:manage", args=[certificate.pk])
    response = admin_client.post(url, {"action": "email"}, follow=True)
    assert "De pdf is nog niet klaar" in response.content.decode()
    assert not Notification.objects.exists()
    unknown = admin_client.post(url, {"action": "delete"})
    assert unknown.status_code == 302
    certificate.refresh_from_db()
    assert certificate.status == Status.ISSUED


def test_a_pending_or_rejected_request_has_a_page_without_actions(admin_client):
    pending = pending_certificate()
    rejected = pending_certificate()
    services.certificate_reject(certificate_ids=[rejected.pk], by=None, reason="Niet betaald")
    for certificate in (pending, rejected):
        page = admin_client.get(reverse("certificates:manage", args=[certificate.pk]))
        html = page.content.decode()
        assert page.status_code == 200 and problems(html) == []
        assert 'name="action"' not in html
        assert reverse("certificates:verify", args=[certificate.verification_code]) not in html
    history = admin_client.get(reverse("certificates:manage", args=[rejected.pk])).context[
        "history"
    ]
    assert [(e.what, e.detail) for e in history][-1] == ("Afgewezen", "Niet betaald")


def test_a_flagged_certificate_can_be_kept_as_it_is(admin_client):
    certificate = issued_certificate()
    Certificate.objects.filter(pk=certificate.pk).update(needs_review=True, review_note="Let op")
    url = reverse("certificates:manage", args=[certificate.pk])
    assert 'name="action" value="keep"' in admin_client.get(url).content.decode()
    response = admin_client.post(url, {"action": "keep"}, follow=True)
    assert "Het certificaat blijft geldig." in response.content.decode()
    certificate.refresh_from_db()
    assert not certificate.needs_review and certificate.status == Status.ISSUED


# --- the edition's PDFs as one zip ---------------------------------------------------------


def test_the_zip_has_every_issued_pdf_of_the_edition(admin_client):
    first = rendered(issued_certificate(first_name="Henriëtte", last_name="Nienhuis"))
    edition = first.enrollment.edition
    second = rendered(issued_certificate(edition, first_name="Şahin", last_name="Yılmaz"))
    not_yet = issued_certificate(edition)  # the worker has not rendered it: made now
    revoked = rendered(issued_certificate(edition))
    services.certificate_revoke(certificate=revoked, by=None, reason="Fraude")
    pending_certificate(edition)
    rendered(issued_certificate())  # another edition

    response = admin_client.get(reverse("certificates:edition_pdfs", args=[edition.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "application/zip"
    assert response["Content-Disposition"].endswith('.zip"')
    with zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content))) as archive:
        assert archive.testzip() is None
        names = sorted(archive.namelist())
        assert names == sorted(
            f"{c.serial}-{slug}.pdf"
            for c, slug in (
                (first, "henriette-nienhuis"),
                (second, "sahin-ylmaz"),  # ASCII names: ı has no ASCII form
                (not_yet, "-".join(not_yet.name.lower().split())),
            )
        )
        for name in names:
            content = archive.read(name)
            assert content[:5] == b"%PDF-"
            assert len(PdfReader(io.BytesIO(content)).pages) == 1
    not_yet.refresh_from_db()
    assert not_yet.rendered_at is not None


def test_a_pdf_that_cannot_be_made_is_named_in_the_zip_and_the_rest_come_along(admin_client):
    ready = rendered(issued_certificate())
    edition = ready.enrollment.edition
    broken = issued_certificate(edition)
    with mock.patch("certificates.pdf.render", side_effect=RuntimeError("disk full")):
        response = admin_client.get(reverse("certificates:edition_pdfs", args=[edition.pk]))
        content = b"".join(response.streaming_content)
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        names = archive.namelist()
        assert [n for n in names if n.endswith(".pdf")] == [exports.pdf_name(ready)]
        assert broken.serial in archive.read("ontbreekt.txt").decode()
    broken.refresh_from_db()
    assert broken.render_failures == 1 and "disk full" in broken.render_error


def test_an_edition_without_issued_certificates_has_no_zip(admin_client):
    pending = pending_certificate()
    edition = pending.enrollment.edition
    response = admin_client.get(
        reverse("certificates:edition_pdfs", args=[edition.pk]), follow=True
    )
    assert "geen uitgegeven certificaten" in response.content.decode()
    assert response.redirect_chain[-1][0].endswith(f"?edition={edition.pk}")


def test_the_register_offers_the_zip_once_an_edition_is_chosen(admin_client):
    certificate = issued_certificate()
    edition = certificate.enrollment.edition
    zip_url = reverse("certificates:edition_pdfs", args=[edition.pk])
    assert zip_url not in register(admin_client).content.decode()
    assert f'href="{zip_url}"' in register(admin_client, edition=edition.pk).content.decode()


def test_erasing_the_holder_removes_their_downloads_from_the_history():
    certificate = rendered(issued_certificate())
    learner = certificate.enrollment.learner
    services.certificate_download_record(
        certificate_id=certificate.pk, kind=CertificateEvent.Kind.PDF_DOWNLOADED, by=learner
    )
    certificate_privacy.erase(learner)
    assert not CertificateEvent.objects.exists()
    certificate.refresh_from_db()
    assert certificate.holder_erased_at is not None and certificate.status == Status.ISSUED


# --- the Django admin ----------------------------------------------------------------------


def test_the_django_admin_only_reads_certificates_and_links_to_the_register(admin_client):
    certificate = rendered(issued_certificate())
    change = reverse("admin:certificates_certificate_change", args=[certificate.pk])
    page = admin_client.get(change)
    html = page.content.decode()
    assert page.status_code == 200
    assert f'href="{reverse("certificates:manage", args=[certificate.pk])}"' in html
    assert 'name="_save"' not in html and "<textarea" not in html
    listing = admin_client.get(reverse("admin:certificates_certificate_changelist"))
    assert f'href="{reverse("certificates:manage", args=[certificate.pk])}"' in (
        listing.content.decode()
    )
    assert 'name="action"' not in listing.content.decode()  # no bulk actions
    posted = admin_client.post(change, {"name": "Iemand Anders", "status": "revoked"})
    assert posted.status_code == 403
    certificate.refresh_from_db()
    assert certificate.status == Status.ISSUED and certificate.name != "Iemand Anders"
    add = admin_client.get(reverse("admin:certificates_certificate_add"))
    delete = admin_client.get(
        reverse("admin:certificates_certificate_delete", args=[certificate.pk])
    )
    assert add.status_code == 403 and delete.status_code == 403
