"""`make demo PORT=8123` runs with LMS_BASE_URL on that port (links in e-mails, the calendar,
QR codes and credentials work), unless LMS_BASE_URL is given."""

import os
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SHOW = "show-base-url: ; @echo $$LMS_BASE_URL"


def base_url_of_make(*args: str, **env: str) -> str:
    environment = {k: v for k, v in os.environ.items() if k != "LMS_BASE_URL"} | env
    result = subprocess.run(
        ["make", "-s", "--eval", SHOW, "show-base-url", *args],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    return result.stdout.strip()


def test_the_demo_links_follow_its_port():
    assert base_url_of_make("PORT=8123") == "http://127.0.0.1:8123"
    assert base_url_of_make() == "http://127.0.0.1:8000"


def test_a_given_base_url_wins():
    given = base_url_of_make("PORT=8123", LMS_BASE_URL="https://leren.example.nl")
    assert given == "https://leren.example.nl"
