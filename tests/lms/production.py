"""Pages as production settings serve them: a separate process with LMS_DEBUG=0, static files
collected into a temporary folder (the manifest storage needs them), and an empty database
(a page that reads it fails, which is how a 500 is made)."""

import json
import subprocess
import sys
from pathlib import Path

from tests.lms.test_dashboard_and_auth import _deploy_env

ROOT = Path(__file__).resolve().parents[2]

SCRIPT = """
import json, sys
import django
django.setup()
from django.test import Client
client = Client(HTTP_HOST="leren.example.nl", raise_request_exception=False)
found = []
for path in sys.argv[1:]:
    r = client.get(path, secure=True, HTTP_ACCEPT_LANGUAGE="nl")
    found.append({"path": path, "status": r.status_code, "headers": dict(r.headers),
                  "body": r.content.decode("utf-8", "replace")})
print(json.dumps(found))
"""


def production_env(var_dir: Path) -> dict:
    return _deploy_env(
        LMS_VAR_DIR=str(var_dir),
        LMS_DATABASE_URL=f"sqlite:///{var_dir / 'empty.sqlite3'}",
        LMS_CACHE_URL="locmem://",
    )


def collect_static(var_dir: Path) -> None:
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"],
        cwd=ROOT,
        env=production_env(var_dir),
        check=True,
        capture_output=True,
        timeout=120,
    )


def production_get(var_dir: Path, *paths: str) -> list[dict]:
    result = subprocess.run(
        [sys.executable, "-c", SCRIPT, *paths],
        cwd=ROOT,
        env=production_env(var_dir),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    return json.loads(result.stdout.strip().splitlines()[-1])
