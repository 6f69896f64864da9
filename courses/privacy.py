"""A person's data in `courses` (AVG): what they enrolled in, their progress, attendance,
extensions, the coaching notes about them and their invitations; and its erasure.

Published for lms (`lms.privacy`), which assembles the export and orchestrates an erasure
after the apps above this one have removed what holds on to an enrolment.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Max, Min, ProtectedError, Q
from django.utils.translation import gettext_lazy as _

from core.privacy import PersonalFile

from . import models as m

# What each part of the export holds (its file is `<key>.json`), for the export's README.
PARTS = {
    "inschrijvingen": _(
        "De cursussen waarvoor je bent ingeschreven: cursus, editie, organisatie, status, "
        "de datum van inschrijving en de eerste en laatste lesdag."
    ),
    "voortgang": _("Welke lessen je opende en afrondde, en wanneer."),
    "aanwezigheid": _("Je aanwezigheid bij de klassikale dagen, zoals je trainer die noteerde."),
    "uitstel": _("Het uitstel dat je kreeg voor een les of opdracht."),
    "coaching": _("De feedback en coachingsnotities die je trainers voor je schreven."),
    "uitnodigingen": _("De uitnodigingen die we je stuurden om een wachtwoord te kiezen."),
    "lesgeven": _("De edities waarin je trainer bent (alleen als je lesgeeft)."),
    "aanmeldingen": _(
        "Je aanmeldingen via de cursuspagina: voor welke editie, wat je invulde en wat ermee "
        "gebeurde (ook als iemand anders jou aanmeldde, of jij anderen)."
    ),
    "trajecten": _(
        "Je traject (Erkend Talent) bij een inschrijving: de financier, je jobcoach, de "
        "periode, en elke keer dat je toestemming gaf of introk, met de datum."
    ),
}


def _label(choices, value: str) -> str:
    try:
        return str(choices(value).label)
    except ValueError:
        return value


def personal_data(user) -> dict[str, list | dict]:
    """Everything `courses` holds about the person, as plain values (one query per part)."""
    enrollments = list(
        m.Enrollment.objects.filter(learner=user)
        .select_related("edition__course", "organisation")
        .order_by("enrolled_at", "pk")
    )
    days = {
        row["edition_id"]: row
        for row in m.ClassroomSession.objects.filter(
            edition_id__in=[e.edition_id for e in enrollments]
        )
        .values("edition_id")
        .annotate(first=Min("date"), last=Max("date"))
        .order_by()
    }
    parts: dict[str, list | dict] = {
        "inschrijvingen": [
            {
                "course": e.edition.course.title,
                "edition": e.edition.name,
                "region": _label(m.Edition.Region, e.edition.region),
                "organisation": e.organisation.name if e.organisation else None,
                "status": _label(m.Enrollment.Status, e.status),
                "enrolled_at": e.enrolled_at,
                "first_day": days.get(e.edition_id, {}).get("first"),
                "last_day": days.get(e.edition_id, {}).get("last"),
            }
            for e in enrollments
        ],
        "voortgang": [
            {
                "edition": row["enrollment__edition__name"],
                "lesson": row["lesson__title"],
                "first_opened_at": row["first_opened_at"],
                "completed_at": row["completed_at"],
            }
            for row in m.LessonProgress.objects.filter(enrollment__learner=user)
            .order_by("enrollment_id", "lesson__module__order", "lesson__order", "pk")
            .values("enrollment__edition__name", "lesson__title", "first_opened_at", "completed_at")
        ],
        "aanwezigheid": [
            {
                "edition": row["enrollment__edition__name"],
                "date": row["session__date"],
                "start_time": row["session__start_time"],
                "end_time": row["session__end_time"],
                "location": row["session__location"],
                "status": _label(m.Attendance.Status, row["status"]),
                "note": row["note"],
                "recorded_at": row["recorded_at"],
            }
            for row in m.Attendance.objects.filter(enrollment__learner=user)
            .order_by("session__date", "session__start_time", "pk")
            .values(
                "enrollment__edition__name",
                "session__date",
                "session__start_time",
                "session__end_time",
                "session__location",
                "status",
                "note",
                "recorded_at",
            )
        ],
        "uitstel": [
            {
                "edition": row["enrollment__edition__name"],
                "lesson": row["lesson__title"],
                "due_at": row["due_at"],
                "reason": row["reason"],
                "granted_at": row["created_at"],
            }
            for row in m.DueDateExtension.objects.filter(enrollment__learner=user)
            .order_by("created_at", "pk")
            .values("enrollment__edition__name", "lesson__title", "due_at", "reason", "created_at")
        ],
        "coaching": [
            {
                "edition": note.enrollment.edition.name,
                "lesson": note.lesson.title if note.lesson else None,
                "author": note.author.get_full_name() or note.author.get_username(),
                "text": note.body,
                "written_at": note.created_at,
            }
            for note in m.CoachingNote.objects.filter(enrollment__learner=user)
            .select_related("enrollment__edition", "lesson", "author")
            .order_by("created_at", "pk")
        ],
        "uitnodigingen": [
            {
                "sent_at": row["created_at"],
                "valid_until": row["expires_at"],
                "accepted_at": row["accepted_at"],
            }
            for row in m.Invitation.objects.filter(user=user)
            .order_by("created_at", "pk")
            .values("created_at", "expires_at", "accepted_at")
        ],
    }
    trajectories = _trajectories_of(user)
    if trajectories:
        parts["trajecten"] = trajectories
    contacts = list(
        m.OrganisationContact.objects.filter(user=user)
        .order_by("organisation__name", "pk")
        .values("organisation__name", "wants_monthly_report", "created_at")
    )
    if contacts:
        parts["contactpersoon"] = [
            {
                "organisation": c["organisation__name"],
                "monthly_report": c["wants_monthly_report"],
                "since": c["created_at"],
            }
            for c in contacts
        ]
    taught = list(
        m.Edition.objects.filter(trainers=user)
        .order_by("course__title", "name")
        .values("course__title", "name")
    )
    if taught:
        parts["lesgeven"] = [{"course": t["course__title"], "edition": t["name"]} for t in taught]
    signups = _signups_of(user)
    if signups:
        parts["aanmeldingen"] = [
            {
                "course": row["edition__course__title"],
                "edition": row["edition__name"],
                "name": f"{row['first_name']} {row['last_name']}".strip(),
                "email": row["email"],
                "state": row["state"],
                "signed_up_at": row["created_at"],
                "signed_up_by": row["submission__name"],
                "organisation": row["submission__organisation_name"],
                "invoice_name": row["submission__invoice_name"],
                "invoice_address": row["submission__invoice_address"],
                "invoice_reference": row["submission__invoice_reference"],
                "remarks": row["submission__remarks"],
            }
            for row in signups.order_by("created_at", "pk").values(
                "edition__course__title",
                "edition__name",
                "first_name",
                "last_name",
                "email",
                "state",
                "created_at",
                "submission__name",
                "submission__organisation_name",
                "submission__invoice_name",
                "submission__invoice_address",
                "submission__invoice_reference",
                "submission__remarks",
            )
        ]
    return parts


def _trajectories_of(user) -> list[dict]:
    """The learner's trajectories with every change of their consent (two queries)."""
    trajectories = list(
        m.Trajectory.objects.filter(enrollment__learner=user)
        .select_related("enrollment__edition")
        .order_by("starts_on", "pk")
    )
    history: dict[int, list[dict]] = {t.pk: [] for t in trajectories}
    for change in m.TrajectoryConsent.objects.filter(trajectory__in=trajectories).order_by(
        "at", "pk"
    ):
        history[change.trajectory_id].append(
            {
                "what": _label(m.TrajectoryConsent.Action, change.action),
                "at": change.at,
                "job_coach": change.coach_name,
                "job_coach_email": change.coach_email,
            }
        )
    return [
        {
            "edition": t.enrollment.edition.name,
            "funder_type": _label(m.Trajectory.FunderType, t.funder_type),
            "funder": t.funder_name,
            "job_coach": t.coach_name,
            "job_coach_email": t.coach_email,
            "starts_on": t.starts_on,
            "ends_on": t.ends_on,
            "consent_given_at": t.consent_given_at,
            "consent_revoked_at": t.consent_revoked_at,
            "consent_history": history[t.pk],
        }
        for t in trajectories
    ]


