"""Speed of grading: the pure core, end to end on PostgreSQL and Redis, and the exam's start.

1. The pure core: attempts of 20 mixed questions (every type but essay and description)
   scored with `grading.grade` and `grading.attempt_score`, in this process, no Django.
2. End to end: a throwaway PostgreSQL database, Redis DB 9 (broker) and 10 (cache),
   `celery worker` with 2 processes on the `grading` and `default` queues. N learners each start an attempt at a
   quiz of 20 questions (the service), their answers are saved, then all N are submitted at
   once from a few threads (`attempts.attempt_submit`, which enqueues after commit). Measured
   from the database: the time from the first submit to the last `graded_at`, the p95 of
   `graded_at - submitted_at`, and graded attempts per second. The no-op rate on the same
   worker: the `default` consumer is paused (`cancel_consumer`), 2,000 `lms.noop` tasks and
   then one `lms.tasks.heartbeat` are queued, the consumer is resumed and the rate is 2,000
   over the time from resuming to the heartbeat's own timestamp (its file is written after
   every noop was taken, and at most one noop can still be running next to it). Two rounds,
   before and after grading; the ratio uses the faster one, so it is the strict comparison.
   Grading capacity is measured the same way (step_capacity): the graded attempts are put back
   to "submitted", one grading message per attempt is queued while the `grading` consumer is
   paused, and the rate runs from resuming to the last `graded_at`. The goal's ratio is this
   capacity over the no-op rate; the rate as submitted from the threads is reported beside it
   (it is bounded by how fast the threads hand in, not by grading).
3. The exam's start: 100 learners start a 20-question exam (drawn from a bank of 40) and save
   a first answer at the same moment. Over HTTP when the learner attempt pages exist
   (gunicorn, 2 workers or --web-workers; production settings; logged-in session and CSRF
   cookies), each as a browser does it: first the exam's lesson page (untimed, everyone at
   once), then at the same moment POST start (302), GET the attempt page, then the save
   attempt.js makes when the first question is answered (the whole form, read from the page,
   with X-Requested-With: fetch; 204). The learners are driven from one thread with plain
   sockets, so that the load generator costs the machine little. Three such waves of fresh
   learners (--exam-waves): each figure is the median of the waves' figures (one wave is only
   300 requests, and this machine's speed varies from minute to minute), and the per-wave
   figures are listed too. The goal is the issue's "p95 response time": over HTTP the p95 of
   every response of the wave (start, page and save; goal_exam_met, and under its old name
   goal_exam_met_per_response). Stricter figures are reported beside it, not judged by the
   goal: a learner's start and save added together (goal_exam_met_start_plus_save; the
   goal's reading when only the service layer was measured), from pressing Start to a loaded
   attempt page (start + page), and a learner's whole way (start, page and save). After that,
   and when the pages do not exist yet, at the service layer from 100 threads with a
   connection each (`attempt_start` + `response_save`, loading the enrollment, quiz and
   attempt as a view would); there a learner's start and save added are the response time.
   "exam_start_mode" says which way the main figure was measured.

Every Django step runs in a helper subprocess (`python -c`, settings from the environment),
like bench/pages.py; all processes share one production-like environment (LMS_DEBUG=0, so the
worker keeps its database connections as it would in production). The worker, database, Redis DB and temporary folder are removed even on
failure. Last line: one JSON object.

    .venv/bin/python bench/grading.py [--attempts 500] [--learners 100] [--seconds 2]
                                      [--exam-waves 3] [--web-workers 2]
"""

from __future__ import annotations

import argparse
import contextlib
import http.client
import json
import math
import os
import random
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from decimal import Decimal
from html import unescape
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from assessments import grading  # noqa: E402  (pure: no Django)
from assessments import specs as s  # noqa: E402

POSTGRES = "postgres://postgres@127.0.0.1:5432"
BROKER_URL = "redis://127.0.0.1:6379/9"
CACHE_URL = "redis://127.0.0.1:6379/10"  # the cache on Redis, as the README's production setup
QUESTIONS = 20
NOOP_TASKS = 2000
SUBMIT_THREADS = 4
GRADING_TIMEOUT = 300.0
GOAL_RATIO = 0.5
GOAL_P95_SECONDS = 2.0
GOAL_EXAM_P95_MS = 300.0

D = Decimal


# --- the questions: realistic keys and a spread of answers (right, partly right, wrong, none) --


@dataclass(frozen=True)
class Template:
    name: str
    text: str
    spec: Any
    points: Decimal
    answers: tuple  # plausible responses as stored (JSON values); None is "not answered"


_LAWS = (
    ("Wet open overheid", "openbaarheid van informatie"),
    ("AVG", "privacy"),
    ("Awb", "bezwaar en beroep"),
    ("Participatiewet", "bijstand"),
    ("", "afvalstoffenheffing"),
)
_STEPS = ("Begroeten", "Luisteren", "Samenvatten", "Doorvragen", "Afspraken maken")

BANK: tuple[Template, ...] = (
    Template(
        "Boze beller",
        "Een inwoner belt boos op over een brief. Wat doe je eerst?",
        s.SingleChoiceSpec(
            (
                s.Choice("Je laat hem uitpraten en vat samen wat je hoort.", D(1), "Goed."),
                s.Choice("Je legt uit wat er in de brief staat.", D(0), "Eerst de emotie."),
                s.Choice("Je verbindt hem door.", D(0), "Dat voelt als afschuiven."),
                s.Choice("Je vraagt hem rustig te blijven.", D(0), "Dat werkt averechts."),
            )
        ),
        D(1),
        (0, 0, 0, 1, 2, 3, None),
    ),
    Template(
        "Gegevens aan de telefoon",
        "Welke gegevens mag je aan de telefoon geven zonder de beller te identificeren?",
        s.MultipleResponseSpec(
            (
                s.Choice("De openingstijden van het stadskantoor", D("0.5")),
                s.Choice("Het adres van het stadskantoor", D("0.5")),
                s.Choice("Het BSN van de beller", D(-1), "Nooit zonder identificatie."),
                s.Choice("De stand van een aanvraag", D("-0.5"), "Alleen na identificatie."),
            )
        ),
        D(1),
        ([0, 1], [0, 1], [1, 0], [0], [1], [0, 1, 3], [0, 2], [], None),
    ),
    Template(
        "Klachttermijn",
        "Een klacht moet binnen zes weken na ontvangst zijn afgehandeld.",
        s.TrueFalseSpec(True, "Juist: zo staat het in de Awb.", "Onjuist: de Awb noemt zes weken."),
        D(1),
        (True, True, True, False, None),
    ),
    Template(
        "Samenvatten",
        "Hoe heet de gesprekstechniek waarbij je de kern in eigen woorden teruggeeft?",
        s.ShortAnswerSpec(
            (
                s.Choice("samenvatten", D(1), "Precies."),
                s.Choice("samenvatting", D(1)),
                s.Choice("parafra*", D("0.5"), "Bijna: parafraseren is één uitspraak."),
                s.Choice("*herhal*", D("0.25")),
            )
        ),
        D(1),
        (
            "Samenvatten",
            "  samenvatten ",
            "SAMENVATTING",
            "parafraseren",
            "de vraag herhalen",
            "doorvragen",
            "",
            None,
        ),
    ),
    Template(
        "Ontvangstbevestiging",
        "Binnen hoeveel werkdagen stuur je een ontvangstbevestiging?",
        s.NumericSpec(
            (
                s.NumericAnswer(value=D(5), fraction=D(1), feedback="Goed."),
                s.NumericAnswer(low=D(3), high=D(7), fraction=D("0.5"), feedback="In de buurt."),
            )
        ),
        D(1),
        ("5", "5,0", 5, "4", 6, "10", "vijf", None),
    ),
    Template(
        "Tevredenheid",
        "Welk percentage van de bellers gaf een 7 of hoger? Eén decimaal.",
        s.NumericSpec((s.NumericAnswer(value=D("72.5"), tolerance=D("0.5")),)),
        D(1),
        ("72,5", "72.3", "73", 72.9, "70", "", None),
    ),
    Template(
        "Wetten",
        "Koppel elke wet aan haar onderwerp.",
        s.MatchingSpec(_LAWS),
        D(2),
        (
            {left: right for left, right in _LAWS if left},
            {left: right for left, right in _LAWS if left},
            {
                "Wet open overheid": "privacy",
                "AVG": "openbaarheid van informatie",
                "Awb": "bezwaar en beroep",
                "Participatiewet": "bijstand",
            },
            {"Awb": "bezwaar en beroep", "Participatiewet": "afvalstoffenheffing"},
            None,
        ),
    ),
    Template(
        "Gespreksstappen",
        "Zet de stappen van een klantgesprek in de goede volgorde.",
        s.OrderingSpec(_STEPS),
        D(2),
        (
            list(_STEPS),
            list(_STEPS),
            [_STEPS[0], _STEPS[2], _STEPS[1], _STEPS[3], _STEPS[4]],
            list(reversed(_STEPS)),
            None,
        ),
    ),
    Template(
        "Nee verkopen",
        "Een aanvraag wordt afgewezen. Hoe breng je dat?",
        s.SingleChoiceSpec(
            (
                s.Choice("Meteen het besluit, dan de reden, dan wat wel kan.", D(1)),
                s.Choice("Eerst de reden, dan het besluit.", D("0.5"), "Het besluit komt te laat."),
                s.Choice("Je verwijst naar de brief die volgt.", D(0)),
            )
        ),
        D(1),
        (0, 0, 1, 1, 2, None),
    ),
    Template(
        "Bezwaar",
        "Welke wet regelt bezwaar tegen een besluit van de gemeente?",
        s.ShortAnswerSpec(
            (
                s.Choice("Awb", D(1)),
                s.Choice("Algemene wet bestuursrecht", D(1)),
                s.Choice("*bestuurs*", D("0.5"), "Bijna: de Algemene wet bestuursrecht."),
            )
        ),
        D(1),
        ("Awb", "awb", "Algemene Wet Bestuursrecht", "wet bestuursrecht", "AVG", None),
    ),
)


