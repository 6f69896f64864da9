"""Production-like settings for benchmarks: the project's settings plus a bare comparison view."""

from lms.settings import *  # noqa: F403

ROOT_URLCONF = "bench.urls"
