"""The one Celery app; configured from `CELERY_*` settings, tasks found per app."""

import os

from celery import Celery
from celery.signals import task_postrun, task_prerun
from django.db import close_old_connections

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lms.settings")

app = Celery("lms")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


def _ensure_filesystem_broker_folders() -> None:
    options = app.conf.broker_transport_options or {}
    for key in ("data_folder_in", "data_folder_out", "processed_folder", "control_folder"):
        if options.get(key):
            os.makedirs(options[key], exist_ok=True)


@app.on_after_configure.connect
def _prepare_broker(sender, **kwargs) -> None:
    _ensure_filesystem_broker_folders()


@task_prerun.connect
@task_postrun.connect
def _database_connections_checked(sender=None, **kwargs) -> None:
    """What Django does around a request, around each task in a worker: close a connection
    that failed or is older than CONN_MAX_AGE (Celery keeps them, see CELERY_DB_REUSE_MAX).
    Not for a task run eagerly: that one runs inside its caller's transaction."""
    if sender is not None and getattr(sender.request, "is_eager", False):
        return
    close_old_connections()
