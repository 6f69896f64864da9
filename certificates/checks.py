"""System checks of the certificate settings (ids certificates.E001…)."""

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


@register(deploy=True)
def check_signing_key_in_production(app_configs, **kwargs):
    """Every host must sign with the same key, or credentials signed by one host fail on the
    issuer profile another host publishes: production sets the key, not a generated file."""
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
