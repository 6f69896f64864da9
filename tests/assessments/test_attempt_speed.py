"""The exam's start, when every learner starts at once: a few SQL statements per request
whatever the number of questions, one statement and no savepoints per save, and what is
memoised per process still checked and sanitised."""

import datetime as dt
import re
from urllib.parse import urlencode

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from assessments import models as am
from assessments.models import Attempt, Response
from assessments.questions import display
from assessments.questions import specs as s
from assessments.quizzes import selectors
from assessments.quizzes import services as attempts
from tests.assessments.quiz_factories import KEYS, build_quiz

pytestmark = pytest.mark.django_db


def drawn_quiz(*, bank: int, draw: int, **quiz_fields):
    """A quiz that draws `draw` questions from a category of `bank`, shuffled."""
    quiz, enrollment = build_quiz(
        questions=0, shuffle_questions=True, shuffle_options=True, **quiz_fields
    )
    category = am.QuestionCategory.objects.get(course=quiz.module.course, name="Toets")
    for i in range(bank):
        model, spec = KEYS[i % len(KEYS)]
        model.objects.create(
            category=category, name=f"B{i}", text=f"Vraag {i}", key=s.spec_to_json(spec)
        )
    am.QuizSlot.objects.create(quiz=quiz, order=1, category=category, count=draw)
    return quiz, enrollment


def attempt_url(enrollment, attempt) -> str:
    return reverse("assessments:attempt", args=[enrollment.edition_id, attempt.pk])


def statements(ctx) -> list[str]:
    """The SQL of the captured queries, without the test's own transaction control."""
    return [q["sql"] for q in ctx.captured_queries]


def test_a_start_takes_the_same_few_queries_for_5_and_40_questions_drawn_from_a_bank():
    counts = []
    for bank, draw in ((10, 5), (80, 40)):
        quiz, enrollment = drawn_quiz(bank=bank, draw=draw)
        selectors.quiz_window(enrollment=enrollment, quiz=quiz)  # the edition's sessions cached
        with CaptureQueriesContext(connection) as ctx:
            attempt = attempts.attempt_start(enrollment=enrollment, quiz=quiz)
        assert len(attempt.questions) == draw
        counts.append(len(ctx.captured_queries))
    # The lock with the attempts taken, the due-date extension, the slots with the bank, the
    # insert; and the savepoint and its release (the test runs inside a transaction).
    assert counts[0] == counts[1] <= 6, counts


def test_the_start_view_takes_the_same_few_queries_for_5_and_40_questions(client):
    counts = []
    for bank, draw in ((10, 5), (80, 40)):
        quiz, enrollment = drawn_quiz(bank=bank, draw=draw)
        client.force_login(enrollment.learner)
        url = reverse("assessments:quiz_start", args=[enrollment.edition_id, quiz.pk])
        with CaptureQueriesContext(connection) as ctx:
            response = client.post(url)
        assert response.status_code == 302
        counts.append(len(ctx.captured_queries))
    # The session (in the database in tests), the user, the enrolment, the quiz, its module;
    # then as attempt_start, with the edition's sessions read once (cached from then on).
    assert counts[0] == counts[1] <= 12, counts


def test_the_attempt_page_takes_the_same_few_queries_for_5_and_40_questions(client):
    counts = []
    for bank, draw in ((10, 5), (80, 40)):
        quiz, enrollment = drawn_quiz(bank=bank, draw=draw)
        client.force_login(enrollment.learner)
        attempt = attempts.attempt_start(enrollment=enrollment, quiz=quiz)
        attempts.response_save(attempt=attempt, position=0, answer=None, user=enrollment.learner)
        client.get(attempt_url(enrollment, attempt))  # the menu's counts are cached now
        with CaptureQueriesContext(connection) as ctx:
            page = client.get(attempt_url(enrollment, attempt)).content.decode()
        assert page.count('name="present"') == draw
        counts.append(len(ctx.captured_queries))
    # The session (in the database in tests), the user, and the attempt with its enrolment,
    # quiz and saved answers in one query.
    assert counts[0] == counts[1] == 3, counts


