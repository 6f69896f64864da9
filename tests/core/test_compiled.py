"""Queries compiled once per process give what the ORM gives, on SQLite and PostgreSQL."""

import datetime as dt
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.db.models import F

from core.compiled import CompiledQuery
from courses.models import Enrollment
from courses.selectors import (
    EnrollmentStamp,
    enrollment_stamp_for_learner,
    enrollment_stamps_for_learner,
)
from tests import factories as f

pytestmark = pytest.mark.django_db

User = get_user_model()


def test_rows_are_the_orms_values_converted_alike(django_assert_num_queries):
    enrollment = f.EnrollmentFactory()
    fields = (
        "pk",
        "status",
        "enrolled_at",
        "edition__course__title",
        "edition__course__price_excl_vat",
    )
    query = CompiledQuery(
        lambda learner_id: Enrollment.objects.filter(learner_id=learner_id).values_list(*fields)
    )
    expected = list(
        Enrollment.objects.filter(learner_id=enrollment.learner_id).values_list(*fields)
    )
    with django_assert_num_queries(1):
        rows = query.rows(enrollment.learner_id)
    assert rows == expected
    enrolled_at = rows[0][2]
    assert isinstance(enrolled_at, dt.datetime) and enrolled_at.tzinfo is not None
    assert query.rows(enrollment.learner_id + 1000) == []


def test_each_call_binds_its_own_arguments():
    first, second = f.EnrollmentFactory(), f.EnrollmentFactory()
    query = CompiledQuery(
        lambda learner_id, edition_id: Enrollment.objects.filter(
            learner_id=learner_id, edition_id=edition_id
        ).values_list("pk", flat=False),
        arity=2,
    )
    assert query.rows(first.learner_id, first.edition_id) == [(first.pk,)]
    assert query.rows(second.learner_id, second.edition_id) == [(second.pk,)]
    assert query.rows(first.learner_id, second.edition_id) == []


def test_objects_are_model_instances_as_the_orm_loads_them():
    user = f.UserFactory(first_name="Henriëtte", last_name="Nienhuis")
    query = CompiledQuery(lambda pk: User.objects.filter(pk=pk))
    [loaded] = query.objects(user.pk)
    orm = User.objects.get(pk=user.pk)
    assert loaded == orm and not loaded._state.adding and loaded._state.db == "default"
    for field in User._meta.concrete_fields:
        assert getattr(loaded, field.attname) == getattr(orm, field.attname), field.name
    assert loaded.date_joined.tzinfo is not None


def test_select_related_models_are_filled_in_as_the_orm_does(django_assert_num_queries):
    enrollment = f.EnrollmentFactory()
    query = CompiledQuery(
        lambda pk: Enrollment.objects.select_related("edition__course", "learner").filter(pk=pk)
    )
    orm = Enrollment.objects.select_related("edition__course", "learner").get(pk=enrollment.pk)
    with django_assert_num_queries(1):
        [loaded] = query.objects(enrollment.pk)
        assert loaded.edition.course == orm.edition.course
        assert loaded.edition.course.title == orm.edition.course.title
        assert loaded.learner.username == orm.learner.username
        assert loaded.enrolled_at == orm.enrolled_at and loaded.status == orm.status


def test_a_key_beyond_any_integer_column_finds_nothing_instead_of_failing(client):
    query = CompiledQuery(lambda pk: User.objects.filter(pk=pk))
    assert query.objects(2**70) == [] and query.rows(-(2**70)) == []
    client.force_login(f.EnrollmentFactory().learner)
    assert client.get(f"/learn/{2**70}/").status_code == 404
    assert client.get(f"/learn/{2**62}/").status_code == 404


def test_queries_it_cannot_compile_safely_are_refused():
    with pytest.raises(ValueError, match="plain parameter"):
        CompiledQuery(lambda pk: User.objects.filter(pk=pk) | User.objects.filter(pk=pk)).rows(1)
    with pytest.raises(ValueError, match="plain parameter"):
        CompiledQuery(lambda pk: User.objects.filter(pk=F("id"))).rows(1)
    with pytest.raises(ValueError):
        CompiledQuery(lambda pk: User.objects.filter(pk=pk).only("username")).rows(1)
    with pytest.raises(TypeError):
        CompiledQuery(lambda pk: User.objects.filter(pk=pk).values_list("pk")).objects(1)


