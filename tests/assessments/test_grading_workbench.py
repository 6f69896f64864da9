"""Grading that respects a trainer's time (issue 16): release everything that is ready without
first filtering to one assignment, go back to the queue after the last learner, the rubric's
running total, and every hand-in of an assignment as one zip."""

import io
import zipfile

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from assessments.models import ConversationAnalysis, Review, Submission
from tests import factories as f
from tests.a11y import problems
from tests.assessments.assignment_factories import (
    PDF,
    build_assignment,
    enrol,
    grade,
    hand_in,
    upload,
)

pytestmark = pytest.mark.django_db


def second_assignment(assignment):
    return type(assignment).objects.create(
        module=assignment.module,
        order=30,
        title="Schrijf een terugblik",
        opens_anchor="end",
        opens_module=assignment.module,
        due_anchor="start",
        due_module=assignment.due_module,
        due_offset_days=-2,
        rubric=assignment.rubric,
        accepts_files=True,
    )


def test_release_all_without_a_filter_releases_the_ready_reviews_of_every_assignment(client):
    first, enrollment, trainer = build_assignment()
    second = second_assignment(first)
    other = enrol(enrollment.edition)
    grade(hand_in(first, enrollment), trainer, state=Review.State.READY)
    grade(hand_in(second, other), trainer, state=Review.State.READY)
    grade(hand_in(second, enrollment), trainer, state=Review.State.DRAFT)  # not ready: stays
    client.force_login(trainer)

    queue = client.get(reverse("assessments_trainer:grading_queue")).content.decode()
    assert "Geef alles vrij wat klaarstaat" in queue
    assert "2 beoordelingen staan klaar om vrij te geven" in queue
    response = client.post(reverse("assessments_trainer:release_all"), {})

    assert response.status_code == 302
    states = sorted(Review.objects.values_list("state", flat=True))
    assert states == ["draft", "released", "released"]
    assert [str(m) for m in get_messages(response.wsgi_request)] == [
        "2 beoordelingen zijn vrijgegeven."
    ]


def test_the_per_assignment_section_releases_one_assignment_in_one_edition(client):
    first, enrollment, trainer = build_assignment()
    second = second_assignment(first)
    grade(hand_in(first, enrollment), trainer, state=Review.State.READY)
    grade(hand_in(second, enrollment), trainer, state=Review.State.READY)
    client.force_login(trainer)
    page = client.get(reverse("assessments_trainer:grading_queue")).content.decode()
    assert f'name="assignment" value="{second.pk}"' in page
    assert problems(page) == []

    client.post(
        reverse("assessments_trainer:release_all"),
        {"assignment": second.pk, "edition": enrollment.edition_id},
    )

    released = Review.objects.filter(state="released").values_list(
        "submission__assignment_id", flat=True
    )
    assert list(released) == [second.pk]
    message = "1 beoordeling is vrijgegeven."
    response = client.post(reverse("assessments_trainer:release_all"), {"assignment": first.pk})
    assert [str(m) for m in get_messages(response.wsgi_request)][-1] == message


def test_release_all_never_reaches_another_trainers_edition(client):
    first, enrollment, trainer = build_assignment()
    grade(hand_in(first, enrollment), trainer, state=Review.State.READY)
    _other, _e, stranger = build_assignment()
    client.force_login(stranger)
    client.post(reverse("assessments_trainer:release_all"), {})
    assert Review.objects.get().state == "ready"


