"""`manage.py seed_demo [--learners N]`: fill the database with a demo course and people."""

from django.core.management.base import BaseCommand, CommandError

from lms.demo import demo_seed


class Command(BaseCommand):
    help = (
        "Maak een democursus (Vaardigheidsmodule Dienstverlening) met edities, lesdagen, "
        "cursisten, een trainer en een beheerder. Opnieuw draaien verandert niets."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--learners",
            type=int,
            default=0,
            metavar="N",
            help="Voeg N gegenereerde cursisten toe (learner0001 ...), verdeeld over de edities.",
        )

    def handle(self, *args, learners: int, **options):
        if learners < 0:
            raise CommandError("--learners moet 0 of meer zijn.")
        report = demo_seed(learners=learners)
        self.stdout.write(report.as_text(), ending="")
