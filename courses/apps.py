from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoursesConfig(AppConfig):
    name = "courses"
    label = "courses"
    verbose_name = _("Cursussen")

    def ready(self) -> None:
        from core.outbox import hooks as outbox

        from . import checks, invitations, receivers  # noqa: F401  (registers checks and receivers)

        outbox.renderer_register([invitations.EMAIL_KIND], invitations.email_content)
