"""Erasing a person (AVG art. 17): one transaction, in the order the foreign keys need, and
audited.

lms removes its own part first (it still reads the person's enrolments), then each app from
the top down: certificates (a kept certificate keeps its enrolment), assessments (attempts
and work hold on to enrolments), courses (enrolments last). The account itself stays, as
"Verwijderde gebruiker" with a placeholder username and e-mail address, no usable password
and inactive: issued certificates and the work of others (a trainer's reviews) point at it.
"""

from __future__ import annotations

import secrets
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime

from django.contrib.admin.models import LogEntry
from django.contrib.auth import get_user_model
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from assessments import privacy as assessment_privacy
from certificates import privacy as certificate_privacy
from certificates.models import Certificate
from courses import privacy as course_privacy

from ..conversations import privacy as conversation_privacy
from ..models import ErasureProposal, ErasureRecord
from . import personal

Reason = ErasureRecord.Reason
# Each app's part, in the order its rows must go (see the module's docstring).
APPS_TOP_DOWN = (certificate_privacy, assessment_privacy, course_privacy)


class ErasureRefused(Exception):
    """An erasure that may not happen (said in words for the administrator)."""


def erasure_refusal(*, user, by) -> str | None:
    """Why this person may not be erased by `by`, or None."""
    if by is not None and user.pk == by.pk:
        return _("Je kunt jezelf niet wissen.")
    if user.is_superuser:
        return _("Dit is een superuser. Haal eerst de superuser-rechten weg.")
    return None


@dataclass
class ErasurePreview:
    """What erasing one person would remove and keep, for the confirmation page."""

    user: object
    removed: list[tuple[str, int]] = field(default_factory=list)
    certificates_kept: list[Certificate] = field(default_factory=list)
    refusal: str | None = None
    erased: ErasureRecord | None = None


def erasure_preview(*, users: Iterable, by) -> list[ErasurePreview]:
    previews = []
    for user in users:
        erased = ErasureRecord.objects.filter(user=user).first()
        if erased is not None:
            previews.append(ErasurePreview(user=user, erased=erased))
            continue
        removed = []
        for part in (personal, conversation_privacy, *reversed(APPS_TOP_DOWN)):
            removed += [(label, count) for label, count in part.erasure_summary(user) if count]
        previews.append(
            ErasurePreview(
                user=user,
                removed=removed,
                certificates_kept=certificate_privacy.certificates_kept(user),
                refusal=erasure_refusal(user=user, by=by),
            )
        )
    return previews


def _new_reference() -> str:
    while True:
        reference = secrets.token_hex(5)
        if not ErasureRecord.objects.filter(reference=reference).exists():
            return reference


def _anonymise(user, reference: str) -> None:
    user.username = f"verwijderd-{reference}"
    user.email = f"verwijderd-{reference}@verwijderd.invalid"
    user.first_name = personal.ERASED_NAME
    user.last_name = ""
    user.set_unusable_password()  # also ends every session of theirs (its hash changes)
    user.is_active = False
    user.is_staff = False
    user.is_superuser = False
    user.last_login = None
    user.save()
    user.groups.clear()
    user.user_permissions.clear()


def _account_leftovers_delete(user) -> int:
    """What would go with the account if it were deleted: rows of any app that hang on it
    with CASCADE (a second-factor device, …). Not the admin's history of what the person did
    themselves (it stays with the anonymised account), nor the proposals to erase them."""
    kept = {LogEntry, ErasureProposal}
    removed = 0
    for relation in type(user)._meta.related_objects:
        if relation.many_to_many or relation.on_delete is not models.CASCADE:
            continue
        if relation.related_model in kept:
            continue
        rows = relation.related_model._base_manager.filter(**{relation.field.name: user})
        removed += rows.delete()[0]
    return removed


def person_erase(
    *, user, by, reason: str = Reason.REQUEST, now: datetime | None = None
) -> ErasureRecord:
    """Erase a person, or return the record of their earlier erasure (a second time changes
    nothing). Stored files go once the transaction has committed. Raises ErasureRefused."""
    now = now or timezone.now()
    with transaction.atomic():
        user = get_user_model()._default_manager.select_for_update().get(pk=user.pk)
        earlier = ErasureRecord.objects.filter(user=user).first()
        if earlier is not None:
            return earlier
        refusal = erasure_refusal(user=user, by=by)
        if refusal:
            raise ErasureRefused(refusal)
        reference = _new_reference()
        summary = personal.erase(user, placeholder=f"verwijderd-{reference}")
        summary.update(conversation_privacy.erase(user))
        summary.update(certificate_privacy.erase(user, now=now))
        summary.update(assessment_privacy.erase(user))
        summary.update(course_privacy.erase(user))
        summary["other_account_rows"] = _account_leftovers_delete(user)
        _anonymise(user, reference)
        record = ErasureRecord.objects.create(
            reference=reference,
            user=user,
            erased_at=now,
            erased_by=by,
            erased_by_username=by.get_username() if by is not None else "",
            reason=reason,
            summary=summary,
        )
        ErasureProposal.objects.filter(user=user, state=ErasureProposal.State.OPEN).update(
            state=ErasureProposal.State.APPROVED, decided_at=now, decided_by=by
        )
    return record
