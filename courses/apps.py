from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoursesConfig(AppConfig):
    name = "courses"
    label = "courses"
    verbose_name = _("Cursussen")

    def ready(self) -> None:
        from . import checks, receivers  # noqa: F401  (registers checks and receivers)
