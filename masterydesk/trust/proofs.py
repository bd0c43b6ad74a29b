"""Data Integrity proofs, cryptosuite eddsa-jcs-2022 (W3C VC Data Integrity EdDSA Cryptosuites 1.0).

Signing a JSON document: the proof's options (type, cryptosuite, created, verificationMethod,
proofPurpose, and the document's @context when it has one) and the document without its proof
are each put in RFC 8785 canonical form and hashed with SHA-256; the Ed25519 signature of the
options' hash followed by the document's hash, in multibase base58btc, is the proofValue.
Verifying repeats this and checks the signature with the key the verificationMethod's did:key
names. Review requests, review answers and credentials all carry such a proof.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass

import rfc8785

from masterydesk.trust.did_key import NotADidKey, from_multibase, multibase
from masterydesk.trust.identity import Identity, verify

CRYPTOSUITE = "eddsa-jcs-2022"


@dataclass(frozen=True, slots=True)
class Checked:
    valid: bool
    signer: str = ""  # the did:key that signed, when valid
    problem: str = ""  # what does not hold, when not


def now_stamp() -> str:
    """Now, to the second, in UTC, as the documents we sign write a time (2026-12-06T17:30:00Z)."""
    return dt.datetime.now(dt.timezone.utc).replace(microsecond=0).isoformat().replace("+00:00", "Z")


def _hash_data(document: dict, options: dict) -> bytes:
    options_hash = hashlib.sha256(rfc8785.dumps(options)).digest()
    document_hash = hashlib.sha256(rfc8785.dumps(document)).digest()
    return options_hash + document_hash


def sign(document: dict, identity: Identity, created: str | None = None) -> dict:
    """The document with a proof made by the identity's key (any proof it had is replaced)."""
    unsecured = {name: value for name, value in document.items() if name != "proof"}
    options = {
        "type": "DataIntegrityProof", "cryptosuite": CRYPTOSUITE, "created": created or now_stamp(),
        "verificationMethod": identity.verification_method, "proofPurpose": "assertionMethod",
    }
    if "@context" in unsecured:
        options["@context"] = unsecured["@context"]
    signature = identity.sign(_hash_data(unsecured, options))
    return {**unsecured, "proof": {**options, "proofValue": multibase(signature)}}


def check(document: dict) -> Checked:
    """Whether the document's proof holds: made with eddsa-jcs-2022 by the key it names."""
    proof = document.get("proof") if isinstance(document, dict) else None
    if not isinstance(proof, dict):
        return Checked(False, problem="it carries no proof")
    if proof.get("type") != "DataIntegrityProof" or proof.get("cryptosuite") != CRYPTOSUITE:
        return Checked(False, problem=f"its proof is not a DataIntegrityProof with {CRYPTOSUITE}")
    method, value = proof.get("verificationMethod"), proof.get("proofValue")
    if not isinstance(method, str) or not isinstance(value, str):
        return Checked(False, problem="its proof lacks a verificationMethod or a proofValue")
    unsecured = {name: item for name, item in document.items() if name != "proof"}
    options = {name: item for name, item in proof.items() if name != "proofValue"}
    if "@context" in options and not _context_starts_with(unsecured.get("@context"), options["@context"]):
        return Checked(False, problem="the document's @context does not begin with its proof's")
    signer = method.split("#", 1)[0]
    try:
        signature = from_multibase(value)
        valid = any(verify(signer, _hash_data(unsecured, tried), signature) for tried in _option_forms(unsecured, options))
    except (NotADidKey, ValueError, TypeError) as error:
        return Checked(False, problem=f"its proof cannot be read ({error})")
    if not valid:
        return Checked(False, problem=f"the signature of {signer[:32]}… does not match the content: it was changed after signing")
    return Checked(True, signer=signer)


def _context_starts_with(context, prefix) -> bool:
    as_list = lambda value: value if isinstance(value, list) else [value]  # noqa: E731
    return context is not None and as_list(context)[: len(as_list(prefix))] == as_list(prefix)


def _option_forms(unsecured: dict, options: dict) -> list[dict]:
    """The proof's options as found (the specification); for a proof MasteryDesk wrote before
    December 2026, which signed the document's @context but left it out of the proof, that too."""
    forms = [options]
    if "@context" not in options and "@context" in unsecured:
        forms.append({**options, "@context": unsecured["@context"]})
    return forms
