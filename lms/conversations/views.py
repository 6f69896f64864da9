"""The pages of conversations: the learner's conversations, one conversation (read and
write), an attachment, and the trainers' inbox. Thin: the forms parse, the selectors read
and decide who may see what (anyone else gets a 404), the services send and mark read."""

from __future__ import annotations

from datetime import date, timedelta

from django.conf import settings
from django.contrib import messages as flash
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from assessments.assignments import uploads
from core.files import file_response
from core.uploads import MB, upload_limits, upload_refusals
from courses.access import is_administrator

from . import about, exports, selectors, services
from .forms import (
    AnnouncementForm,
    CoachingLearnerForm,
    CoachingMomentForm,
    CoachingNoteBodyForm,
    ConversationQueryForm,
    EvaluationForm,
    InboxFilterForm,
    MessageForm,
    ReflectionForm,
)

INBOX_PAGE = 25


@login_required
@require_GET
def conversations(request: HttpRequest) -> HttpResponse:
    """The learner's conversations, one per course; with one course, that conversation."""
    rows = selectors.conversations_for_learner(request.user)
    if len(rows) == 1:
        return redirect("lms:conversation", rows[0].enrollment.pk)
    return render(request, "lms/conversations/list.html", {"rows": rows})


def _about_found(access: selectors.Access, kind: str | None, item: int | None):
    """The work a new message replies to (from a "Reageer" link, or posted back), when it
    is this enrolment's; else None."""
    if not kind or not item:
        return None
    return about.about_find(enrollment_id=access.enrollment.pk, kind=kind, item_id=item)


def _message_caps(request: HttpRequest, enrollment_id: int) -> dict:
    return {"max_file_bytes": settings.LMS_UPLOAD_MAX_FILE_MB * MB, "max_files": 1}


@upload_limits(_message_caps)
@login_required
@require_http_methods(["GET", "POST"])
def conversation(request: HttpRequest, enrollment_id: int) -> HttpResponse:
    access = selectors.conversation_access_or_404(request.user, enrollment_id)
    query = ConversationQueryForm(request.GET)
    status = 200
    if request.method == "POST":
        form = MessageForm(request.POST, request.FILES)
        for refusal in upload_refusals(request):
            form.add_error("attachment", uploads.refusal_message(refusal))
        if form.is_valid():
            data = form.cleaned_data
            try:
                message = services.message_send(
                    access=access,
                    body=data["body"],
                    attachment=data["attachment"],
                    about_kind=data["about"] or "",
                    about_id=data["item"],
                )
            except services.MessageRefused as exc:
                for text in exc.messages:
                    form.add_error(None, text)
            else:
                flash.success(request, _("Je bericht is verstuurd."))
                url = reverse("lms:conversation", args=[enrollment_id])
                return redirect(f"{url}#message-{message.pk}")
        if request.FILES or upload_refusals(request):
            form.add_error(None, _("Kies je bijlage opnieuw als je die wilt meesturen."))
        # Shown again with what it replies to, when that is still this enrolment's work.
        replying_to = _about_found(
            access, form.cleaned_data.get("about"), form.cleaned_data.get("item")
        )
        status = 400
    else:
        replying_to = _about_found(access, query.value("about"), query.value("item"))
        form = MessageForm()
    page = selectors.conversation_page(access=access, before=query.value("voor"))
    if request.method == "GET" and page.conversation is not None and page.has_unread:
        services.conversation_mark_read(
            access=access, conversation_id=page.conversation.pk, up_to=page.last_id
        )
    context = {
        "page": page,
        "form": form,
        "replying_to": replying_to,
        "replying_label": str(about.ABOUT[replying_to.kind].label) if replying_to else "",
        "max_mb": settings.LMS_UPLOAD_MAX_FILE_MB,
        "kinds": uploads.labels(services.ATTACHMENT_KINDS),
    }
    return render(request, "lms/conversations/conversation.html", context, status=status)


@login_required
@require_GET
def attachment(request: HttpRequest, enrollment_id: int, message_id: int) -> HttpResponse:
    """A message's attachment, for the conversation's learner and trainers only."""
    access = selectors.conversation_access_or_404(request.user, enrollment_id)
    message = selectors.message_attachment_or_404(access=access, message_id=message_id)
    return file_response(message.attachment, as_attachment=True)


