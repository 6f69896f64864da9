"""Courses, their modules and lessons; editions, classroom days and who takes part."""

from __future__ import annotations

import secrets
from datetime import datetime
from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from polymorphic.models import PolymorphicModel

from . import schedule


class Course(models.Model):
    title = models.CharField(_("titel"), max_length=200)
    slug = models.SlugField(_("korte naam"), max_length=80, unique=True)
    description = models.TextField(_("beschrijving"), blank=True, help_text=_("Markdown."))
    price_excl_vat = models.DecimalField(
        _("prijs excl. btw"),
        max_digits=8,
        decimal_places=2,
        default=Decimal("0.00"),
        validators=[MinValueValidator(Decimal("0"))],
    )
    passing_gives = models.CharField(
        _("wat slagen oplevert"),
        max_length=300,
        blank=True,
        help_text=_(
            "Staat op de openbare cursuspagina, bijvoorbeeld: Slaag je, dan krijg je een "
            "certificaat van de NVVB en de PublieksAcademie."
        ),
    )
    require_attendance = models.BooleanField(
        _("aanwezigheid bij alle klassikale dagen vereist"),
        default=True,
        help_text=_("Een regel om te slagen: de cursist was bij elke klassikale dag aanwezig."),
    )
    withdrawal_invoiced_days = models.PositiveSmallIntegerField(
        _("uitschrijven zonder kosten tot (dagen voor de eerste lesdag)"),
        default=14,
        help_text=_(
            "Wie zich later uitschrijft dan dit aantal dagen voor de eerste klassikale dag van "
            "de editie, krijgt de cursus toch gefactureerd. Dit staat op het factuuroverzicht."
        ),
    )
    authors = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="authored_courses",
        verbose_name=_("auteurs en examinatoren"),
        help_text=_(
            "Zij beheren de vragenbank, de toetsen en het examen van deze cursus, voor alle "
            "edities. Trainers van één editie kunnen dat niet."
        ),
    )
    structure_version = models.PositiveIntegerField(
        default=1,
        editable=False,
        help_text="Raised whenever a module or lesson changes (cache key).",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["title"]
        verbose_name = _("cursus")
        verbose_name_plural = _("cursussen")
        constraints = [
            models.CheckConstraint(
                condition=Q(price_excl_vat__gte=0), name="course_price_not_negative"
            )
        ]

    def __str__(self) -> str:
        return self.title


class CourseModule(models.Model):
    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="modules")
    order = models.PositiveSmallIntegerField(_("volgorde"), default=1)
    title = models.CharField(_("titel"), max_length=200)
    description = models.TextField(_("beschrijving"), blank=True, help_text=_("Markdown."))

    class Meta:
        ordering = ["course", "order", "pk"]
        verbose_name = _("module")
        verbose_name_plural = _("modules")
        constraints = [
            models.UniqueConstraint(
                fields=["course", "order"], name="module_order_unique_per_course"
            )
        ]

    def __str__(self) -> str:
        return f"{self.order}. {self.title}"


class ScheduleAnchor(models.TextChoices):
    START = schedule.Anchor.START.value, _("begin van de klassikale dag")
    END = schedule.Anchor.END.value, _("einde van de klassikale dag")


