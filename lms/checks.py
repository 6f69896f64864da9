"""System checks for the project's own settings (ids lms.E001…)."""

from django.conf import settings
from django.core.checks import Error, Warning, register


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