def test_after_the_last_learner_go_to_next_returns_to_the_queue_with_a_message(client):
    assignment, enrollment, trainer = build_assignment()
    version = hand_in(assignment, enrollment)
    client.force_login(trainer)
    response = client.post(
        reverse("assessments_trainer:grade", args=[version.submission_id]) + "?state=waiting",
        {
            "lock_version": "0",
            "level-0": "2",
            "level-1": "2",
            "state": "ready",
            "then_next": "1",
        },
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("assessments_trainer:grading_queue") + "?state=waiting"
    assert "Dat was de laatste in deze lijst" in str(list(get_messages(response.wsgi_request))[-1])


def test_the_rubric_has_a_running_total_from_a_static_script(client):
    assignment, enrollment, trainer = build_assignment()
    version = hand_in(assignment, enrollment)
    client.force_login(trainer)
    page = client.get(reverse("assessments_trainer:grade", args=[version.submission_id]))
    html = page.content.decode()
    assert "js/rubric-total.js" in html and "<script>" not in html
    assert 'id="rubric-total-line" hidden' in html  # without the script: computed on save
    assert 'data-points="2.00"' in html and 'data-max="6.00"' in html  # not "2,00": for the JS


def conversation_setup():
    assignment, enrollment, trainer = build_assignment(kind=ConversationAnalysis)
    enrollment.learner.first_name, enrollment.learner.last_name = "Henriëtte", "Nienhuis"
    enrollment.learner.save()
    first = hand_in(assignment, enrollment, text="Eerste versie", new_files=[upload("a.pdf", PDF)])
    Submission.objects.filter(pk=first.submission_id).update(reopened=True)
    hand_in(assignment, enrollment, text="Tweede versie")
    other = enrol(enrollment.edition)
    hand_in(assignment, other, text="Van een ander", new_files=[upload("../../a.pdf", PDF)])
    return assignment, enrollment, trainer, other


def test_the_zip_holds_every_version_by_learner_with_a_readable_text(client):
    assignment, enrollment, trainer, other = conversation_setup()
    client.force_login(trainer)
    url = reverse(
        "assessments_trainer:handins_download", args=[enrollment.edition_id, assignment.pk]
    )
    page = client.get(reverse("assessments_trainer:grading_queue")).content.decode()
    assert url in page

    response = client.get(url)

    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    assert response["Cache-Control"] == "private, no-store"
    archive = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))
    names = sorted(archive.namelist())
    mine = f"henriette-nienhuis-{enrollment.pk}"
    assert f"{mine}/versie-1/a.pdf" in names
    assert f"{mine}/versie-1/inzending.txt" in names
    assert f"{mine}/versie-2/inzending.txt" in names
    assert all(".." not in name for name in names)
    text = archive.read(f"{mine}/versie-2/inzending.txt").decode()
    assert "Henriëtte Nienhuis" in text and "Tweede versie" in text and "versie 2" in text
    assert archive.read(f"{mine}/versie-1/a.pdf") == PDF
    theirs = other.learner.get_full_name().lower().replace(" ", "-")
    assert any(n.endswith(f"-{other.pk}/versie-1/a.pdf") and theirs[:3] in n for n in names)


def test_the_zip_is_for_the_editions_trainer_only(client):
    assignment, enrollment, trainer, other = conversation_setup()
    url = reverse(
        "assessments_trainer:handins_download", args=[enrollment.edition_id, assignment.pk]
    )
    response = client.get(url)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    for user in (enrollment.learner, other.learner, f.UserFactory(), build_assignment()[2]):
        client.force_login(user)
        assert client.get(url).status_code == 404
    # an assignment of another course, through this edition: 404 too
    foreign, _e, _t = build_assignment()
    client.force_login(trainer)
    wrong = reverse(
        "assessments_trainer:handins_download", args=[enrollment.edition_id, foreign.pk]
    )
    assert client.get(wrong).status_code == 404


def test_the_zip_and_the_queue_use_a_bounded_number_of_queries(
    client, django_assert_max_num_queries
):
    assignment, enrollment, trainer, _other = conversation_setup()
    for _ in range(10):
        hand_in(assignment, enrol(enrollment.edition), new_files=[upload("b.pdf", PDF)])
    client.force_login(trainer)
    url = reverse(
        "assessments_trainer:handins_download", args=[enrollment.edition_id, assignment.pk]
    )
    with django_assert_max_num_queries(10):
        response = client.get(url)
        assert len(zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content))).namelist())
    with django_assert_max_num_queries(15):
        assert client.get(reverse("assessments_trainer:grading_queue")).status_code == 200
