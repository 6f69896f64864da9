"""Reads for sign-ups: the public course pages, places left, the administrator's queue and
the link of an offered place. Every read takes a fixed number of queries, whatever the number
of editions, sessions or sign-ups."""

from __future__ import annotations

import enum
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime

from django.db.models import Count, Exists, IntegerField, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.crypto import constant_time_compare, salted_hmac

from ..models import ClassroomSession, Course, CourseModule, Edition, Enrollment, SignUp

_OFFER_SALT = "courses.signup-offer"

# The regions in the order the public page shows them (the order of the choices).
_REGION_ORDER = {value: index for index, value in enumerate(Edition.Region.values)}


# --- places -----------------------------------------------------------------------------------


def _count_of(queryset: QuerySet) -> Subquery:
    return Subquery(
        queryset.order_by().values("edition_id").annotate(n=Count("pk")).values("n"),
        output_field=IntegerField(),
    )


def with_places(editions: QuerySet[Edition], *, now: datetime) -> QuerySet[Edition]:
    """`editions` with `places_taken` (enrolments that are not withdrawn) and `places_held`
    (places offered to someone on the waiting list whose offer still runs)."""
    taken = Enrollment.objects.filter(edition_id=OuterRef("pk")).exclude(
        status=Enrollment.Status.WITHDRAWN
    )
    held = SignUp.objects.filter(
        edition_id=OuterRef("pk"), state=SignUp.State.OFFERED, offer_expires_at__gt=now
    )
    return editions.annotate(
        places_taken=Coalesce(_count_of(taken), 0),
        places_held=Coalesce(_count_of(held), 0),
    )


def places_left_of(edition: Edition) -> int:
    """The places left of an edition read through `with_places` (never below 0)."""
    return max(edition.capacity - edition.places_taken - edition.places_held, 0)


def places_left(*, edition_id: int, now: datetime, holder_id: int | None = None) -> int:
    """The free places of an edition now: its capacity minus the enrolments that are not
    withdrawn and the places offered to others (not to `holder_id`). The services call it
    with the edition's row locked, so that the count stays true until they commit."""
    capacity = Edition.objects.filter(pk=edition_id).values_list("capacity", flat=True).get()
    taken = (
        Enrollment.objects.filter(edition_id=edition_id)
        .exclude(status=Enrollment.Status.WITHDRAWN)
        .count()
    )
    held = SignUp.objects.filter(
        edition_id=edition_id, state=SignUp.State.OFFERED, offer_expires_at__gt=now
    )
    if holder_id is not None:
        held = held.exclude(pk=holder_id)
    return max(capacity - taken - held.count(), 0)


# --- the public pages -------------------------------------------------------------------------


@dataclass
class PublicEdition:
    edition: Edition
    sessions: list[ClassroomSession]
    places_left: int

    @property
    def is_full(self) -> bool:
        return self.places_left <= 0

    @property
    def first_day(self) -> date | None:
        return self.sessions[0].date if self.sessions else None

    @property
    def location(self) -> str:
        return self.sessions[0].location if self.sessions else ""


@dataclass
class PublicModule:
    module: CourseModule
    dagdelen_label: str = ""


@dataclass
class PublicCourse:
    course: Course
    modules: list[PublicModule]
    editions: list[PublicEdition]
    dagdelen: int = 0
    regions: list[str] = field(default_factory=list)

    @property
    def has_places(self) -> bool:
        return any(not e.is_full for e in self.editions)


def open_editions(course: Course, *, now: datetime) -> list[PublicEdition]:
    """The course's editions open for sign-up, by region and first day, each with its
    classroom days (and their modules) and places left: two queries."""
    editions = with_places(
        Edition.objects.filter(course=course, status=Edition.Status.OPEN), now=now
    ).prefetch_related(
        Prefetch(
            "sessions",
            queryset=ClassroomSession.objects.select_related("module").order_by(
                "date", "start_time", "pk"
            ),
        )
    )
    found = [
        PublicEdition(edition, list(edition.sessions.all()), places_left_of(edition))
        for edition in editions
    ]
    found.sort(
        key=lambda e: (
            _REGION_ORDER.get(e.edition.region, 99),
            e.first_day or date.max,
            e.edition.name,
        )
    )
    return found


def public_courses() -> list[Course]:
    """The courses with at least one edition open for sign-up, each with those editions in
    `open_editions` (two queries), for the public list."""
    open_now = Edition.objects.filter(status=Edition.Status.OPEN)
    return list(
        Course.objects.filter(Exists(open_now.filter(course_id=OuterRef("pk"))))
        .prefetch_related(
            Prefetch(
                "editions", queryset=open_now.order_by("region", "name"), to_attr="open_editions"
            )
        )
        .order_by("title")
    )


def public_course(slug: str, *, now: datetime | None = None) -> PublicCourse | None:
    """What the public page of a course shows (None for an unknown slug): four queries."""
    now = now or timezone.now()
    course = Course.objects.filter(slug=slug).first()
    if course is None:
        return None
    modules = list(CourseModule.objects.filter(course=course).order_by("order", "pk"))
    editions = open_editions(course, now=now)
    labels: dict[int, str] = {}
    dagdelen = 0
    for edition in editions:
        for session in edition.sessions:
            labels.setdefault(session.module_id, session.dagdelen_label)
            dagdelen = max(dagdelen, session.last_dagdeel)
    regions = []
    for edition in editions:
        label = edition.edition.get_region_display()
        if label not in regions:
            regions.append(label)
    return PublicCourse(
        course=course,
        modules=[PublicModule(module, labels.get(module.pk, "")) for module in modules],
        editions=editions,
        dagdelen=dagdelen,
        regions=regions,
    )


