"""Rendered page fragments, cached until their data changes or a date in them passes.

A fragment's key holds the version numbers of everything it shows (course structure,
edition schedule, the learner's progress) and the language; the cached value also holds
the moment it stops being true (the next opening, deadline or end of a classroom day),
after which it is rendered again. Fragments never contain forms (no CSRF tokens).
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from django.core.cache import cache
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

TIMEOUT = 3600


@dataclass(frozen=True)
class Fragment:
    html: str
    valid_until: datetime | None


def enrollment_key(name: str, enrollment) -> str:
    edition = enrollment.edition
    return ":".join(
        str(part)
        for part in (
            "frag",
            name,
            get_language(),
            enrollment.pk,
            enrollment.progress_version,
            edition.pk,
            edition.schedule_version,
            edition.course_id,
            edition.course.structure_version,
        )
    )


def cached_fragment(
    key: str, *, now: datetime, build: Callable[[], tuple[str, datetime | None]]
) -> SafeString:
    hit = cache.get(key)
    if isinstance(hit, Fragment) and (hit.valid_until is None or now < hit.valid_until):
        return mark_safe(hit.html)  # noqa: S308 - our own rendered template output
    html, valid_until = build()
    cache.set(key, Fragment(str(html), valid_until), TIMEOUT)
    return mark_safe(html)  # noqa: S308
