"""Open Badges 3.0: schema-valid, signed with eddsa-rdfc-2022, tamper-evident, revocable."""

import copy
import json
from datetime import UTC, datetime

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from jsonschema import Draft201909Validator
from pyld import jsonld

from certificates import credentials, services, signing
from certificates.models import StatusList

from .factories import issued_certificate

SHARED_SCHEMA = credentials.JSONLD_DIR.parents[1].parent / "shared/conformance/openbadges"


def sample(**overrides) -> dict:
    values = dict(
        id="https://leren.example.nl/verify/abc/",
        name="Henriëtte Nienhuis",
        course_title="Vaardigheidsmodule Dienstverlening",
        description="Hierbij verklaren wij dat … met goed gevolg heeft afgerond",
        criteria="Examen gehaald.",
        achievement_id="https://leren.example.nl/certificates/achievements/dienstverlening/",
        issuer_id="https://leren.example.nl/certificates/issuer/",
        issuer_name="NVVB / PublieksAcademie",
        issuer_url="https://www.nvvb.nl",
        issued_at=datetime(2026, 10, 4, 12, 0, tzinfo=UTC),
        serial="DV-2026-000123",
        status_list_url="https://leren.example.nl/certificates/status/revocation/",
        status_index=7,
    )
    values.update(overrides)
    return credentials.open_badge_credential(credentials.CredentialData(**values))


KEY = Ed25519PrivateKey.from_private_bytes(bytes(range(32)))
METHOD = "https://leren.example.nl/certificates/issuer/#key-1"


def signed(document: dict) -> dict:
    return credentials.sign(
        document, key=KEY, verification_method=METHOD, created=datetime(2026, 10, 4, tzinfo=UTC)
    )


def test_the_shipped_contexts_and_schema_are_the_conformance_files():
    if not SHARED_SCHEMA.is_dir():
        pytest.skip("shared/conformance is not next to the project")
    for name in (
        "context-3.0.3.json",
        "credentials-v2.jsonld",
        "ob_v3p0_achievementcredential_schema.json",
    ):
        assert (credentials.JSONLD_DIR / name).read_bytes() == (SHARED_SCHEMA / name).read_bytes()


def test_a_signed_credential_is_valid_against_the_official_schema():
    document = signed(sample())
    schema = json.loads(credentials.SCHEMA_FILE.read_text())
    errors = list(Draft201909Validator(schema).iter_errors(document))
    assert errors == []
    assert document["proof"][0]["cryptosuite"] == "eddsa-rdfc-2022"
    assert document["proof"][0]["type"] == "DataIntegrityProof"


def test_the_signature_verifies():
    result = credentials.verify(signed(sample()), public_keys={METHOD: KEY.public_key()})
    assert result.ok, result.reason


def test_one_letter_changed_in_the_name_fails_verification():
    document = signed(sample())
    forged = copy.deepcopy(document)
    forged["credentialSubject"]["identifier"][0]["identityHash"] = "Henriëtte Nienhuiz"
    result = credentials.verify(forged, public_keys={METHOD: KEY.public_key()})
    assert not result.ok
    assert result.reason == "signature does not match"


def test_another_key_does_not_verify():
    other = Ed25519PrivateKey.generate().public_key()
    assert not credentials.verify(signed(sample()), public_keys={METHOD: other}).ok


def test_contexts_come_from_local_files_and_nothing_else_is_loaded():
    assert credentials.document_loader(credentials.VC_CONTEXT)["document"]["@context"]
    with pytest.raises(jsonld.JsonLdError):
        credentials.document_loader("https://example.org/evil-context.jsonld")
    document = signed(sample())
    document["@context"].append("https://example.org/evil-context.jsonld")
    assert not credentials.verify(document, public_keys={METHOD: KEY.public_key()}).ok


def test_multikey_round_trip():
    value = credentials.public_key_multibase(KEY.public_key())
    assert value.startswith("z6Mk")
    assert (
        credentials.public_key_from_multibase(value).public_bytes_raw()
        == KEY.public_key().public_bytes_raw()
    )


def test_status_list_bits():
    encoded = credentials.encode_status_list([0, 7, 131071])
    assert encoded.startswith("u")
    assert credentials.status_list_bit(encoded, 7)
    assert credentials.status_list_bit(encoded, 131071)
    assert not credentials.status_list_bit(encoded, 8)


@pytest.mark.django_db
def test_an_issued_certificate_carries_a_valid_signed_credential():
    certificate = issued_certificate(first_name="Ελένη", last_name="Παπαδοπούλου")
    services.certificate_render(certificate_id=certificate.pk)
    certificate.refresh_from_db()
    document = certificate.credential
    assert credentials.schema_errors(document) == []
    assert credentials.verify(document, public_keys=signing.public_keys()).ok
    assert document["credentialSubject"]["identifier"][0]["identityHash"] == "Ελένη Παπαδοπούλου"
    assert document["id"] == signing.verify_url(certificate.verification_code)
    status = document["credentialStatus"]
    assert status["statusListCredential"] == signing.status_list_url()
    assert int(status["statusListIndex"]) == certificate.status_index


@pytest.mark.django_db
def test_a_revoked_certificates_bit_is_set_in_the_signed_status_list(client):
    keep = issued_certificate()
    revoke = issued_certificate(keep.enrollment.edition)
    services.certificate_revoke(certificate=revoke, by=None, reason="Fraude bij het examen.")
    response = client.get("/certificates/status/revocation/")
    assert response.status_code == 200
    status_list = response.json()
    assert credentials.verify(status_list, public_keys=signing.public_keys()).ok
    encoded = status_list["credentialSubject"]["encodedList"]
    assert credentials.status_list_bit(encoded, revoke.status_index)
    assert not credentials.status_list_bit(encoded, keep.status_index)
    assert StatusList.objects.get().version == 1


@pytest.mark.django_db
def test_the_did_document_publishes_the_public_key_and_the_profile_names_the_did(client, settings):
    settings.LMS_BASE_URL = "https://leren.example.nl"
    document = client.get("/.well-known/did.json").json()
    assert document["@context"] == [credentials.DID_CONTEXT, credentials.MULTIKEY_CONTEXT]
    assert document["id"] == signing.issuer_id() == "did:web:leren.example.nl"
    method = document["verificationMethod"][0]
    assert method["type"] == "Multikey"
    assert method["id"] == "did:web:leren.example.nl#key-1" == signing.current_key().id
    assert method["controller"] == document["id"]
    assert document["assertionMethod"] == [method["id"]]
    key = credentials.public_key_from_multibase(method["publicKeyMultibase"])
    assert key.public_bytes_raw() == signing.signing_key().public_key().public_bytes_raw()
    profile = client.get("/certificates/issuer/").json()
    assert profile["id"] == document["id"]
    assert profile["type"] == ["Profile"]
