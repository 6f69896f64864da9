"""The current time for the notification jobs, which tests can move without sleeping.

`now()` is `timezone.now()`, unless the settings name a clock file (`LMS_TEST_CLOCK_FILE`,
only ever set by test settings): then the ISO timestamp in that file is the time, so that a
test can move the clock of a real worker and beat process it started.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from django.conf import settings
from django.utils import timezone


def now() -> datetime:
    path = getattr(settings, "LMS_TEST_CLOCK_FILE", "")
    if path:
        try:
            text = Path(path).read_text().strip()
        except FileNotFoundError:
            text = ""
        if text:
            return datetime.fromisoformat(text)
    return timezone.now()


def set_test_clock(path: str | Path, moment: datetime) -> None:
    """Write `moment` to a clock file (tests only); replaced atomically."""
    path = Path(path)
    tmp = path.with_suffix(".tmp")
    tmp.write_text(moment.isoformat())
    tmp.replace(path)
