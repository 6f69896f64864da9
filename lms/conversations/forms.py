"""The forms of conversations: a message, what it replies to, and the inbox's filters; a
coaching moment, a reflection, a coaching note; an announcement."""

from __future__ import annotations

from datetime import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from courses.forms import DATE_WIDGET, TIME_WIDGET

from . import about
from .services import MAX_BODY


class MessageForm(forms.Form):
    body = forms.CharField(
        label=_("Je bericht"),
        required=False,
        max_length=MAX_BODY,
        strip=True,
        widget=forms.Textarea(attrs={"rows": 6, "aria-describedby": "message-body-help"}),
    )
    attachment = forms.FileField(
        label=_("Bijlage (hoeft niet)"),
        required=False,
        widget=forms.FileInput(attrs={"aria-describedby": "message-attachment-help"}),
    )
    about = forms.CharField(required=False, max_length=20, widget=forms.HiddenInput)
    item = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("body") and not cleaned.get("attachment") and not self.errors:
            raise forms.ValidationError(_("Schrijf eerst je bericht, of voeg een bijlage toe."))
        return cleaned


class ConversationQueryForm(forms.Form):
    """The conversation page's query: what a "Reageer" link says the new message is about
    (`?about=feedback&item=12`), and older messages (`?voor=<message>`). Anything odd in it
    is left out."""

    about = forms.ChoiceField(required=False, choices=())
    item = forms.IntegerField(required=False, min_value=1)
    voor = forms.IntegerField(required=False, min_value=1)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["about"].choices = [("", "")] + [(key, key) for key in about.ABOUT]

    def value(self, name: str):
        """A cleaned value, or None when it was missing or not valid."""
        self.is_valid()  # cleans once; cleaned_data then holds the fields that were valid
        return self.cleaned_data.get(name) or None


