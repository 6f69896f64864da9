"""Enrol learners from a CSV file that an organisation sends in.

Every row is checked before anything is written: a file with one bad row
imports nothing, so an administrator can fix the file and upload it again.
Importing the same file twice changes nothing the second time.
"""

from __future__ import annotations

import codecs
import csv
import io
import unicodedata
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.db.models.functions import Lower
from django.utils.translation import gettext as _

from . import invitations
from .models import Edition, Enrollment, Organisation

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractUser

FIELDS = ("email", "first_name", "last_name", "organisation", "edition")

# Header names as compared after `_header_key()`: English as in the issue, and Dutch.
HEADER_ALIASES: dict[str, str] = {
    "email": "email",
    "e-mail": "email",
    "e-mailadres": "email",
    "emailadres": "email",
    "first name": "first_name",
    "voornaam": "first_name",
    "last name": "last_name",
    "achternaam": "last_name",
    "organisation": "organisation",
    "organization": "organisation",
    "organisatie": "organisation",
    "edition": "edition",
    "editie": "edition",
}

# The header as the help text shows it, per field.
FIELD_LABELS: dict[str, str] = {
    "email": "email",
    "first_name": "first name",
    "last_name": "last name",
    "organisation": "organisation",
    "edition": "edition",
}

# Editions that take no new learners.
CLOSED_STATUSES = (Edition.Status.CANCELLED, Edition.Status.FINISHED)

_CHUNK = 500


@dataclass(frozen=True)
class ImportRow:
    """One learner to enrol, as read from the file (names normalised, e-mail as written)."""

    line: int
    email: str
    first_name: str
    last_name: str
    organisation: str
    edition: str

    @property
    def email_key(self) -> str:
        return self.email.lower()


@dataclass(frozen=True)
class RowError:
    """Why a row (or, with `line` None, the whole file) cannot be imported."""

    line: int | None
    message: str

    def __str__(self) -> str:
        if self.line is None:
            return self.message
        return _("regel %(line)s: %(message)s") % {"line": self.line, "message": self.message}


class EnrollmentImportError(Exception):
    """The file cannot be imported; `errors` holds every reason found, in file order."""

    def __init__(self, errors: list[RowError]):
        self.errors = sorted(errors, key=lambda e: e.line or 0)
        super().__init__("\n".join(str(e) for e in self.errors))


@dataclass
class ImportReport:
    rows: int = 0
    users_created: int = 0
    organisations_created: int = 0
    enrollments_created: int = 0
    unchanged: int = 0
    # New enrolments whose learner cannot log in yet (no password): each got an invitation.
    invited: int = 0
    # Rows whose learner had withdrawn from the edition: left withdrawn, counted as unchanged.
    withdrawn: list[ImportRow] = field(default_factory=list)


# --- reading the file ---------------------------------------------------------------------


def _normalise(value: str) -> str:
    return unicodedata.normalize("NFC", value).strip()


def _header_key(value: str) -> str:
    value = _normalise(value).casefold().replace("_", " ")
    return " ".join(value.split())


def _decode(data: bytes) -> str:
    """Text from the file's bytes: UTF-8 (with or without BOM), UTF-16 with BOM, else cp1252."""
    if data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8) :]
    elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            raise EnrollmentImportError([RowError(None, _not_text_message())]) from None
    if data.startswith(b"PK\x03\x04"):
        raise EnrollmentImportError(
            [
                RowError(
                    None,
                    _(
                        "Dit lijkt een Excel-bestand (.xlsx) of een ander ingepakt bestand. "
                        "Kies in Excel 'Opslaan als' en dan "
                        "'CSV (gescheiden door lijstscheidingsteken)'."
                    ),
                )
            ]
        )
    if b"\x00" in data:
        raise EnrollmentImportError([RowError(None, _not_text_message())])
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError:
        return data.decode("latin-1")


def _not_text_message() -> str:
    return _("Dit is geen tekstbestand. Upload een CSV-bestand.")


def _looks_binary(text: str) -> bool:
    return any(ord(ch) < 32 and ch not in "\t\r\n" for ch in text[:4096])


def _delimiter(header_line: str) -> str:
    return ";" if header_line.count(";") > header_line.count(",") else ","


