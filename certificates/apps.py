from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CertificatesConfig(AppConfig):
    name = "certificates"
    label = "certificates"
    verbose_name = _("Certificaten")

    def ready(self) -> None:
        from . import checks, receivers  # noqa: F401  (registers checks and receivers)
