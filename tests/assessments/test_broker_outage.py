"""With the broker down, handing in still works for the learner; once it is back, the sweep
gets every attempt graded, exactly once. Runs its own Redis server so that stopping it
disturbs no other test."""

import shutil
import socket
import subprocess
import time

import pytest
from django.utils import timezone

from assessments.models import Attempt, GradingEvent
from assessments.quizzes import services as attempts
from tests.assessments.quiz_factories import build_quiz, right_answer
from tests.celery_utils import celery_conf, reset_connection_pools, wait_until

pytestmark = [pytest.mark.redis, pytest.mark.django_db(transaction=True)]


class RedisServer:
    def __init__(self, tmp_path):
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            self.port = s.getsockname()[1]
        self.dir = tmp_path
        self.process = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        self.process = subprocess.Popen(
            [
                shutil.which("redis-server"),
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
                "--dir",
                str(self.dir),
            ],
            stdout=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=0.5).close()
                return
            except OSError:
                time.sleep(0.1)
        raise RuntimeError("redis-server did not start")

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=10)


@pytest.fixture
def own_redis(tmp_path, settings):
    if not shutil.which("redis-server"):
        from tests import services

        if services.required():
            pytest.fail("redis-server is not installed, and LMS_REQUIRE_SERVICES=1 requires it")
        pytest.skip("redis-server is not installed")
    server = RedisServer(tmp_path)
    server.start()
    settings.REDIS_URL = server.url
    yield server
    server.stop()


def test_hand_in_works_while_the_broker_is_down_and_all_is_graded_once_after(own_redis, request):
    worker = request.getfixturevalue("celery_worker_process")
    from lms.celery import app

    quiz, first = build_quiz(questions=5)
    from tests import factories as f

    learners = [first] + [f.EnrollmentFactory(edition=first.edition) for _ in range(9)]
    started = [attempts.attempt_start(enrollment=e, quiz=quiz) for e in learners]
    for attempt, enrollment in zip(started, learners, strict=True):
        for position in range(5):
            attempts.response_save(
                attempt=attempt,
                position=position,
                answer=right_answer(position),
                user=enrollment.learner,
            )

    with celery_conf(app, task_routes={"assessments.*": {"queue": worker.queue}}):
        own_redis.stop()
        reset_connection_pools(app)
        for attempt, enrollment in zip(started, learners, strict=True):
            began = time.monotonic()
            assert attempts.attempt_submit(attempt=attempt, user=enrollment.learner) is True
            assert time.monotonic() - began < 10
        ids = [a.pk for a in started]
        assert Attempt.objects.filter(pk__in=ids, status=Attempt.Status.SUBMITTED).count() == 10

        own_redis.start()
        reset_connection_pools(app)
        swept = attempts.attempts_sweep_ungraded(older_than=timezone.timedelta(0))
        assert sorted(swept) == sorted(ids)
        wait_until(
            lambda: (
                not Attempt.objects.filter(pk__in=ids, status=Attempt.Status.SUBMITTED).exists()
            ),
            timeout=90,
            message=lambda: worker.output[-3000:],
        )
    assert Attempt.objects.filter(pk__in=ids, status=Attempt.Status.GRADED).count() == 10
    assert GradingEvent.objects.filter(attempt_id__in=ids).count() == 10
