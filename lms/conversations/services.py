"""Sending a message and reading a conversation.

A message is one row; its conversation is created with the first one and keeps the last
message (for the inbox). The sender's own read mark moves past it. Its recipients (the
learner, or the edition's trainers) get a notice and, as they chose, an e-mail through the
outbox (`lms.notifications.services.message_new_notify`); their cached unread counts are
dropped after commit.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from functools import partial

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.files import File
from django.db import IntegrityError, transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from assessments.assignments import uploads
from assessments.models import Submission
from core.uploads import MB
from courses import services as course_services
from courses.models import Course, Edition, Enrollment

from ..notifications import services as notifications
from ..notifications import tasks as notification_tasks
from . import about, selectors
from .models import (
    Announcement,
    CoachingMoment,
    Conversation,
    ConversationRead,
    Evaluation,
    EvaluationReceipt,
    Message,
)

MAX_BODY = 5000
ATTACHMENT_KINDS = list(uploads.KINDS)


class MessageRefused(Exception):
    """The message was not sent; the messages say why, in plain Dutch."""

    def __init__(self, messages: list[str]):
        super().__init__(" ".join(messages))
        self.messages = messages


def forget_unread(user_ids: Iterable[int]) -> None:
    """Drop the cached unread counts of these users (after a commit that changed them)."""
    cache.delete_many([selectors.unread_cache_key(pk) for pk in set(user_ids)])


def _head(upload: File) -> bytes:
    upload.seek(0)
    head = upload.read(uploads.HEAD_BYTES)
    upload.seek(0)
    return head


def attachment_check(upload: File) -> None:
    """The checks of a hand-in (core and kind by content, name and size); MessageRefused."""
    try:
        uploads.check(
            name=upload.name,
            size=upload.size,
            head=_head(upload),
            allowed=ATTACHMENT_KINDS,
            max_bytes=settings.LMS_UPLOAD_MAX_FILE_MB * MB,
        )
    except uploads.UploadRefused as exc:
        raise MessageRefused([str(exc)]) from exc


def message_send(
    *,
    access: selectors.Access,
    body: str,
    attachment: File | None = None,
    about_kind: str = "",
    about_id: int | None = None,
    now: datetime | None = None,
) -> Message:
    """Send a message in the conversation of `access` (from `conversation_access_or_404`).
    Refused, with every reason at once: an empty message, one that is too long, an
    attachment that fails the checks of a hand-in, work that is not the learner's (or not
    released), a learner who left the course."""
    now = now or timezone.now()
    enrollment = access.enrollment
    body = (body or "").strip()
    errors: list[str] = []
    if not body and attachment is None:
        errors.append(_("Schrijf eerst je bericht, of voeg een bijlage toe."))
    if len(body) > MAX_BODY:
        errors.append(
            _("Je bericht is te lang: hoogstens %(max)d tekens. Maak het korter.")
            % {"max": MAX_BODY}
        )
    if not access.as_learner and enrollment.status not in Enrollment.SHOWN_STATUSES:
        errors.append(_("Deze cursist is uitgeschreven en kan je bericht niet meer lezen."))
    if attachment is not None:
        try:
            attachment_check(attachment)
        except MessageRefused as exc:
            errors += exc.messages
    found = None
    if about_kind:
        found = about.about_find(
            enrollment_id=enrollment.pk, kind=about_kind, item_id=about_id or 0
        )
        if found is None:
            errors.append(
                _(
                    "We kunnen niet vinden waar je op reageert. Verstuur je bericht dan zonder "
                    "verwijzing."
                )
            )
    if errors:
        raise MessageRefused(errors)
    author = access.user
    with transaction.atomic():
        conversation, _created = Conversation.objects.get_or_create(
            enrollment=enrollment, defaults={"created_at": now}
        )
        message = Message(
            conversation=conversation,
            author=author,
            by_learner=access.as_learner,
            body=body,
            created_at=now,
            about_kind=found.kind if found else "",
            about_id=found.item_id if found else None,
            about_title=found.title[:200] if found else "",
        )
        if attachment is not None:
            message.attachment.save(attachment.name, attachment, save=False)
        message.save()
        Conversation.objects.filter(pk=conversation.pk).update(
            last_message=message, last_message_at=now, unanswered=access.as_learner
        )
        _read_up_to(conversation_id=conversation.pk, user_id=author.pk, up_to=message.pk, now=now)
        recipients = _recipients(enrollment, as_learner=access.as_learner)
        notifications.message_new_notify(
            recipients=recipients,
            item=f"conversation:{conversation.pk}/message:{message.pk}",
            data={
                "sender": selectors.person_name(author),
                "course": enrollment.edition.course.title,
                "edition": enrollment.edition.name,
                "about": message.about_title,
            },
            url=reverse("lms:conversation", args=[enrollment.pk]) + f"#message-{message.pk}",
            now=now,
        )
        transaction.on_commit(partial(forget_unread, [pk for pk, _email in recipients]))
    return message


def _recipients(enrollment: Enrollment, *, as_learner: bool) -> list[tuple[int, str]]:
    """(user key, e-mail) of whom a message goes to: the edition's trainers for a learner's
    message, the learner for a trainer's."""
    if as_learner:
        return list(
            Edition.trainers.through.objects.filter(edition_id=enrollment.edition_id)
            .order_by("user_id")
            .values_list("user_id", "user__email")
        )
    return [(enrollment.learner_id, enrollment.learner.email)]


