"""A person's sign-ups are in their data download, and an erasure leaves nothing personal on
them (an open one lapses, so no place is offered to an address that is gone)."""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from courses import privacy
from courses.models import SignUp, SignUpSubmission
from tests.courses.signup_helpers import build_course, build_edition, first_day, form_data

pytestmark = pytest.mark.django_db


def test_a_sign_up_is_exported_and_erased(client):
    course = build_course()
    edition = build_edition(course, name="Noord", region="Noord", first_day=first_day())
    response = client.post(
        reverse("courses:signup", args=[course.slug]),
        form_data(edition, ("Jan", "Jansen", "jan.jansen@zwolle.nl")),
    )
    assert response.status_code == 302
    jan = get_user_model().objects.get(email="jan.jansen@zwolle.nl")

    exported = privacy.personal_data(jan)["aanmeldingen"]
    assert [(row["name"], row["invoice_reference"]) for row in exported] == [
        ("Jan Jansen", "PO-2026-114")
    ]

    privacy.erase(jan)

    signup = SignUp.objects.get()
    assert (signup.first_name, signup.last_name, signup.email) == ("", "", "")
    assert signup.state == SignUp.State.LAPSED
    submission = SignUpSubmission.objects.get()
    assert (submission.name, submission.email, submission.submitter) == ("", "", None)
