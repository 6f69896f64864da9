"""Project-level Celery tasks."""

import os
import tempfile
from pathlib import Path

from celery import shared_task
from django.conf import settings
from django.utils import timezone

from core.tasks import PeriodicTask, ServiceTask

from .notifications import tasks as _notification_tasks  # noqa: F401  (registers them)
from .organisations import tasks as _organisation_tasks  # noqa: F401  (registers them)
from .privacy import tasks as _privacy_tasks  # noqa: F401  (registers them)
from .reports import tasks as _report_tasks  # noqa: F401  (registers them)


def heartbeat_path() -> Path:
    return Path(settings.VAR_DIR) / "heartbeat"


@shared_task(base=PeriodicTask, name="lms.tasks.heartbeat", ignore_result=True)
def heartbeat() -> str:
    """Write the current time to `var/heartbeat`: a monitor that sees the file's age grow
    knows that no worker is taking tasks from the broker (beat enqueues this every minute)."""
    path = heartbeat_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    stamp = timezone.now().isoformat()
    # Write then rename, so a reader never sees a half-written file.
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".heartbeat-")
    with os.fdopen(fd, "w") as fh:
        fh.write(stamp + "\n")
    os.chmod(tmp, 0o644)
    os.replace(tmp, path)
    return stamp


@shared_task(base=ServiceTask, name="lms.noop")
def noop() -> None:
    """Does nothing: `bench/grading.py` measures what a task costs the worker setup by itself."""
