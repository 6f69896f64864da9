"""The small pieces every app's `privacy` module shares (AVG: a person's data export and
erasure). Each app publishes `personal_data(user)`, `files(user)`, `erase(user)` and
`erasure_summary(user)` in its own `privacy.py`; lms assembles the export and orchestrates an
erasure (`lms.privacy`)."""

from __future__ import annotations

import logging
import re
import unicodedata
from collections.abc import Iterable
from functools import partial
from pathlib import PurePosixPath
from typing import NamedTuple

from django.core.files.storage import Storage
from django.db import transaction
from django.db.models.fields.files import FieldFile

logger = logging.getLogger(__name__)

_UNSAFE = re.compile(r"[^\w.()+ -]+")


class PersonalFile(NamedTuple):
    """A stored file of a person, and where it goes in their export (a relative path)."""

    path: str
    file: FieldFile


def archive_name(name: str, *, fallback: str = "bestand", limit: int = 120) -> str:
    """A file name that is safe as one part of a path in a zip: no folders, no dots in front,
    no control or other odd characters (an uploaded file's name is the learner's own text)."""
    name = unicodedata.normalize("NFC", PurePosixPath(str(name).replace("\\", "/")).name)
    name = _UNSAFE.sub("_", name).strip(" ._")
    if len(name) > limit:
        stem, dot, suffix = name.rpartition(".")
        name = (stem[: limit - len(suffix) - 1] + dot + suffix) if dot and stem else name[:limit]
    return name or fallback


def files_delete_after_commit(storage: Storage, names: Iterable[str]) -> None:
    """Remove stored files once the transaction that dropped their rows commits: a rollback
    keeps both the rows and the files."""
    names = sorted({name for name in names if name})
    if names:
        transaction.on_commit(partial(_delete, storage, names), robust=True)


def _delete(storage: Storage, names: list[str]) -> None:
    for name in names:
        try:
            storage.delete(name)
        except OSError:
            logger.exception("could not delete %s from storage", name)
