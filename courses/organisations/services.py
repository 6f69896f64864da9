"""Writes about organisations: adding and removing contact persons, their monthly e-mail."""

from __future__ import annotations

from django.db import transaction

from .. import invitations
from ..models import Organisation, OrganisationContact
from ..signups.services import _user_for as user_for_email


def organisation_contact_add(
    *,
    organisation: Organisation,
    email: str,
    first_name: str,
    last_name: str,
    wants_monthly_report: bool,
    by,
) -> OrganisationContact:
    """Make this person (the account with this address, or a new one) a contact person of the
    organisation. A person who cannot log in yet gets the invitation to choose a password
    (not again within a few minutes, when the administrator adds them twice)."""
    with transaction.atomic():
        user = user_for_email(email=email, first_name=first_name, last_name=last_name)
        if not user.has_usable_password() and not user.last_name:
            user.first_name, user.last_name = first_name[:150], last_name[:150]
            user.save(update_fields=["first_name", "last_name"])
        contact, created = OrganisationContact.objects.get_or_create(
            organisation=organisation,
            user=user,
            defaults={"wants_monthly_report": wants_monthly_report, "created_by": by},
        )
        if not created and contact.wants_monthly_report != wants_monthly_report:
            contact.wants_monthly_report = wants_monthly_report
            contact.save(update_fields=["wants_monthly_report"])
        invitations.invitation_send(user=user, by=by, pause=invitations.RESEND_PAUSE)
    return contact


def organisation_contact_remove(*, organisation: Organisation, contact_id: int) -> bool:
    """Remove a contact person (their account stays: it may be a learner's too)."""
    deleted, _rows = OrganisationContact.objects.filter(
        pk=contact_id, organisation=organisation
    ).delete()
    return bool(deleted)


def contact_monthly_report_set(*, contact: OrganisationContact, wanted: bool) -> None:
    OrganisationContact.objects.filter(pk=contact.pk).update(wants_monthly_report=wanted)
    contact.wants_monthly_report = wanted
