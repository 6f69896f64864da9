"""Importing GIFT into the question bank: all or nothing, by command and by upload page."""

import io
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone

from assessments.models import Question, QuestionCategory
from assessments.questions.services import (
    GiftImportError,
    question_category_export_gift,
    question_import_gift,
)
from tests import factories as f

pytestmark = pytest.mark.django_db
CONFORMANCE = Path(__file__).resolve().parents[3] / "shared" / "conformance" / "gift"

GOOD = """// Vragen over emoties
::Emotie 1:: Een klant praat hard en snel. Welke emotie zie je waarschijnlijk? {=boos ~blij ~bedroefd}

::Emotie 2:: Bij bang past: {~%50%geruststellen #Goed ~%50%uitleggen wat er gebeurt ~%-100%de klant negeren}

::Balie:: Samenvatten helpt de klant. {T}
"""
BAD = GOOD + "\n::Kapot:: Deze vraag sluit niet af {=ja ~nee\n"


def conformance_files():
    if not CONFORMANCE.is_dir():
        pytest.skip(f"conformance data not found at {CONFORMANCE}")
    return sorted(CONFORMANCE.glob("*.gift.txt"))


def test_a_good_file_creates_every_question_with_its_type():
    course = f.CourseFactory()
    report = question_import_gift(course=course, category="Emoties", text=GOOD)
    assert report.created == 3
    kinds = {q.name: type(q).__name__ for q in Question.objects.filter(category__course=course)}
    assert kinds == {
        "Emotie 1": "SingleChoiceQuestion",
        "Emotie 2": "MultipleResponseQuestion",
        "Balie": "TrueFalseQuestion",
    }
    emotion = Question.objects.get(name="Emotie 1")
    assert emotion.grade(0).fraction == 1
    assert emotion.grade(1).fraction == 0


def test_a_file_with_one_bad_question_imports_nothing_and_names_the_line():
    course = f.CourseFactory()
    with pytest.raises(GiftImportError) as caught:
        question_import_gift(course=course, category="Emoties", text=BAD)
    assert any("8" in error for error in caught.value.errors)
    assert not Question.objects.exists()
    assert not QuestionCategory.objects.exists()


def test_both_conformance_files_import_completely():
    course = f.CourseFactory()
    for path in conformance_files():
        report = question_import_gift(course=course, category=path.stem, text=path.read_text())
        assert report.created > 0
    assert Question.objects.count() > 20
    for question in Question.objects.all():
        question.spec()  # every stored key reads back as its type


def test_export_then_import_gives_the_same_questions():
    course = f.CourseFactory()
    question_import_gift(course=course, category="Origineel", text=GOOD)
    exported = question_category_export_gift(
        category=QuestionCategory.objects.get(name="Origineel")
    )
    question_import_gift(course=course, category="Kopie", text=exported)

    def bank(name):
        return [
            (type(q).__name__, q.name, q.text, q.key, q.general_feedback)
            for q in Question.objects.filter(category__name=name).order_by("pk")
        ]

    assert bank("Kopie") == bank("Origineel")


def test_the_command_imports_and_exports(tmp_path):
    course = f.CourseFactory(slug="dienstverlening")
    source = tmp_path / "vragen.gift.txt"
    source.write_text(GOOD, encoding="utf-8")
    out = io.StringIO()
    call_command(
        "import_gift",
        str(source),
        "--course",
        "dienstverlening",
        "--category",
        "Emoties",
        stdout=out,
    )
    assert "3 vragen" in out.getvalue()
    exported = io.StringIO()
    call_command(
        "export_gift", "--course", "dienstverlening", "--category", "Emoties", stdout=exported
    )
    assert "::Emotie 1::" in exported.getvalue()
    assert course.question_categories.count() == 1


def test_the_command_fails_clearly_and_imports_nothing(tmp_path):
    f.CourseFactory(slug="dienstverlening")
    source = tmp_path / "kapot.gift.txt"
    source.write_text(BAD, encoding="utf-8")
    with pytest.raises(CommandError, match="Niets geïmporteerd"):
        call_command("import_gift", str(source), "--course", "dienstverlening", "--category", "X")
    with pytest.raises(CommandError, match="bestaat niet"):
        call_command("import_gift", str(source), "--course", "onbekend", "--category", "X")
    assert not Question.objects.exists()


@pytest.fixture
def trainer_and_course():
    """A trainer who is also the course's author: only authors (and administrators) import."""
    course = f.build_course(lessons_per_module=1)
    trainer = f.UserFactory()
    f.build_edition(course, first_day=timezone.localdate(), trainers=[trainer])
    course.authors.add(trainer)
    return trainer, course


def upload(client, course, text: bytes, category="Emoties"):
    return client.post(
        reverse("assessments:gift_import"),
        {"course": course.pk, "category": category, "file": SimpleUploadedFile("v.gift.txt", text)},
        follow=True,
    )


def test_a_course_author_uploads_a_file_for_their_course(client, trainer_and_course):
    trainer, course = trainer_and_course
    client.force_login(trainer)
    response = upload(client, course, GOOD.encode())
    assert "3 vragen geïmporteerd" in response.content.decode()
    assert Question.objects.filter(category__course=course).count() == 3


def test_an_upload_with_an_error_shows_the_lines_and_keeps_nothing(client, trainer_and_course):
    trainer, course = trainer_and_course
    client.force_login(trainer)
    response = upload(client, course, BAD.encode())
    assert "Niets geïmporteerd" in response.content.decode()
    assert not Question.objects.exists()


def test_a_binary_upload_is_refused(client, trainer_and_course):
    trainer, course = trainer_and_course
    client.force_login(trainer)
    response = upload(client, course, b"MZ\x00\x00\x90binary")
    assert "geen tekstbestand" in response.content.decode()


def test_an_author_cannot_import_into_a_course_they_do_not_author(client, trainer_and_course):
    trainer, _course = trainer_and_course
    other = f.build_course(lessons_per_module=1)
    f.build_edition(other, first_day=timezone.localdate(), trainers=[trainer])  # teaches it
    client.force_login(trainer)
    response = upload(client, other, GOOD.encode())
    assert not Question.objects.exists()
    assert "course" in response.context["form"].errors


def test_learners_and_anonymous_visitors_cannot_open_the_import_page(client):
    url = reverse("assessments:gift_import")
    assert client.get(url).status_code == 302
    client.force_login(f.EnrollmentFactory().learner)
    assert client.get(url).status_code == 404
