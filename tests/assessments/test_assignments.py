"""Open work, the learner's side: drafts, hand-in versions, deadlines, late work, uploads
checked by content, conversation annotations, and the outcomes the course result reads."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from assessments.assignments import services, uploads
from assessments.models import (
    Annotation,
    AnnotationCategory,
    ConversationAnalysis,
    Reflection,
    Review,
    Submission,
    SubmissionFile,
    SubmissionVersion,
)
from assessments.results import gradable
from assessments.results import rules as result_rules
from assessments.results import selectors as result_selectors
from assessments.results import services as results
from courses import selectors as course_selectors
from courses.models import DueDateExtension, LessonProgress
from tests import factories as f
from tests.assessments.assignment_factories import (
    EXE,
    PDF,
    build_assignment,
    committed,
    grade,
    hand_in,
    upload,
    wav_bytes,
)

pytestmark = pytest.mark.django_db


def due_at(assignment, enrollment):
    return course_selectors.lesson_dates_for_enrollment(enrollment, assignment).due_at


def draft(assignment, enrollment, **data):
    return services.submission_draft_save(
        enrollment=enrollment,
        assignment=assignment,
        data=services.DraftInput(**data),
        user=enrollment.learner,
    )


# --- drafts and versions ---------------------------------------------------------------------


def test_learner_saves_a_draft_then_hands_in_version_1_and_the_lesson_is_done():
    assignment, enrollment, _trainer = build_assignment()
    submission = draft(assignment, enrollment, text="Eerste opzet")
    assert submission.state == Submission.State.DRAFT and submission.text == "Eerste opzet"
    assert not SubmissionVersion.objects.exists()

    version = committed(
        services.submission_submit,
        enrollment=enrollment,
        assignment=assignment,
        user=enrollment.learner,
    )
    assert (version.number, version.text, version.late) == (1, "Eerste opzet", False)
    submission.refresh_from_db()
    assert submission.state == Submission.State.SUBMITTED
    assert submission.latest_version == version
    assert LessonProgress.objects.get(enrollment=enrollment, lesson=assignment).completed_at


def test_a_second_click_with_nothing_changed_hands_in_nothing_new():
    assignment, enrollment, _trainer = build_assignment()
    first = hand_in(assignment, enrollment)
    again = committed(
        services.submission_submit,
        enrollment=enrollment,
        assignment=assignment,
        user=enrollment.learner,
    )
    assert again.pk == first.pk
    assert SubmissionVersion.objects.count() == 1


def test_resubmitting_before_the_due_date_makes_a_new_version_and_keeps_the_old_one():
    assignment, enrollment, _trainer = build_assignment()
    hand_in(assignment, enrollment, text="Versie een")
    second = hand_in(assignment, enrollment, text="Versie twee")
    assert second.number == 2
    assert list(SubmissionVersion.objects.order_by("number").values_list("text", flat=True)) == [
        "Versie een",
        "Versie twee",
    ]


def test_an_empty_submission_is_refused_and_changes_nothing():
    assignment, enrollment, _trainer = build_assignment()
    draft(assignment, enrollment, text="   ")
    with pytest.raises(services.SubmissionError, match="nog leeg"):
        services.submission_submit(
            enrollment=enrollment, assignment=assignment, user=enrollment.learner
        )
    assert not SubmissionVersion.objects.exists()
    assert Submission.objects.get().state == Submission.State.DRAFT


def test_another_user_cannot_save_or_hand_in_in_a_learners_enrolment():
    assignment, enrollment, trainer = build_assignment()
    with pytest.raises(PermissionDenied):
        services.submission_draft_save(
            enrollment=enrollment,
            assignment=assignment,
            data=services.DraftInput(text="x"),
            user=trainer,
        )
    with pytest.raises(PermissionDenied):
        services.submission_submit(enrollment=enrollment, assignment=assignment, user=trainer)
    assert not Submission.objects.exists()


def test_work_on_an_assignment_that_is_not_open_yet_is_refused():
    assignment, enrollment, _trainer = build_assignment(first_day_ago=-5)  # the day is ahead
    with pytest.raises(services.SubmissionError, match="nog niet open"):
        draft(assignment, enrollment, text="Te vroeg")
    assert not Submission.objects.exists()


# --- deadlines, extensions, late work --------------------------------------------------------


def test_hand_in_after_the_due_date_without_extension_is_refused_and_changes_nothing():
    assignment, enrollment, _trainer = build_assignment()
    draft(assignment, enrollment, text="Bijna klaar")
    later = due_at(assignment, enrollment) + dt.timedelta(hours=1)
    with pytest.raises(services.SubmissionError, match="De deadline was"):
        services.submission_submit(
            enrollment=enrollment, assignment=assignment, user=enrollment.learner, now=later
        )
    with pytest.raises(services.SubmissionError, match="uitstel"):
        services.submission_draft_save(
            enrollment=enrollment,
            assignment=assignment,
            data=services.DraftInput(text="Veranderd"),
            user=enrollment.learner,
            now=later,
        )
    assert not SubmissionVersion.objects.exists()
    assert Submission.objects.get().text == "Bijna klaar"


def test_the_learners_extension_moves_the_deadline_so_the_work_is_on_time():
    assignment, enrollment, trainer = build_assignment()
    due = due_at(assignment, enrollment)
    DueDateExtension.objects.create(
        enrollment=enrollment,
        lesson=assignment,
        due_at=due + dt.timedelta(days=3),
        granted_by=trainer,
    )
    version = hand_in(assignment, enrollment, now=due + dt.timedelta(days=1))
    assert version.late is False
    assert version.due_at == due + dt.timedelta(days=3)


def test_late_work_is_accepted_once_and_marked_late_when_the_assignment_allows_it():
    assignment, enrollment, _trainer = build_assignment(accept_late=True)
    later = due_at(assignment, enrollment) + dt.timedelta(days=1)
    version = hand_in(assignment, enrollment, now=later)
    assert version.late is True
    with pytest.raises(services.SubmissionError, match="De deadline was"):
        hand_in(assignment, enrollment, text="Nog een versie", now=later)


def test_after_the_trainer_reopens_the_learner_may_hand_in_again_after_the_due_date():
    assignment, enrollment, trainer = build_assignment()
    first = hand_in(assignment, enrollment)
    later = due_at(assignment, enrollment) + dt.timedelta(days=2)
    submission = Submission.objects.get()
    services.submission_reopen(submission=submission, user=trainer)
    second = hand_in(assignment, enrollment, text="Verbeterd", now=later)
    assert (second.number, second.late) == (2, True)
    assert first.late is False
    assert Submission.objects.get().reopened is False  # one new version per reopening


def test_a_trainer_of_another_edition_cannot_reopen():
    assignment, enrollment, _trainer = build_assignment()
    hand_in(assignment, enrollment)
    with pytest.raises(PermissionDenied):
        services.submission_reopen(submission=Submission.objects.get(), user=f.UserFactory())


# --- uploads, checked by what they are ---------------------------------------------------------


def test_a_file_named_pdf_that_is_really_an_exe_is_refused_and_nothing_is_saved():
    assignment, enrollment, _trainer = build_assignment()
    with pytest.raises(services.SubmissionError) as refused:
        draft(assignment, enrollment, text="Mijn tekst", new_files=[upload("verslag.pdf", EXE)])
    assert "verslag.pdf" in refused.value.messages[0]
    assert "We hebben gekeken wat er in het bestand zit" in refused.value.messages[0]
    assert not Submission.objects.exists()
    assert not SubmissionFile.objects.exists()


def test_a_real_pdf_is_accepted_and_kept_with_the_version():
    assignment, enrollment, _trainer = build_assignment()
    version = hand_in(assignment, enrollment, new_files=[upload("verslag.pdf", PDF)])
    stored = version.files.get()
    assert (stored.name, stored.content_type, stored.kind) == (
        "verslag.pdf",
        "application/pdf",
        "file",
    )
    # removing it from the draft later leaves the version as it was handed in
    draft(assignment, enrollment, remove_file_ids={stored.pk})
    assert not SubmissionFile.objects.get().in_draft
    assert version.files.count() == 1


def test_an_oversized_file_is_refused_in_plain_dutch():
    assignment, enrollment, _trainer = build_assignment(max_file_mb=1)
    big = PDF + b"0" * (1024 * 1024 + 10)
    with pytest.raises(services.SubmissionError, match="te groot"):
        draft(assignment, enrollment, text="x", new_files=[upload("groot.pdf", big)])
    assert not SubmissionFile.objects.exists()


def test_a_file_type_the_assignment_does_not_allow_is_refused():
    assignment, enrollment, _trainer = build_assignment(allowed_file_types="docx")
    with pytest.raises(services.SubmissionError, match="Word"):
        draft(assignment, enrollment, new_files=[upload("verslag.pdf", PDF)])


def test_no_more_files_than_the_assignment_allows():
    assignment, enrollment, _trainer = build_assignment(max_files=1)
    with pytest.raises(services.SubmissionError, match="hoogstens 1 bestanden"):
        draft(assignment, enrollment, new_files=[upload("a.pdf", PDF), upload("b.pdf", PDF)])


def test_an_audio_recording_must_be_audio():
    assignment, enrollment, _trainer = build_assignment(accepts_audio=True)
    with pytest.raises(services.SubmissionError):
        draft(assignment, enrollment, new_audio=upload("opname.mp3", PDF))
    submission = draft(assignment, enrollment, new_audio=upload("opname.wav", wav_bytes()))
    assert submission.files.get().kind == SubmissionFile.Kind.AUDIO
    # a new recording replaces the one in the draft
    draft(assignment, enrollment, new_audio=upload("nieuw.wav", wav_bytes()))
    assert submission.files.filter(in_draft=True).get().name == "nieuw.wav"


@pytest.mark.parametrize(
    ("head", "kind"),
    [
        (PDF, "pdf"),
        (EXE, None),
        (b"\x89PNG\r\n\x1a\n" + b"\x00" * 20, "png"),
        ("Gewone tekst met één ë".encode(), "txt"),
        (b"\x00\x01\x02binary", None),
        (b"", None),
    ],
)
def test_kinds_are_detected_from_the_content(head, kind):
    assert uploads.detect(head) == kind


def test_a_pdf_named_docx_is_refused_because_it_would_open_wrongly():
    with pytest.raises(uploads.UploadRefused, match="niet op .pdf"):
        uploads.check(
            name="x.docx", size=len(PDF), head=PDF, allowed=["pdf", "docx"], max_bytes=10**6
        )


# --- conversation analysis --------------------------------------------------------------------


def test_annotations_at_moments_with_the_courses_categories_are_frozen_into_the_version():
    assignment, enrollment, _trainer = build_assignment(
        kind=ConversationAnalysis, accepts_audio=True
    )
    boos = AnnotationCategory.objects.get(name="boos")
    version = hand_in(
        assignment,
        enrollment,
        transcript="[00:10] Klant: Ik sta hier voor de tweede keer!",
        new_audio=upload("gesprek.wav", wav_bytes()),
        new_annotations=[
            services.NewAnnotation(at_seconds=10, category_id=boos.pk, note="Hij is boos."),
            services.NewAnnotation(quote="tweede keer", note="Herhaling"),
        ],
    )
    assert sorted(
        (a["at_seconds"] or 0, a["category"], a["kind"], a["quote"]) for a in version.annotations
    ) == [(0, "", "", "tweede keer"), (10, "boos", "emotion", "")]
    assert version.transcript.startswith("[00:10]")
    Annotation.objects.all().delete()
    version.refresh_from_db()
    assert len(version.annotations) == 2


def test_a_category_of_another_course_or_an_empty_annotation_is_refused():
    assignment, enrollment, _trainer = build_assignment(kind=ConversationAnalysis)
    other = AnnotationCategory.objects.create(course=f.CourseFactory(), kind="emotion", name="blij")
    with pytest.raises(services.SubmissionError, match="categorie uit de lijst"):
        draft(
            assignment,
            enrollment,
            new_annotations=[services.NewAnnotation(at_seconds=3, category_id=other.pk)],
        )
    with pytest.raises(services.SubmissionError, match="tijd of een stukje tekst"):
        draft(assignment, enrollment, new_annotations=[services.NewAnnotation(note="x")])
    assert not Annotation.objects.exists()


# --- outcomes and the course result -----------------------------------------------------------


def test_outcomes_of_no_learners_cost_no_query(django_assert_num_queries):
    assignment, _enrollment, _trainer = build_assignment()
    with django_assert_num_queries(0):
        assert gradable.outcomes_for([assignment], []) == {}


def test_outcomes_count_only_released_reviews():
    assignment, enrollment, trainer = build_assignment(pass_mark=Decimal("50"))
    key = (assignment.pk, enrollment.pk)
    assert gradable.outcomes_for([assignment], [enrollment.pk]) == {}
    draft(assignment, enrollment, text="x")
    assert gradable.outcomes_for([assignment], [enrollment.pk])[key].status == "in_progress"
    version = hand_in(assignment, enrollment)
    grade(version, trainer, levels={0: 2, 1: 2}, state=Review.State.READY)
    outcome = gradable.outcomes_for([assignment], [enrollment.pk])[key]
    assert (outcome.status, outcome.sufficient, outcome.percentage) == ("submitted", None, None)
    review = Review.objects.get()
    grade(version, trainer, levels={0: 1, 1: 1}, state=Review.State.RELEASED)
    outcome = gradable.outcomes_for([assignment], [enrollment.pk])[key]
    assert review.pk == Review.objects.get().pk
    assert (outcome.status, outcome.percentage, outcome.sufficient, outcome.label) == (
        "graded",
        Decimal("50.00"),
        True,
        "voldoende",
    )


def test_a_reflection_graded_complete_is_sufficient():
    assignment, enrollment, trainer = build_assignment(kind=Reflection, rubric=False)
    version = hand_in(assignment, enrollment, text="Wat ik meeneem.")
    grade(version, trainer, levels={}, complete=True)
    outcome = gradable.outcomes_for([assignment], [enrollment.pk])[(assignment.pk, enrollment.pk)]
    assert (outcome.status, outcome.sufficient, outcome.label) == ("graded", True, "compleet")


def test_outcomes_for_costs_the_same_queries_for_5_and_50_learners():
    assignment, enrollment, trainer = build_assignment()
    reflection = Reflection.objects.create(
        module=assignment.module, order=21, title="Reflectie", grading="complete"
    )

    def queries_for(n: int) -> int:
        ids = []
        for _ in range(n):
            learner = f.EnrollmentFactory(edition=enrollment.edition)
            version = hand_in(assignment, learner)
            grade(version, trainer)
            ids.append(learner.pk)
        lessons = gradable.graded_lessons(assignment.module.course_id)
        with CaptureQueriesContext(connection) as ctx:
            outcomes = gradable.outcomes_for(lessons, ids)
        assert sum(1 for o in outcomes.values() if o.status == "graded") == n
        return len(ctx.captured_queries)

    assert reflection.pk
    assert queries_for(5) == queries_for(50) <= 4


def test_the_course_result_waits_for_the_trainer_and_passes_after_release():
    assignment, enrollment, trainer = build_assignment()
    enrollment.edition.course.require_attendance = False
    enrollment.edition.course.save()
    version = hand_in(assignment, enrollment)
    result = results.course_result_recompute(enrollment=enrollment)
    rule = next(
        r for r in result_rules.rules_from_json(result.rules) if r.lesson_id == assignment.pk
    )
    assert rule.state == result_rules.WAITING
    grade(version, trainer, state=Review.State.READY)
    result = results.course_result_recompute(enrollment=enrollment)
    assert not result.passed  # not released: nobody may see the grade yet
    grade(version, trainer, state=Review.State.RELEASED)
    result = results.course_result_recompute(enrollment=enrollment)
    assert result.passed


def test_the_sweep_finds_results_older_than_a_released_review():
    assignment, enrollment, trainer = build_assignment()
    version = hand_in(assignment, enrollment)
    results.course_result_recompute(
        enrollment=enrollment, now=timezone.now() - dt.timedelta(hours=2)
    )
    review = grade(version, trainer)
    from assessments.models import CourseResult

    CourseResult.objects.filter(enrollment=enrollment).update(
        computed_at=review.released_at - dt.timedelta(minutes=1)
    )
    later = review.released_at + dt.timedelta(minutes=5)
    assert enrollment.pk in result_selectors.course_results_stale(now=later)


def test_submitting_schedules_a_recompute_of_the_learners_result(monkeypatch):
    assignment, enrollment, _trainer = build_assignment()
    scheduled = []
    monkeypatch.setattr(results, "course_results_recompute_later", scheduled.append)
    hand_in(assignment, enrollment)
    assert [list(ids) for ids in scheduled] == [[enrollment.pk]]
