"""Sharing a coaching view with another hub user, and reading the views shared with you.

DESIGN.md, *Beyond one machine*: on a PostgreSQL hub a user shares the non-private part of the
journal with another hub user (a coach, or the members of a mastermind group); the reader's
MasteryDesk lists the people who share with them and opens each copy read-only.

What is shared. One JSON document (FORMAT) holding the journal's portable records (the same
records and fields as `masterydesk export`) **without any private journal entry**: no private
entry's id, kind, text or position in the journal leaves. What does leave of private entries is
what DESIGN.md says is not private: their minutes, added up per day and per set of skills in
`practice` (a figure, like the coaching report's practice chart), so that the reader's figures
equal the client's own `masterydesk metrics`. Beside the records: the client's tier rules (the
tiers and figures depend on them), the figures each check-in was saved with, the client's name
and when the document was made.

How it travels. The document is compressed (zlib), signed with the owner's Ed25519 identity key
(trust.identity), and sealed to the reader's public key: the reader's Ed25519 did:key converted to
X25519, libsodium's sealed box (crypto_box_seal). The hub holds one row per (owner, reader) in
`hub_shares`; row-level security lets the owner write and read it and the reader only read it
(postgres_hub); every other hub user sees no row, and the hub's admin sees sizes and times only.
The reader opens the box with the X25519 key converted from their own seed, checks the signature
against the did the owner published in `hub_keys`, and checks that the document names this owner
and this reader. A changed byte, another owner's signature or a key that does not match is one
sentence, and nothing is written.

Keys. `hub_keys` is the hub's directory of dids: each user publishes the journal's did:key once
(`masterydesk share --publish-key`, or the first share or coach command does it). A share is sealed
to the reader's did as the owner found it, and the row keeps that did (`reader_did`) and its key:
when the reader publishes another key later, the copy is not re-sealed to it behind the owner's
back; the owner shares again to accept it.

Kept current. After a sync with a PostgreSQL hub that sent or received records, every share of the
journal's hub user made more than REFRESH_AFTER_SECONDS ago is made again from the journal
(`refresh_after_sync`, called by syncing; any of the owner's devices may do it, as they share one
hub user and one identity), and `masterydesk share --refresh` remakes them all at once. Stopping a share deletes its row: the
reader's copy on the hub is gone (a copy the reader already saved on their own machine stays theirs).

Layers: sync may not import trust, so the callers (cli_share, the ui) give the identity as a `Me`
(seed, name, did) and a function that turns a did:key into its public key (trust.did_key); the
refresh after a sync reads the seed and name the trust layer keeps in the journal's settings.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import os
import shutil
import tempfile
import zlib
from collections import defaultdict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from nacl.exceptions import BadSignatureError, CryptoError
from nacl.public import PrivateKey, PublicKey, SealedBox
from nacl.signing import SigningKey, VerifyKey
from sqlalchemy import delete, extract, func, select, text, update
from sqlalchemy.dialects.postgresql import insert

from masterydesk.domain import records as r
from masterydesk.domain.errors import MasteryDeskError
from masterydesk.store import sync_log
from masterydesk.store.database import Journal
from masterydesk.sync.postgres_hub import KEYS, SHARES, USER_NAME
from masterydesk.sync.syncing import HUB, is_postgres

FORMAT, VERSION = "masterydesk-share", 1
MAGIC = b"MDSH1"  # before the signature and the compressed document, inside the sealed box
SIGNATURE_BYTES = 64
MAX_DOCUMENT_BYTES = 1 << 30  # a decompressed document larger than this is refused (a zip bomb)
DAY_MINUTES = 1440  # the portable format's most minutes for one entry
# Where trust.identity keeps the journal's identity (read here for the refresh after a sync only).
IDENTITY_SEED, IDENTITY_NAME, DEFAULT_NAME = "identity.seed", "identity.name", "MasteryDesk user"
NEEDS_POSTGRES = "Sharing needs a PostgreSQL hub."
# A sync remakes a share at most this often: a ten-year journal's copy is about 20 MB and 2 s of work
# (62 MB of JSON, zlib level 1), too much for every sync; `share --refresh` remakes them at once.
REFRESH_AFTER_SECONDS = 600

KeyOf = Callable[[str], bytes]  # a did:key's Ed25519 public key (trust.did_key.public_key_from_did)


class ShareRefused(MasteryDeskError):
    """A share that cannot be made, found or opened: one sentence, and nothing changed."""


@dataclass(frozen=True)
class Me:
    """Who acts: the journal's identity as trust.identity gives it."""

    name: str
    seed: bytes  # the Ed25519 seed (32 bytes)
    did: str = ""


