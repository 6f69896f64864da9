"""Forms for the trainer's pages: they parse input; the services decide and write."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, time

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .models import Attendance, ClassroomSession, Enrollment, Lesson
from .services import SessionChange

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
TIME_WIDGET = forms.TimeInput(attrs={"type": "time"}, format="%H:%M")


class SessionForm(forms.Form):
    """A classroom day's new date, times and location."""

    date = forms.DateField(
        label=_("Datum"),
        widget=DATE_WIDGET,
        error_messages={
            "required": _("Vul een datum in."),
            "invalid": _("Vul een geldige datum in, bijvoorbeeld 04-10-2025."),
        },
    )
    start_time = forms.TimeField(
        label=_("Begintijd"),
        widget=TIME_WIDGET,
        error_messages={
            "required": _("Vul een begintijd in."),
            "invalid": _("Vul een geldige tijd in, bijvoorbeeld 09:00."),
        },
    )
    end_time = forms.TimeField(
        label=_("Eindtijd"),
        widget=TIME_WIDGET,
        error_messages={
            "required": _("Vul een eindtijd in."),
            "invalid": _("Vul een geldige tijd in, bijvoorbeeld 17:00."),
        },
    )
    location = forms.CharField(
        label=_("Locatie"),
        max_length=ClassroomSession._meta.get_field("location").max_length,
        error_messages={"required": _("Vul een locatie in.")},
    )

    @classmethod
    def initial_for(cls, session: ClassroomSession) -> dict:
        return {
            "date": session.date,
            "start_time": session.start_time,
            "end_time": session.end_time,
            "location": session.location,
        }

    def clean(self) -> dict:
        cleaned = super().clean()
        start, end = cleaned.get("start_time"), cleaned.get("end_time")
        if start and end and end <= start:
            self.add_error("end_time", _("De eindtijd moet na de begintijd liggen."))
        return cleaned

    def change(self) -> SessionChange:
        data = self.cleaned_data
        return SessionChange(
            date=data["date"],
            start_time=data["start_time"],
            end_time=data["end_time"],
            location=data["location"],
        )


class SessionConfirmForm(forms.Form):
    """The second step of moving a classroom day: "save it", and, when the move sends work
    overdue at once or lands in the past, the trainer's explicit yes to that."""

    confirm = forms.BooleanField(required=False, widget=forms.HiddenInput)
    accept_overdue = forms.BooleanField(
        required=False,
        label=_("Ik begrijp het en wil de lesdag toch zo verplaatsen."),
    )

    def confirmed(self) -> bool:
        return self.is_valid() and self.cleaned_data["confirm"]

    def accepted(self) -> bool:
        return self.is_valid() and self.cleaned_data["accept_overdue"]


class AttendanceForm(forms.Form):
    """One optional choice per learner; a learner left empty is not recorded."""

    def __init__(self, *args, sheet: Iterable[tuple[Enrollment, Attendance | None]], **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        self.enrollments: dict[str, Enrollment] = {}
        for enrollment, record in sheet:
            name = self.field_name(enrollment.pk)
            self.enrollments[name] = enrollment
            self.fields[name] = forms.ChoiceField(
                label=enrollment.learner.get_full_name() or enrollment.learner.get_username(),
                choices=Attendance.Status.choices,
                widget=forms.RadioSelect,
                required=False,
                initial=record.status if record else None,
            )

    @staticmethod
    def field_name(enrollment_id: int) -> str:
        return f"learner_{enrollment_id}"

    def statuses(self) -> dict[int, str]:
        return {
            self.enrollments[name].pk: value
            for name, value in self.cleaned_data.items()
            if name in self.enrollments and value
        }

    def rows(self) -> list[tuple[Enrollment, forms.BoundField]]:
        return [(enrollment, self[name]) for name, enrollment in self.enrollments.items()]


def _lesson_choices(lessons: Iterable[Lesson]) -> list[tuple[str, list[tuple[int, str]]]]:
    """Lessons grouped by module, for a select with optgroups."""
    groups: dict[int, tuple[str, list[tuple[int, str]]]] = {}
    for lesson in lessons:
        label = str(lesson.module)
        groups.setdefault(lesson.module_id, (label, []))[1].append((lesson.pk, lesson.title))
    return list(groups.values())


class _LessonChoiceMixin:
    """A choice of one of the course's lessons, without a query per validation."""

    def _set_lessons(self, lessons: Iterable[Lesson], *, required: bool) -> None:
        self.lessons = {lesson.pk: lesson for lesson in lessons}
        choices = _lesson_choices(self.lessons.values())
        blank = _("Kies een les") if required else _("Geen bepaalde les")
        choices = [("", blank), *choices]
        self.fields["lesson"].choices = choices
        self.fields["lesson"].required = required

    def clean_lesson(self) -> Lesson | None:
        value = self.cleaned_data.get("lesson")
        if not value:
            return None
        return self.lessons[int(value)]


class CoachingNoteForm(_LessonChoiceMixin, forms.Form):
    lesson = forms.TypedChoiceField(
        label=_("Over de les (niet verplicht)"), coerce=int, empty_value=None
    )
    body = forms.CharField(
        label=_("Feedback of coachingsnotitie"),
        widget=forms.Textarea(attrs={"rows": 5, "cols": 60}),
        help_text=_("De cursist ziet deze notitie op de eigen startpagina. Markdown mag."),
        error_messages={"required": _("Schrijf eerst je feedback.")},
    )

    def __init__(self, *args, lessons: Iterable[Lesson], **kwargs):
        super().__init__(*args, **kwargs)
        self._set_lessons(lessons, required=False)


class ExtensionForm(_LessonChoiceMixin, forms.Form):
    lesson = forms.TypedChoiceField(
        label=_("Les"), coerce=int, error_messages={"required": _("Kies een les.")}
    )
    due_date = forms.DateField(
        label=_("Nieuwe deadline: datum"),
        widget=DATE_WIDGET,
        error_messages={
            "required": _("Vul een datum in."),
            "invalid": _("Vul een geldige datum in, bijvoorbeeld 04-10-2025."),
        },
    )
    due_time = forms.TimeField(
        label=_("Nieuwe deadline: tijd"),
        widget=TIME_WIDGET,
        initial=time(23, 59),
        error_messages={
            "required": _("Vul een tijd in."),
            "invalid": _("Vul een geldige tijd in, bijvoorbeeld 17:00."),
        },
    )
    reason = forms.CharField(label=_("Reden (niet verplicht)"), max_length=300, required=False)

    def __init__(self, *args, lessons: Iterable[Lesson], **kwargs):
        super().__init__(*args, **kwargs)
        self._set_lessons(lessons, required=True)

    def due_at(self) -> datetime:
        data = self.cleaned_data
        return timezone.make_aware(datetime.combine(data["due_date"], data["due_time"]))
