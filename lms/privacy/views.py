"""The privacy statement, and a person's download of their own data."""

from __future__ import annotations

import tempfile

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_safe

from core import ratelimit

from ..security import security_contact
from . import export
from .retention import retention_years

# Downloads per person per hour: each one reads all their files.
DOWNLOADS_PER_HOUR = 10
# A zip up to this size stays in memory; a larger one goes to a temporary file on disk.
IN_MEMORY = 8 * 1024 * 1024


@require_safe
def privacy_statement(request: HttpRequest) -> HttpResponse:
    contact = security_contact()
    return render(
        request,
        "lms/privacy.html",
        {
            "retention_years": retention_years(),
            "contact_url": contact,
            "contact_label": contact.removeprefix("mailto:"),
        },
    )


@login_required
@require_GET
def personal_data_download(request: HttpRequest) -> HttpResponse:
    if not ratelimit.hit(
        "privacy_export", str(request.user.pk), limit=DOWNLOADS_PER_HOUR, window=3600
    ):
        messages.error(
            request,
            _(
                "Je hebt je gegevens net al een paar keer gedownload. Probeer het over een uur weer."
            ),
        )
        return redirect("lms:notification_preferences")
    archive = tempfile.SpooledTemporaryFile(max_size=IN_MEMORY)  # noqa: SIM115  (the response closes it)
    export.personal_data_archive(request.user, archive)
    archive.seek(0)
    response = FileResponse(
        archive,
        as_attachment=True,
        filename=export.archive_filename(),
        content_type="application/zip",
    )
    response["Cache-Control"] = "private, no-store"
    return response
