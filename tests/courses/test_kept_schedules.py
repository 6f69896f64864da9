"""The sessions a process keeps per edition are immutable rows: one request cannot change
what another request reads."""

import dataclasses
import datetime as dt
import pickle

import pytest

from courses import selectors
from tests import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def edition():
    return f.build_edition(f.build_course(), first_day=dt.date(2026, 10, 1))


def test_kept_sessions_cannot_be_changed_by_a_request(edition):
    sessions = selectors.edition_sessions(edition)
    first = sessions[0]
    with pytest.raises(dataclasses.FrozenInstanceError):
        first.location = "Elders"
    with pytest.raises(dataclasses.FrozenInstanceError):
        first.module = None
    with pytest.raises((TypeError, AttributeError)):
        sessions.append(first)
    again = selectors.edition_sessions(edition)
    assert again[0].location == "Stadhuis, zaal 2"
    assert again[0].module.title == "Module 1"


def test_outlines_of_two_learners_share_no_mutable_session(edition):
    one = f.EnrollmentFactory(edition=edition)
    other = f.EnrollmentFactory(edition=edition)
    first = selectors.course_outline(one)
    first.modules[0].sessions.clear()
    second = selectors.course_outline(other)
    assert [len(m.sessions) for m in second.modules] == [1, 1, 1]
    assert second.modules[0].sessions[0].dagdelen_label == "Dagdeel 1"
    assert second.modules[1].sessions[0].dagdelen_label == "Dagdeel 2 & 3"


def test_session_rows_match_the_model_and_survive_the_shared_cache(edition):
    rows = selectors.edition_sessions(edition)
    models = list(edition.sessions.order_by("date", "start_time", "pk"))
    assert [row.pk for row in rows] == [s.pk for s in models]
    assert [row.slot() for row in rows] == [s.slot() for s in models]
    assert [row.module.title for row in rows] == [s.module.title for s in models]
    assert pickle.loads(pickle.dumps(rows)) == rows
