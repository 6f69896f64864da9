"""System checks of the courses settings (ids courses.E001…)."""

from django.core.checks import Error, register
from django.urls import NoReverseMatch

from . import conf


@register()
def check_learner_home_url(app_configs, **kwargs):
    try:
        conf.learner_home_url()
    except NoReverseMatch:
        return [
            Error(
                f"LMS_LEARNER_HOME_URL {conf.get('LMS_LEARNER_HOME_URL')!r} is no URL name "
                "or path.",
                hint="Give a URL name ('namespace:name') or a path that starts with '/'.",
                id="courses.E001",
            )
        ]
    return []
