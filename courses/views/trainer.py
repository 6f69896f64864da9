"""The trainer's pages: editions, an edition's days and progress, moving a day, attendance,
one learner's work with coaching notes and extensions, and lesson files."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods

from core.dates import format_when
from core.files import file_response, media_response

from .. import hooks, selectors, services
from ..access import edition_for_trainer_or_404, editions_taught_by
from ..forms import (
    AttendanceForm,
    CoachingNoteForm,
    ExtensionForm,
    SessionConfirmForm,
    SessionForm,
)
from ..models import (
    Attendance,
    ClassroomSession,
    CoachingNote,
    Edition,
    Enrollment,
    Lesson,
    MediaLesson,
)


def _session_or_404(edition: Edition, session_id: int) -> ClassroomSession:
    session = (
        ClassroomSession.objects.select_related("module")
        .filter(pk=session_id, edition=edition)
        .first()
    )
    if session is None:
        raise Http404
    session.edition = edition
    return session


def _enrollment_or_404(edition: Edition, enrollment_id: int) -> Enrollment:
    enrollment = (
        Enrollment.objects.select_related("learner", "organisation")
        .filter(pk=enrollment_id, edition=edition)
        .first()
    )
    if enrollment is None:
        raise Http404
    enrollment.edition = edition
    return enrollment


@login_required
def trainer_editions(request: HttpRequest) -> HttpResponse:
    now = timezone.now()
    editions = selectors.editions_for_trainer_list(editions_taught_by(request.user))
    rows = [
        (edition, next((s for s in edition.sessions.all() if s.ends_at >= now), None))
        for edition in editions
    ]
    return render(request, "courses/trainer/editions.html", {"rows": rows, "now": now})


@login_required
def trainer_edition(request: HttpRequest, edition_id: int) -> HttpResponse:
    edition = edition_for_trainer_or_404(request.user, edition_id)
    now = timezone.now()
    matrix = selectors.progress_matrix(edition, now=now)
    modules = {module.pk: module for module in matrix.modules}
    sessions = list(edition.sessions.all())
    for session in sessions:
        session.module = modules.get(session.module_id)
    return render(
        request,
        "courses/trainer/edition.html",
        {
            "edition": edition,
            "course": edition.course,
            "sessions": sessions,
            "matrix": matrix,
            "lesson_files": selectors.lesson_files(edition),
            "now": now,
        },
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def session_edit(request: HttpRequest, edition_id: int, session_id: int) -> HttpResponse:
    """Move a classroom day in two steps: first see which dates move, then confirm."""
    edition = edition_for_trainer_or_404(request.user, edition_id)
    session = _session_or_404(edition, session_id)
    context = {"edition": edition, "course": edition.course, "session": session, "preview": None}
    if request.method != "POST":
        form = SessionForm(initial=SessionForm.initial_for(session))
        return render(request, "courses/trainer/session_edit.html", {**context, "form": form})

    form = SessionForm(request.POST)
    step = SessionConfirmForm(request.POST)
    status = 200
    if form.is_valid():
        change = form.change()
        changes = services.session_reschedule_preview(session=session, change=change)
        # A day in the past, before an earlier day, or work overdue at once: only with the
        # trainer's explicit yes, after seeing how many learners and which items.
        warning = selectors.session_move_warning(
            session=session, new_date=change.date, changes=changes, now=timezone.now()
        )
        if step.confirmed() and (step.accepted() or not warning.needed):
            try:
                changes = services.session_reschedule(
                    session=session, change=change, actor=request.user
                )
            except ValidationError as exc:
                _add_errors(form, exc)
            else:
                messages.success(
                    request,
                    _("De lesdag is gewijzigd.")
                    + " "
                    + ngettext(
                        "%(count)d datum van online werk is verschoven.",
                        "%(count)d datums van online werk zijn verschoven.",
                        len(changes),
                    )
                    % {"count": len(changes)},
                )
                return redirect("courses:trainer_edition", edition_id=edition.pk)
        else:
            if step.confirmed():
                step.add_error(
                    "accept_overdue",
                    _("Vink aan dat je weet wat er gebeurt, of kies een andere datum."),
                )
                status = 400
            lessons = (
                Lesson.objects.non_polymorphic()
                .select_related("module")
                .in_bulk({c.lesson_id for c in changes})
            )
            context["preview"] = [(lessons.get(c.lesson_id), c) for c in changes]
            context["change"] = change
            context["warning"] = warning
            context["step"] = step
    return render(
        request, "courses/trainer/session_edit.html", {**context, "form": form}, status=status
    )


def _add_errors(form, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def attendance(request: HttpRequest, edition_id: int, session_id: int) -> HttpResponse:
    edition = edition_for_trainer_or_404(request.user, edition_id)
    session = _session_or_404(edition, session_id)
    sheet = selectors.attendance_sheet(session)
    if request.method == "POST" and request.POST.get("all_present") == "1":
        statuses = {e.pk: Attendance.Status.PRESENT for e, record in sheet if record is None}
        if statuses:
            services.attendance_register(session=session, statuses=statuses, actor=request.user)
        messages.success(
            request,
            ngettext(
                "%(count)d cursist staat nu op aanwezig. Pas hieronder aan wie er niet was.",
                "%(count)d cursisten staan nu op aanwezig. Pas hieronder aan wie er niet was.",
                len(statuses),
            )
            % {"count": len(statuses)},
        )
        return redirect("courses:attendance", edition_id=edition.pk, session_id=session.pk)
    if request.method == "POST":
        form = AttendanceForm(request.POST, sheet=sheet)
        if form.is_valid():
            try:
                saved = services.attendance_register(
                    session=session, statuses=form.statuses(), actor=request.user
                )
            except ValidationError as exc:
                _add_errors(form, exc)
            else:
                messages.success(
                    request,
                    ngettext(
                        "Aanwezigheid opgeslagen voor %(count)d cursist.",
                        "Aanwezigheid opgeslagen voor %(count)d cursisten.",
                        saved,
                    )
                    % {"count": saved},
                )
                return redirect("courses:trainer_edition", edition_id=edition.pk)
    else:
        form = AttendanceForm(sheet=sheet)
    return render(
        request,
        "courses/trainer/attendance.html",
        {
            "edition": edition,
            "course": edition.course,
            "session": session,
            "form": form,
            "unrecorded": sum(1 for _e, record in sheet if record is None),
        },
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def trainer_learner(request: HttpRequest, edition_id: int, enrollment_id: int) -> HttpResponse:
    """One learner in an edition: work and dates, attendance, coaching notes, extensions."""
    edition = edition_for_trainer_or_404(request.user, edition_id)
    enrollment = _enrollment_or_404(edition, enrollment_id)
    now = timezone.now()
    outline = selectors.course_outline(enrollment, now=now)
    lessons = [item.lesson for item in outline.lessons()]
    note_form = CoachingNoteForm(lessons=lessons, prefix="note")
    extension_form = ExtensionForm(lessons=lessons, prefix="extension")

    if request.method == "POST":
        action = request.POST.get("action")
        if action == "note":
            note_form = CoachingNoteForm(request.POST, lessons=lessons, prefix="note")
            if note_form.is_valid():
                try:
                    services.coaching_note_create(
                        enrollment=enrollment,
                        author=request.user,
                        body=note_form.cleaned_data["body"],
                        lesson=note_form.cleaned_data["lesson"],
                    )
                except ValidationError as exc:
                    _add_errors(note_form, exc)
                else:
                    messages.success(
                        request, _("Je notitie is opgeslagen. De cursist kan hem nu lezen.")
                    )
                    return redirect(
                        "courses:trainer_learner",
                        edition_id=edition.pk,
                        enrollment_id=enrollment.pk,
                    )
        elif action == "extension":
            extension_form = ExtensionForm(request.POST, lessons=lessons, prefix="extension")
            if extension_form.is_valid():
                lesson = extension_form.cleaned_data["lesson"]
                due_at = extension_form.due_at()
                try:
                    services.extension_grant(
                        enrollment=enrollment,
                        lesson=lesson,
                        due_at=due_at,
                        actor=request.user,
                        reason=extension_form.cleaned_data["reason"],
                    )
                except ValidationError as exc:
                    _add_errors(extension_form, exc)
                else:
                    messages.success(
                        request,
                        _("De nieuwe deadline voor ‘%(title)s’ is %(date)s.")
                        % {
                            "title": lesson.title,
                            "date": format_when(due_at, "short_time"),
                        },
                    )
                    return redirect(
                        "courses:trainer_learner",
                        edition_id=edition.pk,
                        enrollment_id=enrollment.pk,
                    )

    records = {
        a.session_id: a
        for a in Attendance.objects.filter(enrollment=enrollment, session__edition=edition)
    }
    attendance_rows = [(session, records.get(session.pk)) for session in outline.sessions]
    notes = list(
        CoachingNote.objects.filter(enrollment=enrollment)
        .select_related("author", "lesson")
        .order_by("-created_at", "-pk")
    )
    file_ids = {lesson.pk for lesson in selectors.lesson_files(edition)}
    return render(
        request,
        "courses/trainer/learner.html",
        {
            "sections": hooks.page_sections(
                "trainer_learner", request=request, enrollment=enrollment
            ),
            "edition": edition,
            "course": edition.course,
            "enrollment": enrollment,
            "learner": enrollment.learner,
            "outline": outline,
            "attendance_rows": attendance_rows,
            "notes": notes,
            "note_form": note_form,
            "extension_form": extension_form,
            "file_ids": file_ids,
            "now": now,
        },
    )


@login_required
def trainer_lesson_file(request: HttpRequest, edition_id: int, lesson_id: int) -> HttpResponse:
    """A lesson's file, for a trainer of the edition (whether or not the lesson is open yet)."""
    edition = edition_for_trainer_or_404(request.user, edition_id)
    lesson = Lesson.objects.filter(pk=lesson_id, module__course_id=edition.course_id).first()
    if lesson is None:
        raise Http404
    field = getattr(lesson, "file", None) or getattr(lesson, "media_file", None)
    if isinstance(lesson, MediaLesson):
        return media_response(request, field)  # byte ranges: the player can seek
    return file_response(field, as_attachment=True)
