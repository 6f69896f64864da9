"""Requests per second of the learner dashboard and course page, against a bare Django view.

Runs gunicorn (2 workers) on a seeded SQLite database with production settings (the cache in
Redis DB 11 as the README's production setup has it, when Redis answers; else each process's
memory, and then sessions come from the database), loads each URL for a fixed time from a few
keep-alive client threads, and prints the rates and their ratio to the bare view. "floor" is a logged-in page with nothing but the base template: what
any page of ours pays for session, user and menu. Last line: one JSON object.

    .venv/bin/python bench/pages.py [--seconds 10] [--rounds 5] [--learners 200] [--concurrency 4]
                                    [--cache redis|locmem]
"""

import argparse
import http.client
import json
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.harness.processes import (  # noqa: E402
    free_port,
    manage,
    start_gunicorn,
    stop,
    wait_for_http,
)
from bench.harness.services import production_env, redis_answers  # noqa: E402

REDIS_CACHE = "redis://127.0.0.1:6379/11"
CSRF_SECRET = "b" * 32


def session_cookie(env: dict, username: str) -> str:
    code = (
        "import django; django.setup();"
        "from django.contrib.auth import get_user_model, SESSION_KEY, BACKEND_SESSION_KEY, HASH_SESSION_KEY;"
        "from django.contrib.sessions.backends.db import SessionStore;"
        f"u = get_user_model().objects.get(username={username!r});"
        "s = SessionStore(); s[SESSION_KEY] = str(u.pk);"
        "s[BACKEND_SESSION_KEY] = 'lms.auth.UsernameOrEmailBackend';"
        "s[HASH_SESSION_KEY] = u.get_session_auth_hash(); s.save(); print(s.session_key)"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, check=True, capture_output=True, text=True
    )
    return out.stdout.strip().splitlines()[-1]


def edition_of(env: dict, username: str) -> int:
    code = (
        "import django; django.setup(); from courses.models import Enrollment;"
        f"print(Enrollment.objects.filter(learner__username={username!r}).values_list('edition_id', flat=True)[0])"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, check=True, capture_output=True, text=True
    )
    return int(out.stdout.strip().splitlines()[-1])


def load(port: int, path: str, cookie: str, seconds: float, concurrency: int) -> dict:
    stop = time.monotonic() + seconds
    counts = [0] * concurrency
    errors = [0] * concurrency
    sizes = [0] * concurrency
    # A browser sends back the CSRF cookie its first page set (a 32-character secret).
    headers = {
        "Host": "127.0.0.1",
        "Cookie": f"sessionid={cookie}; csrftoken={CSRF_SECRET}",
        "X-Forwarded-Proto": "https",
    }

    def worker(i: int) -> None:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        while time.monotonic() < stop:
            try:
                conn.request("GET", path, headers=headers)
                response = conn.getresponse()
                body = response.read()
                if response.status == 200:
                    counts[i] += 1
                    sizes[i] = len(body)
                else:
                    errors[i] += 1
            except (OSError, http.client.HTTPException):
                errors[i] += 1
                conn.close()
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        conn.close()

    started = time.monotonic()
    threads = [threading.Thread(target=worker, args=(i,)) for i in range(concurrency)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.monotonic() - started
    return {
        "rps": round(sum(counts) / elapsed, 1),
        "requests": sum(counts),
        "errors": sum(errors),
        "bytes": max(sizes),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seconds", type=float, default=10.0, help="per target, over all rounds")
    parser.add_argument("--learners", type=int, default=200)
    parser.add_argument("--concurrency", type=int, default=4)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument(
        "--cache",
        choices=["redis", "locmem"],
        default="redis",
        help="redis (production, the default when Redis answers) or each process's memory",
    )
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="lms-bench-") as tmp:
        # The cache: the bench's own Redis database, emptied (the memory cache when Redis
        # does not answer); the database: SQLite in the temporary folder.
        cache = REDIS_CACHE if args.cache == "redis" and redis_answers(REDIS_CACHE) else None
        env = production_env(
            tmp,
            DJANGO_SETTINGS_MODULE="bench.settings",
            LMS_DATABASE_URL=None,
            LMS_CACHE_URL=cache,
        )
        manage(env, "migrate", "-v0")
        manage(env, "seed_demo", "--force-demo-data", "--learners", str(args.learners))
        manage(env, "collectstatic", "--noinput", "-v0")
        cookie = session_cookie(env, "cursist")
        edition_id = edition_of(env, "cursist")
        port = free_port()
        server = start_gunicorn(env, port, workers=2)
        try:
            wait_for_http(port, "/bench/bare/", expect=200)
            sizes = [
                load(port, path, cookie, 0.3, 1)["bytes"]
                for path in ("/dashboard/", f"/learn/{edition_id}/")
            ]
            targets = {
                "bare": f"/bench/bare/?size={max(sizes)}",
                "floor": "/bench/floor/",
                "dashboard": "/dashboard/",
                "course": f"/learn/{edition_id}/",
            }
            for path in targets.values():  # warm up every worker
                load(port, path, cookie, 0.5, args.concurrency)
            # Interleave short rounds so that a busy moment on the machine hits every target alike.
            rounds = [
                {
                    name: load(port, path, cookie, args.seconds / args.rounds, args.concurrency)
                    for name, path in targets.items()
                }
                for _ in range(args.rounds)
            ]
            results = {
                name: {
                    "rps": round(sum(r[name]["rps"] for r in rounds) / len(rounds), 1),
                    "requests": sum(r[name]["requests"] for r in rounds),
                    "errors": sum(r[name]["errors"] for r in rounds),
                    "bytes": max(r[name]["bytes"] for r in rounds),
                }
                for name in targets
            }
        finally:
            stop(server)

    bare = results["bare"]["rps"] or 1
    summary = {
        "bench": "pages",
        "workers": 2,
        "concurrency": args.concurrency,
        "seconds": args.seconds,
        "learners": args.learners,
        "cache": "redis" if cache else "locmem",
        "bare_rps": results["bare"]["rps"],
        "dashboard_rps": results["dashboard"]["rps"],
        "course_rps": results["course"]["rps"],
        "floor_rps": results["floor"]["rps"],
        "floor_ratio": round(results["floor"]["rps"] / bare, 3),
        "dashboard_ratio": round(results["dashboard"]["rps"] / bare, 3),
        "course_ratio": round(results["course"]["rps"] / bare, 3),
        "bytes": {k: v["bytes"] for k, v in results.items()},
        "errors": sum(v["errors"] for v in results.values()),
    }
    for name, r in results.items():
        print(
            f"{name:10s} {r['rps']:8.1f} req/s  ({r['requests']} requests, {r['bytes']} bytes, {r['errors']} errors)"
        )
    print(
        f"dashboard/bare ratio {summary['dashboard_ratio']}, course/bare ratio {summary['course_ratio']}"
    )
    print(json.dumps(summary))


if __name__ == "__main__":
    main()
