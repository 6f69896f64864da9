"""Logging in with a username or an e-mail address, throttled (django-axes); "Wachtwoord
vergeten", limited, which invites who has no password yet."""

import logging

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth import views as auth_views
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.forms import PasswordResetForm
from django.http import HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from core import ratelimit
from core.clients import client_address
from courses import invitations

from .selectors import user_by_pk

logger = logging.getLogger(__name__)


class UsernameOrEmailBackend(ModelBackend):
    def authenticate(self, request, username=None, password=None, **kwargs):
        if username and "@" in username:
            User = get_user_model()
            user = (
                User._default_manager.filter(email__iexact=username.strip()).order_by("pk").first()
            )
            if user is not None:
                username = user.get_username()
        return super().authenticate(request, username=username, password=password, **kwargs)

    def get_user(self, user_id):
        """The logged-in user of every request: by key, with SQL compiled once per process."""
        user = user_by_pk(user_id)
        return user if user is not None and self.user_can_authenticate(user) else None


def login_throttle_key(request, credentials: dict) -> str:
    """The account a login tries, as django-axes counts it: one key whether the person typed
    their username or their e-mail address, so switching between the two does not double the
    tries. What matches no account is counted as typed (lower case), like a real account."""
    typed = str((credentials or {}).get("username") or "").strip().lower()
    if "@" in typed:
        User = get_user_model()
        username = (
            User._default_manager.filter(email__iexact=typed)
            .order_by("pk")
            .values_list(User.USERNAME_FIELD, flat=True)
            .first()
        )
        if username is not None:
            return username.lower()
    return typed


def login_client_address(request) -> str | None:
    """The client for django-axes: the same address every limit of ours uses, or None when
    there is none (axes stores it in an IP address column, which refuses a placeholder)."""
    address = client_address(request)
    return None if address == "unknown" else address


def login_locked_out(request, original_response=None, credentials=None) -> HttpResponse:
    """The page of a refused login (429): how long to wait, and the way to a new password."""
    minutes = max(round(settings.AXES_COOLOFF_TIME.total_seconds() / 60), 1)
    return render(request, "registration/locked_out.html", {"cooloff_minutes": minutes}, status=429)


# "Wachtwoord vergeten" sends at most this many mails to one address, and takes at most this
# many requests from one client, per RESET_WINDOW seconds. Past the first the page answers as
# always (nothing tells whether the address has an account); past the second it asks the
# client to wait.
RESET_MAILS_PER_ADDRESS = 3
RESET_REQUESTS_PER_CLIENT = 10
RESET_WINDOW = 3600


class InvitingPasswordResetForm(PasswordResetForm):
    """ "Wachtwoord vergeten" for everyone who was enrolled: Django's reset mail for accounts
    with a password, and for an account that never had one (enrolled by an administrator, the
    invitation not used) a new invitation instead, which Django's form would skip without a
    word. The page answers the same either way, and for an unknown address too."""

    def save(self, *args, **kwargs) -> None:
        email = self.cleaned_data["email"]
        if not ratelimit.hit(
            "password-reset-address",
            email.strip().lower(),
            limit=RESET_MAILS_PER_ADDRESS,
            window=RESET_WINDOW,
        ):
            logger.warning("Password reset: mail limit reached for one address; nothing sent.")
            return
        super().save(*args, **kwargs)
        User = get_user_model()
        for user in User._default_manager.filter(email__iexact=email, is_active=True):
            if invitations.needs_invitation(user):
                invitations.invitation_send(user=user, pause=invitations.RESEND_PAUSE)


class PasswordResetView(auth_views.PasswordResetView):
    form_class = InvitingPasswordResetForm

    def form_valid(self, form):
        if not ratelimit.allow(
            self.request,
            scope="password-reset",
            limit=RESET_REQUESTS_PER_CLIENT,
            window=RESET_WINDOW,
        ):
            logger.warning("Password reset: request limit reached for a client.")
            form.add_error(
                None,
                _("Je hebt al vaak een nieuwe link gevraagd. Probeer het over een uur opnieuw."),
            )
            response = self.form_invalid(form)
            response.status_code = 429
            return response
        return super().form_valid(form)
