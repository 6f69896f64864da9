"""An independent verifier accepts our credentials: Digital Bazaar's `@digitalbazaar/vc` with
the eddsa-rdfc-2022 cryptosuite and the Bitstring Status List checker, run in Node against
credentials the live test server issued. Its document loader serves only the W3C/1EdTech
contexts from our files and fetches the issuer's DID document, key and status list over HTTP
from the server, as published (did:web mapped to the test server's http URL).

The npm packages (pinned in tests/certificates/node/package-lock.json) are installed once into
var/node/, and again only when the lock file changes."""

from __future__ import annotations

import copy
import fcntl
import hashlib
import json
import shutil
import subprocess
from pathlib import Path

import pytest

from certificates import credentials, services, signing
from tests import services as test_services

from .factories import issued_certificate

pytestmark = pytest.mark.django_db(transaction=True)

HERE = Path(__file__).resolve().parent / "node"
ROOT = Path(__file__).resolve().parents[2]
INSTALL = ROOT / "var" / "node" / "certificate-verifier"


def _unavailable(reason: str) -> None:
    if test_services.required():
        pytest.fail(f"{reason}, and LMS_REQUIRE_SERVICES=1 requires it.", pytrace=False)
    pytest.skip(reason)


@pytest.fixture(scope="session")
def verifier() -> Path:
    """The folder with the installed packages and the script: `npm ci` when the lock changed
    (under a file lock, so two test processes do not install at once)."""
    node, npm = shutil.which("node"), shutil.which("npm")
    if not node or not npm:
        _unavailable("node and npm are needed for the independent verifier test")
    INSTALL.mkdir(parents=True, exist_ok=True)
    lock = (HERE / "package-lock.json").read_bytes()
    stamp = INSTALL / ".installed"
    wanted = hashlib.sha256(lock + (HERE / "package.json").read_bytes()).hexdigest()
    with open(INSTALL / ".lock", "w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        if not (stamp.exists() and stamp.read_text() == wanted):
            for name in ("package.json", "package-lock.json"):
                shutil.copyfile(HERE / name, INSTALL / name)
            done = subprocess.run(
                [npm, "ci", "--no-audit", "--no-fund", "--loglevel=error"],
                cwd=INSTALL,
                capture_output=True,
                text=True,
                timeout=300,
            )
            if done.returncode != 0:
                _unavailable(f"npm ci failed: {done.stderr.strip()[-500:]}")
            stamp.write_text(wanted)
        shutil.copyfile(HERE / "verify.mjs", INSTALL / "verify.mjs")
    return INSTALL


def run_verifier(folder: Path, origin: str, cases: dict[str, dict]) -> dict:
    contexts = {
        url: str(credentials.JSONLD_DIR / name) for url, name in credentials.LOCAL_CONTEXTS.items()
    }
    done = subprocess.run(
        ["node", "verify.mjs"],
        cwd=folder,
        input=json.dumps({"contexts": contexts, "origin": origin, "credentials": cases}),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


@pytest.fixture
def live_issuer(live_server, settings):
    """Credentials name the live server: its URL is the base URL, its host the did:web."""
    settings.LMS_BASE_URL = live_server.url
    settings.LMS_CERTIFICATE_ISSUER_ID = ""
    return live_server.url


def rendered(certificate):
    services.certificate_render(certificate_id=certificate.pk)
    certificate.refresh_from_db()
    return certificate


ACCEPTED = {"verified": True, "statusChecked": True, "revoked": False, "accepted": True}


def test_a_fresh_credential_verifies_with_its_status_a_tampered_or_revoked_one_does_not(
    verifier, live_issuer
):
    """Also across a key rotation: one signed with key 1 before it still verifies."""
    before = rendered(issued_certificate(first_name="Ödön", last_name="Ősz"))
    services.signing_key_rotate()
    edition = before.enrollment.edition
    fresh = rendered(issued_certificate(edition, first_name="Henriëtte", last_name="Nienhuis"))
    revoked = rendered(issued_certificate(edition, first_name="Şahin", last_name="Yılmaz"))
    services.certificate_revoke(certificate=revoked, by=None, reason="Fraude bij het examen.")
    tampered = copy.deepcopy(fresh.credential)
    tampered["credentialSubject"]["identifier"][0]["identityHash"] = "Henriëtte Nienhuiz"
    cases = {
        "before_rotation": before.credential,
        "fresh": fresh.credential,
        "tampered": tampered,
        "revoked": revoked.credential,
    }
    for document in cases.values():
        assert credentials.schema_errors(document) == []
    did = signing.issuer_id()
    assert did.startswith("did:web:localhost%3A")
    assert before.credential["proof"][0]["verificationMethod"] == did + "#key-1"
    assert fresh.credential["proof"][0]["verificationMethod"] == did + "#key-2"

    result = run_verifier(verifier, live_issuer, cases)

    assert result["fresh"] == {**ACCEPTED, "errors": []}
    assert result["before_rotation"] == {**ACCEPTED, "errors": []}
    assert not result["tampered"]["verified"]
    assert not result["tampered"]["accepted"]
    assert result["revoked"]["verified"] and result["revoked"]["statusChecked"]
    assert result["revoked"]["revoked"]
    assert not result["revoked"]["accepted"]
    # The keys came from the published DID document and the status list over HTTP.
    assert live_issuer + "/.well-known/did.json" in result["_fetched"]
    assert signing.status_list_url() in result["_fetched"]