def quiz_templates(count: int) -> list[Template]:
    return [BANK[i % len(BANK)] for i in range(count)]


def answer_set(rng: random.Random, templates: list[Template]) -> list[Any]:
    return [rng.choice(t.answers) for t in templates]


def first_answer(spec_json: dict) -> Any:
    """A valid answer to a frozen question, whatever type the draw put first."""
    kind = spec_json["type"]
    if kind == "single_choice":
        return 0
    if kind == "multiple_response":
        return [0]
    if kind == "true_false":
        return True
    if kind == "short_answer":
        return spec_json["answers"][0]["text"].replace("*", "")
    if kind == "numeric":
        answer = spec_json["answers"][0]
        return answer["value"] if answer["value"] is not None else answer["low"]
    if kind == "matching":
        return {left: right for left, right in spec_json["pairs"] if left.strip()}
    if kind == "ordering":
        return list(spec_json["items"])
    return None


def percentile(values: list[float], share: float) -> float:
    """Nearest rank: the smallest value with at least `share` of the values at or below it."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(share * len(ordered)) - 1)]


# --- 1. the pure core --------------------------------------------------------------------------


def bench_core(seconds: float, questions: int) -> dict:
    templates = quiz_templates(questions)
    sets = [answer_set(random.Random(i), templates) for i in range(256)]
    keys = [t.spec for t in templates]
    points = [t.points for t in templates]
    stored = [s.spec_to_json(t.spec) for t in templates]

    def from_specs(answers: list) -> grading.AttemptScore:
        return grading.attempt_score(
            [(grading.grade(k, a), p) for k, a, p in zip(keys, answers, points, strict=True)]
        )

    def from_json(answers: list) -> grading.AttemptScore:
        return grading.attempt_score(
            [
                (grading.grade(s.spec_from_json(j), a), p)
                for j, a, p in zip(stored, answers, points, strict=True)
            ]
        )

    def rate(score, duration: float) -> tuple[float, float]:
        for answers in sets:  # warm up caches (short-answer patterns) and check every answer
            score(answers)
        done, started = 0, time.perf_counter()
        while True:
            for answers in sets:
                score(answers)
            done += len(sets)
            elapsed = time.perf_counter() - started
            if elapsed >= duration:
                return done / elapsed, mean_percentage(score, sets)

    per_second, mean = rate(from_specs, seconds)
    per_second_json, _ = rate(from_json, seconds / 2)
    return {
        "core_attempts_per_second": round(per_second),
        "core_us_per_question": round(1e6 / (per_second * questions), 1),
        "core_attempts_per_second_with_json": round(per_second_json),
        "core_mean_percentage": mean,
    }


def mean_percentage(score, sets: list) -> float:
    """The mean percentage of the answer sets: shows the answers are a realistic mix."""
    return round(float(sum(score(a).percentage for a in sets) / len(sets)), 1)


# --- helper steps: run in a subprocess with Django set up (see `helper`) -----------------------


def step_seed(*, learners: int, questions: int, seed: int) -> dict:
    from django.contrib.auth import get_user_model
    from django.db import transaction
    from django.utils import timezone

    from assessments import attempts
    from assessments import models as am
    from courses import models as cm

    started = time.perf_counter()
    rng = random.Random(seed)
    user_model = get_user_model()
    with transaction.atomic():
        course = cm.Course.objects.create(title="Klantgericht werken", slug=f"bench-{seed}")
        module = cm.CourseModule.objects.create(course=course, order=1, title="Het klantgesprek")
        edition = cm.Edition.objects.create(
            course=course,
            name="Bench",
            region=cm.Edition.Region.MIDDEN,
            capacity=learners,
            status=cm.Edition.Status.RUNNING,
        )
        user_model.objects.bulk_create(
            user_model(
                username=f"bench{i:05d}",
                email=f"bench{i:05d}@example.nl",
                first_name=f"Cursist{i}",
                last_name="Bench",
                password="!",
            )
            for i in range(learners)
        )
        users = user_model.objects.filter(username__startswith="bench").order_by("username")
        cm.Enrollment.objects.bulk_create(cm.Enrollment(edition=edition, learner=u) for u in users)

        def add_question(category, template: Template, number: int) -> am.Question:
            model = am.QUESTION_CLASS_FOR_SPEC[type(template.spec)]
            return model.objects.create(
                category=category,
                name=f"{template.name} {number}",
                text=template.text,
                key=s.spec_to_json(template.spec),
                default_points=template.points,
            )

        quiz = am.Quiz.objects.create(
            module=module, order=1, title="Toets klantgesprek", time_limit_minutes=60
        )
        category = am.QuestionCategory.objects.create(course=course, name="Toets")
        template_of: dict[int, Template] = {}
        for i, template in enumerate(quiz_templates(questions)):
            question = add_question(category, template, i + 1)
            template_of[question.pk] = template
            am.QuizSlot.objects.create(
                quiz=quiz, order=i + 1, question=question, points=template.points
            )
        exam = am.Quiz.objects.create(
            module=module,
            order=2,
            title="Examen",
            is_exam=True,
            time_limit_minutes=90,
            shuffle_questions=True,
            shuffle_options=True,
            feedback_policy=am.Quiz.FeedbackPolicy.AFTER_CLOSE,
        )
        bank = am.QuestionCategory.objects.create(course=course, name="Examen")
        for i, template in enumerate(quiz_templates(2 * questions)):
            add_question(bank, template, i + 1)
        am.QuizSlot.objects.create(quiz=exam, order=1, category=bank, count=questions)
    created = time.perf_counter()

    enrollments = list(cm.Enrollment.objects.filter(edition=edition).select_related("edition"))
    started_attempts = [attempts.attempt_start(enrollment=e, quiz=quiz) for e in enrollments]
    attempts_started = time.perf_counter()

    now = timezone.now()
    rows = []
    for attempt in started_attempts:
        for position, frozen in enumerate(attempt.questions):
            answer = rng.choice(template_of[frozen["question_id"]].answers)
            if answer is not None:
                rows.append(
                    am.Response(attempt=attempt, position=position, answer=answer, saved_at=now)
                )
    am.Response.objects.bulk_create(rows, batch_size=2000)
    return {
        "edition_id": edition.pk,
        "quiz_id": quiz.pk,
        "exam_id": exam.pk,
        "attempts": len(started_attempts),
        "responses": len(rows),
        "create_seconds": round(created - started, 2),
        "start_seconds": round(attempts_started - created, 2),
        "answers_seconds": round(time.perf_counter() - attempts_started, 2),
    }


def _run_threads(target, items: list) -> list[threading.Thread]:
    threads = [threading.Thread(target=target, args=(i, item)) for i, item in enumerate(items)]
    for thread in threads:
        thread.start()
    return threads


def step_grade(*, quiz_id: int, threads: int, timeout: float) -> dict:
    """Submit every attempt at the quiz at once, then wait until the worker graded them all."""
    from django.db import connection, connections

    from assessments import attempts
    from assessments.models import Attempt, GradingEvent

    status = Attempt.Status
    todo = list(
        Attempt.objects.filter(quiz_id=quiz_id, status=status.IN_PROGRESS).select_related(
            "enrollment__learner"
        )
    )
    connections.close_all()
    chunks = [todo[i::threads] for i in range(threads)]
    barrier = threading.Barrier(threads + 1)
    errors: list[str] = []

    def submit(_index: int, chunk: list) -> None:
        try:
            connection.ensure_connection()
            barrier.wait()
            for attempt in chunk:
                attempts.attempt_submit(attempt=attempt, user=attempt.enrollment.learner)
        except Exception as exc:  # reported, never hidden
            errors.append(repr(exc))
            barrier.abort()
        finally:
            connection.close()

    workers = _run_threads(submit, chunks)
    barrier.wait()
    released = time.perf_counter()
    for worker in workers:
        worker.join()
    submitted = time.perf_counter()

    deadline = submitted + timeout
    pending = len(todo)
    while time.perf_counter() < deadline:
        pending = Attempt.objects.filter(
            quiz_id=quiz_id, status__in=[status.IN_PROGRESS, status.SUBMITTED]
        ).count()
        if not pending:
            break
        time.sleep(0.05)
    seen = time.perf_counter()

    rows = list(
        Attempt.objects.filter(quiz_id=quiz_id).values_list("status", "submitted_at", "graded_at")
    )
    done = [(sub, gra) for st, sub, gra in rows if st in (status.GRADED, status.NEEDS_REVIEW)]
    latencies = [(gra - sub).total_seconds() for sub, gra in done]
    first_submit = min(sub for _, sub, _ in rows if sub is not None)
    last_graded = max(gra for _, gra in done) if done else None
    span = (last_graded - first_submit).total_seconds() if last_graded else None
    return {
        "attempts": len(todo),
        "submit_threads": threads,
        "submit_seconds": round(submitted - released, 3),
        "graded": len(done),
        "not_graded": pending,
        "needs_attention": sum(1 for st, _, _ in rows if st == status.NEEDS_ATTENTION),
        "grading_events": GradingEvent.objects.filter(
            attempt__quiz_id=quiz_id, kind=GradingEvent.Kind.GRADED
        ).count(),
        "all_graded_seconds": round(span, 3) if span is not None else None,
        "all_graded_seconds_polled": round(seen - released, 3),
        "graded_per_second": round(len(done) / span, 1) if span else None,
        "p50_seconds": round(percentile(latencies, 0.50), 3) if latencies else None,
        "p95_seconds": round(percentile(latencies, 0.95), 3) if latencies else None,
        "max_seconds": round(max(latencies), 3) if latencies else None,
        "errors": errors[:5],
    }


def _worker_node(node_prefix: str) -> str:
    from lms.celery import app

    deadline = time.monotonic() + 60
    while True:
        if time.monotonic() > deadline:
            raise SystemExit("the Celery worker did not answer a ping within 60 s")
        for reply in app.control.ping(timeout=1.0) or []:
            for name in reply:
                if name.startswith(node_prefix):
                    return name


def step_capacity(*, quiz_id: int, node_prefix: str, timeout: float) -> dict:
    """Grading capacity, measured like the no-op rate: the attempts graded in step_grade are
    put back to "submitted", the `grading` consumer is paused, one grading message per attempt
    is queued (what each hand-in sends), the consumer is resumed, and the rate is the number
    of attempts over the time from resuming to the last `graded_at`."""
    from datetime import datetime

    from assessments.models import Attempt, GradingEvent
    from assessments.tasks import attempt_grade
    from lms.celery import app

    status = Attempt.Status
    node = _worker_node(node_prefix)
    ids = list(
        Attempt.objects.filter(
            quiz_id=quiz_id, status__in=[status.GRADED, status.NEEDS_REVIEW]
        ).values_list("pk", flat=True)
    )
    # Pause first, let the worker finish what it holds, and drop what step_grade left queued
    # (its second messages), so that nothing grades before the measured resume.
    app.control.cancel_consumer("grading", destination=[node], reply=True)
    deadline = time.monotonic() + 60
    while True:
        inspect = app.control.inspect(destination=[node], timeout=1.0)
        busy = [t for tasks in (inspect.active() or {}).values() for t in tasks]
        busy += [t for tasks in (inspect.reserved() or {}).values() for t in tasks]
        if not busy:
            break
        if time.monotonic() > deadline:
            raise SystemExit("the worker did not go idle within 60 s")
        time.sleep(0.2)
    with app.connection_for_write() as conn:
        conn.default_channel.queue_purge("grading")
    GradingEvent.objects.filter(attempt_id__in=ids).delete()
    Attempt.objects.filter(pk__in=ids).update(
        status=status.SUBMITTED, graded_at=None, points=None, percentage=None, passed=None
    )
    for attempt_id in ids:
        attempt_grade.apply_async((attempt_id,), queue="grading")
    time.sleep(0.2)
    if Attempt.objects.filter(pk__in=ids, graded_at__isnull=False).exists():
        raise SystemExit("the worker graded while its `grading` consumer was paused")
    resumed = time.time()
    app.control.add_consumer("grading", destination=[node], reply=True)
    deadline = time.monotonic() + timeout
    while Attempt.objects.filter(pk__in=ids, status=status.SUBMITTED).exists():
        if time.monotonic() > deadline:
            raise SystemExit(f"the attempts were not all graded within {timeout} s")
        time.sleep(0.02)
    last: datetime = max(Attempt.objects.filter(pk__in=ids).values_list("graded_at", flat=True))
    elapsed = last.timestamp() - resumed
    events = GradingEvent.objects.filter(attempt_id__in=ids, kind=GradingEvent.Kind.GRADED)
    # Diagnostics (stderr, beside the figures): how much of `seconds` passed before the worker
    # took the first message (a resumed queue is polled again only when the broker's current
    # poll returns), and how much went to grading from then on.
    first: datetime = min(Attempt.objects.filter(pk__in=ids).values_list("graded_at", flat=True))
    print(
        f"capacity detail  first graded {first.timestamp() - resumed:.3f} s after the resume,"
        f" the last {(last - first).total_seconds():.3f} s after the first",
        file=sys.stderr,
    )
    return {
        "attempts": len(ids),
        "seconds": round(elapsed, 3),
        "per_second": round(len(ids) / elapsed, 1),
        "grading_events": events.count(),
        "first_graded_after_resume_seconds": round(first.timestamp() - resumed, 3),
    }


def step_noop(*, node_prefix: str, count: int, timeout: float = 120.0) -> dict:
    """The worker's no-op rate on the `default` queue; see the module docstring for the method."""
    from datetime import datetime

    from lms.celery import app
    from lms.tasks import heartbeat, heartbeat_path, noop

    node = None
    deadline = time.monotonic() + 60
    while node is None:
        if time.monotonic() > deadline:
            raise SystemExit("the Celery worker did not answer a ping within 60 s")
        for reply in app.control.ping(timeout=1.0) or []:
            node = next((name for name in reply if name.startswith(node_prefix)), node)
    path = heartbeat_path()

    def wait_for_sentinel() -> float:
        until = time.monotonic() + timeout
        while not path.exists():
            if time.monotonic() > until:
                raise SystemExit(f"the no-op tasks were not all run within {timeout} s")
            time.sleep(0.005)
        return datetime.fromisoformat(path.read_text().strip()).timestamp()

    path.unlink(missing_ok=True)  # warm up both pool processes
    for _ in range(100):
        noop.apply_async(queue="default")
    heartbeat.apply_async(queue="default")
    wait_for_sentinel()

    app.control.cancel_consumer("default", destination=[node], reply=True)
    path.unlink(missing_ok=True)
    published = time.perf_counter()
    for _ in range(count):
        noop.apply_async(queue="default")
    heartbeat.apply_async(queue="default")
    publish_seconds = time.perf_counter() - published
    time.sleep(0.2)
    if path.exists():
        raise SystemExit("the worker took tasks while its `default` consumer was paused")
    resumed = time.time()
    app.control.add_consumer("default", destination=[node], reply=True)
    elapsed = wait_for_sentinel() - resumed
    return {
        "tasks": count,
        "seconds": round(elapsed, 3),
        "per_second": round(count / elapsed, 1),
        "publish_per_second": round(count / publish_seconds, 1),
    }


