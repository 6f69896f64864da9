"""A learner hands in a new version while the trainer has a review of the previous one.

An unreleased review (draft or ready) moves to the new version as a draft, with the trainer's
levels, feedback and comments, and the grading page and queue say so; a released review stays
with the version it graded. A trainer whose page still shows the old version cannot save over
the new one, and nothing is recorded as a grade change that was not one."""

import datetime as dt
import re
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from assessments.assignments import selectors, services
from assessments.models import GradeChange, Review, ReviewComment, Submission
from courses import selectors as course_selectors
from tests.a11y import problems
from tests.assessments.assignment_factories import build_assignment, committed, grade, hand_in

pytestmark = pytest.mark.django_db

NOTICE = "De cursist heeft een nieuwe versie ingeleverd na je concept; controleer je beoordeling."


def ago(minutes: int) -> dt.datetime:
    """A moment in the recent past: the story's steps keep their order, and a save the test
    makes at the real time comes after all of them."""
    return timezone.now() - dt.timedelta(minutes=minutes)


def submission_of(version) -> Submission:
    submission = Submission.objects.select_related("enrollment__edition").get(
        pk=version.submission_id
    )
    submission.assignment = submission.assignment.get_real_instance()
    return submission


def save(version, trainer, *, lock: int, now=None, version_id=None, **fields) -> Review:
    """The trainer's save, as the grading page makes it (the version the page showed)."""
    fields.setdefault("levels", {0: 2, 1: 1})
    data = services.ReviewInput(lock_version=lock, version_id=version_id, **fields)
    return committed(
        services.review_save,
        submission=submission_of(version),
        version=Submission.objects.get(pk=version.submission_id).latest_version,
        data=data,
        grader=trainer,
        now=now,
    )


@pytest.fixture
def drafted():
    """Version 1 handed in, and the trainer's draft review of it: levels, feedback, a comment."""
    assignment, enrollment, trainer = build_assignment()
    first = hand_in(assignment, enrollment, text="Versie een", now=ago(30))
    review = save(
        first,
        trainer,
        lock=0,
        version_id=first.pk,
        feedback="Goed begin; let op het samenvatten.",
        new_comments=[services.NewComment(at_seconds=12, note="Hier vraag je door")],
        now=ago(20),
    )
    return assignment, enrollment, trainer, first, review


# --- the services ------------------------------------------------------------------------------


def test_a_draft_review_moves_to_the_new_version_with_the_trainers_work(drafted):
    assignment, enrollment, trainer, first, review = drafted
    changes_before = GradeChange.objects.count()

    second = hand_in(assignment, enrollment, text="Versie twee", now=ago(10))

    moved = Review.objects.get()
    assert moved.pk == review.pk and moved.version_id == second.pk
    assert (moved.state, moved.levels, moved.points) == ("draft", {"0": 2, "1": 1}, Decimal(4))
    assert moved.feedback == "Goed begin; let op het samenvatten."
    assert list(ReviewComment.objects.values_list("review_id", "at_seconds")) == [(moved.pk, 12)]
    assert moved.lock_version == review.lock_version + 1  # an open page cannot save over it
    assert moved.updated_at == review.updated_at  # the trainer did not save anything
    assert GradeChange.objects.count() == changes_before  # nothing changed in grade or state
    assert selectors.review_predates_version(review=moved, version=second)
    assert not Review.objects.filter(version=first).exists()


def test_the_queue_shows_the_work_as_waiting_again_with_the_draft_grade(drafted):
    assignment, enrollment, trainer, _first, _review = drafted
    hand_in(assignment, enrollment, text="Versie twee", now=ago(10))
    (item,) = selectors.grading_queue_list(user=trainer)
    assert (item.state, item.version, item.draft_predates_version) == (selectors.WAITING, 2, True)
    assert item.grade == "4/6 (66,67%)"
    assert selectors.grading_queue_list(user=trainer, state=selectors.READY) == []


def test_a_ready_review_goes_back_to_draft_and_is_not_released_for_unseen_work(drafted):
    assignment, enrollment, trainer, first, review = drafted
    ready = save(
        first, trainer, lock=review.lock_version, levels={0: 2, 1: 2}, state="ready", now=ago(15)
    )
    second = hand_in(assignment, enrollment, text="Versie twee", now=ago(10))

    moved = Review.objects.get()
    assert (moved.version_id, moved.state, moved.lock_version) == (
        second.pk,
        "draft",
        ready.lock_version + 1,
    )
    change = GradeChange.objects.order_by("pk").last()
    assert (change.actor, change.old_state, change.new_state) == (None, "ready", "draft")
    assert change.old_grade == change.new_grade == "6/6 (100%)"
    assert "versie 2" in change.reason
    assert committed(services.reviews_release, user=trainer, assignment_id=assignment.pk) == 0
    assert Review.objects.get().state == "draft"


