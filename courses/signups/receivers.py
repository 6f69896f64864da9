"""When a place may have freed, the waiting list hears of it: an enrolment withdrawn or
removed, or an open edition changed (its capacity may have grown). The work itself runs
after the commit, in a task; the periodic sweep catches what a bulk update passed by."""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from ..models import Edition, Enrollment
from . import services


@receiver(post_save, sender=Enrollment, dispatch_uid="courses.signups.enrollment_saved")
def enrollment_saved(sender, instance: Enrollment, created=False, **kwargs) -> None:
    if not created and instance.status == Enrollment.Status.WITHDRAWN:
        services.place_freed(edition_id=instance.edition_id)


@receiver(post_delete, sender=Enrollment, dispatch_uid="courses.signups.enrollment_deleted")
def enrollment_deleted(sender, instance: Enrollment, **kwargs) -> None:
    services.place_freed(edition_id=instance.edition_id)


@receiver(post_save, sender=Edition, dispatch_uid="courses.signups.edition_saved")
def edition_saved(sender, instance: Edition, created=False, **kwargs) -> None:
    if not created and instance.status == Edition.Status.OPEN:
        services.place_freed(edition_id=instance.pk)
