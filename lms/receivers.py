"""Drop cached menu roles when a user's enrolments or trainer assignments change; note a
second factor due after a login."""

from django.contrib.auth.signals import user_logged_in
from django.core.cache import cache
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver

from courses.models import Edition, Enrollment

from . import twofactor
from .selectors import roles_cache_key


@receiver(user_logged_in, dispatch_uid="lms.second_factor_due")
def second_factor_due(sender, request, user, **kwargs) -> None:
    if request is not None and hasattr(request, "session"):
        twofactor.due_after_login(request, user)


@receiver([post_save, post_delete], sender=Enrollment, dispatch_uid="lms.enrollment_roles")
def enrollment_changed(sender, instance, **kwargs) -> None:
    cache.delete(roles_cache_key(instance.learner_id))


@receiver(m2m_changed, sender=Edition.trainers.through, dispatch_uid="lms.trainer_roles")
def trainers_changed(sender, instance, action, pk_set, reverse, **kwargs) -> None:
    if not action.startswith("post_"):
        return
    if reverse:  # user.teaching_editions.add(...)
        cache.delete(roles_cache_key(instance.pk))
    elif pk_set:
        cache.delete_many([roles_cache_key(pk) for pk in pk_set])
    else:  # clear(): we no longer know who was there
        cache.clear()
