"""The trajectory pages: the learner's consent, the job coach's view of the one learner they
follow (read only; 404 for anyone else, and as soon as consent is revoked), and the
administrator's list and form."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from courses.access import is_administrator
from courses.models import Enrollment, Trajectory
from courses.trajectories import selectors as trajectories
from courses.trajectories import services
from courses.trajectories.forms import TrajectoryForm
from lms.reports import services as report_services

from . import scope as funder_scope
from .forms import GIVE, ConsentForm, FunderReportForm
from .selectors import funder_reports_recent, learner_report

LIST_PAGE_SIZE = 50


# --- the learner ------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def consent(request: HttpRequest) -> HttpResponse:
    """The learner's trajectories, their job coach, and consent to give or revoke (the
    privacy statement links here for everyone: without a trajectory the page says so)."""
    own = trajectories.trajectories_for_learner(request.user)
    form = ConsentForm(request.POST or None, trajectories=own)
    if request.method == "POST":
        if not form.is_valid():
            raise Http404  # hidden fields only: not one of the learner's trajectories
        trajectory = form.chosen()
        if form.cleaned_data["action"] == GIVE:
            services.trajectory_consent_give(trajectory=trajectory, by=request.user)
            messages.success(
                request,
                _("Je jobcoach %(name)s kan nu je voortgang, aanwezigheid en resultaten zien.")
                % {"name": trajectory.coach_name},
            )
        else:
            services.trajectory_consent_revoke(trajectory=trajectory, by=request.user)
            messages.success(
                request,
                _("Je hebt je toestemming ingetrokken. %(name)s ziet vanaf nu niets meer.")
                % {"name": trajectory.coach_name},
            )
        return redirect("lms:trajectories:consent")
    history = trajectories.consent_history(own)
    return render(
        request,
        "lms/trajectories/consent.html",
        {"items": [(t, history[t.pk]) for t in own]},
    )


# --- the job coach ----------------------------------------------------------------------------


@login_required
@require_GET
def coach_home(request: HttpRequest) -> HttpResponse:
    """The learners who let this job coach follow them (today)."""
    if not trajectories.is_job_coach(request.user):
        raise Http404
    followed = trajectories.trajectories_followed_by(request.user, today=timezone.localdate())
    return render(request, "lms/trajectories/coach_home.html", {"followed": followed})


@login_required
@require_GET
def coach_learner(request: HttpRequest, trajectory_id: int) -> HttpResponse:
    """One learner's progress per module, attendance and result, read only."""
    now = timezone.now()
    trajectory = trajectories.trajectory_followed_by(
        request.user, trajectory_id, today=timezone.localdate(now)
    )
    if trajectory is None:
        raise Http404
    report = learner_report(trajectory, now=now)
    response = render(
        request,
        "lms/trajectories/coach_learner.html",
        {
            "report": report,
            "enrollment": trajectory.enrollment,
            "learner": trajectory.enrollment.learner,
            "edition": trajectory.enrollment.edition,
            "course": trajectory.enrollment.edition.course,
        },
    )
    response["Cache-Control"] = "private, no-store"  # gone from the browser once revoked
    return response


# --- the administrator ------------------------------------------------------------------------


def _administrator_or_404(request: HttpRequest) -> None:
    if not is_administrator(request.user):
        raise Http404


@login_required
@require_GET
def trajectory_list(request: HttpRequest) -> HttpResponse:
    _administrator_or_404(request)
    page = Paginator(trajectories.trajectories_for_administrator(), LIST_PAGE_SIZE).get_page(
        request.GET.get("pagina")
    )
    return render(request, "lms/trajectories/list.html", {"page": page})


@login_required
@require_http_methods(["GET", "POST"])
def trajectory_edit(request: HttpRequest, enrollment_id: int) -> HttpResponse:
    """Record or change the trajectory of one enrolment."""
    _administrator_or_404(request)
    enrollment = (
        Enrollment.objects.select_related("learner", "edition__course")
        .filter(pk=enrollment_id)
        .first()
    )
    if enrollment is None:
        raise Http404
    existing = Trajectory.objects.filter(enrollment_id=enrollment.pk).first()
    instance = existing or Trajectory(enrollment=enrollment)
    form = TrajectoryForm(request.POST or None, instance=instance)
    if request.method == "POST" and form.is_valid():
        try:
            services.trajectory_save(enrollment=enrollment, by=request.user, **form.values())
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Het traject is bewaard."))
            return redirect("lms:trajectories:list")
    return render(
        request,
        "lms/trajectories/edit.html",
        {
            "form": form,
            "enrollment": enrollment,
            "learner": enrollment.learner,
            "trajectory": existing,
        },
        status=400 if form.errors else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def funder_report(request: HttpRequest) -> HttpResponse:
    """Ask for the report of one funder's trajectories over a period (XLSX and PDF, made by a
    worker; the report's page shows its progress)."""
    _administrator_or_404(request)
    form = FunderReportForm(
        request.POST or None, today=timezone.localdate(), funders=trajectories.funders()
    )
    if request.method == "POST" and form.is_valid():
        report = report_services.report_request(
            scope=funder_scope.NAME,
            key=form.chosen_funder().key,
            period=form.period(),
            by=request.user,
        )
        return redirect("lms:reports:detail", report.pk)
    return render(
        request,
        "lms/trajectories/report.html",
        {"form": form, "reports": funder_reports_recent()},
        status=400 if form.errors else 200,
    )


def trainer_learner_section(*, request: HttpRequest, enrollment: Enrollment) -> dict | None:
    """On the trainer's page of a learner, for administrators: the enrolment's trajectory and
    the link to record or change it."""
    if not is_administrator(request.user):
        return None
    trajectory = Trajectory.objects.filter(enrollment_id=enrollment.pk).first()
    return {"enrollment": enrollment, "trajectory": trajectory}
