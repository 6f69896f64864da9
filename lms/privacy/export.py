"""A person's data as one zip (AVG art. 15 and 20): a JSON file per part, their uploaded files
and certificates as stored, and a README.txt that says what is where.

Each app publishes its own parts (`<app>.privacy.personal_data`, `files`, `PARTS`); only the
person's own rows are read. Stored files are copied into the zip a block at a time, so the
export never holds a whole file in memory; the zip itself is written to a temporary file.
"""

from __future__ import annotations

import json
import shutil
import zipfile
from datetime import datetime
from decimal import Decimal
from typing import BinaryIO

from django.core.serializers.json import DjangoJSONEncoder
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from assessments import privacy as assessment_privacy
from certificates import privacy as certificate_privacy
from courses import privacy as course_privacy

from ..conversations import privacy as conversation_privacy
from ..notifications.messages import absolute
from ..security import security_contact
from . import personal
from .retention import retention_years

# The parts in the order the README lists them.
PROVIDERS = (
    personal,
    course_privacy,
    assessment_privacy,
    certificate_privacy,
    conversation_privacy,
)
BLOCK = 256 * 1024


class _Encoder(DjangoJSONEncoder):
    """ISO dates and times in the site's time zone (with the offset), numbers as numbers."""

    def default(self, o):
        if isinstance(o, datetime):
            if timezone.is_aware(o):
                o = timezone.localtime(o)
            return o.isoformat(timespec="seconds")
        if isinstance(o, Decimal):
            return int(o) if o == o.to_integral_value() else float(o)
        return super().default(o)


def as_json(value) -> str:
    return json.dumps(value, cls=_Encoder, ensure_ascii=False, indent=2) + "\n"


def archive_filename(now: datetime | None = None) -> str:
    return f"mijn-gegevens-{timezone.localdate(now or timezone.now()).isoformat()}.zip"


def personal_data_archive(user, out: BinaryIO, *, now: datetime | None = None) -> None:
    """Write the person's zip into `out` (a writable, seekable binary file)."""
    now = now or timezone.now()
    parts: dict[str, list | dict] = {}
    described: dict[str, str] = {}
    for provider in PROVIDERS:
        for key, value in provider.personal_data(user).items():
            if key in parts:
                raise ValueError(f"two apps export a part called {key!r}")
            parts[key] = value
        described.update({key: str(text) for key, text in provider.PARTS.items()})
    written: list[str] = []
    missing: list[str] = []
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for key, value in parts.items():
            archive.writestr(f"{key}.json", as_json(value))
        for provider in PROVIDERS:
            for item in provider.files(user):
                try:
                    source = item.file.storage.open(item.file.name, "rb")
                except OSError:
                    missing.append(item.path)
                    continue
                with source, archive.open(item.path, "w") as target:
                    shutil.copyfileobj(source, target, BLOCK)
                written.append(item.path)
        contents = [(f"{key}.json", described.get(key, "")) for key in parts]
        contents += [
            (folder, text)
            for folder, text in described.items()
            if folder.endswith("/") and any(path.startswith(folder) for path in written)
        ]
        contact = security_contact()
        archive.writestr(
            "README.txt",
            render_to_string(
                "lms/privacy_readme.txt",
                {
                    "user": user,
                    "made_at": timezone.localtime(now),
                    "contents": contents,
                    "missing": missing,
                    "contact": contact.removeprefix("mailto:"),
                    "privacy_url": absolute(reverse("lms:privacy")),
                    "retention_years": retention_years(),
                },
            ),
        )