def _read_up_to(*, conversation_id: int, user_id: int, up_to: int, now: datetime) -> None:
    moved = ConversationRead.objects.filter(
        conversation_id=conversation_id, user_id=user_id, read_up_to__lt=up_to
    ).update(read_up_to=up_to, read_at=now)
    if not moved:
        ConversationRead.objects.get_or_create(
            conversation_id=conversation_id,
            user_id=user_id,
            defaults={"read_up_to": up_to, "read_at": now},
        )


def conversation_mark_read(
    *, access: selectors.Access, conversation_id: int, up_to: int, now: datetime | None = None
) -> None:
    """The viewer has read the conversation up to message `up_to`: their unread count and
    their notices of its messages follow."""
    now = now or timezone.now()
    user_id = access.user.pk
    with transaction.atomic():
        _read_up_to(conversation_id=conversation_id, user_id=user_id, up_to=up_to, now=now)
        notifications.message_notices_mark_read(
            user_id=user_id, item_prefix=f"conversation:{conversation_id}/", now=now
        )
        transaction.on_commit(partial(forget_unread, [user_id]))


# --------------------------------------------------------------------------------------------
# Coaching moments
# --------------------------------------------------------------------------------------------

MAX_REFLECTION = 5000


class CoachingRefused(Exception):
    """The change to a coaching moment was not made; the message says why, in plain Dutch."""


def _coaching_check_submission(enrollment: Enrollment, submission: Submission | None) -> None:
    if submission is None:
        return
    if submission.enrollment_id != enrollment.pk or submission.state == Submission.State.DRAFT:
        raise CoachingRefused(_("Kies werk dat deze cursist heeft ingeleverd."))


def coaching_moment_plan(
    *,
    enrollment: Enrollment,
    trainer,
    starts_at: datetime,
    ends_at: datetime,
    location: str,
    video_url: str,
    topic: str,
    submission: Submission | None = None,
    now: datetime | None = None,
) -> CoachingMoment:
    """A trainer of the edition plans a coaching moment with one of its learners; the learner
    gets a notice (and an e-mail, as they chose)."""
    now = now or timezone.now()
    if enrollment.status != Enrollment.Status.ACTIVE:
        raise CoachingRefused(_("Deze cursist volgt de cursus niet meer."))
    _coaching_check_submission(enrollment, submission)
    with transaction.atomic():
        moment = CoachingMoment.objects.create(
            enrollment=enrollment,
            planned_by=trainer,
            starts_at=starts_at,
            ends_at=ends_at,
            location=location,
            video_url=video_url,
            topic=topic,
            submission=submission,
            created_at=now,
            updated_at=now,
        )
        course_services.enrollment_touch(enrollment_id=enrollment.pk)
        notifications.coaching_changed_notify(moment=moment, event="planned", now=now)
    return moment


def coaching_moment_update(
    *,
    moment: CoachingMoment,
    trainer,
    starts_at: datetime,
    ends_at: datetime,
    location: str,
    video_url: str,
    topic: str,
    submission: Submission | None = None,
    now: datetime | None = None,
) -> bool:
    """Move or change a planned moment. Any change raises its calendar SEQUENCE; a new time or
    place also tells the learner. Returns whether anything changed."""
    now = now or timezone.now()
    if moment.cancelled:
        raise CoachingRefused(_("Dit coachingsgesprek is afgezegd en kan niet meer veranderen."))
    _coaching_check_submission(moment.enrollment, submission)
    before = (moment.starts_at, moment.ends_at, moment.location, moment.video_url)
    after = (starts_at, ends_at, location, video_url)
    unchanged = before == after and (moment.topic, moment.submission_id) == (
        topic,
        submission.pk if submission else None,
    )
    if unchanged:
        return False
    with transaction.atomic():
        moment.starts_at, moment.ends_at, moment.location, moment.video_url = after
        moment.topic, moment.submission = topic, submission
        moment.sequence += 1
        moment.updated_at = now
        moment.save()
        course_services.enrollment_touch(enrollment_id=moment.enrollment_id)
        if before != after:
            notifications.coaching_changed_notify(moment=moment, event="moved", now=now)
    return True


def coaching_moment_cancel(*, moment: CoachingMoment, now: datetime | None = None) -> bool:
    """Cancel a moment: the calendar marks it cancelled, the learner is told, no reminder."""
    now = now or timezone.now()
    with transaction.atomic():
        changed = CoachingMoment.objects.filter(pk=moment.pk, cancelled_at__isnull=True).update(
            cancelled_at=now, updated_at=now, sequence=F("sequence") + 1
        )
        if not changed:
            return False
        course_services.enrollment_touch(enrollment_id=moment.enrollment_id)
        moment.refresh_from_db()
        notifications.coaching_changed_notify(moment=moment, event="cancelled", now=now)
    return True


