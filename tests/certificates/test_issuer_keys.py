"""The issuer's did:web identity, its keys and their rotation, and what a credential says about
its holder and achievement."""

from __future__ import annotations

import hashlib
import io
import json

import pytest
from django.core.management import call_command
from django.urls import reverse
from PIL import Image

from certificates import checks, credentials, services, signing, verification
from certificates.models import SigningKey, StatusList
from tests import factories as f

from .factories import issued_certificate

pytestmark = pytest.mark.django_db

BASE = "https://leren.example.nl"


@pytest.fixture(autouse=True)
def _base_url(settings):
    settings.LMS_BASE_URL = BASE
    settings.LMS_CERTIFICATE_ISSUER_ID = ""


def rendered(**kwargs):
    certificate = issued_certificate(**kwargs)
    services.certificate_render(certificate_id=certificate.pk)
    certificate.refresh_from_db()
    return certificate


def method_of(document: dict) -> str:
    return document["proof"][0]["verificationMethod"]


# --- the issuer's identifier ----------------------------------------------------------------


def test_the_issuer_is_the_did_web_of_the_base_urls_host_with_the_port_encoded(settings):
    assert signing.issuer_id() == "did:web:leren.example.nl"
    settings.LMS_BASE_URL = "http://localhost:8000"
    assert signing.issuer_id() == "did:web:localhost%3A8000"


def test_a_configured_issuer_keeps_its_identifier_and_keys_when_the_base_url_changes(
    settings, client
):
    settings.LMS_CERTIFICATE_ISSUER_ID = "did:web:certificaten.nvvb.nl"
    certificate = rendered()
    document = certificate.credential
    assert document["issuer"]["id"] == "did:web:certificaten.nvvb.nl"
    assert method_of(document) == "did:web:certificaten.nvvb.nl#key-1"

    settings.LMS_BASE_URL = "https://academie.example.org"
    did = client.get("/.well-known/did.json").json()
    assert did["id"] == "did:web:certificaten.nvvb.nl"
    assert did["assertionMethod"] == ["did:web:certificaten.nvvb.nl#key-1"]
    assert credentials.verify(document, public_keys=signing.public_keys()).ok
    status_list = client.get("/certificates/status/revocation/").json()
    assert status_list["issuer"] == document["issuer"]["id"]
    assert method_of(status_list) == method_of(document)


@pytest.mark.parametrize(
    ("issuer_id", "ok"),
    [
        ("did:web:leren.example.nl", True),
        ("did:web:localhost%3A8000", True),
        ("https://leren.example.nl/certificates/issuer/", False),
        ("did:web:leren.example.nl:certificates:issuer", False),
        ("did:key:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK", False),
        ("did:web:", False),
    ],
)
def test_the_system_check_accepts_only_a_did_web_of_a_host(settings, issuer_id, ok):
    settings.LMS_CERTIFICATE_ISSUER_ID = issuer_id
    errors = checks.check_issuer_id(None)
    assert (errors == []) is ok
    if not ok:
        assert errors[0].id == "certificates.E004"


def test_the_did_document_is_public_json_ld_in_one_query(client, django_assert_max_num_queries):
    signing.keys_published()
    with django_assert_max_num_queries(1):
        response = client.get("/.well-known/did.json")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/did+ld+json"
    assert response["Access-Control-Allow-Origin"] == "*"
    # Every term is defined by its contexts (nothing would be dropped by a verifier).
    credentials.expand_safely(response.json())


# --- rotation -------------------------------------------------------------------------------


def test_after_rotation_new_credentials_use_the_new_key_and_old_ones_still_verify(client):
    before = rendered(first_name="Henriëtte", last_name="Nienhuis")
    assert method_of(before.credential) == "did:web:leren.example.nl#key-1"

    out = io.StringIO()
    call_command("rotate_certificate_key", stdout=out)
    assert "did:web:leren.example.nl#key-2" in out.getvalue()

    after = rendered(first_name="Şahin", last_name="Yılmaz")
    assert method_of(after.credential) == "did:web:leren.example.nl#key-2"
    keys = signing.public_keys()
    assert credentials.verify(before.credential, public_keys=keys).ok
    assert credentials.verify(after.credential, public_keys=keys).ok
    for certificate in (before, after):
        check = verification.credential_check(json.dumps(certificate.credential))
        assert check.state == verification.VALID, check.problems

    did = client.get("/.well-known/did.json").json()
    assert (
        [m["id"] for m in did["verificationMethod"]]
        == did["assertionMethod"]
        == [
            "did:web:leren.example.nl#key-1",
            "did:web:leren.example.nl#key-2",
        ]
    )
    first, second = SigningKey.objects.order_by("number")
    assert first.retired_at is not None and second.retired_at is None
    # The revocation list is re-signed with the new key.
    assert method_of(StatusList.objects.get().credential) == "did:web:leren.example.nl#key-2"


