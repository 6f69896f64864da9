"""The trainer's side of open work: reviews with states, optimistic locking, release (one and
in bulk) with its signal, the audit trail, the queue with essays, and every new page's
permissions, query bounds and accessibility."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from assessments.assignments import selectors, services
from assessments.models import (
    Attempt,
    ConversationAnalysis,
    GradeChange,
    Reflection,
    Review,
    Submission,
)
from assessments.signals import feedback_released
from tests import factories as f
from tests.a11y import problems
from tests.assessments.assignment_factories import (
    PDF,
    build_assignment,
    committed,
    enrol,
    grade,
    hand_in,
    upload,
    wav_bytes,
)
from tests.assessments.test_review import build_essay_quiz, submitted_attempt

pytestmark = pytest.mark.django_db


@pytest.fixture
def released_signals():
    received = []

    def listener(sender, submission_ids, **kwargs):
        received.append(sorted(submission_ids))

    feedback_released.connect(listener, dispatch_uid="test-feedback-released")
    yield received
    feedback_released.disconnect(dispatch_uid="test-feedback-released")


def submission_of(version):
    submission = Submission.objects.select_related("enrollment__edition").get(
        pk=version.submission_id
    )
    submission.assignment = submission.assignment.get_real_instance()
    return submission


# --- reviews ------------------------------------------------------------------------------------


def test_review_moves_from_draft_to_ready_to_released(released_signals):
    assignment, enrollment, trainer = build_assignment()
    version = hand_in(assignment, enrollment)
    review = grade(version, trainer, levels={0: 1}, state=Review.State.DRAFT)
    assert (review.state, review.points, review.lock_version) == ("draft", None, 1)
    review = grade(version, trainer, levels={0: 2, 1: 1}, state=Review.State.READY)
    assert (review.state, review.points, review.percentage) == (
        "ready",
        Decimal(4),
        Decimal("66.67"),
    )
    assert released_signals == []
    review = grade(version, trainer, levels={0: 2, 1: 1}, state=Review.State.RELEASED)
    assert review.state == "released" and review.released_at is not None
    assert Submission.objects.get().state == Submission.State.GRADED
    assert released_signals == [[version.submission_id]]


def test_ready_or_released_needs_a_level_for_every_criterion():
    assignment, enrollment, trainer = build_assignment()
    version = hand_in(assignment, enrollment)
    with pytest.raises(services.GradingError, match="Kies nog een niveau bij: Technieken"):
        grade(version, trainer, levels={0: 1}, state=Review.State.RELEASED)
    with pytest.raises(services.GradingError, match="bestaat niet"):
        grade(version, trainer, levels={0: 1, 1: 7}, state=Review.State.DRAFT)  # above maximum
    assert not Review.objects.exists()


def test_the_second_trainers_save_gets_a_conflict_and_overwrites_nothing():
    assignment, enrollment, trainer = build_assignment()
    colleague = f.UserFactory()
    enrollment.edition.trainers.add(colleague)
    version = hand_in(assignment, enrollment)
    submission = submission_of(version)
    # both open the page while there is no review yet (lock_version 0)
    first = services.ReviewInput(lock_version=0, levels={0: 2, 1: 2}, feedback="Van Tineke")
    second = services.ReviewInput(lock_version=0, levels={0: 0, 1: 0}, feedback="Van collega")
    services.review_save(submission=submission, version=version, data=first, grader=trainer)
    with pytest.raises(services.Conflict, match="collega"):
        services.review_save(submission=submission, version=version, data=second, grader=colleague)
    review = Review.objects.get()
    assert (review.feedback, review.points, review.lock_version) == ("Van Tineke", Decimal(6), 1)
    # and again once a review exists: a save from lock_version 1 after another from 1
    services.review_save(
        submission=submission,
        version=version,
        data=services.ReviewInput(lock_version=1, levels={0: 1, 1: 1}, feedback="Tweede"),
        grader=trainer,
    )
    with pytest.raises(services.Conflict):
        services.review_save(
            submission=submission,
            version=version,
            data=services.ReviewInput(lock_version=1, levels={0: 0, 1: 0}, feedback="Oud"),
            grader=colleague,
        )
    assert Review.objects.get().feedback == "Tweede"


def test_a_trainer_of_another_edition_cannot_grade():
    assignment, enrollment, _trainer = build_assignment()
    version = hand_in(assignment, enrollment)
    with pytest.raises(PermissionDenied):
        services.review_save(
            submission=submission_of(version),
            version=version,
            data=services.ReviewInput(lock_version=0, levels={0: 1, 1: 1}),
            grader=f.UserFactory(),
        )


def test_an_older_version_cannot_be_graded_once_a_new_one_is_in():
    assignment, enrollment, trainer = build_assignment()
    old = hand_in(assignment, enrollment)
    hand_in(assignment, enrollment, text="nieuw")
    with pytest.raises(services.GradingError, match="nieuwe versie"):
        grade(old, trainer)


def test_every_grade_change_is_recorded_and_a_released_grade_changes_only_with_a_reason():
    assignment, enrollment, trainer = build_assignment()
    version = hand_in(assignment, enrollment)
    grade(version, trainer, levels={0: 2, 1: 2}, state=Review.State.DRAFT)
    grade(version, trainer, levels={0: 2, 1: 2}, state=Review.State.RELEASED)
    with pytest.raises(services.GradingError, match="waarom"):
        grade(version, trainer, levels={0: 0, 1: 0})
    grade(version, trainer, levels={0: 1, 1: 1}, reason="Criterium 1 verkeerd gelezen")
    changes = list(GradeChange.objects.order_by("pk"))
    assert [(c.old_grade, c.new_grade, c.old_state, c.new_state) for c in changes] == [
        ("", "6/6 (100%)", "", "draft"),
        ("6/6 (100%)", "6/6 (100%)", "draft", "released"),
        ("6/6 (100%)", "3/6 (50%)", "released", "released"),
    ]
    assert changes[-1].actor == trainer and changes[-1].reason == "Criterium 1 verkeerd gelezen"
    assert Review.objects.get().state == "released"


def test_bulk_release_per_assignment_sends_feedback_released_once(released_signals):
    assignment, enrollment, trainer = build_assignment()
    learners = [enrollment, enrol(enrollment.edition), enrol(enrollment.edition)]
    versions = [hand_in(assignment, e) for e in learners]
    for version in versions[:2]:
        grade(version, trainer, state=Review.State.READY)
    grade(versions[2], trainer, state=Review.State.DRAFT)  # not ready: stays
    count = committed(services.reviews_release, user=trainer, assignment_id=assignment.pk)
    assert count == 2
    assert released_signals == [sorted(v.submission_id for v in versions[:2])]
    assert list(Review.objects.order_by("pk").values_list("state", flat=True)) == [
        "released",
        "released",
        "draft",
    ]
    assert GradeChange.objects.filter(new_state="released").count() == 2
    # a stranger releases nothing
    assert services.reviews_release(user=f.UserFactory(), assignment_id=assignment.pk) == 0


def test_waiting_counts_add_handed_in_work_to_essays():
    assignment, enrollment, trainer = build_assignment()
    second = enrol(enrollment.edition)
    grade(hand_in(assignment, enrollment), trainer, state=Review.State.READY)
    grade(hand_in(assignment, second), trainer, state=Review.State.RELEASED)
    assert selectors.grading_waiting_counts(edition_ids=[enrollment.edition_id]) == {
        enrollment.edition_id: 1
    }


# --- the queue -----------------------------------------------------------------------------------


def test_the_queue_lists_the_trainers_work_with_essays_and_filters_it():
    assignment, enrollment, trainer = build_assignment()
    hand_in(assignment, enrollment)
    other, other_enrollment, _other_trainer = build_assignment()
    hand_in(other, other_enrollment)  # another edition: not this trainer's
    quiz, quiz_enrollment, quiz_trainer = build_essay_quiz()
    attempt = submitted_attempt(quiz, quiz_enrollment)
    assert Attempt.objects.get(pk=attempt.pk).status == Attempt.Status.NEEDS_REVIEW

    items = selectors.grading_queue_list(user=trainer)
    assert [i.kind for i in items] == ["submission"]
    quiz_enrollment.edition.trainers.add(trainer)
    items = selectors.grading_queue_list(user=trainer)
    assert sorted(i.kind for i in items) == ["essay", "submission"]
    assert [
        i.kind for i in selectors.grading_queue_list(user=trainer, assignment_id=assignment.pk)
    ] == ["submission"]
    assert selectors.grading_queue_list(user=trainer, state=selectors.RELEASED) == []
    only = selectors.grading_queue_list(user=trainer, edition_id=quiz_enrollment.edition_id)
    assert [i.kind for i in only] == ["essay"]


@pytest.mark.parametrize("learners", [5, 25])
def test_the_queue_page_uses_a_bounded_number_of_queries(
    client, django_assert_max_num_queries, learners
):
    assignment, enrollment, trainer = build_assignment()
    for _ in range(learners):
        hand_in(assignment, enrol(enrollment.edition))
    client.force_login(trainer)
    with django_assert_max_num_queries(14):
        response = client.get(reverse("assessments_trainer:grading_queue"))
    assert response.status_code == 200
    assert response.content.decode().count("Beoordelen<span") == learners


def test_the_grading_page_uses_a_bounded_number_of_queries(client, django_assert_max_num_queries):
    assignment, enrollment, trainer = build_assignment()
    for _ in range(20):
        hand_in(assignment, enrol(enrollment.edition))
    version = hand_in(assignment, enrollment)
    client.force_login(trainer)
    with django_assert_max_num_queries(25):
        response = client.get(reverse("assessments_trainer:grade", args=[version.submission_id]))
    assert response.status_code == 200


def test_the_grading_page_walks_to_the_next_learner_and_saves_by_level(client):
    assignment, enrollment, trainer = build_assignment()
    second = enrol(enrollment.edition)
    first_version = hand_in(assignment, enrollment)
    second_version = hand_in(assignment, second)
    client.force_login(trainer)
    url = reverse("assessments_trainer:grade", args=[first_version.submission_id])
    page = client.get(url).content.decode()
    next_url = reverse("assessments_trainer:grade", args=[second_version.submission_id])
    assert f'href="{next_url}?state=waiting" rel="next"' in page
    response = client.post(
        url + "?state=waiting",
        {
            "lock_version": "0",
            "level-0": "2",
            "level-1": "1",
            "feedback": "Goed *gedaan*",
            "comment-0-time": "1:24",
            "comment-0-note": "Mooie samenvatting",
            "state": "released",
            "then_next": "1",
        },
    )
    assert response.status_code == 302 and response["Location"] == next_url + "?state=waiting"
    review = Review.objects.get()
    assert (review.points, review.state) == (Decimal(4), "released")
    assert review.comments.get().at_seconds == 84


def test_a_level_not_in_the_rubric_is_refused_on_the_page_and_the_input_stays(client):
    assignment, enrollment, trainer = build_assignment()
    version = hand_in(assignment, enrollment)
    client.force_login(trainer)
    response = client.post(
        reverse("assessments_trainer:grade", args=[version.submission_id]),
        {
            "lock_version": "0",
            "level-0": "7",
            "level-1": "1",
            "feedback": "Bijna goed",
            "comment-0-time": "1:24",
            "comment-0-note": "Hier vat je samen",
            "state": "ready",
        },
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "Dit niveau bestaat niet in het beoordelingsmodel." in page
    assert 'name="level-1" value="1" id="level-1_1" checked>' in page
    assert "Bijna goed</textarea>" in page and "Hier vat je samen</textarea>" in page
    assert 'value="1:24"' in page
    assert problems(page) == []
    assert not Review.objects.exists()


def test_a_conflict_on_the_page_says_so_and_keeps_the_trainers_text(client):
    assignment, enrollment, trainer = build_assignment()
    version = hand_in(assignment, enrollment)
    grade(version, trainer, state=Review.State.DRAFT, feedback="Eerste")
    client.force_login(trainer)
    response = client.post(
        reverse("assessments_trainer:grade", args=[version.submission_id]),
        {
            "lock_version": "0",
            "level-0": "0",
            "level-1": "0",
            "feedback": "Mijn tekst",
            "state": "draft",
        },
    )
    assert response.status_code == 409
    page = response.content.decode()
    assert "een collega was je voor" in page and "Mijn tekst" in page
    assert Review.objects.get().feedback == "Eerste"


# --- permissions for every new URL -------------------------------------------------------------


@pytest.fixture
def graded_setup():
    assignment, enrollment, trainer = build_assignment(
        kind=ConversationAnalysis, accepts_audio=True
    )
    version = hand_in(
        assignment,
        enrollment,
        new_files=[upload("verslag.pdf", PDF)],
        new_audio=upload("gesprek.wav", wav_bytes()),
    )
    submission = Submission.objects.get()
    stored = version.files.order_by("pk").first()
    return assignment, enrollment, trainer, submission, stored


def trainer_urls(submission, stored):
    return [
        ("get", reverse("assessments_trainer:grading_queue")),
        ("get", reverse("assessments_trainer:grade", args=[submission.pk])),
        ("get", reverse("assessments_trainer:grade_file", args=[submission.pk, stored.pk])),
        ("post", reverse("assessments_trainer:reopen", args=[submission.pk])),
        ("post", reverse("assessments_trainer:release_all")),
        (
            "get",
            reverse(
                "assessments_trainer:handins_download",
                args=[submission.enrollment.edition_id, submission.assignment_id],
            ),
        ),
        (
            "get",
            reverse(
                "assessments_trainer:grading_for_edition", args=[submission.enrollment.edition_id]
            ),
        ),
    ]


def test_trainer_pages_answer_their_trainer(client, graded_setup):
    _assignment, _enrollment, trainer, submission, stored = graded_setup
    client.force_login(trainer)
    for method, url in trainer_urls(submission, stored):
        response = getattr(client, method)(url)
        assert response.status_code in (200, 302), url
    file_response = client.get(trainer_urls(submission, stored)[2][1])
    assert file_response["Cache-Control"] == "private, no-store"
    assert b"".join(file_response.streaming_content).startswith(b"%PDF")


@pytest.mark.parametrize("who", ["learner", "other_learner", "other_trainer"])
def test_trainer_pages_are_404_for_anyone_else(client, graded_setup, who):
    assignment, enrollment, _trainer, submission, stored = graded_setup
    if who == "learner":
        user = enrollment.learner
    elif who == "other_learner":
        user = enrol(enrollment.edition).learner
    else:
        _a, other_enrollment, user = build_assignment()
    client.force_login(user)
    for method, url in trainer_urls(submission, stored):
        response = getattr(client, method)(url)
        if who == "other_trainer" and "/teach/grading/" in (url, url[:-8]):
            # their own queue (and a release of their own work): nothing of this edition
            assert response.status_code in (200, 302), url
            continue
        assert response.status_code == 404, url
    assert not Submission.objects.get().reopened
    if who == "other_trainer":
        page = client.get(reverse("assessments_trainer:grading_queue") + "?state=all")
        assert enrollment.learner.last_name not in page.content.decode()


def test_trainer_pages_send_anonymous_users_to_the_login(client, graded_setup):
    _assignment, _enrollment, _trainer, submission, stored = graded_setup
    for method, url in trainer_urls(submission, stored):
        response = getattr(client, method)(url)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"], url


def test_an_administrator_sees_every_edition(client, graded_setup):
    _assignment, _enrollment, _trainer, submission, _stored = graded_setup
    client.force_login(f.AdminFactory())
    assert client.get(reverse("assessments_trainer:grade", args=[submission.pk])).status_code == 200


# --- accessibility ------------------------------------------------------------------------------


def test_the_queue_and_grading_pages_are_accessible(client, graded_setup):
    _assignment, enrollment, trainer, submission, _stored = graded_setup
    reflection, r_enrollment, r_trainer = build_assignment(kind=Reflection, rubric=False)
    r_version = hand_in(reflection, r_enrollment, text="Terugblik")
    client.force_login(trainer)
    for url in (
        reverse("assessments_trainer:grading_queue"),
        reverse("assessments_trainer:grading_queue")
        + f"?assignment={submission.assignment_id}&state=all",
        reverse("assessments_trainer:grade", args=[submission.pk]),
    ):
        response = client.get(url)
        assert response.status_code == 200
        assert problems(response.content.decode()) == [], url
    client.force_login(r_trainer)
    page = client.get(reverse("assessments_trainer:grade", args=[r_version.submission_id]))
    assert problems(page.content.decode()) == []
    assert 'name="complete" value="yes"' in page.content.decode()


def test_an_essay_in_the_queue_opens_the_essay_review_and_returns_to_the_queue(client):
    quiz, enrollment, trainer = build_essay_quiz()
    attempt = submitted_attempt(quiz, enrollment)
    client.force_login(trainer)
    page = client.get(reverse("assessments_trainer:grading_queue")).content.decode()
    url = (
        reverse("assessments_trainer:review_attempt", args=[enrollment.edition_id, attempt.pk])
        + "?from=queue"
    )
    assert f'href="{url}"' in page
    response = client.post(url, {"score-2": "3", "feedback-2": "Goed"})
    assert response.status_code == 302
    assert response["Location"] == reverse("assessments_trainer:grading_queue")
    assert Attempt.objects.get(pk=attempt.pk).status == Attempt.Status.GRADED


def test_from_the_queue_the_essay_review_has_next_and_previous_and_goes_on_after_saving(client):
    quiz, enrollment, trainer = build_essay_quiz()
    first = submitted_attempt(quiz, enrollment)
    second_enrollment = f.EnrollmentFactory(edition=enrollment.edition)
    second = submitted_attempt(quiz, second_enrollment)
    client.force_login(trainer)

    def review_url(attempt):
        return (
            reverse("assessments_trainer:review_attempt", args=[enrollment.edition_id, attempt.pk])
            + "?from=queue"
        )

    queue = client.get(reverse("assessments_trainer:grading_queue")).content.decode()
    ordered = sorted([first, second], key=lambda a: queue.index(review_url(a)))
    page = client.get(review_url(ordered[0])).content.decode()
    assert f'href="{review_url(ordered[1])}" rel="next"' in page
    assert problems(page) == []
    assert 'rel="prev"' in client.get(review_url(ordered[1])).content.decode()

    response = client.post(review_url(ordered[0]), {"score-2": "3", "feedback-2": "Goed"})

    assert response.status_code == 302 and response["Location"] == review_url(ordered[1])


# --- moments of the recording -------------------------------------------------------------------


def test_moments_on_the_grading_page_are_play_controls_for_the_recording(client, graded_setup):
    _assignment, enrollment, trainer, submission, _stored = graded_setup
    version = submission.latest_version
    grade(
        version,
        trainer,
        state=Review.State.DRAFT,
        new_comments=[services.NewComment(at_seconds=84, note="Mooi")],
    )
    version.annotations = [{"at_seconds": 2, "quote": "", "category": "boos", "note": "Boos"}]
    version.save(update_fields=["annotations"])
    client.force_login(trainer)
    page = client.get(reverse("assessments_trainer:grade", args=[submission.pk])).content.decode()
    assert '<audio id="recording"' in page and "js/moments.js" in page
    for seconds, time in ((2, "0:02"), (84, "1:24")):
        assert (
            f'<button type="button" class="moment-time moment-seek" data-seek="{seconds}" '
            f'aria-controls="recording" aria-label="Speel af vanaf {time}" hidden>{time}</button>'
        ) in page
        assert f'<span class="moment-time" data-moment-text>{time}</span>' in page
    assert problems(page) == []


def test_without_a_recording_the_grading_page_has_no_play_controls(client):
    assignment, enrollment, trainer = build_assignment(kind=ConversationAnalysis)
    version = hand_in(assignment, enrollment, transcript="[00:02] Boos!")
    version.annotations = [{"at_seconds": 2, "quote": "", "category": "boos", "note": ""}]
    version.save(update_fields=["annotations"])
    client.force_login(trainer)
    page = client.get(reverse("assessments_trainer:grade", args=[version.submission_id]))
    html = page.content.decode()
    assert '<span class="moment-time" data-moment-text>0:02</span>' in html
    assert "Speel af vanaf" not in html and "js/moments.js" not in html
