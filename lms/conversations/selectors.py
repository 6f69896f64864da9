"""Reads of the conversations: who may open one, the pages' data, and the unread counts.

Every page reads a fixed number of queries, whatever the number of messages or
conversations: messages come a page at a time with their authors, unread counts are
subqueries of the listing's one query, links to the work a message is about come in one
query per kind of work on the page.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import NamedTuple

from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.db.models import Avg, Count, Exists, F, Max, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.http import Http404
from django.utils import timezone

from assessments.models import Review, Submission
from courses.access import is_administrator
from courses.models import Course, CourseModule, Edition, Enrollment

from . import about
from .models import (
    Announcement,
    CoachingMoment,
    Conversation,
    ConversationRead,
    Evaluation,
    EvaluationReceipt,
    Message,
)

MESSAGES_SHOWN = 50
UNREAD_TIMEOUT = 60
NEW_CONVERSATION_LEARNERS = 200


# --------------------------------------------------------------------------------------------
# Who may open a conversation
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Access:
    """A user's way into the conversation of one enrolment: as its learner, or as a trainer
    of its edition."""

    user: object
    enrollment: Enrollment
    as_learner: bool


def conversation_access_or_404(user, enrollment_id: int) -> Access:
    """The learner of the enrolment (while it is shown to them) or a trainer of its
    edition; anyone else gets a 404, so that nobody learns whose conversations exist."""
    if not user.is_authenticated:
        raise Http404
    learner = Q(learner_id=user.pk, status__in=Enrollment.SHOWN_STATUSES)
    teaching = Exists(
        Edition.trainers.through.objects.filter(edition_id=OuterRef("edition_id"), user_id=user.pk)
    )
    enrollment = (
        Enrollment.objects.select_related("edition__course", "learner")
        .filter(learner | Q(teaching), pk=enrollment_id)
        .first()
    )
    if enrollment is None:
        raise Http404
    as_learner = enrollment.learner_id == user.pk and enrollment.status in (
        Enrollment.SHOWN_STATUSES
    )
    return Access(user=user, enrollment=enrollment, as_learner=as_learner)


def person_name(user) -> str:
    if user is None:
        return ""
    return user.get_full_name() or user.get_username()


# --------------------------------------------------------------------------------------------
# Unread
# --------------------------------------------------------------------------------------------


def _not_read_by(user_ref) -> Exists:
    """For a message row: no read mark of the user reaches it."""
    return ~Exists(
        ConversationRead.objects.filter(
            conversation_id=OuterRef("conversation_id"),
            user_id=user_ref,
            read_up_to__gte=OuterRef("pk"),
        )
    )


def _count(messages: QuerySet[Message]) -> Coalesce:
    """The number of rows of a message subquery, as an annotation (0 for none)."""
    counted = messages.order_by().values("by_learner").annotate(count=Count("pk")).values("count")
    return Coalesce(Subquery(counted[:1]), 0)


def unread_annotations(user_ref) -> dict[str, Coalesce]:
    """The unread counts of a user (`user_ref`: the user's key or an OuterRef to it), as
    annotations: messages of trainers in the user's own conversations (`talk_learner`) and
    messages of learners in the conversations of the editions they teach (`talk_trainer`)."""
    # One level deeper (the read mark's subquery) an outer reference needs one more hop.
    reader = OuterRef(user_ref) if isinstance(user_ref, OuterRef) else user_ref
    as_learner = Message.objects.filter(
        conversation__enrollment__learner_id=user_ref,
        conversation__enrollment__status__in=Enrollment.SHOWN_STATUSES,
        by_learner=False,
    ).filter(_not_read_by(reader))
    as_trainer = Message.objects.filter(
        conversation__enrollment__edition__trainers=user_ref, by_learner=True
    ).filter(_not_read_by(reader))
    return {"talk_learner": _count(as_learner), "talk_trainer": _count(as_trainer)}


class Unread(NamedTuple):
    """The unread messages a user has: as a learner (their own conversations) and as a
    trainer (their editions' inbox). Cached as a plain tuple."""

    as_learner: int = 0
    as_trainer: int = 0


def unread_cache_key(user_id: int) -> str:
    return f"lms:talk-unread:{user_id}"


def unread_counted(user_id: int) -> Unread:
    """Count a user's unread messages in the database and cache them (after a cache miss;
    the menu reads them with the roles, see lms.selectors.menu_state). Sending and reading
    drop the cached counts after commit (see services); the timeout bounds a change of
    trainers."""
    row = (
        get_user_model()
        .objects.filter(pk=user_id)
        .annotate(**unread_annotations(user_id))
        .values_list("talk_learner", "talk_trainer")
        .first()
    )
    unread = Unread(*row) if row else Unread()
    cache.set(unread_cache_key(user_id), tuple(unread), UNREAD_TIMEOUT)
    return unread


def _unread_in_conversation(*, user_id: int, learner_side: bool) -> Coalesce:
    """For a conversation row: its messages from the other side that `user_id` has not read
    (`learner_side`: the user is the learner)."""
    read_up_to = ConversationRead.objects.filter(
        conversation_id=OuterRef(OuterRef("pk")), user_id=user_id
    ).values("read_up_to")[:1]
    messages = Message.objects.filter(
        conversation_id=OuterRef("pk"), by_learner=not learner_side
    ).filter(pk__gt=Coalesce(Subquery(read_up_to), 0))
    return _count(messages)


# --------------------------------------------------------------------------------------------
# The conversation page
# --------------------------------------------------------------------------------------------


@dataclass
class ShownMessage:
    message: Message
    author_name: str
    mine: bool
    new: bool
    about_label: str = ""
    about_url: str = ""


@dataclass
class ConversationPage:
    access: Access
    conversation: Conversation | None
    messages: list[ShownMessage] = field(default_factory=list)
    trainers: list[str] = field(default_factory=list)
    older_than: int | None = None  # the first shown message's key, when there are older ones
    read_up_to: int = 0
    last_id: int = 0

    @property
    def learner_name(self) -> str:
        return person_name(self.access.enrollment.learner)

    @property
    def has_unread(self) -> bool:
        return self.last_id > self.read_up_to


def conversation_page(
    *, access: Access, before: int | None = None, limit: int = MESSAGES_SHOWN
) -> ConversationPage:
    """The conversation as its viewer reads it: the latest `limit` messages (or those before
    a message), who takes part, and which messages are new to the viewer."""
    enrollment = access.enrollment
    conversation = (
        Conversation.objects.filter(enrollment_id=enrollment.pk)
        .annotate(
            my_read=Coalesce(
                Subquery(
                    ConversationRead.objects.filter(
                        conversation_id=OuterRef("pk"), user_id=access.user.pk
                    ).values("read_up_to")[:1]
                ),
                0,
            )
        )
        .first()
    )
    trainers = [
        person_name(user)
        for user in get_user_model()
        .objects.filter(teaching_editions=enrollment.edition_id)
        .order_by("first_name", "last_name", "pk")
    ]
    page = ConversationPage(access=access, conversation=conversation, trainers=trainers)
    if conversation is None:
        return page
    page.read_up_to = conversation.my_read
    page.last_id = conversation.last_message_id or 0
    rows = Message.objects.filter(conversation=conversation).select_related("author")
    if before is not None:
        rows = rows.filter(pk__lt=before)
    rows = list(rows.order_by("-created_at", "-pk")[: limit + 1])
    if len(rows) > limit:
        rows = rows[:limit]
        page.older_than = rows[-1].pk
    rows.reverse()
    links = _about_links(rows, enrollment=enrollment, for_learner=access.as_learner)
    for message in rows:
        mine = message.author_id == access.user.pk
        other_side = message.by_learner != access.as_learner
        entry = about.ABOUT.get(message.about_kind)
        page.messages.append(
            ShownMessage(
                message=message,
                author_name=person_name(message.author),
                mine=mine,
                new=other_side and message.pk > page.read_up_to,
                about_label=str(entry.label) if entry else "",
                about_url=links.get((message.about_kind, message.about_id), ""),
            )
        )
    return page


def _about_links(
    messages: list[Message], *, enrollment: Enrollment, for_learner: bool
) -> dict[tuple[str, int], str]:
    wanted: dict[str, set[int]] = {}
    for message in messages:
        if message.about_kind:
            wanted.setdefault(message.about_kind, set()).add(message.about_id)
    links = {}
    for kind, ids in wanted.items():
        entry = about.ABOUT.get(kind)
        if entry is None:
            continue
        found = entry.links(enrollment=enrollment, item_ids=ids, for_learner=for_learner)
        links.update({(kind, pk): url for pk, url in found.items()})
    return links


def message_attachment_or_404(*, access: Access, message_id: int) -> Message:
    """A message's attachment, only for those in its conversation."""
    message = (
        Message.objects.filter(pk=message_id, conversation__enrollment_id=access.enrollment.pk)
        .exclude(attachment="")
        .only("attachment")
        .first()
    )
    if message is None:
        raise Http404
    return message


# --------------------------------------------------------------------------------------------
# The learner's conversations
# --------------------------------------------------------------------------------------------


@dataclass
class LearnerConversation:
    enrollment: Enrollment
    trainers: list[str]
    unread: int
    last_message: Message | None


def conversations_for_learner(user) -> list[LearnerConversation]:
    """One conversation per enrolment the learner sees (also those not begun yet)."""
    enrollments = (
        Enrollment.objects.filter(learner_id=user.pk, status__in=Enrollment.SHOWN_STATUSES)
        .select_related("edition__course")
        .annotate(
            talk_last_id=F("conversation__last_message_id"),
            talk_unread=Coalesce(
                Subquery(
                    Conversation.objects.filter(enrollment_id=OuterRef("pk"))
                    .annotate(n=_unread_in_conversation(user_id=user.pk, learner_side=True))
                    .values("n")[:1]
                ),
                0,
            ),
        )
        .prefetch_related(
            Prefetch(
                "edition__trainers",
                queryset=get_user_model().objects.order_by("first_name", "last_name", "pk"),
            )
        )
        .order_by("-enrolled_at", "-pk")
    )
    enrollments = list(enrollments)
    last = Message.objects.in_bulk([e.talk_last_id for e in enrollments if e.talk_last_id])
    return [
        LearnerConversation(
            enrollment=e,
            trainers=[person_name(t) for t in e.edition.trainers.all()],
            unread=e.talk_unread,
            last_message=last.get(e.talk_last_id),
        )
        for e in enrollments
    ]


# --------------------------------------------------------------------------------------------
# The trainers' inbox
# --------------------------------------------------------------------------------------------


def editions_for_inbox(user) -> list[Edition]:
    """The editions whose conversations the user reads: those they teach."""
    return list(
        Edition.objects.filter(trainers=user)
        .select_related("course")
        .order_by("course__title", "name")
    )


def inbox_for_trainer(
    *, user, edition_id: int | None = None, unanswered: bool = False
) -> QuerySet[Conversation]:
    """The conversations of the user's editions that have messages, newest first, each with
    its learner, edition, last message and the number of the learner's messages the user has
    not read. A queryset, for the page to slice (one query a page)."""
    conversations = Conversation.objects.filter(
        enrollment__edition__in=Edition.objects.filter(trainers=user),
        last_message__isnull=False,
    )
    if edition_id is not None:
        conversations = conversations.filter(enrollment__edition_id=edition_id)
    if unanswered:
        conversations = conversations.filter(unanswered=True)
    return (
        conversations.select_related(
            "enrollment__learner", "enrollment__edition__course", "last_message__author"
        )
        .annotate(unread=_unread_in_conversation(user_id=user.pk, learner_side=False))
        .order_by("-last_message_at", "-pk")
    )


def learners_without_conversation(*, user, edition_id: int) -> list[Enrollment]:
    """The active learners of an edition the user teaches who have no conversation yet: a
    trainer can start one."""
    return list(
        Enrollment.objects.filter(
            edition_id=edition_id,
            edition__trainers=user,
            status=Enrollment.Status.ACTIVE,
        )
        .exclude(conversation__last_message__isnull=False)
        .select_related("learner")
        .order_by("learner__first_name", "learner__last_name", "pk")[:NEW_CONVERSATION_LEARNERS]
    )


# --------------------------------------------------------------------------------------------
# Released feedback to reply to (the learner's dashboard)
# --------------------------------------------------------------------------------------------


def feedback_released_recent_for_learner(user, *, limit: int = 5) -> list[Review]:
    """The learner's latest released feedback on handed-in work (the review of each piece's
    latest version), newest first: each can be answered in the conversation."""
    return list(
        Review.objects.filter(
            state=Review.State.RELEASED,
            submission__enrollment__learner_id=user.pk,
            submission__enrollment__status__in=Enrollment.SHOWN_STATUSES,
            submission__latest_version=F("version"),
        )
        .select_related("submission__assignment", "submission__enrollment")
        .order_by("-released_at", "-pk")[:limit]
    )


# --------------------------------------------------------------------------------------------
# Coaching moments
# --------------------------------------------------------------------------------------------

COACHING_SHOWN = 5


def _teaching(user_id: int) -> Exists:
    return Exists(
        Edition.trainers.through.objects.filter(
            edition_id=OuterRef("enrollment__edition_id"), user_id=user_id
        )
    )


def _moments() -> QuerySet[CoachingMoment]:
    return CoachingMoment.objects.select_related(
        "enrollment__learner",
        "enrollment__edition__course",
        "planned_by",
        "submission__assignment",
        "coaching_note__author",
    )


@dataclass(frozen=True)
class MomentAccess:
    moment: CoachingMoment
    as_learner: bool


def coaching_moment_or_404(user, moment_id: int) -> MomentAccess:
    """A moment for its learner (while the enrolment is shown to them) and the trainers of
    its edition; anyone else gets a 404."""
    if not user.is_authenticated:
        raise Http404
    learner = Q(enrollment__learner_id=user.pk, enrollment__status__in=Enrollment.SHOWN_STATUSES)
    moment = _moments().filter(learner | Q(_teaching(user.pk)), pk=moment_id).first()
    if moment is None:
        raise Http404
    enrollment = moment.enrollment
    as_learner = enrollment.learner_id == user.pk and enrollment.status in Enrollment.SHOWN_STATUSES
    return MomentAccess(moment=moment, as_learner=as_learner)


def coaching_enrollment_for_trainer_or_404(user, enrollment_id: int) -> Enrollment:
    """An active enrolment of an edition the user teaches (to plan a moment with)."""
    enrollment = (
        Enrollment.objects.filter(
            pk=enrollment_id, edition__trainers=user, status=Enrollment.Status.ACTIVE
        )
        .select_related("learner", "edition__course")
        .first()
    )
    if enrollment is None:
        raise Http404
    return enrollment


def coaching_learners_for_trainer(user) -> list[Enrollment]:
    """The active learners of the editions the user teaches, to choose whom to plan with."""
    return list(
        Enrollment.objects.filter(edition__trainers=user, status=Enrollment.Status.ACTIVE)
        .select_related("learner", "edition__course")
        .order_by("edition__course__title", "edition__name", "learner__first_name", "pk")
    )


def coaching_submissions_for(enrollment: Enrollment) -> list[Submission]:
    """What the learner handed in (to listen to or read together), newest first."""
    return list(
        Submission.objects.filter(enrollment=enrollment)
        .exclude(state=Submission.State.DRAFT)
        .select_related("assignment")
        .order_by("-first_submitted_at", "-pk")
    )


def coaching_upcoming_for_learner(user, *, now: datetime, limit: int = COACHING_SHOWN):
    """The learner's coaching moments that are still to come (not cancelled), soonest first."""
    return list(
        _moments()
        .filter(
            enrollment__learner_id=user.pk,
            enrollment__status__in=Enrollment.SHOWN_STATUSES,
            cancelled_at__isnull=True,
            ends_at__gte=now,
        )
        .order_by("starts_at", "pk")[:limit]
    )


def coaching_history_for_learner(user) -> list[CoachingMoment]:
    """All of the learner's coaching moments, the latest first, with notes and reflections."""
    return list(
        _moments()
        .filter(enrollment__learner_id=user.pk, enrollment__status__in=Enrollment.SHOWN_STATUSES)
        .order_by("-starts_at", "-pk")
    )


def coaching_history_for_enrollment(enrollment_id: int) -> list[CoachingMoment]:
    return list(_moments().filter(enrollment_id=enrollment_id).order_by("-starts_at", "-pk"))


def week_start(day: date) -> date:
    return day - timedelta(days=day.weekday())


def coaching_week_for_trainer(user, *, monday: date) -> list[CoachingMoment]:
    """The coaching moments of the editions the user teaches in one week (local time),
    cancelled ones included (shown as such), in time order."""
    tz = timezone.get_current_timezone()
    start = datetime.combine(monday, time.min, tzinfo=tz)
    end = datetime.combine(monday + timedelta(days=7), time.min, tzinfo=tz)
    return list(
        _moments()
        .filter(_teaching(user.pk), starts_at__gte=start, starts_at__lt=end)
        .order_by("starts_at", "pk")
    )


@dataclass
class DashboardLive:
    """What a trainer or administrator can change on a learner's dashboard at any moment:
    upcoming coaching moments, current announcements, evaluations to fill in. Shown from a
    cached fragment keyed on the enrolments' versions (the services below touch them), valid
    until the day ends or the first moment shown is over, whichever comes first."""

    coaching: list[CoachingMoment]
    announcements: list[Announcement]
    evaluations: list[Enrollment]
    valid_until: datetime


def dashboard_live_for_learner(user, *, now: datetime) -> DashboardLive:
    today = timezone.localdate(now)
    tomorrow = datetime.combine(
        today + timedelta(days=1), time.min, tzinfo=timezone.get_current_timezone()
    )
    coaching = coaching_upcoming_for_learner(user, now=now)
    return DashboardLive(
        coaching=coaching,
        announcements=announcements_current_for_learner(user, today=today),
        evaluations=evaluations_open_for_learner(user, today=today),
        valid_until=min([tomorrow, *(moment.ends_at for moment in coaching)]),
    )


# --------------------------------------------------------------------------------------------
# Announcements
# --------------------------------------------------------------------------------------------


def announcements_current_for_learner(user, *, today: date, limit: int = 10):
    """The announcements for the learner's editions and courses that have not expired."""
    editions = Enrollment.objects.filter(
        learner_id=user.pk, status__in=Enrollment.SHOWN_STATUSES
    ).values("edition_id")
    courses = Edition.objects.filter(pk__in=editions).values("course_id")
    return list(
        Announcement.objects.filter(Q(edition_id__in=editions) | Q(course_id__in=courses))
        .filter(Q(expires_on__isnull=True) | Q(expires_on__gte=today))
        .select_related("author", "edition__course", "course")
        .order_by("-posted_at", "-pk")[:limit]
    )


def announcement_editions_for(user) -> list[Edition]:
    """The editions a user may post to: all for an administrator, else those they teach."""
    editions = (
        Edition.objects.all() if is_administrator(user) else Edition.objects.filter(trainers=user)
    )
    return list(editions.select_related("course").order_by("course__title", "name"))


def announcement_courses_for(user) -> list[Course]:
    """The courses whose every edition a user may post to: administrators only."""
    if not is_administrator(user):
        return []
    return list(Course.objects.order_by("title"))


def announcements_for_staff(user, *, limit: int = 100) -> list[Announcement]:
    """The announcements a user may edit: any for an administrator, else those to editions
    they teach."""
    rows = Announcement.objects.all()
    if not is_administrator(user):
        rows = rows.filter(edition__trainers=user)
    return list(
        rows.select_related("author", "edition__course", "course").order_by("-posted_at", "-pk")[
            :limit
        ]
    )


def announcement_editable_or_404(user, announcement_id: int) -> Announcement:
    rows = Announcement.objects.filter(pk=announcement_id)
    if not is_administrator(user):
        rows = rows.filter(edition__trainers=user)
    announcement = rows.select_related("edition__course", "course").first()
    if announcement is None:
        raise Http404
    return announcement


# --------------------------------------------------------------------------------------------
# The course evaluation
# --------------------------------------------------------------------------------------------

EVALUATION_OPEN_DAYS = 60
EVALUATION_MIN_SHOWN = 5


def _answered() -> Exists:
    return Exists(EvaluationReceipt.objects.filter(enrollment_id=OuterRef("pk")))


def evaluations_open_for_learner(user, *, today: date) -> list[Enrollment]:
    """The learner's enrolments whose last classroom day has passed (at most
    `EVALUATION_OPEN_DAYS` ago) and whose evaluation they have not filled in."""
    return list(
        Enrollment.objects.filter(learner_id=user.pk, status__in=Enrollment.SHOWN_STATUSES)
        .exclude(edition__status=Edition.Status.CANCELLED)
        .annotate(last_day=Max("edition__sessions__date"), answered=_answered())
        .filter(
            last_day__lt=today,
            last_day__gte=today - timedelta(days=EVALUATION_OPEN_DAYS),
            answered=False,
        )
        .select_related("edition__course")
        .order_by("pk")
    )


@dataclass
class EvaluationOpening:
    enrollment: Enrollment
    modules: list[CourseModule]
    answered: bool


def evaluation_for_learner_or_404(user, enrollment_id: int, *, today: date) -> EvaluationOpening:
    """The learner's own enrolment, after its last classroom day (for `EVALUATION_OPEN_DAYS`);
    anyone else, or before that day, gets a 404."""
    enrollment = (
        Enrollment.objects.filter(
            pk=enrollment_id, learner_id=user.pk, status__in=Enrollment.SHOWN_STATUSES
        )
        .exclude(edition__status=Edition.Status.CANCELLED)
        .annotate(last_day=Max("edition__sessions__date"), answered=_answered())
        .select_related("edition__course")
        .first()
    )
    if (
        enrollment is None
        or enrollment.last_day is None
        or not today - timedelta(days=EVALUATION_OPEN_DAYS) <= enrollment.last_day < today
    ):
        raise Http404
    modules = list(CourseModule.objects.filter(course_id=enrollment.edition.course_id))
    return EvaluationOpening(
        enrollment, sorted(modules, key=lambda m: m.order), enrollment.answered
    )


def evaluation_edition_or_404(user, edition_id: int) -> Edition:
    """An edition whose evaluation the user may read: its trainers and administrators."""
    editions = (
        Edition.objects.all() if is_administrator(user) else Edition.objects.filter(trainers=user)
    )
    edition = editions.filter(pk=edition_id).select_related("course").first()
    if edition is None:
        raise Http404
    return edition


@dataclass
class EvaluationSummary:
    count: int
    shown: bool
    course: float | None = None
    trainer: float | None = None
    recommend: float | None = None
    modules: list[tuple[str, float | None]] = field(default_factory=list)
    best: list[str] = field(default_factory=list)
    better: list[str] = field(default_factory=list)

    @property
    def missing(self) -> int:
        return max(EVALUATION_MIN_SHOWN - self.count, 0)


def _average(values: list[int]) -> float | None:
    return round(sum(values) / len(values), 1) if values else None


def evaluation_summary(edition: Edition) -> EvaluationSummary:
    """An edition's answers together, and only with at least `EVALUATION_MIN_SHOWN` of them:
    with fewer a trainer could tell who said what. Open answers in alphabetical order, so
    their order tells nothing either."""
    rows = list(
        Evaluation.objects.filter(edition=edition).values(
            "course_rating", "trainer_rating", "recommend", "module_ratings", "best", "better"
        )
    )
    summary = EvaluationSummary(count=len(rows), shown=len(rows) >= EVALUATION_MIN_SHOWN)
    if not summary.shown:
        return summary
    summary.course = _average([r["course_rating"] for r in rows])
    summary.trainer = _average([r["trainer_rating"] for r in rows])
    summary.recommend = _average([r["recommend"] for r in rows])
    for module in CourseModule.objects.filter(course_id=edition.course_id).order_by("order"):
        ratings = [
            r["module_ratings"][str(module.pk)]
            for r in rows
            if str(module.pk) in r["module_ratings"]
        ]
        summary.modules.append((module.title, _average(ratings)))
    summary.best = sorted(r["best"] for r in rows if r["best"])
    summary.better = sorted(r["better"] for r in rows if r["better"])
    return summary


@dataclass
class EvaluationRow:
    """One line of the administrators' overview: an edition or a trainer, averaged."""

    label: str
    count: int
    course: float | None = None
    trainer: float | None = None
    recommend: float | None = None


def _rounded(value) -> float | None:
    return None if value is None else round(float(value), 1)


def evaluation_overview() -> tuple[list[EvaluationRow], list[EvaluationRow]]:
    """For administrators: the averages per edition, and the trainer ratings per trainer over
    the editions they teach (two queries)."""
    editions = [
        EvaluationRow(
            label=f"{row['edition__course__title']} – {row['edition__name']}",
            count=row["n"],
            course=_rounded(row["course"]),
            trainer=_rounded(row["trainer"]),
            recommend=_rounded(row["recommend"]),
        )
        for row in Evaluation.objects.values(
            "edition_id", "edition__name", "edition__course__title"
        )
        .annotate(
            n=Count("pk"),
            course=Avg("course_rating"),
            trainer=Avg("trainer_rating"),
            recommend=Avg("recommend"),
        )
        .order_by("edition__course__title", "edition__name", "edition_id")
    ]
    trainers = [
        EvaluationRow(
            label=" ".join(filter(None, (row["first"], row["last"]))) or row["username"],
            count=row["n"],
            trainer=_rounded(row["trainer"]),
        )
        for row in Evaluation.objects.filter(edition__trainers__isnull=False)
        .values(
            first=F("edition__trainers__first_name"),
            last=F("edition__trainers__last_name"),
            username=F("edition__trainers__username"),
            trainer_id=F("edition__trainers__id"),
        )
        .annotate(n=Count("pk"), trainer=Avg("trainer_rating"))
        .order_by("first", "last", "trainer_id")
    ]
    return editions, trainers
