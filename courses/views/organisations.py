"""The administrator's pages about client organisations: their contact persons, and the
invoicing overview with its exports. Anyone else gets a 404."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods

from ..access import is_administrator
from ..models import Organisation
from ..organisations import invoicing, selectors, services
from ..organisations.forms import (
    ContactAddForm,
    ContactRemoveForm,
    InvoiceFilterForm,
    InvoiceStatusForm,
)


def _administrator_or_404(user) -> None:
    if not is_administrator(user):
        raise Http404


@login_required
@require_GET
def organisation_list(request: HttpRequest) -> HttpResponse:
    _administrator_or_404(request.user)
    return render(
        request,
        "courses/organisations/list.html",
        {"organisations": selectors.organisations_with_counts()},
    )


@login_required
@require_http_methods(["GET", "POST"])
def organisation_detail(request: HttpRequest, organisation_id: int) -> HttpResponse:
    """Its contact persons: add one (an account, and an invitation when it has no password
    yet) or remove one."""
    _administrator_or_404(request.user)
    organisation = get_object_or_404(Organisation, pk=organisation_id)
    add_form = ContactAddForm(request.POST if "add" in request.POST else None)
    remove_form = ContactRemoveForm(
        request.POST if "remove" in request.POST else None, organisation=organisation
    )
    if request.method == "POST":
        if add_form.is_valid():
            data = add_form.cleaned_data
            contact = services.organisation_contact_add(
                organisation=organisation,
                email=data["email"],
                first_name=data["first_name"],
                last_name=data["last_name"],
                wants_monthly_report=data["wants_monthly_report"],
                by=request.user,
            )
            messages.success(
                request,
                _("%(name)s is contactpersoon van %(organisation)s.")
                % {"name": contact.user.get_full_name(), "organisation": organisation.name},
            )
            return redirect("courses:organisation_detail", organisation.pk)
        if remove_form.is_valid():
            services.organisation_contact_remove(
                organisation=organisation, contact_id=remove_form.cleaned_data["contact"].pk
            )
            messages.success(request, _("De contactpersoon is verwijderd."))
            return redirect("courses:organisation_detail", organisation.pk)
    contacts = selectors.organisation_contacts(organisation)
    return render(
        request,
        "courses/organisations/detail.html",
        {"organisation": organisation, "contacts": contacts, "form": add_form},
        status=400 if add_form.errors else 200,
    )


def _filtered(request: HttpRequest):
    filters = InvoiceFilterForm(request.GET or None, today=timezone.localdate())
    if not filters.is_valid():
        return filters, None
    data = filters.cleaned_data
    organisation = data.get("organisation")
    lines = invoicing.invoice_lines(
        organisation_id=organisation.pk if organisation else None,
        start=data["start"],
        end=data["end"],
    )
    return filters, lines


@login_required
@require_http_methods(["GET", "POST"])
def invoicing_overview(request: HttpRequest) -> HttpResponse:
    """Per organisation and period: each enrolment's money and invoice status; tick lines to
    set their status at once."""
    _administrator_or_404(request.user)
    filters, lines = _filtered(request)
    ids = [line.enrollment_id for line in lines or []]
    form = InvoiceStatusForm(request.POST if request.method == "POST" else None, enrollment_ids=ids)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            changed = invoicing.invoices_set(
                enrollment_ids=data["enrollment"],
                status=data["status"],
                number=data["number"],
                invoiced_on=data["invoiced_on"],
                credited_on=data["credited_on"],
                by=request.user,
            )
        except ValidationError:
            form.add_error(
                None,
                _(
                    "Alleen een inschrijving met een factuurnummer en factuurdatum kan "
                    "gecrediteerd worden. Er is niets veranderd."
                ),
            )
        else:
            messages.success(
                request,
                ngettext(
                    "De factuurstatus van %(n)s inschrijving is bijgewerkt.",
                    "De factuurstatus van %(n)s inschrijvingen is bijgewerkt.",
                    changed,
                )
                % {"n": changed},
            )
            return redirect(request.get_full_path())
    query = request.GET.urlencode()
    return render(
        request,
        "courses/organisations/invoicing.html",
        {
            "filters": filters,
            "lines": lines,
            "totals": invoicing.totals(lines) if lines else None,
            "rules": invoicing.rules(lines) if lines else [],
            "form": form,
            "csv_url": reverse("courses:invoicing_csv") + (f"?{query}" if query else ""),
            "xlsx_url": reverse("courses:invoicing_xlsx") + (f"?{query}" if query else ""),
        },
        status=400 if form.errors else 200,
    )


def _export(request: HttpRequest, extension: str) -> HttpResponse:
    _administrator_or_404(request.user)
    filters, lines = _filtered(request)
    if lines is None:
        raise Http404
    data = filters.cleaned_data
    name = f"facturatie-{data['start']:%Y%m%d}-{data['end']:%Y%m%d}.{extension}"
    if extension == "csv":
        response = HttpResponse(
            invoicing.invoices_csv(lines), content_type="text/csv; charset=utf-8"
        )
    else:
        response = HttpResponse(
            invoicing.invoices_xlsx(lines),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_GET
def invoicing_csv(request: HttpRequest) -> HttpResponse:
    return _export(request, "csv")


@login_required
@require_GET
def invoicing_xlsx(request: HttpRequest) -> HttpResponse:
    return _export(request, "xlsx")
