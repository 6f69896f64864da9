"""Uploads are refused while they arrive, not after: a cap per file and per request.

Django's own handlers keep every byte of a file before a form can say it is too large (a
60 MB file against a 10 MB limit was received whole). `CappedUploadHandler` goes first in
FILE_UPLOAD_HANDLERS and watches the stream:

- a request whose Content-Length is above the request cap is not read at all;
- a file that grows past the file cap is dropped at that point (Django reads the rest of it
  and throws it away, so the other fields of the form still arrive);
- files beyond the number allowed are dropped the same way.

What was dropped is kept on the request (`upload_refusals(request)`), so the view answers
with its usual plain message; a body above the request cap gets a plain 413 page from
`UploadLimitsMiddleware` before anything reads it. The caps come from settings
(LMS_UPLOAD_MAX_FILE_MB, LMS_UPLOAD_MAX_REQUEST_MB, DATA_UPLOAD_MAX_NUMBER_FILES); a view
with caps of its own (an assignment's file size and number) names them with `upload_limits`.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.core.files.uploadhandler import FileUploadHandler, SkipFile, StopUpload
from django.shortcuts import render

MB = 1024 * 1024


@dataclass(frozen=True)
class Refusal:
    """One thing the handler dropped: a file too large (`name`, `max_bytes`), too many
    files (`max_files`), or the whole request (`max_bytes` of the request)."""

    reason: str  # "file", "count" or "request"
    name: str = ""
    max_bytes: int = 0
    max_files: int = 0


@dataclass(frozen=True)
class Limits:
    max_file_bytes: int
    max_files: int
    max_request_bytes: int


def default_limits() -> Limits:
    return Limits(
        max_file_bytes=settings.LMS_UPLOAD_MAX_FILE_MB * MB,
        max_files=settings.DATA_UPLOAD_MAX_NUMBER_FILES,
        max_request_bytes=settings.LMS_UPLOAD_MAX_REQUEST_MB * MB,
    )


def upload_refusals(request) -> list[Refusal]:
    """What the upload handler dropped from this request (empty when nothing)."""
    return list(getattr(request, "_upload_refusals", ()))


def set_upload_limits(request, *, max_file_bytes: int, max_files: int) -> None:
    """This request's caps instead of the defaults: files of at most `max_file_bytes`, at most
    `max_files` of them, and a body of at most that much plus the form's other fields. Only
    before the body is read (see `upload_limits`)."""
    limits = Limits(
        max_file_bytes=max_file_bytes,
        max_files=max_files,
        max_request_bytes=max_files * max_file_bytes + settings.DATA_UPLOAD_MAX_MEMORY_SIZE,
    )
    for handler in request.upload_handlers:
        if isinstance(handler, CappedUploadHandler):
            handler.limits = limits


def upload_limits(limits_for):
    """Give a view caps of its own: `limits_for(request, *args, **kwargs)` returns keyword
    arguments for `set_upload_limits` (or None), from the URL alone. `UploadLimitsMiddleware`
    applies them before anything reads the body (CsrfViewMiddleware reads request.POST before
    the view runs, so the view itself would be too late)."""

    def decorator(view):
        view.upload_limits = limits_for
        return view

    return decorator


class UploadLimitsMiddleware:
    """Before CsrfViewMiddleware: sets a view's own caps, and answers a body above the
    request cap with 413 and a plain page, without reading any of it."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if request.content_type != "multipart/form-data":
            return None
        limits_for = getattr(view_func, "upload_limits", None)
        if limits_for is not None:
            limits = limits_for(request, *view_args, **view_kwargs)
            if limits:
                set_upload_limits(request, **limits)
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            return None
        for handler in request.upload_handlers:
            if isinstance(handler, CappedUploadHandler):
                cap = handler.limits.max_request_bytes
                if length > cap:
                    return render(request, "413.html", {"max_mb": round(cap / MB)}, status=413)
        return None


class CappedUploadHandler(FileUploadHandler):
    def __init__(self, request=None):
        super().__init__(request)
        self.limits = default_limits()
        self.files_seen = 0
        self.file_bytes = 0

    def _refuse(self, refusal: Refusal) -> None:
        if self.request is not None:
            if not hasattr(self.request, "_upload_refusals"):
                self.request._upload_refusals = []
            self.request._upload_refusals.append(refusal)

    def handle_raw_input(self, input_data, META, content_length, boundary, encoding=None):
        if content_length > self.limits.max_request_bytes:
            self._refuse(Refusal("request", max_bytes=self.limits.max_request_bytes))
            # Nothing of the body is read: the answer goes back at once.
            raise StopUpload(connection_reset=True)
        return None

    def new_file(self, field_name, file_name, *args, **kwargs):
        super().new_file(field_name, file_name, *args, **kwargs)
        self.files_seen += 1
        self.file_bytes = 0
        if self.files_seen > self.limits.max_files:
            self._refuse(Refusal("count", name=file_name, max_files=self.limits.max_files))
            raise SkipFile

    def receive_data_chunk(self, raw_data, start):
        self.file_bytes += len(raw_data)
        if self.file_bytes > self.limits.max_file_bytes:
            self._refuse(Refusal("file", name=self.file_name, max_bytes=self.limits.max_file_bytes))
            raise SkipFile
        return raw_data

    def file_complete(self, file_size):
        return None
