"""The public pages: the courses open for sign-up, a course's page, the sign-up form and its
thank-you page, and the page an offered place's link opens. Anyone may see them."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from core import ratelimit

from .. import conf
from ..models import Course
from ..signups import selectors, services
from ..signups.forms import OfferAnswerForm, SignUpForms
from ..signups.selectors import OfferState


@require_GET
def public_courses(request: HttpRequest) -> HttpResponse:
    return render(
        request, "courses/public/course_list.html", {"courses": selectors.public_courses()}
    )


@require_GET
def public_course(request: HttpRequest, slug: str) -> HttpResponse:
    page = selectors.public_course(slug)
    if page is None:
        raise Http404
    return render(
        request, "courses/public/course_detail.html", {"page": page, "course": page.course}
    )


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def signup(request: HttpRequest, slug: str) -> HttpResponse:
    """The sign-up form. A filled-in honeypot gets the thank-you page and nothing is saved;
    one client sends at most LMS_SIGNUP_RATE forms an hour."""
    course = get_object_or_404(Course, slug=slug)
    editions = selectors.open_editions(course, now=timezone.now())
    context = {"course": course, "editions": editions}
    if not editions:
        return render(request, "courses/public/signup.html", context)
    if request.method != "POST":
        forms = SignUpForms(editions=editions, edition_id=request.GET.get("editie"))
        return render(request, "courses/public/signup.html", {**context, "forms": forms})

    forms = SignUpForms(request.POST, editions=editions)
    valid = forms.is_valid()
    if forms.is_spam:
        return redirect("courses:signup_thanks", slug=course.slug)
    status = 400
    if valid:
        if not ratelimit.allow(
            request, scope="signup", limit=int(conf.get("LMS_SIGNUP_RATE")), window=3600
        ):
            forms.form.add_error(
                None,
                _(
                    "Je hebt in korte tijd veel aanmeldingen verstuurd. Probeer het over een uur "
                    "nog eens, of neem contact met ons op."
                ),
            )
            status = 429
        else:
            try:
                services.signup_submit(**forms.submission())
            except ValidationError as exc:
                forms.form.add_error(None, exc)
            else:
                return redirect("courses:signup_thanks", slug=course.slug)
    return render(request, "courses/public/signup.html", {**context, "forms": forms}, status=status)


@require_GET
def signup_thanks(request: HttpRequest, slug: str) -> HttpResponse:
    course = get_object_or_404(Course, slug=slug)
    return render(request, "courses/public/signup_thanks.html", {"course": course})


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def signup_offer(request: HttpRequest, signup_id: int, token: str) -> HttpResponse:
    """An offered place: take it (enrolled at once, with an invitation) or let it pass."""
    found = selectors.offer_find(signup_id=signup_id, given_token=token)
    if found is None:
        raise Http404
    signup = found.signup
    context = {"signup": signup, "edition": signup.edition, "course": signup.edition.course}
    if found.state is OfferState.EXPIRED:
        services.offer_expire(signup_id=signup.pk)
        return render(
            request, "courses/public/offer.html", {**context, "state": "expired"}, status=410
        )
    state = found.state.value
    if request.method == "POST" and found.state is OfferState.OPEN:
        form = OfferAnswerForm(request.POST)
        if form.is_valid():
            if form.cleaned_data["answer"] == OfferAnswerForm.TAKE:
                try:
                    services.offer_accept(signup_id=signup.pk)
                except ValidationError:
                    state = "gone"
                else:
                    state = "taken"
            else:
                services.offer_decline(signup_id=signup.pk)
                state = "passed"
    return render(request, "courses/public/offer.html", {**context, "state": state})
