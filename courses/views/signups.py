"""The administrator's queue of sign-ups: see them by state and edition, and accept one,
put it on the waiting list, or reject it with a reason. Anyone else gets a 404."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from ..access import is_administrator
from ..models import SignUp
from ..signups import selectors, services
from ..signups.forms import DecisionForm, QueueFilterForm

PER_PAGE = 50


def _administrator_or_404(user) -> None:
    if not is_administrator(user):
        raise Http404


def _queue_url(state: str) -> str:
    return reverse("courses:signup_queue") + "?" + urlencode({"state": state})


@login_required
@require_GET
def signup_queue(request: HttpRequest) -> HttpResponse:
    _administrator_or_404(request.user)
    editions = selectors.editions_with_signups()
    filters = QueueFilterForm(request.GET or None, editions=editions)
    state, edition_id = filters.chosen_state(), filters.chosen_edition_id()
    page = Paginator(selectors.signup_queue(state=state, edition_id=edition_id), PER_PAGE).get_page(
        request.GET.get("page")
    )
    signups = list(page)
    now = timezone.now()
    places = selectors.places_left_for({s.edition_id for s in signups}, now=now)
    positions = selectors.waiting_positions(signups)
    counts = selectors.signup_state_counts()
    rows = [(s, places.get(s.edition_id, 0), positions.get(s.pk)) for s in signups]
    tabs = [
        (
            choice,
            counts[choice],
            _queue_url(choice) + (f"&edition={edition_id}" if edition_id else ""),
        )
        for choice in selectors.QUEUE_STATES
    ]
    return render(
        request,
        "courses/signups/queue.html",
        {
            "filters": filters,
            "state": SignUp.State(state),
            "tabs": tabs,
            "rows": rows,
            "page": page,
            "edition_id": edition_id,
            "can_decide": state in SignUp.OPEN_STATES,
        },
    )


_DONE = {
    DecisionForm.ACCEPT: lambda s: (
        _(
            "%(name)s is ingeschreven in %(edition)s. Wie nog geen wachtwoord heeft, krijgt een "
            "uitnodiging per e-mail."
        )
        % {"name": s.full_name, "edition": s.edition.name}
    ),
    DecisionForm.WAIT: lambda s: (
        _("%(name)s staat op de wachtlijst van %(edition)s.")
        % {"name": s.full_name, "edition": s.edition.name}
    ),
    DecisionForm.REJECT: lambda s: (
        _("De aanmelding van %(name)s is afgewezen. We e-mailen de reden naar %(email)s.")
        % {"name": s.full_name, "email": s.submission.email}
    ),
}


def _decide(action: str, *, signup: SignUp, reason: str, by) -> SignUp:
    if action == DecisionForm.ACCEPT:
        return services.signup_accept(signup_id=signup.pk, by=by)
    if action == DecisionForm.WAIT:
        return services.signup_wait(signup_id=signup.pk, by=by)
    return services.signup_reject(signup_id=signup.pk, by=by, reason=reason)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def signup_detail(request: HttpRequest, signup_id: int) -> HttpResponse:
    """One sign-up with everything its form said, and the decision."""
    _administrator_or_404(request.user)
    signup = selectors.signup_for_administrator(signup_id)
    if signup is None:
        raise Http404
    form = DecisionForm(request.POST or None)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            came_from = signup.state
            try:
                decided = _decide(
                    form.cleaned_data["action"],
                    signup=signup,
                    reason=form.cleaned_data["reason"],
                    by=request.user,
                )
            except ValidationError as exc:
                form.add_error(None, exc)
                status = 409
            else:
                messages.success(request, _DONE[form.cleaned_data["action"]](decided))
                return redirect(_queue_url(came_from))
    now = timezone.now()
    places = selectors.places_left_for([signup.edition_id], now=now)
    context = {
        "signup": signup,
        "submission": signup.submission,
        "others": selectors.submission_siblings(signup),
        "places_left": places.get(signup.edition_id, 0),
        "position": selectors.waiting_positions([signup]).get(signup.pk),
        "form": form,
        "can_decide": signup.state in SignUp.OPEN_STATES,
        "can_wait": signup.state in (SignUp.State.NEW, SignUp.State.LAPSED),
    }
    return render(request, "courses/signups/detail.html", context, status=status)
