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
   attempt.js makes when the first question is answered (that question's inputs and its
   `present` marker, read from the page, with X-Requested-With: fetch; 204; until 2026-12
   attempt.js sent the whole form, so a comparison with an older commit measures that older
   commit's save with the whole form). The learners are driven from one thread with plain
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

This file is the entry point and the JSON; the scenarios are bench/grading_core.py (1),
bench/grading_e2e.py (2), bench/grading_exam.py and grading_exam_http.py (3), their
questions bench/grading_questions.py, the shared setup bench/harness/.

    .venv/bin/python bench/grading.py [--attempts 500] [--learners 100] [--seconds 2]
                                      [--exam-waves 3] [--web-workers 2]
"""

from __future__ import annotations

import argparse
import json
import os
import secrets
import shutil
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.grading_core import bench_core  # noqa: E402
from bench.grading_e2e import end_to_end, setup  # noqa: E402
from bench.grading_exam import (  # noqa: E402
    ALONE_LEARNERS,
    WARM_UP_LEARNERS,
    exam_start,
    exam_summary,
)
from bench.harness.processes import manage, print_log_tails  # noqa: E402
from bench.harness.services import (  # noqa: E402
    database_url,
    flush_redis,
    production_env,
    temp_database,
)
from bench.harness.stats import load_average  # noqa: E402

BROKER_URL = "redis://127.0.0.1:6379/9"
CACHE_URL = "redis://127.0.0.1:6379/10"  # the cache on Redis, as the README's production setup
QUESTIONS = 20


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

    load_before = load_average()  # other work on the machine skews every figure
    core = bench_core(args.seconds, QUESTIONS)
    print(
        f"pure core        {core['core_attempts_per_second']} attempts/s of {QUESTIONS} questions"
        f" ({core['core_us_per_question']} µs a question;"
        f" {core['core_attempts_per_second_with_json']} attempts/s reading the frozen JSON too)"
    )
    summary = {"bench": "grading", "questions": QUESTIONS, **core}

    node = f"bench-grading-{secrets.token_hex(3)}"
    tmp = Path(tempfile.mkdtemp(prefix="lms-bench-grading-"))
    try:
        flush_redis(BROKER_URL, CACHE_URL)
        with temp_database("lms_bench") as database:
            env = production_env(
                tmp,
                LMS_DATABASE_URL=database_url(database),
                LMS_BROKER_URL=BROKER_URL,
                LMS_CACHE_URL=CACHE_URL,
                PYTHONUNBUFFERED="1",
                LMS_CELERY_EAGER=None,
            )
            manage(env, "migrate", "-v0")
            seed = setup(env, learners=args.attempts, questions=QUESTIONS)
            summary.update(end_to_end(env, node, tmp / "worker.log", seed["quiz_id"]))
            summary.update(
                exam_summary(exam_start(env, tmp, seed, args), args.learners, args.web_workers)
            )
    except BaseException:
        print_log_tails(tmp)  # worker.log, gunicorn.log
        raise
    finally:
        try:
            flush_redis(BROKER_URL, CACHE_URL)
        except Exception as exc:  # noqa: BLE001 - reported, never hidden
            print(f"warning: could not empty the Redis databases: {exc}", file=sys.stderr)
        shutil.rmtree(tmp, ignore_errors=True)

    summary["host_cpus"] = os.cpu_count()
    summary["load_average_1m"] = [load_before, load_average()]
    print(json.dumps(summary))


if __name__ == "__main__":
    main()
