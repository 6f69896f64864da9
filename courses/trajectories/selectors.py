"""Reads of trajectories: a learner's, a job coach's (only while consent runs), the
administrator's list, and the enrolments of a funder in a period (for reports). Each read is
a fixed number of queries, whatever the number of trajectories."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db.models import Q, QuerySet

from ..models import Enrollment, Trajectory, TrajectoryConsent


def _followed(user, *, today: date) -> QuerySet[Trajectory]:
    """The trajectories whose learner `user` may follow as job coach today: linked to them,
    with consent that was not revoked, an enrolment the learner still sees, and not past
    the trajectory's end date."""
    if user is None or not user.is_authenticated or not user.is_active:
        return Trajectory.objects.none()
    return Trajectory.objects.filter(
        Q(ends_on__isnull=True) | Q(ends_on__gte=today),
        coach_id=user.pk,
        consent_given_at__isnull=False,
        consent_revoked_at__isnull=True,
        enrollment__status__in=Enrollment.SHOWN_STATUSES,
    ).select_related("enrollment__learner", "enrollment__edition__course")


def trajectories_followed_by(user, *, today: date) -> list[Trajectory]:
    return list(
        _followed(user, today=today).order_by(
            "enrollment__learner__last_name", "enrollment__learner__first_name", "pk"
        )
    )


def trajectory_followed_by(user, trajectory_id: int, *, today: date) -> Trajectory | None:
    """The trajectory if `user` may follow its learner today, else None (the page says 404)."""
    return _followed(user, today=today).filter(pk=trajectory_id).first()


def is_job_coach(user) -> bool:
    """Whether the user is (or was) linked as job coach to a trajectory: their home is the
    job coach's page, which also says when nobody gives them access (any more)."""
    return bool(user.is_authenticated and Trajectory.objects.filter(coach_id=user.pk).exists())


def trajectories_for_learner(user) -> list[Trajectory]:
    """The learner's trajectories on enrolments they still see, newest enrolment first."""
    if not user.is_authenticated:
        return []
    return list(
        Trajectory.objects.filter(
            enrollment__learner_id=user.pk, enrollment__status__in=Enrollment.SHOWN_STATUSES
        )
        .select_related("enrollment__edition__course")
        .order_by("-enrollment__enrolled_at", "-pk")
    )


def trajectory_of_learner(user, trajectory_id: int) -> Trajectory | None:
    return next((t for t in trajectories_for_learner(user) if t.pk == trajectory_id), None)


def consent_history(trajectories: list[Trajectory]) -> dict[int, list[TrajectoryConsent]]:
    """trajectory id: its consent changes, oldest first (one query)."""
    history: dict[int, list[TrajectoryConsent]] = {t.pk: [] for t in trajectories}
    for change in TrajectoryConsent.objects.filter(trajectory_id__in=list(history)).order_by(
        "at", "pk"
    ):
        history[change.trajectory_id].append(change)
    return history


def trajectories_for_administrator(*, funder: Funder | None = None) -> QuerySet[Trajectory]:
    found = Trajectory.objects.select_related(
        "enrollment__learner", "enrollment__edition__course", "coach"
    ).order_by("funder_type", "funder_name", "enrollment__learner__last_name", "pk")
    if funder is not None:
        found = found.filter(funder_type=funder.type, funder_name__iexact=funder.name)
    return found


@dataclass(frozen=True)
class Funder:
    type: str
    name: str

    @property
    def key(self) -> str:
        """A stable value for a form's choice."""
        return f"{self.type}:{self.name}"

    @property
    def label(self) -> str:
        return f"{self.name} ({Trajectory.FunderType(self.type).label})"


def funders() -> list[Funder]:
    """Every funder named on a trajectory (type and name, names compared without case)."""
    seen: dict[tuple[str, str], Funder] = {}
    for funder_type, name in (
        Trajectory.objects.order_by("funder_name", "funder_type")
        .values_list("funder_type", "funder_name")
        .distinct()
    ):
        seen.setdefault((funder_type, name.casefold()), Funder(funder_type, name))
    return list(seen.values())


def funder_from_key(key: str) -> Funder | None:
    """The funder a report's key names (`Funder.key`), or None for a key that is not one."""
    funder_type, _colon, name = key.partition(":")
    if funder_type not in Trajectory.FunderType.values or not name:
        return None
    return Funder(funder_type, name)


def funder_enrollments(funder: Funder) -> QuerySet[Enrollment]:
    """The enrolments in a trajectory of this funder (names compared without case)."""
    return Enrollment.objects.filter(
        trajectory__funder_type=funder.type, trajectory__funder_name__iexact=funder.name
    )