def _parse(data: bytes) -> tuple[list[ImportRow], list[RowError]]:
    """Rows and every error that can be found without the database.

    Raises EnrollmentImportError at once when the file as a whole is unusable
    (not text, empty, a wrong header); row errors are returned to be reported
    together with the ones the database finds.
    """
    text = _decode(data)
    if _looks_binary(text):
        raise EnrollmentImportError([RowError(None, _not_text_message())])
    first = next((line for line in text.splitlines() if line.strip()), None)
    if first is None:
        raise EnrollmentImportError([RowError(None, _("Het bestand is leeg."))])

    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(first))
    header: list[str] | None = None
    columns: dict[str, int] = {}
    rows: list[ImportRow] = []
    errors: list[RowError] = []
    consumed = 0
    try:
        for cells in reader:
            line, consumed = consumed + 1, reader.line_num
            if not any(cell.strip() for cell in cells):
                continue
            if header is None:
                header = cells
                columns, header_errors = _read_header(cells, line)
                if header_errors:
                    raise EnrollmentImportError(header_errors)
                continue
            row, row_errors = _read_row(cells, line, columns, width=len(header))
            errors.extend(row_errors)
            if row is not None:
                rows.append(row)
    except csv.Error as exc:
        errors.append(
            RowError(consumed + 1, _("dit is geen geldige CSV (%(error)s)") % {"error": exc})
        )
    if not rows and not errors:
        raise EnrollmentImportError(
            [RowError(None, _("Het bestand bevat alleen een kopregel en geen cursisten."))]
        )
    return rows, errors


def _read_header(cells: list[str], line: int) -> tuple[dict[str, int], list[RowError]]:
    columns: dict[str, int] = {}
    errors: list[RowError] = []
    unknown: list[str] = []
    for index, cell in enumerate(cells):
        key = _header_key(cell)
        if not key:
            continue  # an empty header cell, e.g. a trailing separator; its cells must stay empty
        name = HEADER_ALIASES.get(key)
        if name is None:
            unknown.append(_normalise(cell))
        elif name in columns:
            errors.append(
                RowError(
                    line,
                    _("de kolom '%(name)s' staat er twee keer in") % {"name": _normalise(cell)},
                )
            )
        else:
            columns[name] = index
    missing = [FIELD_LABELS[name] for name in FIELDS if name not in columns]
    expected = ", ".join(FIELD_LABELS[name] for name in FIELDS)
    if missing:
        errors.append(
            RowError(
                line,
                _("kolommen ontbreken: %(missing)s (verwacht: %(expected)s)")
                % {"missing": ", ".join(missing), "expected": expected},
            )
        )
    if unknown:
        errors.append(
            RowError(
                line,
                _("te veel kolommen: %(unknown)s is onbekend (verwacht: %(expected)s)")
                % {"unknown": ", ".join(f"'{name}'" for name in unknown), "expected": expected},
            )
        )
    return columns, errors


def _read_row(
    cells: list[str], line: int, columns: dict[str, int], *, width: int
) -> tuple[ImportRow | None, list[RowError]]:
    errors: list[RowError] = []
    used = set(columns.values())
    extra = [cell for index, cell in enumerate(cells) if index not in used and cell.strip()]
    if extra:
        errors.append(
            RowError(
                line,
                _("te veel kolommen (%(found)s gevuld, verwacht %(expected)s)")
                % {"found": sum(1 for cell in cells if cell.strip()), "expected": len(FIELDS)},
            )
        )
    if len(cells) <= max(columns.values()):
        errors.append(
            RowError(
                line,
                _("te weinig kolommen (%(found)s, verwacht %(expected)s)")
                % {"found": len(cells), "expected": width},
            )
        )
        return None, errors

    values = {name: _normalise(cells[index]) for name, index in columns.items()}
    email = values["email"]
    if not email:
        errors.append(RowError(line, _("e-mailadres ontbreekt")))
    else:
        try:
            validate_email(email)
        except ValidationError:
            errors.append(
                RowError(line, _("e-mailadres '%(email)s' is ongeldig") % {"email": email})
            )
        else:
            if len(email) > 150:
                errors.append(
                    RowError(line, _("e-mailadres '%(email)s' is te lang") % {"email": email})
                )
    if not values["first_name"]:
        errors.append(RowError(line, _("voornaam ontbreekt")))
    if not values["last_name"]:
        errors.append(RowError(line, _("achternaam ontbreekt")))
    if not values["edition"]:
        errors.append(RowError(line, _("editie ontbreekt")))
    for name, limit in (("first_name", 150), ("last_name", 150), ("organisation", 200)):
        if len(values[name]) > limit:
            errors.append(
                RowError(
                    line,
                    _("'%(value)s' is te lang (hoogstens %(limit)s tekens)")
                    % {"value": values[name][:40] + "…", "limit": limit},
                )
            )
    if errors:
        return None, errors
    return ImportRow(line=line, **values), []


