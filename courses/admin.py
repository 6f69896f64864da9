"""The administrator's side of courses: the catalogue, editions, enrolments and their import.

Lessons are polymorphic: one parent admin lists every lesson, and each lesson
type has a child admin for its own fields. Lesson types are found at request
time, so a type that another app adds shows up without a change here.
"""

from __future__ import annotations

from django import forms
from django.apps import apps
from django.contrib import admin, messages
from django.contrib.auth.hashers import UNUSABLE_PASSWORD_PREFIX
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.db.models import Count, Min, Q
from django.shortcuts import redirect
from django.template.defaultfilters import filesizeformat
from django.template.response import TemplateResponse
from django.urls import include, path
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _
from polymorphic.admin import (
    PolymorphicChildModelAdmin,
    PolymorphicChildModelFilter,
    PolymorphicParentModelAdmin,
)

from . import invitations, services
from .imports import EnrollmentImportError, ImportReport, enrollment_import
from .models import (
    Attendance,
    ClassroomSession,
    CoachingNote,
    Course,
    CourseModule,
    DueDateExtension,
    Edition,
    Enrollment,
    FileLesson,
    Lesson,
    LessonProgress,
    MediaLesson,
    Organisation,
    OrganisationContact,
    SignUp,
    SignUpSubmission,
    TextLesson,
)
from .signups import services as signup_services

IMPORT_MAX_BYTES = 2 * 1024 * 1024
IMPORT_MAX_ERRORS_SHOWN = 200


def _module_label(module: CourseModule) -> str:
    return f"{module.course} – {module}"


def _module_field(field: forms.ModelChoiceField) -> forms.ModelChoiceField:
    """A module select that names the course too: module titles repeat across courses."""
    field.queryset = field.queryset.select_related("course")
    field.label_from_instance = _module_label
    return field


# --- catalogue ------------------------------------------------------------------------------


class CourseModuleInline(admin.TabularInline):
    model = CourseModule
    fields = ("order", "title", "description")
    extra = 0
    show_change_link = True
    formfield_overrides = {
        models.TextField: {"widget": forms.Textarea(attrs={"rows": 2, "cols": 50})},
    }


@admin.register(Course)
class CourseAdmin(admin.ModelAdmin):
    list_display = ("title", "slug", "price_excl_vat", "module_count", "edition_count")
    search_fields = ("title", "slug")
    prepopulated_fields = {"slug": ("title",)}
    # Searched, not listed: a select of every account would grow with the learners.
    autocomplete_fields = ("authors",)
    inlines = [CourseModuleInline]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(
                _module_count=Count("modules", distinct=True),
                _edition_count=Count("editions", distinct=True),
            )
        )

    @admin.display(description=_("modules"), ordering="_module_count")
    def module_count(self, obj: Course) -> int:
        return obj._module_count

    @admin.display(description=_("edities"), ordering="_edition_count")
    def edition_count(self, obj: Course) -> int:
        return obj._edition_count


@admin.register(CourseModule)
class CourseModuleAdmin(admin.ModelAdmin):
    list_display = ("title", "course", "order", "lesson_count")
    list_select_related = ("course",)
    list_filter = ("course",)
    search_fields = ("title", "course__title")
    ordering = ("course__title", "order")

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(_lesson_count=Count("lessons"))

    @admin.display(description=_("lessen"), ordering="_lesson_count")
    def lesson_count(self, obj: CourseModule) -> int:
        return obj._lesson_count


# --- lessons (polymorphic) ------------------------------------------------------------------


def lesson_types() -> list[type[Lesson]]:
    """Every installed lesson type: the concrete subclasses of Lesson at any depth, plugins too."""
    found: list[type[Lesson]] = []
    queue = list(Lesson.__subclasses__())
    while queue:
        model = queue.pop(0)
        queue.extend(model.__subclasses__())
        if model._meta.abstract or model in found:
            continue
        try:
            installed = apps.get_model(model._meta.app_label, model._meta.model_name)
        except LookupError:
            continue
        if installed is model:
            found.append(model)
    return found


