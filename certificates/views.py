"""Certificate pages: the learner's downloads, the administrators' approval queue, the public
verification page and the published Open Badges documents. (The administrators' register and
a certificate's page with its actions: `register_views`.)"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import ngettext
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET, require_http_methods

from core import ratelimit
from core.files import file_response
from courses.access import is_administrator
from courses.models import Course, Edition

from . import conf, credentials, selectors, services, signing, verification
from .achievements import achievement_description, badge_png
from .forms import ApprovalForm, CredentialCheckForm
from .models import Certificate, CertificateEvent, StatusList

JSONLD = "application/ld+json"


def _administrator_or_404(request: HttpRequest) -> None:
    if not is_administrator(request.user):
        raise Http404


# --- the learner ---------------------------------------------------------------------------


def _owned_and_rendered(request: HttpRequest, certificate_id: int) -> Certificate:
    certificate = selectors.certificate_for_owner(request.user, certificate_id)
    if certificate is None:
        raise Http404
    if certificate.rendered_at is None:
        # The worker has not got to it yet (or lost the message): render it now.
        services.certificate_render(certificate_id=certificate.pk)
        certificate.refresh_from_db()
    return certificate


@login_required
@require_GET
def certificate_pdf(request: HttpRequest, certificate_id: int) -> FileResponse:
    certificate = _owned_and_rendered(request, certificate_id)
    response = file_response(certificate.pdf, as_attachment=True)
    services.certificate_download_record(
        certificate_id=certificate.pk, kind=CertificateEvent.Kind.PDF_DOWNLOADED, by=request.user
    )
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response


@login_required
@require_GET
def certificate_credential(request: HttpRequest, certificate_id: int) -> HttpResponse:
    certificate = _owned_and_rendered(request, certificate_id)
    if not certificate.credential:
        raise Http404
    services.certificate_download_record(
        certificate_id=certificate.pk,
        kind=CertificateEvent.Kind.CREDENTIAL_DOWNLOADED,
        by=request.user,
    )
    response = JsonResponse(
        certificate.credential, json_dumps_params={"ensure_ascii": False, "indent": 2}
    )
    response["Content-Type"] = f"{JSONLD}; charset=utf-8"
    response["Content-Disposition"] = f'attachment; filename="{certificate.serial}.json"'
    response["Cache-Control"] = "private, no-store"
    return response


# --- administrators ------------------------------------------------------------------------


@login_required
@require_GET
def approvals(request: HttpRequest) -> HttpResponse:
    _administrator_or_404(request)
    editions = list(selectors.editions_with_certificate_work())
    return render(request, "certificates/approvals.html", {"editions": editions})


@login_required
@require_http_methods(["GET", "POST"])
def approvals_edition(request: HttpRequest, edition_id: int) -> HttpResponse:
    _administrator_or_404(request)
    edition = get_object_or_404(Edition.objects.select_related("course"), pk=edition_id)
    form = ApprovalForm(request.POST or None, edition=edition)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            _decide(request, form)
            return redirect("certificates:approvals_edition", edition_id=edition.pk)
        status = 400
        for error in form.non_field_errors() + form.errors.get("certificate", []):
            messages.error(request, error)
    context = {
        "edition": edition,
        "pending": selectors.approval_queue(edition),
        "review": selectors.review_queue(edition),
        "form": form,
        "ticked": form.posted_ids(),
    }
    return render(request, "certificates/approvals_edition.html", context, status=status)


def _decide(request: HttpRequest, form: ApprovalForm) -> None:
    """Issue or reject the chosen certificates, and say how many."""
    ids = form.selected_ids()
    if form.cleaned_data["action"] == ApprovalForm.REJECT:
        rejected = services.certificate_reject(
            certificate_ids=ids, by=request.user, reason=form.cleaned_data["reason"].strip()
        )
        messages.success(
            request,
            ngettext(
                "%(count)d aanvraag afgewezen.", "%(count)d aanvragen afgewezen.", len(rejected)
            )
            % {"count": len(rejected)},
        )
        return
    issued = services.certificate_approve(certificate_ids=ids, by=request.user)
    messages.success(
        request,
        ngettext(
            "%(count)d certificaat uitgegeven.", "%(count)d certificaten uitgegeven.", len(issued)
        )
        % {"count": len(issued)},
    )
    skipped = len(ids) - len(issued)
    if skipped:
        messages.warning(
            request,
            ngettext(
                "%(count)d niet uitgegeven: al gedaan of het resultaat is niet meer voldoende.",
                "%(count)d niet uitgegeven: al gedaan of het resultaat is niet meer voldoende.",
                skipped,
            )
            % {"count": skipped},
        )


# --- anyone --------------------------------------------------------------------------------


def _too_many(request: HttpRequest) -> HttpResponse | None:
    limit = int(conf.get("LMS_CERTIFICATE_VERIFY_RATE"))
    if ratelimit.allow(request, scope="verify", limit=limit):
        return None
    response = render(request, "certificates/too_many.html", status=429)
    response["Retry-After"] = "60"
    return response


@require_GET
@cache_control(private=True, max_age=0)
def verify(request: HttpRequest, code: str) -> HttpResponse:
    limited = _too_many(request)
    if limited is not None:
        return limited
    certificate = selectors.certificate_for_verification(code)
    if certificate is None:
        response = render(request, "certificates/verify_unknown.html", {"code": code}, status=404)
    else:
        response = render(request, "certificates/verify.html", {"certificate": certificate})
    response["X-Robots-Tag"] = "noindex"
    response["Referrer-Policy"] = "no-referrer"
    return response


@require_http_methods(["GET", "POST"])
def verify_credential(request: HttpRequest) -> HttpResponse:
    check = None
    if request.method == "POST":
        limited = _too_many(request)
        if limited is not None:
            return limited
        form = CredentialCheckForm(request.POST, request.FILES)
        if form.is_valid():
            check = verification.credential_check(form.cleaned_data["credential"])
    else:
        form = CredentialCheckForm()
    return render(request, "certificates/verify_credential.html", {"form": form, "check": check})


def _jsonld(document: dict, *, max_age: int = 300) -> JsonResponse:
    response = JsonResponse(document, json_dumps_params={"ensure_ascii": False})
    response["Content-Type"] = f"{JSONLD}; charset=utf-8"
    response["Cache-Control"] = f"public, max-age={max_age}"
    response["Access-Control-Allow-Origin"] = "*"
    return response


@require_GET
def did_document(request: HttpRequest) -> JsonResponse:
    """The issuer's DID document (did:web): every signing key, old ones included."""
    response = _jsonld(signing.did_document(), max_age=300)
    response["Content-Type"] = "application/did+ld+json"
    return response


