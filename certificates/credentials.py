"""Open Badges 3.0 credentials: build, sign and verify, with plain values in and out.

Signing follows the W3C Data Integrity cryptosuite `eddsa-rdfc-2022`: the proof options and
the credential are each canonicalised with RDFC-1.0 (URDNA2015), hashed with SHA-256, and the
two hashes together are signed with Ed25519. The JSON-LD contexts come from files shipped in
this app: nothing is fetched from the network, ever.
"""

from __future__ import annotations

import base64
import copy
import gzip
import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import cache
from pathlib import Path

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from pyld import jsonld

JSONLD_DIR = Path(__file__).resolve().parent / "jsonld"
VC_CONTEXT = "https://www.w3.org/ns/credentials/v2"
OB_CONTEXT = "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"
MULTIKEY_CONTEXT = "https://w3id.org/security/multikey/v1"
DID_CONTEXT = "https://www.w3.org/ns/did/v1"
# DID v1 and Multikey v1 are the npm packages did-context 3.1.1 and
# @digitalbazaar/multikey-context 2.0.1, byte for byte.
LOCAL_CONTEXTS = {
    VC_CONTEXT: "credentials-v2.jsonld",
    OB_CONTEXT: "context-3.0.3.json",
    DID_CONTEXT: "did-v1.jsonld",
    MULTIKEY_CONTEXT: "multikey-v1.jsonld",
}
SCHEMA_FILE = JSONLD_DIR / "ob_v3p0_achievementcredential_schema.json"
CRYPTOSUITE = "eddsa-rdfc-2022"
ED25519_MULTICODEC = b"\xed\x01"
STATUS_LIST_MIN_BITS = 131072  # 16 KiB: the minimum size the spec recommends, for herd privacy


class ContextNotAvailable(Exception):
    """A credential named a JSON-LD context we do not hold locally (we never fetch one)."""


@cache
def _context_document(url: str) -> dict:
    name = LOCAL_CONTEXTS.get(url)
    if name is None:
        raise ContextNotAvailable(url)
    return json.loads((JSONLD_DIR / name).read_text(encoding="utf-8"))


def document_loader(url: str, options=None) -> dict:
    """pyld's loader, limited to the contexts shipped in `jsonld/`."""
    try:
        document = _context_document(url)
    except ContextNotAvailable as exc:
        raise jsonld.JsonLdError(
            f"Context not available offline: {url}",
            "jsonld.LoadDocumentError",
            code="loading document failed",
        ) from exc
    return {"contextUrl": None, "documentUrl": url, "document": document}


# --- multibase, base58btc ------------------------------------------------------------------

_B58 = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"


def base58btc_encode(data: bytes) -> str:
    number = int.from_bytes(data, "big")
    out = ""
    while number:
        number, rest = divmod(number, 58)
        out = _B58[rest] + out
    return "1" * (len(data) - len(data.lstrip(b"\0"))) + out


def base58btc_decode(text: str) -> bytes:
    number = 0
    for char in text:
        index = _B58.find(char)
        if index < 0:
            raise ValueError("not base58btc")
        number = number * 58 + index
    body = number.to_bytes((number.bit_length() + 7) // 8, "big") if number else b""
    return b"\0" * (len(text) - len(text.lstrip("1"))) + body


def public_key_multibase(public_key: Ed25519PublicKey) -> str:
    raw = public_key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return "z" + base58btc_encode(ED25519_MULTICODEC + raw)


def public_key_from_multibase(value: str) -> Ed25519PublicKey:
    if not value.startswith("z"):
        raise ValueError("not a base58btc multibase value")
    data = base58btc_decode(value[1:])
    if not data.startswith(ED25519_MULTICODEC) or len(data) != 34:
        raise ValueError("not an Ed25519 public key")
    return Ed25519PublicKey.from_public_bytes(data[2:])


# --- keys ----------------------------------------------------------------------------------


def private_key_from_text(text: str) -> Ed25519PrivateKey:
    """A PEM (PKCS#8) key, or the 32-byte seed in base64 / base64url / hex."""
    text = text.strip()
    if text.startswith("-----BEGIN"):
        key = serialization.load_pem_private_key(text.encode(), password=None)
        if not isinstance(key, Ed25519PrivateKey):
            raise ValueError("the PEM key is not an Ed25519 key")
        return key
    for decode in (bytes.fromhex, lambda t: base64.urlsafe_b64decode(t + "=" * (-len(t) % 4))):
        try:
            seed = decode(text)
        except ValueError:
            continue
        if len(seed) == 32:
            return Ed25519PrivateKey.from_private_bytes(seed)
    raise ValueError("expected a PEM Ed25519 key or a 32-byte seed (hex or base64)")


def private_key_to_pem(key: Ed25519PrivateKey) -> str:
    return key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    ).decode()


