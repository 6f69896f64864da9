"""Checking a credential someone pasted or uploaded: well-formed, signed by us, not revoked."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import datetime

from django.utils.dateparse import parse_datetime

from . import credentials, signing
from .models import Certificate

VALID = "valid"
REVOKED = "revoked"
REPLACED = "replaced"
INVALID = "invalid"


@dataclass
class CredentialCheck:
    state: str
    problems: list[str] = field(default_factory=list)
    name: str = ""
    course: str = ""
    issuer: str = ""
    issued_at: datetime | None = None
    revoked_at: datetime | None = None


def credential_check(text: str) -> CredentialCheck:
    try:
        document = json.loads(text)
    except (ValueError, RecursionError):
        return CredentialCheck(INVALID, ["json"])
    if not isinstance(document, dict):
        return CredentialCheck(INVALID, ["json"])
    problems = []
    # The schema allows extra properties, so a term no context defines passes it: the proof
    # check (credentials.verify) is what refuses those, as "undefined".
    if credentials.schema_errors(document):
        problems.append("schema")
    result = credentials.verify(document, public_keys=signing.public_keys())
    if result.undefined_terms:
        problems.append("undefined")
    elif not result.ok:
        problems.append("signature")
    if problems:
        return CredentialCheck(INVALID, problems)
    subject = document.get("credentialSubject") or {}
    identity = next(
        (
            item.get("identityHash", "")
            for item in subject.get("identifier") or []
            if isinstance(item, dict) and item.get("identityType") == "name"
        ),
        "",
    )
    check = CredentialCheck(
        VALID,
        name=identity,
        course=(subject.get("achievement") or {}).get("name", ""),
        issuer=(document.get("issuer") or {}).get("name", ""),
        issued_at=parse_datetime(document.get("validFrom", "")),
    )
    code = str(document.get("id", "")).rstrip("/").rsplit("/", 1)[-1]
    certificate = (
        Certificate.objects.filter(verification_code=code).only("status", "revoked_at").first()
    )
    if certificate is None:
        return CredentialCheck(INVALID, ["unknown"])
    if certificate.status == Certificate.Status.REVOKED:
        check.state, check.revoked_at = REVOKED, certificate.revoked_at
    elif certificate.status == Certificate.Status.REPLACED:
        check.state = REPLACED
    elif certificate.status != Certificate.Status.ISSUED:
        return CredentialCheck(INVALID, ["unknown"])
    return check
