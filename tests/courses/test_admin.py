"""The admin of courses: pages load, lesson types are found, the CSV import and who may use it."""

import datetime as dt

import pytest
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from courses.admin import lesson_types
from courses.models import (
    ClassroomSession,
    Edition,
    Enrollment,
    FileLesson,
    Lesson,
    MediaLesson,
    Organisation,
    TextLesson,
)
from tests import factories as f
from tests.plugin_app.models import ChecklistLesson

pytestmark = pytest.mark.django_db

IMPORT_URL = "admin:courses_enrollment_import"


@pytest.fixture
def superuser():
    return f.AdminFactory()


@pytest.fixture
def admin_client(client, superuser):
    client.force_login(superuser)
    return client


@pytest.fixture
def edition():
    course = f.build_course(lessons_per_module=1)
    return f.build_edition(
        course,
        first_day=dt.date(2030, 10, 4),
        name="Dienstverlening Noord",
        status=Edition.Status.OPEN,
    )


def upload(content: bytes, name: str = "cursisten.csv") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="text/csv")


GOOD_CSV = (
    b"email;first name;last name;organisation;edition\r\n"
    b"jan@utrecht.nl;Jan;Jansen;Gemeente Utrecht;Dienstverlening Noord\r\n"
    b"piet@zwolle.nl;Piet;de Vries;Gemeente Zwolle;Dienstverlening Noord\r\n"
)


# --- lessons ---------------------------------------------------------------------------------


def test_lesson_types_include_shipped_types_and_a_plugins_type():
    types = lesson_types()
    assert {TextLesson, MediaLesson, FileLesson, ChecklistLesson} <= set(types)
    assert Lesson not in types


def test_lesson_changelist_lists_every_type(admin_client, edition):
    module = edition.course.modules.first()
    f.MediaLessonFactory(module=module, title="Klantgesprek")
    f.FileLessonFactory(module=module, title="Werkblad")
    ChecklistLesson.objects.create(module=module, order=99, title="Checklist balie", items="a\nb")

    response = admin_client.get(reverse("admin:courses_lesson_changelist"))

    assert response.status_code == 200
    html = response.content.decode()
    for title in ("Les 1.1", "Klantgesprek", "Werkblad", "Checklist balie"):
        assert title in html


def test_lesson_add_type_choice_offers_every_type(admin_client):
    response = admin_client.get(reverse("admin:courses_lesson_add"))
    assert response.status_code == 200
    choices = {
        str(label) for _, label in response.context["adminform"].form.fields["ct_id"].choices
    }
    assert {"tekst", "video of audio", "bestand om te downloaden", "checklist"} <= choices


@pytest.mark.parametrize("model", [TextLesson, MediaLesson, FileLesson, ChecklistLesson])
def test_add_page_of_each_lesson_type_loads_with_schedule_fieldsets(admin_client, model):
    ct = ContentType.objects.get_for_model(model, for_concrete_model=False)
    response = admin_client.get(reverse("admin:courses_lesson_add") + f"?ct_id={ct.pk}")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Wanneer opent de les?" in html
    assert "Wanneer moet het af?" in html


def test_change_page_of_each_lesson_type_loads(admin_client, edition):
    module = edition.course.modules.first()
    lessons = [
        module.lessons.first(),
        f.MediaLessonFactory(module=module),
        f.FileLessonFactory(module=module),
        ChecklistLesson.objects.create(module=module, order=99, title="Checklist", items="a"),
    ]
    for lesson in lessons:
        response = admin_client.get(reverse("admin:courses_lesson_change", args=[lesson.pk]))
        assert response.status_code == 200, type(lesson)