def test_a_released_review_stays_with_its_version_and_the_new_version_starts_afresh():
    assignment, enrollment, trainer = build_assignment()
    first = hand_in(assignment, enrollment, text="Versie een")
    released = grade(first, trainer, levels={0: 1, 1: 2}, state=Review.State.RELEASED)
    changes = list(GradeChange.objects.values_list("pk", "new_state"))

    second = hand_in(assignment, enrollment, text="Versie twee")

    kept = Review.objects.get()
    assert (kept.pk, kept.version_id, kept.state) == (released.pk, first.pk, "released")
    assert kept.lock_version == released.lock_version
    assert list(GradeChange.objects.values_list("pk", "new_state")) == changes
    (item,) = selectors.grading_queue_list(user=trainer)
    assert (item.state, item.version, item.grade) == (selectors.WAITING, 2, "")
    assert selectors.review_previous_released(version=second) == kept

    fresh = save(second, trainer, lock=0, version_id=second.pk, levels={0: 2, 1: 2})
    assert fresh.pk != kept.pk and fresh.version_id == second.pk and fresh.lock_version == 1
    assert Review.objects.get(pk=kept.pk).points == Decimal(5)  # the history is untouched


def test_after_a_reopening_past_the_due_date_the_draft_follows_the_late_version(drafted):
    assignment, enrollment, trainer, first, _review = drafted
    services.submission_reopen(submission=submission_of(first), user=trainer)
    later = course_selectors.lesson_dates_for_enrollment(enrollment, assignment).due_at
    second = hand_in(assignment, enrollment, text="Verbeterd", now=later + dt.timedelta(days=1))
    assert second.late
    assert Review.objects.get().version_id == second.pk


def test_handing_in_nothing_new_moves_nothing(drafted):
    assignment, enrollment, _trainer, first, review = drafted
    again = hand_in(assignment, enrollment, text="Versie een", now=ago(10))  # a double click
    assert again.pk == first.pk
    assert Review.objects.get().lock_version == review.lock_version


def test_a_trainer_whose_page_shows_the_old_version_cannot_save_over_the_new_one(drafted):
    assignment, enrollment, trainer, first, review = drafted
    hand_in(assignment, enrollment, text="Versie twee", now=ago(10))
    changes = GradeChange.objects.count()

    # the page was opened before the hand-in: version 1, the lock as it was then
    with pytest.raises(services.NewVersion, match="nieuwe versie ingeleverd"):
        save(first, trainer, lock=review.lock_version, version_id=first.pk, feedback="Oud")
    # a form that does not say its version is still caught by the raised lock
    with pytest.raises(services.Conflict):
        save(first, trainer, lock=review.lock_version, feedback="Oud")

    unchanged = Review.objects.get()
    assert unchanged.feedback == "Goed begin; let op het samenvatten."
    assert GradeChange.objects.count() == changes


def test_a_page_opened_before_any_review_cannot_grade_the_new_version_unseen():
    assignment, enrollment, trainer = build_assignment()
    first = hand_in(assignment, enrollment, text="Versie een")
    second = hand_in(assignment, enrollment, text="Versie twee")
    with pytest.raises(services.NewVersion):
        save(second, trainer, lock=0, version_id=first.pk, state="released", levels={0: 2, 1: 2})
    assert not Review.objects.exists()


def test_checking_the_moved_draft_records_only_real_changes(drafted):
    assignment, enrollment, trainer, _first, review = drafted
    second = hand_in(assignment, enrollment, text="Versie twee", now=ago(10))
    moved = Review.objects.get()
    changes = GradeChange.objects.count()

    # saved again as it was: no grade change, and the notice is gone
    checked = save(
        second,
        trainer,
        lock=moved.lock_version,
        version_id=second.pk,
        feedback=moved.feedback,
        now=ago(5),
    )
    assert GradeChange.objects.count() == changes
    assert not selectors.review_predates_version(review=checked, version=second)

    # a real change is recorded as a change of the existing review, not as a new one
    save(
        second,
        trainer,
        lock=checked.lock_version,
        version_id=second.pk,
        levels={0: 1, 1: 1},
        state="ready",
        now=ago(4),
    )
    change = GradeChange.objects.order_by("pk").last()
    assert (change.old_grade, change.new_grade) == ("4/6 (66,67%)", "3/6 (50%)")
    assert (change.old_state, change.new_state) == ("draft", "ready")


