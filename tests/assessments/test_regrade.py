"""Regrading after a wrong key: the service, the command and the admin action."""

from decimal import Decimal
from io import StringIO

import pytest
from django.core.exceptions import PermissionDenied
from django.core.management import CommandError, call_command
from django.test import TestCase
from django.urls import reverse

from assessments.models import Attempt, GradingEvent, QuestionBankChange, Quiz, QuizSlot
from assessments.questions import specs
from assessments.quizzes import services as attempts
from assessments.quizzes.regrade import RegradeError, attempts_regrade
from assessments.signals import result_changed
from tests import factories as f
from tests.assessments.quiz_factories import build_quiz, right_answer

pytestmark = pytest.mark.django_db

OLD_KEY = specs.SingleChoiceSpec((specs.Choice("boos", Decimal(1)), specs.Choice("blij")))
NEW_KEY = specs.SingleChoiceSpec((specs.Choice("boos"), specs.Choice("blij", Decimal(1))))


def committed(fn, **kwargs):
    """Run a service and then its on-commit work (grading, signals), as after a real commit."""
    with TestCase.captureOnCommitCallbacks(execute=True):
        return fn(**kwargs)


def graded_attempt(quiz, enrollment, *, first_answer):
    """An attempt with every answer right except the first question's, which is given."""
    attempt = attempts.attempt_start(enrollment=enrollment, quiz=quiz)
    for position in range(len(attempt.questions)):
        answer = first_answer if position == 0 else right_answer(position)
        attempts.response_save(
            attempt=attempt, position=position, answer=answer, user=enrollment.learner
        )
    committed(attempts.attempt_submit, attempt=attempt, user=enrollment.learner)
    attempt.refresh_from_db()
    return attempt


@pytest.fixture
def setup():
    """Two learners who answered the first question differently, and the question's key fixed
    afterwards: "blij" was the right answer, not "boos"."""
    quiz, enrollment = build_quiz()
    other = f.EnrollmentFactory(edition=enrollment.edition)
    blij = graded_attempt(quiz, enrollment, first_answer=1)
    boos = graded_attempt(quiz, other, first_answer=0)
    question = QuizSlot.objects.get(quiz=quiz, order=1).question
    question.key = specs.spec_to_json(NEW_KEY)
    question.save()
    return {"quiz": quiz, "question": question, "blij": blij, "boos": boos}


@pytest.fixture
def received():
    calls = []
    result_changed.connect(
        lambda **kw: calls.append((kw["enrollment_id"], kw["attempt_id"])),
        weak=False,
        dispatch_uid="test_regrade",
    )
    yield calls
    result_changed.disconnect(dispatch_uid="test_regrade")


def test_regrade_rescores_affected_attempts_and_records_who_why_and_old_new(setup, received):
    admin = f.AdminFactory()
    blij, boos = setup["blij"], setup["boos"]
    assert (blij.percentage, boos.percentage) == (Decimal("80.00"), Decimal("100.00"))

    report = committed(
        attempts_regrade, question=setup["question"], actor=admin, reason="Blij was goed"
    )

    blij.refresh_from_db()
    boos.refresh_from_db()
    assert blij.percentage == Decimal("100.00") and blij.points == Decimal("5.00")
    assert boos.percentage == Decimal("80.00") and boos.passed is True
    assert blij.status == boos.status == Attempt.Status.GRADED
    assert report.regraded == 2 and report.scores_changed == 2
    events = GradingEvent.objects.filter(kind=GradingEvent.Kind.REGRADED).order_by("attempt_id")
    assert [
        (e.attempt_id, e.actor, e.reason, e.old_percentage, e.new_percentage) for e in events
    ] == [
        (blij.pk, admin, "Blij was goed", Decimal("80.00"), Decimal("100.00")),
        (boos.pk, admin, "Blij was goed", Decimal("100.00"), Decimal("80.00")),
    ]
    assert sorted(received) == sorted(
        [(blij.enrollment_id, blij.pk), (boos.enrollment_id, boos.pk)]
    )
    entry = blij.questions[0]
    assert entry["spec"] == specs.spec_to_json(NEW_KEY)
    assert entry["spec_before_regrade"] == specs.spec_to_json(OLD_KEY)
    assert blij.questions[1].get("spec_before_regrade") is None
    assert blij.responses.get(position=0).points == Decimal("1.00")


def test_attempts_without_the_question_are_not_touched(setup):
    other_quiz, other_enrollment = build_quiz()
    untouched = graded_attempt(other_quiz, other_enrollment, first_answer=1)
    committed(attempts_regrade, question=setup["question"], actor=None, reason="Sleutel fout")
    untouched.refresh_from_db()
    assert untouched.percentage == Decimal("80.00")
    assert "spec_before_regrade" not in untouched.questions[0]
    assert not GradingEvent.objects.filter(attempt=untouched, kind="regraded").exists()