@dataclass(frozen=True)
class OwnShare:
    """A share this hub user made: whom with, sealed to which key, and when it was last made."""

    reader: str
    reader_did: str
    updated_at: dt.datetime
    key_changed: bool = False  # the reader has published another key since
    reader_key: bytes = dataclasses.field(default=b"", repr=False)
    age_seconds: float = 0.0  # since it was last made, by the hub's clock

    def as_json(self) -> dict:
        return {"reader": self.reader, "reader_did": self.reader_did, "updated_at": self.updated_at.isoformat(),
                "key_changed": self.key_changed}


@dataclass(frozen=True)
class ReceivedShare:
    """A share addressed to this hub user, opened and checked."""

    owner: str  # the client's hub user
    document: dict
    updated_at: dt.datetime

    @property
    def name(self) -> str:
        return str(self.document.get("name") or self.owner)

    @property
    def made_at(self) -> str:
        return str(self.document.get("made_at", ""))


# --- the hub ------------------------------------------------------------------------------------


def hub_address(journal: Journal, given: str | None) -> str:
    """The hub to share through: the one given, else the journal's sync hub; a PostgreSQL one only."""
    if not given:
        with journal.reading() as connection:
            given = sync_log.read_state(connection).get(HUB)
    if not given:
        raise ShareRefused(
            f"{NEEDS_POSTGRES[:-1]}: give --hub postgresql://USER:PASSWORD@HOST/DB, or set up sync with one."
        )
    if not is_postgres(given):
        raise ShareRefused(NEEDS_POSTGRES)
    return given


def open_share_hub(address: str):
    """The PostgreSQL hub at address (a PostgresHub), refusing a folder."""
    if not is_postgres(address):
        raise ShareRefused(NEEDS_POSTGRES)
    from masterydesk.sync.postgres_hub import open_postgres_hub

    return open_postgres_hub(address)


@contextmanager
def share_hub(address: str) -> Iterator:
    """open_share_hub(address), closed when the block ends."""
    hub = open_share_hub(address)
    try:
        yield hub
    finally:
        hub.close()


@contextmanager
def _share_tables(hub, *, write: bool = False) -> Iterator:
    """A connection (a transaction when writing) on a hub that has the share tables."""
    with (hub.transaction() if write else hub.connection()) as connection:
        if connection.scalar(text("SELECT to_regclass('hub_shares') IS NOT NULL")) is not True:
            raise ShareRefused(
                f"The hub at {hub.location} has no share tables yet; its admin runs `masterydesk hub init` "
                "again to add them."
            )
        yield connection


def published_did(hub, user: str) -> str | None:
    """The did:key the hub user published, or None."""
    with _share_tables(hub) as connection:
        return connection.scalar(select(KEYS.c.did).where(KEYS.c.owner == user))


def users_with_dids(hub, dids) -> dict[str, list[str]]:
    """The hub users who published each of these did:keys (hub_keys is readable by every user), by did."""
    wanted = sorted({did for did in dids if did})
    if not wanted:
        return {}
    query = select(KEYS.c.did, KEYS.c.owner).where(KEYS.c.did.in_(wanted)).order_by(KEYS.c.owner)
    with _share_tables(hub) as connection:
        rows = connection.execute(query).all()
    found: dict[str, list[str]] = defaultdict(list)
    for did, owner in rows:
        found[str(did)].append(str(owner))
    return dict(found)


def publish_key(hub, did: str) -> str:
    """Store the journal's did:key as this hub user's key (replacing an older one); say so."""
    upsert = insert(KEYS).values(did=did)
    upsert = upsert.on_conflict_do_update(index_elements=[KEYS.c.owner],
                                          set_={"did": upsert.excluded.did, "updated_at": func.now()})
    with _share_tables(hub, write=True) as connection:
        connection.execute(upsert)
    return f"Published your key on the hub as {hub.user}: {did}."


def ensure_published(hub, me: Me) -> None:
    """Publish this journal's key the first time; refuse when the hub user's key is another journal's."""
    found = published_did(hub, hub.user)
    if found is None:
        publish_key(hub, me.did)
    elif found != me.did:
        raise ShareRefused(
            f"Hub user {hub.user} has published the key of another journal; to publish this journal's key instead, "
            "run the command `masterydesk share --publish-key` (shares sealed to the old key then need making again)."
        )