# --- Data Integrity proof (eddsa-rdfc-2022) ------------------------------------------------


class UndefinedTerms(ValueError):
    """The document has keys its contexts do not define, so no signature covers them."""

    def __init__(self, terms: list[str]):
        super().__init__(", ".join(terms))
        self.terms = terms


def expand_safely(document: dict) -> list:
    """The document expanded with our contexts; raises UndefinedTerms if any key is lost.

    JSON-LD expansion silently drops every key that its contexts do not map to an absolute
    IRI, and RDF drops every property that maps to a blank node; a signature covers only
    what is left. So a `"grade": "cum laude"` added to a signed credential would still
    verify. jsonld.js refuses such a document in its `safe` mode; PyLD has no safe mode (it
    ignores the option) but calls `on_property_dropped` for each key that expansion drops,
    at the point where it drops it, so embedded, scoped and protected contexts, keyword-like
    keys (`@grade`) and `@json` values (which are data, left alone) follow the JSON-LD rules
    exactly. Here every dropped key and every blank-node property counts as undefined.
    """
    dropped: list[str] = []
    expanded = jsonld.expand(
        document,
        {"documentLoader": document_loader},
        on_property_dropped=lambda iri: dropped.append(iri or "(a keyword-like or null term)"),
    )
    dropped += _blank_node_properties(expanded)
    if dropped:
        raise UndefinedTerms(dropped)
    return expanded


def _blank_node_properties(element) -> list[str]:
    if isinstance(element, list):
        return [key for item in element for key in _blank_node_properties(item)]
    if not isinstance(element, dict) or "@value" in element:
        return []
    return [key for key in element if key.startswith("_:")] + [
        key for value in element.values() for key in _blank_node_properties(value)
    ]


def canonicalize(document: dict) -> str:
    """RDFC-1.0 N-Quads of the document; refuses one with undefined terms (see expand_safely),
    so that nothing can be signed or verified that the signature does not cover."""
    return jsonld.normalize(
        expand_safely(document),
        {
            "algorithm": "URDNA2015",
            "format": "application/n-quads",
            "documentLoader": document_loader,
        },
    )


def _hash_data(document: dict, proof_config: dict) -> bytes:
    config = dict(proof_config)
    config["@context"] = document["@context"]
    return (
        hashlib.sha256(canonicalize(config).encode()).digest()
        + hashlib.sha256(canonicalize(document).encode()).digest()
    )


def sign(
    document: dict, *, key: Ed25519PrivateKey, verification_method: str, created: datetime
) -> dict:
    """The document with a DataIntegrityProof added (as a one-item list, as OB 3.0 wants)."""
    unsecured = {k: v for k, v in document.items() if k != "proof"}
    proof = {
        "type": "DataIntegrityProof",
        "cryptosuite": CRYPTOSUITE,
        "created": _iso(created),
        "verificationMethod": verification_method,
        "proofPurpose": "assertionMethod",
    }
    signature = key.sign(_hash_data(unsecured, proof))
    return {**unsecured, "proof": [{**proof, "proofValue": "z" + base58btc_encode(signature)}]}


