"""The learner's way through a quiz in the browser: start, answer, hand in, see the result."""

import datetime as dt
import re
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from assessments import models as am
from assessments.models import Attempt, GradingEvent, Response
from assessments.questions import specs as s
from assessments.questions.builtin.pairs import sides
from assessments.quizzes import services as attempts
from assessments.quizzes.forms import attempt_questions
from tests import factories as f
from tests.a11y import problems
from tests.assessments.quiz_factories import build_quiz

pytestmark = pytest.mark.django_db

# The right answers of quiz_factories.KEYS as form fields (no shuffling: shown order = key order).
RIGHT_FORM = {"q0": "0", "q1": "true", "q2": " Samenvatten ", "q3": "5,2", "q4": ["0", "1"]}

EXTRA_TYPES = [
    (
        am.MatchingQuestion,
        s.MatchingSpec((("blij", "lachen"), ("boos", "fronsen"), ("bang", "terugdeinzen"))),
    ),
    (am.OrderingQuestion, s.OrderingSpec(("begroeten", "vragen", "samenvatten", "afsluiten"))),
    (am.EssayQuestion, s.EssaySpec("Let op de LSD-techniek.")),
    (am.DescriptionQuestion, s.DescriptionSpec()),
]


def add_questions(quiz, types, *, text_format="moodle"):
    category = am.QuestionCategory.objects.get(course=quiz.module.course, name="Toets")
    start = quiz.slots.count()
    for i, (model, spec) in enumerate(types, start=start):
        question = model.objects.create(
            category=category,
            name=f"V{i}",
            text=f"Vraag {i} <b>vet</b>",
            text_format=text_format,
            key=s.spec_to_json(spec),
        )
        am.QuizSlot.objects.create(quiz=quiz, order=i + 1, question=question)


def urls(enrollment, attempt):
    args = [enrollment.edition_id, attempt.pk]
    return {
        "attempt": reverse("assessments:attempt", args=args),
        "submit": reverse("assessments:attempt_submit", args=args),
        "result": reverse("assessments:attempt_result", args=args),
    }


def start_url(enrollment, quiz):
    return reverse("assessments:quiz_start", args=[enrollment.edition_id, quiz.pk])


def lesson_url(enrollment, quiz):
    return reverse("courses:lesson", args=[enrollment.edition_id, quiz.pk])


@pytest.fixture
def quiz_and_learner(client):
    quiz, enrollment = build_quiz()
    client.force_login(enrollment.learner)
    return quiz, enrollment


def start(client, enrollment, quiz) -> Attempt:
    response = client.post(start_url(enrollment, quiz))
    attempt = Attempt.objects.get(enrollment=enrollment, quiz=quiz, status="in_progress")
    assert (
        response.status_code == 302 and response["Location"] == urls(enrollment, attempt)["attempt"]
    )
    return attempt


def hand_in(client, url, data, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):  # grading runs after the commit
        return client.post(url, data)


def test_learner_starts_answers_hands_in_and_sees_the_graded_score(
    client, quiz_and_learner, django_capture_on_commit_callbacks
):
    quiz, enrollment = quiz_and_learner
    page = client.get(lesson_url(enrollment, quiz)).content.decode()
    assert "Start de toets" in page and "Je bent geslaagd met 55% of meer." in page
    attempt = start(client, enrollment, quiz)
    page = client.get(urls(enrollment, attempt)["attempt"]).content.decode()
    assert "Bewaar mijn antwoorden" in page and "Lever in" in page and 'inputmode="decimal"' in page
    response = hand_in(
        client, urls(enrollment, attempt)["submit"], RIGHT_FORM, django_capture_on_commit_callbacks
    )
    assert (
        response.status_code == 302 and response["Location"] == urls(enrollment, attempt)["result"]
    )
    attempt.refresh_from_db()
    assert attempt.status == Attempt.Status.GRADED and attempt.percentage == Decimal("100.00")
    page = client.get(urls(enrollment, attempt)["result"]).content.decode()
    assert "100%" in page and "Gefeliciteerd, je bent geslaagd!" in page
    assert "Je antwoorden per vraag" in page and "Het goede antwoord" in page  # immediate policy
    assert 'http-equiv="refresh"' not in page
    # The attempt page of a handed-in attempt leads to the result.
    assert (
        client.get(urls(enrollment, attempt)["attempt"])["Location"]
        == urls(enrollment, attempt)["result"]
    )
    page = client.get(lesson_url(enrollment, quiz)).content.decode()
    assert "100% · geslaagd" in page and "Je hebt je poging voor deze toets gebruikt" in page