# --- the administrator's queue ----------------------------------------------------------------


QUEUE_STATES = (
    SignUp.State.NEW,
    SignUp.State.WAITING,
    SignUp.State.OFFERED,
    SignUp.State.ACCEPTED,
    SignUp.State.REJECTED,
    SignUp.State.LAPSED,
)


def signup_state_counts() -> dict[str, int]:
    """How many sign-ups are in each state (one query), for the queue's tabs."""
    counts = dict.fromkeys(QUEUE_STATES, 0)
    for state, n in SignUp.objects.order_by().values_list("state").annotate(n=Count("pk")):
        counts[state] = n
    return counts


def signup_queue(*, state: str, edition_id: int | None = None) -> QuerySet[SignUp]:
    """The sign-ups in one state, oldest first (the waiting list in its order)."""
    signups = SignUp.objects.filter(state=state).select_related(
        "submission", "edition__course", "learner", "decided_by"
    )
    if edition_id:
        signups = signups.filter(edition_id=edition_id)
    if state == SignUp.State.WAITING:
        return signups.order_by("edition_id", "waiting_since", "pk")
    if state in (SignUp.State.NEW, SignUp.State.OFFERED):
        return signups.order_by("created_at", "pk")
    return signups.order_by("-decided_at", "-created_at", "-pk")


def places_left_for(edition_ids: Iterable[int], *, now: datetime) -> dict[int, int]:
    """Places left per edition (one query)."""
    editions = with_places(Edition.objects.filter(pk__in=set(edition_ids)), now=now)
    return {edition.pk: places_left_of(edition) for edition in editions}


def waiting_positions(signups: Iterable[SignUp]) -> dict[int, int]:
    """Each waiting sign-up's place on its edition's list, 1 for the first (one query)."""
    waiting = [s for s in signups if s.state == SignUp.State.WAITING]
    if not waiting:
        return {}
    rows = (
        SignUp.objects.filter(
            state=SignUp.State.WAITING, edition_id__in={s.edition_id for s in waiting}
        )
        .order_by("edition_id", "waiting_since", "pk")
        .values_list("pk", "edition_id")
    )
    positions: dict[int, int] = {}
    counter: dict[int, int] = {}
    for pk, edition_id in rows:
        counter[edition_id] = counter.get(edition_id, 0) + 1
        positions[pk] = counter[edition_id]
    return positions


def editions_with_signups() -> list[Edition]:
    """The editions anyone signed up for, for the queue's filter."""
    return list(
        Edition.objects.filter(Q(signups__isnull=False))
        .select_related("course")
        .distinct()
        .order_by("course__title", "name")
    )


def signup_for_administrator(signup_id: int) -> SignUp | None:
    return (
        SignUp.objects.select_related(
            "submission", "edition__course", "learner", "decided_by", "enrollment"
        )
        .filter(pk=signup_id)
        .first()
    )


def submission_siblings(signup: SignUp) -> list[SignUp]:
    """The other people signed up with the same form."""
    return list(
        SignUp.objects.filter(submission_id=signup.submission_id)
        .exclude(pk=signup.pk)
        .order_by("pk")
    )


# --- the link of an offered place -------------------------------------------------------------


def _offer_moment(offered_at: datetime) -> str:
    return offered_at.astimezone(UTC).strftime("%Y%m%d%H%M%S%f")


def offer_token(signup_id: int, offered_at: datetime) -> str:
    """The secret part of an offer's link: bound to this offer (a later offer of the same
    sign-up has another), never stored."""
    return salted_hmac(_OFFER_SALT, f"{signup_id}:{_offer_moment(offered_at)}").hexdigest()[:40]


class OfferState(enum.Enum):
    OPEN = "open"
    EXPIRED = "expired"
    TAKEN = "taken"  # accepted: the person has the place
    CLOSED = "closed"  # declined, lapsed or rejected


@dataclass(frozen=True)
class FoundOffer:
    signup: SignUp
    state: OfferState


def offer_find(
    *, signup_id: int, given_token: str, now: datetime | None = None
) -> FoundOffer | None:
    """The sign-up an offer's link points to and whether the offer still runs; None for a
    link that is not ours (unknown id or wrong token alike)."""
    signup = (
        SignUp.objects.select_related("edition__course", "submission")
        .filter(pk=signup_id, offered_at__isnull=False)
        .first()
    )
    if signup is None or not constant_time_compare(
        offer_token(signup.pk, signup.offered_at), given_token
    ):
        return None
    if signup.state == SignUp.State.ACCEPTED:
        return FoundOffer(signup, OfferState.TAKEN)
    if signup.state != SignUp.State.OFFERED:
        return FoundOffer(signup, OfferState.CLOSED)
    if (now or timezone.now()) >= signup.offer_expires_at:
        return FoundOffer(signup, OfferState.EXPIRED)
    return FoundOffer(signup, OfferState.OPEN)
