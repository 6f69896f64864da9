"""A job coach who can log in already hears that a learner gave them access (one who cannot
gets the invitation to choose a password instead, which says the same)."""

from __future__ import annotations

from django.dispatch import receiver
from django.urls import reverse
from django.utils import timezone

from core.outbox import services as outbox
from courses.signals import trajectory_consent_given

from ..models import Kind


@receiver(trajectory_consent_given, dispatch_uid="lms.trajectory_consent_given")
def coach_told(sender, *, trajectory, invited: bool, **kwargs) -> None:
    coach = trajectory.coach
    if invited or coach is None or not coach.is_active:
        return
    learner = trajectory.enrollment.learner
    given_at = trajectory.consent_given_at
    outbox.notification_queue(
        user_id=coach.pk,
        email=coach.email,
        kind=Kind.TRAJECTORY,
        item=f"trajectory:{trajectory.pk}:{given_at:%Y%m%d%H%M%S}",
        about=timezone.localdate(given_at),
        data={
            "learner": learner.get_full_name() or learner.get_username(),
            "course": trajectory.enrollment.edition.course.title,
        },
        url=reverse("lms:trajectories:coach_learner", args=[trajectory.pk]),
        now=given_at,
    )
