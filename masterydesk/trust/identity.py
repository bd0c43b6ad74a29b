"""The journal's identity: its owner's name and an Ed25519 signing key, kept in the journal.

The key is made the first time it is needed (Help ▸ My identity, a review request, a credential)
and kept in the journal's settings, so it travels with sync to the owner's other devices (always
encrypted there) and every device signs as the same did:key. Signing uses libsodium (PyNaCl).
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from functools import cached_property

from nacl.exceptions import BadSignatureError
from nacl.signing import SigningKey, VerifyKey

from masterydesk.domain.errors import MasteryDeskError
from masterydesk.services.writes import writing
from masterydesk.store import related
from masterydesk.store.database import Journal
from masterydesk.trust.did_key import NotADidKey, did_from_public_key, public_key_from_did, verification_method

SEED, NAME = "identity.seed", "identity.name"
DEFAULT_NAME = "MasteryDesk user"


@dataclass(frozen=True)
class Identity:
    name: str
    seed: bytes

    @cached_property
    def _key(self) -> SigningKey:
        return SigningKey(self.seed)

    @property
    def public_key(self) -> bytes:
        return bytes(self._key.verify_key)

    @property
    def did(self) -> str:
        return did_from_public_key(self.public_key)

    @property
    def verification_method(self) -> str:
        return verification_method(self.did)

    def sign(self, message: bytes) -> bytes:
        return self._key.sign(message).signature

    def card(self) -> dict:
        """What to give a peer so that their MasteryDesk can check this journal's signatures."""
        return {"type": "MasteryDeskIdentity", "version": 1, "name": self.name, "did": self.did}


def verify(did: str, message: bytes, signature: bytes) -> bool:
    """Whether the signature over message was made with the key the did:key names."""
    try:
        VerifyKey(public_key_from_did(did)).verify(message, signature)
    except (BadSignatureError, NotADidKey, ValueError, TypeError):
        return False
    return True


def journal_identity(journal: Journal) -> Identity:
    """The journal's identity, made (and kept) the first time it is asked for."""
    with journal.reading() as connection:
        stored = dict(related.read_settings(connection, "identity."))
    if SEED in stored:
        return Identity(stored.get(NAME, DEFAULT_NAME), bytes.fromhex(stored[SEED]))
    if journal.read_only:
        raise MasteryDeskError(f"{journal.path.name} has no identity yet, and a read-only journal cannot make one.")
    with writing(journal, "identity") as connection:
        stored = dict(related.read_settings(connection, "identity."))
        if SEED not in stored:  # another window of the same journal may have made it meanwhile
            stored[SEED] = secrets.token_bytes(32).hex()
            related.write_settings(connection, {SEED: stored[SEED]})
    return Identity(stored.get(NAME, DEFAULT_NAME), bytes.fromhex(stored[SEED]))


def set_owner_name(journal: Journal, name: str) -> Identity:
    """Name the journal's owner as peers will see it on requests and credentials."""
    name = " ".join(name.split())
    if not name or len(name) > 120:
        raise MasteryDeskError("The owner's name needs 1 to 120 characters.")
    journal_identity(journal)
    with writing(journal, "identity") as connection:
        related.write_settings(connection, {NAME: name})
    return journal_identity(journal)
