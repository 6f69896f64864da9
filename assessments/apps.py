from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AssessmentsConfig(AppConfig):
    name = "assessments"
    label = "assessments"
    verbose_name = _("Toetsen en opdrachten")

    def ready(self) -> None:
        # Imported here, not at the top: models and views can be imported only once the app
        # registry is ready.
        from courses.hooks import register_lesson_body, register_page_link, register_page_section

        from .questions.builtin import register_builtin_types

        # The shipped question types register as a third party's do in its own ready().
        register_builtin_types()

        from . import checks, receivers  # noqa: F401  (registers checks and receivers)
        from .assignments.selectors import assignment_outcomes
        from .assignments.views.learner import assignment_body_context
        from .models import Assignment, Quiz
        from .quizzes.selectors import quiz_outcomes
        from .quizzes.views.learner import quiz_body_context
        from .quizzes.views.trainer import attempt_grants_section
        from .results.gradable import register_outcomes

        register_lesson_body(Quiz, quiz_body_context)
        register_lesson_body(Assignment, assignment_body_context)
        register_outcomes(Quiz, quiz_outcomes)
        register_outcomes(Assignment, assignment_outcomes)
        register_page_section(
            "trainer_learner",
            template_name="assessments/trainer/partials/attempt_grants.html",
            context=attempt_grants_section,
            order=20,
        )

        register_page_link(
            "trainer_edition",
            label=_("Opdrachten nakijken"),
            url_name="assessments_trainer:grading_for_edition",
            order=10,
        )
        register_page_link(
            "trainer_edition",
            label=_("Open vragen beoordelen"),
            url_name="assessments_trainer:review_list",
            order=20,
        )
        register_page_link(
            "trainer_edition",
            label=_("Cijferlijst"),
            url_name="assessments_trainer:gradebook",
            order=30,
        )
        register_page_link(
            "trainer_edition",
            label=_("Analyse van de toetsvragen"),
            url_name="assessments_trainer:item_analysis_index",
            order=35,
        )
        register_page_link(
            "trainer_edition",
            label=_("Vragenbank"),
            url_name="assessments_trainer:question_bank_for_edition",
            order=40,
        )
        register_page_link(
            "learner_course",
            label=_("Je resultaat: wat je nodig hebt om te slagen"),
            url_name="assessments:course_result",
            order=30,
        )
