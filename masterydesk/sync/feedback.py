"""A coach's feedback on the hub: sealed documents in `hub_feedback`, one row each (postgres_hub).

The coach's MasteryDesk seals each signed document (trust.coaching makes and checks them) to the
client's public key, libsodium's sealed box as sync.shares uses, and stores it under a random id;
the hub fills in the writer (its `owner`, the coach's role) and lets only the writer and the client
it is addressed to read the row, only a client who shares with the writer receive one, and the client
delete it once it is imported. What the hub sees: who wrote to whom, when, and a size.

Layers: sync may not import trust, so keys come in as the 32 bytes of an Ed25519 key (or its seed).
"""

from __future__ import annotations

import secrets
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from nacl.exceptions import CryptoError
from nacl.public import PrivateKey, PublicKey, SealedBox
from nacl.signing import SigningKey, VerifyKey
from sqlalchemy import delete, select, text

from masterydesk.sync.postgres_hub import FEEDBACK, KEYS
from masterydesk.sync.shares import ShareRefused

MAGIC = b"MDFB1"  # inside the sealed box, before the document's JSON
LONGEST = 256 * 1024  # a comment or a review is a few kB; anything far larger is not one


@dataclass(frozen=True)
class Sealed:
    """One row addressed to this hub user: who wrote it, the key they publish, and the sealed bytes."""

    id: str
    writer: str
    writer_did: str | None
    data: bytes


class NoFeedbackTable(ShareRefused):
    """A hub made before coaches could write back."""


@contextmanager
def _feedback_table(hub, *, write: bool = False) -> Iterator:
    with (hub.transaction() if write else hub.connection()) as connection:
        if connection.scalar(text("SELECT to_regclass('hub_feedback') IS NOT NULL")) is not True:
            raise NoFeedbackTable(
                f"The hub at {hub.location} has no table for a coach's comments yet; its admin runs "
                "`masterydesk hub init` again to add it."
            )
        yield connection


def seal(document: bytes, reader_key: bytes) -> bytes:
    """The document sealed to the reader's Ed25519 public key (as its X25519 form)."""
    reader = VerifyKey(reader_key).to_curve25519_public_key()
    return SealedBox(PublicKey(bytes(reader))).encrypt(MAGIC + document)


def unseal(data: bytes, seed: bytes) -> bytes:
    """The document sealed to this seed's key; ShareRefused when it was changed or sealed to another key."""
    private = SigningKey(seed).to_curve25519_private_key()
    try:
        opened = SealedBox(PrivateKey(bytes(private))).decrypt(bytes(data))
    except CryptoError:
        raise ShareRefused("it was changed on the hub, or sealed to another key") from None
    if not opened.startswith(MAGIC):
        raise ShareRefused("it is not a coach's comment or review")
    return opened[len(MAGIC):]


def send(hub, reader: str, reader_key: bytes, document: bytes) -> str:
    """Store the document sealed to the reader; its id on the hub."""
    if len(document) > LONGEST:
        raise ShareRefused("A comment or review this long cannot be sent; shorten it.")
    feedback_id = secrets.token_hex(12)
    statement = FEEDBACK.insert().values(id=feedback_id, reader=reader, data=seal(document, reader_key))
    with _feedback_table(hub, write=True) as connection:
        connection.execute(statement)
    return feedback_id


def addressed_to_me(hub) -> list[Sealed]:
    """The rows addressed to this hub user, oldest first, with the key each writer publishes."""
    query = (
        select(FEEDBACK.c.id, FEEDBACK.c.owner, KEYS.c.did, FEEDBACK.c.data)
        .outerjoin(KEYS, KEYS.c.owner == FEEDBACK.c.owner)
        .where(FEEDBACK.c.reader == hub.user)
        .order_by(FEEDBACK.c.stored_at, FEEDBACK.c.id)
    )
    with _feedback_table(hub) as connection:
        rows = connection.execute(query).all()
    return [Sealed(str(row_id), str(writer), did, bytes(data)) for row_id, writer, did, data in rows]


def forget(hub, ids: list[str]) -> None:
    """Delete rows addressed to this hub user (once imported)."""
    if not ids:
        return
    with _feedback_table(hub, write=True) as connection:
        connection.execute(delete(FEEDBACK).where(FEEDBACK.c.reader == hub.user, FEEDBACK.c.id.in_(ids)))
