"""The issuer's Ed25519 key, its published identifiers, and the URLs credentials point to."""

from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from django.urls import reverse

from . import conf, credentials


def signing_key() -> Ed25519PrivateKey:
    """The key from LMS_CERTIFICATE_SIGNING_KEY; without it the one in the key file, which is
    generated (mode 0600) the first time it is needed, as on a fresh demo."""
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


def issuer_id() -> str:
    return conf.base_url() + reverse("certificates:issuer")


def key_id() -> str:
    return issuer_id() + "#key-1"


def public_keys() -> dict[str, Ed25519PublicKey]:
    return {key_id(): signing_key().public_key()}


def status_list_url() -> str:
    return conf.base_url() + reverse("certificates:status_list")


def verify_url(code: str) -> str:
    return conf.base_url() + reverse("certificates:verify", args=[code])


def achievement_url(slug: str) -> str:
    return conf.base_url() + reverse("certificates:achievement", args=[slug])
