"""Writes of trajectories: the administrator records or changes one, the learner gives or
revokes consent. Each consent write locks the trajectory's row, so two clicks at once record
one change, and keeps the change in the history."""

from __future__ import annotations

from datetime import date, datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from .. import invitations
from ..models import Enrollment, Trajectory, TrajectoryConsent
from ..signals import trajectory_consent_given
from ..signups.services import _user_for as user_for_email


def _record(trajectory: Trajectory, action: str, *, by, now: datetime) -> None:
    TrajectoryConsent.objects.create(
        trajectory=trajectory,
        action=action,
        at=now,
        coach_name=trajectory.coach_name,
        coach_email=trajectory.coach_email,
        by=by,
    )


def trajectory_save(
    *,
    enrollment: Enrollment,
    funder_type: str,
    funder_name: str,
    coach_name: str,
    coach_email: str,
    starts_on: date,
    ends_on: date | None,
    by,
    now: datetime | None = None,
) -> Trajectory:
    """Record the enrolment's trajectory, or change it. A new job coach address ends the
    consent that runs: the learner gave it to the person at the old address."""
    now = now or timezone.now()
    if ends_on is not None and ends_on < starts_on:
        raise ValidationError({"ends_on": _("De einddatum ligt voor de begindatum.")})
    if coach_email.strip().casefold() == (enrollment.learner.email or "").strip().casefold():
        raise ValidationError({"coach_email": _("Dit is het e-mailadres van de cursist zelf.")})
    with transaction.atomic():
        trajectory = (
            Trajectory.objects.select_for_update().filter(enrollment_id=enrollment.pk).first()
        )
        if trajectory is None:
            trajectory = Trajectory(enrollment=enrollment, created_at=now)
        elif trajectory.coach_email.strip().casefold() != coach_email.strip().casefold():
            if trajectory.has_consent:
                trajectory.consent_revoked_at = now
                _record(trajectory, TrajectoryConsent.Action.ENDED, by=by, now=now)
            trajectory.coach = None
        trajectory.funder_type = funder_type
        trajectory.funder_name = funder_name.strip()
        trajectory.coach_name = coach_name.strip()
        trajectory.coach_email = coach_email.strip()
        trajectory.starts_on = starts_on
        trajectory.ends_on = ends_on
        trajectory.save()
    return trajectory


def trajectory_consent_give(
    *, trajectory: Trajectory, by, now: datetime | None = None
) -> Trajectory:
    """The learner lets their job coach follow them: the job coach's account (found by
    e-mail, or made without a password) is linked, and invited to choose a password if it
    has none. Giving consent that runs changes nothing."""
    now = now or timezone.now()
    with transaction.atomic():
        locked = Trajectory.objects.select_for_update().get(pk=trajectory.pk)
        if locked.has_consent:
            return locked
        first_name, _space, last_name = locked.coach_name.partition(" ")
        coach = user_for_email(email=locked.coach_email, first_name=first_name, last_name=last_name)
        locked.coach = coach
        locked.consent_given_at = now
        locked.consent_revoked_at = None
        locked.save(update_fields=["coach", "consent_given_at", "consent_revoked_at"])
        _record(locked, TrajectoryConsent.Action.GIVEN, by=by, now=now)
        invitation = invitations.invitation_send(user=coach, by=by, now=now)
        trajectory_consent_given.send(
            sender=Trajectory, trajectory=locked, invited=invitation is not None
        )
    return locked


def trajectory_consent_revoke(
    *, trajectory: Trajectory, by, now: datetime | None = None
) -> Trajectory:
    """The learner takes their consent back: from this moment the job coach sees nothing."""
    now = now or timezone.now()
    with transaction.atomic():
        locked = Trajectory.objects.select_for_update().get(pk=trajectory.pk)
        if not locked.has_consent:
            return locked
        locked.consent_revoked_at = now
        locked.save(update_fields=["consent_revoked_at"])
        _record(locked, TrajectoryConsent.Action.REVOKED, by=by, now=now)
    return locked
