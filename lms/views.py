from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django.views.i18n import set_language as django_set_language

from certificates import selectors as certificate_selectors
from core.fragments import cached_fragments
from courses import selectors as course_selectors
from courses.access import is_administrator
from courses.organisations import selectors as organisation_selectors
from courses.selectors import enrollment_key
from courses.trajectories import selectors as trajectory_selectors

from . import twofactor
from .conversations import selectors as conversation_selectors
from .forms import AppCodeForm, SecondFactorCodeForm
from .notifications.services import profile_language_set


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """Send each user to the page their role starts on."""
    user = request.user
    if organisation_selectors.is_organisation_contact(user):
        return redirect("lms:organisations:home")
    if user.enrollments.exists():
        return redirect("lms:learner_dashboard")
    if is_administrator(user) or user.teaching_editions.exists():
        return redirect("courses:trainer_editions")
    if trajectory_selectors.is_job_coach(user):
        return redirect("lms:trajectories:coach_home")
    return redirect("lms:learner_dashboard")


# How many open and soon-opening items a course card lists before "alle n bekijken".
OPEN_WORK_SHOWN = 8
UPCOMING_WORK_SHOWN = 3


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
            open_work, upcoming_work = outline.open_work(), outline.upcoming_work()
            card = {
                "outline": outline,
                "next_session": outline.next_session(now),
                # The first ones, and how many there are in all: nothing silently disappears.
                "open_work": open_work[:OPEN_WORK_SHOWN],
                "open_work_count": len(open_work),
                "upcoming_work": upcoming_work[:UPCOMING_WORK_SHOWN],
                "upcoming_work_count": len(upcoming_work),
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
        released = conversation_selectors.feedback_released_recent_for_learner(user)
        html = render_to_string(
            "lms/partials/dashboard_feedback.html", {"feedback": notes, "released": released}
        )
        return html, None

    def build_live():
        live = conversation_selectors.dashboard_live_for_learner(user, now=now)
        html = render_to_string("lms/partials/dashboard_live.html", {"live": live})
        return html, live.valid_until

    cards = {enrollment_key("dashboard-card", stamp): card_builder(stamp.pk) for stamp in shown}
    # Certificates and feedback change with an enrolment's progress version (certificates
    # touch it when they are issued, revoked or replaced).
    versions = ",".join(f"{stamp.pk}.{stamp.progress_version}" for stamp in stamps)
    learner = f"{get_language()}:{user.pk}:{versions}"
    builds = {f"frag:certificates:{learner}": build_certificates, **cards}
    if shown:
        builds[f"frag:feedback:{learner}"] = build_feedback
        # Coaching moments, announcements and evaluations: what trainers change at any moment
        # (their services touch the enrolments), and evaluations open with the schedule.
        schedules = ",".join(f"{stamp.status}.{stamp.schedule_version}" for stamp in stamps)
        builds[f"frag:live:{learner}:{schedules}"] = build_live
    fragments = list(cached_fragments(builds, now=now).values())
    return render(
        request,
        "lms/learner_dashboard.html",
        {
            "certificates": fragments[0],
            "cards": fragments[1 : 1 + len(cards)],
            "feedback": fragments[1 + len(cards)] if shown else "",
            "live": fragments[2 + len(cards)] if shown else "",
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


# --- two-factor sign-in ---------------------------------------------------------------------


def _next_url(request: HttpRequest) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return reverse("lms:home")


@login_required
@require_http_methods(["GET", "POST"])
def second_factor(request: HttpRequest) -> HttpResponse:
    """The code after the password."""
    if twofactor.state(request) != twofactor.VERIFY:
        return redirect(_next_url(request))
    form = SecondFactorCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if twofactor.verify(request, form.cleaned_data["code"]):
            return redirect(_next_url(request))
        form.add_error(
            "code",
            _(
                "Die code klopt niet. Kijk of je de code van nu overneemt. Na een paar foute "
                "codes moet je steeds iets langer wachten."
            ),
        )
    context = {"form": form, "next": _next_url(request)}
    return render(request, "lms/second_factor.html", context, status=400 if form.errors else 200)


@login_required
@require_http_methods(["GET", "POST"])
def second_factor_setup(request: HttpRequest) -> HttpResponse:
    """Turn the second factor on (scan, confirm with a code), renew the recovery codes, or
    turn it off where it is not required."""
    user = request.user
    required = twofactor.required_for(user)
    device = twofactor.app_device(user)
    if twofactor.state(request) == twofactor.VERIFY:
        return redirect(f"{reverse('lms:second_factor')}?next={request.path}")
    context = {"required": required, "next": _next_url(request)}
    action = request.POST.get("action", "")
    if device is None:
        new = twofactor.device_to_set_up(user)
        form = AppCodeForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            codes = twofactor.device_confirm(
                request, device=new.device, code=form.cleaned_data["code"]
            )
            if codes is not None:
                context["codes"] = codes
                return render(request, "lms/second_factor_codes.html", context)
            form.add_error(
                "code",
                _(
                    "Die code klopt niet. Kijk of de tijd op je telefoon goed staat, en probeer de code die er nu staat."
                ),
            )
        context |= {"new": new, "form": form}
        status = 400 if form.errors else 200
        return render(request, "lms/second_factor_setup.html", context, status=status)
    if request.method == "POST" and action == "codes":
        context["codes"] = twofactor.recovery_codes_renew(user)
        return render(request, "lms/second_factor_codes.html", context)
    if request.method == "POST" and action == "off" and not required:
        twofactor.second_factor_remove(user)
        messages.success(request, _("Inloggen met een code staat nu uit."))
        return redirect("lms:second_factor_setup")
    context["codes_left"] = twofactor.recovery_codes_left(user)
    return render(request, "lms/second_factor_on.html", context)
