from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LmsConfig(AppConfig):
    name = "lms"
    label = "lms"
    verbose_name = _("Leeromgeving")

    def ready(self) -> None:
        from . import checks, receivers  # noqa: F401  (registers checks and receivers)
        from .notifications import receivers as _notifications  # noqa: F401
