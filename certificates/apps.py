from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CertificatesConfig(AppConfig):
    name = "certificates"
    label = "certificates"
    verbose_name = _("Certificaten")

    def ready(self) -> None:
        from core.outbox import hooks as outbox

        from . import checks, messages, receivers  # noqa: F401  (registers checks, receivers)

        outbox.renderer_register([messages.EMAIL_KIND], messages.certificate_email_content)
        outbox.renderer_register(
            [messages.REVOKED_EMAIL_KIND], messages.certificate_revoked_email_content
        )