def test_a_partly_right_attempt_gets_the_right_score(
    client, quiz_and_learner, django_capture_on_commit_callbacks
):
    quiz, enrollment = quiz_and_learner
    attempt = start(client, enrollment, quiz)
    data = {**RIGHT_FORM, "q0": "1", "q3": "7", "q4": ["0", "2"]}  # wrong, wrong, 0.5 - 1 -> 0
    hand_in(client, urls(enrollment, attempt)["submit"], data, django_capture_on_commit_callbacks)
    attempt.refresh_from_db()
    assert attempt.points == Decimal("2.00") and attempt.percentage == Decimal("40.00")
    page = client.get(urls(enrollment, attempt)["result"]).content.decode()
    assert "40%" in page and "Je bent nog niet geslaagd." in page and "niet goed" in page


def test_a_submitted_attempt_refreshes_its_result_page_until_it_is_graded(client, quiz_and_learner):
    quiz, enrollment = quiz_and_learner
    attempt = start(client, enrollment, quiz)
    client.post(urls(enrollment, attempt)["submit"], {})  # no on-commit: grading not yet run
    attempt.refresh_from_db()
    assert attempt.status == Attempt.Status.SUBMITTED
    page = client.get(urls(enrollment, attempt)["result"]).content.decode()
    assert "Je toets is ingeleverd. We kijken hem nu na." in page
    assert '<meta http-equiv="refresh" content="5">' in page


def test_saved_answers_come_back_after_a_reload(client, quiz_and_learner):
    quiz, enrollment = quiz_and_learner
    add_questions(quiz, EXTRA_TYPES)
    attempt = start(client, enrollment, quiz)
    layout = attempt_questions(attempt)
    matching, ordering = layout[5], layout[6]
    right_for_blij = matching.order.index(sides(matching.spec)[1].index("lachen"))
    places = {
        f"q6-o{shown}": str(ordering.spec.items.index(ordering.spec.items[key]) + 1)
        for shown, key in enumerate(ordering.order)
    }
    data = {"q0": "1", "q2": "luisteren", "q6-o0": "", "q5-m0": str(right_for_blij), **places}
    data["q7"] = "Ik vat samen wat de klant zegt."
    response = client.post(urls(enrollment, attempt)["attempt"], data)
    assert (
        response.status_code == 302 and response["Location"] == urls(enrollment, attempt)["attempt"]
    )
    saved = dict(Response.objects.filter(attempt=attempt).values_list("position", "answer"))
    assert saved == {
        0: 1,
        2: "luisteren",
        5: {"blij": "lachen"},
        6: ["begroeten", "vragen", "samenvatten", "afsluiten"],
        7: "Ik vat samen wat de klant zegt.",
    }
    page = client.get(urls(enrollment, attempt)["attempt"]).content.decode()
    assert "Je antwoorden zijn bewaard" in page
    assert re.search(r'id="q0-c1" value="1" checked', page)
    assert 'value="luisteren"' in page and "Ik vat samen wat de klant zegt.</textarea>" in page
    assert re.search(rf'<option value="{right_for_blij}" selected>lachen</option>', page)
    assert "4 van 8 vragen beantwoord" not in page and "5 van 8 vragen beantwoord" in page
    # Saving again writes only what changed; clearing an answer saves "no answer".
    before = Response.objects.get(attempt=attempt, position=0).saved_at
    client.post(urls(enrollment, attempt)["attempt"], {**data, "q2": ""})
    assert Response.objects.get(attempt=attempt, position=2).answer is None
    assert Response.objects.get(attempt=attempt, position=0).saved_at == before


def test_shuffled_choices_are_mapped_back_to_the_key(client, django_capture_on_commit_callbacks):
    quiz, enrollment = build_quiz(questions=1, shuffle_options=True)
    client.force_login(enrollment.learner)
    attempt = start(client, enrollment, quiz)
    shown = attempt.questions[0]["option_order"].index(
        0
    )  # where the right choice ("boos") is shown
    page = client.get(urls(enrollment, attempt)["attempt"]).content.decode()
    assert re.search(rf'id="q0-c{shown}" value="{shown}">boos', page)
    hand_in(
        client,
        urls(enrollment, attempt)["submit"],
        {"q0": str(shown)},
        django_capture_on_commit_callbacks,
    )
    attempt.refresh_from_db()
    assert attempt.percentage == Decimal("100.00")


