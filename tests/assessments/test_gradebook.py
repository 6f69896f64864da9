"""The gradebook (page, CSV, XLSX) and the learner's result page: who may see them, what they
say, and a number of queries that does not grow with the edition."""

import csv
import datetime as dt
import io
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from assessments.models import Attempt
from assessments.results import gradebook
from assessments.results import services as results
from courses import selectors as course_selectors
from courses.models import Attendance, DueDateExtension
from tests import factories as f
from tests.a11y import problems
from tests.assessments.assignment_factories import build_assignment
from tests.assessments.assignment_factories import hand_in as hand_in_assignment
from tests.assessments.quiz_factories import build_quiz

pytestmark = pytest.mark.django_db


def hand_in(enrollment, quiz, percentage, *, submitted_at=None, number=1) -> Attempt:
    submitted_at = submitted_at or timezone.now()
    return Attempt.objects.create(
        enrollment=enrollment,
        quiz=quiz,
        number=number,
        status=Attempt.Status.GRADED,
        started_at=submitted_at,
        submitted_at=submitted_at,
        graded_at=submitted_at,
        percentage=Decimal(percentage),
        passed=Decimal(percentage) >= quiz.pass_mark,
    )


@pytest.fixture
def setup():
    quiz, enrollment = build_quiz(is_exam=True)
    trainer = f.UserFactory()
    enrollment.edition.trainers.add(trainer)
    enrollment.learner.first_name, enrollment.learner.last_name = "Henriëtte", "Nienhuis"
    enrollment.learner.save()
    return quiz, enrollment, trainer


def test_trainer_sees_grades_and_results_of_their_edition(client, setup):
    quiz, enrollment, trainer = setup
    hand_in(enrollment, quiz, "72.5")
    client.force_login(trainer)

    response = client.get(reverse("assessments_trainer:gradebook", args=[enrollment.edition_id]))

    assert response.status_code == 200
    html = response.content.decode()
    assert "Henriëtte Nienhuis" in html
    assert "72%" in html or "73%" in html
    assert "1 van 2 eisen gehaald" in html  # the exam; the classroom days not yet
    assert problems(html) == []


def test_the_page_rows_escape_names_and_mark_late_work(client, setup):
    quiz, enrollment, trainer = setup
    enrollment.learner.first_name = "Jan <b>"
    enrollment.learner.save()
    due = course_selectors.edition_dates(enrollment.edition)[quiz.pk].due_at
    hand_in(enrollment, quiz, "80", submitted_at=due + dt.timedelta(hours=1))
    client.force_login(trainer)
    html = client.get(
        reverse("assessments_trainer:gradebook", args=[enrollment.edition_id])
    ).content.decode()
    learner_url = reverse("courses:trainer_learner", args=[enrollment.edition_id, enrollment.pk])
    work_url = reverse(
        "assessments_trainer:gradebook_work", args=[enrollment.edition_id, enrollment.pk, quiz.pk]
    )
    assert f'<th scope="row"><a href="{learner_url}">Jan &lt;b&gt; Nienhuis</a></th>' in html
    assert f'<td class="state-overdue"><a href="{work_url}">80% (te laat)</a></td>' in html
    assert "<b>" not in html


@pytest.mark.parametrize("name", ["gradebook", "gradebook_csv", "gradebook_xlsx"])
def test_gradebook_is_closed_to_other_trainers_learners_and_anonymous(client, setup, name):
    _, enrollment, _ = setup
    url = reverse(f"assessments_trainer:{name}", args=[enrollment.edition_id])
    assert client.get(url).status_code == 302  # to the login page
    client.force_login(f.UserFactory())
    assert client.get(url).status_code == 404
    client.force_login(enrollment.learner)
    assert client.get(url).status_code == 404
    other = f.build_edition(enrollment.edition.course, first_day=timezone.localdate())
    other_trainer = f.UserFactory()
    other.trainers.add(other_trainer)
    client.force_login(other_trainer)
    assert client.get(url).status_code == 404
    client.force_login(f.AdminFactory())
    assert client.get(url).status_code == 200


