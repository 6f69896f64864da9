"""The page an invitation's link opens: choose a password and start; or, when the link
expired, ask for a new one; or, when it was used, go and log in (see courses.invitations)."""

from __future__ import annotations

from django.contrib.auth import login
from django.contrib.auth.forms import SetPasswordForm
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods, require_POST

from .. import conf, invitations
from ..invitations import LinkState


def _found_or_404(invitation_id: int, token: str) -> invitations.FoundLink:
    found = invitations.invitation_find(invitation_id=invitation_id, given_token=token)
    if found is None:
        raise Http404
    return found


@never_cache
@sensitive_post_parameters("new_password1", "new_password2")
@require_http_methods(["GET", "POST"])
def invitation(request: HttpRequest, invitation_id: int, token: str) -> HttpResponse:
    found = _found_or_404(invitation_id, token)
    context = {
        "state": found.state.value,
        "invitation": found.invitation,
        "found_token": token,
    }
    if found.state is not LinkState.VALID:
        status = 410 if found.state is LinkState.EXPIRED else 200
        return render(request, "courses/invitation.html", context, status=status)
    user = found.invitation.user
    form = SetPasswordForm(user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            form.save()
            invitations.invitation_accept(invitation=found.invitation)
        login(request, user, backend=conf.login_backend())
        return redirect(conf.learner_home_url())
    context["form"] = form
    return render(request, "courses/invitation.html", context, status=400 if form.errors else 200)


@never_cache
@require_POST
def invitation_renew(request: HttpRequest, invitation_id: int, token: str) -> HttpResponse:
    """A new link for an expired one, to the address on the account (never another)."""
    found = _found_or_404(invitation_id, token)
    if found.state is LinkState.EXPIRED:
        invitations.invitation_send(
            user=found.invitation.user,
            enrollment=found.invitation.enrollment,
            pause=invitations.RESEND_PAUSE,
        )
        context = {"state": "renewed", "days": invitations.INVITATION_DAYS}
        return render(request, "courses/invitation.html", context)
    return redirect("courses:invitation", invitation_id=invitation_id, token=token)
