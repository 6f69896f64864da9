"""Speed of the notification jobs: 10,000 learners in 30 editions with 20 items each.

PostgreSQL (a throwaway database on 127.0.0.1, dropped at the end). One course of 4 modules
× 5 lessons (opening after the module's classroom day, due 2 days before the next one);
classroom days a week apart, each edition shifted by 0-9 days, so that at the measured moment
every job has work somewhere: deadlines within 48 hours, overdue since yesterday, classroom
days two days away, newly opened work, trainers' digests. A third of the learners did the
first two modules.

The jobs (`services.jobs_run`: due reminders and overdue notices, classroom-day reminders,
new-work digest, trainer digest) run first with 1,000 learners and then with 10,000, twice
each (the second run finds everything already marked and inserts nothing). Sending the
e-mails is not part of it (the outbox task is not started). Printed per run: wall time,
queries, messages in the database. Last line: one JSON object.

    .venv/bin/python bench/reminders.py [--learners 10000] [--editions 30]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.harness.services import database_url, temp_database  # noqa: E402


def build(*, editions: int, first_day):
    import datetime as dt

    from django.contrib.auth import get_user_model

    from courses.models import (
        ClassroomSession,
        Course,
        CourseModule,
        Edition,
        TextLesson,
    )

    course = Course.objects.create(title="Dienstverlening", slug="dienstverlening")
    modules = [
        CourseModule.objects.create(course=course, order=i, title=f"Module {i}")
        for i in range(1, 5)
    ]
    for i, module in enumerate(modules):
        following = modules[i + 1] if i + 1 < len(modules) else None
        for j in range(1, 6):
            TextLesson.objects.create(
                module=module,
                order=j,
                title=f"Les {i + 1}.{j}",
                body="Tekst.",
                opens_anchor="end",
                opens_module=module,
                due_anchor="start" if following else "end",
                due_module=following or module,
                due_offset_days=-2 if following else 14,
            )
    trainer = get_user_model().objects.create(username="bench-trainer", email="t@example.nl")
    made = []
    for n in range(editions):
        edition = Edition.objects.create(
            course=course, name=f"Editie {n}", region="noord", status="running"
        )
        edition.trainers.add(trainer)
        made.append(edition)
    ClassroomSession.objects.bulk_create(
        ClassroomSession(
            edition=edition,
            module=module,
            date=first_day + dt.timedelta(days=7 * i - n % 10),
            start_time=dt.time(9),
            end_time=dt.time(17),
            location="Stadhuis",
        )
        for n, edition in enumerate(made)
        for i, module in enumerate(modules)
    )
    return course, made


def add_learners(*, start: int, count: int, editions, lessons, rng) -> None:
    from django.contrib.auth import get_user_model

    from courses.models import Enrollment, LessonProgress

    User = get_user_model()
    User.objects.bulk_create(
        [
            User(
                username=f"learner{n}",
                email=f"learner{n}@example.nl",
                first_name=f"Cursist{n}",
                last_name="Bench",
                password="!",
            )
            for n in range(start, start + count)
        ],
        batch_size=5000,
    )
    users = list(
        User.objects.filter(username__startswith="learner")
        .exclude(enrollments__isnull=False)
        .values_list("pk", flat=True)
    )
    Enrollment.objects.bulk_create(
        [
            Enrollment(edition=editions[i % len(editions)], learner_id=pk)
            for i, pk in enumerate(users)
        ],
        batch_size=5000,
    )
    from django.utils import timezone

    now = timezone.now()
    enrollments = Enrollment.objects.filter(learner_id__in=users).values_list("pk", flat=True)
    LessonProgress.objects.bulk_create(
        [
            LessonProgress(enrollment_id=e, lesson_id=lesson, completed_at=now)
            for e in enrollments
            if rng.random() < 1 / 3
            for lesson in lessons
        ],
        batch_size=10000,
    )


def measure(label: str, now) -> dict:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from lms.models import Notification
    from lms.notifications import services

    start = time.perf_counter()
    with CaptureQueriesContext(connection) as ctx:
        if os.environ.get("BENCH_PROFILE") and "again" not in label:
            import cProfile
            import pstats

            profile = cProfile.Profile()
            considered = profile.runcall(services.jobs_run, now=now)
            pstats.Stats(profile).sort_stats("cumulative").print_stats(25)
        else:
            considered = services.jobs_run(now=now)
    seconds = time.perf_counter() - start
    result = {
        "run": label,
        "seconds": round(seconds, 3),
        "queries": len(ctx.captured_queries),
        "considered": sum(considered.values()),
        "messages": Notification.objects.count(),
    }
    print(json.dumps(result), flush=True)
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--learners", type=int, default=10000)
    parser.add_argument("--editions", type=int, default=30)
    args = parser.parse_args()
    with temp_database("bench_reminders") as database:
        os.environ["LMS_DATABASE_URL"] = database_url(database)
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lms.settings")
        import django

        django.setup()
        import datetime as dt

        from django.core.management import call_command
        from django.db import connection
        from django.utils import timezone

        from core.outbox import services as outbox
        from courses.models import Lesson
        from lms.models import Notification

        outbox._start_sender = lambda: None  # measure the jobs, not the sending
        call_command("migrate", verbosity=0)
        first_day = dt.date(2031, 3, 3)
        now = timezone.make_aware(
            dt.datetime.combine(first_day + dt.timedelta(days=17), dt.time(10))
        )
        course, editions = build(editions=args.editions, first_day=first_day)
        lessons = list(Lesson.objects.filter(module__course=course).values_list("pk", flat=True))
        rng = random.Random(6)
        small = max(args.learners // 10, 1)
        start = time.perf_counter()
        add_learners(start=0, count=small, editions=editions, lessons=lessons[:10], rng=rng)
        runs = [measure(f"{small} learners", now)]
        runs.append(measure(f"{small} learners, again", now + dt.timedelta(minutes=15)))
        Notification.objects.all().delete()
        add_learners(
            start=small,
            count=args.learners - small,
            editions=editions,
            lessons=lessons[:10],
            rng=rng,
        )
        print(f"fixtures: {time.perf_counter() - start:.1f} s", flush=True)
        runs.append(measure(f"{args.learners} learners", now))
        runs.append(measure(f"{args.learners} learners, again", now + dt.timedelta(minutes=15)))
        connection.close()
        big, again = runs[2], runs[3]
        print(
            json.dumps(
                {
                    "database": "postgresql",
                    "learners": args.learners,
                    "editions": args.editions,
                    "items": len(lessons),
                    "seconds": big["seconds"],
                    "queries": big["queries"],
                    "messages": big["messages"],
                    "queries_at_one_tenth": runs[0]["queries"],
                    "seconds_rerun": again["seconds"],
                    "queries_rerun": again["queries"],
                    "messages_after_rerun": again["messages"],
                }
            )
        )


if __name__ == "__main__":
    main()
