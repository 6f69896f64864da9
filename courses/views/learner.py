"""The learner's pages: the course outline, a lesson, marking it done, its file."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.files import file_response, media_response
from core.fragments import cached_fragment

from .. import captions, hooks, schedule, selectors, services
from ..access import enrollment_for_learner_or_404, enrollment_stamp_for_learner_or_404
from ..models import Lesson, MediaLesson
from ..selectors import enrollment_key


def _lesson_or_404(enrollment, lesson_id: int) -> Lesson:
    lesson = (
        Lesson.objects.select_related("module")
        .filter(pk=lesson_id, module__course_id=enrollment.edition.course_id)
        .first()
    )
    if lesson is None:
        raise Http404
    return lesson


@login_required
def course_outline(request: HttpRequest, edition_id: int) -> HttpResponse:
    """Served from a cached fragment; the enrolment, edition and course are loaded only to
    build it again."""
    stamp = enrollment_stamp_for_learner_or_404(request.user, edition_id)
    now = timezone.now()

    def build():
        enrollment = enrollment_for_learner_or_404(request.user, edition_id)
        outline = selectors.course_outline(enrollment, now=now)
        edition, course = enrollment.edition, enrollment.edition.course
        html = render_to_string(
            "courses/partials/outline_body.html",
            {"outline": outline, "edition": edition, "course": course, "now": now},
        )
        return html, outline.valid_until(now)

    body = cached_fragment(enrollment_key("outline", stamp), now=now, build=build)
    return render(request, "courses/outline.html", {"body": body, "title": stamp.course_title})


@login_required
def lesson_detail(request: HttpRequest, edition_id: int, lesson_id: int) -> HttpResponse:
    enrollment = enrollment_for_learner_or_404(request.user, edition_id)
    return lesson_page(request, enrollment=enrollment, lesson=_lesson_or_404(enrollment, lesson_id))


def lesson_page(
    request: HttpRequest,
    *,
    enrollment,
    lesson: Lesson,
    body: dict | None = None,
    status: int = 200,
) -> HttpResponse:
    """A lesson's page for an enrolled learner. A lesson type's own view uses it to show the
    page again after a refused post: `body` goes to the type's body context as keyword
    arguments (a bound form, say), and `status` is the response's."""
    now = timezone.now()
    outline = selectors.course_outline(enrollment, now=now)
    items = outline.lessons()
    index = next(i for i, item in enumerate(items) if item.lesson.pk == lesson.pk)
    item = items[index]
    locked = item.state == schedule.LessonState.LOCKED
    context = {
        "edition": enrollment.edition,
        "course": enrollment.edition.course,
        "enrollment": enrollment,
        "item": item,
        "locked": locked,
        "previous": items[index - 1] if index > 0 else None,
        "next": items[index + 1] if index + 1 < len(items) else None,
    }
    if not locked:
        lesson = lesson.get_real_instance()
        services.lesson_mark_opened(enrollment=enrollment, lesson=lesson, now=now)
        context["body_context"] = hooks.lesson_body_context(
            lesson, request=request, enrollment=enrollment, **(body or {})
        )
    context["lesson"] = lesson
    return render(request, "courses/lesson.html", context, status=status)


@login_required
@require_POST
def lesson_done(request: HttpRequest, edition_id: int, lesson_id: int) -> HttpResponse:
    enrollment = enrollment_for_learner_or_404(request.user, edition_id)
    lesson = _lesson_or_404(enrollment, lesson_id)
    if not lesson.get_real_instance_class().manual_completion:
        messages.info(request, _("Deze les rond je af door hem te maken, niet met een knop."))
        return redirect("courses:lesson", edition_id=edition_id, lesson_id=lesson.pk)
    if request.POST.get("undo"):
        services.lesson_mark_not_done(enrollment=enrollment, lesson=lesson)
        messages.info(request, _("De les staat weer open."))
    else:
        try:
            services.lesson_mark_done(enrollment=enrollment, lesson=lesson)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(
                request, _("Goed bezig! Je hebt ‘%(title)s’ afgerond.") % {"title": lesson.title}
            )
    next_url = request.POST.get("next")
    if next_url == "outline":
        return redirect("courses:outline", edition_id=edition_id)
    return redirect("courses:lesson", edition_id=edition_id, lesson_id=lesson.pk)


def _open_lesson_or_404(request: HttpRequest, edition_id: int, lesson_id: int) -> Lesson:
    """The lesson (its own type), for an enrolled learner once it is open; a 404 else."""
    enrollment = enrollment_for_learner_or_404(request.user, edition_id)
    lesson = _lesson_or_404(enrollment, lesson_id).get_real_instance()
    dates = selectors.lesson_dates_for_enrollment(enrollment, lesson)
    if (
        schedule.lesson_state(dates, now=timezone.now(), completed=False)
        == schedule.LessonState.LOCKED
    ):
        raise Http404
    return lesson


@login_required
def lesson_file(request: HttpRequest, edition_id: int, lesson_id: int) -> HttpResponse:
    """A lesson's file, for an enrolled learner once the lesson is open."""
    lesson = _open_lesson_or_404(request, edition_id, lesson_id)
    field = getattr(lesson, "file", None) or getattr(lesson, "media_file", None)
    if isinstance(lesson, MediaLesson):
        return media_response(request, field)  # byte ranges: the player can seek
    return file_response(field, as_attachment=True)


@login_required
def lesson_captions(request: HttpRequest, edition_id: int, lesson_id: int) -> HttpResponse:
    """The captions (WebVTT) of a video or audio lesson, made from its transcript."""
    lesson = _open_lesson_or_404(request, edition_id, lesson_id)
    if not isinstance(lesson, MediaLesson) or not lesson.transcript.strip():
        raise Http404
    return HttpResponse(
        captions.webvtt(captions.cues_from_transcript(lesson.transcript)),
        content_type="text/vtt; charset=utf-8",
    )