def _coaching_check_held(moment: CoachingMoment, now: datetime) -> None:
    if moment.cancelled:
        raise CoachingRefused(_("Dit coachingsgesprek is afgezegd."))
    if now < moment.starts_at:
        raise CoachingRefused(_("Dit kan pas als het coachingsgesprek is begonnen."))


def coaching_reflection_save(
    *, moment: CoachingMoment, text: str, now: datetime | None = None
) -> None:
    """The learner's own reflection on a moment that took place (they may rewrite it)."""
    now = now or timezone.now()
    _coaching_check_held(moment, now)
    text = (text or "").strip()
    if not text:
        raise CoachingRefused(_("Schrijf eerst je reflectie."))
    if len(text) > MAX_REFLECTION:
        raise CoachingRefused(
            _("Je reflectie is te lang: hoogstens %(max)d tekens.") % {"max": MAX_REFLECTION}
        )
    CoachingMoment.objects.filter(pk=moment.pk).update(reflection=text, reflection_at=now)


def coaching_note_write(
    *, moment: CoachingMoment, trainer, body: str, now: datetime | None = None
) -> None:
    """After the moment, the trainer's coaching note (a courses.CoachingNote, which the learner
    reads and can answer) is written and linked to it: once per moment."""
    now = now or timezone.now()
    _coaching_check_held(moment, now)
    if moment.coaching_note_id is not None:
        raise CoachingRefused(_("Bij dit gesprek hoort al een coachingsnotitie."))
    with transaction.atomic():
        try:
            note = course_services.coaching_note_create(
                enrollment=moment.enrollment, author=trainer, body=body
            )
        except ValidationError as exc:
            raise CoachingRefused(" ".join(exc.messages)) from exc
        CoachingMoment.objects.filter(pk=moment.pk).update(coaching_note=note, updated_at=now)


# --------------------------------------------------------------------------------------------
# Announcements
# --------------------------------------------------------------------------------------------


def _announcement_touch(announcement: Announcement) -> None:
    """Learners' dashboards show announcements from a fragment cached on their enrolments'
    versions: raise those of every enrolment the announcement reaches."""
    if announcement.edition_id:
        reached = Enrollment.objects.filter(edition_id=announcement.edition_id)
    else:
        reached = Enrollment.objects.filter(edition__course_id=announcement.course_id)
    course_services.enrollments_touch(enrollment_ids=reached.values_list("pk", flat=True))


def _announcements_notify_after_commit() -> None:
    transaction.on_commit(notification_tasks.announcements_notify.delay, robust=True)


def announcement_post(
    *,
    author,
    title: str,
    body: str,
    edition: Edition | None = None,
    course: Course | None = None,
    expires_on=None,
    now: datetime | None = None,
) -> Announcement:
    """Post an announcement to one edition or every edition of a course. Its notices go out
    from the same idempotent job the beat runs, enqueued after commit (once per learner)."""
    now = now or timezone.now()
    with transaction.atomic():
        announcement = Announcement.objects.create(
            author=author,
            title=title.strip(),
            body=body.strip(),
            edition=edition,
            course=None if edition else course,
            expires_on=expires_on,
            posted_at=now,
        )
        _announcement_touch(announcement)
        _announcements_notify_after_commit()
    return announcement


def announcement_edit(
    *, announcement: Announcement, title: str, body: str, expires_on=None, now=None
) -> bool:
    """Change an announcement's text or expiry; it then shows "bijgewerkt" with the time. The
    learners are not notified again."""
    now = now or timezone.now()
    title, body = title.strip(), body.strip()
    if (announcement.title, announcement.body, announcement.expires_on) == (
        title,
        body,
        expires_on,
    ):
        return False
    with transaction.atomic():
        Announcement.objects.filter(pk=announcement.pk).update(
            title=title, body=body, expires_on=expires_on, edited_at=now
        )
        _announcement_touch(announcement)
    return True


# --------------------------------------------------------------------------------------------
# The course evaluation
# --------------------------------------------------------------------------------------------


class EvaluationRefused(Exception):
    """The evaluation was not saved (it was filled in already)."""


def evaluation_submit(
    *,
    enrollment: Enrollment,
    course_rating: int,
    trainer_rating: int,
    module_ratings: dict[int, int],
    recommend: int,
    best: str,
    better: str,
    now: datetime | None = None,
) -> None:
    """Save a learner's evaluation once: a receipt that they answered, and the answers in a
    row that does not name them."""
    now = now or timezone.now()
    try:
        with transaction.atomic():
            EvaluationReceipt.objects.create(enrollment=enrollment, submitted_at=now)
            course_services.enrollment_touch(enrollment_id=enrollment.pk)
            Evaluation.objects.create(
                edition_id=enrollment.edition_id,
                course_rating=course_rating,
                trainer_rating=trainer_rating,
                module_ratings={str(pk): rating for pk, rating in module_ratings.items()},
                recommend=recommend,
                best=best.strip(),
                better=better.strip(),
                submitted_on=timezone.localdate(now),
            )
    except IntegrityError as exc:
        raise EvaluationRefused(_("Je hebt deze cursus al beoordeeld. Dank je wel!")) from exc