def enrollment_import_parse(data: bytes) -> list[ImportRow]:
    """The rows of an enrolment file; raises EnrollmentImportError listing every unreadable row."""
    rows, errors = _parse(data)
    if errors:
        raise EnrollmentImportError(errors)
    return rows


# --- checking against the database and importing -----------------------------------------


def _chunks(items: list, size: int = _CHUNK) -> Iterable[list]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _find_editions(rows: list[ImportRow]) -> tuple[dict[str, Edition], dict[str, list[int]]]:
    """Editions by the row's edition text (casefolded), and the ids of names that several share.

    Names are matched in Python: SQLite's LOWER() folds ASCII letters only.
    """
    keys = {row.edition.casefold() for row in rows}
    by_name: dict[str, list[int]] = defaultdict(list)
    all_ids: set[int] = set()
    for pk, name in Edition.objects.order_by("pk").values_list("pk", "name"):
        all_ids.add(pk)
        if name.casefold() in keys:
            by_name[name.casefold()].append(pk)
    wanted: dict[str, int] = {}
    ambiguous: dict[str, list[int]] = {}
    for key in keys:
        if len(by_name.get(key, [])) == 1:
            wanted[key] = by_name[key][0]
        elif by_name.get(key):
            ambiguous[key] = by_name[key]
        elif key.isdigit() and int(key) in all_ids:
            wanted[key] = int(key)
    # Lock the editions so that two imports at once cannot both fill the last places.
    locked = Edition.objects.select_for_update().in_bulk(sorted(set(wanted.values())))
    return {key: locked[pk] for key, pk in wanted.items() if pk in locked}, ambiguous


def _find_users(rows: list[ImportRow]) -> tuple[dict[str, AbstractUser], set[str]]:
    """Existing users by lowercased e-mail (or by username = e-mail); e-mails shared by several."""
    User = get_user_model()
    manager = User._default_manager
    emails = sorted({row.email_key for row in rows})
    users: dict[str, AbstractUser] = {}
    ambiguous: set[str] = set()
    for chunk in _chunks(emails):
        matches: dict[str, list] = defaultdict(list)
        for user in (
            manager.annotate(email_key=Lower("email")).filter(email_key__in=chunk).order_by("pk")
        ):
            matches[user.email_key].append(user)
        for key, found in matches.items():
            if len(found) == 1:
                users[key] = found[0]
            else:
                ambiguous.add(key)
        missing = [key for key in chunk if key not in matches]
        if missing:
            for user in manager.annotate(username_key=Lower("username")).filter(
                username_key__in=missing
            ):
                users.setdefault(user.username_key, user)
    return users, ambiguous


