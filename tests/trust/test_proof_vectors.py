"""eddsa-jcs-2022 interoperability: the W3C vc-di-eddsa test vectors (the Alumni Credential, see
vectors/README.md) reproduced step by step by proofs.py, the vector's proofValue made again from its
key, its signed credential checked, and any one changed character of it refused.

These tests found that sign() left the @context out of the proof it returned (spec "Create Proof"
step 2 keeps it) and check() took the options' @context from the document instead of the proof;
both now follow the spec, and check() still accepts the proofs written before (see proofs.py)."""

from __future__ import annotations

import copy
import hashlib
import json
from pathlib import Path

import pytest
import rfc8785
from nacl.exceptions import BadSignatureError
from nacl.signing import SigningKey, VerifyKey

from masterydesk.trust import proofs
from masterydesk.trust.did_key import from_multibase, multibase, public_key_from_did
from masterydesk.trust.identity import Identity

VECTORS = Path(__file__).parent / "vectors"
JCS = VECTORS / "eddsa-jcs-2022"
ED25519_PRIV = b"\x80\x26"  # multicodec ed25519-priv (0x1300) as a varint


def text(name: str) -> str:
    return (JCS / name).read_text(encoding="utf-8").strip()


def load(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


KEY_PAIR = load(VECTORS / "keyPair.json")
UNSIGNED = load(VECTORS / "unsigned.json")
OPTIONS = load(JCS / "proofConfigJCS.json")
SIGNED = load(JCS / "signedJCS.json")
CREATED = OPTIONS["created"]
SIGNER = "did:key:" + KEY_PAIR["publicKeyMultibase"]


def vector_seed() -> bytes:
    secret = from_multibase(KEY_PAIR["privateKeyMultibase"])
    assert secret[:2] == ED25519_PRIV and len(secret) == 34
    return secret[2:]


def vector_identity() -> Identity:
    return Identity("x", vector_seed())


def spec_verify(secured: dict) -> bool:
    """The spec's "Verify Proof (eddsa-jcs-2022)" (section 3.3.2) as written, independent of proofs.py."""
    proof = secured.get("proof")
    if not isinstance(proof, dict) or not isinstance(proof.get("proofValue"), str):
        return False
    unsecured = {name: value for name, value in secured.items() if name != "proof"}
    options = {name: value for name, value in proof.items() if name != "proofValue"}
    if "@context" in options:
        context, document_context = options["@context"], secured.get("@context")
        context = context if isinstance(context, list) else [context]
        document_context = document_context if isinstance(document_context, list) else [document_context]
        if document_context[:len(context)] != context:
            return False
        unsecured["@context"] = options["@context"]
    if options.get("type") != "DataIntegrityProof" or options.get("cryptosuite") != "eddsa-jcs-2022":
        return False
    hash_data = (hashlib.sha256(rfc8785.dumps(options)).digest()
                 + hashlib.sha256(rfc8785.dumps(unsecured)).digest())
    try:
        VerifyKey(public_key_from_did(options.get("verificationMethod", ""))).verify(
            hash_data, from_multibase(proof["proofValue"]))
    except (BadSignatureError, ValueError):
        return False
    return True


# --- the vector's key is the did:key our Identity makes ---------------------------------------------

def test_vector_seed_gives_the_vector_public_key_and_verification_method():
    identity = vector_identity()
    assert multibase(b"\xed\x01" + identity.public_key) == KEY_PAIR["publicKeyMultibase"]
    assert identity.did == SIGNER
    assert identity.verification_method == OPTIONS["verificationMethod"] == SIGNED["proof"]["verificationMethod"]


# --- every intermediate value of the vector, step by step -------------------------------------------

def test_canonical_document_and_its_hash():
    canonical = rfc8785.dumps(UNSIGNED)
    assert canonical.decode("utf-8") == text("canonDocJCS.txt")
    assert hashlib.sha256(canonical).hexdigest() == text("docHashJCS.txt")


def test_proof_options_as_sign_builds_them_canonical_form_and_hash():
    # the options sign() hashes: the five proof fields and the document's @context
    options = {
        "type": "DataIntegrityProof", "cryptosuite": proofs.CRYPTOSUITE, "created": CREATED,
        "verificationMethod": vector_identity().verification_method, "proofPurpose": "assertionMethod",
        "@context": UNSIGNED["@context"],
    }
    assert options == OPTIONS
    canonical = rfc8785.dumps(options)
    assert canonical.decode("utf-8") == text("proofCanonJCS.txt")
    assert hashlib.sha256(canonical).hexdigest() == text("proofHashJCS.txt")


def test_hash_data_is_options_hash_then_document_hash():
    hash_data = proofs._hash_data(UNSIGNED, OPTIONS)
    assert hash_data.hex() == text("combinedHashJCS.txt")
    assert hash_data.hex() == text("proofHashJCS.txt") + text("docHashJCS.txt")


def test_signature_and_its_multibase():
    signature = vector_identity().sign(proofs._hash_data(UNSIGNED, OPTIONS))
    assert signature.hex() == text("sigHexJCS.txt")
    assert multibase(signature) == text("sigBTC58JCS.txt") == SIGNED["proof"]["proofValue"]
    assert from_multibase(text("sigBTC58JCS.txt")) == signature
    # PyNaCl's own signing key agrees with Identity's
    assert SigningKey(vector_seed()).sign(proofs._hash_data(UNSIGNED, OPTIONS)).signature == signature


# --- (1) sign() with the vector's seed and created makes the vector's proofValue --------------------

def test_sign_makes_the_vector_proof_value():
    signed = proofs.sign(UNSIGNED, vector_identity(), created=CREATED)
    assert signed["proof"]["proofValue"] == SIGNED["proof"]["proofValue"]
    assert {name: value for name, value in signed.items() if name != "proof"} == UNSIGNED
    for name in ("type", "cryptosuite", "created", "verificationMethod", "proofPurpose"):
        assert signed["proof"][name] == SIGNED["proof"][name]
    assert signed["proof"]["@context"] == UNSIGNED["@context"]


def test_sign_replaces_an_earlier_proof_and_still_makes_the_vector_proof_value():
    stale = {**UNSIGNED, "proof": {"type": "DataIntegrityProof", "proofValue": "zStale"}}
    assert proofs.sign(stale, vector_identity(), created=CREATED)["proof"]["proofValue"] == \
        SIGNED["proof"]["proofValue"]


def test_sign_makes_the_vector_signed_document_exactly():
    assert proofs.sign(UNSIGNED, vector_identity(), created=CREATED) == SIGNED


def test_reference_verifier_accepts_the_vector():
    assert spec_verify(SIGNED)


def test_a_spec_verifier_accepts_what_sign_makes():
    assert spec_verify(proofs.sign(UNSIGNED, vector_identity(), created=CREATED))


# --- (2) check() accepts the vector's signed credential and names its signer ------------------------

def test_check_accepts_the_vector_signed_document():
    checked = proofs.check(copy.deepcopy(SIGNED))
    assert checked.valid, checked.problem
    assert checked.signer == SIGNER
    assert checked.problem == ""


def test_check_accepts_what_sign_makes_with_the_vector_key():
    checked = proofs.check(proofs.sign(UNSIGNED, vector_identity(), created=CREATED))
    assert checked.valid and checked.signer == SIGNER


def test_check_accepts_a_spec_proof_made_without_context_in_its_options():
    # Create Proof without step 2, which the spec tolerates ("some implementers ... might not")
    options = {name: value for name, value in OPTIONS.items() if name != "@context"}
    hash_data = (hashlib.sha256(rfc8785.dumps(options)).digest()
                 + hashlib.sha256(rfc8785.dumps(UNSIGNED)).digest())
    secured = {**UNSIGNED, "proof": {**options, "proofValue": multibase(vector_identity().sign(hash_data))}}
    assert spec_verify(secured)
    assert proofs.check(secured).valid


# --- (3) any one changed character of the vector's signed credential is refused ---------------------

def _changed(value: str) -> str:
    middle = len(value) // 2
    return value[:middle] + ("x" if value[middle] != "x" else "y") + value[middle + 1:]


def _variants(node, path=()):
    """(where, document with one character changed there) for every string value and every key."""
    if isinstance(node, dict):
        for key, value in node.items():
            yield (*path, f"key {key}"), ("key", path, key)
            yield from _variants(value, (*path, key))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from _variants(value, (*path, index))
    elif isinstance(node, str):
        yield path, ("value", path[:-1], path[-1])


def _apply(change) -> dict:
    kind, parent_path, last = change
    document = copy.deepcopy(SIGNED)
    parent = document
    for step in parent_path:
        parent = parent[step]
    if kind == "value":
        parent[last] = _changed(parent[last])
    else:
        parent[_changed(last)] = parent.pop(last)
    return document


CHANGES = [pytest.param(change, id="/".join(map(str, where))) for where, change in _variants(SIGNED)]


@pytest.mark.parametrize("change", CHANGES)
def test_one_changed_character_is_refused(change):
    document = _apply(change)
    assert document != SIGNED
    assert not spec_verify(document)
    checked = proofs.check(document)
    assert not checked.valid
    assert checked.signer == "" and checked.problem


def test_a_changed_alumni_of_is_named_as_changed_after_signing():
    document = copy.deepcopy(SIGNED)
    document["credentialSubject"]["alumniOf"] = "The School of Exampled"
    checked = proofs.check(document)
    assert not checked.valid
    assert "changed after signing" in checked.problem


def test_a_proof_written_before_december_2026_still_holds():
    """MasteryDesk signed the document's @context but left it out of the proof: such files still verify."""
    signed = proofs.sign(UNSIGNED, vector_identity(), created=CREATED)
    legacy = {**signed, "proof": {name: value for name, value in signed["proof"].items() if name != "@context"}}
    assert proofs.check(legacy).valid
    legacy["name"] = legacy.get("name", "") + "x"
    assert not proofs.check(legacy).valid
