"""Settings for the worker and beat processes of the notification delivery tests: the test
settings, plus SMTP from `LMS_TEST_EMAIL_URL`, the test clock and short retry delays."""

import os

from lms.email_url import parse_email_url
from tests.settings import *  # noqa: F403

if os.environ.get("LMS_TEST_EMAIL_URL"):
    globals().update(parse_email_url(os.environ["LMS_TEST_EMAIL_URL"]))
LMS_TEST_CLOCK_FILE = os.environ.get("LMS_TEST_CLOCK_FILE", "")
LMS_OUTBOX_RETRY_SECONDS = 1
