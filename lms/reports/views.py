"""A report's page: its progress while it is made (the page asks for the status itself,
or is reloaded by hand without JavaScript), then its two downloads. Only people who may
see the report's scope get them; anyone else gets a 404."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from core.files import file_response

from .models import Report
from .scopes import scope_for
from .selectors import report_for_viewer


def _report_or_404(request: HttpRequest, report_id: int) -> Report:
    report = report_for_viewer(request.user, report_id)
    if report is None:
        raise Http404
    return report


@login_required
@require_GET
def report_detail(request: HttpRequest, report_id: int) -> HttpResponse:
    report = _report_or_404(request, report_id)
    return render(
        request,
        "lms/reports/detail.html",
        {"report": report, "back_url": scope_for(report.scope).page_url(report.key)},
    )


@login_required
@require_GET
def report_status(request: HttpRequest, report_id: int) -> JsonResponse:
    report = _report_or_404(request, report_id)
    response = JsonResponse(
        {
            "status": report.status,
            "label": str(report.get_status_display()),
            "percent": report.percent,
            "finished": report.finished,
        }
    )
    response["Cache-Control"] = "no-store"
    return response


@login_required
@require_GET
def report_download(request: HttpRequest, report_id: int, kind: str) -> HttpResponse:
    report = _report_or_404(request, report_id)
    if report.status != Report.Status.DONE or kind not in ("xlsx", "pdf"):
        raise Http404
    return file_response(getattr(report, kind), as_attachment=True)
