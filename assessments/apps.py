from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AssessmentsConfig(AppConfig):
    name = "assessments"
    label = "assessments"
    verbose_name = _("Toetsen en opdrachten")

    def ready(self) -> None:
        from . import receivers  # noqa: F401
