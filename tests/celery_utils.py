"""A real Celery worker in a subprocess, on Redis, for tests where delivery matters.

Use the `celery_worker_process` fixture in a `@pytest.mark.django_db(transaction=True)` test:
it starts `celery worker` on a queue of its own, with the test database shared, and the test
enqueues with `worker.enqueue(task, *args)`. On SQLite (an in-memory database no other
process can open) it skips: the PostgreSQL pass runs it.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import signal
import subprocess
import sys
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pytest

WORKER_APP = "tests.celery_utils:worker_app"
START_TIMEOUT = 60
STOP_TIMEOUT = 20
# Seconds before Redis hands an unacknowledged message to another consumer: short, so that
# the messages a killed worker held come back within a test (production uses an hour).
VISIBILITY_TIMEOUT = 10
WORKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": VISIBILITY_TIMEOUT,
    "unacked_restore_interval": 1,
    "unacked_restore_throttle": 1,
}
SQLITE_SKIP_REASON = "needs a database the worker process can share; runs on the PostgreSQL pass"


def __getattr__(name: str):
    """`celery -A tests.celery_utils:worker_app` in the worker subprocess: the project's app
    with the overrides the fixture put in the environment. Built on first access, so that
    importing this module in the test process changes nothing."""
    if name == "worker_app":
        return _worker_app()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def _worker_app():
    from lms.celery import app

    overrides = json.loads(os.environ.get("LMS_TEST_CELERY_CONF", "{}"))
    options = overrides.pop("broker_transport_options", {})
    app.conf.update(
        task_always_eager=False,
        broker_transport_options={**(app.conf.broker_transport_options or {}), **options},
        **overrides,
    )
    return app


def wait_until(
    condition: Callable[[], object], *, timeout: float, interval: float = 0.2, message=""
) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            detail = message() if callable(message) else message
            pytest.fail(f"not true within {timeout} s: {detail}", pytrace=False)
        time.sleep(interval)


def reset_connection_pools(app) -> None:
    """Drop the app's pooled broker connections, so that the next publish uses the current
    broker_url. (Kombu keeps the pools per broker URL; they are not closed, only forgotten.)"""
    app._pool = None
    app.amqp._producer_pool = None


@contextlib.contextmanager
def celery_conf(app, **values) -> Iterator[None]:
    """Set `app.conf` keys for the duration, then put back exactly what was there."""
    changes = app.conf.changes
    missing = object()
    previous = {key: changes.get(key, missing) for key in values}
    app.conf.update(values)
    try:
        yield
    finally:
        for key, value in previous.items():
            if value is missing:
                changes.pop(key, None)
            else:
                changes[key] = value


def database_url_for(settings_dict: dict, base_url: str) -> str:
    """`base_url` pointed at the database the test run created (test_lms, test_lms_gw0…)."""
    parts = urlsplit(base_url)
    return urlunsplit(parts._replace(path="/" + settings_dict["NAME"]))


class WorkerProcess:
    """`celery worker` consuming one queue of its own, started and stopped by the test."""

    def __init__(self, *, queue: str, env: dict[str, str], concurrency: int = 2):
        self.queue = queue
        self.nodename = f"{queue}@%h"
        self.env = env
        self.argv = [
            sys.executable,
            "-m",
            "celery",
            "-A",
            WORKER_APP,
            "worker",
            "--queues",
            queue,
            "--hostname",
            self.nodename,
            "--concurrency",
            str(concurrency),
            "--loglevel",
            "info",
            "--without-gossip",
            "--without-mingle",
            "--without-heartbeat",
        ]
        self.process: subprocess.Popen | None = None
        self.lines: list[str] = []
        self.last_line_at = 0.0
        self._reader: threading.Thread | None = None

    @property
    def output(self) -> str:
        return "\n".join(self.lines)

    def alive(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def start(self, timeout: float = START_TIMEOUT) -> None:
        assert not self.alive(), "the worker is already running"
        self.lines.append(f"--- start: {' '.join(self.argv)}")
        self.process = subprocess.Popen(
            self.argv,
            cwd=Path(__file__).resolve().parent.parent,
            env=self.env,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            process_group=0,
        )
        self._reader = threading.Thread(target=self._read, args=(self.process,), daemon=True)
        self._reader.start()
        ready = re.compile(rf"{re.escape(self.queue)}@\S+ ready\.")
        started = len(self.lines)

        def is_ready() -> bool:
            if not self.alive():
                pytest.fail(f"the Celery worker exited while starting:\n{self.output}")
            return any(ready.search(line) for line in self.lines[started:])

        wait_until(is_ready, timeout=timeout, message=lambda: f"worker not ready:\n{self.output}")

    def _read(self, process: subprocess.Popen) -> None:
        for line in process.stdout:
            self.lines.append(line.rstrip("\n"))
            self.last_line_at = time.monotonic()

    def quiet_for(self) -> float:
        """Seconds since the worker last printed a line."""
        return time.monotonic() - self.last_line_at

    def stop(self, timeout: float = STOP_TIMEOUT) -> None:
        """Warm shutdown (SIGTERM): running tasks finish, unacknowledged ones go back."""
        if self.process is None:
            return
        if self.alive():
            self.process.terminate()
            try:
                self.process.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                self.lines.append(f"--- did not stop within {timeout} s; killed")
        self._kill_group()

    def kill(self) -> None:
        """SIGKILL the worker and its pool at once, as a crash or an OOM kill would."""
        if self.process is not None:
            self._kill_group()
            self.lines.append("--- killed")

    def restart(self, timeout: float = START_TIMEOUT) -> None:
        self.stop()
        self.start(timeout=timeout)

    def _kill_group(self) -> None:
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait()
        if self._reader is not None:
            self._reader.join(timeout=5)

    def enqueue(self, task, *args, **kwargs):
        """Send `task` to this worker's queue (and to no other test's worker)."""
        return task.apply_async(args, kwargs, queue=self.queue)

    def delete_queue(self, app) -> None:
        with app.connection_for_write() as connection:
            connection.default_channel.queue_delete(self.queue)


def skip_unless_worker_can_share_the_database(connection) -> None:
    if connection.vendor != "postgresql":
        pytest.skip(SQLITE_SKIP_REASON)


@pytest.fixture
def celery_worker_process(request, settings, tmp_path) -> Iterator[WorkerProcess]:
    """A running `celery worker` on Redis that sees the test's committed rows.

    Tasks go to it through `worker.enqueue(task, *args)`; `stop()`, `kill()` and `restart()`
    let a test crash it. The test process publishes to Redis for the duration, not eagerly.
    """
    from django.db import connection

    from lms.celery import app
    from tests import services

    skip_unless_worker_can_share_the_database(connection)
    services.need("Redis", settings.REDIS_URL, 6379)
    request.getfixturevalue("transactional_db")

    queue = f"test-{uuid.uuid4().hex[:12]}"
    var_dir = tmp_path / "worker-var"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tests.settings",
        "LMS_TEST_DB": "postgres",
        "LMS_TEST_POSTGRES_URL": database_url_for(connection.settings_dict, settings.POSTGRES_URL),
        "LMS_BROKER_URL": settings.REDIS_URL,
        "LMS_VAR_DIR": str(var_dir),
        "LMS_TEST_CELERY_CONF": json.dumps({"broker_transport_options": WORKER_TRANSPORT_OPTIONS}),
        "PYTHONUNBUFFERED": "1",
    }
    # `@pytest.mark.worker_env(NAME="value")` sets environment variables of the worker.
    marker = request.node.get_closest_marker("worker_env")
    if marker is not None:
        env.update({name: str(value) for name, value in marker.kwargs.items()})
    # The worker's files (certificates, uploads) land where the test looks for them.
    settings.MEDIA_ROOT = var_dir / "test-media"
    settings.CELERY_TASK_ALWAYS_EAGER = False
    settings.CELERY_BROKER_URL = settings.REDIS_URL
    settings.CELERY_BROKER_TRANSPORT_OPTIONS = WORKER_TRANSPORT_OPTIONS

    worker = WorkerProcess(queue=queue, env=env)
    with celery_conf(
        app,
        task_always_eager=False,
        broker_url=settings.REDIS_URL,
        broker_transport_options=WORKER_TRANSPORT_OPTIONS,
    ):
        reset_connection_pools(app)
        try:
            worker.start()
            yield worker
        finally:
            worker.stop()
            with contextlib.suppress(Exception):
                worker.delete_queue(app)
            reset_connection_pools(app)