def whole_form(page: str) -> list[tuple[str, str]]:
    """What attempt.js sends from a fresh page (FormData): every question's "present", the
    empty text fields and the selects' first, empty choice; no radio or checkbox."""
    fields = [("present", p) for p in re.findall(r'name="present" value="(\d+)"', page)]
    fields += [(name, "") for name in re.findall(r'<input type="text"[^>]* name="(q\d+)"', page)]
    fields += [(name, "") for name in re.findall(r'<select name="([^"]+)"', page)]
    return fields


def autosave(client, url, fields):
    return client.post(
        url,
        urlencode(fields),
        content_type="application/x-www-form-urlencoded",
        headers={"X-Requested-With": "fetch"},
    )


@pytest.mark.django_db(transaction=True)
def test_an_autosave_of_the_whole_form_writes_one_row_in_one_statement_without_savepoints(
    client,
):
    quiz, enrollment = build_quiz(questions=20)
    client.force_login(enrollment.learner)
    attempt = attempts.attempt_start(enrollment=enrollment, quiz=quiz)
    url = attempt_url(enrollment, attempt)
    fields = [
        *[
            (name, value)
            for name, value in whole_form(client.get(url).content.decode())
            if name != "q2"
        ],
        ("q2", "samenvatten"),
    ]
    assert len([name for name, _v in fields if name == "present"]) == 20
    with CaptureQueriesContext(connection) as ctx:
        response = autosave(client, url, fields)
    assert response.status_code == 200  # with the seconds left, for the page's clock
    sql = statements(ctx)
    assert not [q for q in sql if "SAVEPOINT" in q.upper()], sql
    writes = [q for q in sql if q.startswith(("INSERT", "UPDATE", "DELETE"))]
    assert len(writes) == 1 and writes[0].startswith('INSERT INTO "assessments_response"'), sql
    # The session (in the database in tests), the user, the attempt with its saved answers and
    # the upsert (SQLite also reads the status under its lock; PostgreSQL's upsert checks it).
    expected = 4 if connection.vendor == "postgresql" else 5
    assert len([q for q in sql if q.startswith(("SELECT", "INSERT"))]) == expected, sql
    assert dict(Response.objects.filter(attempt=attempt).values_list("position", "answer")) == {
        2: "samenvatten"
    }
    # The same form again changes nothing and writes nothing.
    with CaptureQueriesContext(connection) as ctx:
        response = autosave(client, url, fields)
    assert response.status_code == 200  # with the seconds left, for the page's clock
    assert not [q for q in statements(ctx) if q.startswith(("INSERT", "UPDATE", "BEGIN"))]


def test_the_no_javascript_save_takes_a_few_queries(client):
    quiz, enrollment = build_quiz(questions=20)
    client.force_login(enrollment.learner)
    attempt = attempts.attempt_start(enrollment=enrollment, quiz=quiz)
    url = attempt_url(enrollment, attempt)
    client.get(url)
    with CaptureQueriesContext(connection) as ctx:
        response = client.post(url, {"present": "0", "q0": "1"})
    assert response.status_code == 302
    # The session (in the database in tests), the user, the attempt with its saved answers and
    # the upsert (PostgreSQL: one statement; SQLite: a savepoint, the lock, the upsert and the
    # release).
    expected = 4 if connection.vendor == "postgresql" else 7
    assert len(ctx.captured_queries) == expected, statements(ctx)
    assert Response.objects.get(attempt=attempt, position=0).answer == 1


def test_a_save_locks_the_attempts_row_and_joins_nothing():
    quiz, enrollment = build_quiz()
    attempt = attempts.attempt_start(enrollment=enrollment, quiz=quiz)
    with CaptureQueriesContext(connection) as ctx:
        attempts.responses_save(
            attempt=attempt, answers={0: 1, 2: "samenvatten"}, user=enrollment.learner
        )
    if connection.vendor == "postgresql":
        # One statement, no transaction around it: the upsert reads the attempt's row FOR
        # SHARE (a hand-in's FOR UPDATE waits for it, or wins and the status no longer fits).
        [save] = statements(ctx)
        assert save.startswith('INSERT INTO "assessments_response"'), save
        # (Django's log shows the values where the server bound them.)
        assert re.search(
            r'FROM "assessments_attempt" WHERE "id" = \S+ AND "status" = \S+ FOR SHARE', save
        ), save
        assert "JOIN" not in save
    else:
        reads = [q for q in statements(ctx) if q.startswith("SELECT")]
        status = [q for q in reads if '"assessments_attempt"."status"' in q]
        assert len(status) == 1 and "JOIN" not in status[0], reads
        if connection.features.has_select_for_update:
            assert status[0].endswith("FOR UPDATE")
    saved = Response.objects.filter(attempt=attempt).order_by("position")
    assert [(r.position, r.answer, r.feedback, r.fraction) for r in saved] == [
        (0, 1, [], None),
        (2, "samenvatten", [], None),
    ]