@dataclass(frozen=True)
class Verification:
    ok: bool
    reason: str = ""
    verification_method: str = ""
    undefined_terms: tuple[str, ...] = ()


def verify(document: dict, *, public_keys: dict[str, Ed25519PublicKey]) -> Verification:
    """Check the document's eddsa-rdfc-2022 proof against the keys we know, by method id."""
    if not isinstance(document, dict):
        return Verification(False, "not a JSON object")
    proofs = document.get("proof")
    proofs = proofs if isinstance(proofs, list) else [proofs] if proofs else []
    proof = next(
        (p for p in proofs if isinstance(p, dict) and p.get("cryptosuite") == CRYPTOSUITE), None
    )
    if proof is None:
        return Verification(False, "no eddsa-rdfc-2022 proof")
    method = proof.get("verificationMethod", "")
    key = public_keys.get(method)
    if key is None:
        return Verification(False, "unknown verification method", method)
    value = proof.get("proofValue", "")
    try:
        signature = base58btc_decode(value[1:]) if value.startswith("z") else b""
        config = {k: v for k, v in proof.items() if k != "proofValue"}
        unsecured = {k: v for k, v in document.items() if k != "proof"}
        key.verify(signature, _hash_data(unsecured, config))
    except InvalidSignature:
        return Verification(False, "signature does not match", method)
    except UndefinedTerms as exc:
        return Verification(False, f"undefined terms: {exc}", method, tuple(exc.terms))
    except (jsonld.JsonLdError, ValueError, TypeError, KeyError) as exc:
        return Verification(False, f"cannot be read: {exc.__class__.__name__}", method)
    return Verification(True, "", method)


def _iso(moment: datetime) -> str:
    return moment.astimezone(UTC).replace(microsecond=0).strftime("%Y-%m-%dT%H:%M:%SZ")


# --- documents -----------------------------------------------------------------------------


@dataclass(frozen=True)
class CredentialData:
    """What an OpenBadgeCredential says, as plain values."""

    id: str
    name: str  # the learner's name as printed
    course_title: str
    description: str
    criteria: str
    achievement_id: str
    issuer_id: str
    issuer_name: str
    issuer_url: str
    issued_at: datetime
    serial: str
    status_list_url: str
    status_index: int | None
    language: str = "nl"
    holder_email: str = ""  # only its salted hash goes into the credential
    holder_salt: str = ""
    achievement_image: str = ""  # URL of the badge PNG


def identity_hash(value: str, salt: str) -> str:
    """OB 3.0's IdentityHash: 'sha256$' and the hex SHA-256 of the value with the salt
    appended, both UTF-8."""
    return "sha256$" + hashlib.sha256((value + salt).encode()).hexdigest()


def email_for_hash(email: str) -> str:
    """The form of an e-mail address that is hashed: trimmed and in lower case, so a wallet
    that hashes its holder's address the same way finds a match."""
    return email.strip().lower()


def open_badge_credential(data: CredentialData) -> dict:
    """The unsigned OpenBadgeCredential (JSON-LD). The holder is named (as printed) and, when
    an e-mail address is known, identified by its salted hash (`hashed`: a wallet matches it
    without the address being published)."""
    identifiers: list[dict] = [
        {
            "type": "IdentityObject",
            "hashed": False,
            "identityHash": data.name,
            "identityType": "name",
        }
    ]
    if data.holder_email:
        identifiers.append(
            {
                "type": "IdentityObject",
                "hashed": True,
                "identityHash": identity_hash(email_for_hash(data.holder_email), data.holder_salt),
                "identityType": "emailAddress",
                "salt": data.holder_salt,
            }
        )
    achievement = {
        "id": data.achievement_id,
        "type": ["Achievement"],
        "achievementType": "Certificate",
        "name": data.course_title,
        "description": data.description,
        "criteria": {"narrative": data.criteria},
        "humanCode": data.serial,
        "inLanguage": data.language,
    }
    if data.achievement_image:
        achievement["image"] = {
            "id": data.achievement_image,
            "type": "Image",
            "caption": data.course_title,
        }
    credential = {
        "@context": [VC_CONTEXT, OB_CONTEXT],
        "id": data.id,
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "name": data.course_title,
        "issuer": {
            "id": data.issuer_id,
            "type": ["Profile"],
            "name": data.issuer_name,
            "url": data.issuer_url,
        },
        "validFrom": _iso(data.issued_at),
        "credentialSubject": {
            "type": ["AchievementSubject"],
            "identifier": identifiers,
            "achievement": achievement,
        },
    }
    if data.status_index is not None:
        credential["credentialStatus"] = {
            "id": f"{data.status_list_url}#{data.status_index}",
            "type": "BitstringStatusListEntry",
            "statusPurpose": "revocation",
            "statusListIndex": str(data.status_index),
            "statusListCredential": data.status_list_url,
        }
    return credential


