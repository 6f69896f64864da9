"""The certificates app's settings, with their defaults in one place (all `LMS_CERTIFICATE_*`).

LMS_CERTIFICATE_FONT          path to a Unicode TrueType font; empty: DejaVu Sans from the
                              system (a system check errors when neither is found)
LMS_CERTIFICATE_SIGNING_KEY   Ed25519 key for the Open Badges credentials: PEM, or the
                              32-byte seed in hex or base64; empty: read from (or, the
                              first time, generated into) LMS_CERTIFICATE_SIGNING_KEY_FILE
LMS_CERTIFICATE_SIGNING_KEY_FILE  default var/certificate-signing-key.pem
LMS_CERTIFICATE_ISSUER_ID     the issuer's identifier in credentials: a did:web DID, whose
                              document this app serves at /.well-known/did.json; empty: made
                              from the host of LMS_BASE_URL (did:web:leren.example.nl). Set
                              it, and it stays when LMS_BASE_URL changes
LMS_CERTIFICATE_ISSUER_NAME   the issuing organisation in credentials and on the page
LMS_CERTIFICATE_ISSUER_URL    its website
LMS_CERTIFICATE_VERIFY_RATE   verification requests allowed per client and minute
LMS_CERTIFICATE_STATUS_LIST_SIZE  bits in the revocation list (at least 131072)
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import quote, urlsplit

from django.conf import settings

from courses import conf as courses_conf

DEFAULTS = {
    "LMS_CERTIFICATE_FONT": "",
    "LMS_CERTIFICATE_SIGNING_KEY": "",
    "LMS_CERTIFICATE_SIGNING_KEY_FILE": "",
    "LMS_CERTIFICATE_ISSUER_ID": "",
    "LMS_CERTIFICATE_ISSUER_NAME": "NVVB / PublieksAcademie",
    "LMS_CERTIFICATE_ISSUER_URL": "https://www.nvvb.nl",
    "LMS_CERTIFICATE_VERIFY_RATE": 30,
    "LMS_CERTIFICATE_STATUS_LIST_SIZE": 131072,
}


def get(name: str):
    value = getattr(settings, name, None)
    if value in (None, "") and name in DEFAULTS:
        return DEFAULTS[name]
    return value


def signing_key_file():
    configured = get("LMS_CERTIFICATE_SIGNING_KEY_FILE")
    if configured:
        return Path(configured)
    return Path(settings.VAR_DIR) / "certificate-signing-key.pem"


def base_url() -> str:
    return settings.LMS_BASE_URL.rstrip("/")


def issuer_id() -> str:
    """LMS_CERTIFICATE_ISSUER_ID, or did:web of LMS_BASE_URL's host (a port as %3A, as the
    did:web method spells it)."""
    configured = (get("LMS_CERTIFICATE_ISSUER_ID") or "").strip()
    if configured:
        return configured
    host = urlsplit(base_url()).netloc.rsplit("@", 1)[-1].lower()
    return "did:web:" + quote(host, safe=".-")


def learner_home_url() -> str:
    """The learner's home page as an absolute URL, for e-mails: where courses' setting
    LMS_LEARNER_HOME_URL points (the project's dashboard)."""
    url = courses_conf.learner_home_url()
    return url if urlsplit(url).scheme else base_url() + url
