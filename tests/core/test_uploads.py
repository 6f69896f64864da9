"""Uploads are capped while they arrive (core.uploads): a body above the cap is not read at
all, a file above its assignment's size is dropped at that size, and the learner gets the
same plain message either way, with nothing saved."""

import io

import pytest
from django.conf import settings
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from django.test.client import BOUNDARY
from django.urls import reverse

from assessments.models import Submission, SubmissionFile
from core.uploads import MB
from tests.assessments.assignment_factories import PDF, build_assignment, upload

pytestmark = pytest.mark.django_db


class CountingInput(io.RawIOBase):
    """A request body: `head`, zeros up to `size` bytes, `tail`; counts what is read, and
    never holds the zeros in memory."""

    def __init__(self, head: bytes, size: int, tail: bytes):
        self.head, self.tail = head, tail
        self.size = size
        self.read_bytes = 0

    def readable(self):
        return True

    def readinto(self, buffer):
        start = self.read_bytes
        n = min(len(buffer), self.size - start, 64 * 1024)
        if n <= 0:
            return 0
        zeros_end = self.size - len(self.tail)
        chunk = bytearray(n)
        for offset in range(start, start + n):
            if offset < len(self.head):
                chunk[offset - start] = self.head[offset]
            elif offset >= zeros_end:
                chunk[offset - start] = self.tail[offset - zeros_end]
        buffer[:n] = chunk
        self.read_bytes += n
        return n


def multipart_file(field: str, name: str, size: int) -> tuple[CountingInput, int]:
    head = (
        f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="{field}"; '
        f'filename="{name}"\r\nContent-Type: application/pdf\r\n\r\n'
    ).encode() + PDF
    tail = f"\r\n--{BOUNDARY}--\r\n".encode()
    return CountingInput(head, size, tail), size


def post_through_wsgi(path: str, body: CountingInput, length: int, session: str):
    """The request as a WSGI server hands it to Django, body streamed."""
    environ = {
        "REQUEST_METHOD": "POST",
        "PATH_INFO": path,
        "SERVER_NAME": "127.0.0.1",
        "SERVER_PORT": "80",
        "wsgi.url_scheme": "http",
        "wsgi.input": body,
        "CONTENT_TYPE": f"multipart/form-data; boundary={BOUNDARY}",
        "CONTENT_LENGTH": str(length),
        "HTTP_COOKIE": f"{settings.SESSION_COOKIE_NAME}={session}",
        "REMOTE_ADDR": "127.0.0.1",
    }
    statuses = []
    # As Django's test client does: the test's own database connection (and its transaction)
    # must outlive the request, so the request signals may not close it.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        chunks = WSGIHandler()(
            environ, lambda status, headers, exc_info=None: statuses.append(status)
        )
        body = b"".join(chunks).decode()
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)
    return statuses[0], body


@pytest.fixture
def hand_in_page(client):
    assignment, enrollment, _trainer = build_assignment(max_file_mb=10, max_files=3)
    client.force_login(enrollment.learner)
    save = reverse("assessments:assignment_save", args=[enrollment.edition_id, assignment.pk])
    return client, save


def test_a_60_mb_file_against_a_10_mb_limit_is_refused_without_reading_it(hand_in_page):
    client, save = hand_in_page
    body, length = multipart_file("files", "opname.pdf", 60 * MB)

    status, page = post_through_wsgi(save, body, length, client.session.session_key)

    assert status.startswith("413")
    assert body.read_bytes == 0
    assert "Wat je stuurde is samen te groot (meer dan 42 MB)" in page
    assert not SubmissionFile.objects.exists()


def test_twenty_files_of_5_mb_in_one_request_are_refused_without_reading_them(client):
    assignment, enrollment, _trainer = build_assignment(max_file_mb=5, max_files=3)
    client.force_login(enrollment.learner)
    save = reverse("assessments:assignment_save", args=[enrollment.edition_id, assignment.pk])
    body, length = multipart_file("files", "deel.pdf", 20 * 5 * MB)

    status, _page = post_through_wsgi(save, body, length, client.session.session_key)

    assert status.startswith("413")
    assert body.read_bytes == 0


def test_a_file_over_the_assignments_size_is_dropped_with_the_plain_message(hand_in_page):
    client, save = hand_in_page
    big = upload("verslag.pdf", PDF + b"\0" * (11 * MB))

    response = client.post(save, {"text": "Mijn tekst", "files": [big]})

    assert response.status_code == 400
    page = response.content.decode()
    assert "‘verslag.pdf’ is te groot. Een bestand mag hoogstens 10,0 MB zijn." in page
    assert "Mijn tekst" in page  # the learner's text stays in the form
    assert not Submission.objects.exists()


def test_a_file_under_the_size_arrives_whole(hand_in_page):
    client, save = hand_in_page
    fine = upload("verslag.pdf", PDF + b"\0" * (2 * MB))

    response = client.post(save, {"text": "Mijn tekst", "files": [fine]})

    assert response.status_code == 302
    assert SubmissionFile.objects.get().file.size == len(PDF) + 2 * MB


def test_other_pages_refuse_a_body_above_the_default_cap_unread(settings):
    settings.LMS_UPLOAD_MAX_REQUEST_MB = 1
    body, length = multipart_file("file", "vragen.gift", 3 * MB)

    status, page = post_through_wsgi(reverse("login"), body, length, "none")

    assert status.startswith("413")
    assert body.read_bytes == 0
    assert "meer dan 1 MB" in page


def test_too_many_files_are_dropped_past_the_number_allowed(hand_in_page, settings):
    client, save = hand_in_page
    files = [upload(f"deel{n}.pdf", PDF) for n in range(6)]

    response = client.post(save, {"text": "Mijn tekst", "files": files})

    assert response.status_code == 400
    assert "Je kunt hoogstens 3 bestanden tegelijk sturen." in response.content.decode()
    assert not SubmissionFile.objects.exists()
