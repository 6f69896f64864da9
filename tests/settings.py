"""Test settings: the project's settings with fast hashing, in-memory mail and a test plugin app.

`LMS_TEST_DB=postgres` runs the suite on PostgreSQL (`LMS_TEST_POSTGRES_URL`).
"""

import os

import dj_database_url

from lms.settings import *  # noqa: F403
from lms.settings import INSTALLED_APPS, PREPARED_STATEMENT_OPTIONS, VAR_DIR

INSTALLED_APPS = [*INSTALLED_APPS, "tests.plugin_app"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
MEDIA_ROOT = VAR_DIR / "test-media"
CELERY_TASK_ALWAYS_EAGER = True
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

POSTGRES_URL = os.environ.get("LMS_TEST_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432/lms")
REDIS_URL = os.environ.get("LMS_TEST_REDIS_URL", "redis://127.0.0.1:6379/15")

if os.environ.get("LMS_TEST_DB") == "postgres":
    # A worker started by a test may keep its connection between tasks (as in production).
    DATABASES = {
        "default": dj_database_url.parse(
            POSTGRES_URL, conn_max_age=int(os.environ.get("LMS_TEST_CONN_MAX_AGE", "0"))
        )
    }
    # As in production: parameters bound on the server, hot statements prepared.
    DATABASES["default"]["OPTIONS"] = dict(PREPARED_STATEMENT_OPTIONS)
else:
    DATABASES = {"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": ":memory:"}}
