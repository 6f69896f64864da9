"""Speed of the gradebook: an edition of 500 learners × 30 graded items.

PostgreSQL (a throwaway database on 127.0.0.1, dropped at the end), production settings
(LMS_DEBUG=0, cached templates). One course of 3 modules with 30 graded lessons: 10 quizzes
(one of them the exam) and 20 assignments (10 graded with a rubric, 10 complete/incomplete).
Every learner has a graded attempt at each quiz and a handed-in, released review of each
assignment (some late, some insufficient); a handful have nothing for some items.

Measured, in this process with Django's test client logged in as the edition's trainer:
recomputing all 500 course results (`assessments.results.course_results_recompute`), then the
gradebook page, the CSV and the XLSX export: each once to warm up, then 5 times; the median
wall time and the number of SQL queries of one request. Goal: the page and each export under
1 second with at most 15 queries. Last line: one JSON object.

    .venv/bin/python bench/gradebook.py [--learners 500] [--items 30]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import statistics
import sys
import tempfile
import time
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.harness.services import database_url, production_env, temp_database  # noqa: E402

GOAL_SECONDS = 1.0
GOAL_QUERIES = 15
ROUNDS = 5


def build(*, learners: int, items: int, rng: random.Random):
    """The course, one edition with its classroom days, learners and their graded work."""
    import datetime as dt

    from django.contrib.auth import get_user_model
    from django.utils import timezone

    from assessments.models import (
        Assignment,
        Attempt,
        Quiz,
        Review,
        Rubric,
        RubricVersion,
        Submission,
        SubmissionVersion,
    )
    from courses.models import (
        Attendance,
        ClassroomSession,
        Course,
        CourseModule,
        Edition,
        Enrollment,
    )

    user_model = get_user_model()
    now = timezone.now()
    course = Course.objects.create(title="Dienstverlening", slug="dienstverlening")
    modules = [
        CourseModule.objects.create(course=course, order=i, title=f"Module {i}")
        for i in range(1, 4)
    ]
    trainer = user_model.objects.create_user("trainer", password="x")
    edition = Edition.objects.create(
        course=course, name="Noord", region=Edition.Region.NOORD, capacity=learners
    )
    edition.trainers.add(trainer)
    first_day = timezone.localdate() - dt.timedelta(days=60)
    for i, module in enumerate(modules):
        ClassroomSession.objects.create(
            edition=edition,
            module=module,
            date=first_day + dt.timedelta(days=21 * i),
            start_time=dt.time(9),
            end_time=dt.time(17),
            location="Stadhuis",
            first_dagdeel=2 * i + 1,
            last_dagdeel=2 * i + 1,
        )
    rubric = Rubric.objects.create(course=course, title="Gespreksanalyse")
    rubric_version = RubricVersion.objects.create(
        rubric=rubric,
        number=1,
        criteria=[{"title": "Luisteren", "levels": [{"points": 0}, {"points": 4}]}],
        max_points=Decimal(4),
    )
    quizzes, assignments = [], []
    quiz_count = items // 3
    for n in range(items):
        module = modules[n % 3]
        rules = {
            "opens_anchor": "end",
            "opens_module": module,
            "due_anchor": "end",
            "due_module": module,
            "due_offset_days": 14,
        }
        if n < quiz_count:
            quizzes.append(
                Quiz.objects.create(
                    module=module, order=n + 1, title=f"Toets {n + 1}", is_exam=n == 0, **rules
                )
            )
        else:
            rubric_graded = n % 2 == 0
            assignments.append(
                Assignment.objects.create(
                    module=module,
                    order=n + 1,
                    title=f"Opdracht {n + 1}",
                    grading=Assignment.Grading.RUBRIC
                    if rubric_graded
                    else Assignment.Grading.COMPLETE,
                    rubric=rubric if rubric_graded else None,
                    **rules,
                )
            )
    users = user_model.objects.bulk_create(
        user_model(username=f"cursist{i}", first_name="Cursist", last_name=f"{i:04d}")
        for i in range(learners)
    )
    enrollments = Enrollment.objects.bulk_create(
        Enrollment(edition=edition, learner=user) for user in users
    )
    sessions = list(ClassroomSession.objects.filter(edition=edition))
    Attendance.objects.bulk_create(
        [
            Attendance(
                session=session,
                enrollment=enrollment,
                status=Attendance.Status.PRESENT
                if rng.random() < 0.97
                else Attendance.Status.ABSENT,
            )
            for enrollment in enrollments
            for session in sessions
        ],
        batch_size=2000,
    )
    attempts = []
    for enrollment in enrollments:
        for quiz in quizzes:
            if rng.random() < 0.03:
                continue  # nothing handed in
            percentage = Decimal(rng.randrange(50, 101))
            attempts.append(
                Attempt(
                    enrollment=enrollment,
                    quiz=quiz,
                    number=1,
                    status=Attempt.Status.GRADED,
                    questions=[],
                    started_at=now,
                    submitted_at=now,
                    graded_at=now,
                    percentage=percentage,
                    passed=percentage >= quiz.pass_mark,
                )
            )
    Attempt.objects.bulk_create(attempts, batch_size=2000)
    pairs = [
        (enrollment, assignment)
        for enrollment in enrollments
        for assignment in assignments
        if rng.random() >= 0.03
    ]
    submissions = Submission.objects.bulk_create(
        [
            Submission(
                enrollment=e,
                assignment=a,
                state=Submission.State.GRADED,
                text="Mijn analyse.",
                first_submitted_at=now,
            )
            for e, a in pairs
        ],
        batch_size=2000,
    )
    versions = SubmissionVersion.objects.bulk_create(
        [
            SubmissionVersion(
                submission=s, number=1, submitted_at=now, late=rng.random() < 0.05, text="x"
            )
            for s in submissions
        ],
        batch_size=2000,
    )
    for submission, version in zip(submissions, versions, strict=True):
        submission.latest_version = version
    Submission.objects.bulk_update(submissions, ["latest_version"], batch_size=2000)
    reviews = []
    for (_enrollment, assignment), submission, version in zip(
        pairs, submissions, versions, strict=True
    ):
        if assignment.rubric_id:
            points = Decimal(4 if rng.random() < 0.97 else 0)
            percentage = points * 25
            reviews.append(
                Review(
                    version=version,
                    submission=submission,
                    rubric_version=rubric_version,
                    levels=[],
                    points=points,
                    max_points=Decimal(4),
                    percentage=percentage,
                    sufficient=percentage >= assignment.pass_mark,
                    state=Review.State.RELEASED,
                    updated_at=now,
                    released_at=now,
                )
            )
        else:
            complete = rng.random() < 0.9
            reviews.append(
                Review(
                    version=version,
                    submission=submission,
                    complete=complete,
                    sufficient=complete,
                    state=Review.State.RELEASED,
                    updated_at=now,
                    released_at=now,
                )
            )
    Review.objects.bulk_create(reviews, batch_size=2000)
    return edition, trainer, [e.pk for e in enrollments], len(attempts), len(reviews)


def measure(client, url: str) -> dict:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    response = client.get(url)  # warm-up (caches, template loading)
    assert response.status_code == 200, (url, response.status_code)
    times = []
    queries = 0
    for _ in range(ROUNDS):
        with CaptureQueriesContext(connection) as ctx:
            started = time.perf_counter()
            response = client.get(url)
            times.append(time.perf_counter() - started)
        assert response.status_code == 200
        queries = len(ctx.captured_queries)
    return {
        "seconds": round(statistics.median(times), 3),
        "queries": queries,
        "bytes": len(response.content),
    }


def run(args: argparse.Namespace) -> tuple[dict, dict]:
    """Build the edition, recompute the course results, measure the page and the exports
    (Django set up from the environment, in this process)."""
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse

    from assessments.models import CourseResult
    from assessments.results import services as results

    call_command("migrate", verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)
    started = time.perf_counter()
    edition, trainer, ids, attempts, reviews = build(
        learners=args.learners, items=args.items, rng=random.Random(4)
    )
    print(
        f"fixtures         {args.learners} learners × {args.items} items: {attempts} graded"
        f" attempts, {reviews} released reviews in {time.perf_counter() - started:.1f} s",
        flush=True,
    )
    with connection.cursor() as cursor:  # planner statistics, as autovacuum would gather
        cursor.execute("ANALYZE")  # after a bulk load (else it guesses rows=1 and nests loops)
    CourseResult.objects.all().delete()
    with CaptureQueriesContext(connection) as ctx:
        started = time.perf_counter()
        changed = results.course_results_recompute(enrollment_ids=ids)
        recompute_seconds = time.perf_counter() - started
    recompute = {
        "seconds": round(recompute_seconds, 3),
        "queries": len(ctx.captured_queries),
        "changed": len(changed),
        "passed": CourseResult.objects.filter(passed=True).count(),
    }
    print(
        f"course results   {args.learners} recomputed in {recompute['seconds']} s,"
        f" {recompute['queries']} queries ({recompute['passed']} passed)",
        flush=True,
    )
    client = Client()
    client.force_login(trainer)
    figures = {}
    for name in ("gradebook", "gradebook_csv", "gradebook_xlsx"):
        url = reverse(f"assessments_trainer:{name}", args=[edition.pk])
        figures[name] = measure(client, url)
        met = figures[name]["seconds"] < GOAL_SECONDS and figures[name]["queries"] <= GOAL_QUERIES
        figures[name]["goal_met"] = met
        print(
            f"{name:<16} {figures[name]['seconds']} s, {figures[name]['queries']} queries,"
            f" {figures[name]['bytes']} bytes (goal < {GOAL_SECONDS:g} s and ≤ {GOAL_QUERIES}"
            f" queries: {'met' if met else 'NOT met'})",
            flush=True,
        )
    connection.close()
    return recompute, figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--learners", type=int, default=500)
    parser.add_argument("--items", type=int, default=30)
    args = parser.parse_args()
    tmp = tempfile.mkdtemp(prefix="lms-bench-gradebook-")
    try:
        with temp_database("bench_gradebook") as database:
            os.environ.update(
                production_env(
                    tmp,
                    LMS_DATABASE_URL=database_url(database),
                    LMS_SECRET_KEY="bench-" + "g" * 50,
                    LMS_ALLOWED_HOSTS="testserver",
                    LMS_BASE_URL="https://leren.example.nl",
                    LMS_CELERY_EAGER="0",  # follow-up work (certificates) is queued, not run here
                )
            )
            recompute, figures = run(args)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    summary = {
        "bench": "gradebook",
        "database": "postgresql",
        "learners": args.learners,
        "items": args.items,
        "recompute_seconds": recompute["seconds"],
        "recompute_queries": recompute["queries"],
        "page_seconds": figures["gradebook"]["seconds"],
        "page_queries": figures["gradebook"]["queries"],
        "csv_seconds": figures["gradebook_csv"]["seconds"],
        "csv_queries": figures["gradebook_csv"]["queries"],
        "xlsx_seconds": figures["gradebook_xlsx"]["seconds"],
        "xlsx_queries": figures["gradebook_xlsx"]["queries"],
        "goal_met": all(f["goal_met"] for f in figures.values()),
        "host_cpus": os.cpu_count(),
        "load_average_1m": round(os.getloadavg()[0], 2),
    }
    print(json.dumps(summary))


if __name__ == "__main__":
    main()
