"""Serving uploaded files only after a permission check, never from a public URL."""

import mimetypes
from pathlib import PurePath

from django.http import FileResponse, Http404


def file_response(field_file, *, as_attachment: bool) -> FileResponse:
    if not field_file:
        raise Http404
    try:
        handle = field_file.open("rb")
    except (FileNotFoundError, OSError) as exc:
        raise Http404 from exc
    filename = PurePath(field_file.name).name
    content_type, _ = mimetypes.guess_type(filename)
    response = FileResponse(
        handle,
        as_attachment=as_attachment,
        filename=filename,
        content_type=content_type or "application/octet-stream",
    )
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; media-src 'self'; sandbox"
    return response