def test_late_work_is_marked_unless_the_learner_had_an_extension(setup):
    quiz, enrollment, _ = setup
    edition = enrollment.edition
    due = course_selectors.edition_dates(edition)[quiz.pk].due_at
    hand_in(enrollment, quiz, "80", submitted_at=due + dt.timedelta(hours=3))
    book = gradebook.gradebook_for_edition(edition)
    cell = book.rows[0].cells[0]
    assert cell.late and "te laat" in cell.text

    DueDateExtension.objects.create(
        enrollment=enrollment, lesson=quiz, due_at=due + dt.timedelta(days=1)
    )
    cell = gradebook.gradebook_for_edition(edition).rows[0].cells[0]
    assert not cell.late and "te laat" not in cell.text


def test_missing_work_after_the_due_date_is_marked(setup):
    quiz, enrollment, _ = setup
    due = course_selectors.edition_dates(enrollment.edition)[quiz.pk].due_at
    before = gradebook.gradebook_for_edition(enrollment.edition, now=due - dt.timedelta(hours=1))
    after = gradebook.gradebook_for_edition(enrollment.edition, now=due + dt.timedelta(hours=1))
    assert not before.rows[0].cells[0].missing
    assert after.rows[0].cells[0].missing
    assert after.rows[0].cells[0].text == "ontbreekt"


def test_csv_export_is_excel_friendly_and_not_a_formula_injection(client, setup):
    quiz, enrollment, trainer = setup
    enrollment.learner.first_name = "=HYPERLINK(evil)"
    enrollment.learner.save()
    hand_in(enrollment, quiz, "90")
    client.force_login(trainer)

    response = client.get(
        reverse("assessments_trainer:gradebook_csv", args=[enrollment.edition_id])
    )

    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff")), delimiter=";"))
    assert rows[0][0] == "Naam" and rows[0][3] == quiz.title
    assert rows[1][0].startswith("'=HYPERLINK")
    assert rows[1][3] == "90%"


def test_xlsx_export_has_numbers_a_spreadsheet_can_compute_with(client, setup):
    quiz, enrollment, trainer = setup
    hand_in(enrollment, quiz, "40")
    late = f.EnrollmentFactory(edition=enrollment.edition)
    late.learner.first_name, late.learner.last_name = "=HYPERLINK(evil)", "+1"
    late.learner.save()
    due = course_selectors.edition_dates(enrollment.edition)[quiz.pk].due_at
    hand_in(late, quiz, "72.5", submitted_at=due + dt.timedelta(hours=1))
    f.EnrollmentFactory(edition=enrollment.edition)  # nothing handed in yet
    client.force_login(trainer)

    response = client.get(
        reverse("assessments_trainer:gradebook_xlsx", args=[enrollment.edition_id])
    )

    workbook = load_workbook(io.BytesIO(response.content))
    sheet = workbook.worksheets[0]
    header = [c.value for c in sheet[1]]
    assert header == ["Naam", "E-mail", "Organisatie", quiz.title, "Aanwezig", "Resultaat"]
    assert sheet.auto_filter.ref == "A1:F4"
    assert sheet.max_row == 4  # the header and one row per learner: nothing below
    rows = {row[0].value: row for row in sheet.iter_rows(min_row=2)}
    mine = rows["Henriëtte Nienhuis"]
    assert mine[3].value == pytest.approx(0.40) and mine[3].data_type == "n"
    assert mine[3].number_format == "0%"
    assert mine[4].value == 0 and mine[4].data_type == "n"
    assert mine[5].value == "0 van 2 eisen gehaald"
    theirs = rows["=HYPERLINK(evil) +1"]  # a text, not a formula, without an apostrophe
    assert theirs[0].data_type == "s" and not theirs[0].quotePrefix
    assert theirs[3].value == pytest.approx(0.725) and theirs[3].fill.fgColor.rgb.endswith("FFE0B2")
    for row in sheet.iter_rows(min_row=2):
        assert row[0].value  # no blank or "Gemaakt op" rows in the data range
    about = workbook.worksheets[1]
    facts = {row[0].value: row[1].value for row in about.iter_rows()}
    assert facts["Editie"] == enrollment.edition.name and facts["Gemaakt op"]
    assert workbook.properties.title == f"Cijferlijst {enrollment.edition.name}"


