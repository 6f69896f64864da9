from django.contrib.auth.decorators import login_required
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import get_language
from django.views.decorators.http import require_GET, require_POST

from certificates import selectors as certificate_selectors
from courses import selectors as course_selectors
from courses.access import is_administrator
from courses.fragments import cached_fragment, enrollment_key


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """Send each user to the page their role starts on."""
    user = request.user
    if user.enrollments.exists():
        return redirect("lms:learner_dashboard")
    if is_administrator(user) or user.teaching_editions.exists():
        return redirect("courses:trainer_editions")
    return redirect("lms:learner_dashboard")


@login_required
def learner_dashboard(request: HttpRequest) -> HttpResponse:
    """Each course card and the feedback list are cached fragments, rebuilt when the
    learner's progress, the schedule or the course changes, or when a date on them passes."""
    now = timezone.now()
    enrollments = course_selectors.enrollments_for_learner(request.user)

    def card_builder(enrollment):
        def build():
            outline = course_selectors.course_outline(enrollment, now=now)
            card = {
                "outline": outline,
                "next_session": outline.next_session(now),
                "open_work": outline.open_work()[:8],
                "upcoming_work": outline.upcoming_work()[:3],
            }
            html = render_to_string("lms/partials/dashboard_card.html", {"card": card})
            return html, outline.valid_until(now)

        return build

    cards = [
        cached_fragment(enrollment_key("dashboard-card", e), now=now, build=card_builder(e))
        for e in enrollments
    ]

    def build_feedback():
        notes = course_selectors.coaching_notes_for_learner(request.user)
        return render_to_string("lms/partials/dashboard_feedback.html", {"feedback": notes}), None

    versions = ",".join(f"{e.pk}.{e.progress_version}" for e in enrollments)
    feedback_key = f"frag:feedback:{get_language()}:{request.user.pk}:{versions}"
    feedback = cached_fragment(feedback_key, now=now, build=build_feedback) if enrollments else ""
    certificates = certificate_selectors.certificates_for_learner(request.user)
    return render(
        request,
        "lms/learner_dashboard.html",
        {"cards": cards, "feedback": feedback, "certificates": certificates},
    )


@require_GET
def health(request: HttpRequest) -> JsonResponse:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})


@require_POST
def set_language(request: HttpRequest) -> HttpResponse:
    """Django's language switch, which also remembers the choice for the user's e-mail."""
    from django.views.i18n import set_language as django_set_language

    from .notifications.services import profile_language_set

    response = django_set_language(request)
    if request.user.is_authenticated:
        profile_language_set(user=request.user, language=request.POST.get("language", ""))
    return response