def test_another_learners_attempt_is_not_found(client, quiz_and_learner):
    quiz, enrollment = quiz_and_learner
    attempt = attempts.attempt_start(enrollment=enrollment, quiz=quiz)
    same_edition = f.EnrollmentFactory(edition=enrollment.edition)
    other_edition = f.EnrollmentFactory(
        edition=f.build_edition(quiz.module.course, first_day=timezone.localdate())
    )
    for intruder, edition_id in (
        (same_edition, enrollment.edition_id),
        (other_edition, other_edition.edition_id),
        (other_edition, enrollment.edition_id),
    ):
        client.force_login(intruder.learner)
        args = [edition_id, attempt.pk]
        assert client.get(reverse("assessments:attempt", args=args)).status_code == 404
        assert (
            client.post(reverse("assessments:attempt", args=args), {"q0": "0"}).status_code == 404
        )
        assert client.post(reverse("assessments:attempt_submit", args=args), {}).status_code == 404
        assert client.get(reverse("assessments:attempt_result", args=args)).status_code == 404
    assert not Response.objects.exists()
    attempt.refresh_from_db()
    assert attempt.status == Attempt.Status.IN_PROGRESS
    # A learner of another course cannot start this course's quiz through their own edition.
    stranger = f.EnrollmentFactory()
    client.force_login(stranger.learner)
    assert client.post(start_url(stranger, quiz)).status_code == 404


def test_anonymous_visitors_are_sent_to_the_login_page(client):
    quiz, enrollment = build_quiz()
    attempt = attempts.attempt_start(enrollment=enrollment, quiz=quiz)
    for method, url in (
        ("post", start_url(enrollment, quiz)),
        ("get", urls(enrollment, attempt)["attempt"]),
        ("post", urls(enrollment, attempt)["attempt"]),
        ("post", urls(enrollment, attempt)["submit"]),
        ("get", urls(enrollment, attempt)["result"]),
    ):
        response = getattr(client, method)(url)
        assert response.status_code == 302 and response["Location"].startswith(reverse("login")), (
            url
        )
    assert Attempt.objects.count() == 1 and not Response.objects.exists()


def test_a_closed_quiz_cannot_be_started(client):
    quiz, enrollment = build_quiz(opens_days_ago=60)  # closed 38 days ago
    client.force_login(enrollment.learner)
    page = client.get(lesson_url(enrollment, quiz)).content.decode()
    assert "Deze toets is gesloten sinds" in page and "Start de toets" not in page
    response = client.post(start_url(enrollment, quiz))
    assert response.status_code == 400
    # The refusal gives the page's own reason, once.
    refused = response.content.decode()
    assert refused.count("Deze toets is gesloten sinds") == 1
    assert '<p class="message message-warning">Deze toets is gesloten sinds' in refused
    assert not Attempt.objects.exists()


def test_no_attempts_left_gives_a_clear_message(client, quiz_and_learner):
    quiz, enrollment = quiz_and_learner
    attempt = start(client, enrollment, quiz)
    client.post(urls(enrollment, attempt)["submit"], {})
    page = client.get(lesson_url(enrollment, quiz)).content.decode()
    assert "Je hebt je poging voor deze toets gebruikt" in page and "Start de toets" not in page
    response = client.post(start_url(enrollment, quiz))
    assert response.status_code == 400
    refused = response.content.decode()
    assert refused.count("Je hebt je poging voor deze toets gebruikt.") == 1
    assert "message-error" not in refused
    assert Attempt.objects.filter(quiz=quiz).count() == 1


def test_a_refusal_the_page_does_not_state_is_said_as_a_message(client):
    quiz, enrollment = build_quiz(questions=0)
    client.force_login(enrollment.learner)
    response = client.post(start_url(enrollment, quiz))
    assert response.status_code == 400
    refused = response.content.decode()
    assert '<p class="message message-error">Deze toets heeft nog geen vragen.</p>' in refused
    assert refused.count("Deze toets heeft nog geen vragen.") == 1
    assert not Attempt.objects.exists()


def test_an_attempt_in_progress_is_resumed_not_restarted(client, quiz_and_learner):
    quiz, enrollment = quiz_and_learner
    attempt = start(client, enrollment, quiz)
    page = client.get(lesson_url(enrollment, quiz)).content.decode()
    assert "Ga verder met je poging" in page
    assert start(client, enrollment, quiz) == attempt


