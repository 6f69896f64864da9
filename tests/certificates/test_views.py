"""Who sees what: downloads for the owner only, approval for administrators only, the public
verification page with nothing personal but the name, rate-limited; accessible pages."""

import json
import re

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from certificates import services
from certificates.models import Certificate
from tests import factories as f
from tests.a11y import problems

from .factories import issued_certificate, pending_certificate

pytestmark = pytest.mark.django_db
Status = Certificate.Status


def test_the_learner_downloads_the_own_pdf_and_credential_from_the_dashboard(client):
    certificate = issued_certificate(first_name="Şahin", last_name="Yılmaz")
    client.force_login(certificate.enrollment.learner)
    html = client.get(reverse("lms:learner_dashboard")).content.decode()
    pdf_url = reverse("certificates:pdf", args=[certificate.pk])
    assert pdf_url in html and problems(html) == []
    response = client.get(pdf_url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Cache-Control"] == "private, no-store"
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    credential = client.get(reverse("certificates:credential", args=[certificate.pk]))
    assert credential.status_code == 200
    assert json.loads(credential.content)["type"] == ["VerifiableCredential", "OpenBadgeCredential"]


def test_another_learner_gets_404_and_anonymous_goes_to_login(client):
    certificate = issued_certificate()
    other = f.EnrollmentFactory(edition=certificate.enrollment.edition).learner
    for name in ("certificates:pdf", "certificates:credential"):
        url = reverse(name, args=[certificate.pk])
        assert client.get(url).status_code == 302
        client.force_login(other)
        assert client.get(url).status_code == 404
        client.logout()


def test_pdf_files_are_not_under_a_public_url(client, settings):
    certificate = issued_certificate()
    services.certificate_render(certificate_id=certificate.pk)
    certificate.refresh_from_db()
    assert client.get(settings.MEDIA_URL + certificate.pdf.name).status_code == 404


def test_a_trainer_cannot_approve_an_administrator_can(client):
    certificate = pending_certificate()
    edition = certificate.enrollment.edition
    trainer = f.UserFactory()
    edition.trainers.add(trainer)
    url = reverse("certificates:approvals_edition", args=[edition.pk])
    assert client.get(url).status_code == 302  # anonymous: log in
    client.force_login(trainer)
    assert client.get(url).status_code == 404
    assert (
        client.post(url, {"certificate": [certificate.pk], "action": "approve"}).status_code == 404
    )
    assert client.get(reverse("certificates:approvals")).status_code == 404
    certificate.refresh_from_db()
    assert certificate.status == Status.PENDING

    client.force_login(f.AdminFactory())
    index = client.get(reverse("certificates:approvals"))
    assert url in index.content.decode() and problems(index.content.decode()) == []
    page = client.get(url)
    assert certificate.name in page.content.decode() and problems(page.content.decode()) == []
    response = client.post(url, {"certificate": [certificate.pk], "action": "approve"}, follow=True)
    assert "1 certificaat uitgegeven" in response.content.decode()
    certificate.refresh_from_db()
    assert certificate.status == Status.ISSUED


def test_select_all_approves_every_selected_and_reject_needs_a_reason(client):
    first = pending_certificate()
    edition = first.enrollment.edition
    rest = [pending_certificate(edition) for _ in range(3)]
    client.force_login(f.AdminFactory())
    url = reverse("certificates:approvals_edition", args=[edition.pk])
    response = client.post(url, {"certificate": [rest[0].pk], "action": "reject", "reason": " "})
    page = response.content.decode()
    assert response.status_code == 400 and "Geef een reden op" in page
    assert f'value="{rest[0].pk}" id="cert-{rest[0].pk}" checked' in page  # still ticked
    assert Certificate.objects.get(pk=rest[0].pk).status == Status.PENDING
    client.post(url, {"certificate": [rest[0].pk], "action": "reject", "reason": "Niet betaald"})
    client.post(url, {"certificate": [first.pk, rest[1].pk, rest[2].pk], "action": "approve"})
    statuses = dict(Certificate.objects.values_list("pk", "status"))
    assert statuses[rest[0].pk] == Status.REJECTED
    assert [statuses[c.pk] for c in (first, rest[1], rest[2])] == [Status.ISSUED] * 3


def test_issuing_needs_no_reason_and_the_page_lets_the_browser_issue_with_one_click(client):
    """The reject reason is required in the page's HTML, but the issue button skips the
    browser's check (formnovalidate), and the server asks for it only to reject."""
    certificate = pending_certificate()
    url = reverse("certificates:approvals_edition", args=[certificate.enrollment.edition_id])
    client.force_login(f.AdminFactory())
    page = client.get(url).content.decode()
    assert re.search(r'<button[^>]*value="approve"[^>]*formnovalidate', page)
    assert re.search(r'<textarea[^>]*name="reason"[^>]*required', page)
    assert "<script>" not in page  # select-all is a static file (a strict CSP allows no inline)
    response = client.post(
        url, {"certificate": [certificate.pk], "action": "approve", "reason": ""}, follow=True
    )
    assert "1 certificaat uitgegeven" in response.content.decode()
    response = client.post(url, {"action": "approve"})
    assert response.status_code == 400 and "Kies eerst een of meer cursisten" in (
        response.content.decode()
    )


def test_an_administrator_of_another_edition_cannot_approve_through_this_one(client):
    certificate = pending_certificate()
    other_edition = f.EditionFactory(course=certificate.enrollment.edition.course)
    client.force_login(f.AdminFactory())
    url = reverse("certificates:approvals_edition", args=[other_edition.pk])
    client.post(url, {"certificate": [certificate.pk], "action": "approve"})
    certificate.refresh_from_db()
    assert certificate.status == Status.PENDING


def test_the_manage_page_revokes_and_corrects_the_name(client):
    certificate = issued_certificate()
    client.force_login(f.AdminFactory())
    url = reverse("certificates:manage", args=[certificate.pk])
    page = client.get(url)
    assert page.status_code == 200 and problems(page.content.decode()) == []
    response = client.post(url, {"action": "rename", "name-name": "Ödön Ősz"})
    new = Certificate.objects.get(status=Status.ISSUED)
    assert response["Location"] == reverse("certificates:manage", args=[new.pk])
    assert new.name == "Ödön Ősz"
    client.post(
        reverse("certificates:manage", args=[new.pk]),
        {"action": "revoke", "revoke-reason": "Fraude"},
    )
    new.refresh_from_db()
    assert new.status == Status.REVOKED


def test_the_public_page_shows_valid_with_only_name_course_date_issuer(client):
    certificate = issued_certificate(first_name="Ελένη", last_name="Παπαδοπούλου")
    response = client.get(reverse("certificates:verify", args=[certificate.verification_code]))
    html = response.content.decode()
    assert response.status_code == 200 and problems(html) == []
    assert "echt en geldig" in html
    assert "Ελένη Παπαδοπούλου" in html and certificate.course_title in html
    assert certificate.enrollment.learner.email not in html
    assert certificate.enrollment.edition.name not in html
    assert certificate.enrollment.organisation.name not in html


def test_the_public_page_shows_revoked_with_the_date_and_replaced(client):
    certificate = issued_certificate()
    services.certificate_revoke(certificate=certificate, by=None, reason="Geheim")
    certificate.refresh_from_db()
    html = client.get(
        reverse("certificates:verify", args=[certificate.verification_code])
    ).content.decode()
    assert "ingetrokken op" in html and "Geheim" not in html
    other = issued_certificate()
    services.certificate_correct_name(certificate=other, name="Nieuwe Naam", by=None)
    html = client.get(
        reverse("certificates:verify", args=[other.verification_code])
    ).content.decode()
    assert "vervangen" in html


def test_unknown_and_pending_codes_are_404(client):
    pending = pending_certificate()
    assert client.get(reverse("certificates:verify", args=["nope"])).status_code == 404
    assert (
        client.get(reverse("certificates:verify", args=[pending.verification_code])).status_code
        == 404
    )


def test_the_verification_page_is_rate_limited_with_a_clear_page(client, settings):
    settings.LMS_CERTIFICATE_VERIFY_RATE = 3
    codes = ["a", "b", "c"]
    assert [client.get(reverse("certificates:verify", args=[c])).status_code for c in codes] == [
        404
    ] * 3
    response = client.get(reverse("certificates:verify", args=["d"]))
    assert response.status_code == 429
    assert response["Retry-After"] == "60"
    assert "Wacht een minuut" in response.content.decode()
    assert problems(response.content.decode()) == []


def test_a_pasted_credential_is_checked(client):
    certificate = issued_certificate(first_name="Жанна", last_name="Иванова")
    services.certificate_render(certificate_id=certificate.pk)
    certificate.refresh_from_db()
    url = reverse("certificates:verify_credential")
    page = client.get(url)
    assert page.status_code == 200 and problems(page.content.decode()) == []
    text = json.dumps(certificate.credential, ensure_ascii=False)
    html = client.post(url, {"credential": text}).content.decode()
    assert "echt en geldig" in html and "Жанна Иванова" in html and problems(html) == []
    forged = text.replace("Жанна", "Жаннa")  # a Latin a
    html = client.post(url, {"credential": forged}).content.decode()
    assert "handtekening klopt niet" in html
    services.certificate_revoke(certificate=certificate, by=None, reason="x")
    html = client.post(url, {"credential": text}).content.decode()
    assert "ingetrokken op" in html


def test_an_uploaded_credential_file_is_checked(client):
    from django.core.files.uploadedfile import SimpleUploadedFile

    certificate = issued_certificate()
    services.certificate_render(certificate_id=certificate.pk)
    certificate.refresh_from_db()
    upload = SimpleUploadedFile(
        "badge.json", json.dumps(certificate.credential).encode(), "application/json"
    )
    html = client.post(reverse("certificates:verify_credential"), {"file": upload}).content.decode()
    assert "echt en geldig" in html
    html = client.post(
        reverse("certificates:verify_credential"), {"credential": "{nope"}
    ).content.decode()
    assert "geen geldig JSON" in html


def test_the_dashboard_adds_one_query_for_certificates(client, django_assert_max_num_queries):
    certificate = issued_certificate()
    client.force_login(certificate.enrollment.learner)
    client.get(reverse("lms:learner_dashboard"))  # warm the fragment caches
    with django_assert_max_num_queries(12):
        client.get(reverse("lms:learner_dashboard"))


def test_the_approval_queue_has_a_bounded_number_of_queries(client, django_assert_max_num_queries):
    first = pending_certificate()
    for _ in range(10):
        pending_certificate(first.enrollment.edition)
    client.force_login(f.AdminFactory())
    with django_assert_max_num_queries(12):
        client.get(reverse("certificates:approvals_edition", args=[first.enrollment.edition_id]))


def test_the_dashboard_shows_a_certificate_at_once_when_issued_revoked_or_replaced(client):
    """The certificates part of the dashboard is a cached fragment: issuing, revoking and
    replacing each show at the next visit."""
    certificate = pending_certificate()
    learner = certificate.enrollment.learner
    client.force_login(learner)
    dashboard = reverse("lms:learner_dashboard")
    assert "Je certificaten" not in client.get(dashboard).content.decode()
    services.certificate_approve(certificate_ids=[certificate.pk], by=None)
    certificate.refresh_from_db()
    html = client.get(dashboard).content.decode()
    assert certificate.serial in html and "uitgereikt op" in html
    admin = f.AdminFactory()
    new = services.certificate_correct_name(certificate=certificate, name="Nieuwe Naam", by=admin)
    html = client.get(dashboard).content.decode()
    assert new.serial in html and certificate.serial not in html
    services.certificate_revoke(certificate=new, by=admin, reason="Fraude")
    assert "ingetrokken op" in client.get(dashboard).content.decode()


def test_a_warm_dashboard_asks_the_database_only_for_the_session_user_and_enrolments(client):
    """Certificates, cards, feedback and the live part (announcements, coaching moments, an
    open evaluation: their services touch the enrolments' versions) come from the fragment
    cache."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    certificate = issued_certificate()
    client.force_login(certificate.enrollment.learner)
    client.get(reverse("lms:learner_dashboard"))  # warm the fragment caches
    with CaptureQueriesContext(connection) as queries:
        html = client.get(reverse("lms:learner_dashboard")).content.decode()
    assert certificate.serial in html
    tables = [q["sql"].split(" FROM ")[1].split()[0].strip('"`') for q in queries]
    assert sorted(tables) == [
        "auth_user",
        "courses_enrollment",
        "django_session",
    ]


def test_the_admin_links_the_pdf_through_the_protected_download(client):
    """The admin's change page offers the PDF through the view that checks who asks, not the
    file's MEDIA_URL (uploads are never served publicly: that link answered 404)."""
    certificate = issued_certificate()
    services.certificate_render(certificate_id=certificate.pk)
    certificate.refresh_from_db()
    client.force_login(f.AdminFactory())
    page = client.get(reverse("admin:certificates_certificate_change", args=[certificate.pk]))
    html = page.content.decode()
    download = reverse("certificates:pdf", args=[certificate.pk])
    assert page.status_code == 200 and f'href="{download}"' in html
    assert certificate.pdf.name not in html  # no link to the stored file's path
    response = client.get(download)
    assert response.status_code == 200 and b"".join(response.streaming_content)[:5] == b"%PDF-"
    trainer = f.UserFactory()
    certificate.enrollment.edition.trainers.add(trainer)
    client.force_login(trainer)
    assert client.get(download).status_code == 404


def test_behind_the_proxy_one_visitors_guesses_do_not_lock_out_another(client, settings):
    """Every request comes from the proxy's address; the limit counts per real client."""
    settings.LMS_CERTIFICATE_VERIFY_RATE = 3
    settings.LMS_TRUSTED_PROXIES = 1

    def guess(client_ip: str, code: str) -> int:
        url = reverse("certificates:verify", args=[code])
        return client.get(url, REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR=client_ip).status_code

    assert [guess("203.0.113.9", c) for c in "abcd"] == [404, 404, 404, 429]
    assert guess("198.51.100.7", "e") == 404  # another visitor behind the same proxy
    # A guesser cannot escape the limit by writing its own X-Forwarded-For entry.
    assert guess("198.51.100.1, 203.0.113.9", "f") == 429


def test_the_learner_can_put_the_certificate_on_linkedin_filled_in(client):
    from html import unescape
    from urllib.parse import parse_qs, urlsplit

    certificate = issued_certificate(first_name="Şahin", last_name="Yılmaz")
    client.force_login(certificate.enrollment.learner)
    html = client.get(reverse("lms:learner_dashboard")).content.decode()

    link = unescape(re.search(r'href="(https://www\.linkedin\.com/profile/add\?[^"]+)"', html)[1])
    query = {key: values[0] for key, values in parse_qs(urlsplit(link).query).items()}
    issued = timezone.localtime(certificate.issued_at)
    assert query == {
        "startTask": "CERTIFICATION_NAME",
        "name": certificate.course_title,
        "organizationName": certificate.issuer_name,
        "issueYear": str(issued.year),
        "issueMonth": str(issued.month),
        "certUrl": settings.LMS_BASE_URL
        + reverse("certificates:verify", args=[certificate.verification_code]),
        "certId": certificate.serial,
    }
    assert problems(html) == []
