"""A term no context defines is dropped by JSON-LD before signing, so a credential that carries
one is refused instead of shown as genuine (PyLD ignores the `safe` option)."""

import copy
import json
from datetime import UTC, datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from pyld import jsonld

from certificates import credentials, services, verification
from tests.a11y import problems

from .factories import issued_certificate
from .test_credentials import KEY, METHOD, sample, signed


def small(**extra) -> dict:
    return {
        "@context": [credentials.VC_CONTEXT],
        "id": "https://leren.example.nl/verify/abc/",
        "type": ["VerifiableCredential"],
        "credentialSubject": [{"id": "https://leren.example.nl/learners/1"}],
        **extra,
    }


def undefined_in(document: dict) -> list[str]:
    with pytest.raises(credentials.UndefinedTerms) as raised:
        credentials.expand_safely(document)
    return raised.value.terms


def test_a_document_whose_terms_are_all_defined_expands():
    assert credentials.expand_safely(small(name="Dienstverlening"))


def test_an_undefined_key_at_the_top_level_is_named():
    assert undefined_in(small(grade="cum laude")) == ["grade"]


def test_an_undefined_key_in_an_object_inside_an_array_is_named():
    document = small()
    document["credentialSubject"][0]["grade"] = "cum laude"
    assert undefined_in(document) == ["grade"]


def test_keyword_like_and_blank_node_keys_are_undefined_too():
    assert len(undefined_in(small(**{"@grade": "cum laude"}))) == 1
    assert undefined_in(small(**{"_:grade": "cum laude"})) == ["_:grade"]
    with_context = small(grade="cum laude")
    with_context["@context"] = [credentials.VC_CONTEXT, {"grade": "_:grade"}]
    assert undefined_in(with_context) == ["_:grade"]


def test_keys_inside_a_json_typed_value_are_data_not_terms():
    document = small(
        credentialSchema={
            "id": "https://leren.example.nl/schema/",
            "type": "JsonSchema",
            "jsonSchema": {"grade": "cum laude", "_:x": 1},
        }
    )
    assert credentials.expand_safely(document)


def test_the_canonical_form_of_a_clean_document_is_what_it_always_was():
    """Credentials issued before this check must keep verifying."""
    status_list = credentials.status_list_credential(
        url="https://leren.example.nl/certificates/status/revocation/",
        issuer_id="https://leren.example.nl/certificates/issuer/",
        encoded_list=credentials.encode_status_list([3]),
        valid_from=datetime(2026, 10, 4, tzinfo=UTC),
    )
    for document in (sample(), sample(status_index=None), status_list):
        plain = jsonld.normalize(
            document,
            {
                "algorithm": "URDNA2015",
                "format": "application/n-quads",
                "documentLoader": credentials.document_loader,
            },
        )
        assert credentials.canonicalize(document) == plain


def test_nothing_with_an_undefined_term_can_be_signed():
    with pytest.raises(credentials.UndefinedTerms):
        signed({**sample(), "grade": "cum laude"})


@pytest.mark.parametrize("where", ["credential", "achievement", "proof"])
def test_verify_refuses_a_signed_credential_with_an_added_grade(where):
    document = signed(sample())
    assert credentials.verify(document, public_keys={METHOD: KEY.public_key()}).ok
    forged = copy.deepcopy(document)
    target = {
        "credential": forged,
        "achievement": forged["credentialSubject"]["achievement"],
        "proof": forged["proof"][0],
    }[where]
    target["grade"] = "cum laude"
    result = credentials.verify(forged, public_keys={METHOD: KEY.public_key()})
    assert not result.ok
    assert result.undefined_terms == ("grade",)


def issued_credential() -> dict:
    certificate = issued_certificate()
    services.certificate_render(certificate_id=certificate.pk)
    certificate.refresh_from_db()
    return certificate.credential


@pytest.mark.django_db
def test_the_check_refuses_an_issued_credential_with_a_grade_added_at_the_top():
    document = issued_credential()
    assert verification.credential_check(json.dumps(document)).state == verification.VALID
    forged = {**document, "grade": "cum laude"}
    assert credentials.schema_errors(forged) == []  # the schema lets it through
    check = verification.credential_check(json.dumps(forged))
    assert check.state == verification.INVALID
    assert check.problems == ["undefined"]


@pytest.mark.django_db
def test_the_check_refuses_an_issued_credential_with_a_grade_added_to_the_achievement():
    forged = issued_credential()
    forged["credentialSubject"]["achievement"]["grade"] = "cum laude"
    assert credentials.schema_errors(forged) == []
    check = verification.credential_check(json.dumps(forged))
    assert check.state == verification.INVALID
    assert check.problems == ["undefined"]


@pytest.mark.django_db
def test_the_verify_page_tells_in_dutch_that_something_was_added(client):
    forged = issued_credential()
    forged["grade"] = "cum laude"
    upload = SimpleUploadedFile("badge.json", json.dumps(forged).encode(), "application/json")
    html = client.post(reverse("certificates:verify_credential"), {"file": upload}).content
    html = html.decode()
    assert "kunnen we niet bevestigen" in html
    assert "niet onder de digitale handtekening vallen" in html
    assert "echt en geldig" not in html
    assert "handtekening klopt niet" not in html
    assert problems(html) == []