@require_GET
def issuer(request: HttpRequest) -> JsonResponse:
    """The issuer's Open Badges Profile; its id is the DID, whose document has the keys."""
    return _jsonld(
        credentials.issuer_profile(
            issuer_id=signing.issuer_id(),
            name=conf.get("LMS_CERTIFICATE_ISSUER_NAME"),
            url=conf.get("LMS_CERTIFICATE_ISSUER_URL"),
        ),
        max_age=3600,
    )


@require_GET
def status_list(request: HttpRequest) -> JsonResponse:
    row = StatusList.objects.filter(purpose="revocation").first()
    if row is None or not row.credential:
        row = services.status_list_refresh()
    return _jsonld(row.credential, max_age=60)


def _course_with_template(slug: str) -> Course:
    course = get_object_or_404(Course.objects.select_related("certificate_template"), slug=slug)
    if getattr(course, "certificate_template", None) is None:
        raise Http404
    return course


@require_GET
def achievement(request: HttpRequest, slug: str) -> JsonResponse:
    course = _course_with_template(slug)
    template = course.certificate_template
    modules = list(course.modules.order_by("order", "pk").values_list("title", flat=True))
    return _jsonld(
        {
            "@context": [credentials.VC_CONTEXT, credentials.OB_CONTEXT],
            "id": signing.achievement_url(slug),
            "type": ["Achievement"],
            "achievementType": "Certificate",
            "name": course.title,
            "description": achievement_description(
                course_title=course.title,
                modules=modules,
                issuer=template.issuer_name or conf.get("LMS_CERTIFICATE_ISSUER_NAME"),
            ),
            "criteria": {"narrative": template.criteria or template.wording},
            "image": {"id": signing.achievement_image_url(slug), "type": "Image"},
            "creator": {"id": signing.issuer_id(), "type": ["Profile"]},
        },
        max_age=3600,
    )


@require_GET
def achievement_image(request: HttpRequest, slug: str) -> HttpResponse:
    """The course's badge, public like the achievement it illustrates."""
    course = _course_with_template(slug)
    png = badge_png(title=course.title, font_path=str(services.font_path()))
    response = HttpResponse(png, content_type="image/png")
    response["Cache-Control"] = "public, max-age=86400"
    response["Access-Control-Allow-Origin"] = "*"
    return response
