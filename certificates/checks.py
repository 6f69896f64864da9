"""System checks of the certificate settings (ids certificates.E001…)."""

import re

from django.core.checks import Error, Warning, register

from . import conf, credentials, pdf


@register()
def check_font(app_configs, **kwargs):
    configured = conf.get("LMS_CERTIFICATE_FONT") or ""
    if pdf.find_font(configured) is not None:
        return []
    where = configured or ", ".join(pdf.FONT_CANDIDATES)
    return [
        Error(
            f"No Unicode TrueType font for certificates (looked at {where}).",
            hint="Install DejaVu Sans (Debian: apt-get install fonts-dejavu-core) or set "
            "LMS_CERTIFICATE_FONT to the path of a .ttf file.",
            id="certificates.E001",
        )
    ]


@register()
def check_signing_key(app_configs, **kwargs):
    configured = conf.get("LMS_CERTIFICATE_SIGNING_KEY") or ""
    if not configured:
        return []
    try:
        credentials.private_key_from_text(configured)
    except ValueError as exc:
        return [
            Error(
                f"LMS_CERTIFICATE_SIGNING_KEY is not a usable Ed25519 key: {exc}.",
                hint="Give a PEM (PKCS#8) Ed25519 private key or its 32-byte seed in hex.",
                id="certificates.E002",
            )
        ]
    return []


@register()
def check_verify_rate(app_configs, **kwargs):
    try:
        ok = int(conf.get("LMS_CERTIFICATE_VERIFY_RATE")) > 0
    except (TypeError, ValueError):
        ok = False
    if ok:
        return []
    return [
        Error(
            "LMS_CERTIFICATE_VERIFY_RATE must be a whole number above 0.",
            id="certificates.E003",
        )
    ]


DID_WEB = re.compile(r"^did:web:[a-z0-9]([a-z0-9.-]*[a-z0-9])?(%3a[0-9]{1,5})?$", re.IGNORECASE)


@register()
def check_issuer_id(app_configs, **kwargs):
    """The issuer is a did:web DID of a host (the app serves its document at
    /.well-known/did.json, the only place a did:web without a path resolves to)."""
    issuer = conf.issuer_id()
    if DID_WEB.match(issuer):
        return []
    given = "LMS_CERTIFICATE_ISSUER_ID" if conf.get("LMS_CERTIFICATE_ISSUER_ID") else "LMS_BASE_URL"
    return [
        Error(
            f"The certificate issuer {issuer!r} (from {given}) is not a did:web DID of a host.",
            hint="Set LMS_CERTIFICATE_ISSUER_ID to did:web:<host>, e.g. did:web:leren.example.nl "
            "(a port as %3A: did:web:localhost%3A8000), without a path.",
            id="certificates.E004",
        )
    ]


@register(deploy=True)
def check_signing_key_in_production(app_configs, **kwargs):
    """Every host must sign with the same key, or credentials signed by one host fail on the
    DID document another host publishes: production sets the key, not a generated file."""
    if conf.get("LMS_CERTIFICATE_SIGNING_KEY"):
        return []
    return [
        Warning(
            "LMS_CERTIFICATE_SIGNING_KEY is not set: each host generates its own signing key.",
            hint="Set LMS_CERTIFICATE_SIGNING_KEY to one Ed25519 key (PEM or 32-byte hex seed) "
            "on every host.",
            id="certificates.W001",
        )
    ]