class LessonChildAdmin(PolymorphicChildModelAdmin):
    """The admin of a lesson type; also used for a plugin's type that has no admin of its own."""

    base_model = Lesson
    show_in_index = False
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    extra_fieldset_title = _("Inhoud")
    base_fieldsets = (
        (
            None,
            {"fields": ("module", "order", "title", "summary", "is_required", "estimated_minutes")},
        ),
        (
            _("Wanneer opent de les?"),
            {
                "fields": (("opens_anchor", "opens_module", "opens_offset_days"),),
                "description": _(
                    "Ten opzichte van de klassikale dag van een module in elke editie. "
                    "Bijvoorbeeld: opent bij het einde van de klassikale dag van module 1, "
                    "0 dagen verschuiving. Laat 'opent bij' leeg als de les meteen open is."
                ),
            },
        ),
        (
            _("Wanneer moet het af?"),
            {
                "fields": (("due_anchor", "due_module", "due_offset_days"),),
                "description": _(
                    "Bijvoorbeeld: inleveren bij het begin van de klassikale dag van module 2, "
                    "-2 dagen verschuiving (twee dagen ervoor). Laat 'inleveren bij' leeg als "
                    "er geen deadline is."
                ),
            },
        ),
    )

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        field = super().formfield_for_foreignkey(db_field, request, **kwargs)
        if db_field.name in ("module", "opens_module", "due_module") and field is not None:
            _module_field(field)
        return field


@admin.register(TextLesson)
class TextLessonAdmin(LessonChildAdmin):
    base_model = Lesson


@admin.register(MediaLesson)
class MediaLessonAdmin(LessonChildAdmin):
    base_model = Lesson


@admin.register(FileLesson)
class FileLessonAdmin(LessonChildAdmin):
    base_model = Lesson


@admin.register(Lesson)
class LessonAdmin(PolymorphicParentModelAdmin):
    """All lessons, whatever their type.

    Child models are looked up on every request (`lesson_types()`), so a lesson type
    another app defines is listed and can be added: with its own child admin when
    that app registers one, else with `LessonChildAdmin`.
    """

    base_model = Lesson
    list_display = ("title", "lesson_type", "module", "course", "order", "is_required")
    list_select_related = ("module__course",)
    list_filter = (PolymorphicChildModelFilter, "module__course", "is_required")
    search_fields = ("title", "module__title", "module__course__title")
    ordering = ("module__course__title", "module__order", "order")

    def __init__(self, model, admin_site):
        super().__init__(model, admin_site)
        self._default_child_admins: dict[type[Lesson], LessonChildAdmin] = {}

    def get_child_models(self):
        return lesson_types()

    # The parent admin caches its child models once; read them afresh instead.
    @property
    def _child_models(self):
        return self.get_child_models()

    @_child_models.setter
    def _child_models(self, value):
        pass

    def _default_child_admin(self, model: type[Lesson]) -> LessonChildAdmin:
        if model not in self._default_child_admins:
            self._default_child_admins[model] = LessonChildAdmin(model, self.admin_site)
        return self._default_child_admins[model]

    def _get_real_admin_by_model(self, model_class, super_if_self=True):
        if model_class in self.get_child_models() and model_class not in self.admin_site._registry:
            return self._default_child_admin(model_class)
        return super()._get_real_admin_by_model(model_class, super_if_self=super_if_self)

    def get_urls(self):
        """The parent's URLs, plus those of lesson types that no app registered an admin for.

        They come first: the parent's catch-all `<object_id>/` would match them otherwise.
        """
        child_urls = []
        for model in self.get_child_models():
            if model in self.admin_site._registry:
                continue
            opts = model._meta
            child = self._default_child_admin(model)
            child_urls.append(path(f"{opts.app_label}/{opts.model_name}/", include(child.urls)))
        return [*child_urls, *super().get_urls()]

    @admin.display(description=_("soort"), ordering="polymorphic_ctype")
    def lesson_type(self, obj: Lesson) -> str:
        model = ContentType.objects.get_for_id(obj.polymorphic_ctype_id).model_class()
        return str(model._meta.verbose_name) if model else "?"

    @admin.display(description=_("cursus"), ordering="module__course__title")
    def course(self, obj: Lesson) -> Course:
        return obj.module.course


# --- editions and classroom days ------------------------------------------------------------

SESSION_MOVE_FIELDS = {"date", "start_time", "end_time", "location"}