def test_answers_after_the_deadline_are_refused_and_change_nothing(client):
    quiz, enrollment = build_quiz(time_limit_minutes=10)
    client.force_login(enrollment.learner)
    began = timezone.now() - dt.timedelta(minutes=20)
    attempt = attempts.attempt_start(enrollment=enrollment, quiz=quiz, now=began)
    attempts.response_save(
        attempt=attempt, position=0, answer=1, user=enrollment.learner, now=began
    )
    page = client.get(urls(enrollment, attempt)["attempt"]).content.decode()
    assert "De tijd is om." in page and "Bewaar mijn antwoorden" not in page
    response = client.post(urls(enrollment, attempt)["attempt"], {"q0": "0", "q2": "samenvatten"})
    assert response.status_code == 400
    page = response.content.decode()
    assert "De tijd is om. Antwoorden die nu nog binnenkomen tellen niet mee." in page
    assert re.search(r'id="q0-c1" value="1" checked', page)  # what was saved, not what was sent
    assert dict(Response.objects.filter(attempt=attempt).values_list("position", "answer")) == {
        0: 1
    }
    # Handing in after the deadline still hands in, with what was saved in time.
    response = client.post(urls(enrollment, attempt)["submit"], {"q0": "0"})
    assert response.status_code == 302
    assert Response.objects.get(attempt=attempt, position=0).answer == 1
    attempt.refresh_from_db()
    assert attempt.status == Attempt.Status.SUBMITTED


@pytest.mark.parametrize(
    "data",
    [
        {"q0": "boos"},  # text for a single choice
        {"q0": "7"},  # a choice that does not exist
        {"q0": ["0", "1"]},  # two answers to a single choice
        {"q1": "misschien"},  # neither true nor false
        {"q4": ["0", "x"]},
        {"q0-m0": "0"},  # a matching field on a single choice
        {"q99": "0"},  # a question that is not in the attempt
        {"present": "99"},
    ],
)
def test_an_answer_that_does_not_fit_is_refused_and_changes_nothing(client, quiz_and_learner, data):
    quiz, enrollment = quiz_and_learner
    attempt = start(client, enrollment, quiz)
    response = client.post(urls(enrollment, attempt)["attempt"], {"q2": "samenvatten", **data})
    assert response.status_code == 400
    page = response.content.decode()
    assert "Er is niets bewaard" in page
    assert "past niet bij deze vraag" in page or "niet in je toets staat" in page
    assert not Response.objects.exists()
    response = client.post(urls(enrollment, attempt)["submit"], {"q2": "samenvatten", **data})
    assert response.status_code == 400
    attempt.refresh_from_db()
    assert attempt.status == Attempt.Status.IN_PROGRESS and not Response.objects.exists()


def test_a_one_megabyte_answer_is_refused(client, quiz_and_learner):
    quiz, enrollment = quiz_and_learner
    add_questions(quiz, EXTRA_TYPES)
    attempt = start(client, enrollment, quiz)
    for position in (2, 7):  # short answer, essay
        response = client.post(
            urls(enrollment, attempt)["attempt"], {f"q{position}": "x" * 1_000_000}
        )
        assert response.status_code == 400
        assert "Je antwoord is te lang" in response.content.decode()
    assert not Response.objects.exists()


def test_handing_in_twice_hands_in_once(
    client, quiz_and_learner, django_capture_on_commit_callbacks
):
    quiz, enrollment = quiz_and_learner
    attempt = start(client, enrollment, quiz)
    first = hand_in(
        client, urls(enrollment, attempt)["submit"], RIGHT_FORM, django_capture_on_commit_callbacks
    )
    second = hand_in(
        client, urls(enrollment, attempt)["submit"], {"q0": "1"}, django_capture_on_commit_callbacks
    )
    assert first["Location"] == second["Location"] == urls(enrollment, attempt)["result"]
    assert GradingEvent.objects.filter(attempt=attempt).count() == 1
    assert Response.objects.get(attempt=attempt, position=0).answer == 0
    # Saving into a handed-in attempt changes nothing either.
    response = client.post(urls(enrollment, attempt)["attempt"], {"q0": "1"}, follow=True)
    assert "Deze poging is al ingeleverd" in response.content.decode()
    assert Response.objects.get(attempt=attempt, position=0).answer == 0