def step_exam(*, edition_id: int, exam_id: int, offset: int, learners: int) -> dict:
    """`learners` threads start the exam and save a first answer at the same moment."""
    from django.db import connection, connections

    from assessments import attempts
    from assessments.models import Attempt, Quiz
    from courses.models import Enrollment

    enrollment_ids = list(
        Enrollment.objects.filter(edition_id=edition_id)
        .order_by("pk")
        .values_list("pk", flat=True)[offset : offset + learners]
    )
    connections.close_all()
    barrier = threading.Barrier(len(enrollment_ids) + 1)
    timings: list[list[float] | None] = [None] * len(enrollment_ids)
    errors: list[str] = []

    def learner(index: int, enrollment_id: int) -> None:
        try:
            connection.ensure_connection()
            barrier.wait()
        except Exception as exc:
            errors.append(repr(exc))
            barrier.abort()
            connection.close()
            return
        try:
            began = time.perf_counter()
            enrollment = Enrollment.objects.select_related("edition", "learner").get(
                pk=enrollment_id
            )
            quiz = Quiz.objects.select_related("module").get(pk=exam_id)
            attempt = attempts.attempt_start(enrollment=enrollment, quiz=quiz)
            started = time.perf_counter()
            attempt = Attempt.objects.select_related("enrollment").get(pk=attempt.pk)
            attempts.response_save(
                attempt=attempt,
                position=0,
                answer=first_answer(attempt.questions[0]["spec"]),
                user=enrollment.learner,
            )
            timings[index] = [started - began, time.perf_counter() - started]
        except Exception as exc:
            errors.append(repr(exc))
        finally:
            connection.close()

    threads = _run_threads(learner, enrollment_ids)
    with contextlib.suppress(threading.BrokenBarrierError):  # the errors say why
        barrier.wait()
    released = time.perf_counter()
    for thread in threads:
        thread.join()
    return {
        "timings": [t for t in timings if t is not None],
        "errors": errors,
        "wall_seconds": round(time.perf_counter() - released, 3),
    }


