"""Two-factor sign-in: after the password, a code from an authenticator app (TOTP), or one of
ten single-use recovery codes for a lost phone. Built on django-otp (devices, throttling of
wrong codes, the verified state in the session).

Who needs it: administrators when LMS_2FA_ADMINS is on (the default in production), trainers
when LMS_2FA_TRAINERS is on; anyone else may turn it on for themselves. Whoever has it on is
asked for a code after every login, whichever way they logged in (the login page, the admin's,
an invitation, a new password); whoever needs it and has none is sent to set it up first.
Until then every other page waits (`TwoFactorMiddleware`).
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlencode

import segno
from django.conf import settings
from django.db import transaction
from django.shortcuts import redirect
from django.urls import reverse
from django_otp import login as otp_login
from django_otp import user_has_device
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from courses.access import is_administrator, is_trainer

RECOVERY_CODES = 10
ISSUER = "Leeromgeving"
# What the session says after a login: a code is still to be given, or a device set up.
SESSION_KEY = "lms_second_factor"
VERIFY, SET_UP = "verify", "set-up"


def required_for(user) -> bool:
    """Whether this person may not work without a second factor."""
    if settings.LMS_2FA_ADMINS and is_administrator(user):
        return True
    return bool(settings.LMS_2FA_TRAINERS and is_trainer(user))


def app_device(user) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=True).first()


def has_second_factor(user) -> bool:
    return user_has_device(user, confirmed=True)


# --- setting up ---------------------------------------------------------------------------


@dataclass(frozen=True)
class NewDevice:
    device: TOTPDevice
    key: str  # base32, in groups of four, to type in by hand
    qr_svg: str  # the provisioning URI as an SVG QR code, for the app to scan


def device_to_set_up(user) -> NewDevice:
    """The person's unconfirmed app device (made the first time), with what the app needs."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("pk").first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="app", confirmed=False)
    uri = device.config_url
    secret = uri.split("secret=", 1)[1].split("&", 1)[0]
    key = " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))
    qr = segno.make(uri, error="m").svg_inline(scale=4, dark="#1f2933", title=ISSUER)
    return NewDevice(device=device, key=key, qr_svg=qr)


def device_confirm(request, *, device: TOTPDevice, code: str) -> list[str] | None:
    """Confirm the app with its first code: it replaces any earlier app, the session counts as
    verified, and the new recovery codes come back (to be shown once). None when the code is
    wrong."""
    if not device.verify_token(_digits(code)):
        return None
    with transaction.atomic():
        TOTPDevice.objects.filter(user=device.user).exclude(pk=device.pk).delete()
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        codes = recovery_codes_renew(device.user)
    _verified(request, device)
    return codes


def recovery_codes_renew(user) -> list[str]:
    """Ten new single-use recovery codes; the old ones stop working."""
    with transaction.atomic():
        device, _created = StaticDevice.objects.get_or_create(
            user=user, name="recovery", defaults={"confirmed": True}
        )
        device.token_set.all().delete()
        codes = [StaticToken.random_token() for _ in range(RECOVERY_CODES)]
        StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return codes


def recovery_codes_left(user) -> int:
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()


def second_factor_remove(user) -> None:
    """Turn it off (only for whom it is not required: the view checks)."""
    TOTPDevice.objects.filter(user=user).delete()
    StaticDevice.objects.filter(user=user).delete()


# --- logging in ---------------------------------------------------------------------------


def verify(request, code: str) -> bool:
    """Check a code from the app or a recovery code (each wrong try slows the next one down,
    django-otp's throttling); a good one marks the session verified."""
    user = request.user
    digits = _digits(code)
    app = app_device(user)
    if app is not None and digits.isdigit() and len(digits) == 6 and app.verify_token(digits):
        _verified(request, app)
        return True
    recovery = StaticDevice.objects.filter(user=user, confirmed=True).first()
    if recovery is not None and recovery.verify_token(code.strip().lower().replace(" ", "")):
        _verified(request, recovery)
        return True
    return False


def _digits(code: str) -> str:
    return "".join(code.split())


def _verified(request, device) -> None:
    otp_login(request, device)
    request.session.pop(SESSION_KEY, None)


def due_after_login(request, user) -> None:
    """Note in the new session what is still due (lms.receivers, on every login)."""
    if has_second_factor(user):
        request.session[SESSION_KEY] = VERIFY
    elif required_for(user):
        request.session[SESSION_KEY] = SET_UP


def state(request) -> str | None:
    """VERIFY or SET_UP while the second factor is still due in this session, else None."""
    user = request.user
    if not user.is_authenticated or user.is_verified():
        return None
    due = request.session.get(SESSION_KEY)
    if due is None and settings.LMS_2FA_ADMINS and is_administrator(user):
        # A session from before the rule: an administrator is never let through unverified.
        due = VERIFY if has_second_factor(user) else SET_UP
    return due


class TwoFactorMiddleware:
    """After django-otp's OTPMiddleware: while a second factor is due, every page but the
    code and set-up pages, logging out and the language switch sends the person there."""

    ALLOWED = ("lms:second_factor", "lms:second_factor_setup", "logout", "lms:set_language")

    def __init__(self, get_response):
        self.get_response = get_response
        self._allowed_paths: set[str] | None = None

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        due = state(request)
        if due is None or request.path in self._allowed():
            return None
        target = reverse("lms:second_factor" if due == VERIFY else "lms:second_factor_setup")
        return redirect(f"{target}?{urlencode({'next': request.get_full_path()})}")

    def _allowed(self) -> set[str]:
        if self._allowed_paths is None:
            self._allowed_paths = {reverse(name) for name in self.ALLOWED}
        return self._allowed_paths
