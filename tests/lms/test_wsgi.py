"""The WSGI entry point gunicorn loads."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_the_wsgi_module_loads_the_urls_and_keeps_them_out_of_garbage_collection(tmp_path):
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "lms.settings", "LMS_VAR_DIR": str(tmp_path)}
    code = (
        "import gc; before = gc.get_freeze_count(); import lms.wsgi;"
        "from django.urls import reverse; reverse('lms:learner_dashboard');"
        "print(before, gc.get_freeze_count(), callable(lms.wsgi.application))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, check=True
    )
    before, frozen, callable_app = out.stdout.split()
    assert int(before) == 0 and int(frozen) > 10_000 and callable_app == "True"