def test_csv_keeps_its_formula_guard_and_has_the_attendance_column(client, setup):
    quiz, enrollment, trainer = setup
    enrollment.learner.first_name = "@SUM(1)"
    enrollment.learner.save()
    client.force_login(trainer)
    text = client.get(
        reverse("assessments_trainer:gradebook_csv", args=[enrollment.edition_id])
    ).content.decode("utf-8")
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff")), delimiter=";"))
    assert rows[0][-2:] == ["Aanwezig", "Resultaat"]
    assert rows[1][0].startswith("'@SUM(1)")
    assert rows[1][-2].startswith("0 van ")


def test_gradebook_shows_attendance_and_links_it_to_the_learners_page(client, setup):
    quiz, enrollment, trainer = setup
    session = enrollment.edition.sessions.order_by("date").first()
    Attendance.objects.create(
        session=session, enrollment=enrollment, status=Attendance.Status.PRESENT
    )
    client.force_login(trainer)
    html = client.get(
        reverse("assessments_trainer:gradebook", args=[enrollment.edition_id])
    ).content.decode()
    learner_url = reverse("courses:trainer_learner", args=[enrollment.edition_id, enrollment.pk])
    assert f'<a href="{learner_url}#attendance-heading">1 van ' in html
    book = gradebook.gradebook_for_edition(enrollment.edition)
    assert book.rows[0].attended == 1 and book.sessions >= 1


def test_a_cell_without_work_has_no_link(client, setup):
    quiz, enrollment, trainer = setup
    client.force_login(trainer)
    html = client.get(
        reverse("assessments_trainer:gradebook", args=[enrollment.edition_id])
    ).content.decode()
    assert (
        reverse(
            "assessments_trainer:gradebook_work",
            args=[enrollment.edition_id, enrollment.pk, quiz.pk],
        )
        not in html
    )


def test_a_cell_leads_to_the_grading_page_of_the_hand_in(client):
    assignment, enrollment, trainer = build_assignment()
    version = hand_in_assignment(assignment, enrollment)
    client.force_login(trainer)
    url = reverse(
        "assessments_trainer:gradebook_work",
        args=[enrollment.edition_id, enrollment.pk, assignment.pk],
    )
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"] == reverse(
        "assessments_trainer:grade", args=[version.submission_id]
    )
    page = client.get(reverse("assessments_trainer:gradebook", args=[enrollment.edition_id]))
    assert url in page.content.decode()


def test_a_quiz_cell_leads_to_the_learners_page(client, setup):
    quiz, enrollment, trainer = setup
    hand_in(enrollment, quiz, "60")
    client.force_login(trainer)
    response = client.get(
        reverse(
            "assessments_trainer:gradebook_work",
            args=[enrollment.edition_id, enrollment.pk, quiz.pk],
        )
    )
    assert response["Location"] == reverse(
        "courses:trainer_learner", args=[enrollment.edition_id, enrollment.pk]
    )


def test_a_cells_link_is_closed_to_others(client, setup):
    quiz, enrollment, trainer = setup
    url = reverse(
        "assessments_trainer:gradebook_work", args=[enrollment.edition_id, enrollment.pk, quiz.pk]
    )
    assert client.get(url).status_code == 302 and "login" in client.get(url)["Location"]
    client.force_login(enrollment.learner)
    assert client.get(url).status_code == 404
    other = f.build_edition(enrollment.edition.course, first_day=timezone.localdate())
    other_trainer = f.UserFactory()
    other.trainers.add(other_trainer)
    client.force_login(other_trainer)
    assert client.get(url).status_code == 404
    stranger = f.EnrollmentFactory(edition=other)  # not of this edition: 404 for its trainer too
    client.force_login(trainer)
    foreign = reverse(
        "assessments_trainer:gradebook_work", args=[enrollment.edition_id, stranger.pk, quiz.pk]
    )
    assert client.get(foreign).status_code == 404


