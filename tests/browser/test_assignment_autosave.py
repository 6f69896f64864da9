"""Open work is saved as the learner types: no save button, a closed tab — nothing is lost."""

import pytest

from assessments.models import Submission
from tests.assessments.assignment_factories import build_assignment
from tests.browser.helpers import wait_for

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def draft_text(assignment, enrollment) -> str | None:
    row = Submission.objects.filter(assignment=assignment, enrollment=enrollment).first()
    return row.text if row else None


@pytest.fixture
def assignment_page(page, live_server, client):
    assignment, enrollment, _trainer = build_assignment()
    client.force_login(enrollment.learner)
    page.context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )
    page.goto(f"{live_server.url}/learn/{enrollment.edition_id}/lessons/{assignment.pk}/")
    return page, assignment, enrollment


def test_typed_work_is_saved_without_pressing_save(assignment_page):
    page, assignment, enrollment = assignment_page
    page.locator("#text-input").fill("De klant was boos; ik vatte samen wat ik hoorde.")
    assert wait_for(
        lambda: (
            draft_text(assignment, enrollment) == "De klant was boos; ik vatte samen wat ik hoorde."
        )
    )
    page.wait_for_selector("text=Je werk is bewaard.")


def test_work_typed_just_before_closing_the_tab_is_kept(assignment_page):
    page, assignment, enrollment = assignment_page
    page.locator("#text-input").fill("Laatste zin voor ik het tabblad sloot.")
    page.close(run_before_unload=True)
    assert wait_for(
        lambda: draft_text(assignment, enrollment) == "Laatste zin voor ik het tabblad sloot."
    )
