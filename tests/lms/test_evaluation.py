"""The course evaluation: asked the day after the last classroom day, once, with one reminder
a week later (also when the job runs twice or after downtime); the learner fills it in once;
trainers see an edition's answers together and only from five answers on. Every URL: the
learner for their own form, the edition's trainers and administrators for the results."""

from __future__ import annotations

import datetime as dt
import io
from datetime import timedelta

import openpyxl
import pytest
from django.urls import reverse
from django.utils import timezone

from lms.conversations import selectors, services
from lms.models import Evaluation, EvaluationReceipt, Kind, MutedKind, Notification
from lms.notifications import services as notifications
from tests import factories as f
from tests.a11y import problems

pytestmark = pytest.mark.django_db

LAST_DAY_AGO = 3


@pytest.fixture
def edition():
    """Two modules; the last classroom day was three days ago."""
    course = f.build_course(lessons_per_module=1, modules=2)
    first_day = timezone.localdate() - timedelta(days=LAST_DAY_AGO + 7)
    trainer = f.UserFactory(first_name="Tineke", last_name="Trainer")
    return f.build_edition(course, first_day=first_day, trainers=[trainer], gap_days=7)


@pytest.fixture
def learners(edition):
    return [f.EnrollmentFactory(edition=edition) for _ in range(6)]


def at(days_after_last: int, hour: int = 10) -> dt.datetime:
    day = timezone.localdate() - timedelta(days=LAST_DAY_AGO - days_after_last)
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour)))


def answer(client, enrollment, **overrides):
    modules = enrollment.edition.course.modules.all()
    data = {
        "course_rating": "4",
        "trainer_rating": "5",
        "recommend": "8",
        "best": "De oefeningen",
        "better": "Meer pauze",
        **{f"module_{m.pk}": "4" for m in modules},
        **overrides,
    }
    client.force_login(enrollment.learner)
    return client.post(reverse("lms:evaluation", args=[enrollment.pk]), data)


def test_the_edition_has_ended(edition):
    assert max(s.date for s in edition.sessions.all()) == timezone.localdate() - timedelta(
        days=LAST_DAY_AGO
    )


def test_asked_once_the_day_after_and_reminded_once_a_week_later(edition, learners):
    asks = Notification.objects.filter(kind=Kind.EVALUATION)
    notifications.evaluations_ask_run(now=at(0, 20))  # the last day itself: not yet
    assert not asks.exists()
    for _beat in range(2):
        notifications.evaluations_ask_run(now=at(1))
    assert asks.count() == 6 and {n.data["step"] for n in asks} == {"ask"}
    Notification.objects.filter(kind=Kind.EVALUATION).update(created_at=at(-6))
    EvaluationReceipt.objects.create(enrollment=learners[0], submitted_at=at(2))
    MutedKind.objects.create(user=learners[1].learner, kind=Kind.EVALUATION)
    for _beat in range(2):
        notifications.jobs_run(now=at(3))
    reminders = asks.filter(data__step="reminder")
    assert sorted(reminders.values_list("user_id", flat=True)) == sorted(
        e.learner_id for e in learners[2:]
    )
    for days in (10, 20):  # never a second reminder
        notifications.evaluations_ask_run(now=at(days))
    assert Notification.objects.filter(kind=Kind.EVALUATION).count() == 6 + 4


def test_after_downtime_the_ask_comes_first_and_the_reminder_a_week_after_it(edition, learners):
    notifications.evaluations_ask_run(now=at(12))  # beat was down since the last day
    kinds = Notification.objects.filter(kind=Kind.EVALUATION)
    assert {n.data["step"] for n in kinds} == {"ask"}
    notifications.evaluations_ask_run(now=at(13))
    assert {n.data["step"] for n in kinds} == {"ask"}