def test_plugin_lesson_without_own_admin_can_be_added(admin_client, edition):
    module = edition.course.modules.first()
    ct = ContentType.objects.get_for_model(ChecklistLesson)
    response = admin_client.post(
        reverse("admin:courses_lesson_add") + f"?ct_id={ct.pk}",
        {
            "module": module.pk,
            "order": 5,
            "title": "Checklist voor de balie",
            "summary": "",
            "is_required": "on",
            "opens_anchor": "end",
            "opens_module": module.pk,
            "opens_offset_days": 0,
            "due_anchor": "",
            "due_offset_days": 0,
            "items": "Groet\nVraag door",
        },
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    lesson = Lesson.objects.get(title="Checklist voor de balie")
    assert isinstance(lesson, ChecklistLesson)
    assert lesson.opens_module == module


def test_text_lesson_with_incomplete_schedule_rule_is_refused(admin_client, edition):
    module = edition.course.modules.first()
    ct = ContentType.objects.get_for_model(TextLesson)
    response = admin_client.post(
        reverse("admin:courses_lesson_add") + f"?ct_id={ct.pk}",
        {
            "module": module.pk,
            "order": 5,
            "title": "Halve regel",
            "opens_anchor": "end",
            "opens_offset_days": 0,
            "due_anchor": "",
            "due_offset_days": 0,
            "body": "Tekst",
        },
    )
    assert response.status_code == 200
    assert not TextLesson.objects.filter(title="Halve regel").exists()


# --- editions, enrolments, other pages -------------------------------------------------------


def test_edition_changelist_shows_counts(admin_client, edition):
    f.EnrollmentFactory.create_batch(3, edition=edition)
    f.EnrollmentFactory(edition=edition, status=Enrollment.Status.WITHDRAWN)
    response = admin_client.get(reverse("admin:courses_edition_changelist"))
    assert response.status_code == 200
    row = response.context["cl"].result_list.get(pk=edition.pk)
    assert row._active_count == 3
    assert row._session_count == 3


def test_edition_changelist_queries_do_not_grow_with_editions(
    admin_client, django_assert_max_num_queries
):
    course = f.build_course(lessons_per_module=1)
    trainer = f.UserFactory()
    for n in range(2):
        f.build_edition(course, first_day=dt.date(2030, 1, 1 + n), trainers=[trainer])
    url = reverse("admin:courses_edition_changelist")
    with django_assert_max_num_queries(15) as few:
        admin_client.get(url)
    for n in range(20):
        f.build_edition(course, first_day=dt.date(2030, 2, 1 + n), trainers=[trainer])
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert admin_client.get(url).status_code == 200


def test_edition_change_page_loads(admin_client, edition):
    response = admin_client.get(reverse("admin:courses_edition_change", args=[edition.pk]))
    assert response.status_code == 200


def test_moving_a_classroom_day_in_the_admin_goes_through_the_reschedule_service(
    admin_client, edition, monkeypatch
):
    from courses import services

    calls = []
    real = services.session_reschedule

    def spy(**kwargs):
        calls.append(kwargs)
        return real(**kwargs)

    monkeypatch.setattr(services, "session_reschedule", spy)
    session = edition.sessions.first()
    response = admin_client.post(
        reverse("admin:courses_classroomsession_change", args=[session.pk]),
        {
            "edition": edition.pk,
            "module": session.module_id,
            "date": "2030-10-11",
            "start_time": "09:00",
            "end_time": "17:00",
            "location": "Stadhuis, zaal 3",
            "first_dagdeel": 1,
            "last_dagdeel": 2,
        },
    )
    assert response.status_code == 302
    session.refresh_from_db()
    assert session.date == dt.date(2030, 10, 11)
    assert session.location == "Stadhuis, zaal 3"
    assert session.last_dagdeel == 2
    assert len(calls) == 1


@pytest.mark.parametrize(
    "name",
    [
        "course",
        "coursemodule",
        "classroomsession",
        "organisation",
        "lessonprogress",
        "attendance",
        "duedateextension",
        "coachingnote",
    ],
)
def test_other_changelists_and_add_pages_load(admin_client, edition, name):
    enrollment = f.EnrollmentFactory(edition=edition)
    lesson = edition.course.modules.first().lessons.first()
    session = edition.sessions.first()
    enrollment.progress.create(lesson=lesson)
    enrollment.attendance.create(session=session, status="present")
    enrollment.extensions.create(lesson=lesson, due_at="2030-12-01T12:00:00Z")
    enrollment.coaching_notes.create(author=f.UserFactory(), body="Goed gedaan.", lesson=lesson)
    assert admin_client.get(reverse(f"admin:courses_{name}_changelist")).status_code == 200
    assert admin_client.get(reverse(f"admin:courses_{name}_add")).status_code == 200


def test_enrollment_changelist_has_import_button(admin_client, edition):
    response = admin_client.get(reverse("admin:courses_enrollment_changelist"))
    assert response.status_code == 200
    html = response.content.decode()
    assert reverse(IMPORT_URL) in html
    assert "Importeer CSV" in html


def test_enrollment_changelist_searches_by_learner_name_and_email(admin_client, edition):
    jan = f.EnrollmentFactory(
        edition=edition, learner=f.UserFactory(first_name="Jan", email="jan@utrecht.nl")
    )
    f.EnrollmentFactory(edition=edition)
    url = reverse("admin:courses_enrollment_changelist")
    for query in ("Jan", "jan@utrecht"):
        response = admin_client.get(url, {"q": query})
        assert list(response.context["cl"].result_list) == [jan]


def test_enrollment_changelist_queries_bounded_for_5_and_50_enrollments(
    admin_client, edition, django_assert_max_num_queries
):
    url = reverse("admin:courses_enrollment_changelist")
    for _ in range(5):
        f.EnrollmentFactory(edition=edition, organisation=f.OrganisationFactory())
    with django_assert_max_num_queries(20) as five:
        assert admin_client.get(url).status_code == 200
    for _ in range(45):
        f.EnrollmentFactory(edition=edition, organisation=f.OrganisationFactory())
    with django_assert_max_num_queries(len(five.captured_queries)):
        response = admin_client.get(url)
    assert response.status_code == 200
    assert response.context["cl"].result_count == 50


def test_enrollment_change_page_loads(admin_client, edition):
    enrollment = f.EnrollmentFactory(edition=edition)
    url = reverse("admin:courses_enrollment_change", args=[enrollment.pk])
    assert admin_client.get(url).status_code == 200


# --- the import page -------------------------------------------------------------------------


def test_superuser_gets_import_form(admin_client):
    response = admin_client.get(reverse(IMPORT_URL))
    assert response.status_code == 200
    html = response.content.decode()
    assert 'type="file"' in html
    assert "CSV-bestand" in html
    assert "Dienstverlening Noord" in html  # the example


def test_superuser_uploads_good_file_and_is_redirected_with_counts(admin_client, edition):
    response = admin_client.post(reverse(IMPORT_URL), {"file": upload(GOOD_CSV)}, follow=True)

    assert response.redirect_chain[-1][0] == reverse("admin:courses_enrollment_changelist")
    assert Enrollment.objects.filter(edition=edition).count() == 2
    assert Organisation.objects.count() == 2
    text = " ".join(str(m) for m in response.context["messages"])
    assert "2 nieuwe inschrijvingen" in text
    assert "2 nieuwe accounts" in text


def test_uploading_the_same_file_again_reports_unchanged(admin_client, edition):
    admin_client.post(reverse(IMPORT_URL), {"file": upload(GOOD_CSV)})
    response = admin_client.post(reverse(IMPORT_URL), {"file": upload(GOOD_CSV)}, follow=True)
    text = " ".join(str(m) for m in response.context["messages"])
    assert "0 nieuwe inschrijvingen" in text
    assert "2 al ingeschreven en ongewijzigd" in text
    assert Enrollment.objects.count() == 2


def test_upload_with_a_bad_row_shows_errors_by_line_and_keeps_nothing(admin_client, edition):
    bad = GOOD_CSV + b"jan@;Jan;Jansen;Gemeente Utrecht;Noord-Oost\r\n"
    response = admin_client.post(reverse(IMPORT_URL), {"file": upload(bad)})
    assert response.status_code == 200
    assert response.context["errors"] == [
        "regel 4: e-mailadres 'jan@' is ongeldig",
    ]
    assert "regel 4: e-mailadres" in response.content.decode()
    assert Enrollment.objects.count() == 0


def test_upload_larger_than_2_mb_is_refused_with_a_clear_message(admin_client, edition):
    big = GOOD_CSV + b"x" * (2 * 1024 * 1024)
    response = admin_client.post(reverse(IMPORT_URL), {"file": upload(big)})
    assert response.status_code == 200
    assert "een import mag hoogstens 2 MB zijn" in response.content.decode()
    assert Enrollment.objects.count() == 0


def test_upload_of_a_non_text_file_is_refused(admin_client, edition):
    response = admin_client.post(
        reverse(IMPORT_URL), {"file": upload(b"\x89PNG\r\n\x1a\n\x00\x00", name="foto.png")}
    )
    assert response.status_code == 200
    assert response.context["errors"] == ["Dit is geen tekstbestand. Upload een CSV-bestand."]


def test_import_page_redirects_non_staff_to_admin_login(client, edition):
    client.force_login(f.UserFactory())
    url = reverse(IMPORT_URL)
    for response in (client.get(url), client.post(url, {"file": upload(GOOD_CSV)})):
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("admin:login"))
    assert Enrollment.objects.count() == 0


