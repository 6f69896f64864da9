"""Real Celery beat processes and an SMTP server on loopback, for the notification tests.

`notification_stack` starts nothing by itself: it gives a test a worker (on a queue of its
own, with the notification tasks routed there), beats it can start, stop and double, an
aiosmtpd server that can refuse the first messages, and a clock file the worker and beat
read (`lms.clock`), so that hours pass without sleeping.
"""

from __future__ import annotations

import contextlib
import email
import json
import os
import re
import socket
import subprocess
import sys
import threading
import time
import uuid
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

import pytest

from lms.clock import set_test_clock
from tests.celery_utils import (
    WORKER_APP,
    WORKER_TRANSPORT_OPTIONS,
    WorkerProcess,
    celery_conf,
    database_url_for,
    reset_connection_pools,
    skip_unless_worker_can_share_the_database,
    wait_until,
)

TICK = 1.0
JOBS = (
    "reminders_due",
    "reminders_sessions",
    "digest_new_work",
    "digest_trainers",
    "reminders_coaching",
    "announcements_notify",
    "evaluations_ask",
    "organisation_reports_monthly",
    "send",
)


class SmtpSink:
    """aiosmtpd on 127.0.0.1 that records what it accepts and answers 451 to the first
    `failures` messages."""

    def __init__(self) -> None:
        from aiosmtpd.controller import Controller

        self.received: list[email.message.Message] = []
        self.failures = 0
        self.refused = 0
        with socket.socket() as sock:
            sock.bind(("127.0.0.1", 0))
            self.port = sock.getsockname()[1]
        self.controller = Controller(self, hostname="127.0.0.1", port=self.port)

    async def handle_DATA(self, server, session, envelope):
        if self.failures > 0:
            self.failures -= 1
            self.refused += 1
            return "451 4.3.0 Try again later"
        self.received.append(email.message_from_bytes(envelope.content))
        return "250 OK"

    def message_ids(self) -> list[str]:
        return [m["Message-ID"] for m in self.received]


class BeatProcess:
    def __init__(self, *, env: dict[str, str], schedule_file: Path):
        self.env = env
        self.argv = [
            sys.executable, "-m", "celery", "-A", WORKER_APP, "beat",
            "--schedule", str(schedule_file), "--loglevel", "info", "--max-interval", "1",
        ]  # fmt: skip
        self.process: subprocess.Popen | None = None
        self.lines: list[str] = []

    def start(self) -> None:
        self.process = subprocess.Popen(
            self.argv,
            cwd=Path(__file__).resolve().parents[2],
            env=self.env,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            process_group=0,
        )
        threading.Thread(target=self._read, args=(self.process,), daemon=True).start()
        wait_until(
            lambda: any("beat: Starting" in line for line in self.lines),
            timeout=30,
            message=lambda: "\n".join(self.lines),
        )

    def _read(self, process) -> None:
        for line in process.stdout:
            self.lines.append(line.rstrip("\n"))

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


@dataclass
class Stack:
    worker: WorkerProcess
    env: dict[str, str]
    clock_file: Path
    tmp: Path
    smtp: SmtpSink
    beats: list[BeatProcess] = field(default_factory=list)

    def set_clock(self, moment: datetime) -> None:
        set_test_clock(self.clock_file, moment)

    def start_beat(self) -> BeatProcess:
        beat = BeatProcess(env=self.env, schedule_file=self.tmp / f"beat-{uuid.uuid4().hex[:8]}")
        beat.start()
        self.beats.append(beat)
        return beat

    def stop_beats(self) -> None:
        for beat in self.beats:
            beat.stop()
        self.beats.clear()

    def wait_for_mail(self, count: int, *, timeout: float = 60) -> None:
        wait_until(
            lambda: len(self.smtp.received) >= count,
            timeout=timeout,
            message=lambda: (
                f"{len(self.smtp.received)} of {count} mails\n" + "\n".join(self.worker.lines[-40:])
            ),
        )

    def drain(self, timeout: float = 60) -> None:
        """Wait until the worker ran everything beat had enqueued (queue empty, worker quiet)."""
        import redis

        client = redis.Redis.from_url(self.env["LMS_BROKER_URL"])
        wait_until(
            lambda: client.llen(self.worker.queue) == 0 and self.worker.quiet_for() > 2,
            timeout=timeout,
            message="the queue did not drain",
        )

    def settle(self, seconds: float = 4 * TICK) -> None:
        """Let beat tick a few more times, to see that nothing more arrives."""
        time.sleep(seconds)


def _beat_schedule() -> dict:
    return {
        name: {
            "task": f"lms.notifications.{name}",
            "schedule": TICK,
            "options": {"expires": 10},
        }
        for name in JOBS
    }


@pytest.fixture
def notification_stack(request, settings, tmp_path):
    from django.db import connection

    from lms.celery import app
    from tests import services

    skip_unless_worker_can_share_the_database(connection)
    services.need("Redis", settings.REDIS_URL, 6379)
    request.getfixturevalue("transactional_db")

    smtp = SmtpSink()
    smtp.controller.start()
    queue = f"test-notify-{uuid.uuid4().hex[:12]}"
    clock_file = tmp_path / "clock"
    conf = {
        "broker_transport_options": WORKER_TRANSPORT_OPTIONS,
        "task_routes": {"lms.notifications.*": {"queue": queue}},
        "beat_schedule": _beat_schedule(),
    }
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tests.lms.worker_settings",
        "LMS_TEST_DB": "postgres",
        "LMS_TEST_POSTGRES_URL": database_url_for(connection.settings_dict, settings.POSTGRES_URL),
        "LMS_BROKER_URL": settings.REDIS_URL,
        "LMS_VAR_DIR": str(tmp_path / "var"),
        "LMS_TEST_CELERY_CONF": json.dumps(conf),
        "LMS_TEST_EMAIL_URL": f"smtp://127.0.0.1:{smtp.port}",
        "LMS_TEST_CLOCK_FILE": str(clock_file),
        "PYTHONUNBUFFERED": "1",
    }
    worker = WorkerProcess(queue=queue, env=env)
    stack = Stack(worker=worker, env=env, clock_file=clock_file, tmp=tmp_path, smtp=smtp)
    with celery_conf(
        app,
        task_always_eager=False,
        broker_url=settings.REDIS_URL,
        broker_transport_options=WORKER_TRANSPORT_OPTIONS,
    ):
        reset_connection_pools(app)
        try:
            yield stack
        finally:
            stack.stop_beats()
            worker.stop()
            with contextlib.suppress(Exception):
                worker.delete_queue(app)
            reset_connection_pools(app)
            smtp.controller.stop()


def subjects(stack: Stack) -> list[str]:
    return [
        re.sub(r"\s+", " ", str(email.header.make_header(email.header.decode_header(m["Subject"]))))
        for m in stack.smtp.received
    ]