def step_sessions(*, edition_id: int, offset: int, count: int) -> list[str]:
    """Logged-in session keys for learners of the edition, stored as a login stores them: with
    the configured engine (cached_db: in the cache and the database), so that a learner's first
    request finds the session in the cache, as it does after a real login."""
    from importlib import import_module

    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY

    from courses.models import Enrollment

    SessionStore = import_module(settings.SESSION_ENGINE).SessionStore  # noqa: N806

    keys = []
    for enrollment in (
        Enrollment.objects.filter(edition_id=edition_id)
        .select_related("learner")
        .order_by("pk")[offset : offset + count]
    ):
        session = SessionStore()
        session[SESSION_KEY] = str(enrollment.learner.pk)
        session[BACKEND_SESSION_KEY] = "lms.auth.UsernameOrEmailBackend"
        session[HASH_SESSION_KEY] = enrollment.learner.get_session_auth_hash()
        session.save()
        keys.append(session.session_key)
    return keys


def step_exam_check(*, exam_id: int) -> dict:
    from assessments.models import Attempt, Response

    return {
        "attempts": Attempt.objects.filter(quiz_id=exam_id).count(),
        "responses": Response.objects.filter(attempt__quiz_id=exam_id).count(),
    }


STEPS = {
    "seed": step_seed,
    "grade": step_grade,
    "capacity": step_capacity,
    "noop": step_noop,
    "exam": step_exam,
    "sessions": step_sessions,
    "exam_check": step_exam_check,
}


def helper(step: str, arguments: str) -> None:
    """Entry point of a helper subprocess: set Django up, run one step, print its JSON."""
    import django

    django.setup()
    print(json.dumps(STEPS[step](**json.loads(arguments))))


# --- 3. the exam's start over HTTP (in this process: plain sockets, no Django) -----------------

HOST = "127.0.0.1"
WARM_UP_LEARNERS = 4  # one full start and save each, unmeasured: every gunicorn worker warm
ALONE_LEARNERS = 5  # one after the other: the time of a start and a save with no queue


_FORM = re.compile(r"<form\b[^>]*\bdata-autosave\b[^>]*>")
_TAG = re.compile(
    r"<input\b([^>]*)>|<select\b([^>]*)>(.*?)</select>|<textarea\b([^>]*)>(.*?)</textarea>", re.S
)
_ATTRIBUTE = re.compile(r'([\w-]+)(?:="([^"]*)")?')
# Our own markup: <option value="…"> with " selected" right after the value when chosen.
_OPTION = re.compile(r'<option value="([^"]*)"( selected)?>')


def _attributes(text: str) -> dict[str, str]:
    return {
        name: unescape(value) if "&" in value else value for name, value in _ATTRIBUTE.findall(text)
    }


