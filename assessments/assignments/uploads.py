"""What an uploaded file really is, judged by its content (magic bytes), not by its name.

Pure: bytes and names in, a kind or a Dutch refusal out. An `.exe` renamed `.pdf` is an
executable, whatever its name says, and is refused; so is a PDF named `.docx`, because the
learner's computer would open it with the wrong program.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import PurePath

import filetype
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

HEAD_BYTES = 8192


@dataclass(frozen=True)
class FileKind:
    key: str
    label: object  # str or a lazy translation
    content_type: str
    extensions: tuple[str, ...]
    audio: bool = False


KINDS: dict[str, FileKind] = {
    k.key: k
    for k in (
        FileKind("pdf", "PDF", "application/pdf", ("pdf",)),
        FileKind(
            "docx",
            "Word (.docx)",
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            ("docx",),
        ),
        FileKind("odt", "OpenDocument (.odt)", "application/vnd.oasis.opendocument.text", ("odt",)),
        FileKind("txt", gettext_lazy("tekst (.txt)"), "text/plain; charset=utf-8", ("txt", "md")),
        FileKind("jpg", "JPEG", "image/jpeg", ("jpg", "jpeg")),
        FileKind("png", "PNG", "image/png", ("png",)),
        FileKind("mp3", "MP3", "audio/mpeg", ("mp3",), audio=True),
        FileKind("m4a", "M4A", "audio/mp4", ("m4a", "mp4", "aac"), audio=True),
        FileKind("ogg", "Ogg", "audio/ogg", ("ogg", "oga", "opus"), audio=True),
        FileKind("wav", "WAV", "audio/wav", ("wav",), audio=True),
        FileKind("webm", "WebM", "audio/webm", ("webm", "weba"), audio=True),
    )
}
AUDIO_KINDS = tuple(k for k, kind in KINDS.items() if kind.audio)

# filetype's names for what we call one kind
_DETECTED = {
    "pdf": "pdf",
    "docx": "docx",
    "odt": "odt",
    "jpg": "jpg",
    "png": "png",
    "mp3": "mp3",
    "m4a": "m4a",
    "mp4": "m4a",
    "aac": "m4a",
    "ogg": "ogg",
    "wav": "wav",
    "webm": "webm",
    "mkv": "webm",  # MediaRecorder's WebM is Matroska
}


class UploadRefused(ValueError):
    """The file is refused; the message says why, in plain Dutch."""


def detect(head: bytes) -> str | None:
    """Our kind for the file's first bytes, or None when it is none of ours."""
    if not head:
        return None
    guess = filetype.guess(head)
    if guess is not None:
        return _DETECTED.get(guess.extension)
    if _looks_like_text(head):
        return "txt"
    return None


def _looks_like_text(head: bytes) -> bool:
    if b"\x00" in head:
        return False
    try:
        head.decode("utf-8")
    except UnicodeDecodeError as exc:
        # a multi-byte character cut off at the end of the head is still text
        return exc.start >= len(head) - 3 and exc.reason == "unexpected end of data"
    return True


def labels(kinds: list[str]) -> str:
    return ", ".join(str(KINDS[k].label) for k in kinds if k in KINDS)


def _megabytes(size: int) -> str:
    return number_format(round(size / (1024 * 1024), 1), decimal_pos=1)


def refusal_message(refusal) -> str:
    """Plain Dutch for what the upload handler dropped while the file arrived (core.uploads),
    in the words `check` uses for the same problem."""
    shown = PurePath(refusal.name).name or _("het bestand")
    if refusal.reason == "file":
        return _(
            "‘%(name)s’ is te groot. Een bestand mag hoogstens %(max)s MB zijn. "
            "Maak het kleiner, of lever het in delen in."
        ) % {"name": shown, "max": _megabytes(refusal.max_bytes)}
    if refusal.reason == "count":
        return _(
            "Je kunt hoogstens %(max)d bestanden tegelijk sturen. ‘%(name)s’ is niet meegekomen."
        ) % {"max": refusal.max_files - 1, "name": shown}
    return _(
        "Wat je stuurde is samen te groot (meer dan %(max)s MB). Stuur minder of kleinere "
        "bestanden tegelijk."
    ) % {"max": _megabytes(refusal.max_bytes)}


def check(*, name: str, size: int, head: bytes, allowed: list[str], max_bytes: int) -> FileKind:
    """The file's kind when it may be handed in; UploadRefused otherwise."""
    shown = PurePath(name).name or _("het bestand")
    if size == 0 or not head:
        raise UploadRefused(_("‘%(name)s’ is leeg. Kies een bestand met inhoud.") % {"name": shown})
    if size > max_bytes:
        raise UploadRefused(
            _(
                "‘%(name)s’ is te groot (%(size)s MB). Een bestand mag hoogstens %(max)s MB zijn. "
                "Maak het kleiner, of lever het in delen in."
            )
            % {"name": shown, "size": _megabytes(size), "max": _megabytes(max_bytes)}
        )
    kind_key = detect(head)
    if kind_key is None or kind_key not in allowed:
        raise UploadRefused(
            _(
                "‘%(name)s’ kunnen we niet aannemen. We hebben gekeken wat er in het bestand zit, "
                "en dat is geen %(kinds)s. Sla je werk op als een van deze soorten en probeer "
                "het opnieuw."
            )
            % {"name": shown, "kinds": labels(allowed)}
        )
    kind = KINDS[kind_key]
    extension = PurePath(shown).suffix.lower().lstrip(".")
    if extension not in kind.extensions:
        raise UploadRefused(
            _(
                "‘%(name)s’ is een %(kind)s-bestand, maar de naam eindigt niet op .%(ext)s. "
                "Geef het bestand de goede naam en probeer het opnieuw."
            )
            % {"name": shown, "kind": kind.label, "ext": kind.extensions[0]}
        )
    return kind