def test_a_second_regrade_with_the_same_key_changes_nothing(setup, received):
    committed(attempts_regrade, question=setup["question"], actor=None, reason="Eerste keer")
    received.clear()
    events = GradingEvent.objects.count()

    report = committed(
        attempts_regrade, question=setup["question"], actor=None, reason="Nog een keer"
    )

    assert report.regraded == 0 and report.unchanged == 2
    assert GradingEvent.objects.count() == events
    assert received == []
    blij = Attempt.objects.get(pk=setup["blij"].pk)
    assert blij.percentage == Decimal("100.00")
    assert blij.questions[0]["spec_before_regrade"] == specs.spec_to_json(OLD_KEY)


@pytest.mark.parametrize("reason", ["", "   ", None])
def test_a_reason_is_required_and_nothing_changes_without_one(setup, reason):
    with pytest.raises(RegradeError, match="Geef een reden op"):
        attempts_regrade(question=setup["question"], actor=None, reason=reason)
    blij = Attempt.objects.get(pk=setup["blij"].pk)
    assert blij.percentage == Decimal("80.00") and "spec_before_regrade" not in blij.questions[0]
    assert not GradingEvent.objects.filter(kind="regraded").exists()


def test_a_key_that_gives_nobody_full_marks_is_refused(setup):
    question = setup["question"]
    question.key = specs.spec_to_json(
        specs.SingleChoiceSpec((specs.Choice("boos"), specs.Choice("blij")))
    )
    question.save()
    with pytest.raises(RegradeError, match="klopt nog niet"):
        attempts_regrade(question=question, actor=None, reason="Sleutel fout")
    assert not GradingEvent.objects.filter(kind="regraded").exists()


def test_an_attempt_still_in_progress_gets_the_new_key_and_is_graded_with_it(setup):
    question = setup["question"]
    question.key = specs.spec_to_json(OLD_KEY)
    question.save()
    learner_enrollment = f.EnrollmentFactory(edition=setup["blij"].enrollment.edition)
    in_progress = attempts.attempt_start(enrollment=learner_enrollment, quiz=setup["quiz"])
    question.key = specs.spec_to_json(NEW_KEY)
    question.save()

    report = committed(
        attempts_regrade, question=setup["question"], actor=None, reason="Sleutel fout"
    )

    assert report.pending_updated == 1
    assert not GradingEvent.objects.filter(attempt=in_progress).exists()
    in_progress.refresh_from_db()
    assert in_progress.questions[0]["spec"] == specs.spec_to_json(NEW_KEY)
    for position in range(len(in_progress.questions)):
        answer = 1 if position == 0 else right_answer(position)
        attempts.response_save(
            attempt=in_progress, position=position, answer=answer, user=learner_enrollment.learner
        )
    committed(attempts.attempt_submit, attempt=in_progress, user=learner_enrollment.learner)
    in_progress.refresh_from_db()
    assert in_progress.percentage == Decimal("100.00")


# --- the command ------------------------------------------------------------------------------


def test_the_command_regrades_and_records_the_user(setup):
    admin = f.AdminFactory(username="beheerder")
    out = StringIO()
    with TestCase.captureOnCommitCallbacks(execute=True):
        call_command(
            "regrade_quiz",
            "--question",
            str(setup["question"].pk),
            "--reason",
            "Blij was goed",
            "--user",
            "beheerder",
            stdout=out,
        )
    assert "2 pogingen opnieuw nagekeken" in out.getvalue()
    assert Attempt.objects.get(pk=setup["blij"].pk).percentage == Decimal("100.00")
    assert set(GradingEvent.objects.filter(kind="regraded").values_list("actor", flat=True)) == {
        admin.pk
    }


def test_the_command_fails_clearly_for_an_unknown_question_user_or_missing_reason(setup):
    with pytest.raises(CommandError, match="Vraag 999999 bestaat niet"):
        call_command("regrade_quiz", "--question", "999999", "--reason", "x")
    with pytest.raises(CommandError, match="Gebruiker 'niemand' bestaat niet"):
        call_command(
            "regrade_quiz",
            "--question",
            str(setup["question"].pk),
            "--reason",
            "x",
            "--user",
            "niemand",
        )
    with pytest.raises(CommandError, match="Geef een reden op"):
        call_command("regrade_quiz", "--question", str(setup["question"].pk), "--reason", " ")
    assert not GradingEvent.objects.filter(kind="regraded").exists()


# --- the admin action -------------------------------------------------------------------------


def test_the_admin_action_asks_for_a_reason_then_regrades(setup, client):
    admin = f.AdminFactory()
    client.force_login(admin)
    url = reverse("admin:assessments_question_changelist")
    question = setup["question"]
    selected = {"action": "regrade_questions", "_selected_action": [question.pk]}

    page = client.post(url, {**selected, "index": "0"})
    assert page.status_code == 200
    assert b'name="reason"' in page.content and question.name.encode() in page.content

    missing = client.post(url, {**selected, "apply": "1", "reason": " "})
    assert missing.status_code == 200 and b"errornote" in missing.content
    assert not GradingEvent.objects.filter(kind="regraded").exists()

    with TestCase.captureOnCommitCallbacks(execute=True):
        done = client.post(url, {**selected, "apply": "1", "reason": "Blij was goed"})
    assert done.status_code == 302
    events = GradingEvent.objects.filter(kind="regraded")
    assert events.count() == 2 and {e.actor for e in events} == {admin}
    assert Attempt.objects.get(pk=setup["blij"].pk).percentage == Decimal("100.00")


