"""System checks for the project's own settings (ids lms.E001…)."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import check_password
from django.core.checks import Error, Warning, register
from django.db import DatabaseError
from django.db.models import Q

from .demo import DEMO_PASSWORD, LOGINS, generated_username


@register()
def check_base_url(app_configs, **kwargs):
    errors = []
    base = getattr(settings, "LMS_BASE_URL", "")
    if not base.startswith(("http://", "https://")):
        errors.append(
            Error(
                "LMS_BASE_URL must be an absolute http(s) URL.",
                hint="Set LMS_BASE_URL.",
                id="lms.E001",
            )
        )
    elif not settings.DEBUG and not base.startswith("https://"):
        errors.append(
            Warning(
                "LMS_BASE_URL is not https in production.",
                hint="Verification links and e-mails should use https.",
                id="lms.W001",
            )
        )
    return errors


@register(deploy=True)
def check_shared_cache(app_configs, **kwargs):
    if settings.DEBUG or getattr(settings, "CACHE_IS_SHARED", False):
        return []
    return [
        Warning(
            "The cache is each process's own memory (LMS_CACHE_URL is not set to Redis).",
            hint=(
                "With more than one web worker, set LMS_CACHE_URL=redis://host:6379/1: the "
                "certificate check's rate limit, menus and notice counts are otherwise kept per "
                "process, and sessions are read from the database on every request."
            ),
            id="lms.W002",
        )
    ]


@register(deploy=True)
def check_demo_passwords(app_configs, **kwargs):
    """Error while an active account still opens with the public demo password.

    `seed_demo` gives its accounts the password "demo", which is printed in the README, so a
    production site must not keep one. Each candidate costs a full password hash (PBKDF2 by
    default, a good fraction of a second), so not every account is tried: only the demo
    logins, the first generated learner (`seed_demo --learners`) and every staff member or
    superuser, the accounts whose password would open /admin/. Without a reachable, migrated
    database (a check run while building an image) there is nothing to read and nothing to say.
    """
    User = get_user_model()
    usernames = [name for name, _role in LOGINS] + [generated_username(1)]
    candidates = User.objects.filter(is_active=True).filter(
        Q(**{f"{User.USERNAME_FIELD}__in": usernames}) | Q(is_staff=True) | Q(is_superuser=True)
    )
    try:
        users = list(candidates.only(User.USERNAME_FIELD, "password"))
    except DatabaseError:
        return []
    found = sorted(
        user.get_username()
        for user in users
        if user.has_usable_password() and check_password(DEMO_PASSWORD, user.password)
    )
    if not found:
        return []
    return [
        Error(
            f"These active accounts still have the demo password: {', '.join(found)}.",
            hint=(
                "Give each a password of its own (manage.py changepassword NAME) or deactivate "
                "it: the demo password is public."
            ),
            id="lms.E002",
        )
    ]


@register(deploy=True)
def check_two_factor_for_administrators(app_configs, **kwargs):
    if settings.DEBUG or getattr(settings, "LMS_2FA_ADMINS", False):
        return []
    return [
        Warning(
            "Administrators may log in without a second factor (LMS_2FA_ADMINS=0).",
            hint="Leave LMS_2FA_ADMINS on in production: an administrator's password alone "
            "opens every learner's data and the certificates.",
            id="lms.W003",
        )
    ]
