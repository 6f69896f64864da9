"""Forms for sign-ups: the public form with its rows of learners, the administrator's decision
and the queue's filter, and the answer to an offered place. They parse; the services decide."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from core.dates import format_when

from ..models import Edition, SignUp, SignUpSubmission
from .selectors import QUEUE_STATES, PublicEdition
from .services import Person

# People one form signs up; an employer with more sends it again (or asks us).
MAX_LEARNERS = 10


def edition_label(item: PublicEdition) -> str:
    """An edition as the form offers it: region, name, first day, place, places left."""
    parts = [f"{item.edition.get_region_display()}: {item.edition.name}"]
    if item.first_day:
        parts.append(gettext("eerste lesdag %(day)s") % {"day": format_when(item.first_day, "day")})
    if item.location:
        parts.append(item.location)
    if item.is_full:
        parts.append(gettext("vol: je komt op de wachtlijst"))
    else:
        parts.append(
            ngettext("nog %(count)s plaats", "nog %(count)s plaatsen", item.places_left)
            % {"count": item.places_left}
        )
    return " · ".join(parts)


class EditionChoiceField(forms.ModelChoiceField):
    def __init__(self, editions: list[PublicEdition], **kwargs):
        self._labels = {item.edition.pk: edition_label(item) for item in editions}
        super().__init__(
            queryset=Edition.objects.filter(pk__in=list(self._labels)),
            widget=forms.RadioSelect,
            empty_label=None,
            **kwargs,
        )
        # The choices in the page's order (region, first day), not the table's.
        self.choices = [(pk, label) for pk, label in self._labels.items()]

    def label_from_instance(self, obj: Edition) -> str:
        return self._labels.get(obj.pk, str(obj))


def _field(model_field: str, **kwargs) -> dict:
    return {"max_length": SignUpSubmission._meta.get_field(model_field).max_length, **kwargs}


class SignUpForm(forms.Form):
    """The edition, who sends the form, the organisation, invoice details and remarks (the
    learners are rows of `LearnerFormSet`)."""

    name = forms.CharField(label=_("Jouw naam"), required=False, **_field("name"))
    email = forms.EmailField(label=_("Jouw e-mailadres"), required=False, **_field("email"))
    phone = forms.CharField(
        label=_("Jouw telefoonnummer (niet verplicht)"), required=False, **_field("phone")
    )
    organisation_name = forms.CharField(
        label=_("Organisatie of werkgever (niet verplicht)"),
        required=False,
        help_text=_("Bijvoorbeeld: Gemeente Zwolle."),
        **_field("organisation_name"),
    )
    invoice_name = forms.CharField(
        label=_("Factuur op naam van"),
        help_text=_("De organisatie (of de persoon) die de cursus betaalt."),
        error_messages={"required": _("Vul in op wiens naam de factuur moet.")},
        **_field("invoice_name"),
    )
    invoice_address = forms.CharField(
        label=_("Factuuradres"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Straat en huisnummer, postcode en plaats."),
        error_messages={"required": _("Vul het factuuradres in.")},
        **_field("invoice_address"),
    )
    invoice_reference = forms.CharField(
        label=_("Referentie of inkoopordernummer (niet verplicht)"),
        required=False,
        help_text=_("Zetten we op de factuur."),
        **_field("invoice_reference"),
    )
    invoice_email = forms.EmailField(
        label=_("E-mailadres voor de factuur (niet verplicht)"),
        required=False,
        **_field("invoice_email"),
    )
    remarks = forms.CharField(
        label=_("Opmerkingen (niet verplicht)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Bijvoorbeeld iets waar we rekening mee kunnen houden."),
        **_field("remarks"),
    )
    # The honeypot: hidden from people (and from screen readers), filled in by robots.
    website = forms.CharField(
        label=_("Laat dit veld leeg"),
        required=False,
        max_length=200,
        widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
    )

    def __init__(self, *args, editions: list[PublicEdition], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["edition"] = EditionChoiceField(
            editions,
            label=_("Kies een editie"),
            error_messages={
                "required": _("Kies een editie."),
                "invalid_choice": _("Kies een van de edities hieronder."),
            },
        )
        self.order_fields(["edition"])

    def clean(self):
        data = super().clean()
        name, email = data.get("name"), data.get("email")
        if name and not email and "email" not in self.errors:
            self.add_error(
                "email", _("Vul ook je e-mailadres in: daar sturen we de bevestiging heen.")
            )
        if email and not name:
            self.add_error("name", _("Vul ook je naam in."))
        return data

    @property
    def is_spam(self) -> bool:
        """Whether the honeypot was filled in (call after validation)."""
        return bool(getattr(self, "cleaned_data", {}).get("website"))


class LearnerForm(forms.Form):
    first_name = forms.CharField(
        label=_("Voornaam"),
        max_length=SignUp._meta.get_field("first_name").max_length,
        error_messages={"required": _("Vul de voornaam in.")},
    )
    last_name = forms.CharField(
        label=_("Achternaam"),
        max_length=SignUp._meta.get_field("last_name").max_length,
        error_messages={"required": _("Vul de achternaam in.")},
    )
    email = forms.EmailField(
        label=_("E-mailadres"),
        max_length=SignUp._meta.get_field("email").max_length,
        help_text=_("Hiermee logt de cursist straks in."),
        error_messages={
            "required": _("Vul het e-mailadres in."),
            "invalid": _("Vul een geldig e-mailadres in, bijvoorbeeld naam@gemeente.nl."),
        },
    )


class BaseLearnerFormSet(forms.BaseFormSet):
    def clean(self):
        super().clean()
        seen = set()
        for form in self.forms:
            email = (getattr(form, "cleaned_data", None) or {}).get("email")
            if not email:
                continue
            if email.casefold() in seen:
                form.add_error("email", _("Dit e-mailadres staat er al boven."))
            seen.add(email.casefold())

    def people(self) -> list[Person]:
        return [
            Person(
                form.cleaned_data["first_name"],
                form.cleaned_data["last_name"],
                form.cleaned_data["email"],
            )
            for form in self.forms
            if form.cleaned_data
        ]


LearnerFormSet = forms.formset_factory(
    LearnerForm,
    formset=BaseLearnerFormSet,
    extra=MAX_LEARNERS - 1,
    min_num=1,
    validate_min=True,
    max_num=MAX_LEARNERS,
    validate_max=True,
    absolute_max=MAX_LEARNERS,
)


class SignUpForms:
    """The sign-up form and its learner rows, parsed together. The first row is required;
    the others count only when filled in. Who sends the form is the first learner unless
    someone else (an employer) gives their own name and address."""

    def __init__(self, data=None, *, editions: list[PublicEdition], edition_id=None):
        initial = {"edition": edition_id} if edition_id else None
        if initial is None and len(editions) == 1:
            initial = {"edition": editions[0].edition.pk}
        self.form = SignUpForm(data, editions=editions, initial=initial)
        self.learners = LearnerFormSet(data, prefix="learners")

    def is_valid(self) -> bool:
        form_valid = self.form.is_valid()
        learners_valid = self.learners.is_valid()
        return form_valid and learners_valid

    @property
    def is_spam(self) -> bool:
        return self.form.is_spam

    @property
    def first_row(self):
        return self.learners.forms[0]

    @property
    def more_rows(self) -> list:
        return self.learners.forms[1:]

    @property
    def more_rows_open(self) -> bool:
        """Whether the extra rows are shown unfolded: they hold input or an error."""
        return any(form.has_changed() or form.errors for form in self.more_rows)

    def submission(self) -> dict:
        """The keyword arguments of `signup_submit` (after `is_valid()`)."""
        data = self.form.cleaned_data
        people = self.learners.people()
        first = people[0]
        return {
            "edition_id": data["edition"].pk,
            "learners": people,
            "name": data["name"] or f"{first.first_name} {first.last_name}",
            "email": data["email"] or first.email,
            "phone": data["phone"],
            "organisation_name": data["organisation_name"],
            "invoice_name": data["invoice_name"],
            "invoice_address": data["invoice_address"],
            "invoice_reference": data["invoice_reference"],
            "invoice_email": data["invoice_email"],
            "remarks": data["remarks"],
        }


# --- the administrator ------------------------------------------------------------------------


class DecisionForm(forms.Form):
    """Accept, put on the waiting list, or reject (the server asks for a reason only then)."""

    ACCEPT, WAIT, REJECT = "accept", "wait", "reject"

    action = forms.ChoiceField(
        choices=[(ACCEPT, _("accepteren")), (WAIT, _("op de wachtlijst")), (REJECT, _("afwijzen"))]
    )
    reason = forms.CharField(
        label=_("Reden van afwijzing"),
        required=False,
        max_length=SignUp._meta.get_field("reject_reason").max_length,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Alleen bij afwijzen. We sturen deze reden naar wie de aanmelding verstuurde."),
    )

    def clean(self):
        data = super().clean()
        if data.get("action") == self.REJECT and not (data.get("reason") or "").strip():
            self.add_error("reason", _("Schrijf op waarom je de aanmelding afwijst."))
        return data


class QueueFilterForm(forms.Form):
    state = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[(state.value, state.label) for state in QUEUE_STATES],
    )
    edition = forms.ModelChoiceField(
        label=_("Editie"),
        required=False,
        queryset=Edition.objects.none(),
        empty_label=_("alle edities"),
    )

    def __init__(self, *args, editions, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["edition"].queryset = Edition.objects.filter(pk__in=[e.pk for e in editions])
        self.fields["edition"].choices = [("", _("alle edities"))] + [
            (e.pk, f"{e.name} ({e.course.title})") for e in editions
        ]

    def chosen_state(self) -> str:
        data = self.cleaned_data if self.is_valid() else {}
        return data.get("state") or SignUp.State.NEW

    def chosen_edition_id(self) -> int | None:
        data = self.cleaned_data if self.is_valid() else {}
        return data["edition"].pk if data.get("edition") else None


class OfferAnswerForm(forms.Form):
    """Take the offered place, or let it pass to the next."""

    TAKE, PASS = "take", "pass"

    answer = forms.ChoiceField(choices=[(TAKE, _("ja")), (PASS, _("nee"))])