@login_required
@require_GET
def inbox(request: HttpRequest) -> HttpResponse:
    """The conversations of the editions the trainer teaches, newest first."""
    editions = selectors.editions_for_inbox(request.user)
    if not editions and not is_administrator(request.user):
        raise Http404
    form = InboxFilterForm(request.GET or None, editions=editions)
    edition_id, unanswered = None, False
    if form.is_bound and form.is_valid():
        edition_id = form.cleaned_data["edition"]
        unanswered = form.cleaned_data["unanswered"]
    rows = selectors.inbox_for_trainer(
        user=request.user, edition_id=edition_id, unanswered=unanswered
    )
    page = Paginator(rows, INBOX_PAGE).get_page(request.GET.get("pagina"))
    query = request.GET.copy()
    query.pop("pagina", None)
    starters = (
        selectors.learners_without_conversation(user=request.user, edition_id=edition_id)
        if edition_id is not None
        else []
    )
    return render(
        request,
        "lms/conversations/inbox.html",
        {
            "form": form,
            "page": page,
            "query": query.urlencode(),
            "filtered": edition_id is not None or unanswered,
            "starters": starters,
        },
    )


# --------------------------------------------------------------------------------------------
# Coaching moments
# --------------------------------------------------------------------------------------------


@login_required
@require_GET
def coaching_history(request: HttpRequest) -> HttpResponse:
    """The learner's coaching moments: what is planned and what was said."""
    moments = selectors.coaching_history_for_learner(request.user)
    return render(request, "lms/coaching/history.html", {"moments": moments, "now": timezone.now()})


def _week_monday(value: str | None):
    try:
        day = date.fromisoformat(value) if value else timezone.localdate()
    except ValueError:
        day = timezone.localdate()
    return selectors.week_start(day)


@login_required
@require_GET
def coaching_week(request: HttpRequest) -> HttpResponse:
    """A trainer's coaching moments across their editions, one week at a time."""
    teaches = request.user.teaching_editions.exists()
    if not teaches and not is_administrator(request.user):
        raise Http404
    monday = _week_monday(request.GET.get("week"))
    moments = selectors.coaching_week_for_trainer(request.user, monday=monday)
    days = [monday + timedelta(days=n) for n in range(7)]
    by_day = {day: [] for day in days}
    for moment in moments:
        by_day[timezone.localtime(moment.starts_at).date()].append(moment)
    context = {
        "monday": monday,
        "sunday": days[-1],
        "week_number": monday.isocalendar().week,
        "previous": monday - timedelta(days=7),
        "next": monday + timedelta(days=7),
        "days": [(day, by_day[day]) for day in days],
        "count": len(moments),
        "can_plan": teaches,
    }
    return render(request, "lms/coaching/week.html", context)


def coaching_trainer_section(*, request: HttpRequest, enrollment) -> dict:
    """The coaching of one learner on the trainer's page of that learner (courses), which
    has checked that the user teaches the edition or is an administrator."""
    return {
        "enrollment": enrollment,
        "moments": selectors.coaching_history_for_enrollment(enrollment.pk),
        # Administrators see this page too, but a moment is only its trainers' and learner's.
        "teaches": enrollment.edition.trainers.filter(pk=request.user.pk).exists(),
        "active": enrollment.status == enrollment.Status.ACTIVE,
    }


def _moment_form_context(form, enrollment, moment=None) -> dict:
    return {"form": form, "enrollment": enrollment, "moment": moment}


@login_required
@require_http_methods(["GET", "POST"])
def coaching_plan(request: HttpRequest) -> HttpResponse:
    """Plan a coaching moment: first the learner (of an edition the trainer teaches), then
    when, where and about what."""
    picked = CoachingLearnerForm(
        request.GET or None, enrollments=selectors.coaching_learners_for_trainer(request.user)
    )
    if not picked.fields["inschrijving"].choices:
        raise Http404
    if not (picked.is_bound and picked.is_valid()):
        return render(request, "lms/coaching/pick.html", {"picked": picked})
    enrollment = selectors.coaching_enrollment_for_trainer_or_404(
        request.user, picked.cleaned_data["inschrijving"]
    )
    submissions = selectors.coaching_submissions_for(enrollment)
    form = CoachingMomentForm(request.POST or None, submissions=submissions)
    if request.method == "POST" and form.is_valid():
        try:
            moment = services.coaching_moment_plan(
                enrollment=enrollment,
                trainer=request.user,
                **form.moment_fields(),
            )
        except services.CoachingRefused as exc:
            form.add_error(None, str(exc))
        else:
            flash.success(request, _("Het coachingsgesprek is gepland. De cursist krijgt bericht."))
            return redirect("lms:coaching_moment", moment.pk)
    status = 400 if form.errors else 200
    return render(
        request, "lms/coaching/form.html", _moment_form_context(form, enrollment), status=status
    )


