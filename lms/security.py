"""`/.well-known/security.txt` (RFC 9116): where to report a vulnerability in this site; the
security headers of every page."""

from datetime import UTC, timedelta
from urllib.parse import urlsplit

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_safe

# RFC 9116 asks for an Expires under a year ahead so that a forgotten file goes stale; the
# file is made on each request, so it is always a year ahead of today.
SECURITY_TXT_VALID_FOR = timedelta(days=365)


def security_contact() -> str:
    """LMS_SECURITY_CONTACT, or security@ the site's own host when the operator named none."""
    return settings.LMS_SECURITY_CONTACT or (
        f"mailto:security@{urlsplit(settings.LMS_BASE_URL).hostname}"
    )


def security_txt_text() -> str:
    """The fields of the file, one per line."""
    expires = (timezone.now() + SECURITY_TXT_VALID_FOR).replace(microsecond=0)
    fields = [
        ("Contact", security_contact()),
        ("Expires", expires.astimezone(UTC).isoformat()),
        ("Preferred-Languages", "nl, en"),
        ("Canonical", settings.LMS_BASE_URL + reverse("lms:security_txt")),
    ]
    return "".join(f"{name}: {value}\n" for name, value in fields)


@require_safe
def security_txt(request: HttpRequest) -> HttpResponse:
    return HttpResponse(security_txt_text(), content_type="text/plain; charset=utf-8")


# Every page's Content-Security-Policy: our own scripts, styles, images and media only, no
# inline script or style, no plugins, never inside another site's frame. Recordings play from
# blob: URLs (the recorder's preview) and images may be data: URLs (the certificate's QR code).
CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "media-src 'self' blob:",
        "connect-src 'self'",
        "font-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)
# Django's admin sets a few style attributes of its own; its scripts stay strict.
ADMIN_CONTENT_SECURITY_POLICY = CONTENT_SECURITY_POLICY.replace(
    "style-src 'self'", "style-src 'self' 'unsafe-inline'"
)
# The recorder asks for the microphone on our own pages; nothing else is ever needed.
PERMISSIONS_POLICY = ", ".join(
    [
        "microphone=(self)",
        "camera=()",
        "geolocation=()",
        "payment=()",
        "usb=()",
        "interest-cohort=()",
    ]
)


class SecurityHeadersMiddleware:
    """Content-Security-Policy and Permissions-Policy on every response that has none of its
    own (a protected download sets a stricter one). Cross-Origin-Opener-Policy comes from
    Django's SecurityMiddleware (SECURE_CROSS_ORIGIN_OPENER_POLICY)."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.admin_prefix = None

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if "Content-Security-Policy" not in response:
            response["Content-Security-Policy"] = (
                ADMIN_CONTENT_SECURITY_POLICY
                if request.path.startswith(self._admin_prefix())
                else CONTENT_SECURITY_POLICY
            )
        response.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        return response

    def _admin_prefix(self) -> str:
        if self.admin_prefix is None:
            self.admin_prefix = reverse("admin:index")
        return self.admin_prefix
