"""A cache outage costs speed, not service (core.cache.FailOpenRedisCache): with a real Redis
stopped in the middle of an exam, saving, handing in, the dashboard and logging in all
still answer."""

import logging
import shutil
import socket
import subprocess
import time

import pytest
from django.contrib.auth import SESSION_KEY
from django.test import Client
from django.urls import reverse

from assessments.models import Attempt
from assessments.quizzes import services as attempts
from core.cache import FailOpenRedisCache
from tests import services
from tests.assessments.quiz_factories import build_quiz
from tests.logins import log_in

pytestmark = pytest.mark.django_db
PASSWORD = "Goed-wachtwoord-2026"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def own_redis():
    """A Redis server of this test's own (stopping the shared one would disturb the others)."""
    binary = shutil.which("redis-server")
    if binary is None:
        message = "redis-server is not installed"
        if services.required():
            pytest.fail(f"{message}, and LMS_REQUIRE_SERVICES=1 requires it.", pytrace=False)
        pytest.skip(message)
    port = free_port()
    process = subprocess.Popen(
        [binary, "--port", str(port), "--save", "", "--appendonly", "no"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 10
    while not services.reachable(f"redis://127.0.0.1:{port}/0", port):
        if time.monotonic() > deadline:
            process.kill()
            pytest.fail("the test's own redis-server did not start")
        time.sleep(0.05)
    yield process, f"redis://127.0.0.1:{port}/0"
    process.kill()
    process.wait()


def test_an_unreachable_cache_misses_drops_writes_and_says_so(caplog):
    cache = FailOpenRedisCache(
        f"redis://127.0.0.1:{free_port()}/0",
        {"OPTIONS": {"socket_connect_timeout": 0.2, "socket_timeout": 0.2}},
    )
    before = FailOpenRedisCache.failures
    FailOpenRedisCache._logged_at = 0.0
    with caplog.at_level(logging.WARNING, logger="core.cache"):
        assert cache.get("menu", "built again") == "built again"
        assert cache.get_many(["a", "b"]) == {}
        cache.set("menu", "<nav>")
        assert cache.set_many({"a": 1}) == ["a"]
        assert cache.add("ratelimit", 1) is True
        with pytest.raises(ValueError):
            cache.incr("ratelimit")
        assert cache.delete("menu") is False
    assert FailOpenRedisCache.failures - before == 7
    assert any("Cache unreachable" in r.getMessage() for r in caplog.records)


def test_redis_stopped_mid_exam_costs_no_save_no_hand_in_no_page(settings, own_redis):
    process, url = own_redis
    settings.CACHES = {
        "default": {
            "BACKEND": "core.cache.FailOpenRedisCache",
            "LOCATION": url,
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        }
    }
    settings.SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
    quiz, enrollment = build_quiz(time_limit_minutes=30)
    learner = enrollment.learner
    learner.set_password(PASSWORD)
    learner.save()
    client = Client()
    assert log_in(client, learner.username, PASSWORD)
    attempt = attempts.attempt_start(enrollment=enrollment, quiz=quiz)
    args = [enrollment.edition_id, attempt.pk]
    page = reverse("assessments:attempt", args=args)
    assert client.get(page).status_code == 200
    fetch = {"X-Requested-With": "fetch"}
    assert client.post(page, {"present": "0", "q0": "0"}, headers=fetch).status_code == 200

    process.kill()
    process.wait()

    for answer in ("1", "0", "1"):
        saved = client.post(page, {"present": "0", "q0": answer}, headers=fetch)
        assert saved.status_code == 200
    assert client.get(reverse("lms:learner_dashboard")).status_code == 200
    handed_in = client.post(reverse("assessments:attempt_submit", args=args), {"present": "0"})
    assert handed_in.status_code == 302
    attempt.refresh_from_db()
    assert attempt.status in (Attempt.Status.SUBMITTED, Attempt.Status.GRADED)
    again = Client()
    assert log_in(again, learner.username, PASSWORD)
    assert SESSION_KEY in again.session
    assert again.get(reverse("lms:learner_dashboard")).status_code == 200