def test_saving_a_position_again_updates_its_one_response():
    quiz, enrollment = build_quiz()
    attempt = attempts.attempt_start(enrollment=enrollment, quiz=quiz)
    first = attempts.response_save(attempt=attempt, position=0, answer=1, user=enrollment.learner)
    second = attempts.response_save(attempt=attempt, position=0, answer=0, user=enrollment.learner)
    assert Response.objects.filter(attempt=attempt, position=0).count() == 1
    saved = Response.objects.get(attempt=attempt, position=0)
    assert saved.answer == 0 and saved.pk == first.pk == second.pk
    assert saved.saved_at == second.saved_at


def test_several_answers_are_saved_all_or_none():
    quiz, enrollment = build_quiz()
    attempt = attempts.attempt_start(enrollment=enrollment, quiz=quiz)
    rows = attempts.responses_save(
        attempt=attempt, answers={0: 1, 2: "samenvatten"}, user=enrollment.learner
    )
    assert [r.position for r in rows] == [0, 2]
    with pytest.raises(attempts.AttemptError, match="past niet bij de vraag"):
        attempts.responses_save(
            attempt=attempt, answers={0: 0, 1: "misschien"}, user=enrollment.learner
        )
    assert dict(Response.objects.filter(attempt=attempt).values_list("position", "answer")) == {
        0: 1,
        2: "samenvatten",
    }


def test_a_hand_in_from_another_tab_refuses_a_save_that_read_the_attempt_before_it():
    quiz, enrollment = build_quiz()
    attempt = attempts.attempt_start(enrollment=enrollment, quiz=quiz)
    stale = Attempt.objects.get(pk=attempt.pk)  # read while it was still in progress
    attempts.attempt_submit(attempt=attempt, user=enrollment.learner)
    with pytest.raises(attempts.AttemptError, match="al ingeleverd"):
        attempts.response_save(attempt=stale, position=0, answer=1, user=enrollment.learner)
    assert not Response.objects.filter(attempt=attempt).exists()


def test_an_edited_key_is_frozen_into_the_next_attempt_and_the_last_keeps_its_own():
    quiz, enrollment = build_quiz(questions=1, attempts_allowed=2)
    first = attempts.attempt_start(enrollment=enrollment, quiz=quiz)
    attempts.attempt_submit(attempt=first, user=enrollment.learner)
    question = am.Question.objects.get(pk=quiz.slots.get().question_id)
    question.key = s.spec_to_json(s.SingleChoiceSpec((s.Choice("blij", 1), s.Choice("boos"))))
    question.save()
    second = attempts.attempt_start(enrollment=enrollment, quiz=quiz)
    assert second.pk != first.pk
    assert [c["text"] for c in second.questions[0]["spec"]["choices"]] == ["blij", "boos"]
    first.refresh_from_db()
    assert [c["text"] for c in first.questions[0]["spec"]["choices"]] == ["boos", "blij"]


def test_a_memoised_key_is_still_checked_against_each_questions_type():
    """The same key text is fine for an essay and refused for a true/false question."""
    from django.core.exceptions import ValidationError

    essay_key = s.spec_to_json(s.EssaySpec())
    quiz, enrollment = build_quiz(questions=0)
    category = am.QuestionCategory.objects.get(course=quiz.module.course, name="Toets")
    essay = am.EssayQuestion.objects.create(category=category, name="E", text="E", key=essay_key)
    am.QuizSlot.objects.create(quiz=quiz, order=1, question=essay)
    assert attempts.attempt_start(enrollment=enrollment, quiz=quiz).questions[0]["spec"] == {
        "type": "essay",
        "guidance": "",
    }
    other, learner = build_quiz(questions=0)
    category = am.QuestionCategory.objects.get(course=other.module.course, name="Toets")
    wrong = am.TrueFalseQuestion.objects.create(
        category=category, name="TF", text="TF", key=essay_key
    )
    am.QuizSlot.objects.create(quiz=other, order=1, question=wrong)
    with pytest.raises(ValidationError, match="past niet bij dit soort vraag"):
        attempts.attempt_start(enrollment=learner, quiz=other)