@pytest.mark.parametrize("name", ["gradebook", "gradebook_csv", "gradebook_xlsx"])
def test_gradebook_queries_do_not_grow_with_learners(
    client, setup, name, django_assert_num_queries
):
    quiz, enrollment, trainer = setup
    edition = enrollment.edition
    url = reverse(f"assessments_trainer:{name}", args=[edition.pk])
    client.force_login(trainer)

    def add_learners(count):
        for i in range(count):
            learner = f.EnrollmentFactory(edition=edition)
            hand_in(learner, quiz, "60")
            if i % 2:
                DueDateExtension.objects.create(
                    enrollment=learner, lesson=quiz, due_at=timezone.now()
                )
        results.course_results_recompute(
            enrollment_ids=edition.enrollments.values_list("pk", flat=True)
        )

    add_learners(4)
    client.get(url)  # warm the structure caches
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as small:
        assert client.get(url).status_code == 200
    add_learners(40)
    with django_assert_num_queries(len(small.captured_queries)):
        assert client.get(url).status_code == 200


def test_learner_sees_what_is_left_to_pass_in_plain_words(client, setup):
    quiz, enrollment, _ = setup
    client.force_login(enrollment.learner)
    url = reverse("assessments:course_result", args=[enrollment.edition_id])

    html = client.get(url).content.decode()
    assert "Nog te doen" in html
    # Each rule links to the lesson it is about, its title said once (no "Examen: Examen …").
    lesson = reverse("courses:lesson", args=[enrollment.edition_id, quiz.pk])
    assert f'<a href="{lesson}">{quiz.title}</a>' in html
    assert "Examen: " not in html and "Opdracht: " not in html
    assert "je was er 0 van de 2 keer" in html
    assert problems(html) == []
    # A question about the result goes to the trainers in the learner's conversation.
    conversation = reverse("lms:conversation", args=[enrollment.pk])
    assert f'<a href="{conversation}">Stel hem aan je trainer</a>' in html

    hand_in(enrollment, quiz, "30")
    results.course_result_recompute(enrollment=enrollment)
    html = client.get(url).content.decode()
    assert "Nog niet gehaald" in html
    assert "je score is 30%, je hebt 55% nodig" in html


def test_learner_cannot_open_another_editions_result(client, setup):
    _, enrollment, _ = setup
    stranger = f.EnrollmentFactory()
    client.force_login(stranger.learner)
    url = reverse("assessments:course_result", args=[enrollment.edition_id])
    assert client.get(url).status_code == 404


def test_trainer_edition_page_and_course_outline_link_to_the_new_pages(client, setup):
    _, enrollment, trainer = setup
    client.force_login(trainer)
    html = client.get(reverse("courses:trainer_edition", args=[enrollment.edition_id])).content
    assert reverse("assessments_trainer:gradebook", args=[enrollment.edition_id]).encode() in html
    client.force_login(enrollment.learner)
    html = client.get(reverse("courses:outline", args=[enrollment.edition_id])).content
    assert reverse("assessments:course_result", args=[enrollment.edition_id]).encode() in html


@pytest.mark.parametrize("seconds", [-1, 1])
def test_a_second_either_side_of_the_due_date_decides_late(setup, seconds):
    """Submission moments are read as seconds since 1970 (gradable.EpochSeconds) on both
    databases: one second after the due date is late, one second before is not."""
    quiz, enrollment, _ = setup
    due = course_selectors.edition_dates(enrollment.edition)[quiz.pk].due_at
    hand_in(enrollment, quiz, "80", submitted_at=due + dt.timedelta(seconds=seconds))
    cell = gradebook.gradebook_for_edition(enrollment.edition).rows[0].cells[0]
    assert cell.late is (seconds > 0)
    expected = due + dt.timedelta(seconds=seconds)
    assert abs(cell.outcome.submitted_at - expected) < dt.timedelta(milliseconds=1)


def test_the_collector_pause_ends_as_it_began_even_after_an_error():
    import gc

    assert gc.isenabled()
    with pytest.raises(RuntimeError), gradebook.collector_paused():
        assert not gc.isenabled()
        raise RuntimeError
    assert gc.isenabled()
    gc.disable()
    try:
        with gradebook.collector_paused():
            pass
        assert not gc.isenabled()  # it was off before: it stays off
    finally:
        gc.enable()