class Lesson(PolymorphicModel):
    """A piece of online work in a module. Subclass it to add a lesson type (a plugin).

    A subclass sets `template_name` (the partial that renders its body) and may
    override `get_body_context()`. Opening and due dates are rules relative to
    the classroom days of a module in each edition.
    """

    template_name = "courses/lessons/text.html"
    icon = "doc"
    # False for types that complete themselves (a quiz is done when it is handed in).
    manual_completion = True

    module = models.ForeignKey(CourseModule, on_delete=models.CASCADE, related_name="lessons")
    order = models.PositiveSmallIntegerField(_("volgorde"), default=1)
    title = models.CharField(_("titel"), max_length=200)
    summary = models.CharField(_("korte omschrijving"), max_length=300, blank=True)
    is_required = models.BooleanField(_("verplicht"), default=True)
    estimated_minutes = models.PositiveSmallIntegerField(
        _("geschatte tijd (minuten)"), null=True, blank=True
    )

    opens_anchor = models.CharField(
        _("opent bij"),
        max_length=5,
        choices=ScheduleAnchor.choices,
        blank=True,
        help_text=_("Leeg: de les is meteen open."),
    )
    opens_module = models.ForeignKey(
        CourseModule,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("opent rond de klassikale dag van"),
    )
    opens_offset_days = models.SmallIntegerField(
        _("dagen verschuiving (opent)"),
        default=0,
        help_text=_("Negatief is ervoor, positief is erna."),
    )
    due_anchor = models.CharField(
        _("inleveren bij"),
        max_length=5,
        choices=ScheduleAnchor.choices,
        blank=True,
        help_text=_("Leeg: geen deadline."),
    )
    due_module = models.ForeignKey(
        CourseModule,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("deadline rond de klassikale dag van"),
    )
    due_offset_days = models.SmallIntegerField(
        _("dagen verschuiving (deadline)"),
        default=0,
        help_text=_("Negatief is ervoor, positief is erna."),
    )

    class Meta:
        ordering = ["module__order", "order", "pk"]
        verbose_name = _("les")
        verbose_name_plural = _("lessen")
        constraints = [
            models.UniqueConstraint(
                fields=["module", "order"], name="lesson_order_unique_per_module"
            ),
            models.CheckConstraint(
                condition=(Q(opens_anchor="") & Q(opens_module__isnull=True))
                | (~Q(opens_anchor="") & Q(opens_module__isnull=False)),
                name="lesson_opens_rule_complete",
            ),
            models.CheckConstraint(
                condition=(Q(due_anchor="") & Q(due_module__isnull=True))
                | (~Q(due_anchor="") & Q(due_module__isnull=False)),
                name="lesson_due_rule_complete",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def type_label(self) -> str:
        return str(self._meta.verbose_name)

    def schedule_rule(self) -> schedule.LessonRule:
        return lesson_rule_from_values(
            self.pk,
            self.opens_anchor,
            self.opens_module_id,
            self.opens_offset_days,
            self.due_anchor,
            self.due_module_id,
            self.due_offset_days,
        )

    def get_body_context(self, *, request, enrollment) -> dict:
        """Extra template context for this lesson type's body; override in a subclass."""
        return {}

    def get_absolute_url_for(self, edition_id: int) -> str:
        return reverse("courses:lesson", args=[edition_id, self.pk])


def lesson_rule_from_values(
    lesson_id, opens_anchor, opens_module_id, opens_offset, due_anchor, due_module_id, due_offset
) -> schedule.LessonRule:
    opens = (
        schedule.Rule(schedule.Anchor(opens_anchor), opens_module_id, opens_offset)
        if opens_anchor and opens_module_id
        else None
    )
    due = (
        schedule.Rule(schedule.Anchor(due_anchor), due_module_id, due_offset)
        if due_anchor and due_module_id
        else None
    )
    return schedule.LessonRule(lesson_id, opens, due)


class TextLesson(Lesson):
    template_name = "courses/lessons/text.html"
    icon = "doc"

    body = models.TextField(_("tekst"), help_text=_("Markdown."))

    class Meta:
        verbose_name = _("tekst")
        verbose_name_plural = _("teksten")


class MediaLesson(Lesson):
    template_name = "courses/lessons/media.html"
    icon = "play"

    class Kind(models.TextChoices):
        VIDEO = "video", _("video")
        AUDIO = "audio", _("audio")

    kind = models.CharField(_("soort"), max_length=5, choices=Kind.choices, default=Kind.VIDEO)
    media_file = models.FileField(_("bestand"), upload_to="lessons/media/%Y/", blank=True)
    media_url = models.URLField(_("adres (URL)"), blank=True)
    transcript = models.TextField(_("transcript"), blank=True, help_text=_("Markdown."))
    introduction = models.TextField(_("inleiding"), blank=True, help_text=_("Markdown."))

    class Meta:
        verbose_name = _("video of audio")
        verbose_name_plural = _("video's en audio")
        constraints = [
            models.CheckConstraint(
                condition=~Q(media_file="") | ~Q(media_url=""), name="medialesson_has_file_or_url"
            )
        ]


class FileLesson(Lesson):
    template_name = "courses/lessons/file.html"
    icon = "download"

    file = models.FileField(_("bestand"), upload_to="lessons/files/%Y/")
    description = models.TextField(_("toelichting"), blank=True, help_text=_("Markdown."))

    class Meta:
        verbose_name = _("bestand om te downloaden")
        verbose_name_plural = _("bestanden om te downloaden")


class Organisation(models.Model):
    name = models.CharField(_("naam"), max_length=200, unique=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("organisatie")
        verbose_name_plural = _("organisaties")

    def __str__(self) -> str:
        return self.name


class OrganisationContact(models.Model):
    """A person at a client organisation (HR, a team lead) who follows the organisation's
    employees: their enrolments, progress, attendance, results and certificates, and who may
    get a report by e-mail each month."""

    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="contacts",
        verbose_name=_("organisatie"),
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="organisation_contacts",
        verbose_name=_("account"),
    )
    wants_monthly_report = models.BooleanField(_("wil het maandoverzicht per e-mail"), default=True)
    created_at = models.DateTimeField(_("toegevoegd op"), default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("toegevoegd door"),
    )

    class Meta:
        ordering = ["organisation", "user__last_name", "user__first_name", "pk"]
        verbose_name = _("contactpersoon")
        verbose_name_plural = _("contactpersonen")
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "user"], name="organisation_contact_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.organisation_id}"


class Edition(models.Model):
    class Region(models.TextChoices):
        NOORD = "noord", _("Noord")
        MIDDEN = "midden", _("Midden")
        ZUID = "zuid", _("Zuid")
        OOST = "oost", _("Oost")
        WEST = "west", _("West")

    class Status(models.TextChoices):
        PLANNED = "planned", _("gepland")
        OPEN = "open", _("open voor inschrijving")
        RUNNING = "running", _("loopt")
        FINISHED = "finished", _("afgerond")
        CANCELLED = "cancelled", _("geannuleerd")

    course = models.ForeignKey(Course, on_delete=models.PROTECT, related_name="editions")
    name = models.CharField(_("naam"), max_length=200)
    region = models.CharField(_("regio"), max_length=10, choices=Region.choices)
    trainers = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="teaching_editions",
        verbose_name=_("trainers"),
    )
    capacity = models.PositiveIntegerField(_("maximaal aantal cursisten"), default=20)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PLANNED
    )
    schedule_version = models.PositiveIntegerField(
        default=1,
        editable=False,
        help_text="Raised whenever a classroom session changes (cache key).",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["course", "name"]
        verbose_name = _("editie")
        verbose_name_plural = _("edities")
        constraints = [
            models.UniqueConstraint(
                fields=["course", "name"], name="edition_name_unique_per_course"
            )
        ]

    def __str__(self) -> str:
        return self.name


class SessionTimes:
    """What a classroom day's date, times and dagdelen say, shared by the model and the
    immutable rows the schedule cache hands out (courses.selectors.SessionRow)."""

    __slots__ = ()

    @property
    def starts_at(self) -> datetime:
        return timezone.make_aware(datetime.combine(self.date, self.start_time))

    @property
    def ends_at(self) -> datetime:
        return timezone.make_aware(datetime.combine(self.date, self.end_time))

    @property
    def dagdelen(self) -> list[int]:
        return list(range(self.first_dagdeel, self.last_dagdeel + 1))

    @property
    def dagdelen_label(self) -> str:
        if self.first_dagdeel == self.last_dagdeel:
            return gettext("Dagdeel %(n)s") % {"n": self.first_dagdeel}
        numbers = [str(n) for n in self.dagdelen]
        return gettext("Dagdeel %(list)s") % {
            "list": " & ".join([", ".join(numbers[:-1]), numbers[-1]])
        }

    def slot(self) -> schedule.SessionSlot:
        return schedule.SessionSlot(self.module_id, self.starts_at, self.ends_at)


class ClassroomSession(SessionTimes, models.Model):
    """A classroom day (or half-day) of an edition, teaching one module."""

    edition = models.ForeignKey(Edition, on_delete=models.CASCADE, related_name="sessions")
    module = models.ForeignKey(CourseModule, on_delete=models.PROTECT, related_name="sessions")
    date = models.DateField(_("datum"))
    start_time = models.TimeField(_("begintijd"))
    end_time = models.TimeField(_("eindtijd"))
    location = models.CharField(_("locatie"), max_length=300)
    first_dagdeel = models.PositiveSmallIntegerField(_("eerste dagdeel"), default=1)
    last_dagdeel = models.PositiveSmallIntegerField(_("laatste dagdeel"), default=1)

    class Meta:
        ordering = ["date", "start_time", "pk"]
        verbose_name = _("klassikale dag")
        verbose_name_plural = _("klassikale dagen")
        constraints = [
            models.CheckConstraint(
                condition=Q(end_time__gt=models.F("start_time")), name="session_ends_after_start"
            ),
            models.CheckConstraint(
                condition=Q(last_dagdeel__gte=models.F("first_dagdeel")),
                name="session_dagdelen_ordered",
            ),
        ]
        indexes = [models.Index(fields=["edition", "date"])]

    def __str__(self) -> str:
        return f"{self.date:%d-%m-%Y} {self.dagdelen_label}"


class Enrollment(models.Model):
    class Status(models.TextChoices):
        ACTIVE = "active", _("actief")
        COMPLETED = "completed", _("afgerond")
        WITHDRAWN = "withdrawn", _("uitgeschreven")

    # The enrolments whose learner sees the course and its pages (all but withdrawn ones).
    SHOWN_STATUSES = (Status.ACTIVE, Status.COMPLETED)

    edition = models.ForeignKey(Edition, on_delete=models.PROTECT, related_name="enrollments")
    learner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="enrollments",
        verbose_name=_("cursist"),
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="enrollments",
        verbose_name=_("organisatie"),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.ACTIVE
    )
    enrolled_at = models.DateTimeField(_("ingeschreven op"), default=timezone.now)
    withdrawn_at = models.DateTimeField(
        _("uitgeschreven op"),
        null=True,
        blank=True,
        help_text=_("Vastgelegd zodra de status 'uitgeschreven' wordt (telt voor de factuur)."),
    )
    progress_version = models.PositiveIntegerField(
        default=1,
        editable=False,
        help_text="Raised whenever this learner's progress, dates or feedback change (cache key).",
    )

    class Meta:
        verbose_name = _("inschrijving")
        verbose_name_plural = _("inschrijvingen")
        constraints = [
            models.UniqueConstraint(
                fields=["edition", "learner"], name="enrollment_unique_per_edition"
            )
        ]

    def __str__(self) -> str:
        return f"{self.learner} – {self.edition}"


