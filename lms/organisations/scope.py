"""Reports about an organisation's employees (`lms.reports`, scope "organisation")."""

from __future__ import annotations

from django.urls import reverse

from courses.models import Organisation
from courses.organisations import selectors
from lms.reports.scopes import Scope

NAME = "organisation"


def _title(key: str) -> str:
    organisation = Organisation.objects.filter(pk=int(key)).first()
    return organisation.name if organisation else key


def _enrollments(key: str):
    return selectors.organisation_enrollments(Organisation(pk=int(key)))


def _can_view(user, key: str) -> bool:
    return bool(
        user.is_authenticated
        and key.isdigit()
        and selectors.organisation_for_contact(user, int(key)) is not None
    )


def _page_url(key: str) -> str:
    return reverse("lms:organisations:employees", args=[int(key)])


SCOPE = Scope(
    name=NAME, title=_title, enrollments=_enrollments, can_view=_can_view, page_url=_page_url
)
