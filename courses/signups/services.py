"""Writes for sign-ups: sending the public form, the administrator's decisions, and the
waiting list (offers, lapses, taking an offered place).

Every write that changes a sign-up of an edition, or takes one of its places, locks the
edition's row first (`select_for_update`) and reads the sign-up and the places only then: two
administrators accepting the last place at once, or an acceptance meeting an offer, queue up
behind one another, and the second sees what the first did.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import partial

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from core import ratelimit

from .. import conf, invitations
from ..models import Edition, Enrollment, Organisation, SignUp, SignUpSubmission
from . import emails, selectors

# Confirmations one e-mail address gets per hour: a form sent again and again in someone
# else's name fills nobody's mailbox (the sign-ups are still saved for the administrator).
CONFIRMATIONS_PER_HOUR = 3


def offer_days() -> int:
    return int(conf.get("LMS_SIGNUP_OFFER_DAYS"))


@dataclass(frozen=True)
class Person:
    first_name: str
    last_name: str
    email: str


# --- people -----------------------------------------------------------------------------------


def _user_for(*, email: str, first_name: str, last_name: str = ""):
    """The account with this address (as the CSV import finds one), or a new one without a
    password: it cannot log in until an invitation lets its person choose a password."""
    User = get_user_model()
    key = email.strip().lower()
    found = (
        User.objects.filter(email__iexact=key).order_by("pk").first()
        or User.objects.filter(username__iexact=key).order_by("pk").first()
    )
    if found is not None:
        return found
    user = User(
        username=key, email=email.strip(), first_name=first_name[:150], last_name=last_name[:150]
    )
    user.set_unusable_password()
    try:
        with transaction.atomic():
            user.save()
    except IntegrityError:  # made by a sign-up sent at the same moment
        return User.objects.get(username=key)
    return user


def _learner_for(signup: SignUp):
    """The learner's account; an account nobody has logged in with yet takes the names the
    sign-up gives when it has no last name (it was made for the form's sender)."""
    user = _user_for(email=signup.email, first_name=signup.first_name, last_name=signup.last_name)
    if not user.has_usable_password() and not user.last_name:
        user.first_name, user.last_name = signup.first_name, signup.last_name
        user.save(update_fields=["first_name", "last_name"])
    return user


def _organisation_for(name: str) -> Organisation | None:
    name = name.strip()
    if not name:
        return None
    found = Organisation.objects.filter(name__iexact=name).order_by("pk").first()
    if found is not None:
        return found
    organisation, _created = Organisation.objects.get_or_create(name=name)
    return organisation


# --- the public form --------------------------------------------------------------------------


def signup_submit(
    *,
    edition_id: int,
    learners: Sequence[Person],
    name: str,
    email: str,
    phone: str = "",
    organisation_name: str = "",
    invoice_name: str,
    invoice_address: str,
    invoice_reference: str = "",
    invoice_email: str = "",
    remarks: str = "",
    now: datetime | None = None,
) -> SignUpSubmission:
    """Save a sent form: one sign-up per learner, new (or on the waiting list at once when
    the edition has no place left), and a confirmation to its sender."""
    if not learners:
        raise ValidationError(_("Meld minstens één cursist aan."))
    now = now or timezone.now()
    with transaction.atomic():
        edition = Edition.objects.select_related("course").filter(pk=edition_id).first()
        if edition is None or edition.status != Edition.Status.OPEN:
            raise ValidationError(_("Voor deze editie kun je je niet (meer) aanmelden."))
        full = selectors.places_left(edition_id=edition.pk, now=now) <= 0
        submission = SignUpSubmission.objects.create(
            course=edition.course,
            name=name.strip(),
            email=email.strip(),
            phone=phone.strip(),
            submitter=_user_for(email=email, first_name=name.strip()),
            organisation_name=organisation_name.strip(),
            invoice_name=invoice_name.strip(),
            invoice_address=invoice_address.strip(),
            invoice_reference=invoice_reference.strip(),
            invoice_email=invoice_email.strip(),
            remarks=remarks.strip(),
            created_at=now,
        )
        signups = [
            SignUp(
                submission=submission,
                edition=edition,
                first_name=person.first_name.strip(),
                last_name=person.last_name.strip(),
                email=person.email.strip(),
                state=SignUp.State.WAITING if full else SignUp.State.NEW,
                created_at=now,
                waiting_since=now if full else None,
            )
            for person in learners
        ]
        SignUp.objects.bulk_create(signups)
        if ratelimit.hit(
            "signup-confirmation",
            submission.email.lower(),
            limit=CONFIRMATIONS_PER_HOUR,
            window=3600,
        ):
            emails.received(submission=submission, edition=edition, signups=signups, now=now)
    return submission


# --- the administrator's decisions ------------------------------------------------------------


def _locked(signup_id: int) -> tuple[Edition, SignUp]:
    """The sign-up, read after its edition's row was locked (the lock every write here takes
    first). Call inside a transaction."""
    edition_id = SignUp.objects.filter(pk=signup_id).values_list("edition_id", flat=True).first()
    if edition_id is None:
        raise SignUp.DoesNotExist
    edition = (
        Edition.objects.select_for_update(of=("self",)).select_related("course").get(pk=edition_id)
    )
    signup = SignUp.objects.select_related("submission__submitter").get(pk=signup_id)
    signup.edition = edition
    return edition, signup


def _refuse_if_decided(signup: SignUp) -> None:
    if signup.state not in SignUp.OPEN_STATES:
        raise ValidationError(
            _("Over deze aanmelding is al besloten: %(state)s.")
            % {"state": signup.get_state_display()}
        )


def _enrol(*, edition: Edition, signup: SignUp, holder: bool, now: datetime) -> Enrollment:
    """Enrol the sign-up's person (the edition is locked): a new enrolment, or a withdrawn one
    made active again, if a place is free; an enrolment they have already is kept."""
    user = _learner_for(signup)
    enrollment = Enrollment.objects.filter(edition=edition, learner=user).first()
    if enrollment is not None and enrollment.status != Enrollment.Status.WITHDRAWN:
        return enrollment
    free = selectors.places_left(
        edition_id=edition.pk, now=now, holder_id=signup.pk if holder else None
    )
    if free <= 0:
        raise ValidationError(
            _(
                "%(edition)s is vol: er is geen plek meer vrij. Zet de aanmelding op de "
                "wachtlijst, of maak eerst een plek vrij."
            )
            % {"edition": edition.name}
        )
    organisation = _organisation_for(signup.submission.organisation_name)
    if enrollment is None:
        return Enrollment.objects.create(
            edition=edition, learner=user, organisation=organisation, enrolled_at=now
        )
    enrollment.status = Enrollment.Status.ACTIVE
    enrollment.enrolled_at = now
    enrollment.organisation = organisation or enrollment.organisation
    enrollment.save(update_fields=["status", "enrolled_at", "organisation"])
    return enrollment


def _accept(*, edition: Edition, signup: SignUp, by, now: datetime) -> SignUp:
    if edition.status in (Edition.Status.CANCELLED, Edition.Status.FINISHED):
        raise ValidationError(
            _("%(edition)s is %(status)s: niemand kan er nog bij.")
            % {"edition": edition.name, "status": edition.get_status_display()}
        )
    holder = signup.state == SignUp.State.OFFERED and signup.offer_expires_at > now
    enrollment = _enrol(edition=edition, signup=signup, holder=holder, now=now)
    signup.state = SignUp.State.ACCEPTED
    signup.learner = enrollment.learner
    signup.enrollment = enrollment
    signup.decided_at = now
    signup.decided_by = by
    signup.save(update_fields=["state", "learner", "enrollment", "decided_at", "decided_by"])
    invited = (
        invitations.invitation_send(user=enrollment.learner, enrollment=enrollment, by=by, now=now)
        is not None
    )
    emails.accepted(signup=signup, invited=invited, now=now)
    return signup


def signup_accept(*, signup_id: int, by, now: datetime | None = None) -> SignUp:
    """Accept a sign-up: the learner's account if they have none, their enrolment in the
    edition, and the invitation to choose a password. Refused (ValidationError) when the
    edition has no place left: its row is locked while the places are counted, so two
    acceptances at once never take more places than there are."""
    now = now or timezone.now()
    with transaction.atomic():
        edition, signup = _locked(signup_id)
        _refuse_if_decided(signup)
        return _accept(edition=edition, signup=signup, by=by, now=now)


def signup_reject(*, signup_id: int, by, reason: str, now: datetime | None = None) -> SignUp:
    """Reject a sign-up; the reason is e-mailed to the person who sent it. A place that was
    offered to it passes to the next on the waiting list."""
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": _("Schrijf op waarom je de aanmelding afwijst.")})
    now = now or timezone.now()
    with transaction.atomic():
        edition, signup = _locked(signup_id)
        _refuse_if_decided(signup)
        held_a_place = signup.state == SignUp.State.OFFERED
        signup.state = SignUp.State.REJECTED
        signup.reject_reason = reason
        signup.decided_at = now
        signup.decided_by = by
        signup.save(update_fields=["state", "reject_reason", "decided_at", "decided_by"])
        emails.rejected(signup=signup, now=now)
        if held_a_place:
            _fill_after_commit(edition.pk)
    return signup


def signup_wait(*, signup_id: int, by, now: datetime | None = None) -> SignUp:
    """Put a new (or lapsed) sign-up on its edition's waiting list, at the end."""
    now = now or timezone.now()
    with transaction.atomic():
        edition, signup = _locked(signup_id)
        if signup.state not in (SignUp.State.NEW, SignUp.State.LAPSED):
            raise ValidationError(
                _("Alleen een nieuwe of vervallen aanmelding kan op de wachtlijst.")
            )
        signup.state = SignUp.State.WAITING
        signup.waiting_since = now
        signup.decided_at = now
        signup.decided_by = by
        signup.save(update_fields=["state", "waiting_since", "decided_at", "decided_by"])
        emails.waiting(signup=signup, now=now)
    return signup


# --- the waiting list -------------------------------------------------------------------------


def _lapse_expired(*, edition_id: int, now: datetime) -> int:
    return SignUp.objects.filter(
        edition_id=edition_id, state=SignUp.State.OFFERED, offer_expires_at__lte=now
    ).update(state=SignUp.State.LAPSED, decided_at=now)


def waiting_list_fill(*, edition_id: int, now: datetime | None = None) -> int:
    """Let offers that ran out lapse, then offer each free place of an open edition to the
    next on its waiting list (an e-mail with a link, valid `LMS_SIGNUP_OFFER_DAYS` days).
    Returns how many places were offered; running it again offers nothing new."""
    now = now or timezone.now()
    with transaction.atomic():
        edition = Edition.objects.select_for_update().filter(pk=edition_id).first()
        if edition is None:
            return 0
        _lapse_expired(edition_id=edition.pk, now=now)
        if edition.status != Edition.Status.OPEN:
            return 0
        free = selectors.places_left(edition_id=edition.pk, now=now)
        if free <= 0:
            return 0
        following = list(
            SignUp.objects.filter(edition_id=edition.pk, state=SignUp.State.WAITING)
            .select_related("submission__submitter", "edition__course")
            .order_by("waiting_since", "pk")[:free]
        )
        expires_at = now + timedelta(days=offer_days())
        for signup in following:
            signup.state = SignUp.State.OFFERED
            signup.offered_at = now
            signup.offer_expires_at = expires_at
            signup.save(update_fields=["state", "offered_at", "offer_expires_at"])
            emails.offered(signup=signup, now=now)
        return len(following)


def signup_offers_sweep(*, now: datetime | None = None) -> int:
    """The periodic sweep: every edition with an offer that ran out, or an open one with a
    waiting list, gets `waiting_list_fill`. Returns how many places were offered."""
    now = now or timezone.now()
    signups = SignUp.objects.filter(edition_id=OuterRef("pk"))
    edition_ids = list(
        Edition.objects.filter(
            Exists(signups.filter(state=SignUp.State.OFFERED, offer_expires_at__lte=now))
            | Q(status=Edition.Status.OPEN) & Exists(signups.filter(state=SignUp.State.WAITING))
        )
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    return sum(waiting_list_fill(edition_id=pk, now=now) for pk in edition_ids)


def _fill_after_commit(edition_id: int) -> None:
    """Offer a freed place once the change that freed it is committed (a Celery task; when
    the broker is away, the periodic sweep does it later)."""
    from .. import tasks  # the tasks import this module: imported when first used

    transaction.on_commit(partial(tasks.waiting_list_fill.delay, edition_id), robust=True)


def place_freed(*, edition_id: int) -> None:
    """Published for the receivers: an enrolment of this edition was withdrawn or removed,
    or the edition changed; its waiting list may get a place."""
    _fill_after_commit(edition_id)


def offer_accept(*, signup_id: int, now: datetime | None = None) -> SignUp:
    """The person on the waiting list takes the place offered to them (through the link in
    the e-mail): enrolled and invited, as an administrator's acceptance does."""
    now = now or timezone.now()
    with transaction.atomic():
        edition, signup = _locked(signup_id)
        if signup.state != SignUp.State.OFFERED:
            raise ValidationError(_("Dit aanbod geldt niet meer."))
        if signup.offer_expires_at <= now:
            raise ValidationError(_("Dit aanbod is verlopen."))
        return _accept(edition=edition, signup=signup, by=None, now=now)


def offer_decline(*, signup_id: int, now: datetime | None = None) -> SignUp:
    """The person on the waiting list lets the offered place go: it passes to the next."""
    now = now or timezone.now()
    with transaction.atomic():
        edition, signup = _locked(signup_id)
        if signup.state == SignUp.State.OFFERED:
            signup.state = SignUp.State.LAPSED
            signup.decided_at = now
            signup.save(update_fields=["state", "decided_at"])
            _fill_after_commit(edition.pk)
    return signup


def offer_expire(*, signup_id: int, now: datetime | None = None) -> None:
    """An offer whose link is opened after it ran out lapses now, and the place passes on
    (the sweep would do the same a little later)."""
    now = now or timezone.now()
    with transaction.atomic():
        edition, signup = _locked(signup_id)
        if signup.state == SignUp.State.OFFERED and signup.offer_expires_at <= now:
            _lapse_expired(edition_id=edition.pk, now=now)
            _fill_after_commit(edition.pk)
