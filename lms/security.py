"""`/.well-known/security.txt` (RFC 9116): where to report a vulnerability in this site."""

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
