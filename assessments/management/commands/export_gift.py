from django.core.management.base import BaseCommand, CommandError

from assessments.models import QuestionCategory
from assessments.questions.services import question_category_export_gift


class Command(BaseCommand):
    help = "Write a question category of a course as GIFT text to standard output."

    def add_arguments(self, parser):
        parser.add_argument("--course", required=True, help="the course's slug")
        parser.add_argument("--category", required=True, help="the category's name")

    def handle(self, *args, course: str, category: str, **options):
        found = QuestionCategory.objects.filter(course__slug=course, name=category).first()
        if found is None:
            raise CommandError(f"Categorie '{category}' van cursus '{course}' bestaat niet.")
        self.stdout.write(question_category_export_gift(category=found), ending="")
