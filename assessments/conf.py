"""The assessments app's settings, with their defaults in one place.

LMS_GRADING_BATCH   how many submitted attempts one grading task grades in one transaction:
                    its own and up to this many minus one others that wait (PostgreSQL; on
                    SQLite one); 1 grades only its own (a system check wants a whole
                    number of at least 1)
"""

from __future__ import annotations

from django.conf import settings

DEFAULTS = {
    "LMS_GRADING_BATCH": 50,
}


def get(name: str):
    value = getattr(settings, name, None)
    if value in (None, "") and name in DEFAULTS:
        return DEFAULTS[name]
    return value
