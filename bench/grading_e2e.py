"""Part 2 of bench/grading.py, end to end: the seed (a quiz and an exam, learners with
attempts and answers), the grading of every attempt submitted at once, the grading capacity
and the no-op rate of the same Celery worker. The `step_*` functions run in a helper
subprocess with Django set up (`run_step(env, STEPS_MODULE, name, ...)`); see the docstring
of bench/grading.py for the method."""

from __future__ import annotations

import random
import subprocess
import sys
import threading
import time
from pathlib import Path

from bench.grading_questions import Template, quiz_templates
from bench.harness.processes import run_step, start_celery_worker, start_threads, stop
from bench.harness.stats import percentile

STEPS_MODULE = "bench.grading_e2e"  # where run_step finds STEPS
NOOP_TASKS = 2000
SUBMIT_THREADS = 4
GRADING_TIMEOUT = 300.0
GOAL_RATIO = 0.5
GOAL_P95_SECONDS = 2.0


# --- helper steps: run in a subprocess with Django set up ----------------------------------------


def step_seed(*, learners: int, questions: int, seed: int) -> dict:
    from django.contrib.auth import get_user_model
    from django.db import transaction
    from django.utils import timezone

    from assessments import models as am
    from assessments.quizzes import services as attempts
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
                key=template.key_json(),
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


def step_grade(*, quiz_id: int, threads: int, timeout: float) -> dict:
    """Submit every attempt at the quiz at once, then wait until the worker graded them all."""
    from django.db import connection, connections

    from assessments.models import Attempt, GradingEvent
    from assessments.quizzes import services as attempts

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

    workers = start_threads(submit, chunks)
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


STEPS = {
    "seed": step_seed,
    "grade": step_grade,
    "capacity": step_capacity,
    "noop": step_noop,
}


# --- the orchestrating process -----------------------------------------------------------------


def setup(env: dict, *, learners: int, questions: int) -> dict:
    """The course, quiz, exam and `learners` learners with a started, answered attempt each."""
    made = run_step(
        env,
        STEPS_MODULE,
        "seed",
        learners=learners,
        questions=questions,
        seed=random.randrange(10**6),
    )
    print(
        f"setup            {made['attempts']} attempts started in {made['start_seconds']} s"
        f" (one at a time), {made['responses']} answers saved"
    )
    return made


def start_worker(env: dict, node: str, log: Path) -> subprocess.Popen:
    return start_celery_worker(env, node, log, queues="grading,default", concurrency=2, prefetch=1)


def end_to_end(env: dict, node: str, log: Path, quiz_id: int) -> dict:
    """The no-op rate, grading of every attempt at the quiz, the grading capacity and the no-op
    rate again, on one worker (stopped at the end: it frees its database connections for the
    exam's learners); the figures for the JSON."""
    worker = start_worker(env, node, log)
    try:
        noop_before = run_step(env, STEPS_MODULE, "noop", node_prefix=node, count=NOOP_TASKS)
        graded = run_step(
            env,
            STEPS_MODULE,
            "grade",
            quiz_id=quiz_id,
            threads=SUBMIT_THREADS,
            timeout=GRADING_TIMEOUT,
        )
        capacity = run_step(
            env,
            STEPS_MODULE,
            "capacity",
            quiz_id=quiz_id,
            node_prefix=node,
            timeout=GRADING_TIMEOUT,
        )
        noop_after = run_step(env, STEPS_MODULE, "noop", node_prefix=node, count=NOOP_TASKS)
    finally:
        stop(worker)
    return grading_summary(graded, capacity, noop_before, noop_after)


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