def test_the_frozen_spec_is_written_as_spec_to_json_writes_it():
    """Keys stored with fewer fields (an import, an old row) freeze complete and the same."""
    quiz, enrollment = build_quiz(questions=1)
    am.Question.objects.filter(pk=quiz.slots.get().question_id).update(
        key={"type": "single_choice", "choices": [{"text": "ja", "fraction": "1"}]}
    )
    frozen = attempts.attempt_start(enrollment=enrollment, quiz=quiz).questions[0]["spec"]
    assert frozen == {
        "type": "single_choice",
        "choices": [{"text": "ja", "fraction": "1", "feedback": ""}],
    }


@pytest.mark.parametrize("text_format", ["html", "moodle", "markdown"])
def test_a_memoised_question_text_is_still_sanitised(text_format):
    text = 'Kies <script>alert(1)</script><a href="javascript:alert(2)">hier</a><b>vet</b>'
    display.rich_html.cache_clear()
    first = display.rich(text, text_format)
    second = display.rich(text, text_format)
    assert display.rich_html.cache_info().hits == 1
    assert first == second
    assert "<script" not in second and "javascript:" not in second and "<b>vet</b>" in second
    label = display.inline('<img src=x onerror="alert(1)">ja <b>zeker</b>', "html")
    again = display.inline('<img src=x onerror="alert(1)">ja <b>zeker</b>', "html")
    assert again == label == "ja <b>zeker</b>"


def test_the_question_fields_are_built_as_the_form_expects(client):
    quiz, enrollment = build_quiz()
    client.force_login(enrollment.learner)
    attempt = attempts.attempt_start(enrollment=enrollment, quiz=quiz)
    attempts.responses_save(
        attempt=attempt, answers={0: 1, 2: 'a "b" <c>', 4: [0, 2]}, user=enrollment.learner
    )
    page = client.get(attempt_url(enrollment, attempt)).content.decode()
    assert (
        '<fieldset class="question" id="question-0" aria-describedby="q0-text">\n'
        '  <legend>Vraag 1 <span class="muted">(1 punt)</span></legend>\n'
        '  <div class="question-text" id="q0-text">Vraag 0</div>'
    ) in page
    assert '<input type="hidden" name="present" value="0">' in page
    assert (
        '<label class="option"><input type="radio" name="q0" id="q0-c0" value="0">boos</label>'
        '<label class="option"><input type="radio" name="q0" id="q0-c1" value="1" checked>'
        "blij</label>"
    ) in page
    assert '<input type="radio" name="q1" id="q1-true" value="true">Juist</label>' in page
    assert (
        '<label for="q2">Je antwoord</label>\n  <input type="text" name="q2" id="q2"'
        ' value="a &#34;b&#34; &lt;c&gt;" maxlength="10000" autocomplete="off"'
        ' spellcheck="false">'
    ) in page
    assert 'aria-describedby="q3-help"' in page and 'id="q3-help"' in page
    assert re.search(
        r'<input type="checkbox" name="q4" id="q4-c2" value="2" checked>c</label>', page
    )
    assert page.count("<fieldset") == page.count("</fieldset>") == 5


@pytest.mark.django_db(transaction=True)
def test_a_save_that_meets_a_hand_in_in_progress_waits_and_then_saves_nothing():
    """The race the one-statement save must win: a hand-in in another tab holds the attempt
    FOR UPDATE and commits "submitted" while a save is on its way. The save waits for it and
    then writes nothing (the grading must never miss or gain an answer)."""
    if connection.vendor != "postgresql":
        pytest.skip("row locks between two connections: PostgreSQL")
    import threading
    import time

    from django.db import transaction
    from django.utils import timezone

    quiz, enrollment = build_quiz()
    attempt = attempts.attempt_start(enrollment=enrollment, quiz=quiz)
    locked, release = threading.Event(), threading.Event()
    outcome: dict = {}

    def hand_in() -> None:
        try:
            with transaction.atomic():
                Attempt.objects.select_for_update().get(pk=attempt.pk)
                locked.set()
                release.wait(10)
                Attempt.objects.filter(pk=attempt.pk).update(
                    status=Attempt.Status.SUBMITTED, submitted_at=timezone.now()
                )
        finally:
            connection.close()

    def save() -> None:
        try:
            attempts.response_save(attempt=attempt, position=0, answer=1, user=enrollment.learner)
            outcome["saved"] = True
        except attempts.AttemptError as exc:
            outcome["refused"] = " ".join(exc.messages)
        finally:
            connection.close()

    handing_in = threading.Thread(target=hand_in)
    handing_in.start()
    assert locked.wait(10)
    saving = threading.Thread(target=save)
    saving.start()
    time.sleep(0.3)
    assert saving.is_alive(), "the save did not wait for the hand-in's lock"
    release.set()
    handing_in.join(10)
    saving.join(10)
    assert "al ingeleverd" in outcome.get("refused", ""), outcome
    assert not Response.objects.filter(attempt=attempt).exists()


