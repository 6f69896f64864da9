"""Sign new credentials with a new key; the old keys stay published for verification."""

from django.core.management.base import BaseCommand

from certificates import services, signing


class Command(BaseCommand):
    help = (
        "Make a new Ed25519 key for the certificates' credentials. New credentials and the "
        "revocation list are signed with it; earlier keys stay in the DID document."
    )

    def handle(self, *args, **options) -> None:
        row = services.signing_key_rotate()
        self.stdout.write(f"New signing key {signing.key_id(row)} ({row.public_key_multibase}).")
