from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LmsConfig(AppConfig):
    name = "lms"
    label = "lms"
    verbose_name = _("Leeromgeving")

    def ready(self) -> None:
        from core.outbox import hooks as outbox
        from courses.hooks import register_page_link, register_page_section

        from . import checks, receivers  # noqa: F401  (registers checks and receivers)
        from .conversations.views import coaching_trainer_section
        from .notifications import messages, selectors
        from .notifications import receivers as _notifications  # noqa: F401
        from .organisations.scope import SCOPE as organisation_scope
        from .reports.scopes import scope_register
        from .trajectories import receivers as _trajectories  # noqa: F401
        from .trajectories.scope import SCOPE as funder_scope
        from .trajectories.views import trainer_learner_section

        # The outbox writes lms's e-mails with lms's texts, in each user's language, and
        # leaves out the kinds they switched off.
        outbox.renderer_register(messages.EMAILED_KINDS, messages.email_content)
        outbox.recipient_policy_set(selectors.outbox_recipients)
        # ... and never mails a notice that is no longer true (a reminder of a moment that
        # passed or moved, work handed in since, a notice too old to mail).
        outbox.truth_check_set(selectors.outbox_untrue)
        # Reports can be about an organisation's employees or a funder's trajectories.
        scope_register(organisation_scope)
        scope_register(funder_scope)

        # The trainer's pages in courses link to the evaluation and show a learner's coaching.
        register_page_link(
            "trainer_edition",
            label=_("Cursusevaluatie"),
            url_name="lms:evaluation_results",
            order=60,
        )
        register_page_section(
            "trainer_learner",
            template_name="lms/coaching/partials/trainer_learner.html",
            context=coaching_trainer_section,
            order=30,
        )
        register_page_section(
            "trainer_learner",
            template_name="lms/trajectories/trainer_learner_section.html",
            context=trainer_learner_section,
            order=40,
        )
