"""The retention rule: people past LMS_PRIVACY_RETENTION_YEARS are proposed for erasure once,
daily; an administrator approves (erases) or dismisses."""

import datetime as dt

import pytest
from django.conf import settings as django_settings
from django.test import TestCase
from django.utils import timezone

from lms.celery import app as celery_app
from lms.models import ErasureProposal, ErasureRecord
from lms.privacy import erasure, retention
from lms.privacy import tasks as privacy_tasks
from tests import factories as f

pytestmark = pytest.mark.django_db

State = ErasureProposal.State
NOW = timezone.now()
TODAY = timezone.localdate(NOW)


def years_ago(years: float) -> dt.datetime:
    return NOW - dt.timedelta(days=round(365.25 * years))


def edition_ending(day: dt.date, *, trainers=()):
    course = f.build_course(lessons_per_module=1, modules=2)
    return f.build_edition(course, first_day=day - dt.timedelta(days=28), trainers=trainers)


def learner(*, joined_years: float, **fields):
    return f.UserFactory(date_joined=years_ago(joined_years), **fields)


def enrol(user, edition, *, years: float):
    return f.EnrollmentFactory(edition=edition, learner=user, enrolled_at=years_ago(years))


@pytest.fixture
def people():
    """One of each kind the rule tells apart (the term is 2 years by default)."""
    old = learner(joined_years=4)
    enrol(old, edition_ending(years_ago(3).date()), years=3.2)
    recent = learner(joined_years=4)
    enrol(recent, edition_ending(years_ago(1.5).date()), years=1.7)
    coming = learner(joined_years=4)
    enrol(coming, edition_ending(TODAY + dt.timedelta(days=60)), years=3)
    logged_in = learner(joined_years=4, last_login=years_ago(0.1))
    enrol(logged_in, edition_ending(years_ago(3).date()), years=3.2)
    trainer = learner(joined_years=5)
    edition_ending(TODAY - dt.timedelta(days=30), trainers=[trainer])
    return {
        "old": old,
        "recent": recent,
        "coming": coming,
        "logged_in": logged_in,
        "never_enrolled_old": learner(joined_years=3),
        "never_enrolled_new": learner(joined_years=0.8),
        "staff": learner(joined_years=5, is_staff=True),
        "superuser": learner(joined_years=5, is_superuser=True, is_staff=True),
        "trainer": trainer,
    }


def proposed_users() -> set[int]:
    return set(ErasureProposal.objects.values_list("user_id", flat=True))


def test_people_past_the_term_are_proposed_and_nobody_else(people):
    assert retention.erasure_proposals_create(now=NOW) == 2
    assert proposed_users() == {people["old"].pk, people["never_enrolled_old"].pk}
    old = ErasureProposal.objects.get(user=people["old"])
    assert old.basis == ErasureProposal.Basis.ENROLLMENT
    assert old.basis_date == people["old"].enrollments.get().edition.sessions.latest("date").date
    assert old.state == State.OPEN
    account = ErasureProposal.objects.get(user=people["never_enrolled_old"])
    assert account.basis == ErasureProposal.Basis.ACCOUNT


def test_running_the_job_twice_proposes_nobody_twice(people):
    assert retention.erasure_proposals_create(now=NOW) == 2
    assert retention.erasure_proposals_create(now=NOW) == 0
    assert retention.erasure_proposals_create(now=NOW + dt.timedelta(days=1)) == 0
    assert ErasureProposal.objects.count() == 2


def test_a_dismissed_proposal_is_not_made_again(people):
    retention.erasure_proposals_create(now=NOW)
    proposal = ErasureProposal.objects.get(user=people["old"])
    admin = f.AdminFactory()
    assert retention.erasure_proposals_dismiss(proposal_ids=[proposal.pk], by=admin) == 1
    assert retention.erasure_proposals_create(now=NOW + dt.timedelta(days=1)) == 0
    proposal.refresh_from_db()
    assert proposal.state == State.DISMISSED and proposal.decided_by == admin
    assert ErasureProposal.objects.filter(user=people["old"]).count() == 1


def test_someone_who_comes_back_loses_their_open_proposal(people):
    retention.erasure_proposals_create(now=NOW)
    user = people["never_enrolled_old"]
    user.last_login = NOW
    user.save()
    retention.erasure_proposals_create(now=NOW + dt.timedelta(days=1))
    assert user.pk not in proposed_users()


def test_the_term_comes_from_the_setting(people, settings):
    settings.LMS_PRIVACY_RETENTION_YEARS = 5
    assert retention.erasure_proposals_create(now=NOW) == 0
    settings.LMS_PRIVACY_RETENTION_YEARS = 1
    retention.erasure_proposals_create(now=NOW)
    assert people["recent"].pk in proposed_users()
    assert people["never_enrolled_new"].pk not in proposed_users()


def test_the_default_term_is_two_years():
    assert django_settings.LMS_PRIVACY_RETENTION_YEARS == 2


def test_approving_a_proposal_erases_the_person(people):
    retention.erasure_proposals_create(now=NOW)
    proposal = ErasureProposal.objects.get(user=people["old"])
    admin = f.AdminFactory()
    with TestCase.captureOnCommitCallbacks(execute=True):
        outcome = retention.erasure_proposals_approve(proposal_ids=[proposal.pk], by=admin)
    (record,) = outcome.erased
    assert record.reason == ErasureRecord.Reason.RETENTION and record.erased_by == admin
    proposal.refresh_from_db()
    assert proposal.state == State.APPROVED and proposal.decided_by == admin
    user = proposal.user
    user.refresh_from_db()
    assert user.get_full_name() == "Verwijderde gebruiker" and not user.is_active
    assert not user.enrollments.exists()
    # Erased people are never proposed again.
    retention.erasure_proposals_create(now=NOW + dt.timedelta(days=800))
    assert list(ErasureProposal.objects.filter(user=user).values_list("state", flat=True)) == [
        State.APPROVED
    ]


def test_someone_who_became_staff_since_is_not_erased_by_approval(people):
    retention.erasure_proposals_create(now=NOW)
    proposal = ErasureProposal.objects.get(user=people["old"])
    proposal.user.is_staff = True
    proposal.user.save()
    outcome = retention.erasure_proposals_approve(proposal_ids=[proposal.pk], by=f.AdminFactory())
    assert outcome.erased == [] and len(outcome.refused) == 1
    assert not ErasureRecord.objects.exists()


def test_erasing_a_person_directly_closes_their_proposal(people):
    retention.erasure_proposals_create(now=NOW)
    user = people["never_enrolled_old"]
    erasure.person_erase(user=user, by=f.AdminFactory())
    assert ErasureProposal.objects.get(user=user).state == State.APPROVED


def test_the_job_runs_daily_in_beat_and_through_celery(people):
    entry = django_settings.CELERY_BEAT_SCHEDULE["privacy-erasure-proposals"]
    assert entry["task"] == "lms.privacy.erasure_proposals_create"
    assert entry["schedule"] == 86400.0
    assert entry["task"] in celery_app.tasks
    privacy_tasks.erasure_proposals_create.delay()
    assert len(proposed_users()) == 2


def test_leap_day_cutoff():
    leap = dt.datetime(2028, 2, 29, 12, tzinfo=dt.UTC)
    assert retention.years_before(leap, 2) == dt.datetime(2026, 2, 28, 12, tzinfo=dt.UTC)
