from django.contrib.auth.decorators import login_required
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET

from courses import selectors as course_selectors
from courses.access import is_administrator


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
    now = timezone.now()
    outlines = [
        course_selectors.course_outline(enrollment, now=now)
        for enrollment in course_selectors.enrollments_for_learner(request.user)
    ]
    cards = [
        {
            "outline": outline,
            "next_session": outline.next_session(now),
            "open_work": outline.open_work()[:8],
            "upcoming_work": outline.upcoming_work()[:3],
        }
        for outline in outlines
    ]
    feedback = course_selectors.coaching_notes_for_learner(request.user)
    return render(
        request,
        "lms/learner_dashboard.html",
        {"cards": cards, "feedback": feedback, "now": now},
    )


@require_GET
def health(request: HttpRequest) -> JsonResponse:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})