def test_a_started_attempt_is_stored_as_the_orm_would_store_it():
    """On PostgreSQL the insert is our own prepared statement: every field must still come
    back as the model says (defaults, the frozen JSON, aware datetimes)."""
    quiz, enrollment = build_quiz(questions=5)
    quiz.time_limit_minutes = 30
    quiz.save()
    with CaptureQueriesContext(connection) as ctx:
        attempt = attempts.attempt_start(enrollment=enrollment, quiz=quiz)
    [insert] = [q for q in statements(ctx) if q.startswith("INSERT")]
    assert insert.startswith('INSERT INTO "assessments_attempt"')
    stored = Attempt.objects.get(pk=attempt.pk)
    assert not attempt._state.adding and attempt._state.db == "default"
    for field in Attempt._meta.concrete_fields:
        assert getattr(stored, field.attname) == getattr(attempt, field.attname), field.name
    assert stored.status == Attempt.Status.IN_PROGRESS and stored.number == 1
    assert stored.deadline_at == stored.started_at + dt.timedelta(minutes=30)
    assert stored.started_at.tzinfo is not None
    assert (stored.auto_submitted, stored.grading_failures, stored.last_error) == (False, 0, "")
    assert len(stored.questions) == 5 and stored.questions[0]["spec"]["type"]


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("attempts_allowed", [1, 2])
def test_starts_from_many_tabs_at_once_make_one_attempt(attempts_allowed):
    """Eight starts of the same learner at the same moment (tabs, a double click): one attempt
    in progress, which every start returns; never a second one, never beyond the allowed."""
    if connection.vendor != "postgresql":
        pytest.skip("simultaneous connections: PostgreSQL")
    import threading

    from courses.models import Enrollment

    quiz, enrollment = build_quiz(attempts_allowed=attempts_allowed)
    barrier = threading.Barrier(8)
    started: list = []
    errors: list = []

    def start() -> None:
        try:
            mine = Enrollment.objects.select_related("edition").get(pk=enrollment.pk)
            barrier.wait(10)
            started.append(attempts.attempt_start(enrollment=mine, quiz=quiz).pk)
        except Exception as exc:  # noqa: BLE001 - reported below
            errors.append(repr(exc))
        finally:
            connection.close()

    threads = [threading.Thread(target=start) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(20)
    assert not errors, errors
    rows = list(
        Attempt.objects.filter(enrollment=enrollment, quiz=quiz).values_list("pk", "number")
    )
    assert len(rows) == 1 and rows[0][1] == 1, rows
    assert started == [rows[0][0]] * 8


def test_a_start_that_read_before_another_tabs_start_resumes_that_attempt(monkeypatch):
    """The race without threads: the first look (stale) sees no attempt, the insert finds the
    number taken by the other tab's attempt, and the second look resumes that one."""
    quiz, enrollment = build_quiz()
    other_tab = attempts.attempt_start(enrollment=enrollment, quiz=quiz)
    real = selectors._ATTEMPTS_AND_EXTENSION.rows
    looks = []

    def stale_first(*args):
        looks.append(args)
        rows = real(*args)
        return [(None,) * len(rows[0])] if len(looks) == 1 else rows

    monkeypatch.setattr(selectors._ATTEMPTS_AND_EXTENSION, "rows", stale_first)
    again = attempts.attempt_start(enrollment=enrollment, quiz=quiz)
    assert again.pk == other_tab.pk and len(looks) == 2
    assert Attempt.objects.filter(enrollment=enrollment, quiz=quiz).count() == 1