def test_the_exam_shows_only_the_result_until_the_close_date(
    client, django_capture_on_commit_callbacks
):
    quiz, enrollment = build_quiz(is_exam=True, feedback_policy=am.Quiz.FeedbackPolicy.AFTER_CLOSE)
    client.force_login(enrollment.learner)
    attempt = start(client, enrollment, quiz)
    hand_in(
        client, urls(enrollment, attempt)["submit"], RIGHT_FORM, django_capture_on_commit_callbacks
    )
    page = client.get(urls(enrollment, attempt)["result"]).content.decode()
    assert "100%" in page and "Gefeliciteerd" in page
    assert "Je antwoorden per vraag" not in page and "Het goede antwoord" not in page
    assert "als de toets gesloten is" in page


def test_the_exam_shows_feedback_after_the_close_date(client):
    quiz, enrollment = build_quiz(
        opens_days_ago=30, is_exam=True, feedback_policy=am.Quiz.FeedbackPolicy.AFTER_CLOSE
    )  # closed 8 days ago
    client.force_login(enrollment.learner)
    then = timezone.now() - dt.timedelta(days=20)
    attempt = attempts.attempt_start(enrollment=enrollment, quiz=quiz, now=then)
    attempts.response_save(attempt=attempt, position=0, answer=1, user=enrollment.learner, now=then)
    attempts.attempt_submit(attempt=attempt, user=enrollment.learner, now=then)
    attempts.attempt_grade(attempt_id=attempt.pk)
    page = client.get(urls(enrollment, attempt)["result"]).content.decode()
    assert (
        "Je antwoorden per vraag" in page and "Het goede antwoord" in page and "niet goed" in page
    )


def test_never_policy_shows_only_the_result(client, django_capture_on_commit_callbacks):
    quiz, enrollment = build_quiz(feedback_policy=am.Quiz.FeedbackPolicy.NEVER)
    client.force_login(enrollment.learner)
    attempt = start(client, enrollment, quiz)
    hand_in(
        client, urls(enrollment, attempt)["submit"], RIGHT_FORM, django_capture_on_commit_callbacks
    )
    page = client.get(urls(enrollment, attempt)["result"]).content.decode()
    assert "100%" in page and "Je antwoorden per vraag" not in page
    assert "alleen je resultaat" in page


def test_an_essay_waits_for_the_trainer(
    client, quiz_and_learner, django_capture_on_commit_callbacks
):
    quiz, enrollment = quiz_and_learner
    add_questions(quiz, EXTRA_TYPES[2:3])
    attempt = start(client, enrollment, quiz)
    hand_in(
        client,
        urls(enrollment, attempt)["submit"],
        {**RIGHT_FORM, "q5": "Mijn verhaal."},
        django_capture_on_commit_callbacks,
    )
    attempt.refresh_from_db()
    assert attempt.status == Attempt.Status.NEEDS_REVIEW
    page = client.get(urls(enrollment, attempt)["result"]).content.decode()
    assert "je trainer zelf beoordeelt" in page and 'http-equiv="refresh"' not in page


@pytest.mark.parametrize("text_format", ["moodle", "markdown", "html", "plain"])
def test_quiz_pages_pass_the_accessibility_checks(
    client, quiz_and_learner, django_capture_on_commit_callbacks, text_format
):
    quiz, enrollment = quiz_and_learner
    add_questions(quiz, EXTRA_TYPES, text_format=text_format)
    attempt = start(client, enrollment, quiz)
    page = client.get(urls(enrollment, attempt)["attempt"]).content.decode()
    assert problems(page) == []
    # Only our own scripts (the site's menu, autosave); nothing from question texts.
    assert page.count("<script") == 3
    assert '<script src="/static/js/menu.js" defer>' in page
    assert '<script src="/static/js/autosave.js" defer>' in page
    assert '<script src="/static/js/attempt.js" defer>' in page
    bad = client.post(urls(enrollment, attempt)["attempt"], {"q0": "x", "q6-o0": "1"})
    assert bad.status_code == 400 and problems(bad.content.decode()) == []
    assert problems(client.get(lesson_url(enrollment, quiz)).content.decode()) == []
    hand_in(
        client, urls(enrollment, attempt)["submit"], RIGHT_FORM, django_capture_on_commit_callbacks
    )
    page = client.get(urls(enrollment, attempt)["result"]).content.decode()
    assert problems(page) == []
    assert problems(client.get(lesson_url(enrollment, quiz)).content.decode()) == []


