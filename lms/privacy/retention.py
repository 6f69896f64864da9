"""The retention rule: LMS_PRIVACY_RETENTION_YEARS after a person was last here, they are
proposed for erasure, and an administrator approves (erases) or dismisses each proposal.

"Last here" is the latest of: the last classroom day of an edition they were enrolled in (or
the day they enrolled, for an edition without days), the last classroom day of an edition
they teach, the day their account was made and the day they last logged in. Staff and
superusers are never proposed, and nor is anyone already erased.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Exists, OuterRef, Q, Subquery
from django.utils import timezone
from django.utils.translation import gettext as _

from courses.models import ClassroomSession, Edition, Enrollment

from ..models import ErasureProposal, ErasureRecord
from .erasure import ErasureRefused, Reason, person_erase

Basis = ErasureProposal.Basis
State = ErasureProposal.State
DEFAULT_YEARS = 2


def retention_years() -> int:
    """LMS_PRIVACY_RETENTION_YEARS (at least 1: zero would propose everyone at once)."""
    return max(int(getattr(settings, "LMS_PRIVACY_RETENTION_YEARS", DEFAULT_YEARS)), 1)


def years_before(moment: datetime, years: int) -> datetime:
    try:
        return moment.replace(year=moment.year - years)
    except ValueError:  # 29 February
        return moment.replace(year=moment.year - years, day=28)


@dataclass(frozen=True)
class Candidate:
    user_id: int
    basis: str
    basis_date: date


def erasure_candidates(*, now: datetime | None = None) -> dict[int, Candidate]:
    """Everyone whose retention term has passed, with the day it started and why (one query)."""
    now = now or timezone.now()
    cutoff = years_before(now, retention_years())
    day = timezone.localdate(cutoff)
    person = OuterRef("pk")
    users = (
        get_user_model()
        ._default_manager.filter(is_staff=False, is_superuser=False, date_joined__lt=cutoff)
        .filter(Q(last_login__isnull=True) | Q(last_login__lt=cutoff))
        .exclude(Exists(ErasureRecord.objects.filter(user=person)))
        .exclude(
            Exists(
                Enrollment.objects.filter(learner=person).filter(
                    Q(enrolled_at__gte=cutoff) | Q(edition__sessions__date__gte=day)
                )
            )
        )
        .exclude(
            Exists(
                Edition.objects.filter(trainers=person).filter(
                    Q(created_at__gte=cutoff) | Q(sessions__date__gte=day)
                )
            )
        )
        .annotate(
            last_day=Subquery(
                ClassroomSession.objects.filter(edition__enrollments__learner=person)
                .order_by("-date")
                .values("date")[:1]
            ),
            last_enrolled=Subquery(
                Enrollment.objects.filter(learner=person)
                .order_by("-enrolled_at")
                .values("enrolled_at")[:1]
            ),
            last_taught=Subquery(
                ClassroomSession.objects.filter(edition__trainers=person)
                .order_by("-date")
                .values("date")[:1]
            ),
        )
        .order_by("pk")
        .values_list("pk", "date_joined", "last_login", "last_day", "last_enrolled", "last_taught")
    )
    found = {}
    for pk, joined, login, last_day, enrolled, taught in users:
        dates = [(timezone.localdate(joined), Basis.ACCOUNT)]
        if login:
            dates.append((timezone.localdate(login), Basis.LOGIN))
        if taught:
            dates.append((taught, Basis.TEACHING))
        if last_day or enrolled:
            dates.append((last_day or timezone.localdate(enrolled), Basis.ENROLLMENT))
        # The latest day; on a tie the enrolment, then teaching, explains it best.
        order = [Basis.ACCOUNT, Basis.LOGIN, Basis.TEACHING, Basis.ENROLLMENT]
        basis_date, basis = max(dates, key=lambda d: (d[0], order.index(d[1])))
        found[pk] = Candidate(pk, basis, basis_date)
    return found


def erasure_proposals_create(*, now: datetime | None = None) -> int:
    """Propose everyone past the term who has no proposal for that basis yet; withdraw open
    proposals of people who are no longer past it (they came back). Running it twice
    proposes nobody twice, and a dismissed proposal is not made again. Returns how many
    proposals were made."""
    now = now or timezone.now()
    candidates = erasure_candidates(now=now)
    with transaction.atomic():
        stale = [
            pk
            for pk, user_id, basis_date in ErasureProposal.objects.filter(
                state=State.OPEN
            ).values_list("pk", "user_id", "basis_date")
            if user_id not in candidates or candidates[user_id].basis_date != basis_date
        ]
        ErasureProposal.objects.filter(pk__in=stale, state=State.OPEN).delete()
        known = set(
            ErasureProposal.objects.filter(user_id__in=list(candidates)).values_list(
                "user_id", "basis_date"
            )
        )
        new = [
            ErasureProposal(
                user_id=c.user_id, basis=c.basis, basis_date=c.basis_date, created_at=now
            )
            for c in candidates.values()
            if (c.user_id, c.basis_date) not in known
        ]
        ErasureProposal.objects.bulk_create(new, ignore_conflicts=True)
    return len(new)


def erasure_proposals_dismiss(
    *, proposal_ids: Iterable[int], by, now: datetime | None = None
) -> int:
    """Keep these people: their open proposals are dismissed (and not made again)."""
    now = now or timezone.now()
    return ErasureProposal.objects.filter(pk__in=list(proposal_ids), state=State.OPEN).update(
        state=State.DISMISSED, decided_at=now, decided_by=by
    )


@dataclass
class ApprovalOutcome:
    erased: list[ErasureRecord]
    refused: list[tuple[object, str]]


def erasure_proposals_approve(*, proposal_ids: Iterable[int], by) -> ApprovalOutcome:
    """Erase the people of these open proposals, each in their own transaction. Someone who
    became staff since is not erased (their proposal stays open)."""
    outcome = ApprovalOutcome([], [])
    proposals = ErasureProposal.objects.filter(
        pk__in=list(proposal_ids), state=State.OPEN
    ).select_related("user")
    for proposal in proposals:
        user = proposal.user
        if user.is_staff or user.is_superuser:
            outcome.refused.append((user, _("Deze persoon is nu beheerder. Niet gewist.")))
            continue
        try:
            outcome.erased.append(person_erase(user=user, by=by, reason=Reason.RETENTION))
        except ErasureRefused as exc:
            outcome.refused.append((user, str(exc)))
    return outcome