def test_a_learner_fills_it_in_once_and_it_does_not_name_them(client, edition, learners):
    enrollment = learners[0]
    client.force_login(enrollment.learner)
    page = client.get(reverse("lms:evaluation", args=[enrollment.pk]))
    assert page.status_code == 200 and problems(page.content.decode()) == []
    dashboard = client.get(reverse("lms:learner_dashboard")).content.decode()
    assert reverse("lms:evaluation", args=[enrollment.pk]) in dashboard
    missing = answer(client, enrollment, course_rating="")
    assert missing.status_code == 400 and "Kies een cijfer." in missing.content.decode()
    assert answer(client, enrollment).status_code == 302
    assert answer(client, enrollment, best="Nog eens").status_code == 200  # the thank-you page
    evaluation = Evaluation.objects.get()
    assert evaluation.best == "De oefeningen" and evaluation.edition == edition
    assert {f.name for f in Evaluation._meta.get_fields()}.isdisjoint(
        {"enrollment", "learner", "user"}
    )
    dashboard = client.get(reverse("lms:learner_dashboard")).content.decode()
    assert reverse("lms:evaluation", args=[enrollment.pk]) not in dashboard


def test_the_form_is_only_the_learners_own_and_only_after_the_last_day(client, edition, learners):
    url = reverse("lms:evaluation", args=[learners[0].pk])
    client.force_login(learners[1].learner)
    assert client.get(url).status_code == 404
    client.force_login(edition.trainers.first())
    assert client.get(url).status_code == 404
    running = f.build_edition(edition.course, first_day=timezone.localdate() - timedelta(days=2))
    early = f.EnrollmentFactory(edition=running)
    client.force_login(early.learner)
    assert client.get(reverse("lms:evaluation", args=[early.pk])).status_code == 404
    client.logout()
    assert client.get(url).status_code == 302


def test_trainers_see_answers_only_from_five_on_and_only_for_their_editions(
    client, edition, learners
):
    url = reverse("lms:evaluation_results", args=[edition.pk])
    for enrollment in learners[:4]:
        answer(client, enrollment)
    trainer = edition.trainers.first()
    client.force_login(trainer)
    html = client.get(url).content.decode()
    assert problems(html) == []
    assert "De oefeningen" not in html and "nog 1 antwoord nodig" in html
    answer(client, learners[4], best="Alles", course_rating="2")
    client.force_login(trainer)
    html = client.get(url).content.decode()
    assert problems(html) == []
    assert "De oefeningen" in html and "Alles" in html
    assert "3.6" in html or "3,6" in html  # (4+4+4+4+2)/5
    for user, status in (
        (f.UserFactory(), 404),
        (learners[0].learner, 404),
        (f.AdminFactory(), 200),
    ):
        client.force_login(user)
        assert client.get(url).status_code == status
    client.logout()
    assert client.get(url).status_code == 302


def test_the_summary_reads_a_fixed_number_of_queries(edition, learners, django_assert_num_queries):
    for enrollment in learners:
        services.evaluation_submit(
            enrollment=enrollment,
            course_rating=4,
            trainer_rating=4,
            module_ratings={},
            recommend=7,
            best="",
            better="",
        )
    with django_assert_num_queries(2):
        summary = selectors.evaluation_summary(edition)
    assert summary.shown and summary.course == 4.0


def test_administrators_see_every_edition_and_trainer_with_charts_and_a_workbook(
    client, edition, learners
):
    for enrollment in learners[:2]:
        answer(client, enrollment)
    url = reverse("lms:evaluation_overview")
    for user in (edition.trainers.first(), learners[0].learner):
        client.force_login(user)
        assert client.get(url).status_code == 404
    client.logout()
    assert client.get(url).status_code == 302
    client.force_login(f.AdminFactory())
    html = client.get(url).content.decode()
    assert problems(html) == []
    assert '<svg role="img" aria-labelledby="chart-editions"' in html
    assert "Tineke Trainer" in html and edition.name in html
    download = client.get(url + "?formaat=xlsx")
    assert download.status_code == 200
    workbook = openpyxl.load_workbook(io.BytesIO(download.content))
    editions, trainers = workbook.worksheets
    assert list(editions.iter_rows(min_row=2, values_only=True)) == [
        (f"{edition.course.title} – {edition.name}", 2, 4, 5, 8)
    ]
    assert list(trainers.iter_rows(min_row=2, values_only=True)) == [("Tineke Trainer", 2, 5)]