def _reader_did(hub, reader: str) -> str:
    if not USER_NAME.fullmatch(reader):
        raise ShareRefused(f"'{reader[:60]}' is not a hub user name (letters, digits and _).")
    if reader == hub.user:
        raise ShareRefused("A share is for another hub user; you already have your own journal.")
    did = published_did(hub, reader)
    if did is None and not _is_hub_user(hub, reader):
        raise ShareRefused(f"There is no hub user named {reader} on this hub; nothing was shared.")
    if did is None:
        raise ShareRefused(
            f"Hub user {reader} has not published a key on this hub yet; they need to publish theirs first, with "
            "File ▸ Open coaching views… in MasteryDesk or `masterydesk share --publish-key`."
        )
    return did


def _is_hub_user(hub, name: str) -> bool:
    """Whether a login role of that name exists (pg_roles is readable by every role)."""
    with hub.connection() as connection:
        return connection.scalar(text("SELECT 1 FROM pg_roles WHERE rolname = :name AND rolcanlogin"),
                                 {"name": name}) is not None


# --- what is shared -----------------------------------------------------------------------------


def share_document(journal: Journal, owner: str, reader: str, name: str) -> dict:
    """The document a reader receives: the journal's non-private records, rules and check-in figures."""
    return {**shared_parts(journal, owner, name), "reader": reader}


def shared_parts(journal: Journal, owner: str, name: str) -> dict:
    """The document without its reader (the same for every reader)."""
    from masterydesk.interchange.portable import bundle_to_document
    from masterydesk.services.checkins import past_checkins
    from masterydesk.services.settings import journal_rules
    from masterydesk.services.transfer import export_bundle

    bundle = export_bundle(journal)
    shown = dataclasses.replace(bundle, journal=tuple(entry for entry in bundle.journal if not entry.private))
    made_at = dt.datetime.now(dt.timezone.utc).replace(microsecond=0)
    return {
        "format": FORMAT, "version": VERSION, "owner": owner, "name": name,
        "made_at": made_at.isoformat(),
        "rules": dataclasses.asdict(journal_rules(journal)),
        "records": bundle_to_document(shown, exported_at=made_at),
        "practice": practice_totals(entry for entry in bundle.journal if entry.private),
        "checkin_figures": {saved.checkin.id: saved.figures.to_json() for saved in past_checkins(journal)
                            if saved.figures is not None},
    }


def practice_totals(entries) -> list[list]:
    """Private entries as figures only: [date, minutes, skill ids] per day and set of skills."""
    totals: dict[tuple[dt.date, tuple[str, ...]], int] = defaultdict(int)
    for entry in entries:
        totals[(entry.date, tuple(sorted(entry.skill_ids)))] += entry.minutes
    return [[day.isoformat(), minutes, list(skills)] for (day, skills), minutes in sorted(totals.items())]


def _practice_entries(totals: list) -> tuple[r.JournalEntry, ...]:
    """The practice totals as text-less private entries, so that every figure counts them as the client's did."""
    entries = []
    for day, minutes, skills in totals:
        while True:  # more than a day's minutes (several entries on one day) go into several entries
            part = min(int(minutes), DAY_MINUTES)
            entries.append(r.JournalEntry(
                id=f"shared-practice-{len(entries) + 1}", date=dt.date.fromisoformat(day), kind=r.EntryKind.PRACTICE,
                text="", minutes=part, skill_ids=tuple(str(s) for s in skills), private=True,
            ))
            minutes = int(minutes) - part
            if minutes <= 0:
                break
    return tuple(entries)


def seal_document(document: dict, seed: bytes, reader_key: bytes) -> bytes:
    """Compress, sign with the owner's seed, and seal to the reader's Ed25519 public key."""
    compressed = zlib.compress(json.dumps(document, ensure_ascii=False, separators=(",", ":")).encode("utf-8"), 1)
    signature = SigningKey(seed).sign(MAGIC + compressed).signature
    reader = VerifyKey(reader_key).to_curve25519_public_key()
    return SealedBox(PublicKey(bytes(reader))).encrypt(MAGIC + signature + compressed)


