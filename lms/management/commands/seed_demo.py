"""`manage.py seed_demo [--learners N]`: fill the database with a demo course and people."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from lms.demo import DEMO_PASSWORD, demo_seed


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
        parser.add_argument(
            "--force-demo-data",
            action="store_true",
            help=(
                "Maak de demo-accounts ook met LMS_DEBUG=0 (productie-instellingen). Hun "
                f'wachtwoord is het openbare "{DEMO_PASSWORD}".'
            ),
        )

    def handle(self, *args, learners: int, force_demo_data: bool, **options):
        # The accounts it makes open with a password anyone can read in the README, the
        # administrator's included, so a production site gets them only when asked twice.
        # PRODUCTION is LMS_DEBUG=0 as read at start-up; a test runner turns DEBUG off by itself.
        if settings.PRODUCTION and not force_demo_data:
            raise CommandError(
                "seed_demo maakt accounts met het openbare wachtwoord "
                f'"{DEMO_PASSWORD}" (ook een beheerder voor /admin/) en draait daarom niet met '
                "productie-instellingen (LMS_DEBUG=0). Wil je dit toch, geef dan "
                "--force-demo-data mee en verander daarna de wachtwoorden. / seed_demo creates "
                f'accounts with the public password "{DEMO_PASSWORD}" and refuses to run under '
                "production settings (LMS_DEBUG=0) unless --force-demo-data is given."
            )
        if learners < 0:
            raise CommandError("--learners moet 0 of meer zijn.")
        report = demo_seed(learners=learners)
        self.stdout.write(report.as_text(), ending="")