def test_a_rotated_key_is_stored_encrypted_and_read_with_the_old_secret_as_fallback(settings):
    row = services.signing_key_rotate()
    assert "PRIVATE KEY" not in row.private_key_encrypted
    signed_with = signing.current_key().private_key.public_key()
    assert credentials.public_key_multibase(signed_with) == row.public_key_multibase

    old_secret = settings.SECRET_KEY
    settings.SECRET_KEY = "a-new-secret-key-" + "x" * 40
    settings.SECRET_KEY_FALLBACKS = [old_secret]
    assert signing.current_key().id.endswith("#key-2")
    settings.SECRET_KEY_FALLBACKS = []
    with pytest.raises(signing.SigningKeyUnavailable):
        signing.current_key()


def test_a_changed_configured_key_is_refused_instead_of_signing_with_an_unpublished_key(
    settings,
):
    signing.keys_published()
    settings.LMS_CERTIFICATE_SIGNING_KEY = "11" * 32
    with pytest.raises(signing.SigningKeyUnavailable, match="key-1"):
        signing.current_key()


def test_a_credential_issued_before_the_did_still_passes_the_verification_page(client):
    """Before the DID the issuer was …/certificates/issuer/ and the key …/issuer/#key-1."""
    certificate = rendered()
    legacy_issuer = BASE + reverse("certificates:issuer")
    document = {k: v for k, v in certificate.credential.items() if k != "proof"}
    document["issuer"] = {**document["issuer"], "id": legacy_issuer}
    old = credentials.sign(
        document,
        key=signing.signing_key(),
        verification_method=legacy_issuer + "#key-1",
        created=certificate.issued_at,
    )
    services.signing_key_rotate()
    assert verification.credential_check(json.dumps(old)).state == verification.VALID
    response = client.post(
        reverse("certificates:verify_credential"), {"credential": json.dumps(old)}
    )
    assert response.status_code == 200
    assert response.context["check"].state == verification.VALID


# --- holder and achievement ------------------------------------------------------------------


def test_the_holder_is_named_and_identified_by_a_salted_hash_of_the_email():
    certificate = rendered(first_name="Ελένη", last_name="Παπαδοπούλου")
    learner = certificate.enrollment.learner
    learner_email = learner.email
    document = certificate.credential
    name, email = document["credentialSubject"]["identifier"]
    assert name == {
        "type": "IdentityObject",
        "hashed": False,
        "identityHash": "Ελένη Παπαδοπούλου",
        "identityType": "name",
    }
    assert email["type"] == "IdentityObject"
    assert email["hashed"] is True
    assert email["identityType"] == "emailAddress"
    assert len(email["salt"]) == 32
    expected = hashlib.sha256((learner_email.lower() + email["salt"]).encode()).hexdigest()
    assert email["identityHash"] == "sha256$" + expected
    assert learner_email.lower() not in json.dumps(document).lower()
    assert credentials.schema_errors(document) == []


def test_each_certificate_has_its_own_salt():
    first, other = rendered(), rendered()
    salts = {c.credential["credentialSubject"]["identifier"][1]["salt"] for c in (first, other)}
    assert len(salts) == 2


def test_the_achievement_has_a_badge_and_a_real_sentence(client):
    certificate = rendered()
    achievement = certificate.credential["credentialSubject"]["achievement"]
    slug = certificate.enrollment.edition.course.slug
    assert achievement["image"] == {
        "id": BASE + f"/certificates/achievements/{slug}/badge.png",
        "type": "Image",
        "caption": certificate.course_title,
    }
    description = achievement["description"]
    assert "Hierbij verklaren wij" not in description and "…" not in description
    assert certificate.course_title in description
    assert certificate.issuer_name in description
    for module in certificate.modules:
        assert module in description

    client.logout()
    response = client.get(f"/certificates/achievements/{slug}/badge.png")
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    image = Image.open(io.BytesIO(response.content))
    assert image.format == "PNG" and image.size == (400, 400)
    published = client.get(f"/certificates/achievements/{slug}/").json()
    assert published["image"]["id"] == achievement["image"]["id"]
    assert published["description"] == description


def test_a_course_without_a_certificate_has_no_badge(client):
    course = f.build_course(lessons_per_module=1, modules=1)
    assert client.get(f"/certificates/achievements/{course.slug}/badge.png").status_code == 404
    assert client.get("/certificates/achievements/geen-cursus/badge.png").status_code == 404


def test_the_admin_lists_the_keys_without_a_way_to_add_change_or_delete_them(client):
    row = services.signing_key_rotate()
    client.force_login(f.AdminFactory())
    page = client.get(reverse("admin:certificates_signingkey_changelist"))
    assert page.status_code == 200
    html = page.content.decode()
    assert row.public_key_multibase in html and "key-1" in html
    assert client.get(reverse("admin:certificates_signingkey_add")).status_code == 403
    change = reverse("admin:certificates_signingkey_change", args=[row.pk])
    assert client.post(change, {"retired_at": ""}).status_code == 403
    delete = reverse("admin:certificates_signingkey_delete", args=[row.pk])
    assert client.post(delete, {"post": "yes"}).status_code == 403
    assert SigningKey.objects.count() == 2
    assert SigningKey.objects.get(pk=row.pk).private_key_encrypted not in html