@dataclass
class _FormFields:
    """The attempt form's inputs and selects' options as a browser sees them, and `data`: what
    the browser's FormData of that form holds. Read with regular expressions, not an HTML
    parser: the load generator shares the machine with the server it measures, so it must
    cost little (our own page, whose markup we know)."""

    inputs: list[dict] = field(default_factory=list)
    selects: dict[str, list[str]] = field(default_factory=dict)
    data: list[tuple[str, str]] = field(default_factory=list)

    @classmethod
    def read(cls, page: str) -> _FormFields:
        form = cls()
        found = _FORM.search(page)
        body = page[found.end() : page.find("</form>", found.end())] if found else ""
        for match in _TAG.finditer(body):
            if match.group(1) is not None:
                attributes = _attributes(match.group(1))
                form.inputs.append(attributes)
                name, kind = attributes.get("name"), attributes.get("type", "text")
                sent = kind not in {"radio", "checkbox", "submit", "button"} or (
                    kind in {"radio", "checkbox"} and "checked" in attributes
                )
                if name and name != "csrfmiddlewaretoken" and sent:
                    form.data.append((name, attributes.get("value", "")))
            elif match.group(2) is not None:
                name = _attributes(match.group(2)).get("name", "")
                options = _OPTION.findall(match.group(3))  # (value, " selected" or "")
                form.selects[name] = [unescape(value) for value, _selected in options]
                chosen = next((o for o in options if o[1]), options[0] if options else None)
                if name and chosen is not None:
                    form.data.append((name, unescape(chosen[0])))
            else:
                name = _attributes(match.group(4)).get("name")
                if name:
                    form.data.append((name, unescape(match.group(5))))
        return form


def autosave_fields(page: str) -> list[tuple[str, str]]:
    """What attempt.js sends when the learner answers the first question: the whole form
    (FormData), with the first question's fields set as in `first_answer_fields`."""
    form = _FormFields.read(page)
    answer = first_answer_fields(page, form)
    position = answer[0][1]
    names = {name for name, _value in answer[1:]}
    prefix = f"q{position}"
    kept = [
        (name, value)
        for name, value in form.data
        if name not in names and name != prefix and not name.startswith(f"{prefix}-")
    ]
    return kept + answer[1:]


def first_answer_fields(page: str, form: _FormFields | None = None) -> list[tuple[str, str]]:
    """The form fields that answer the page's first question, read from its HTML (field names
    as assessments/views_attempts.py writes them): the first radio or checkbox, a number or
    a word in a text field, a choice in every select and a place each for ordering."""
    form = form or _FormFields.read(page)
    position = next(f["value"] for f in form.inputs if f.get("name") == "present")
    name = f"q{position}"
    fields = [("present", position)]
    for given in form.inputs:
        if given.get("name") == name and given.get("type") in {"radio", "checkbox"}:
            return [*fields, (name, given["value"])]
        if given.get("name") == name and given.get("type") == "text":
            word = "5" if given.get("inputmode") == "decimal" else "samenvatten"
            return [*fields, (name, word)]
    rows = sorted(
        (row for row in form.selects if row.startswith(f"{name}-")),
        key=lambda row: int(row.rsplit("-", 1)[1][1:]),
    )
    for place, row in enumerate(rows, start=1):
        ordering = row.startswith(f"{name}-o")
        fields.append((row, str(place) if ordering else form.selects[row][1]))
    return fields


class _Exchange:
    """One HTTP request on its own connection (gunicorn's sync workers close each one), read
    to the end of its body: Content-Length when given, else until the server closes."""

    def __init__(self, request: bytes, port: int) -> None:
        self.request = request
        self.sent = 0
        self.received = bytearray()
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.sock.setblocking(False)
        self.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        self.began = time.perf_counter()
        self.sock.connect_ex((HOST, port))

    def write(self) -> bool:
        """Send more of the request; True when all of it is sent."""
        self.sent += self.sock.send(self.request[self.sent :])
        return self.sent == len(self.request)

    def read(self) -> bool:
        """Take what arrived; True when the response is complete."""
        chunk = self.sock.recv(1 << 16)
        if not chunk:
            return True
        self.received += chunk
        head_end = self.received.find(b"\r\n\r\n")
        if head_end < 0:
            return False
        length = re.search(rb"\r\ncontent-length: *([0-9]+)", self.received[:head_end], re.I)
        return length is not None and len(self.received) >= head_end + 4 + int(length.group(1))

    def response(self) -> tuple[int, str, str]:
        """Status, Location and body text."""
        head, _sep, body = bytes(self.received).partition(b"\r\n\r\n")
        lines = head.decode("latin-1").split("\r\n")
        status = int(lines[0].split(" ", 2)[1]) if lines[0].startswith("HTTP/") else 0
        location = next(
            (
                line.split(":", 1)[1].strip()
                for line in lines
                if line.lower().startswith("location:")
            ),
            "",
        )
        return status, location, body.decode("utf-8", "replace")


class Learner:
    """One learner's logged-in browser as the exam starts (session and CSRF cookies, the form
    posted as the page's script posts it), a step at a time: driven by `exam_wave`, which runs
    every learner's requests at once from one thread, so that the load generator costs little
    next to the server it measures."""

    def __init__(self, session_key: str, edition_id: int, exam_id: int) -> None:
        self.csrf = secrets.token_hex(16)  # 32 characters: a CSRF secret Django accepts as is
        self.cookie = f"sessionid={session_key}; csrftoken={self.csrf}"
        self.lesson = f"/learn/{edition_id}/lessons/{exam_id}/"
        self.start = f"/learn/{edition_id}/quizzes/{exam_id}/start/"
        self.seconds: list[float] = []

    def request(self, method: str, path: str, fields=None, extra: str = "") -> bytes:
        head = (
            f"{method} {path} HTTP/1.1\r\nHost: {HOST}\r\nX-Forwarded-Proto: https\r\n"
            f"Origin: https://{HOST}\r\nCookie: {self.cookie}\r\nConnection: close\r\n{extra}"
        )
        if fields is None:
            return f"{head}\r\n".encode()
        body = urlencode([("csrfmiddlewaretoken", self.csrf), *fields]).encode()
        head += (
            "Content-Type: application/x-www-form-urlencoded\r\n"
            f"Content-Length: {len(body)}\r\n\r\n"
        )
        return head.encode() + body

    def visit(self):
        """The exam's lesson page, where the learner presses Start (not timed)."""
        status, _location, text = yield self.request("GET", self.lesson)
        _expect(status, 200, "lesson page", text)

    def exam(self):
        """Start the exam, open the attempt, answer the first question (attempt.js saves the
        whole form in the background, 204); the seconds of the three requests in `seconds`."""
        status, attempt_url, text = yield self.request("POST", self.start, [])
        _expect(status, 302, "start", text)
        status, _location, page = yield self.request("GET", attempt_url)
        _expect(status, 200, "attempt page", page)
        fields = autosave_fields(page)
        status, _location, text = yield self.request(
            "POST", attempt_url, fields, "X-Requested-With: fetch\r\n"
        )
        _expect(status, 204, "save", text)


def _expect(status: int, wanted: int, what: str, text: str) -> None:
    if status != wanted:
        raise RuntimeError(f"{what}: HTTP {status} {' '.join(text.split())[:200]}")


