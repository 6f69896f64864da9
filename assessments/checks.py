"""System checks of the assessments settings (ids assessments.E001…)."""

from django.core.checks import Error, register

from . import conf


@register()
def check_grading_batch(app_configs, **kwargs):
    value = conf.get("LMS_GRADING_BATCH")
    if isinstance(value, int) and not isinstance(value, bool) and value >= 1:
        return []
    return [
        Error(
            f"LMS_GRADING_BATCH must be a whole number of at least 1, not {value!r}.",
            id="assessments.E001",
        )
    ]