def test_question_html_is_sanitised(client, quiz_and_learner):
    quiz, enrollment = quiz_and_learner
    am.Question.objects.filter(pk=quiz.slots.first().question_id).update(
        text='Kies <script>alert(1)</script><a href="javascript:alert(2)">hier</a>',
        text_format="html",
    )
    attempt = start(client, enrollment, quiz)
    page = client.get(urls(enrollment, attempt)["attempt"]).content.decode()
    assert "<script>alert" not in page and "javascript:" not in page


def test_the_attempt_form_speaks_the_learners_language(client, quiz_and_learner):
    """The form's own words (labels, hints, prompts, an ordering row's places) are translated,
    not only the page around them."""
    quiz, enrollment = quiz_and_learner
    add_questions(quiz, EXTRA_TYPES)
    attempt = start(client, enrollment, quiz)
    page = urls(enrollment, attempt)["attempt"]
    dutch = ("Je antwoord (een getal)", "Bijvoorbeeld 12 of 12,5.", "Kies één antwoord.", "1 van 4")
    english = (
        "Your answer (a number)",
        "For example 12 or 12.5.",
        ">Your answer<",
        "Choose one answer.",
        "Choose one or more answers.",
        "Choose an answer",
        "1 of 4",
        "Question 1",
    )
    html = client.get(page).content.decode()
    assert [words for words in dutch if words not in html] == []
    client.post(reverse("set_language"), {"language": "en"})
    html = client.get(page).content.decode()
    assert [words for words in english if words not in html] == []
    left = ("Je antwoord", "Bijvoorbeeld", "Kies ", " van 4", "Onjuist")
    assert [words for words in left if words in html] == []


def count_queries(client, url) -> int:
    client.get(url)  # warm the caches
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(ctx.captured_queries)


@pytest.mark.parametrize("outcome", ["passed", "failed"])
def test_quiz_pages_take_as_many_queries_for_40_questions_as_for_5(
    client, django_capture_on_commit_callbacks, outcome
):
    """After a pass, and after a fail (which reads the trainers to contact, once)."""
    counts = []
    for size in (5, 40):
        quiz, enrollment = build_quiz(questions=size)
        client.force_login(enrollment.learner)
        attempt = start(client, enrollment, quiz)
        right = {f"q{i}": RIGHT_FORM[f"q{i % len(RIGHT_FORM)}"] for i in range(size)}
        client.post(urls(enrollment, attempt)["attempt"], right if outcome == "passed" else {})
        row = [count_queries(client, urls(enrollment, attempt)["attempt"])]
        hand_in(client, urls(enrollment, attempt)["submit"], {}, django_capture_on_commit_callbacks)
        row.append(count_queries(client, urls(enrollment, attempt)["result"]))
        row.append(count_queries(client, lesson_url(enrollment, quiz)))
        counts.append(row)
    assert counts[0] == counts[1], counts
    assert counts[0][0] <= 6, counts


def test_an_autosave_request_gets_the_seconds_left_and_leaves_no_message_behind(
    client, quiz_and_learner
):
    quiz, enrollment = quiz_and_learner
    attempt = start(client, enrollment, quiz)
    url = urls(enrollment, attempt)["attempt"]
    response = client.post(url, {"present": "0", "q0": "0"}, headers={"X-Requested-With": "fetch"})
    assert response.status_code == 200
    assert set(response.json()) == {"seconds_left"}  # the quiz's closing is its deadline
    assert Response.objects.filter(attempt=attempt, position=0).exists()
    assert "bewaard om" not in client.get(url).content.decode()


def test_a_refused_save_of_one_question_shows_every_question_again(client, quiz_and_learner):
    """The autosave posts only the questions that changed; when that post is refused, the page
    shows every question: the refused one as posted, the others as saved."""
    quiz, enrollment = quiz_and_learner
    attempt = start(client, enrollment, quiz)
    url = urls(enrollment, attempt)["attempt"]
    client.post(url, {"q2": "luisteren"})
    response = client.post(url, {"present": "0", "q0": "9"})  # q0 has no choice 9
    assert response.status_code == 400
    page = response.content.decode()
    layout = attempt_questions(attempt)
    shown = re.findall(r'<input type="hidden" name="present" value="([0-9]+)">', page)
    assert shown == [str(q.position) for q in layout if q.number]
    assert 'value="luisteren"' in page and "past niet bij deze vraag" in page
    assert dict(Response.objects.filter(attempt=attempt).values_list("position", "answer")) == {
        2: "luisteren"
    }
