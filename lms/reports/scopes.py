"""What a report can be about: a registry of scopes, filled in `AppConfig.ready()`.

A scope names a group of enrolments by a key (an organisation's id; a funder's name) and
says who may see its reports and where its page is. Reports, their task and their pages ask
the registry, so a new kind of group is one `scope_register` call."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.core.exceptions import ImproperlyConfigured
from django.db.models import QuerySet

from courses.models import Enrollment


@dataclass(frozen=True)
class Scope:
    name: str  # "organisation"
    title: Callable[[str], str]  # key → "Gemeente Zwolle"
    enrollments: Callable[[str], QuerySet[Enrollment]]  # key → the enrolments it covers
    can_view: Callable[[object, str], bool]  # (user, key) → may they see its reports?
    page_url: Callable[[str], str]  # key → the page its reports are asked for on


_scopes: dict[str, Scope] = {}


def scope_register(scope: Scope) -> None:
    if _scopes.get(scope.name, scope) is not scope:
        raise ImproperlyConfigured(f"A report scope {scope.name!r} is registered already.")
    _scopes[scope.name] = scope


def scope_for(name: str) -> Scope:
    try:
        return _scopes[name]
    except KeyError:
        raise LookupError(f"No report scope {name!r}.") from None
