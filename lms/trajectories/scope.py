"""Reports about a funder's trajectories (`lms.reports`, scope "funder"): the same XLSX and
PDF as an organisation's, over the enrolments in a trajectory that funder pays for. Only
administrators ask for and see them."""

from __future__ import annotations

from django.db.models import QuerySet
from django.urls import reverse

from courses.access import is_administrator
from courses.models import Enrollment
from courses.trajectories import selectors
from lms.reports.scopes import Scope

NAME = "funder"


def _title(key: str) -> str:
    funder = selectors.funder_from_key(key)
    return funder.label if funder else key


def _enrollments(key: str) -> QuerySet[Enrollment]:
    funder = selectors.funder_from_key(key)
    return selectors.funder_enrollments(funder) if funder else Enrollment.objects.none()


def _can_view(user, key: str) -> bool:
    return is_administrator(user)


def _page_url(key: str) -> str:
    return reverse("lms:trajectories:report")


SCOPE = Scope(
    name=NAME, title=_title, enrollments=_enrollments, can_view=_can_view, page_url=_page_url
)
