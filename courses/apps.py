from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoursesConfig(AppConfig):
    name = "courses"
    label = "courses"
    verbose_name = _("Cursussen")

    def ready(self) -> None:
        from core.outbox import hooks as outbox

        from . import checks, invitations, receivers  # noqa: F401  (registers checks and receivers)
        from .signups import emails as signup_emails
        from .signups import receivers as _signup_receivers  # noqa: F401

        outbox.renderer_register([invitations.EMAIL_KIND], invitations.email_content)
        outbox.renderer_register([signup_emails.EMAIL_KIND], signup_emails.email_content)