def exam_wave(port: int, learners: list[Learner], step: str) -> dict:
    """Run `step` ("visit" or "exam") of every learner at the same moment: each sends its first
    request at once and the next as soon as the previous answer is read, from one thread with
    non-blocking sockets. Each request is timed from its connect to its last byte."""
    import selectors

    selector = selectors.DefaultSelector()
    errors: list[str] = []
    done = 0

    def begin(learner: Learner, flow, answer) -> None:
        nonlocal done
        try:
            request = flow.send(answer)
        except StopIteration:
            done += 1
            return
        except Exception as exc:
            errors.append(f"{type(exc).__name__}: {exc}")
            done += 1
            return
        exchange = _Exchange(request, port)
        selector.register(exchange.sock, selectors.EVENT_WRITE, (learner, flow, exchange))

    flows = [(learner, getattr(learner, step)()) for learner in learners]
    released, cpu = time.perf_counter(), time.process_time()
    for learner, flow in flows:
        begin(learner, flow, None)
    while done < len(flows):
        for key, events in selector.select(timeout=120):
            learner, flow, exchange = key.data
            try:
                if events & selectors.EVENT_WRITE:
                    if exchange.write():
                        selector.modify(exchange.sock, selectors.EVENT_READ, key.data)
                    continue
                if not exchange.read():
                    continue
            except OSError as exc:
                answer = exc
            else:
                answer = None
            selector.unregister(exchange.sock)
            exchange.sock.close()
            if answer is not None:
                errors.append(f"{type(answer).__name__}: {answer}")
                done += 1
                continue
            learner.seconds.append(time.perf_counter() - exchange.began)
            begin(learner, flow, exchange.response())
    selector.close()
    return {
        "errors": errors,
        "wall_seconds": round(time.perf_counter() - released, 3),
        # The load generator's own CPU: it shares the machine with the server it measures.
        "client_cpu_seconds": round(time.process_time() - cpu, 3),
    }


def _alone(port: int, session_key: str, ids: dict) -> list[float]:
    """One learner's lesson page and exam start with no one else on the server."""
    learner = Learner(session_key, **ids)
    for step in ("visit", "exam"):
        learner.seconds.clear()
        wave = exam_wave(port, [learner], step)
        if wave["errors"]:
            raise RuntimeError(wave["errors"][0])
    return learner.seconds


def exam_over_http(port: int, edition_id: int, exam_id: int, sessions: list[str]) -> dict:
    """Each learner first opens the exam's lesson page (untimed, all at once: as in a classroom
    where everyone waits on that page), then all start at the same moment."""
    learners = [Learner(key, edition_id, exam_id) for key in sessions]
    visited = exam_wave(port, learners, "visit")
    if visited["errors"]:
        return {"timings": [], **visited}
    for learner in learners:
        learner.seconds.clear()
    result = exam_wave(port, learners, "exam")
    result["timings"] = [learner.seconds for learner in learners if len(learner.seconds) == 3]
    return result


def ms(values: list[float], share: float) -> float | None:
    return round(1000 * percentile(values, share), 1) if values else None


def start_gunicorn(env: dict, port: int, log: Path, workers: int) -> subprocess.Popen:
    with log.open("w") as out:
        return subprocess.Popen(
            [
                sys.executable,
                "-m",
                "gunicorn",
                "lms.wsgi:application",
                "--workers",
                str(workers),
                "--bind",
                f"{HOST}:{port}",
                "--log-level",
                "warning",
            ],
            cwd=ROOT,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=out,
            stderr=subprocess.STDOUT,
            process_group=0,
        )


def wait_for_http(port: int, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            connection = http.client.HTTPConnection(HOST, port, timeout=2)
            connection.request("GET", "/", headers={"Host": HOST, "X-Forwarded-Proto": "https"})
            if connection.getresponse().status < 500:
                return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"gunicorn did not answer within {timeout} s")


# --- the orchestrating process -----------------------------------------------------------------


def run_step(env: dict, step: str, **arguments) -> Any:
    code = f"import bench.grading as b; b.helper({step!r}, {json.dumps(arguments)!r})"
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, stdout=subprocess.PIPE, text=True
    )
    if out.returncode != 0:
        raise SystemExit(f"helper step {step!r} failed (exit {out.returncode}):\n{out.stdout}")
    return json.loads(out.stdout.strip().splitlines()[-1])


def attempt_pages() -> tuple[str, str]:
    """Which way the exam's start is measured, and why."""
    views = ROOT / "assessments" / "views_attempts.py"
    urls = ROOT / "assessments" / "urls.py"
    if not views.exists():
        return "service", "assessments/views_attempts.py does not exist yet"
    if "views_attempts.quiz_start" not in urls.read_text():
        return "service", "the learner attempt URLs are not routed yet"
    return "http", "learner attempt pages, gunicorn"


def postgres(sql: str, database: str = "postgres") -> None:
    import psycopg

    with psycopg.connect(f"{POSTGRES}/{database}", autocommit=True) as conn:
        conn.execute(sql)


def flush_redis() -> None:
    import redis

    for url in (BROKER_URL, CACHE_URL):
        client = redis.Redis.from_url(url)
        try:
            client.flushdb()
        finally:
            client.close()


def start_worker(env: dict, node: str, log: Path) -> subprocess.Popen:
    with log.open("w") as out:
        return subprocess.Popen(
            [
                sys.executable,
                "-m",
                "celery",
                "-A",
                "lms",
                "worker",
                "-Q",
                "grading,default",
                "--concurrency",
                "2",
                "--prefetch-multiplier",
                "1",
                "--hostname",
                f"{node}@%h",
            ],
            cwd=ROOT,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=out,
            stderr=subprocess.STDOUT,
            process_group=0,
        )


def stop(process: subprocess.Popen) -> None:
    """Warm shutdown first; then make sure no child (pool process, web worker) is left."""
    if process.poll() is None:
        process.terminate()
        with contextlib.suppress(subprocess.TimeoutExpired):
            process.wait(timeout=20)
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(process.pid, signal.SIGKILL)
    process.wait()