def _signups_of(user):
    """Sign-ups for the person (as learner, by account or address) and those they sent."""
    email = (user.email or "").strip()
    who = Q(learner=user) | Q(submission__submitter=user)
    if email:
        who |= Q(email__iexact=email) | Q(submission__email__iexact=email)
    return m.SignUp.objects.filter(who)


def files(user) -> Iterable[PersonalFile]:
    """`courses` keeps no files of a person (lesson files belong to the course)."""
    return []


def erasure_summary(user) -> list[tuple[str, int]]:
    """What an erasure removes here, in words for the administrator's confirmation page."""
    return [
        (_("inschrijvingen"), m.Enrollment.objects.filter(learner=user).count()),
        (
            _("voortgang in lessen"),
            m.LessonProgress.objects.filter(enrollment__learner=user).count(),
        ),
        (_("aanwezigheid"), m.Attendance.objects.filter(enrollment__learner=user).count()),
        (
            _("coachingsnotities over de persoon"),
            m.CoachingNote.objects.filter(enrollment__learner=user).count(),
        ),
        (
            _("trajecten met jobcoach en toestemmingen"),
            m.Trajectory.objects.filter(enrollment__learner=user).count(),
        ),
    ]


def _people_links_clear(user) -> int:
    """Take the person off every list of people in this app (trainers of an edition, authors
    of a course…): each many-to-many field to the user model, whatever it is called."""
    removed = 0
    user_model = get_user_model()
    for model in (m.Course, m.Edition):
        for field in model._meta.many_to_many:
            if field.related_model is user_model:
                through = field.remote_field.through
                removed += through.objects.filter(
                    **{field.m2m_reverse_field_name(): user.pk}
                ).delete()[0]
    return removed


