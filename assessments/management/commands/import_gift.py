from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from assessments.questions.services import GiftImportError, decode_upload, question_import_gift
from courses.models import Course


class Command(BaseCommand):
    help = "Import a GIFT file into a question category of a course (all or nothing)."

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument("--course", required=True, help="the course's slug")
        parser.add_argument("--category", required=True, help="the category's name")

    def handle(self, *args, file: Path, course: str, category: str, **options):
        course_obj = Course.objects.filter(slug=course).first()
        if course_obj is None:
            raise CommandError(f"Cursus '{course}' bestaat niet.")
        try:
            report = question_import_gift(
                course=course_obj, category=category, text=decode_upload(file.read_bytes())
            )
        except FileNotFoundError as exc:
            raise CommandError(f"Bestand '{file}' bestaat niet.") from exc
        except GiftImportError as exc:
            raise CommandError("Niets geïmporteerd:\n" + "\n".join(exc.errors)) from exc
        self.stdout.write(
            f"{report.created} vragen geïmporteerd in {', '.join(report.categories)}."
        )
