"""`manage.py serve`: the web server, a Celery worker and Celery beat, together (for the demo)."""

from django.core.management.base import BaseCommand, CommandError

from lms.serve import ServeError, serve


class Command(BaseCommand):
    help = (
        "Run the web server, a Celery worker and Celery beat as child processes; "
        "Ctrl-C stops them all."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--host", default="127.0.0.1", help="Address to bind (default 127.0.0.1)."
        )
        parser.add_argument("--port", type=int, default=8000, help="Port to bind (default 8000).")
        parser.add_argument(
            "--concurrency", type=int, default=2, help="Worker processes of the Celery worker."
        )
        parser.add_argument(
            "--stop-timeout",
            type=float,
            default=10.0,
            help="Seconds to wait for the processes to stop before killing them.",
        )

    def handle(self, *, host, port, concurrency, stop_timeout, **options):
        try:
            serve(
                host=host,
                port=port,
                concurrency=concurrency,
                stop_timeout=stop_timeout,
                out=self.stdout,
            )
        except ServeError as exc:
            raise CommandError(str(exc)) from exc