def test_the_learner_never_sees_the_moved_draft(client, drafted):
    assignment, enrollment, _trainer, _first, _review = drafted
    hand_in(assignment, enrollment, text="Versie twee", now=ago(10))
    client.force_login(enrollment.learner)
    page = client.get(
        reverse("courses:lesson", args=[enrollment.edition_id, assignment.pk])
    ).content.decode()
    assert "Goed begin" not in page and "Feedback van je trainer" not in page


# --- the grading page ---------------------------------------------------------------------------


def grade_url(version) -> str:
    return reverse("assessments_trainer:grade", args=[version.submission_id])


def hidden(page: str, name: str) -> str:
    return re.search(rf'<input type="hidden" name="{name}" value="(\d+)"', page).group(1)


def opened_form(page: str, *, levels: str = "0", **fields) -> dict:
    """What the grading form posts: its lock and version as the page gave them, a level for
    both criteria, and `fields`."""
    return {
        "lock_version": hidden(page, "lock_version"),
        "version": hidden(page, "version"),
        "level-0": levels,
        "level-1": levels,
        **fields,
    }


def test_the_grading_page_says_the_draft_predates_the_new_version(client, drafted):
    assignment, enrollment, trainer, _first, _review = drafted
    second = hand_in(assignment, enrollment, text="Versie twee", now=ago(10))
    client.force_login(trainer)

    page = client.get(grade_url(second)).content.decode()
    assert NOTICE in page and "versie 2, ingeleverd op" in page
    assert "Goed begin; let op het samenvatten.</textarea>" in page  # the draft is kept
    assert hidden(page, "version") == str(second.pk)
    assert problems(page) == []
    queue = client.get(reverse("assessments_trainer:grading_queue")).content.decode()
    assert "nieuwe versie na je concept" in queue and "Beoordelen<span" in queue

    response = client.post(
        grade_url(second),
        {
            "lock_version": hidden(page, "lock_version"),
            "version": hidden(page, "version"),
            "level-0": "2",
            "level-1": "1",
            "feedback": "Nagekeken op versie 2.",
            "state": "draft",
        },
    )
    assert response.status_code == 302
    assert NOTICE not in client.get(grade_url(second)).content.decode()


def test_saving_a_page_opened_before_the_resubmission_gives_the_conflict_message(client, drafted):
    assignment, enrollment, trainer, first, _review = drafted
    client.force_login(trainer)
    form = opened_form(
        client.get(grade_url(first)).content.decode(),
        feedback="Mijn oordeel over versie een",
        state="released",
    )
    assert form["version"] == str(first.pk)

    second = hand_in(assignment, enrollment, text="Versie twee", now=ago(10))
    response = client.post(grade_url(first), form)

    assert response.status_code == 409
    page = response.content.decode()
    assert "Niet bewaard: er is een nieuwe versie" in page
    assert "nieuwe versie ingeleverd nadat jij deze pagina opende" in page
    assert "Mijn oordeel over versie een</textarea>" in page  # to copy, not lost
    assert NOTICE in page and hidden(page, "version") == str(second.pk)
    review = Review.objects.get()
    assert (review.state, review.feedback) == ("draft", "Goed begin; let op het samenvatten.")
    assert not GradeChange.objects.filter(new_state="released").exists()


def test_the_grading_page_of_a_new_version_names_the_released_grade_of_the_last(client):
    assignment, enrollment, trainer = build_assignment()
    first = hand_in(assignment, enrollment, text="Versie een")
    grade(first, trainer, levels={0: 2, 1: 2}, state=Review.State.RELEASED)
    second = hand_in(assignment, enrollment, text="Versie twee")
    client.force_login(trainer)
    page = client.get(grade_url(second)).content.decode()
    assert "Versie 1 is al beoordeeld en vrijgegeven: 6/6 (100%)." in page
    assert NOTICE not in page and hidden(page, "lock_version") == "0"


def test_a_form_shown_again_after_a_mistake_keeps_the_version_it_was_opened_for(client, drafted):
    assignment, enrollment, trainer, first, _review = drafted
    client.force_login(trainer)
    form = opened_form(
        client.get(grade_url(first)).content.decode(),
        levels="1",
        feedback="Over versie een",
        state="draft",
        **{"comment-0-time": "kwart over", "comment-0-note": "Hier"},
    )
    hand_in(assignment, enrollment, text="Versie twee", now=ago(10))

    mistake = client.post(grade_url(first), form)
    assert mistake.status_code == 400
    again = mistake.content.decode()
    assert (hidden(again, "version"), hidden(again, "lock_version")) == (
        form["version"],
        form["lock_version"],
    )

    fixed = {**form, "comment-0-time": "0:15"}
    assert client.post(grade_url(first), fixed).status_code == 409
    assert Review.objects.get().feedback == "Goed begin; let op het samenvatten."