def test_grading_events_are_listed_read_only_for_administrators(setup, client):
    admin = f.AdminFactory()
    committed(attempts_regrade, question=setup["question"], actor=admin, reason="Blij was goed")
    client.force_login(admin)
    listing = client.get(reverse("admin:assessments_gradingevent_changelist"))
    assert listing.status_code == 200 and b"Blij was goed" in listing.content
    event = GradingEvent.objects.filter(kind="regraded").first()
    detail = client.get(reverse("admin:assessments_gradingevent_change", args=[event.pk]))
    assert detail.status_code == 200 and b'name="reason"' not in detail.content
    assert client.get(reverse("admin:assessments_gradingevent_add")).status_code == 403
    client.force_login(f.UserFactory())
    assert client.get(reverse("admin:assessments_gradingevent_changelist")).status_code == 302


# --- who may regrade (issue 20) and the audit trail -------------------------------------------


def test_a_regrade_by_a_trainer_who_is_no_author_is_refused_and_changes_nothing(setup):
    quiz = setup["quiz"]
    trainer = f.UserFactory()
    setup["blij"].enrollment.edition.trainers.add(trainer)
    with pytest.raises(PermissionDenied):
        attempts_regrade(question=setup["question"], actor=trainer, reason="Blij was goed")
    assert Attempt.objects.get(pk=setup["blij"].pk).percentage == Decimal("80.00")
    assert not GradingEvent.objects.filter(kind="regraded").exists()
    assert not QuestionBankChange.objects.exists()
    other_course = f.CourseFactory()
    other_course.authors.add(trainer)  # an author of another course is no author of this one
    with pytest.raises(PermissionDenied):
        attempts_regrade(question=setup["question"], actor=trainer, reason="x")
    assert quiz.attempts.filter(percentage=Decimal("100.00")).count() == 1


def test_a_regrade_of_an_exam_by_the_courses_author_is_audited(setup):
    quiz = setup["quiz"]
    Quiz.objects.filter(pk=quiz.pk).update(is_exam=True)
    author = f.UserFactory(first_name="Anouk", last_name="Hendriks")
    quiz.module.course.authors.add(author)
    committed(attempts_regrade, question=setup["question"], actor=author, reason="Blij was goed")
    assert Attempt.objects.get(pk=setup["blij"].pk).percentage == Decimal("100.00")
    change = QuestionBankChange.objects.get()
    assert change.action == QuestionBankChange.Action.REGRADED
    assert (change.actor, change.actor_name) == (author, "Anouk Hendriks")
    assert change.course == quiz.module.course and change.quiz_id == quiz.pk
    assert change.affects_exam and change.question_ids == [setup["question"].pk]
    assert "2 pogingen, waarvan 2 met een ander resultaat" in change.summary
    assert "Blij was goed" in change.summary

    committed(attempts_regrade, question=setup["question"], actor=author, reason="Nog eens")
    assert QuestionBankChange.objects.count() == 1  # nothing changed: nothing to record


def test_the_admin_regrade_by_an_administrator_is_audited(setup, client):
    admin = f.AdminFactory()
    client.force_login(admin)
    with TestCase.captureOnCommitCallbacks(execute=True):
        client.post(
            reverse("admin:assessments_question_changelist"),
            {
                "action": "regrade_questions",
                "_selected_action": [setup["question"].pk],
                "apply": "1",
                "reason": "Blij was goed",
            },
        )
    change = QuestionBankChange.objects.get()
    assert change.actor == admin and change.action == QuestionBankChange.Action.REGRADED
    assert not change.affects_exam  # a practice quiz


def test_a_course_author_who_is_no_staff_cannot_regrade_in_the_admin(setup, client):
    author = f.UserFactory()
    setup["quiz"].module.course.authors.add(author)
    client.force_login(author)
    response = client.post(
        reverse("admin:assessments_question_changelist"),
        {
            "action": "regrade_questions",
            "_selected_action": [setup["question"].pk],
            "apply": "1",
            "reason": "Blij was goed",
        },
    )
    assert response.status_code == 302 and "/login/" in response["Location"]
    assert not GradingEvent.objects.filter(kind="regraded").exists()


def test_the_command_refuses_a_user_who_is_no_author(setup):
    f.UserFactory(username="ruud")
    with pytest.raises(CommandError, match="geen beheerder of auteur"):
        call_command(
            "regrade_quiz",
            "--question",
            str(setup["question"].pk),
            "--reason",
            "Blij was goed",
            "--user",
            "ruud",
        )
    assert not GradingEvent.objects.filter(kind="regraded").exists()
