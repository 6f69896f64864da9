"""A contact person's pages: their organisation's employees with progress, attendance,
results and certificates; asking for a report; the monthly e-mail on or off. Only the
organisation's contact persons get them; anyone else (administrators too) gets a 404."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from courses.models import Enrollment, Organisation
from courses.organisations import selectors, services
from courses.organisations.forms import MonthlyReportForm
from lms.reports import data as report_data
from lms.reports import selectors as report_selectors
from lms.reports import services as report_services

from . import scope
from .forms import EmployeeSearchForm, ReportRequestForm

PER_PAGE = 50


def _organisation_or_404(request: HttpRequest, organisation_id: int) -> Organisation:
    organisation = selectors.organisation_for_contact(request.user, organisation_id)
    if organisation is None:
        raise Http404
    return organisation


@login_required
@require_GET
def organisation_home(request: HttpRequest) -> HttpResponse:
    organisations = selectors.organisations_for_contact(request.user)
    if not organisations:
        raise Http404
    if len(organisations) == 1:
        return redirect("lms:organisations:employees", organisations[0].pk)
    return render(request, "lms/organisations/home.html", {"organisations": organisations})


def _employees_page(
    request: HttpRequest, organisation: Organisation, *, report_form=None, status: int = 200
) -> HttpResponse:
    search = EmployeeSearchForm(request.GET or None)
    query = search.query()
    ids = selectors.organisation_enrollments_matching(organisation, query).values_list(
        "pk", flat=True
    )
    page = Paginator(ids, PER_PAGE).get_page(request.GET.get("page"))
    figures = report_data.report_data(
        Enrollment.objects.filter(pk__in=list(page)), title=organisation.name
    )
    contact = selectors.contact_of(request.user, organisation)
    return render(
        request,
        "lms/organisations/employees.html",
        {
            "organisation": organisation,
            "figures": figures,
            "page": page,
            "search": search,
            "query": query,
            "reports": report_selectors.reports_recent(scope=scope.NAME, key=str(organisation.pk)),
            "report_form": report_form or ReportRequestForm(today=timezone.localdate()),
            "monthly_form": MonthlyReportForm(
                initial={"wants_monthly_report": contact.wants_monthly_report}
            ),
        },
        status=status,
    )


@login_required
@require_GET
def employees(request: HttpRequest, organisation_id: int) -> HttpResponse:
    return _employees_page(request, _organisation_or_404(request, organisation_id))


@login_required
@require_POST
def report_request(request: HttpRequest, organisation_id: int) -> HttpResponse:
    organisation = _organisation_or_404(request, organisation_id)
    form = ReportRequestForm(request.POST, today=timezone.localdate())
    if not form.is_valid():
        return _employees_page(request, organisation, report_form=form, status=400)
    report = report_services.report_request(
        scope=scope.NAME, key=str(organisation.pk), period=form.period(), by=request.user
    )
    return redirect("lms:reports:detail", report.pk)


@login_required
@require_POST
def monthly_setting(request: HttpRequest, organisation_id: int) -> HttpResponse:
    organisation = _organisation_or_404(request, organisation_id)
    form = MonthlyReportForm(request.POST)
    form.is_valid()  # an unticked box is a valid "no"
    wanted = bool(form.cleaned_data.get("wants_monthly_report"))
    services.contact_monthly_report_set(
        contact=selectors.contact_of(request.user, organisation), wanted=wanted
    )
    messages.success(
        request,
        _("Je krijgt het maandoverzicht per e-mail.")
        if wanted
        else _("Je krijgt het maandoverzicht niet meer per e-mail."),
    )
    return redirect(
        reverse("lms:organisations:employees", args=[organisation.pk]) + "#maandoverzicht"
    )
