"""A coach's feedback on the hub: sealed documents in `hub_feedback`, one row each (postgres_hub).

The same helpers keep the rows of the other tables of sealed documents (a table is given, hub_feedback by
default): review requests and answers (sync.review_mail).

The coach's MasteryDesk seals each signed document (trust.coaching makes and checks them) to the
client's public key, libsodium's sealed box as sync.shares uses, and stores it under a random id;
the hub fills in the writer (its `owner`, the coach's role) and lets only the writer and the client
it is addressed to read the row, only a client who shares with the writer receive one, and the client
delete it once it is imported, or refused for good (trust.feedback.RefusedForGood). What the hub sees:
who wrote to whom, when, and a size.

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
from sqlalchemy import Table, delete, select, text

from masterydesk.sync.postgres_hub import FEEDBACK, KEYS, REVIEW_ANSWERS, REVIEW_REQUESTS
from masterydesk.sync.shares import ShareRefused

MAGIC = b"MDFB1"  # inside the sealed box, before the document's JSON
LONGEST = 256 * 1024  # a comment or a review is a few kB; anything far larger is not one
# What each table of sealed rows holds, for the sentence about a hub made before it.
HOLDS = {FEEDBACK.name: "a coach's comments", REVIEW_REQUESTS.name: "review requests",
         REVIEW_ANSWERS.name: "review answers"}


@dataclass(frozen=True)
class Sealed:
    """One row addressed to this hub user: who wrote it, the key they publish, and the sealed bytes."""

    id: str
    writer: str
    writer_did: str | None
    data: bytes


class NoFeedbackTable(ShareRefused):
    """A hub made before coaches could write back."""


class NotOpened(ShareRefused):
    """Sealed bytes this key cannot open: changed on the hub, or sealed to another key."""


@contextmanager
def mail_table(hub, table: Table = FEEDBACK, *, write: bool = False) -> Iterator:
    """A connection (a transaction when writing) on a hub that has this table of sealed rows."""
    with (hub.transaction() if write else hub.connection()) as connection:
        if connection.scalar(text("SELECT to_regclass(:name) IS NOT NULL"), {"name": table.name}) is not True:
            raise NoFeedbackTable(
                f"The hub at {hub.location} has no table for {HOLDS[table.name]} yet; its admin runs "
                "`masterydesk hub init` again to add it."
            )
        yield connection


def seal(document: bytes, reader_key: bytes) -> bytes:
    """The document sealed to the reader's Ed25519 public key (as its X25519 form)."""
    reader = VerifyKey(reader_key).to_curve25519_public_key()
    return SealedBox(PublicKey(bytes(reader))).encrypt(MAGIC + document)


def unseal(data: bytes, seed: bytes) -> bytes:
    """The document sealed to this seed's key; NotOpened when it was changed or sealed to another key, ShareRefused
    when it opens but is not one of ours."""
    private = SigningKey(seed).to_curve25519_private_key()
    try:
        opened = SealedBox(PrivateKey(bytes(private))).decrypt(bytes(data))
    except CryptoError:
        raise NotOpened("it was changed on the hub, or sealed to another key") from None
    if not opened.startswith(MAGIC):
        raise ShareRefused("it is not a coach's comment or review")
    return opened[len(MAGIC):]


def send(hub, reader: str, reader_key: bytes, document: bytes, table: Table = FEEDBACK) -> str:
    """Store the document sealed to the reader; its id on the hub."""
    row_id, statement = sealed_row(table, reader, reader_key, document)
    with mail_table(hub, table, write=True) as connection:
        connection.execute(statement)
    return row_id


def sealed_row(table: Table, reader: str, reader_key: bytes, document: bytes):
    """A new row's id and the INSERT that stores the document sealed to the reader."""
    if len(document) > LONGEST:
        raise ShareRefused("A comment or review this long cannot be sent; shorten it.")
    row_id = secrets.token_hex(12)
    return row_id, table.insert().values(id=row_id, reader=reader, data=seal(document, reader_key))


def addressed_to_me(hub, table: Table = FEEDBACK) -> list[Sealed]:
    """The rows addressed to this hub user, oldest first, with the key each writer publishes."""
    query = (
        select(table.c.id, table.c.owner, KEYS.c.did, table.c.data)
        .outerjoin(KEYS, KEYS.c.owner == table.c.owner)
        .where(table.c.reader == hub.user)
        .order_by(table.c.stored_at, table.c.id)
    )
    with mail_table(hub, table) as connection:
        rows = connection.execute(query).all()
    return [Sealed(str(row_id), str(writer), did, bytes(data)) for row_id, writer, did, data in rows]


def forget(hub, ids: list[str], table: Table = FEEDBACK) -> None:
    """Delete rows addressed to this hub user (once imported, or refused for good)."""
    if not ids:
        return
    with mail_table(hub, table, write=True) as connection:
        connection.execute(forget_statement(hub, ids, table))


def forget_statement(hub, ids: list[str], table: Table):
    """The DELETE of these rows addressed to this hub user."""
    return delete(table).where(table.c.reader == hub.user, table.c.id.in_(ids))