def _session_save(session: ClassroomSession, changed: list[str], *, actor) -> None:
    """Save an edited classroom day; a new date, time or place goes through the reschedule
    service, so that the dates that hang on the day move and learners hear of it."""
    moved = SESSION_MOVE_FIELDS & set(changed)
    if session.pk is None or not moved:
        session.save()
        return
    other = [name for name in changed if name not in SESSION_MOVE_FIELDS]
    if other:
        ClassroomSession.objects.filter(pk=session.pk).update(
            **{
                session._meta.get_field(name).attname: session.serializable_value(name)
                for name in other
            }
        )
    services.session_reschedule(
        session=session,
        change=services.SessionChange(
            date=session.date,
            start_time=session.start_time,
            end_time=session.end_time,
            location=session.location,
        ),
        actor=actor,
    )


class ClassroomSessionInline(admin.TabularInline):
    model = ClassroomSession
    fields = (
        "module",
        "date",
        "start_time",
        "end_time",
        "location",
        "first_dagdeel",
        "last_dagdeel",
    )
    extra = 0
    ordering = ("date", "start_time")

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        module = formset.form.base_fields.get("module")
        if module is not None:
            _module_field(module)
            if obj is not None:
                module.queryset = module.queryset.filter(course_id=obj.course_id)
        return formset

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("module__course")


@admin.register(Edition)
class EditionAdmin(admin.ModelAdmin):
    list_display = (
        "name",
        "course",
        "region",
        "status",
        "first_day",
        "active_count",
        "capacity",
        "session_count",
        "trainer_names",
    )
    list_select_related = ("course",)
    list_filter = ("status", "region", "course")
    search_fields = ("name", "course__title")
    filter_horizontal = ("trainers",)
    inlines = [ClassroomSessionInline]
    readonly_fields = ("created_at",)

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(
                _active_count=Count(
                    "enrollments",
                    filter=Q(enrollments__status=Enrollment.Status.ACTIVE),
                    distinct=True,
                ),
                _session_count=Count("sessions", distinct=True),
                _first_day=Min("sessions__date"),
            )
            .prefetch_related("trainers")
        )

    @admin.display(description=_("actieve cursisten"), ordering="_active_count")
    def active_count(self, obj: Edition) -> int:
        return obj._active_count

    @admin.display(description=_("klassikale dagen"), ordering="_session_count")
    def session_count(self, obj: Edition) -> int:
        return obj._session_count

    @admin.display(description=_("eerste dag"), ordering="_first_day")
    def first_day(self, obj: Edition):
        return obj._first_day

    @admin.display(description=_("trainers"))
    def trainer_names(self, obj: Edition) -> str:
        return ", ".join(user.get_full_name() or user.get_username() for user in obj.trainers.all())

    def save_formset(self, request, form, formset, change):
        if formset.model is not ClassroomSession:
            return super().save_formset(request, form, formset, change)
        formset.save(commit=False)
        for session in formset.deleted_objects:
            session.delete()
        for session in formset.new_objects:
            session.save()
        for session, changed in formset.changed_objects:
            _session_save(session, changed, actor=request.user)


@admin.register(ClassroomSession)
class ClassroomSessionAdmin(admin.ModelAdmin):
    list_display = ("date", "start_time", "end_time", "edition", "module", "dagdelen", "location")
    list_select_related = ("edition", "module")
    list_filter = ("edition__region", "edition__course", "edition")
    search_fields = ("edition__name", "module__title", "location")
    date_hierarchy = "date"

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        field = super().formfield_for_foreignkey(db_field, request, **kwargs)
        if db_field.name == "module" and field is not None:
            _module_field(field)
        return field

    @admin.display(description=_("dagdelen"))
    def dagdelen(self, obj: ClassroomSession) -> str:
        return obj.dagdelen_label

    def save_model(self, request, obj, form, change):
        _session_save(obj, form.changed_data if change else [], actor=request.user)


# --- enrolments and their import ------------------------------------------------------------


