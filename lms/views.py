from django.contrib.auth.decorators import login_required
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import get_language
from django.views.decorators.http import require_GET, require_POST
from django.views.i18n import set_language as django_set_language

from certificates import selectors as certificate_selectors
from core.fragments import cached_fragments
from courses import selectors as course_selectors
from courses.access import is_administrator
from courses.selectors import enrollment_key

from .notifications.services import profile_language_set


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
    """Cached fragments from one cache round trip: a card per course and one part with the
    learner's certificates and recent feedback. They are keyed on the enrolments' versions
    (one prepared query), so a change in progress, schedule, course or certificates, or a
    date on a card that passes, builds them again; enrolments are loaded only then."""
    user = request.user
    now = timezone.now()
    stamps = course_selectors.enrollment_stamps_for_learner(user)
    shown = [stamp for stamp in stamps if stamp.shown]
    loaded: dict[int, object] = {}

    def enrollment(pk: int):
        if not loaded:
            loaded.update((e.pk, e) for e in course_selectors.enrollments_for_learner(user))
        return loaded[pk]

    def card_builder(pk: int):
        def build():
            outline = course_selectors.course_outline(enrollment(pk), now=now)
            card = {
                "outline": outline,
                "next_session": outline.next_session(now),
                "open_work": outline.open_work()[:8],
                "upcoming_work": outline.upcoming_work()[:3],
            }
            html = render_to_string("lms/partials/dashboard_card.html", {"card": card})
            return html, outline.valid_until(now)

        return build

    def build_certificates():
        certificates = certificate_selectors.certificates_for_learner(user)
        html = render_to_string(
            "certificates/partials/dashboard_certificates.html", {"certificates": certificates}
        )
        return html, None

    def build_feedback():
        notes = course_selectors.coaching_notes_for_learner(user)
        return render_to_string("lms/partials/dashboard_feedback.html", {"feedback": notes}), None

    cards = {enrollment_key("dashboard-card", stamp): card_builder(stamp.pk) for stamp in shown}
    # Certificates and feedback change with an enrolment's progress version (certificates
    # touch it when they are issued, revoked or replaced).
    versions = ",".join(f"{stamp.pk}.{stamp.progress_version}" for stamp in stamps)
    learner = f"{get_language()}:{user.pk}:{versions}"
    builds = {f"frag:certificates:{learner}": build_certificates, **cards}
    if shown:
        builds[f"frag:feedback:{learner}"] = build_feedback
    fragments = list(cached_fragments(builds, now=now).values())
    return render(
        request,
        "lms/learner_dashboard.html",
        {
            "certificates": fragments[0],
            "cards": fragments[1 : 1 + len(cards)],
            "feedback": fragments[1 + len(cards)] if shown else "",
        },
    )


@require_GET
def health(request: HttpRequest) -> JsonResponse:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})


@require_POST
def set_language(request: HttpRequest) -> HttpResponse:
    """Django's language switch, which also remembers the choice for the user's e-mail."""
    response = django_set_language(request)
    if request.user.is_authenticated:
        profile_language_set(user=request.user, language=request.POST.get("language", ""))
    return response
