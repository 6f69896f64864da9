"""Serving uploaded files only after a permission check, never from a public URL."""

import mimetypes
import re
import shutil
import tempfile
import zipfile
from collections.abc import Iterable
from pathlib import PurePath

from django.http import FileResponse, Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.utils.http import content_disposition_header


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


def archive_response(filename: str, members: Iterable[tuple[str, object]]) -> FileResponse:
    """Many protected files as one zip download, after the caller's permission check: each
    member a (name in the archive, stored file or bytes). Written to a temporary file, not
    held in memory; a stored file that is gone is left out."""
    spool = tempfile.TemporaryFile()  # noqa: SIM115 (the response closes it when sent)
    with zipfile.ZipFile(spool, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, content in members:
            if isinstance(content, bytes):
                archive.writestr(name, content)
                continue
            try:
                with content.open("rb") as source, archive.open(name, "w") as target:
                    shutil.copyfileobj(source, target)
            except (FileNotFoundError, OSError, ValueError):
                continue
    spool.seek(0)
    response = FileResponse(
        spool, as_attachment=True, filename=filename, content_type="application/zip"
    )
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response


# --- sound and video: byte ranges, so that a player can seek ----------------------------------

_RANGE = re.compile(r"^\s*bytes=(\d*)-(\d*)\s*$")
RANGE_BLOCK = 64 * 1024


def byte_range(header: str, size: int) -> tuple[int, int] | None:
    """The (first, last) byte of a single `Range: bytes=…` header, clipped to the file; None
    when the header is not one we serve a part for (the whole file goes out then).
    ValueError when the range lies wholly outside the file (416)."""
    match = _RANGE.match(header or "")
    if not match or not (match.group(1) or match.group(2)):
        return None
    first, last = match.group(1), match.group(2)
    if not first:  # the last N bytes
        length = int(last)
        if length == 0:
            raise ValueError(header)
        return max(0, size - length), size - 1
    start = int(first)
    end = min(int(last), size - 1) if last else size - 1
    if start >= size or end < start:
        raise ValueError(header)
    return start, end


def _blocks(field_file, start: int, length: int):
    """The bytes of one range, read as they are sent; the file is opened only then (and closed
    by the response when the client goes away half-way)."""
    handle = field_file.storage.open(field_file.name, "rb")
    try:
        handle.seek(start)
        while length > 0:
            chunk = handle.read(min(RANGE_BLOCK, length))
            if not chunk:
                break
            length -= len(chunk)
            yield chunk
    finally:
        handle.close()


def media_response(request: HttpRequest, field_file) -> HttpResponse:
    """A sound or video file, inline, after the permission check. It answers byte ranges:
    without them Chromium cannot seek, and "play from 1:24" would start at 0:00."""
    whole = file_response(field_file, as_attachment=False)  # 404 when the file is gone
    whole["Accept-Ranges"] = "bytes"
    header = request.headers.get("Range", "")
    if not header:
        return whole
    size = field_file.size
    try:
        part = byte_range(header, size)
    except ValueError:
        part = ()
    if part is None:
        return whole
    # Not whole.close(): that sends request_finished, which closes the database connection.
    field_file.close()
    if not part:
        refused = HttpResponse(status=416)
        refused["Content-Range"] = f"bytes */{size}"
        return refused
    first, last = part
    name = PurePath(field_file.name).name
    partial = StreamingHttpResponse(
        _blocks(field_file, first, last - first + 1),
        status=206,
        content_type=mimetypes.guess_type(name)[0] or "application/octet-stream",
    )
    partial["Content-Length"] = str(last - first + 1)
    partial["Content-Range"] = f"bytes {first}-{last}/{size}"
    partial["Content-Disposition"] = content_disposition_header(False, name)
    for copied in (
        "Accept-Ranges",
        "Cache-Control",
        "X-Content-Type-Options",
        "Content-Security-Policy",
    ):
        partial[copied] = whole[copied]
    return partial