@login_required
@require_http_methods(["GET", "POST"])
def coaching_moment(request: HttpRequest, moment_id: int) -> HttpResponse:
    """One moment. The learner adds a reflection afterwards; a trainer writes the coaching
    note. Anyone but the learner and the edition's trainers gets a 404."""
    access = selectors.coaching_moment_or_404(request.user, moment_id)
    moment = access.moment
    reflection_form = ReflectionForm(initial={"reflection": moment.reflection})
    note_form = CoachingNoteBodyForm()
    status = 200
    if request.method == "POST":
        try:
            if access.as_learner:
                reflection_form = ReflectionForm(request.POST)
                if reflection_form.is_valid():
                    services.coaching_reflection_save(
                        moment=moment, text=reflection_form.cleaned_data["reflection"]
                    )
                    flash.success(request, _("Je reflectie is bewaard."))
                    return redirect("lms:coaching_moment", moment.pk)
            else:
                note_form = CoachingNoteBodyForm(request.POST)
                if note_form.is_valid():
                    services.coaching_note_write(
                        moment=moment, trainer=request.user, body=note_form.cleaned_data["body"]
                    )
                    flash.success(request, _("De coachingsnotitie is bewaard."))
                    return redirect("lms:coaching_moment", moment.pk)
        except services.CoachingRefused as exc:
            (reflection_form if access.as_learner else note_form).add_error(None, str(exc))
        status = 400
    history = (
        [] if access.as_learner else selectors.coaching_history_for_enrollment(moment.enrollment_id)
    )
    context = {
        "moment": moment,
        "as_learner": access.as_learner,
        "held": not moment.cancelled and timezone.now() >= moment.starts_at,
        "reflection_form": reflection_form,
        "note_form": note_form,
        "history": [m for m in history if m.pk != moment.pk],
    }
    return render(request, "lms/coaching/moment.html", context, status=status)


def _trainer_moment_or_404(request: HttpRequest, moment_id: int):
    access = selectors.coaching_moment_or_404(request.user, moment_id)
    if access.as_learner:
        raise Http404
    return access.moment


