"""The courses app's settings, with their defaults in one place.

LMS_LEARNER_HOME_URL   where "Mijn leeromgeving" takes a learner (breadcrumbs, e-mails): a
                       URL name or a path, as Django's LOGIN_REDIRECT_URL; the apps here
                       name no page of the project, so the project sets its dashboard
LMS_LEARNER_CONVERSATION_URL
                       the URL name of the learner's conversation with their trainers (takes
                       the enrolment's id); empty: the apps offer no link to one
LMS_SIGNUP_OFFER_DAYS  the days someone on a waiting list has to take a place that is offered
                       to them, before it passes to the next (default 5)
LMS_SIGNUP_RATE        sign-up forms one client may send per hour (default 10): against spam
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth import load_backend
from django.shortcuts import resolve_url
from django.urls import reverse

DEFAULTS = {
    "LMS_LEARNER_HOME_URL": "/",
    "LMS_LEARNER_CONVERSATION_URL": "",
    "LMS_SIGNUP_OFFER_DAYS": 5,
    "LMS_SIGNUP_RATE": 10,
}


def get(name: str):
    value = getattr(settings, name, None)
    if value in (None, "") and name in DEFAULTS:
        return DEFAULTS[name]
    return value


def learner_conversation_url(enrollment_id: int) -> str | None:
    """Where a learner writes to their trainers about an enrolment: a URL name taking the
    enrolment's id (LMS_LEARNER_CONVERSATION_URL, set by the project), or None without one."""
    name = get("LMS_LEARNER_CONVERSATION_URL")
    return reverse(name, args=[enrollment_id]) if name else None


def learner_home_url() -> str:
    """The path (or URL) of the learner's home page."""
    return resolve_url(get("LMS_LEARNER_HOME_URL"))


def login_backend() -> str:
    """The backend to log a person in with after they chose a password: the first configured
    one that can load a logged-in user (a throttle in front, such as django-axes, only
    refuses logins and loads nobody)."""
    return next(
        path
        for path in settings.AUTHENTICATION_BACKENDS
        if callable(getattr(load_backend(path), "get_user", None))
    )