def encode_status_list(indices: Iterable[int], *, size: int = STATUS_LIST_MIN_BITS) -> str:
    """The bitstring with the given bits set (bit 0 is the leftmost), GZIP'd and multibase
    base64url-encoded, as Bitstring Status List v1.0 says."""
    bits = bytearray(size // 8)
    for index in indices:
        if 0 <= index < size:
            bits[index // 8] |= 0x80 >> (index % 8)
    packed = gzip.compress(bytes(bits), mtime=0)
    return "u" + base64.urlsafe_b64encode(packed).decode().rstrip("=")


def status_list_bit(encoded: str, index: int) -> bool:
    if not encoded.startswith("u"):
        raise ValueError("not a multibase base64url value")
    body = encoded[1:]
    bits = gzip.decompress(base64.urlsafe_b64decode(body + "=" * (-len(body) % 4)))
    return bool(bits[index // 8] & (0x80 >> (index % 8)))


def status_list_credential(
    *, url: str, issuer_id: str, encoded_list: str, valid_from: datetime
) -> dict:
    return {
        "@context": [VC_CONTEXT],
        "id": url,
        "type": ["VerifiableCredential", "BitstringStatusListCredential"],
        "issuer": issuer_id,
        "validFrom": _iso(valid_from),
        "credentialSubject": {
            "id": f"{url}#list",
            "type": "BitstringStatusList",
            "statusPurpose": "revocation",
            "encodedList": encoded_list,
        },
    }


def issuer_profile(*, issuer_id: str, name: str, url: str) -> dict:
    """The issuer's Open Badges Profile. Its keys are in the DID document (`did_document`)."""
    return {
        "@context": [VC_CONTEXT, OB_CONTEXT],
        "id": issuer_id,
        "type": ["Profile"],
        "name": name,
        "url": url,
    }


def did_document(*, did: str, keys: list[tuple[str, str]]) -> dict:
    """The issuer's DID document: each (id, publicKeyMultibase) as a Multikey that may sign
    credentials (assertionMethod). The DID v1 context comes first, so that verifiers use the
    document as it is (jsonld-signatures frames any other in JSON-LD safe mode)."""
    return {
        "@context": [DID_CONTEXT, MULTIKEY_CONTEXT],
        "id": did,
        "verificationMethod": [
            {"id": key, "type": "Multikey", "controller": did, "publicKeyMultibase": public}
            for key, public in keys
        ],
        "assertionMethod": [key for key, _public in keys],
    }


def schema_errors(document: dict) -> list[str]:
    """Messages of every way the document breaks the OB 3.0 AchievementCredential schema."""
    # Imported here: jsonschema takes some 60 ms to import, and only the check of an
    # uploaded credential needs it, not every web and worker process.
    from jsonschema import Draft201909Validator

    validator = Draft201909Validator(_schema())
    return sorted(
        f"{'/'.join(str(p) for p in error.absolute_path) or '(root)'}: {error.message}"
        for error in validator.iter_errors(document)
    )


@cache
def _schema() -> dict:
    return json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))


def deep_copy(document: dict) -> dict:
    return copy.deepcopy(document)
