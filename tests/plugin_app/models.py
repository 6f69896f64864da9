"""A lesson type defined outside the project's apps: proof that lesson types are plugins."""

from django.db import models

from courses.models import Lesson


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