def _signups_anonymise(user) -> int:
    """What the person typed or was typed about them on a sign-up goes; the sign-up itself
    stays (an edition's numbers and an invoice may rest on it) without anything personal."""
    signups = _signups_of(user)
    submissions = m.SignUpSubmission.objects.filter(pk__in=signups.values("submission_id")).filter(
        Q(submitter=user) | Q(email__iexact=(user.email or "").strip() or None)
    )
    submissions.update(name="", email="", phone="", submitter=None, remarks="", invoice_email="")
    # An open sign-up of a person who is gone waits for nothing: it lapses, so no place is
    # ever offered to an address that is no longer there.
    signups.filter(state__in=m.SignUp.OPEN_STATES).update(state=m.SignUp.State.LAPSED)
    return signups.update(first_name="", last_name="", email="", learner=None, reject_reason="")


def erase(user) -> dict[str, int]:
    """Remove the person's progress, attendance, extensions, the notes about them and their
    invitations, and their enrolments. An enrolment that something above this app still
    holds on to (an issued certificate, kept so it can be verified) stays, withdrawn and
    without its organisation. Runs inside lms's erasure transaction, after the apps above it."""
    counts = {
        "progress": m.LessonProgress.objects.filter(enrollment__learner=user).delete()[0],
        "attendance": m.Attendance.objects.filter(enrollment__learner=user).delete()[0],
        "extensions": m.DueDateExtension.objects.filter(enrollment__learner=user).delete()[0],
        "coaching_notes": m.CoachingNote.objects.filter(enrollment__learner=user).delete()[0],
        "invitations": m.Invitation.objects.filter(user=user).delete()[0],
        # With their consent history (cascade); also of an enrolment that stays.
        "trajectories": m.Trajectory.objects.filter(enrollment__learner=user).delete()[0],
        "organisation_contacts": m.OrganisationContact.objects.filter(user=user).delete()[0],
        "roles": _people_links_clear(user),
        "enrollments_removed": 0,
        "enrollments_kept": 0,
        "signups_anonymised": _signups_anonymise(user),
    }
    kept = []
    for enrollment in m.Enrollment.objects.filter(learner=user).order_by("pk"):
        try:
            with transaction.atomic():
                enrollment.delete()
        except ProtectedError:
            kept.append(enrollment.pk)
        else:
            counts["enrollments_removed"] += 1
    # Kept, the enrolment no longer takes part: no notices, no place in the edition's lists.
    counts["enrollments_kept"] = m.Enrollment.objects.filter(pk__in=kept).update(
        organisation=None, status=m.Enrollment.Status.WITHDRAWN
    )
    return counts
