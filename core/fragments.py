"""Rendered page fragments, cached until their data changes or a date in them passes.

A fragment's key holds the version numbers of everything it shows (for example
`courses.selectors.enrollment_key`: course structure, edition schedule, the learner's
progress) and the language; the cached value also holds
the moment it stops being true (the next opening, deadline or end of a classroom day),
after which it is rendered again. Fragments never contain forms (no CSRF tokens).
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from django.core.cache import cache
from django.utils.safestring import SafeString, mark_safe

TIMEOUT = 3600


@dataclass(frozen=True)
class Fragment:
    html: str
    valid_until: datetime | None


Build = Callable[[], tuple[str, datetime | None]]


def _fresh(hit, now: datetime) -> bool:
    return isinstance(hit, Fragment) and (hit.valid_until is None or now < hit.valid_until)


def cached_fragment(key: str, *, now: datetime, build: Build) -> SafeString:
    hit = cache.get(key)
    if _fresh(hit, now):
        return mark_safe(hit.html)  # noqa: S308 - our own rendered template output
    html, valid_until = build()
    cache.set(key, Fragment(str(html), valid_until), TIMEOUT)
    return mark_safe(html)  # noqa: S308


def cached_fragments(builds: dict[str, Build], *, now: datetime) -> dict[str, SafeString]:
    """Several fragments from one cache round trip; the missing or outdated ones are built
    (by their `build`) and stored together."""
    hits = cache.get_many(list(builds))
    found: dict[str, SafeString] = {}
    built: dict[str, Fragment] = {}
    for key, build in builds.items():
        hit = hits.get(key)
        if _fresh(hit, now):
            found[key] = mark_safe(hit.html)  # noqa: S308 - our own rendered template output
        else:
            html, valid_until = build()
            built[key] = Fragment(str(html), valid_until)
            found[key] = mark_safe(html)  # noqa: S308
    if built:
        cache.set_many(built, TIMEOUT)
    return found