def test_import_page_redirects_anonymous_to_admin_login(client):
    response = client.get(reverse(IMPORT_URL))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))


def test_staff_without_add_permission_gets_403(client, edition):
    staff = f.UserFactory(is_staff=True)
    staff.user_permissions.add(Permission.objects.get(codename="view_enrollment"))
    client.force_login(staff)
    url = reverse(IMPORT_URL)
    assert client.get(url).status_code == 403
    assert client.post(url, {"file": upload(GOOD_CSV)}).status_code == 403
    assert Enrollment.objects.count() == 0
    changelist = client.get(reverse("admin:courses_enrollment_changelist"))
    assert changelist.status_code == 200
    assert reverse(IMPORT_URL) not in changelist.content.decode()


def test_staff_with_add_permission_can_import(client, edition):
    staff = f.UserFactory(is_staff=True)
    staff.user_permissions.add(Permission.objects.get(codename="add_enrollment"))
    client.force_login(staff)
    response = client.post(reverse(IMPORT_URL), {"file": upload(GOOD_CSV)})
    assert response.status_code == 302
    assert Enrollment.objects.count() == 2


def test_classroom_session_inline_offers_only_the_editions_course_modules(admin_client, edition):
    other = f.CourseModuleFactory(title="Andere cursus")
    response = admin_client.get(reverse("admin:courses_edition_change", args=[edition.pk]))
    formset = response.context["inline_admin_formsets"][0].formset
    modules = set(formset.forms[0].fields["module"].queryset)
    assert other not in modules
    assert modules == set(edition.course.modules.all())
    assert ClassroomSession.objects.filter(edition=edition).count() == 3