@login_required
@require_http_methods(["GET", "POST"])
def coaching_moment_edit(request: HttpRequest, moment_id: int) -> HttpResponse:
    """Move or change a moment (the edition's trainers only)."""
    moment = _trainer_moment_or_404(request, moment_id)
    if moment.cancelled:
        raise Http404
    submissions = selectors.coaching_submissions_for(moment.enrollment)
    form = CoachingMomentForm(
        request.POST or None,
        submissions=submissions,
        initial=CoachingMomentForm.initial_for(moment),
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.coaching_moment_update(
                moment=moment,
                trainer=request.user,
                **form.moment_fields(),
            )
        except services.CoachingRefused as exc:
            form.add_error(None, str(exc))
        else:
            flash.success(request, _("Het coachingsgesprek is bijgewerkt."))
            return redirect("lms:coaching_moment", moment.pk)
    status = 400 if form.errors else 200
    context = _moment_form_context(form, moment.enrollment, moment)
    return render(request, "lms/coaching/form.html", context, status=status)


@login_required
@require_POST
def coaching_moment_cancel(request: HttpRequest, moment_id: int) -> HttpResponse:
    moment = _trainer_moment_or_404(request, moment_id)
    if services.coaching_moment_cancel(moment=moment):
        flash.success(request, _("Het coachingsgesprek is afgezegd. De cursist krijgt bericht."))
    return redirect("lms:coaching_moment", moment.pk)


# --------------------------------------------------------------------------------------------
# Announcements
# --------------------------------------------------------------------------------------------


def _announcement_places(user):
    editions = selectors.announcement_editions_for(user)
    courses = selectors.announcement_courses_for(user)
    if not editions and not courses:
        raise Http404
    return editions, courses


@login_required
@require_http_methods(["GET", "POST"])
def announcements(request: HttpRequest) -> HttpResponse:
    """The announcements a trainer or administrator posted, and a form for a new one."""
    editions, courses = _announcement_places(request.user)
    form = AnnouncementForm(request.POST or None, editions=editions, courses=courses)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        services.announcement_post(
            author=request.user,
            title=data["title"],
            body=data["body"],
            expires_on=data["expires_on"],
            **data["target"],
        )
        flash.success(request, _("Je mededeling staat online. De cursisten krijgen bericht."))
        return redirect("lms:announcements")
    rows = selectors.announcements_for_staff(request.user)
    status = 400 if form.errors else 200
    context = {"form": form, "rows": rows, "today": timezone.localdate()}
    return render(request, "lms/announcements/list.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def announcement_edit(request: HttpRequest, announcement_id: int) -> HttpResponse:
    announcement = selectors.announcement_editable_or_404(request.user, announcement_id)
    initial = {
        "title": announcement.title,
        "body": announcement.body,
        "expires_on": announcement.expires_on,
    }
    form = AnnouncementForm(request.POST or None, initial=initial, with_target=False)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        services.announcement_edit(
            announcement=announcement,
            title=data["title"],
            body=data["body"],
            expires_on=data["expires_on"],
        )
        flash.success(request, _("Je mededeling is bijgewerkt."))
        return redirect("lms:announcements")
    status = 400 if form.errors else 200
    context = {"form": form, "announcement": announcement}
    return render(request, "lms/announcements/edit.html", context, status=status)


# --------------------------------------------------------------------------------------------
# The course evaluation
# --------------------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def evaluation(request: HttpRequest, enrollment_id: int) -> HttpResponse:
    """The learner's evaluation of a course, after its last classroom day, once."""
    opening = selectors.evaluation_for_learner_or_404(
        request.user, enrollment_id, today=timezone.localdate()
    )
    context = {"opening": opening, "enrollment": opening.enrollment}
    if opening.answered:
        return render(request, "lms/evaluation/thanks.html", context)
    form = EvaluationForm(request.POST or None, modules=opening.modules)
    if request.method == "POST" and form.is_valid():
        try:
            services.evaluation_submit(enrollment=opening.enrollment, **form.answers())
        except services.EvaluationRefused as exc:
            flash.info(request, str(exc))
        else:
            flash.success(request, _("Dank je wel voor je mening!"))
        return redirect("lms:evaluation", enrollment_id)
    context["form"] = form
    status = 400 if form.errors else 200
    return render(request, "lms/evaluation/form.html", context, status=status)


@login_required
@require_GET
def evaluation_results(request: HttpRequest, edition_id: int) -> HttpResponse:
    """An edition's evaluation, for its trainers and administrators: together, and only from
    five answers on."""
    edition = selectors.evaluation_edition_or_404(request.user, edition_id)
    summary = selectors.evaluation_summary(edition)
    context = {"edition": edition, "summary": summary, "minimum": selectors.EVALUATION_MIN_SHOWN}
    return render(request, "lms/evaluation/results.html", context)


@login_required
@require_GET
def evaluation_overview(request: HttpRequest) -> HttpResponse:
    """For administrators: every edition's and every trainer's averages, with bar charts and
    a workbook to download (`?formaat=xlsx`)."""
    if not is_administrator(request.user):
        raise Http404
    editions, trainers = selectors.evaluation_overview()
    if request.GET.get("formaat") == "xlsx":
        response = HttpResponse(
            exports.evaluation_overview_xlsx(editions, trainers),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
        response["Content-Disposition"] = 'attachment; filename="cursusevaluaties.xlsx"'
        return response
    edition_bars = _bars([(row.label, row.course) for row in editions])
    trainer_bars = _bars([(row.label, row.trainer) for row in trainers])
    context = {
        "editions": editions,
        "trainers": trainers,
        "edition_bars": edition_bars,
        "trainer_bars": trainer_bars,
        "edition_height": 32 * len(edition_bars) + 4,
        "trainer_height": 32 * len(trainer_bars) + 4,
        "editions_title": _("De cursus (1–5), gemiddeld per editie"),
        "trainers_title": _("De trainer (1–5), gemiddeld per trainer"),
    }
    return render(request, "lms/evaluation/overview.html", context)


def _bars(values: list[tuple[str, float | None]]) -> list[dict]:
    """Where each bar of a chart goes (the template draws them as SVG)."""
    return [
        {
            "label": label,
            "value": value,
            "y_text": 32 * i + 11,
            "y": 32 * i + 15,
            "y_value": 32 * i + 25,
        }
        for i, (label, value) in enumerate(values)
        if value is not None
    ]