def open_document(data: bytes, seed: bytes, owner_key: bytes, owner: str) -> dict:
    """The document sealed to this seed's key and signed with owner_key; ShareRefused otherwise."""
    private = SigningKey(seed).to_curve25519_private_key()
    try:
        opened = SealedBox(PrivateKey(bytes(private))).decrypt(bytes(data))
    except CryptoError:
        raise ShareRefused(
            f"The share from {owner} cannot be opened: it was changed on the hub, or sealed to another key; "
            "nothing was written."
        ) from None
    if not opened.startswith(MAGIC) or len(opened) < len(MAGIC) + SIGNATURE_BYTES:
        raise ShareRefused(f"The share from {owner} is not a MasteryDesk share; nothing was written.")
    signature = opened[len(MAGIC):len(MAGIC) + SIGNATURE_BYTES]
    compressed = opened[len(MAGIC) + SIGNATURE_BYTES:]
    try:
        VerifyKey(owner_key).verify(MAGIC + compressed, signature)
    except (BadSignatureError, ValueError, TypeError):
        raise ShareRefused(
            f"The share from {owner} does not hold: its signature does not match {owner}'s key on the hub; "
            "nothing was written."
        ) from None
    try:
        inflater = zlib.decompressobj()
        plain = inflater.decompress(compressed, MAX_DOCUMENT_BYTES)
        if inflater.unconsumed_tail:
            raise ValueError("too large")
        document = json.loads(plain)
    except (zlib.error, ValueError) as error:
        raise ShareRefused(f"The share from {owner} cannot be read ({error}); nothing was written.") from None
    if not isinstance(document, dict) or document.get("format") != FORMAT or document.get("version") != VERSION:
        raise ShareRefused(f"The share from {owner} was made by a newer MasteryDesk; nothing was written.")
    return document


# --- the owner's side ---------------------------------------------------------------------------


def share_with(journal: Journal, hub, me: Me, reader: str, key_of: KeyOf) -> str:
    """Seal the journal's shared view to the reader's key and store it on the hub; say so."""
    ensure_published(hub, me)
    did = _reader_did(hub, reader)
    try:
        reader_key = key_of(did)
    except ValueError:
        raise ShareRefused(f"The key hub user {reader} published is not a did:key; nothing was shared.") from None
    data = seal_document(share_document(journal, hub.user, reader, me.name), me.seed, reader_key)
    upsert = insert(SHARES).values(reader=reader, reader_did=did, reader_key=reader_key, data=data)
    upsert = upsert.on_conflict_do_update(
        index_elements=[SHARES.c.owner, SHARES.c.reader],
        set_={"reader_did": did, "reader_key": reader_key, "data": data, "updated_at": func.now()},
    )
    with _share_tables(hub, write=True) as connection:
        connection.execute(upsert)
    return (
        f"Shared your journal's non-private records with {reader} ({_size(len(data))}, sealed to their key); "
        "each sync keeps it current."
    )


def stop_sharing(hub, reader: str) -> str:
    """Delete the share with the reader: their copy is gone from the hub."""
    with _share_tables(hub, write=True) as connection:
        deleted = connection.execute(
            delete(SHARES).where(SHARES.c.owner == hub.user, SHARES.c.reader == reader)
        ).rowcount
    if not deleted:
        raise ShareRefused(f"You do not share with {reader}; nothing was changed.")
    return f"Stopped sharing with {reader}: their copy is deleted from the hub."


def own_shares(hub) -> list[OwnShare]:
    """The shares this hub user made, by reader."""
    query = (
        select(SHARES.c.reader, SHARES.c.reader_did, SHARES.c.updated_at, KEYS.c.did, SHARES.c.reader_key,
               extract("epoch", func.now() - SHARES.c.updated_at))
        .outerjoin(KEYS, KEYS.c.owner == SHARES.c.reader)
        .where(SHARES.c.owner == hub.user)
        .order_by(SHARES.c.reader)
    )
    with _share_tables(hub) as connection:
        rows = connection.execute(query).all()
    return [
        OwnShare(str(reader), did, updated, published != did, bytes(key), float(age))
        for reader, did, updated, published, key, age in rows
    ]


