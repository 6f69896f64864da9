"""The administrators' certificate register: the list with search, filters and exports, a
certificate's page with its history and actions, and an edition's PDFs as one zip.

Only administrators: anyone else (a learner, a trainer, a visitor who is not logged in) gets
a 404, as for every page that is not theirs.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from courses.access import is_administrator
from courses.models import Edition

from . import exports, selectors, services
from .forms import CertificateActionForm, NameCorrectionForm, ReasonForm, RegisterFilterForm
from .models import Certificate

PER_PAGE = 50
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _administrator_or_404(request: HttpRequest) -> None:
    if not is_administrator(request.user):
        raise Http404


def _filtered(request: HttpRequest) -> tuple[RegisterFilterForm, dict, QuerySet[Certificate]]:
    form = RegisterFilterForm(request.GET or None)
    filters = form.filters()
    return form, filters, selectors.certificate_register(**filters)


@require_GET
def register(request: HttpRequest) -> HttpResponse:
    _administrator_or_404(request)
    form, filters, certificates = _filtered(request)
    page = Paginator(certificates, PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "certificates/register.html",
        {"form": form, "page": page, "edition": filters.get("edition")},
    )


def _export_name(extension: str) -> str:
    return f"certificaten-{timezone.localdate().isoformat()}.{extension}"


@require_GET
def register_csv(request: HttpRequest) -> StreamingHttpResponse:
    _administrator_or_404(request)
    _form, _filters, certificates = _filtered(request)
    response = StreamingHttpResponse(
        exports.register_csv(certificates.iterator(chunk_size=1000)),
        content_type="text/csv; charset=utf-8",
    )
    response["Content-Disposition"] = f'attachment; filename="{_export_name("csv")}"'
    response["Cache-Control"] = "private, no-store"
    return response


@require_GET
def register_xlsx(request: HttpRequest) -> HttpResponse:
    _administrator_or_404(request)
    _form, _filters, certificates = _filtered(request)
    response = HttpResponse(
        exports.register_xlsx(certificates.iterator(chunk_size=1000)), content_type=XLSX
    )
    response["Content-Disposition"] = f'attachment; filename="{_export_name("xlsx")}"'
    response["Cache-Control"] = "private, no-store"
    return response


@require_GET
def edition_pdfs(request: HttpRequest, edition_id: int) -> HttpResponse:
    """Every valid certificate of the edition as one zip of PDFs; a PDF the worker has not
    made yet is made now."""
    _administrator_or_404(request)
    edition = get_object_or_404(Edition, pk=edition_id)
    certificates = services.edition_certificates_with_pdf(edition=edition)
    if not certificates:
        messages.info(request, _("Deze editie heeft geen uitgegeven certificaten."))
        return redirect(f"{reverse('certificates:register')}?edition={edition.pk}")
    note = ""
    if without := [c.serial for c in certificates if not c.pdf]:
        note = _(
            "De pdf van deze certificaten kon nog niet worden gemaakt. Probeer het later "
            "opnieuw.\n\n%(serials)s\n"
        ) % {"serials": "\n".join(without)}
    response = StreamingHttpResponse(
        exports.pdfs_zip(certificates, note=note), content_type="application/zip"
    )
    name = f"certificaten-{slugify(edition.name) or edition.pk}.zip"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["Cache-Control"] = "private, no-store"
    return response


# --- a certificate's page -----------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def certificate_page(request: HttpRequest, certificate_id: int) -> HttpResponse:
    """The certificate, its downloads and history, and what an administrator can do with it:
    revoke, correct the name (a replacement), send the e-mail again, keep after a review."""
    _administrator_or_404(request)
    certificate = selectors.certificate_for_register(certificate_id)
    if certificate is None:
        raise Http404
    revoke_form = ReasonForm(prefix="revoke")
    name_form = NameCorrectionForm(prefix="name", initial={"name": certificate.name})
    status = 200
    if request.method == "POST":
        action_form = CertificateActionForm(request.POST)
        if not action_form.is_valid():
            return redirect("certificates:manage", certificate_id=certificate.pk)
        action = action_form.cleaned_data["action"]
        if action == CertificateActionForm.REVOKE:
            revoke_form = ReasonForm(request.POST, prefix="revoke")
        elif action == CertificateActionForm.RENAME:
            name_form = NameCorrectionForm(request.POST, prefix="name")
        done = _act(request, certificate, action, revoke_form=revoke_form, name_form=name_form)
        if done is not None:
            return done
        status = 400
    context = {
        "certificate": certificate,
        "history": selectors.certificate_history(certificate),
        "revoke_form": revoke_form,
        "name_form": name_form,
    }
    return render(request, "certificates/manage.html", context, status=status)


def _act(
    request: HttpRequest,
    certificate: Certificate,
    action: str,
    *,
    revoke_form: ReasonForm,
    name_form: NameCorrectionForm,
) -> HttpResponse | None:
    """Carry out the action and redirect with a message; None when its form has errors."""
    target = certificate.pk
    try:
        if action == CertificateActionForm.REVOKE:
            if not revoke_form.is_valid():
                return None
            services.certificate_revoke(
                certificate=certificate, by=request.user, reason=revoke_form.cleaned_data["reason"]
            )
            messages.success(
                request,
                _("Het certificaat is ingetrokken. De cursist krijgt daarover een e-mail."),
            )
        elif action == CertificateActionForm.RENAME:
            if not name_form.is_valid():
                return None
            new = services.certificate_correct_name(
                certificate=certificate, name=name_form.cleaned_data["name"], by=request.user
            )
            target = new.pk
            messages.success(
                request,
                _("Er is een nieuw certificaat met de juiste naam uitgegeven: %(serial)s.")
                % {"serial": new.serial},
            )
        elif action == CertificateActionForm.EMAIL:
            services.certificate_email_again(certificate=certificate, by=request.user)
            messages.success(
                request,
                _("De e-mail met het certificaat gaat opnieuw naar %(email)s.")
                % {"email": certificate.enrollment.learner.email},
            )
        else:
            services.certificate_review_clear(certificate=certificate, by=request.user)
            messages.success(request, _("Het certificaat blijft geldig."))
    except services.CertificateError as exc:
        messages.error(request, str(exc))
    return redirect("certificates:manage", certificate_id=target)