def exam_start(env: dict, tmp: Path, seed: dict, args: argparse.Namespace) -> dict:
    """Part 3: over HTTP when the pages exist and work (then also at the service layer, for
    comparison, when there are enough learners left), else at the service layer only."""
    ids = {"edition_id": seed["edition_id"], "exam_id": seed["exam_id"]}
    mode, note = attempt_pages()
    if mode == "http":
        note = f"{note} with {args.web_workers} workers"
    result: dict = {}
    offset = 0
    # The grading just rewrote every attempt: vacuum and analyze now, as PostgreSQL's autovacuum
    # would have done long before an exam, rather than in the middle of the measured waves.
    postgres("VACUUM ANALYZE", database=env["LMS_DATABASE_URL"].rsplit("/", 1)[1])
    if mode == "http":
        # Static files now, not at the start: the attempt page's script may be newer than that.
        subprocess.run(
            [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"],
            cwd=ROOT,
            env=env,
            check=True,
            stdout=subprocess.DEVNULL,
        )
        sessions = run_step(
            env,
            "sessions",
            offset=0,
            count=args.learners * args.exam_waves + WARM_UP_LEARNERS + ALONE_LEARNERS,
            edition_id=seed["edition_id"],
        )
        offset = len(sessions)
        port = free_port()
        server = start_gunicorn(env, port, tmp / "gunicorn.log", args.web_workers)
        try:
            try:
                wait_for_http(port)
                extra = sessions[args.learners * args.exam_waves :]
                for key in extra[:WARM_UP_LEARNERS]:
                    _alone(port, key, ids)
                result["alone"] = [_alone(port, key, ids) for key in extra[WARM_UP_LEARNERS:]]
            except Exception as exc:
                mode, note = "service", f"the attempt pages failed over HTTP: {exc}"[:300]
            if mode == "http":
                result["http"] = [
                    exam_over_http(port, sessions=sessions[w * n : (w + 1) * n], **ids)
                    for w, n in ((w, args.learners) for w in range(args.exam_waves))
                ]
        finally:
            stop(server)
    if mode == "service" or offset + args.learners <= args.attempts:
        result["service"] = run_step(env, "exam", offset=offset, learners=args.learners, **ids)
    result["check"] = run_step(env, "exam_check", exam_id=seed["exam_id"])
    result["mode"], result["note"] = mode, note
    return result


def free_port() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


def grading_summary(graded: dict, capacity: dict, noop_before: dict, noop_after: dict) -> dict:
    """Part 2's figures, printed as lines and returned for the JSON. The ratio compares like
    with like: grading and no-op tasks, each queued while the consumer was paused and then
    run by the same two worker processes."""
    noop_rate = max(noop_before["per_second"], noop_after["per_second"])
    ratio = round(capacity["per_second"] / noop_rate, 3) if noop_rate else None
    arrival_ratio = (
        round((graded["graded_per_second"] or 0.0) / noop_rate, 3) if noop_rate else None
    )
    p95 = graded["p95_seconds"]
    summary = {
        "attempts": graded["attempts"],
        "workers": 2,
        "submit_threads": graded["submit_threads"],
        "submit_seconds": graded["submit_seconds"],
        "all_graded_seconds": graded["all_graded_seconds"],
        "graded_per_second": graded["graded_per_second"],
        "submit_to_graded_p50_s": graded["p50_seconds"],
        "submit_to_graded_p95_s": p95,
        "submit_to_graded_max_s": graded["max_seconds"],
        "graded": graded["graded"],
        "not_graded": graded["not_graded"],
        "needs_attention": graded["needs_attention"],
        "grading_events": graded["grading_events"],
        "noop_tasks": NOOP_TASKS,
        "noop_per_second": noop_rate,
        "noop_rounds_per_second": [noop_before["per_second"], noop_after["per_second"]],
        "noop_publish_per_second": noop_before["publish_per_second"],
        "capacity_attempts": capacity["attempts"],
        "capacity_seconds": capacity["seconds"],
        "capacity_graded_per_second": capacity["per_second"],
        "capacity_grading_events": capacity["grading_events"],
        "graded_to_noop_ratio": ratio,
        "graded_to_noop_ratio_as_submitted": arrival_ratio,
        "goal_ratio_met": ratio is not None and ratio >= GOAL_RATIO,
        "goal_p95_met": p95 is not None and p95 < GOAL_P95_SECONDS,
    }
    print(
        f"end to end       {graded['graded']}/{graded['attempts']} graded"
        f" ({graded['grading_events']} grading events, {graded['needs_attention']} need attention)"
        f" in {graded['all_graded_seconds']} s from the first submit:"
        f" {graded['graded_per_second']} attempts/s; the submits took {graded['submit_seconds']} s"
    )
    print(
        f"submit -> graded p50 {graded['p50_seconds']} s, p95 {p95} s, max {graded['max_seconds']} s"
        f" (goal p95 < {GOAL_P95_SECONDS:g} s: {'met' if summary['goal_p95_met'] else 'NOT met'})"
    )
    print(
        f"no-op task       {noop_rate} tasks/s (rounds: {noop_before['per_second']} before,"
        f" {noop_after['per_second']} after grading; published at"
        f" {noop_before['publish_per_second']}/s)"
    )
    print(
        f"capacity         {capacity['attempts']} attempts queued with the grading consumer"
        f" paused, then resumed: all graded in {capacity['seconds']} s ="
        f" {capacity['per_second']} attempts/s ({capacity['grading_events']} grading events)"
    )
    print(
        f"graded/no-op     {ratio} (goal >= {GOAL_RATIO:g}:"
        f" {'met' if summary['goal_ratio_met'] else 'NOT met'}); as submitted from"
        f" {graded['submit_threads']} threads: {arrival_ratio} (bounded by the submit rate)"
    )
    if graded["errors"]:
        print(f"submit errors    {graded['errors']}")
    return summary


def _wave_figures(measured: dict, save_at: int) -> dict:
    """One wave's figures (ms): start, save, start + save added, and over HTTP any response and
    a learner's whole way (start, page, save)."""
    timings = measured["timings"]
    both = [t[0] + t[save_at] for t in timings]
    figures = {
        "ok": len(timings),
        "errors": len(measured["errors"]),
        "wall_seconds": measured["wall_seconds"],
        "client_cpu_seconds": measured.get("client_cpu_seconds"),
        "start_p95_ms": ms([t[0] for t in timings], 0.95),
        "save_p95_ms": ms([t[save_at] for t in timings], 0.95),
        "start_save_p50_ms": ms(both, 0.5),
        "start_save_p95_ms": ms(both, 0.95),
        "start_save_max_ms": ms(both, 1.0),
    }
    if save_at == 2:
        figures["start_page_p95_ms"] = ms([t[0] + t[1] for t in timings], 0.95)
        figures["with_pages_p95_ms"] = ms([sum(t) for t in timings], 0.95)
        figures["request_p95_ms"] = ms([x for t in timings for x in t], 0.95)
    return figures


def _median(values: list):
    values = sorted(v for v in values if v is not None)
    return values[len(values) // 2] if values else None


def exam_summary(exam: dict, learners: int, web_workers: int) -> dict:
    """Part 3's figures, printed as lines and returned for the JSON: over HTTP the median of
    the waves' figures (and each wave's), at the service layer the one run's."""
    mode = exam["mode"]
    waves = exam["http"] if mode == "http" else [exam["service"]]
    per_wave = [_wave_figures(w, 2 if mode == "http" else 1) for w in waves]

    def median(name: str):
        return _median([w[name] for w in per_wave])

    summary = {
        "exam_start_mode": mode,
        "exam_start_note": exam["note"],
        "exam_learners": learners,
        "exam_waves": len(per_wave),
        "exam_web_workers": web_workers,
        "exam_ok": sum(w["ok"] for w in per_wave),
        "exam_errors": sum(w["errors"] for w in per_wave),
        "exam_wall_seconds": median("wall_seconds"),
        "exam_client_cpu_seconds": median("client_cpu_seconds"),
        "exam_start_p95_ms": median("start_p95_ms"),
        "exam_save_p95_ms": median("save_p95_ms"),
        "exam_start_save_p50_ms": median("start_save_p50_ms"),
        "exam_start_save_p95_ms": median("start_save_p95_ms"),
        "exam_start_save_max_ms": max((w["start_save_max_ms"] or 0) for w in per_wave) or None,
        "exam_waves_start_save_p95_ms": [w["start_save_p95_ms"] for w in per_wave],
        "exam_waves_wall_seconds": [w["wall_seconds"] for w in per_wave],
    }
    strict = summary["exam_start_save_p95_ms"]
    summary["goal_exam_met_start_plus_save"] = strict is not None and strict < GOAL_EXAM_P95_MS
    if mode == "http":
        alone = sorted(t[0] + t[2] for t in exam["alone"])
        summary.update(
            {
                "exam_request_p95_ms": median("request_p95_ms"),
                "exam_waves_request_p95_ms": [w["request_p95_ms"] for w in per_wave],
                "exam_start_to_page_p95_ms": median("start_page_p95_ms"),
                "exam_with_pages_p95_ms": median("with_pages_p95_ms"),
                "exam_alone_start_save_ms": round(1000 * alone[len(alone) // 2], 1),
            }
        )
        response = summary["exam_request_p95_ms"]
        met = response is not None and response < GOAL_EXAM_P95_MS
        summary["goal_exam_met_per_response"] = met
        print(
            f"exam start       {mode} ({exam['note']}): {len(per_wave)} wave(s) of {learners}"
            f" learners at once ({summary['exam_ok']} ok), medians of the waves: every response"
            f" (start, page, save) p95 {response} ms (waves {summary['exam_waves_request_p95_ms']};"
            f" goal p95 < {GOAL_EXAM_P95_MS:g} ms: {'met' if met else 'NOT met'});"
            f" start p95 {summary['exam_start_p95_ms']} ms, save p95 {summary['exam_save_p95_ms']} ms"
        )
        print(
            f"                 stricter, not the goal: start + save added p50"
            f" {summary['exam_start_save_p50_ms']} ms, p95 {strict} ms (waves"
            f" {summary['exam_waves_start_save_p95_ms']}, max {summary['exam_start_save_max_ms']}"
            f" ms; < {GOAL_EXAM_P95_MS:g} ms:"
            f" {'yes' if summary['goal_exam_met_start_plus_save'] else 'no'}); pressing Start to a"
            f" loaded attempt page p95 {summary['exam_start_to_page_p95_ms']} ms; a learner's"
            f" start, page and save p95 {summary['exam_with_pages_p95_ms']} ms; one learner"
            f" alone: start + save {summary['exam_alone_start_save_ms']} ms"
            f" (median of {ALONE_LEARNERS})"
        )
        if "service" in exam:
            service = [t[0] + t[1] for t in exam["service"]["timings"]]
            summary.update(
                {
                    "exam_service_start_save_p50_ms": ms(service, 0.5),
                    "exam_service_start_save_p95_ms": ms(service, 0.95),
                    "exam_service_errors": len(exam["service"]["errors"]),
                }
            )
            print(
                f"                 the same at the service layer ({learners} threads, no HTTP):"
                f" p50 {summary['exam_service_start_save_p50_ms']} ms,"
                f" p95 {summary['exam_service_start_save_p95_ms']} ms"
            )
    else:
        met = summary["goal_exam_met_start_plus_save"]  # here start and save are the response
        print(
            f"exam start       {mode} ({exam['note']}): {len(per_wave)} wave(s) of {learners}"
            f" learners at once ({summary['exam_ok']} ok): start + save p50"
            f" {summary['exam_start_save_p50_ms']} ms, p95 {strict} ms, max"
            f" {summary['exam_start_save_max_ms']} ms (start p95 {summary['exam_start_p95_ms']} ms,"
            f" save p95 {summary['exam_save_p95_ms']} ms; goal p95 < {GOAL_EXAM_P95_MS:g} ms: "
            f"{'met' if met else 'NOT met'})"
        )
    summary["goal_exam_met"] = met
    runs = [*exam.get("http", []), *([exam["service"]] if "service" in exam else [])]
    expected = sum(len(run["timings"]) for run in runs)
    expected += len(exam.get("alone", [])) + (WARM_UP_LEARNERS if "alone" in exam else 0)
    summary["exam_answers_saved"] = exam["check"]["responses"]
    summary["exam_answers_expected"] = expected
    errors = [e for run in runs for e in run["errors"]]
    if errors:
        print(f"exam errors      {len(errors)}, e.g. {errors[:3]}")
    return summary


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--attempts", type=int, default=500, help="learners submitting at once")
    parser.add_argument("--learners", type=int, default=100, help="learners starting the exam")
    parser.add_argument(
        "--exam-waves", type=int, default=3, help="waves of --learners each (the median counts)"
    )
    parser.add_argument("--seconds", type=float, default=2.0, help="for the pure core")
    parser.add_argument(
        "--web-workers",
        type=int,
        default=2,
        help="gunicorn workers for the exam's start (CPU bound on 2 cores: 4 was no faster)",
    )
    args = parser.parse_args()
    needed = args.learners * args.exam_waves + WARM_UP_LEARNERS + ALONE_LEARNERS
    if needed > args.attempts:
        parser.error(f"the exam's learners come from the --attempts learners: needs {needed}")

    load_before = round(os.getloadavg()[0], 2)  # other work on the machine skews every figure
    core = bench_core(args.seconds, QUESTIONS)
    print(
        f"pure core        {core['core_attempts_per_second']} attempts/s of {QUESTIONS} questions"
        f" ({core['core_us_per_question']} µs a question;"
        f" {core['core_attempts_per_second_with_json']} attempts/s reading the frozen JSON too)"
    )
    summary = {"bench": "grading", "questions": QUESTIONS, **core}

    database = f"lms_bench_{secrets.token_hex(4)}"
    node = f"bench-grading-{secrets.token_hex(3)}"
    tmp = Path(tempfile.mkdtemp(prefix="lms-bench-grading-"))
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "lms.settings",
        "LMS_DATABASE_URL": f"{POSTGRES}/{database}",
        "LMS_BROKER_URL": BROKER_URL,
        "LMS_CACHE_URL": CACHE_URL,
        "LMS_VAR_DIR": str(tmp),
        "LMS_LOG_LEVEL": "WARNING",
        "LMS_DEBUG": "0",
        "LMS_SECRET_KEY": "bench-" + "k" * 50,
        "LMS_ALLOWED_HOSTS": HOST,
        "LMS_BASE_URL": f"https://{HOST}",
        "LMS_SSL_REDIRECT": "0",
        "PYTHONUNBUFFERED": "1",
    }
    env.pop("LMS_CELERY_EAGER", None)
    worker: subprocess.Popen | None = None
    try:
        flush_redis()
        postgres(f'CREATE DATABASE "{database}"')
        subprocess.run(
            [sys.executable, "manage.py", "migrate", "-v0"],
            cwd=ROOT,
            env=env,
            check=True,
            stdout=subprocess.DEVNULL,
        )
        seed = run_step(
            env, "seed", learners=args.attempts, questions=QUESTIONS, seed=random.randrange(10**6)
        )
        print(
            f"setup            {seed['attempts']} attempts started in {seed['start_seconds']} s"
            f" (one at a time), {seed['responses']} answers saved"
        )
        worker = start_worker(env, node, tmp / "worker.log")
        noop_before = run_step(env, "noop", node_prefix=node, count=NOOP_TASKS)
        graded = run_step(
            env, "grade", quiz_id=seed["quiz_id"], threads=SUBMIT_THREADS, timeout=GRADING_TIMEOUT
        )
        capacity = run_step(
            env, "capacity", quiz_id=seed["quiz_id"], node_prefix=node, timeout=GRADING_TIMEOUT
        )
        noop_after = run_step(env, "noop", node_prefix=node, count=NOOP_TASKS)
        stop(worker)  # frees its database connections for the exam's learners
        worker = None
        summary.update(grading_summary(graded, capacity, noop_before, noop_after))
        summary.update(
            exam_summary(exam_start(env, tmp, seed, args), args.learners, args.web_workers)
        )
    except BaseException:
        for log in ("worker.log", "gunicorn.log"):
            if (tmp / log).exists():
                print(f"--- {log} (tail) ---\n{(tmp / log).read_text()[-3000:]}", file=sys.stderr)
        raise
    finally:
        if worker is not None:
            stop(worker)
        with contextlib.suppress(Exception):
            postgres(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')
        with contextlib.suppress(Exception):
            flush_redis()
        shutil.rmtree(tmp, ignore_errors=True)

    summary["host_cpus"] = os.cpu_count()
    summary["load_average_1m"] = [load_before, round(os.getloadavg()[0], 2)]
    print(json.dumps(summary))


if __name__ == "__main__":
    main()
