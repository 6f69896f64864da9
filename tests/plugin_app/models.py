"""A lesson type and a question type defined outside the project's apps: proof that both
are plugins."""

from django.db import models

from assessments.models import Question
from courses.models import Lesson

from .questions import GapsSpec


class ChecklistLesson(Lesson):
    template_name = "plugin_app/checklist.html"
    icon = "check"

    items = models.TextField(help_text="One item a line.")

    class Meta:
        app_label = "plugin_app"
        verbose_name = "checklist"

    def get_body_context(self, *, request, enrollment) -> dict:
        return {"checklist": [line.strip() for line in self.items.splitlines() if line.strip()]}


class PingRecord(models.Model):
    """One row per `record_ping(n)`: proof that a real worker ran the task, and only once."""

    n = models.PositiveIntegerField(unique=True)

    class Meta:
        app_label = "plugin_app"

    def __str__(self) -> str:
        return f"ping {self.n}"


class GapsQuestion(Question):
    """A "fill in the gaps" question in the bank (its type: `questions.GapsType`)."""

    spec_class = GapsSpec

    class Meta:
        app_label = "plugin_app"
        verbose_name = "invulvraag met gaten"