class EnrollmentImportForm(forms.Form):
    file = forms.FileField(
        label=_("CSV-bestand"),
        help_text=_(
            "Eén cursist per regel, met een kopregel met de kolommen email, first name, "
            "last name, organisation, edition (of in het Nederlands: e-mail, voornaam, "
            "achternaam, organisatie, editie). Gescheiden door komma's of puntkomma's, zoals "
            "Excel een CSV opslaat. In de kolom edition staat de naam van de editie "
            "(bijvoorbeeld 'Dienstverlening Noord') of haar nummer. Hoogstens 2 MB."
        ),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > IMPORT_MAX_BYTES:
            raise forms.ValidationError(
                _("Het bestand is %(size)s groot; een import mag hoogstens %(max)s MB zijn.")
                % {"size": filesizeformat(upload.size), "max": IMPORT_MAX_BYTES // (1024 * 1024)}
            )
        return upload


def _report_message(report: ImportReport) -> str:
    return gettext(
        "Import klaar: %(enrollments)s nieuwe inschrijvingen, %(users)s nieuwe accounts, "
        "%(organisations)s nieuwe organisaties, %(unchanged)s al ingeschreven en ongewijzigd."
    ) % {
        "enrollments": report.enrollments_created,
        "users": report.users_created,
        "organisations": report.organisations_created,
        "unchanged": report.unchanged,
    }


class CanLogInFilter(admin.SimpleListFilter):
    """Who has not chosen a password yet (has not accepted their invitation)."""

    title = _("kan inloggen")
    parameter_name = "can_log_in"

    def lookups(self, request, model_admin):
        return [("no", _("Nee: wacht op een wachtwoord")), ("yes", _("Ja"))]

    def queryset(self, request, queryset):
        without = Q(learner__password__startswith=UNUSABLE_PASSWORD_PREFIX)
        if self.value() == "no":
            return queryset.filter(without)
        if self.value() == "yes":
            return queryset.exclude(without)
        return queryset


@admin.register(Enrollment)
class EnrollmentAdmin(admin.ModelAdmin):
    change_list_template = "admin/courses/enrollment/change_list.html"
    import_template = "admin/courses/enrollment/import.html"
    list_display = (
        "learner_name",
        "learner__email",
        "edition",
        "organisation",
        "status",
        "enrolled_at",
        "can_log_in",
    )
    list_select_related = ("learner", "edition", "organisation")
    ordering = ("edition__name", "learner__last_name", "learner__first_name", "pk")
    list_filter = ("edition", "status", "organisation", CanLogInFilter)
    actions = ["send_invitations"]
    search_fields = ("learner__first_name", "learner__last_name", "learner__email")
    autocomplete_fields = ("learner", "edition", "organisation")
    date_hierarchy = "enrolled_at"

    @admin.display(description=_("cursist"), ordering="learner__last_name")
    def learner_name(self, obj: Enrollment) -> str:
        return obj.learner.get_full_name() or obj.learner.get_username()

    @admin.display(description=_("kan inloggen"), boolean=True)
    def can_log_in(self, obj: Enrollment) -> bool:
        return obj.learner.has_usable_password()

    @admin.action(description=_("Uitnodiging (opnieuw) sturen aan wie nog geen wachtwoord heeft"))
    def send_invitations(self, request, queryset):
        sent = invitations.invitations_send(
            enrollment_ids=queryset.values_list("pk", flat=True), by=request.user
        )
        self.message_user(
            request,
            ngettext("%(count)s uitnodiging verstuurd.", "%(count)s uitnodigingen verstuurd.", sent)
            % {"count": sent},
            messages.SUCCESS,
        )

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if not change:  # a new enrolment of someone without a password: invite them
            invitations.invitation_send(user=obj.learner, enrollment=obj, by=request.user)

    def get_urls(self):
        info = self.opts.app_label, self.opts.model_name
        return [
            path(
                "import/",
                self.admin_site.admin_view(self.import_view),
                name="{}_{}_import".format(*info),
            ),
            *super().get_urls(),
        ]

    def changelist_view(self, request, extra_context=None):
        extra_context = {**(extra_context or {}), "can_import": self.has_add_permission(request)}
        return super().changelist_view(request, extra_context=extra_context)

    def import_view(self, request):
        """Upload a CSV of learners: every row is checked, and nothing is kept when one is wrong."""
        if not self.has_add_permission(request):
            raise PermissionDenied
        errors: list[str] = []
        if request.method == "POST":
            form = EnrollmentImportForm(request.POST, request.FILES)
            if form.is_valid():
                try:
                    report = enrollment_import(
                        data=form.cleaned_data["file"].read(), actor=request.user
                    )
                except EnrollmentImportError as exc:
                    errors = [str(error) for error in exc.errors]
                else:
                    self._report(request, report)
                    return redirect(
                        f"admin:{self.opts.app_label}_{self.opts.model_name}_changelist"
                    )
        else:
            form = EnrollmentImportForm()
        context = {
            **self.admin_site.each_context(request),
            "title": gettext("Inschrijvingen importeren"),
            "opts": self.opts,
            "form": form,
            "errors": errors[:IMPORT_MAX_ERRORS_SHOWN],
            "errors_hidden": max(len(errors) - IMPORT_MAX_ERRORS_SHOWN, 0),
            "example": (
                "email;first name;last name;organisation;edition\n"
                "jan.jansen@utrecht.nl;Jan;Jansen;Gemeente Utrecht;Dienstverlening Noord\n"
                "henriette.de.vries@zwolle.nl;Henriëtte;de Vries;Gemeente Zwolle;"
                "Dienstverlening Noord"
            ),
            "media": self.media + form.media,
        }
        request.current_app = self.admin_site.name
        return TemplateResponse(request, self.import_template, context)

    def _report(self, request, report: ImportReport) -> None:
        self.message_user(request, _report_message(report), messages.SUCCESS)
        if report.invited:
            self.message_user(
                request,
                ngettext(
                    "%(count)s cursist zonder wachtwoord kreeg een uitnodiging per e-mail om er "
                    "een te kiezen.",
                    "%(count)s cursisten zonder wachtwoord kregen een uitnodiging per e-mail om "
                    "er een te kiezen.",
                    report.invited,
                )
                % {"count": report.invited},
                messages.INFO,
            )
        if report.withdrawn:
            rows = ", ".join(
                gettext("regel %(line)s (%(email)s, %(edition)s)")
                % {"line": row.line, "email": row.email, "edition": row.edition}
                for row in report.withdrawn
            )
            self.message_user(
                request,
                gettext(
                    "Eerder uitgeschreven en zo gelaten: %(rows)s. Zet de status zelf op "
                    "actief als zij toch weer meedoen."
                )
                % {"rows": rows},
                messages.WARNING,
            )


class OrganisationContactInline(admin.TabularInline):
    """The organisation's contact persons, to see and remove here. They are added on the
    organisation's page in the app (`courses:organisation_detail`), which makes or links the
    account and sends the invitation."""

    model = OrganisationContact
    fields = ("user", "wants_monthly_report", "created_at")
    readonly_fields = ("user", "created_at")
    extra = 0

    def has_add_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ("name", "enrollment_count")
    search_fields = ("name",)
    inlines = [OrganisationContactInline]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(_enrollment_count=Count("enrollments"))

    @admin.display(description=_("inschrijvingen"), ordering="_enrollment_count")
    def enrollment_count(self, obj: Organisation) -> int:
        return obj._enrollment_count


# --- progress, attendance, extensions, coaching ---------------------------------------------

_ENROLLMENT_RELATED = ("enrollment__learner", "enrollment__edition")


@admin.register(LessonProgress)
class LessonProgressAdmin(admin.ModelAdmin):
    list_display = ("enrollment", "lesson", "first_opened_at", "completed_at")
    list_select_related = (*_ENROLLMENT_RELATED, "lesson")
    list_filter = ("enrollment__edition",)
    search_fields = (
        "enrollment__learner__email",
        "enrollment__learner__last_name",
        "lesson__title",
    )
    raw_id_fields = ("enrollment", "lesson")


@admin.register(Attendance)
class AttendanceAdmin(admin.ModelAdmin):
    list_display = ("session", "edition", "learner", "status", "note", "recorded_by", "recorded_at")
    list_select_related = ("session__edition", *_ENROLLMENT_RELATED, "recorded_by")
    list_filter = ("status", "session__edition")
    search_fields = ("enrollment__learner__email", "enrollment__learner__last_name")
    raw_id_fields = ("session", "enrollment")
    readonly_fields = ("recorded_by", "recorded_at")

    @admin.display(description=_("editie"), ordering="session__edition__name")
    def edition(self, obj: Attendance) -> Edition:
        return obj.session.edition

    @admin.display(description=_("cursist"), ordering="enrollment__learner__last_name")
    def learner(self, obj: Attendance) -> str:
        learner = obj.enrollment.learner
        return learner.get_full_name() or learner.get_username()

    def save_model(self, request, obj, form, change):
        obj.recorded_by = request.user
        super().save_model(request, obj, form, change)


@admin.register(DueDateExtension)
class DueDateExtensionAdmin(admin.ModelAdmin):
    list_display = ("enrollment", "lesson", "due_at", "reason", "granted_by", "created_at")
    list_select_related = (*_ENROLLMENT_RELATED, "lesson", "granted_by")
    list_filter = ("enrollment__edition",)
    search_fields = (
        "enrollment__learner__email",
        "enrollment__learner__last_name",
        "lesson__title",
    )
    raw_id_fields = ("enrollment", "lesson")
    readonly_fields = ("granted_by", "created_at")

    def save_model(self, request, obj, form, change):
        if obj.granted_by_id is None:
            obj.granted_by = request.user
        super().save_model(request, obj, form, change)


@admin.register(CoachingNote)
class CoachingNoteAdmin(admin.ModelAdmin):
    list_display = ("enrollment", "lesson", "author", "created_at")
    list_select_related = (*_ENROLLMENT_RELATED, "lesson", "author")
    list_filter = ("enrollment__edition",)
    search_fields = ("enrollment__learner__email", "enrollment__learner__last_name", "body")
    raw_id_fields = ("enrollment", "lesson", "author")
    readonly_fields = ("created_at",)


# --- sign-ups from the public course page ----------------------------------------------------


@admin.register(SignUp)
class SignUpAdmin(admin.ModelAdmin):
    """Read here; decided in the app's queue (`courses:signup_queue`), where rejecting asks
    for a reason. The actions below accept or put on the waiting list in bulk, through the
    same services (an edition that is full refuses the rest)."""

    list_display = ("full_name", "email", "edition", "state", "organisation", "created_at")
    list_select_related = ("edition", "submission")
    list_filter = ("state", "edition")
    search_fields = ("first_name", "last_name", "email", "submission__organisation_name")
    date_hierarchy = "created_at"
    actions = ["accept", "put_on_waiting_list"]

    def has_add_permission(self, request) -> bool:
        return False

    def get_readonly_fields(self, request, obj=None):
        return [field.name for field in self.opts.fields]

    @admin.display(description=_("organisatie"), ordering="submission__organisation_name")
    def organisation(self, obj: SignUp) -> str:
        return obj.submission.organisation_name

    def _run(self, request, queryset, service, done: str) -> None:
        count = 0
        for signup_id in queryset.order_by("created_at", "pk").values_list("pk", flat=True):
            try:
                service(signup_id=signup_id, by=request.user)
            except ValidationError as exc:
                self.message_user(request, " ".join(exc.messages), messages.WARNING)
            else:
                count += 1
        self.message_user(request, done % {"count": count}, messages.SUCCESS)

    @admin.action(description=_("Accepteren en inschrijven (met uitnodiging)"))
    def accept(self, request, queryset):
        self._run(
            request, queryset, signup_services.signup_accept, gettext("%(count)s geaccepteerd.")
        )

    @admin.action(description=_("Op de wachtlijst zetten"))
    def put_on_waiting_list(self, request, queryset):
        self._run(
            request,
            queryset,
            signup_services.signup_wait,
            gettext("%(count)s op de wachtlijst gezet."),
        )


@admin.register(SignUpSubmission)
class SignUpSubmissionAdmin(admin.ModelAdmin):
    list_display = ("name", "email", "organisation_name", "course", "created_at")
    list_select_related = ("course",)
    search_fields = ("name", "email", "organisation_name", "invoice_name", "invoice_reference")
    date_hierarchy = "created_at"

    def has_add_permission(self, request) -> bool:
        return False

    def get_readonly_fields(self, request, obj=None):
        return [field.name for field in self.opts.fields]


from .trajectories import admin as _trajectory_admin  # noqa: E402, F401  (registers the trajectory admin)
