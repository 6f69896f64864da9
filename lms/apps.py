from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LmsConfig(AppConfig):
    name = "lms"
    label = "lms"
    verbose_name = _("Leeromgeving")

    def ready(self) -> None:
        from core.outbox import hooks as outbox

        from . import checks, receivers  # noqa: F401  (registers checks and receivers)
        from .notifications import messages, selectors
        from .notifications import receivers as _notifications  # noqa: F401

        # The outbox writes lms's e-mails with lms's texts, in each user's language, and
        # leaves out the kinds they switched off.
        outbox.renderer_register(messages.EMAILED_KINDS, messages.email_content)
        outbox.recipient_policy_set(selectors.outbox_recipients)
