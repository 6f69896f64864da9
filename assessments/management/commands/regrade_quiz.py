from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.core.management.base import BaseCommand, CommandError

from assessments.models import Question
from assessments.quizzes.regrade import RegradeError, attempts_regrade


class Command(BaseCommand):
    help = (
        "Regrade every attempt taken with a question against the question's current key, "
        "recording who did it and why."
    )

    def add_arguments(self, parser):
        parser.add_argument("--question", type=int, required=True, help="the question's id")
        parser.add_argument("--reason", required=True, help="why the attempts are regraded")
        parser.add_argument("--user", help="username of the person responsible (recorded)")

    def handle(self, *args, question: int, reason: str, user: str | None, **options):
        question_obj = Question.objects.filter(pk=question).first()
        if question_obj is None:
            raise CommandError(f"Vraag {question} bestaat niet.")
        actor = None
        if user:
            actor = get_user_model().objects.filter(username=user).first()
            if actor is None:
                raise CommandError(f"Gebruiker '{user}' bestaat niet.")
        try:
            report = attempts_regrade(question=question_obj, actor=actor, reason=reason)
        except RegradeError as exc:
            raise CommandError("Niets opnieuw nagekeken: " + " ".join(exc.messages)) from exc
        except PermissionDenied as exc:
            raise CommandError(
                f"Niets opnieuw nagekeken: '{user}' is geen beheerder of auteur van deze cursus."
            ) from exc
        self.stdout.write(
            f"Vraag {question_obj.pk} ({question_obj.name}): {report.regraded} pogingen opnieuw "
            f"nagekeken, waarvan {report.scores_changed} met een ander resultaat; "
            f"{report.pending_updated} nog niet nagekeken pogingen kregen de nieuwe sleutel; "
            f"{report.unchanged} hadden de sleutel al."
        )