def _validate(
    rows: list[ImportRow],
) -> tuple[
    list[RowError], dict[str, Edition], dict[str, AbstractUser], dict[tuple[int, int], Enrollment]
]:
    errors: list[RowError] = []
    editions, ambiguous_editions = _find_editions(rows)
    users, ambiguous = _find_users(rows)

    existing: dict[tuple[int, int], Enrollment] = {}
    user_ids = [user.pk for user in users.values()]
    edition_ids = sorted({edition.pk for edition in editions.values()})
    if user_ids and edition_ids:
        for chunk in _chunks(user_ids):
            for enrollment in Enrollment.objects.filter(
                edition_id__in=edition_ids, learner_id__in=chunk
            ):
                existing[(enrollment.edition_id, enrollment.learner_id)] = enrollment

    seen: dict[tuple[str, str], int] = {}
    new_per_edition: dict[int, list[ImportRow]] = defaultdict(list)
    for row in rows:
        key = row.edition.casefold()
        edition = editions.get(key)
        if edition is None:
            if key in ambiguous_editions:
                message = _(
                    "editie '%(edition)s' is niet eenduidig: er zijn %(n)s edities met die naam; "
                    "gebruik het nummer van de editie (%(ids)s)"
                ) % {
                    "edition": row.edition,
                    "n": len(ambiguous_editions[key]),
                    "ids": ", ".join(str(pk) for pk in ambiguous_editions[key]),
                }
            else:
                message = _("editie '%(edition)s' bestaat niet") % {"edition": row.edition}
            errors.append(RowError(row.line, message))
        elif edition.status in CLOSED_STATUSES:
            errors.append(
                RowError(
                    row.line,
                    _("editie '%(edition)s' is %(status)s; daar kan niemand meer bij")
                    % {"edition": edition.name, "status": edition.get_status_display()},
                )
            )
        if row.email_key in ambiguous:
            errors.append(
                RowError(
                    row.line,
                    _("er zijn meerdere accounts met e-mailadres '%(email)s'; voeg ze eerst samen")
                    % {"email": row.email},
                )
            )
        duplicate_key = (row.email_key, str(edition.pk) if edition else key)
        if duplicate_key in seen:
            errors.append(
                RowError(
                    row.line,
                    _("e-mailadres '%(email)s' staat al op regel %(other)s voor dezelfde editie")
                    % {"email": row.email, "other": seen[duplicate_key]},
                )
            )
            continue
        seen[duplicate_key] = row.line
        user = users.get(row.email_key)
        is_new = user is None or (edition is not None and (edition.pk, user.pk) not in existing)
        if edition is not None and edition.status not in CLOSED_STATUSES and is_new:
            new_per_edition[edition.pk].append(row)

    if new_per_edition:
        taken = dict.fromkeys(new_per_edition, 0)
        for enrollment in (
            Enrollment.objects.filter(edition_id__in=list(new_per_edition))
            .exclude(status=Enrollment.Status.WITHDRAWN)
            .values_list("edition_id", flat=True)
        ):
            taken[enrollment] += 1
        by_pk = {edition.pk: edition for edition in editions.values()}
        for edition_id, new_rows in new_per_edition.items():
            edition = by_pk[edition_id]
            free = max(edition.capacity - taken[edition_id], 0)
            if len(new_rows) > free:
                errors.append(
                    RowError(
                        new_rows[free].line,
                        _(
                            "editie '%(edition)s' is vol: %(capacity)s plaatsen, %(taken)s al "
                            "ingeschreven, %(new)s nieuw in dit bestand (%(over)s te veel)"
                        )
                        % {
                            "edition": edition.name,
                            "capacity": edition.capacity,
                            "taken": taken[edition_id],
                            "new": len(new_rows),
                            "over": len(new_rows) - free,
                        },
                    )
                )
    return errors, editions, users, existing


def _organisations(rows: list[ImportRow], report: ImportReport) -> dict[str, Organisation]:
    """Organisations by casefolded name, created with the file's first spelling when new."""
    wanted: dict[str, str] = {}
    for row in rows:
        if row.organisation:
            wanted.setdefault(row.organisation.casefold(), row.organisation)
    if not wanted:
        return {}
    found: dict[str, Organisation] = {}
    for organisation in Organisation.objects.order_by("pk"):
        key = organisation.name.casefold()
        if key in wanted:
            found.setdefault(key, organisation)
    for key, name in wanted.items():
        if key not in found:
            found[key], created = Organisation.objects.get_or_create(name=name)
            report.organisations_created += int(created)
    return found


def enrollment_import(*, data: bytes, actor: AbstractUser | None) -> ImportReport:
    """Enrol every learner in the file, creating accounts and organisations as needed.

    Raises EnrollmentImportError with every problem found, and then writes nothing.
    New accounts get no password; every new enrolment of a person without one sends them an
    invitation to choose it (`courses.invitations`, e-mailed after the commit). `actor` is
    the administrator who imports: the invitations name them as sender.
    """
    rows, errors = _parse(data)
    User = get_user_model()
    report = ImportReport(rows=len(rows))
    with transaction.atomic():
        db_errors, editions, users, existing = _validate(rows)
        errors.extend(db_errors)
        if errors:
            raise EnrollmentImportError(errors)

        organisations = _organisations(rows, report)
        for row in rows:
            user = users.get(row.email_key)
            if user is None:
                user = User(
                    username=row.email_key,
                    email=row.email,
                    first_name=row.first_name,
                    last_name=row.last_name,
                )
                user.set_unusable_password()
                user.save()
                users[row.email_key] = user
                report.users_created += 1
            edition = editions[row.edition.casefold()]
            enrollment = existing.get((edition.pk, user.pk))
            if enrollment is not None:
                report.unchanged += 1
                if enrollment.status == Enrollment.Status.WITHDRAWN:
                    report.withdrawn.append(row)
                continue
            enrollment = Enrollment.objects.create(
                edition=edition,
                learner=user,
                organisation=organisations.get(row.organisation.casefold()),
            )
            existing[(edition.pk, user.pk)] = enrollment
            report.enrollments_created += 1
            if invitations.needs_invitation(user):
                invitations.invitation_send(user=user, enrollment=enrollment, by=actor)
                report.invited += 1
    return report
