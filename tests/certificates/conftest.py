import os

import pytest

# A fixed test key, also for the Celery worker subprocesses (they read the environment).
TEST_SIGNING_KEY = "9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60"
os.environ.setdefault("LMS_CERTIFICATE_SIGNING_KEY", TEST_SIGNING_KEY)


@pytest.fixture(autouse=True)
def _certificate_settings(settings):
    settings.LMS_CERTIFICATE_SIGNING_KEY = TEST_SIGNING_KEY
    settings.LMS_CERTIFICATE_FONT = ""