def test_moving_a_day_in_the_edition_inline_goes_through_the_reschedule_service(
    admin_client, edition, monkeypatch
):
    from courses import services

    calls = []
    real = services.session_reschedule
    monkeypatch.setattr(services, "session_reschedule", lambda **kw: calls.append(kw) or real(**kw))
    sessions = list(edition.sessions.order_by("date"))
    data = {
        "course": edition.course_id,
        "name": edition.name,
        "region": edition.region,
        "capacity": edition.capacity,
        "status": edition.status,
        "sessions-TOTAL_FORMS": len(sessions),
        "sessions-INITIAL_FORMS": len(sessions),
        "sessions-MIN_NUM_FORMS": 0,
        "sessions-MAX_NUM_FORMS": 1000,
    }
    for i, session in enumerate(sessions):
        data.update(
            {
                f"sessions-{i}-id": session.pk,
                f"sessions-{i}-edition": edition.pk,
                f"sessions-{i}-module": session.module_id,
                f"sessions-{i}-date": session.date.isoformat(),
                f"sessions-{i}-start_time": "09:00",
                f"sessions-{i}-end_time": "17:00",
                f"sessions-{i}-location": session.location,
                f"sessions-{i}-first_dagdeel": session.first_dagdeel,
                f"sessions-{i}-last_dagdeel": session.last_dagdeel,
            }
        )
    data["sessions-1-date"] = "2030-11-08"
    response = admin_client.post(reverse("admin:courses_edition_change", args=[edition.pk]), data)
    assert response.status_code == 302
    assert len(calls) == 1
    assert calls[0]["session"].pk == sessions[1].pk
    sessions[1].refresh_from_db()
    assert sessions[1].date == dt.date(2030, 11, 8)


def test_admin_index_lists_courses_models_but_not_lesson_types(admin_client):
    response = admin_client.get(reverse("admin:index"))
    assert response.status_code == 200
    html = response.content.decode()
    assert reverse("admin:courses_lesson_changelist") in html
    assert reverse("admin:courses_enrollment_changelist") in html
    assert reverse("admin:courses_textlesson_changelist") not in html