def refresh_shares(journal: Journal, hub, me: Me | None = None, older_than: float = 0.0) -> list[str]:
    """Make every share of this hub user older than older_than seconds again; say what could not be."""
    shares = [share for share in own_shares(hub) if share.age_seconds >= older_than]
    me = me or stored_identity(journal)
    if not shares or me is None:
        return []
    problems = [
        f"{share.reader} has published another key since you shared with them, so their copy was not brought "
        f"up to date; share with them again (File ▸ Sync ▸ Share… or `masterydesk share --with {share.reader}`) "
        "to accept it."
        for share in shares if share.key_changed
    ]
    common = shared_parts(journal, hub.user, me.name)  # the journal is read once for every reader
    for share in shares:
        if share.key_changed:
            continue
        data = seal_document({**common, "reader": share.reader}, me.seed, share.reader_key)
        with _share_tables(hub, write=True) as connection:
            connection.execute(
                update(SHARES).where(SHARES.c.owner == hub.user, SHARES.c.reader == share.reader)
                .values(data=data, updated_at=func.now())
            )
    return problems


def stored_identity(journal: Journal) -> Me | None:
    """The identity trust.identity keeps in the journal's settings, or None before it is made."""
    from masterydesk.store import related

    with journal.reading() as connection:
        stored = dict(related.read_settings(connection, "identity."))
    if IDENTITY_SEED not in stored:
        return None
    return Me(stored.get(IDENTITY_NAME, DEFAULT_NAME), bytes.fromhex(stored[IDENTITY_SEED]))


def refresh_after_sync(journal: Journal, hub) -> tuple[str, ...]:
    """After a sync that changed something: bring the shares up to date; problems as sentences, never raised."""
    try:
        return tuple(refresh_shares(journal, hub, older_than=REFRESH_AFTER_SECONDS))
    except ShareRefused:
        return ()  # a hub without share tables: nothing is shared on it
    except MasteryDeskError as error:
        return (f"Your shares were not brought up to date: {error}",)


# --- the reader's side --------------------------------------------------------------------------


def received_shares(hub, me: Me, key_of: KeyOf, owner: str | None = None) -> tuple[list[ReceivedShare], list[str]]:
    """The shares addressed to this hub user, opened and checked, and a sentence for each that does not hold.

    With owner: only that owner's share, and ShareRefused when there is none or it does not hold.
    """
    ensure_published(hub, me)
    query = (
        select(SHARES.c.owner, SHARES.c.data, SHARES.c.updated_at, KEYS.c.did)
        .outerjoin(KEYS, KEYS.c.owner == SHARES.c.owner)
        .where(SHARES.c.reader == hub.user)
        .order_by(SHARES.c.owner)
    )
    if owner is not None:
        query = query.where(SHARES.c.owner == owner)
    with _share_tables(hub) as connection:
        rows = connection.execute(query).all()
    if owner is not None and not rows:
        raise ShareRefused(f"No share from {owner} is addressed to you on this hub.")
    shares, problems = [], []
    for row_owner, data, updated_at, did in rows:
        row_owner = str(row_owner)
        try:
            shares.append(ReceivedShare(row_owner, _checked(data, did, row_owner, hub.user, me, key_of), updated_at))
        except ShareRefused as refusal:
            if owner is not None:  # the one share asked for
                raise
            problems.append(str(refusal))
    return shares, problems


def _checked(data: bytes, did: str | None, owner: str, reader: str, me: Me, key_of: KeyOf) -> dict:
    if did is None:
        raise ShareRefused(f"{owner} has no key published on the hub, so their share cannot be checked.")
    try:
        owner_key = key_of(did)
    except ValueError:
        raise ShareRefused(f"The key {owner} published is not a did:key, so their share cannot be checked.") from None
    document = open_document(data, me.seed, owner_key, owner)
    if document.get("owner") != owner or document.get("reader") != reader:
        raise ShareRefused(
            f"The share from {owner} does not hold: it was made for {document.get('reader')!s:.40} by "
            f"{document.get('owner')!s:.40}; nothing was written."
        )
    return document


