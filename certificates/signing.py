"""The issuer's identity and Ed25519 keys, and the URLs credentials point to.

The issuer is a `did:web` DID (LMS_CERTIFICATE_ISSUER_ID, by default did:web:<host of
LMS_BASE_URL>) whose DID document this app serves at /.well-known/did.json. Why did:web and
not a controller document at an https URL: a verifier follows proof.verificationMethod to its
controller and that controller's assertionMethod, and with did:web every step is the DID
method's own, which verifiers and wallets resolve without configuration (Digital Bazaar's,
1EdTech's, walt.id's); an https controller document needs a verifier that dereferences a
fragment in an arbitrary JSON-LD document, and some frame it in JSON-LD safe mode, which is
what made the old issuer profile fail. A DID document with the DID v1 context is used as it is,
without framing. The root form (no path) is the one every did:web resolver supports.

Keys are rows (models.SigningKey): key 1 is the configured key, later ones come from
`rotate_certificate_key`. The newest key that is not retired signs; every key stays in the
DID document, so credentials signed before a rotation keep verifying.

Credentials issued before the DID named the issuer `<LMS_BASE_URL>/certificates/issuer/` and
its key `…/certificates/issuer/#key-1`. That id is still accepted here (`public_keys`) for
key 1, so our verification page accepts them; their signatures are unchanged.
"""

from __future__ import annotations

import base64
import os
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from cryptography.fernet import Fernet, InvalidToken
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from django.utils.crypto import salted_hmac

from . import conf, credentials
from .models import SigningKey


class SigningKeyUnavailable(Exception):
    """The key that should sign cannot be read (a changed configured key, a lost SECRET_KEY)."""


def signing_key() -> Ed25519PrivateKey:
    """The configured key (key 1): LMS_CERTIFICATE_SIGNING_KEY; without it the one in the key
    file, which is generated (mode 0600) the first time it is needed, as on a fresh demo."""
    configured = conf.get("LMS_CERTIFICATE_SIGNING_KEY")
    if configured:
        return _key_from_text(configured)
    return _key_from_file(str(conf.signing_key_file()))


@lru_cache(maxsize=4)
def _key_from_text(text: str) -> Ed25519PrivateKey:
    return credentials.private_key_from_text(text)


@lru_cache(maxsize=4)
def _key_from_file(path: str) -> Ed25519PrivateKey:
    file = Path(path)
    if not file.exists():
        file.parent.mkdir(parents=True, exist_ok=True)
        pem = credentials.private_key_to_pem(Ed25519PrivateKey.generate())
        try:
            fd = os.open(file, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            pass  # another process made it a moment ago: use theirs
        else:
            with os.fdopen(fd, "w") as handle:
                handle.write(pem)
    return credentials.private_key_from_text(file.read_text())


# --- keys as rows --------------------------------------------------------------------------


@dataclass(frozen=True)
class CurrentKey:
    id: str  # the verification method: <issuer>#key-<n>
    private_key: Ed25519PrivateKey


def keys_published() -> list[SigningKey]:
    """Every key, oldest first; key 1 (the configured key) is recorded the first time."""
    rows = list(SigningKey.objects.order_by("number"))
    if rows:
        return rows
    public = credentials.public_key_multibase(signing_key().public_key())
    SigningKey.objects.bulk_create(
        [SigningKey(number=1, public_key_multibase=public, created_at=timezone.now())],
        ignore_conflicts=True,
    )
    return list(SigningKey.objects.order_by("number"))


def current_key() -> CurrentKey:
    """The key new credentials and status lists are signed with: the newest not retired."""
    active = [row for row in keys_published() if row.retired_at is None]
    if not active:
        raise SigningKeyUnavailable("every certificate signing key is retired")
    row = active[-1]
    return CurrentKey(id=key_id(row), private_key=private_key(row))


def private_key(row: SigningKey) -> Ed25519PrivateKey:
    if row.private_key_encrypted:
        secrets = (settings.SECRET_KEY, *getattr(settings, "SECRET_KEY_FALLBACKS", []))
        return _decrypted(row.private_key_encrypted, secrets)
    key = signing_key()
    if credentials.public_key_multibase(key.public_key()) != row.public_key_multibase:
        raise SigningKeyUnavailable(
            f"LMS_CERTIFICATE_SIGNING_KEY (or its file) is not {row.fragment}, the key "
            "published for it; restore that key, or run rotate_certificate_key to sign with "
            "a new one"
        )
    return key


def private_key_encrypt(key: Ed25519PrivateKey) -> str:
    pem = credentials.private_key_to_pem(key).encode()
    return _fernet(settings.SECRET_KEY).encrypt(pem).decode()


@lru_cache(maxsize=16)
def _decrypted(token: str, secrets: tuple[str, ...]) -> Ed25519PrivateKey:
    for candidate in secrets:
        try:
            pem = _fernet(candidate).decrypt(token.encode())
        except InvalidToken:
            continue
        return credentials.private_key_from_text(pem.decode())
    raise SigningKeyUnavailable(
        "a certificate signing key cannot be decrypted: SECRET_KEY changed (put the old one "
        "in SECRET_KEY_FALLBACKS)"
    )


def _fernet(secret: str) -> Fernet:
    digest = salted_hmac(
        "certificates.SigningKey", "private key", secret=secret, algorithm="sha256"
    ).digest()
    return Fernet(base64.urlsafe_b64encode(digest))


# --- identifiers ---------------------------------------------------------------------------


def issuer_id() -> str:
    return conf.issuer_id()


def key_id(row: SigningKey) -> str:
    return f"{issuer_id()}#{row.fragment}"


def legacy_key_id() -> str:
    """Key 1's id in credentials issued before the DID (see the module's docstring)."""
    return conf.base_url() + reverse("certificates:issuer") + "#key-1"


def public_keys() -> dict[str, Ed25519PublicKey]:
    """Every published key by its verification method id, for checking a credential."""
    keys = {
        key_id(row): credentials.public_key_from_multibase(row.public_key_multibase)
        for row in keys_published()
    }
    first = keys.get(f"{issuer_id()}#key-1")
    if first is not None:
        keys[legacy_key_id()] = first
    return keys


def did_document() -> dict:
    return credentials.did_document(
        did=issuer_id(),
        keys=[(key_id(row), row.public_key_multibase) for row in keys_published()],
    )


def status_list_url() -> str:
    return conf.base_url() + reverse("certificates:status_list")


def verify_url(code: str) -> str:
    return conf.base_url() + reverse("certificates:verify", args=[code])


def achievement_url(slug: str) -> str:
    return conf.base_url() + reverse("certificates:achievement", args=[slug])


def achievement_image_url(slug: str) -> str:
    return conf.base_url() + reverse("certificates:achievement_image", args=[slug])