@pytest.mark.parametrize(
    "frozen",
    [
        dt.datetime(2026, 12, 4, 9, 0, tzinfo=dt.UTC),
        dt.date(2026, 12, 4),
        "henriette",
        Decimal("1075.00"),
    ],
    ids=["datetime", "date", "text", "decimal"],
)
def test_a_value_that_would_be_frozen_at_compile_time_is_refused_with_a_clear_error(frozen):
    """`timezone.now()` inside the builder would stay the first request's time forever."""
    field = {
        dt.datetime: "learner__date_joined__gte",
        dt.date: "learner__date_joined__date",
        str: "learner__username",
        Decimal: "edition__course__price_excl_vat",
    }[type(frozen)]
    query = CompiledQuery(lambda pk: Enrollment.objects.filter(pk=pk, **{field: frozen}))
    with pytest.raises(ValueError, match=r"would be frozen into the compiled SQL.*constants="):
        query.rows(1)


def test_a_named_constant_or_a_choices_member_may_be_frozen():
    enrollment = f.EnrollmentFactory(status=Enrollment.Status.ACTIVE)
    by_choice = CompiledQuery(
        lambda pk: Enrollment.objects.filter(pk=pk, status=Enrollment.Status.ACTIVE).values_list(
            "pk"
        )
    )
    assert by_choice.rows(enrollment.pk) == [(enrollment.pk,)]
    named = CompiledQuery(
        lambda pk: User.objects.filter(pk=pk, username="nobody").values_list("pk"),
        constants=("nobody",),
    )
    assert named.rows(enrollment.learner_id) == []


def test_enrollment_stamps_match_the_loaded_enrollments():
    enrollment = f.EnrollmentFactory()
    withdrawn = f.EnrollmentFactory(learner=enrollment.learner, status=Enrollment.Status.WITHDRAWN)
    loaded = Enrollment.objects.select_related("edition__course").get(pk=enrollment.pk)
    stamps = enrollment_stamps_for_learner(enrollment.learner)
    assert {s.pk for s in stamps} == {enrollment.pk, withdrawn.pk}
    assert [s for s in stamps if s.pk == enrollment.pk] == [EnrollmentStamp.of(loaded)]
    assert enrollment_stamp_for_learner(enrollment.learner, enrollment.edition_id).shown
    assert enrollment_stamp_for_learner(enrollment.learner, withdrawn.edition_id) is None
    other = f.UserFactory()
    assert enrollment_stamp_for_learner(other, enrollment.edition_id) is None


def _prepared_statements() -> list[str]:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT statement FROM pg_prepared_statements")
        return [row[0] for row in cursor.fetchall()]


def test_on_postgresql_a_compiled_query_is_prepared_once_per_connection():
    """With the project's database options a statement run five times on a connection is
    prepared (planned once), and Django's query log still shows its text."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    if connection.vendor != "postgresql":
        pytest.skip("prepared statements: PostgreSQL")
    enrollment = f.EnrollmentFactory()
    query = CompiledQuery(
        lambda learner_id: Enrollment.objects.filter(learner_id=learner_id).values_list("pk")
    )
    marker = '"courses_enrollment"."learner_id" = $1'
    before = [s for s in _prepared_statements() if marker in s and "SELECT" in s]
    with CaptureQueriesContext(connection) as ctx:
        for _ in range(6):
            assert query.rows(enrollment.learner_id) == [(enrollment.pk,)]
    prepared = [s for s in _prepared_statements() if marker in s and "SELECT" in s]
    assert len(prepared) == len(before) + 1
    # The log shows the compiled statement, with the value the server bound.
    compiled = query._by_alias["default"].sql
    assert {q["sql"] for q in ctx.captured_queries} == {
        compiled.replace("%s", str(enrollment.learner_id))
    }


def test_annotations_of_a_model_query_are_set_as_the_orm_sets_them():
    from django.db.models import Count

    enrollment = f.EnrollmentFactory()
    f.EnrollmentFactory(learner=enrollment.learner)
    query = CompiledQuery(
        lambda pk: User.objects.filter(pk=pk).annotate(enrolments=Count("enrollments"))
    )
    [user] = query.objects(enrollment.learner_id)
    expected = User.objects.annotate(enrolments=Count("enrollments")).get(pk=user.pk)
    assert (
        (user.pk, user.username, user.enrolments)
        == (
            expected.pk,
            expected.username,
            expected.enrolments,
        )
        == (enrollment.learner_id, enrollment.learner.username, 2)
    )