class InboxFilterForm(forms.Form):
    edition = forms.TypedChoiceField(
        label=_("Editie"), required=False, coerce=int, empty_value=None, choices=()
    )
    unanswered = forms.BooleanField(label=_("Alleen wat op antwoord wacht"), required=False)

    def __init__(self, *args, editions=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["edition"].choices = [("", _("Alle edities"))] + [
            (edition.pk, f"{edition.course.title} – {edition.name}") for edition in editions
        ]


class CoachingLearnerForm(forms.Form):
    """Whom the trainer plans a coaching moment with (the plan page's first step)."""

    inschrijving = forms.TypedChoiceField(label=_("Cursist"), coerce=int, choices=())

    def __init__(self, *args, enrollments=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["inschrijving"].choices = [
            (
                e.pk,
                f"{e.learner.get_full_name() or e.learner.get_username()} "
                f"({e.edition.course.title} – {e.edition.name})",
            )
            for e in enrollments
        ]


class CoachingMomentForm(forms.Form):
    day = forms.DateField(label=_("Datum"), widget=DATE_WIDGET)
    start = forms.TimeField(label=_("Begintijd"), widget=TIME_WIDGET)
    end = forms.TimeField(label=_("Eindtijd"), widget=TIME_WIDGET)
    location = forms.CharField(
        label=_("Plaats of telefoonnummer"),
        required=False,
        max_length=200,
        help_text=_("Bijvoorbeeld: Stadhuis, kamer 2.14. Of: ik bel je op 06-12345678."),
    )
    video_url = forms.URLField(
        label=_("Videolink"),
        required=False,
        max_length=300,
        assume_scheme="https",
        help_text=_("Hoeft niet als je een plaats of telefoonnummer invult."),
    )
    topic = forms.CharField(label=_("Onderwerp"), max_length=200)
    submission = forms.TypedChoiceField(
        label=_("Samen luisteren naar of lezen van (hoeft niet)"),
        coerce=int,
        empty_value=None,
        required=False,
        choices=(),
    )

    def __init__(self, *args, submissions=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.submissions = {s.pk: s for s in submissions}
        self.fields["submission"].choices = [("", _("Niets"))] + [
            (s.pk, s.assignment.title) for s in submissions
        ]

    @staticmethod
    def initial_for(moment) -> dict:
        start = timezone.localtime(moment.starts_at)
        return {
            "day": start.date(),
            "start": start.time(),
            "end": timezone.localtime(moment.ends_at).time(),
            "location": moment.location,
            "video_url": moment.video_url,
            "topic": moment.topic,
            "submission": moment.submission_id,
        }

    def clean(self):
        cleaned = super().clean()
        day, start, end = cleaned.get("day"), cleaned.get("start"), cleaned.get("end")
        if day and start and end:
            tz = timezone.get_current_timezone()
            cleaned["starts_at"] = datetime.combine(day, start, tzinfo=tz)
            cleaned["ends_at"] = datetime.combine(day, end, tzinfo=tz)
            if end <= start:
                self.add_error("end", _("De eindtijd ligt na de begintijd."))
            elif cleaned["starts_at"] < timezone.now():
                self.add_error("day", _("Kies een moment dat nog moet komen."))
        if not cleaned.get("location") and not cleaned.get("video_url") and not self.errors:
            raise forms.ValidationError(
                _("Vul een plaats, een telefoonnummer of een videolink in.")
            )
        return cleaned

    def moment_fields(self) -> dict:
        """The cleaned moment, as the services take it."""
        data = self.cleaned_data
        return {
            "starts_at": data["starts_at"],
            "ends_at": data["ends_at"],
            "location": data["location"],
            "video_url": data["video_url"],
            "topic": data["topic"],
            "submission": self.submissions.get(data.get("submission")),
        }


class ReflectionForm(forms.Form):
    reflection = forms.CharField(
        label=_("Jouw reflectie"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Wat neem je mee uit dit gesprek? Je trainer leest mee."),
        error_messages={"required": _("Schrijf eerst je reflectie.")},
    )


class CoachingNoteBodyForm(forms.Form):
    body = forms.CharField(
        label=_("Coachingsnotitie"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("De cursist ziet deze notitie op de eigen startpagina. Markdown mag."),
        error_messages={"required": _("Schrijf eerst je notitie.")},
    )


class AnnouncementForm(forms.Form):
    """An announcement: for whom (only when posting), title, text and until when."""

    target = forms.ChoiceField(label=_("Voor wie"), choices=())
    title = forms.CharField(label=_("Titel"), max_length=200)
    body = forms.CharField(
        label=_("Tekst"),
        max_length=10000,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("Markdown mag."),
    )
    expires_on = forms.DateField(
        label=_("Zichtbaar tot en met (hoeft niet)"), required=False, widget=DATE_WIDGET
    )

    def __init__(self, *args, editions=(), courses=(), with_target=True, **kwargs):
        super().__init__(*args, **kwargs)
        self.editions = {e.pk: e for e in editions}
        self.courses = {c.pk: c for c in courses}
        if not with_target:
            del self.fields["target"]
            return
        choices = [(f"edition:{e.pk}", f"{e.course.title} – {e.name}") for e in editions]
        choices += [
            (f"course:{c.pk}", _("Alle edities van %(course)s") % {"course": c.title})
            for c in courses
        ]
        self.fields["target"].choices = choices

    def clean_target(self):
        kind, _sep, pk = self.cleaned_data["target"].partition(":")
        if kind == "edition":
            return {"edition": self.editions[int(pk)]}
        return {"course": self.courses[int(pk)]}

    def clean_expires_on(self):
        value = self.cleaned_data.get("expires_on")
        if value and value < timezone.localdate():
            raise forms.ValidationError(_("Kies vandaag of een dag die nog moet komen."))
        return value


RATING = [(n, str(n)) for n in range(1, 6)]
RECOMMEND = [(n, str(n)) for n in range(0, 11)]


def _rating(label, choices=RATING):
    return forms.TypedChoiceField(
        label=label,
        choices=choices,
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={"required": _("Kies een cijfer.")},
    )


class EvaluationForm(forms.Form):
    """The course evaluation: the course, each module and the trainer (1–5), would you
    recommend it (0–10), and two open questions."""

    course_rating = _rating(_("Wat vond je van de cursus als geheel? (1 = slecht, 5 = heel goed)"))
    trainer_rating = _rating(_("Wat vond je van je trainer? (1 = slecht, 5 = heel goed)"))
    recommend = _rating(
        _("Zou je de cursus aanraden aan een collega? (0 = zeker niet, 10 = zeker wel)"),
        RECOMMEND,
    )
    best = forms.CharField(
        label=_("Wat was goed?"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    better = forms.CharField(
        label=_("Wat kan beter?"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, modules=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.modules = list(modules)
        for module in self.modules:
            self.fields[f"module_{module.pk}"] = _rating(
                _("Wat vond je van de module „%(module)s”?") % {"module": module.title}
            )

    def module_fields(self):
        return [self[f"module_{module.pk}"] for module in self.modules]

    def answers(self) -> dict:
        data = self.cleaned_data
        return {
            "course_rating": data["course_rating"],
            "trainer_rating": data["trainer_rating"],
            "recommend": data["recommend"],
            "best": data["best"],
            "better": data["better"],
            "module_ratings": {m.pk: data[f"module_{m.pk}"] for m in self.modules},
        }
