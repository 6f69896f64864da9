from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AssessmentsConfig(AppConfig):
    name = "assessments"
    label = "assessments"
    verbose_name = _("Toetsen en opdrachten")

    def ready(self) -> None:
        from courses.hooks import register_page_link

        from . import receivers  # noqa: F401

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
            "learner_course",
            label=_("Je resultaat: wat je nodig hebt om te slagen"),
            url_name="assessments:course_result",
            order=30,
        )