class EnrollmentInvoice(models.Model):
    """Where an enrolment stands in the bookkeeping: to invoice (also when there is no row
    yet), invoiced with the invoice's number and date, or credited. Set by an administrator
    on the invoicing overview; the money itself is computed from the course's price."""

    class Status(models.TextChoices):
        TO_INVOICE = "to_invoice", _("te factureren")
        INVOICED = "invoiced", _("gefactureerd")
        CREDITED = "credited", _("gecrediteerd")

    enrollment = models.OneToOneField(
        Enrollment,
        on_delete=models.CASCADE,
        related_name="invoice",
        verbose_name=_("inschrijving"),
    )
    status = models.CharField(
        _("factuurstatus"), max_length=10, choices=Status.choices, default=Status.TO_INVOICE
    )
    number = models.CharField(_("factuurnummer"), max_length=50, blank=True)
    invoiced_on = models.DateField(_("factuurdatum"), null=True, blank=True)
    credited_on = models.DateField(_("gecrediteerd op"), null=True, blank=True)
    updated_at = models.DateTimeField(_("bijgewerkt op"), default=timezone.now)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("bijgewerkt door"),
    )

    class Meta:
        verbose_name = _("factuurstatus")
        verbose_name_plural = _("factuurstatussen")
        constraints = [
            models.CheckConstraint(
                condition=Q(status="to_invoice") | (~Q(number="") & Q(invoiced_on__isnull=False)),
                name="invoice_invoiced_has_number_and_date",
            ),
            models.CheckConstraint(
                condition=~Q(status="credited") | Q(credited_on__isnull=False),
                name="invoice_credited_has_date",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.enrollment_id}: {self.status} {self.number}".strip()


def _invitation_nonce() -> str:
    return secrets.token_urlsafe(24)


class Invitation(models.Model):
    """A single-use link that lets a person without a password choose one: sent when they are
    enrolled (CSV import, the admin, an accepted sign-up) and again on request.

    The link holds the row's id and an HMAC of its secret `nonce` under the SECRET_KEY (see
    `courses.invitations`): reading this table alone gives no working link. A link stops
    working when it expires, when it was used, and as soon as its person has a password."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="invitations",
        verbose_name=_("persoon"),
    )
    enrollment = models.ForeignKey(
        Enrollment,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="invitations",
        verbose_name=_("inschrijving"),
    )
    nonce = models.CharField(max_length=64, default=_invitation_nonce, editable=False)
    created_at = models.DateTimeField(_("verstuurd op"), default=timezone.now)
    expires_at = models.DateTimeField(_("geldig tot"))
    accepted_at = models.DateTimeField(_("geaccepteerd op"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("verstuurd door"),
    )

    class Meta:
        verbose_name = _("uitnodiging")
        verbose_name_plural = _("uitnodigingen")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["user", "-created_at"])]

    def __str__(self) -> str:
        return f"{self.user} – {self.created_at:%Y-%m-%d}"


class LessonProgress(models.Model):
    enrollment = models.ForeignKey(Enrollment, on_delete=models.CASCADE, related_name="progress")
    lesson = models.ForeignKey(Lesson, on_delete=models.CASCADE, related_name="progress")
    first_opened_at = models.DateTimeField(null=True, blank=True)
    completed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("voortgang")
        verbose_name_plural = _("voortgang")
        constraints = [
            models.UniqueConstraint(
                fields=["enrollment", "lesson"], name="progress_unique_per_lesson"
            )
        ]

    def __str__(self) -> str:
        return f"{self.enrollment_id}/{self.lesson_id}"


class DueDateExtension(models.Model):
    """A later (or earlier) due date for one learner and one lesson; overrides the rule."""

    enrollment = models.ForeignKey(Enrollment, on_delete=models.CASCADE, related_name="extensions")
    lesson = models.ForeignKey(Lesson, on_delete=models.CASCADE, related_name="extensions")
    due_at = models.DateTimeField(_("nieuwe deadline"))
    reason = models.CharField(_("reden"), max_length=300, blank=True)
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("uitstel")
        verbose_name_plural = _("uitstel")
        constraints = [
            models.UniqueConstraint(
                fields=["enrollment", "lesson"], name="extension_unique_per_lesson"
            )
        ]

    def __str__(self) -> str:
        return f"{self.enrollment_id}/{self.lesson_id}: {self.due_at:%Y-%m-%d %H:%M}"


class Attendance(models.Model):
    class Status(models.TextChoices):
        PRESENT = "present", _("aanwezig")
        ABSENT = "absent", _("afwezig")
        EXCUSED = "excused", _("afgemeld")

    session = models.ForeignKey(
        ClassroomSession, on_delete=models.CASCADE, related_name="attendance"
    )
    enrollment = models.ForeignKey(Enrollment, on_delete=models.CASCADE, related_name="attendance")
    status = models.CharField(_("status"), max_length=10, choices=Status.choices)
    note = models.CharField(_("notitie"), max_length=300, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("aanwezigheid")
        verbose_name_plural = _("aanwezigheid")
        constraints = [
            models.UniqueConstraint(
                fields=["session", "enrollment"], name="attendance_unique_per_session"
            )
        ]

    def __str__(self) -> str:
        return f"{self.enrollment_id}/{self.session_id}: {self.status}"


class CoachingNote(models.Model):
    """Feedback or a coaching note from a trainer to one learner in an edition."""

    enrollment = models.ForeignKey(
        Enrollment, on_delete=models.CASCADE, related_name="coaching_notes"
    )
    lesson = models.ForeignKey(
        Lesson,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("les"),
    )
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    body = models.TextField(_("feedback"), help_text=_("Markdown."))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("coachingsnotitie")
        verbose_name_plural = _("coachingsnotities")
        indexes = [models.Index(fields=["enrollment", "-created_at"])]

    def __str__(self) -> str:
        return f"{self.enrollment_id}: {self.body[:40]}"


class SignUpSubmission(models.Model):
    """What a visitor sent once with the public sign-up form: who sent it, for which
    organisation, the invoice details and remarks. Each person it signs up is a `SignUp`
    (an employer may sign up several employees at once)."""

    course = models.ForeignKey(
        Course,
        on_delete=models.PROTECT,
        related_name="signup_submissions",
        verbose_name=_("cursus"),
    )
    name = models.CharField(_("naam aanmelder"), max_length=200)
    email = models.EmailField(_("e-mailadres aanmelder"), max_length=150)
    phone = models.CharField(_("telefoonnummer aanmelder"), max_length=40, blank=True)
    submitter = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="signup_submissions",
        verbose_name=_("account van de aanmelder"),
        help_text=_("De e-mails over deze aanmelding gaan naar dit account."),
    )
    organisation_name = models.CharField(_("organisatie"), max_length=200, blank=True)
    invoice_name = models.CharField(_("factuur op naam van"), max_length=200)
    invoice_address = models.TextField(_("factuuradres"), max_length=500)
    invoice_reference = models.CharField(
        _("referentie of inkoopordernummer"), max_length=100, blank=True
    )
    invoice_email = models.EmailField(_("e-mailadres voor de factuur"), blank=True)
    remarks = models.TextField(_("opmerkingen"), max_length=2000, blank=True)
    created_at = models.DateTimeField(_("verstuurd op"), default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("aanmeldformulier")
        verbose_name_plural = _("aanmeldformulieren")

    def __str__(self) -> str:
        return f"{self.name} – {self.created_at:%Y-%m-%d}"


class SignUp(models.Model):
    """One person's request for a place in an edition, from the public course page: an
    administrator accepts it (an enrolment and an invitation), rejects it with a reason, or
    puts it on the edition's waiting list. When a place frees, the first on the list is
    offered it and has `LMS_SIGNUP_OFFER_DAYS` days to take it (see `courses.signups`)."""

    class State(models.TextChoices):
        NEW = "new", _("nieuw")
        WAITING = "waiting", _("op de wachtlijst")
        OFFERED = "offered", _("plek aangeboden")
        ACCEPTED = "accepted", _("geaccepteerd")
        REJECTED = "rejected", _("afgewezen")
        LAPSED = "lapsed", _("vervallen")

    # The states in which a sign-up still waits for a decision or a place.
    OPEN_STATES = (State.NEW, State.WAITING, State.OFFERED)

    submission = models.ForeignKey(
        SignUpSubmission,
        on_delete=models.CASCADE,
        related_name="signups",
        verbose_name=_("aanmeldformulier"),
    )
    edition = models.ForeignKey(
        Edition, on_delete=models.PROTECT, related_name="signups", verbose_name=_("editie")
    )
    first_name = models.CharField(_("voornaam"), max_length=150)
    last_name = models.CharField(_("achternaam"), max_length=150)
    email = models.EmailField(_("e-mailadres"), max_length=150)
    state = models.CharField(_("status"), max_length=10, choices=State.choices, default=State.NEW)
    created_at = models.DateTimeField(_("aangemeld op"), default=timezone.now)
    waiting_since = models.DateTimeField(_("op de wachtlijst sinds"), null=True, blank=True)
    offered_at = models.DateTimeField(_("plek aangeboden op"), null=True, blank=True)
    offer_expires_at = models.DateTimeField(_("aanbod geldig tot"), null=True, blank=True)
    decided_at = models.DateTimeField(_("besloten op"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("besloten door"),
    )
    reject_reason = models.TextField(_("reden van afwijzing"), max_length=2000, blank=True)
    learner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="signups",
        verbose_name=_("cursist"),
    )
    enrollment = models.ForeignKey(
        Enrollment,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="signups",
        verbose_name=_("inschrijving"),
    )

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("aanmelding")
        verbose_name_plural = _("aanmeldingen")
        constraints = [
            models.CheckConstraint(
                condition=~Q(state="waiting") | Q(waiting_since__isnull=False),
                name="signup_waiting_has_since",
            ),
            models.CheckConstraint(
                condition=~Q(state="offered")
                | Q(offered_at__isnull=False, offer_expires_at__isnull=False),
                name="signup_offer_has_dates",
            ),
        ]
        indexes = [
            models.Index(fields=["edition", "state", "waiting_since"], name="signup_waiting_list"),
            models.Index(fields=["state", "created_at"], name="signup_queue"),
        ]

    def __str__(self) -> str:
        return f"{self.first_name} {self.last_name} – {self.edition_id}"

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()


class Trajectory(models.Model):
    """The re-integration trajectory ("Erkend Talent") an enrolment is part of: who pays for
    it and which job coach guides the learner. The job coach sees the learner's progress,
    attendance and results only while the learner's consent runs (`courses.trajectories`);
    every change of that consent is kept as a `TrajectoryConsent`."""

    class FunderType(models.TextChoices):
        UWV = "uwv", _("UWV")
        MUNICIPALITY = "gemeente", _("gemeente / sociale dienst")
        EMPLOYER = "werkgever", _("werkgever")
        OTHER = "anders", _("anders")

    enrollment = models.OneToOneField(
        Enrollment,
        on_delete=models.CASCADE,
        related_name="trajectory",
        verbose_name=_("inschrijving"),
    )
    funder_type = models.CharField(_("soort financier"), max_length=10, choices=FunderType.choices)
    funder_name = models.CharField(
        _("naam financier"), max_length=200, help_text=_("Bijvoorbeeld: UWV Zwolle.")
    )
    coach_name = models.CharField(_("naam jobcoach"), max_length=200)
    coach_email = models.EmailField(_("e-mailadres jobcoach"), max_length=150)
    starts_on = models.DateField(_("begindatum"))
    ends_on = models.DateField(_("einddatum"), null=True, blank=True)
    coach = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="coached_trajectories",
        verbose_name=_("account jobcoach"),
        help_text=_("Gekoppeld via het e-mailadres zodra de cursist toestemming geeft."),
    )
    consent_given_at = models.DateTimeField(
        _("toestemming gegeven op"), null=True, blank=True, editable=False
    )
    consent_revoked_at = models.DateTimeField(
        _("toestemming ingetrokken op"), null=True, blank=True, editable=False
    )
    created_at = models.DateTimeField(_("vastgelegd op"), default=timezone.now, editable=False)

    class Meta:
        ordering = ["-starts_on", "pk"]
        verbose_name = _("traject (Erkend Talent)")
        verbose_name_plural = _("trajecten (Erkend Talent)")
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=models.F("starts_on")),
                name="trajectory_ends_after_start",
            ),
            models.CheckConstraint(
                condition=Q(consent_revoked_at__isnull=True) | Q(consent_given_at__isnull=False),
                name="trajectory_revoked_after_given",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_funder_type_display()} {self.funder_name} – {self.enrollment_id}"

    @property
    def has_consent(self) -> bool:
        return self.consent_given_at is not None and self.consent_revoked_at is None


class TrajectoryConsent(models.Model):
    """One change of a learner's consent for their job coach: the history that stays when
    the consent is given again or revoked."""

    class Action(models.TextChoices):
        GIVEN = "given", _("toestemming gegeven")
        REVOKED = "revoked", _("toestemming ingetrokken")
        ENDED = "ended", _("toestemming vervallen: andere jobcoach")

    trajectory = models.ForeignKey(
        Trajectory, on_delete=models.CASCADE, related_name="consents", verbose_name=_("traject")
    )
    action = models.CharField(_("wat"), max_length=10, choices=Action.choices)
    at = models.DateTimeField(_("op"))
    coach_name = models.CharField(_("naam jobcoach"), max_length=200)
    coach_email = models.EmailField(_("e-mailadres jobcoach"), max_length=150)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("door"),
    )

    class Meta:
        ordering = ["at", "pk"]
        verbose_name = _("toestemming jobcoach")
        verbose_name_plural = _("toestemmingen jobcoach")
        indexes = [models.Index(fields=["trajectory", "at"])]

    def __str__(self) -> str:
        return f"{self.trajectory_id}: {self.action} {self.at:%Y-%m-%d}"
