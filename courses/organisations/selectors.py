"""Reads about organisations and their contact persons."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from ..models import Enrollment, Organisation, OrganisationContact


def is_organisation_contact(user) -> bool:
    return OrganisationContact.objects.filter(user=user).exists()


def organisations_for_contact(user) -> list[Organisation]:
    """The organisations this person is a contact person of, by name."""
    return list(Organisation.objects.filter(contacts__user=user).order_by("name").distinct())


def organisation_for_contact(user, organisation_id: int) -> Organisation | None:
    """The organisation when this person is one of its contact persons; None for anyone else
    (the caller answers 404, so nobody learns which organisations exist)."""
    return Organisation.objects.filter(pk=organisation_id, contacts__user=user).first()


def contact_of(user, organisation: Organisation) -> OrganisationContact | None:
    return OrganisationContact.objects.filter(user=user, organisation=organisation).first()


def organisation_contacts(organisation: Organisation) -> list[OrganisationContact]:
    return list(
        OrganisationContact.objects.filter(organisation=organisation).select_related("user")
    )


def organisations_with_counts() -> QuerySet[Organisation]:
    """Every organisation, for the administrator's list."""
    return Organisation.objects.order_by("name")


def organisation_enrollments(organisation: Organisation) -> QuerySet[Enrollment]:
    """The organisation's employees' enrolments that a contact person follows (a withdrawn
    enrolment is no longer theirs to follow)."""
    return Enrollment.objects.filter(
        organisation=organisation, status__in=Enrollment.SHOWN_STATUSES
    )


def organisation_enrollments_matching(organisation: Organisation, query: str):
    """The organisation's enrolments whose learner's name or address holds `query`, by name."""
    enrollments = organisation_enrollments(organisation)
    for word in query.split()[:5]:
        enrollments = enrollments.filter(
            Q(learner__first_name__icontains=word)
            | Q(learner__last_name__icontains=word)
            | Q(learner__email__icontains=word)
        )
    return enrollments.order_by("learner__last_name", "learner__first_name", "pk")


def contacts_for_monthly_report() -> QuerySet[OrganisationContact]:
    """Contact persons who want the monthly e-mail and can receive it."""
    return (
        OrganisationContact.objects.filter(
            wants_monthly_report=True, user__is_active=True, user__email__gt=""
        )
        .select_related("user", "organisation")
        .order_by("pk")
    )