def write_copy(share: ReceivedShare, path: Path) -> Path:
    """A new journal at path holding the shared records, rules and check-in figures (refused if path exists)."""
    from masterydesk.interchange.portable import document_to_bundle
    from masterydesk.services.checkins import CheckInFigures, write_checkin
    from masterydesk.services.journals import open_journal_file
    from masterydesk.services.settings import save_rules
    from masterydesk.services.transfer import import_bundle

    document = share.document
    try:
        bundle = document_to_bundle(document["records"])
        bundle = dataclasses.replace(bundle, journal=bundle.journal + _practice_entries(document.get("practice", [])))
        rules = r.TierRules(**{f.name: document["rules"][f.name] for f in dataclasses.fields(r.TierRules)
                               if f.name in document.get("rules", {})})
    except (KeyError, TypeError, ValueError) as error:
        raise ShareRefused(f"The share from {share.owner} cannot be read ({error}); nothing was written.") from None
    if path.exists():
        raise ShareRefused(f"{path} exists already; delete it or choose another file name for the copy.")
    journal = open_journal_file(path, create=True)
    try:
        import_bundle(journal, bundle)
        save_rules(journal, rules)
        checkins = {c.id: c for c in bundle.checkins}
        for checkin_id, figures in document.get("checkin_figures", {}).items():
            if checkin_id in checkins and (saved := CheckInFigures.from_json(figures)) is not None:
                write_checkin(journal, checkins[checkin_id], saved)
    finally:
        journal.close()
    return path


def save_copy(share: ReceivedShare, out: Path) -> Path:
    """The client's copy at out, made in a private folder beside it and then moved into place."""
    from masterydesk.services.files import private_folder

    out = Path(out)
    if out.exists():
        raise ShareRefused(f"{out} exists already; delete it or choose another file name for the copy.")
    private_folder(out.parent)
    with private_temporary_folder(out.parent) as folder:
        made = write_copy(share, folder / out.name)
        os.replace(made, out)
    return out


@contextmanager
def private_temporary_folder(parent: Path | None = None) -> Iterator[Path]:
    """A folder only its owner can enter (0700), deleted with what it holds at the end of the block."""
    folder = Path(tempfile.mkdtemp(prefix=".masterydesk-coach-", dir=parent))
    try:
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)


@contextmanager
def opened_copy(share: ReceivedShare) -> Iterator[Journal]:
    """The client's copy as a read-only journal in a private temporary folder, deleted afterwards."""
    from masterydesk.services.journals import open_journal_file

    with private_temporary_folder() as folder:
        path = write_copy(share, folder / "client.sqlite")
        journal = open_journal_file(path, read_only=True)
        try:
            yield journal
        finally:
            journal.close()


# --- the coach's Clients list -------------------------------------------------------------------


@dataclass(frozen=True)
class ClientView:
    """One line of the Clients list: who, their headline figures, last check-in, what needs attention."""

    user: str
    name: str
    made_at: str
    metrics: dict  # exactly what `masterydesk metrics --json` prints for the client's journal
    last_checkin: dt.date | None
    attention: tuple[str, ...]

    def as_json(self) -> dict:
        return {
            "user": self.user, "name": self.name, "shared_at": self.made_at,
            "window": self.metrics["window"], "overall": self.metrics["overall"],
            "last_checkin": self.last_checkin.isoformat() if self.last_checkin else None,
            "attention": list(self.attention),
        }

    def headline(self) -> str:
        """The headline figures in words."""
        overall = self.metrics["overall"]
        rating = overall["teaching_mean_rating"]
        return (
            f"{_count(overall['applications'], 'application')} ({overall['applications_per_week']:.2f}/week), "
            f"{_count(overall['teaching_events'], 'teaching event')}"
            + (f" (mean rating {rating:.1f})" if rating is not None else "")
            + f", {overall['practice_minutes']} min practice, {_count(overall['promotions'], 'promotion')}, "
            f"{_count(overall['skills_at_risk'], 'skill')} at risk"
        )


def client_view(share: ReceivedShare, today: dt.date | None = None) -> ClientView:
    """Compute a client's line from their copy, with the services the client's own app uses."""
    from masterydesk.interchange.metrics_json import metrics_to_json
    from masterydesk.services.browse import today_items
    from masterydesk.services.metrics import file_metrics

    today = today or dt.date.today()
    with opened_copy(share) as journal:
        metrics = metrics_to_json(file_metrics(journal.path, today=today))
        attention = tuple(item.text for item in today_items(journal, today))
        checkins = [dt.date.fromisoformat(c["date"]) for c in share.document["records"].get("checkins", [])]
    return ClientView(share.owner, share.name, share.made_at, metrics, max(checkins, default=None), attention)


def _count(count: int, thing: str) -> str:
    return f"{count} {thing}{'' if count == 1 else 's'}"


def _size(count: int) -> str:
    return f"{count / 1024:.0f} KB" if count >= 1024 else f"{count} bytes"
