"""A course's authors and examiners (issue 20): named by an administrator, and the one access
rule that says who may change a course's question bank, quizzes and exam."""

import datetime as dt

import pytest
from django.contrib.auth.models import AnonymousUser
from django.urls import reverse

from courses.access import can_author, courses_authored_by
from tests import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def course():
    return f.build_course(lessons_per_module=1, modules=1)


def test_administrators_and_the_courses_authors_may_author_and_nobody_else(
    course, django_assert_num_queries
):
    author, trainer, other_author = f.UserFactory(), f.UserFactory(), f.UserFactory()
    f.build_edition(course, first_day=dt.date(2030, 10, 4), trainers=[trainer])
    course.authors.add(author)
    f.CourseFactory().authors.add(other_author)
    admin = f.AdminFactory()

    with django_assert_num_queries(0):
        assert can_author(admin, course)
        assert can_author(f.UserFactory.build(is_staff=True), course)
        assert not can_author(AnonymousUser(), course)
        assert not can_author(None, course)
    with django_assert_num_queries(1):
        assert can_author(author, course)
    assert not can_author(trainer, course)  # teaching an edition is not enough
    assert not can_author(other_author, course)
    author.is_active = False
    assert not can_author(author, course)


def test_the_courses_a_user_may_author(course):
    author = f.UserFactory()
    course.authors.add(author)
    other = f.CourseFactory()
    assert list(courses_authored_by(author)) == [course]
    assert set(courses_authored_by(f.AdminFactory())) == {course, other}
    assert not courses_authored_by(f.UserFactory()).exists()
    assert not courses_authored_by(AnonymousUser()).exists()


def test_an_administrator_names_the_authors_on_the_course_admin_page(client, course):
    client.force_login(f.AdminFactory())
    anouk = f.UserFactory(first_name="Anouk", last_name="Hendriks")
    url = reverse("admin:courses_course_change", args=[course.pk])
    page = client.get(url)
    assert page.status_code == 200
    assert "auteurs en examinatoren" in page.content.decode().lower()
    widget = page.context["adminform"].form.fields["authors"].widget.widget
    assert type(widget).__name__ == "AutocompleteSelectMultiple"  # searched, not listed
    modules = list(course.modules.all())
    data = {
        "title": course.title,
        "slug": course.slug,
        "description": course.description,
        "price_excl_vat": "1075.00",
        "withdrawal_invoiced_days": "14",
        "require_attendance": "on",
        "authors": [anouk.pk],
        "modules-TOTAL_FORMS": str(len(modules)),
        "modules-INITIAL_FORMS": str(len(modules)),
        "modules-MIN_NUM_FORMS": "0",
        "modules-MAX_NUM_FORMS": "1000",
    }
    for i, module in enumerate(modules):
        data |= {
            f"modules-{i}-id": module.pk,
            f"modules-{i}-course": course.pk,
            f"modules-{i}-order": module.order,
            f"modules-{i}-title": module.title,
            f"modules-{i}-description": module.description,
        }
    response = client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    assert list(course.authors.all()) == [anouk]
    assert can_author(anouk, course)

    found = client.get(
        reverse("admin:autocomplete"),
        {
            "term": "Hendriks",
            "app_label": "courses",
            "model_name": "course",
            "field_name": "authors",
        },
    )
    assert found.status_code == 200 and str(anouk.pk) in found.content.decode()
