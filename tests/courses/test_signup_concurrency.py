"""Capacity is never exceeded, also with acceptances at the same moment: each one locks the
edition's row before it counts the places (PostgreSQL, separate connections per thread)."""

import threading
import time

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from courses.models import Enrollment, SignUp
from courses.signups import selectors, services
from tests import factories as f
from tests.courses.signup_helpers import build_course, build_edition, first_day

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def skip_unless_postgres() -> None:
    if connection.vendor != "postgresql":
        pytest.skip("row locks between two connections: PostgreSQL")


def edition_with_places(places: int, waiting: int):
    """An open edition of capacity 3 with `places` places left, and `waiting` new sign-ups."""
    edition = build_edition(build_course(), name="Noord", region="noord", first_day=first_day())
    for _ in range(3 - places):
        f.EnrollmentFactory(edition=edition)
    signups = []
    for i in range(waiting):
        submission = services.signup_submit(
            edition_id=edition.pk,
            learners=[services.Person("Cursist", str(i), f"cursist{i}@zwolle.nl")],
            name=f"Cursist {i}",
            email=f"cursist{i}@zwolle.nl",
            invoice_name="Gemeente Zwolle",
            invoice_address="Grote Kerkplein 15, Zwolle",
        )
        signups.append(submission.signups.get())
    return edition, signups


def accept_in_thread(signup: SignUp, outcome: dict, barrier: threading.Barrier | None = None):
    def run() -> None:
        try:
            if barrier is not None:
                barrier.wait(10)
            services.signup_accept(signup_id=signup.pk, by=None)
            outcome[signup.pk] = "accepted"
        except ValidationError as exc:
            outcome[signup.pk] = " ".join(exc.messages)
        finally:
            connection.close()

    return threading.Thread(target=run, name=f"accept-{signup.pk}")


def taken(edition) -> int:
    return Enrollment.objects.filter(edition=edition).exclude(status="withdrawn").count()


def test_two_acceptances_of_the_last_place_at_once_give_it_to_one(monkeypatch):
    """The first acceptance has counted one free place and has not enrolled yet; the second
    must wait for it (the edition's row is locked) and then finds the edition full."""
    skip_unless_postgres()
    edition, (first, second) = edition_with_places(1, waiting=2)
    counted, go = threading.Event(), threading.Event()
    real = selectors.places_left

    def places_left_then_pause(**kwargs) -> int:
        free = real(**kwargs)
        if threading.current_thread().name == f"accept-{first.pk}":
            counted.set()
            go.wait(10)
        return free

    monkeypatch.setattr(selectors, "places_left", places_left_then_pause)
    outcome: dict = {}
    one = accept_in_thread(first, outcome)
    one.start()
    assert counted.wait(10), "the first acceptance never counted the places"
    two = accept_in_thread(second, outcome)
    two.start()
    time.sleep(0.5)
    assert two.is_alive(), "the second acceptance did not wait for the edition's lock"
    go.set()
    one.join(10)
    two.join(10)

    assert outcome[first.pk] == "accepted"
    assert "Noord is vol" in outcome[second.pk]
    assert taken(edition) == 3 == edition.capacity
    assert SignUp.objects.get(pk=second.pk).state == SignUp.State.NEW


def test_eight_acceptances_at_once_fill_the_places_left_and_no_more():
    skip_unless_postgres()
    edition, signups = edition_with_places(2, waiting=8)
    barrier = threading.Barrier(len(signups))
    outcome: dict = {}
    threads = [accept_in_thread(signup, outcome, barrier) for signup in signups]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(20)
    assert sorted(v == "accepted" for v in outcome.values()) == [False] * 6 + [True] * 2
    assert taken(edition) == 3
    assert SignUp.objects.filter(state=SignUp.State.ACCEPTED).count() == 2
