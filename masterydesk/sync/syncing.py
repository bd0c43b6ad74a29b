"""A sync run: fold this device's edits into stamped field changes, pull, push, snapshot, prune.

Order of a run (each step safe to cut short by a crash or a lost network):
1. fold: the records the triggers marked become field changes (domain.merge.local_edits) with
   hybrid-clock stamps, in the journal's synced state and its outbox — one transaction;
2. a device that has never pulled starts from the newest snapshot on the hub;
3. pull: every change set of the other devices not yet applied is checked (crypto.unseal) and
   merged, each in one transaction with the record of having applied it — so nothing is applied
   twice and nothing half; a damaged set is named and skipped, the rest goes on;
4. push: the outbox goes up in sealed change sets; a set's number is reserved (committed) before
   it is written and its rows leave the outbox only after, so a kill repeats a set at worst,
   and repeating one changes nothing (its stamps are already there);
5. this device's status (what it has seen), a snapshot now and then, and pruning of its own
   change sets that every device seen in the last 90 days has, and the newest snapshot holds.
"""

from __future__ import annotations

import datetime as dt
import json
import secrets
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path

from masterydesk.domain.errors import MasteryDeskError
from masterydesk.domain.hlc import Clock, Stamp
from masterydesk.domain.merge import DELETED, FieldState, is_live, local_edits, merge_record, values
from masterydesk.services.writes import writing
from masterydesk.store import sync_log
from masterydesk.store.database import Journal
from masterydesk.store.journal_lock import JournalLock
from masterydesk.sync import crypto, records
from masterydesk.sync.hub import Blob, Hub, HubError
from masterydesk.sync.records import Key

DEVICE, HUB, KEY, HUB_ID, CLOCK, PUSHED = "device", "hub", "key", "hub_id", "clock", "pushed"
SNAPSHOT_SEQ, LAST_SYNC, LAST_RESULT = "snapshot_seq", "last_sync", "last_result"
LAST_OK = "last_ok"  # when a sync last went through (this device's status is on the hub since then)
CHUNK = 2000  # records per change set
SNAPSHOT_EVERY = 50  # change sets of this device between its snapshots
SNAPSHOT_AFTER_RECORDS = 5000  # a run that sends more than this many records writes one at once
FORGET_AFTER_DAYS = 90
WARN_AFTER_DAYS = 60

Progress = Callable[[int, int, str], None]


class SyncRefused(MasteryDeskError):
    """A sync that cannot start: not set up, or another sync of the journal is running."""


@dataclass(frozen=True, slots=True)
class SyncResult:
    hub: str
    sent: int = 0  # records sent
    received: int = 0  # records changed here
    conflicts: int = 0
    problems: tuple[str, ...] = ()

    def sentence(self) -> str:
        parts = [f"Synced with {self.hub}: {self.sent} sent, {self.received} received"]
        if self.conflicts:
            parts.append(f"{self.conflicts} conflict{'s' if self.conflicts != 1 else ''} kept (Edit ▸ Sync conflicts…)")
        return "; ".join(parts) + "." + "".join(f" {p}" for p in self.problems)


@dataclass
class _Tally:
    sent: int = 0
    received: int = 0
    conflicts: int = 0
    problems: list[str] = field(default_factory=list)


def is_postgres(address: str) -> bool:
    return address.startswith(("postgresql:", "postgresql+psycopg:", "postgres:"))


def open_hub(address: str) -> Hub:
    """The hub at a folder path or a postgresql:// URL."""
    if is_postgres(address):
        from masterydesk.sync.postgres_hub import open_postgres_hub

        return open_postgres_hub(address)
    return _folder_hub(Path(address).expanduser())


def _folder_hub(folder: Path) -> Hub:
    from masterydesk.sync.folder_hub import FolderHub

    return FolderHub(folder)


def now_ms() -> int:
    return time.time_ns() // 1_000_000


# --- setting up ---------------------------------------------------------------------------------


def hub_key(hub: Hub, passphrase: str) -> crypto.HubKey:
    """The key of the hub for a passphrase; a hub nobody set up gets its header now."""
    header = hub.read_header()
    if header is None:
        fresh, key = crypto.new_header(passphrase)
        header = hub.create_header(fresh)
        if header == fresh:
            return key
    return crypto.key_from_header(header, passphrase)


def hub_key_for(address: str, passphrase: str) -> crypto.HubKey:
    """Open the hub and check the passphrase against it (making the hub if nobody has yet)."""
    if not passphrase:
        raise SyncRefused("A sync passphrase is needed: it encrypts everything the hub keeps.")
    hub = open_hub(address)
    try:
        return hub_key(hub, passphrase)
    finally:
        hub.close()


def set_up(journal: Journal, address: str, key: crypto.HubKey, progress: Progress | None = None) -> SyncResult:
    """Join this journal to a hub whose key was checked (hub_key_for), then sync everything."""
    with writing(journal, "sync") as connection:
        _join(connection, address, key)
    return sync_now(journal, progress)


def _join(connection, address: str, key: crypto.HubKey) -> None:
    state = sync_log.read_state(connection)
    if state.get(HUB_ID) not in (None, key.hub_id):
        sync_log.forget_sync(connection)  # another hub: this journal joins it as a new device
        state = {}
    sync_log.write_state(connection, {
        DEVICE: state.get(DEVICE) or secrets.token_hex(6), HUB: address,
        KEY: key.key.hex(), HUB_ID: key.hub_id, CLOCK: state.get(CLOCK, "0.0"),
    })
    if not state:
        sync_log.mark_dirty(connection, records.every_key(connection), now_ms())


def is_set_up(journal: Journal) -> bool:
    with journal.reading() as connection:
        return DEVICE in sync_log.read_state(connection)


def turn_off(journal: Journal) -> None:
    """Stop syncing this journal on this device (the hub and the other devices keep their copies)."""
    with writing(journal, "sync") as connection:
        if sync_log.read_state(connection):
            sync_log.forget_sync(connection)


# --- a run --------------------------------------------------------------------------------------


def sync_now(journal: Journal, progress: Progress | None = None) -> SyncResult:
    """One sync with the hub this journal is set up with; HubError when the hub cannot be used."""
    lock = JournalLock(journal.path, "sync-lock")
    if not lock.try_lock():
        raise SyncRefused(f"A sync of {journal.path.name} is already running; this one was not started.")
    try:
        return _sync_locked(journal, progress or (lambda done, total, text: None))
    finally:
        lock.unlock()


def _sync_locked(journal: Journal, progress: Progress) -> SyncResult:
    with journal.reading() as connection:
        state = sync_log.read_state(connection)
    if DEVICE not in state:
        raise SyncRefused("Sync is not set up for this journal: File ▸ Sync ▸ Set up…, or masterydesk sync --hub.")
    run = _Run(journal, state, progress)
    hub = open_hub(state[HUB])
    try:
        result = run.run(hub)
        if (result.sent or result.received) and is_postgres(state[HUB]):
            from masterydesk.sync.shares import refresh_after_sync  # what this journal shares stays current

            result = replace(result, problems=result.problems + refresh_after_sync(journal, hub))
    except HubError as error:
        run.remember(f"failed: {error}")
        raise
    finally:
        hub.close()
    run.remember("ok")
    return result


class _Run:
    def __init__(self, journal: Journal, state: dict[str, str], progress: Progress) -> None:
        self.journal = journal
        self.device = state[DEVICE]
        self.key = crypto.HubKey(state[HUB_ID], bytes.fromhex(state[KEY]))
        ms, counter = state.get(CLOCK, "0.0").split(".")
        self.clock = Clock(int(ms), int(counter), self.device)
        self.location = shown_hub(state[HUB])
        self.progress = progress
        self.tally = _Tally()
        self.statuses: dict[str, Blob] | None = None
        self.last_ok = state.get(LAST_OK, "")

    def run(self, hub: Hub) -> SyncResult:
        with writing(self.journal, "sync") as connection:
            self._fold(connection)
        self._start_from_snapshot(hub)
        self._pull(hub)
        self._push(hub)
        seen = self._publish_status(hub)
        self._snapshot_if_due(hub, seen)
        self._prune(hub)
        t = self.tally
        return SyncResult(self.location, t.sent, t.received, t.conflicts, tuple(t.problems))

    def remember(self, result: str) -> None:
        """The last sync's time and result, for the status bar and `sync --status`."""
        stamp = dt.datetime.now(dt.timezone.utc).replace(microsecond=0).isoformat()
        ok = {LAST_OK: stamp} if result == "ok" else {}
        with writing(self.journal, "sync") as connection:
            sync_log.write_state(connection, {LAST_SYNC: stamp, LAST_RESULT: result, **ok})

    # --- fold -------------------------------------------------------------------------------

    def _fold(self, connection) -> None:
        """This device's marked records become stamped field changes (state and outbox)."""
        dirty = sync_log.read_dirty(connection)
        if dirty:
            keys = [(c, i) for c, i, _ms in dirty]
            now = records.current_fields(connection, keys)
            states = _decoded(sync_log.read_states(connection, keys))
            changed, outbox = {}, {}
            for collection, record_id, changed_ms in dirty:
                key = (collection, record_id)
                self.clock, stamp = self.clock.tick(changed_ms)
                state = states.get(key, {})
                edits = local_edits(state, now.get(key), stamp.text)
                if edits:
                    changed[key] = _text({**state, **edits})
                    outbox[key] = _text(edits) if state else changed[key]  # a new record: encoded once
            sync_log.write_states(connection, changed)
            sync_log.append_outbox(connection, outbox)
            sync_log.clear_dirty(connection)
        self._save_clock(connection)

    def _save_clock(self, connection) -> None:
        sync_log.write_state(connection, {CLOCK: f"{self.clock.ms}.{self.clock.counter}"})

    # --- pull -------------------------------------------------------------------------------

    def _start_from_snapshot(self, hub: Hub) -> None:
        with self.journal.reading() as connection:
            if sync_log.read_seen(connection):
                return
        for blob in hub.newest_snapshots():
            if blob.device == self.device:  # it holds only what this journal has: a lone device
                continue  # would otherwise rewrite its whole journal from it at every sync
            opened = self._open_snapshot(blob)
            if opened is None:
                continue
            items, seen = opened
            seen.pop(self.device, None)
            self.progress(0, 1, "Starting from the newest snapshot…")
            self._apply_snapshot(items, seen, f"snapshot {blob.seq} of device {blob.device}")
            return

    def _open_snapshot(self, blob) -> tuple[list, dict[str, int]] | None:
        """A snapshot's records and what its device had seen; None (and a problem noted) if it cannot be read."""
        try:
            snapshot = json.loads(crypto.unseal(self.key, crypto.SNAPSHOT, blob.data))
            return list(snapshot["records"]), _seen(snapshot["seen"])
        except (crypto.SealError, ValueError, KeyError, TypeError) as error:
            self.tally.problems.append(f"Snapshot {blob.seq} of device {blob.device} was skipped: {error}.")
            return None

    def _apply_snapshot(self, items: list, seen: dict[str, int], name: str) -> bool:
        """Apply a snapshot: loaded whole into a journal that holds nothing yet, else merged record by record."""
        try:
            if self._load_whole(items, seen):
                return True
            changes = _changes(items)
        except (ValueError, KeyError, TypeError) as error:
            self.tally.problems.append(f"The {name} was skipped: {error}.")
            return False
        return self._apply(changes, seen, name)

    def _load_whole(self, items: list, seen: dict[str, int]) -> bool:
        """Into an empty journal, a snapshot's records go in one bulk write (as an import does),
        not merged one by one: the new device's usual start. False if the journal holds anything."""
        states, latest = _states(items)
        try:
            with writing(self.journal, "sync") as connection:
                if not sync_log.holds_nothing(connection) or records.every_key(connection):
                    return False
                sync_log.drop_sync_triggers(connection)  # its writes are synced already: nothing to mark
                records.write_new(connection, {key: _values(state) for key, state in states.items() if _is_live(state)})
                sync_log.create_sync_triggers(connection)
                sync_log.write_states(connection, {key: _text(state) for key, state in states.items()})
                sync_log.write_seen(connection, seen)
                if latest:
                    self.clock = self.clock.seen(Stamp.parse(latest))
                self._save_clock(connection)
        except ValueError:
            return False  # it refers to records it lacks: the merge decides, record by record
        self.tally.received += len(states)
        return True

    def _pull(self, hub: Hub) -> None:
        with self.journal.reading() as connection:
            seen = sync_log.read_seen(connection)
        blocked: set[str] = set()
        blobs = list(hub.changes_after(seen, self.device))
        covered = self._fill_gaps(hub, seen, blobs)  # change sets a snapshot applied here already holds
        for done, blob in enumerate(blobs):
            self.progress(done, len(blobs), f"Receiving changes from device {blob.device}…")
            if blob.device in blocked or blob.seq <= covered.get(blob.device, 0):
                continue
            name = f"Change set {blob.seq} of device {blob.device}"
            try:
                payload = json.loads(crypto.unseal(self.key, crypto.CHANGES, blob.data))
                if payload.get("device") != blob.device:
                    raise ValueError("it names another device")
                changes = _changes(payload["changes"])
            except (crypto.SealError, ValueError, KeyError, TypeError) as error:
                self.tally.problems.append(f"{name} was refused: {error}.")
                continue
            if payload.get("snapshot"):
                covered[blob.device] = self._catch_up(hub, blob)
                applied = covered[blob.device] > 0
            else:
                applied = self._apply(changes, {blob.device: max(blob.seq, seen.get(blob.device, 0))}, name)
            if not applied:
                blocked.add(blob.device)  # a device's sets apply in order: wait for the next sync

    def _catch_up(self, hub: Hub, marker) -> int:
        """A device that sent its first changes as a snapshot: apply its newest snapshot; its seq (0 if none was)."""
        applied = self._from_snapshot(hub, marker.device, marker.seq)
        if not applied:
            self.tally.problems.append(
                f"Change set {marker.seq} of device {marker.device} is in a snapshot that could not be applied yet;"
                " it will be tried again."
            )
        return applied

    def _fill_gaps(self, hub: Hub, seen: dict[str, int], blobs: list) -> dict[str, int]:
        """After a long absence, the devices whose change sets this journal has not all seen start
        again here from their newest snapshot: the others stopped waiting for this device after
        FORGET_AFTER_DAYS and pruned what it missed. Returns the seq each snapshot applied holds up to.

        Only then: while the others wait for this device, every set it has not seen is still on the
        hub (and a seq skipped by a push killed half-way is a hole with nothing missing).
        """
        if not self._away_long(hub):
            return {}
        first: dict[str, int] = {}
        for blob in blobs:
            first.setdefault(blob.device, blob.seq)
        covered = {}
        for device in sorted((set(self._statuses(hub)) | set(seen) | set(first)) - {self.device}):
            needed = seen.get(device, 0) + 1
            available = first.get(device)
            newest = available - 1 if available is not None else hub.last_seq(device)
            if newest >= needed:
                covered[device] = self._from_snapshot(hub, device, needed)
        return covered

    def _away_long(self, hub: Hub) -> bool:
        """Whether this device last synced long enough ago for the others to have stopped waiting for it
        (its own record of its last good sync, else its status on the hub)."""
        if self.last_ok:
            last = dt.datetime.fromisoformat(self.last_ok).timestamp()
        else:
            mine = self._statuses(hub).get(self.device)
            last = mine.seq if mine is not None else time.time()
        return time.time() - last >= WARN_AFTER_DAYS * 86400

    def _statuses(self, hub: Hub) -> dict[str, Blob]:
        """Every device's status on the hub (read once a sync): when each last synced, what it has seen."""
        if self.statuses is None:
            self.statuses = {blob.device: blob for blob in hub.device_statuses()}
        return self.statuses

    def _from_snapshot(self, hub: Hub, device: str, at_least: int) -> int:
        """Apply the device's newest snapshot if it holds its sets up to at_least: its seq, else 0."""
        for blob in hub.newest_snapshots():
            if blob.device != device:
                continue
            opened = self._open_snapshot(blob) if blob.seq >= at_least else None
            if opened is not None:
                items, _seen = opened
                if self._apply_snapshot(items, {device: blob.seq}, f"snapshot {blob.seq} of device {device}"):
                    return blob.seq
            break
        return 0

    def _apply(self, changes: list[tuple[Key, dict[str, FieldState]]], seen: dict[str, int], name: str) -> bool:
        try:
            with writing(self.journal, "sync") as connection:
                self._fold(connection)
                self._merge(connection, changes)
                sync_log.write_seen(connection, seen)
                sync_log.clear_dirty(connection)  # the marks this set's own writes made
                self._save_clock(connection)
        except (ValueError, KeyError, TypeError, MasteryDeskError) as error:
            self.tally.problems.append(f"{name} could not be applied yet ({error}); it will be tried again.")
            return False
        return True

    def _merge(self, connection, changes: list[tuple[Key, dict[str, FieldState]]]) -> None:
        keys = [key for key, _fields in changes]
        states = _decoded(sync_log.read_states(connection, keys))
        touched: dict[Key, dict[str, FieldState]] = {}
        lost_rows: list[dict] = []
        for key, incoming in changes:
            for item in incoming.values():
                self.clock = self.clock.seen(Stamp.parse(item.stamp))
            merged, lost = merge_record(touched.get(key, states.get(key, {})), incoming)
            touched[key] = merged
            lost_rows += [_conflict_row(key, item, "") for item in lost]
        revived = self._materialize(connection, touched, states)
        lost_rows += [_revival_row(key, note) for key, note in revived.items()]
        sync_log.write_states(connection, {key: _text(state) for key, state in touched.items()})
        sync_log.add_conflicts(connection, lost_rows)
        self.tally.received += len(touched)
        self.tally.conflicts += len(lost_rows)

    def _materialize(self, connection, touched: dict, states: dict) -> dict[Key, str]:
        """Write the merged records into the journal; a deleted record still in use is kept (revived)."""
        live = {key: values(state) for key, state in touched.items() if is_live(state)}
        dead = [key for key, state in touched.items() if not is_live(state)]
        revived: dict[Key, str] = {}
        for key, users in records.users_of(connection, dead).items():
            if users - set(dead):
                revived[key] = "deleted on another device, kept here because other records still use it"
        for collection, ids in records.missing_references(connection, live).items():
            for record_id in ids:
                key = (collection, record_id)
                state = touched.get(key) or _decoded(sync_log.read_states(connection, [key])).get(key)
                if not state:
                    raise ValueError(f"{collection} record {record_id} it refers to has not arrived")
                touched.setdefault(key, state)
                revived[key] = "deleted on another device, kept because a record from there still uses it"
        for key in revived:
            self.clock, stamp = self.clock.tick(now_ms())
            edit = local_edits({DELETED: touched[key][DELETED]}, {}, stamp.text)
            touched[key] = {**touched[key], **edit}
            sync_log.append_outbox(connection, {key: _text(edit)})
            live[key] = values(touched[key])
        records.write_live(connection, live)
        records.delete_records(connection, [key for key in dead if key not in revived])
        return revived

    # --- push -------------------------------------------------------------------------------

    def _push(self, hub: Hub) -> None:
        with self.journal.reading() as connection:
            first = not int(sync_log.read_state(connection).get(PUSHED, "0"))
            whole = first and sync_log.outbox_size(connection) > SNAPSHOT_AFTER_RECORDS
        if whole:
            self._push_snapshot(hub)  # a first upload: the whole journal once, as a snapshot
            return
        while True:
            with self.journal.reading() as connection:
                rows = sync_log.read_outbox(connection, CHUNK)
            if not rows:
                return
            seq = self._reserve(hub)
            items = [_item(c, i, fields) for _pk, c, i, fields in rows]
            data = _joined({"device": self.device, "seq": seq}, "changes", items)
            hub.put_changes(self.device, seq, crypto.seal(self.key, crypto.CHANGES, data))
            with writing(self.journal, "sync") as connection:
                sync_log.drop_outbox(connection, rows[-1][0])
            self.tally.sent += len(rows)
            self.progress(self.tally.sent, self.tally.sent + CHUNK, "Sending changes…")

    def _reserve(self, hub: Hub) -> int:
        """The next seq of this device, reserved (committed) before anything is written under it."""
        with self.journal.reading() as connection:
            pushed = int(sync_log.read_state(connection).get(PUSHED, "0"))
        seq = max(pushed, hub.last_seq(self.device)) + 1
        with writing(self.journal, "sync") as connection:
            sync_log.write_state(connection, {PUSHED: str(seq)})
        return seq

    def _push_snapshot(self, hub: Hub) -> None:
        """The outbox as a snapshot at the next seq, and an empty change set there that says so:
        a device that has not seen it applies the snapshot instead (_catch_up). Written once, not twice."""
        seq = self._reserve(hub)
        self.progress(0, 1, "Sending the whole journal…")
        with self.journal.reading() as connection:
            sent, last_row = sync_log.outbox_size(connection), sync_log.last_outbox_row(connection)
            seen = {**sync_log.read_seen(connection), self.device: seq}
            snapshot = self._snapshot(connection, seen)
        hub.put_snapshot(self.device, seq, crypto.seal(self.key, crypto.SNAPSHOT, snapshot))
        marker = _joined({"device": self.device, "seq": seq, "snapshot": seq}, "changes", [])
        hub.put_changes(self.device, seq, crypto.seal(self.key, crypto.CHANGES, marker))
        with writing(self.journal, "sync") as connection:
            sync_log.drop_outbox(connection, last_row)
            sync_log.write_state(connection, {SNAPSHOT_SEQ: str(seq)})
        self.tally.sent += sent

    # --- status, snapshots, pruning ---------------------------------------------------------

    def _publish_status(self, hub: Hub) -> dict[str, int]:
        with self.journal.reading() as connection:
            seen = sync_log.read_seen(connection)
            seen[self.device] = int(sync_log.read_state(connection).get(PUSHED, "0"))
        status = {"device": self.device, "seen": seen, "at": int(time.time())}
        hub.put_device(self.device, crypto.seal(self.key, crypto.STATUS, _json(status)))
        return seen

    def _snapshot_if_due(self, hub: Hub, seen: dict[str, int]) -> None:
        with self.journal.reading() as connection:
            state = sync_log.read_state(connection)
            last = int(state.get(SNAPSHOT_SEQ, "0"))
            pushed = seen[self.device]
            due = pushed - last >= SNAPSHOT_EVERY or (self.tally.sent > SNAPSHOT_AFTER_RECORDS and pushed > last)
            if not due:
                return
            snapshot = self._snapshot(connection, seen)
        hub.put_snapshot(self.device, pushed, crypto.seal(self.key, crypto.SNAPSHOT, snapshot))
        with writing(self.journal, "sync") as connection:
            sync_log.write_state(connection, {SNAPSHOT_SEQ: str(pushed)})

    def _snapshot(self, connection, seen: dict[str, int]) -> bytes:
        """Every synced record's state, as a snapshot's JSON (the stored texts joined, not decoded)."""
        items = [_item(c, i, state) for c, i, state in sync_log.all_states(connection)]
        return _joined({"device": self.device, "seen": seen}, "records", items)

    def _prune(self, hub: Hub) -> None:
        """Delete this device's change sets that every recent device has and the snapshot holds."""
        with self.journal.reading() as connection:
            snapshot_seq = int(sync_log.read_state(connection).get(SNAPSHOT_SEQ, "0"))
        if not snapshot_seq:
            return
        now = int(time.time())
        kept = snapshot_seq
        for blob in self._statuses(hub).values():
            if blob.device == self.device:
                continue
            age_days = (now - blob.seq) / 86400
            if age_days > FORGET_AFTER_DAYS:
                continue
            if age_days > WARN_AFTER_DAYS:
                self.tally.problems.append(
                    f"Device {blob.device} last synced {int(age_days)} days ago; after {FORGET_AFTER_DAYS} days "
                    "it is no longer waited for, and it will start again from a snapshot."
                )
            try:
                status = json.loads(crypto.unseal(self.key, crypto.STATUS, blob.data))
                kept = min(kept, int(status["seen"].get(self.device, 0)))
            except (crypto.SealError, ValueError, KeyError, TypeError, AttributeError):
                return  # a status that cannot be read: keep everything
        hub.prune(self.device, kept, snapshot_seq)


# --- conversions --------------------------------------------------------------------------------


def _json(value) -> bytes:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def _decoded(states: dict[Key, dict]) -> dict[Key, dict[str, FieldState]]:
    return {key: {name: FieldState.from_list(item) for name, item in state.items()} for key, state in states.items()}


def _text(fields: dict) -> str:
    """A record's fields (FieldState or [value, stamp, base] each) as the JSON text the journal keeps."""
    plain = {name: item.as_list() if isinstance(item, FieldState) else item for name, item in fields.items()}
    return json.dumps(plain, ensure_ascii=False, separators=(",", ":"))


def _item(collection: str, record_id: str, fields_text: str) -> str:
    """[collection, id, fields] as JSON text, around fields that are JSON text already."""
    return f"[{json.dumps(collection)},{json.dumps(record_id, ensure_ascii=False)},{fields_text}]"


def _joined(head: dict, name: str, items: list[str]) -> bytes:
    """The JSON object of head with one more member, a list of items that are JSON text already."""
    return f'{_json(head).decode()[:-1]},"{name}":[{",".join(items)}]}}'.encode("utf-8")


def _changes(items: Iterable) -> list[tuple[Key, dict[str, FieldState]]]:
    """Change items [[collection, id, {field: [value, stamp, base]}]] checked for shape."""
    changes = []
    for collection, record_id, fields in items:
        if collection not in records.COLLECTIONS or not isinstance(record_id, str) or not isinstance(fields, dict):
            raise ValueError(f"it holds an unknown kind of record ({collection!r})")
        parsed = {str(name): FieldState.from_list(item) for name, item in fields.items()}
        for item in parsed.values():
            Stamp.parse(item.stamp)
        changes.append(((collection, record_id), parsed))
    return changes


def _states(items: Iterable) -> tuple[dict[Key, dict[str, list]], str]:
    """A snapshot's records as states of [value, stamp, base] lists, checked for shape; and the latest stamp."""
    states: dict[Key, dict[str, list]] = {}
    latest = ""
    for collection, record_id, fields in items:
        if collection not in records.COLLECTIONS or not isinstance(record_id, str) or not isinstance(fields, dict):
            raise ValueError(f"it holds an unknown kind of record ({collection!r})")
        for _value, stamp, base in fields.values():
            if not isinstance(stamp, str) or not isinstance(base, str):
                raise ValueError("a field's stamps must be text")
            latest = max(latest, stamp)
        states[collection, record_id] = fields
    return states, latest


def _is_live(state: dict[str, list]) -> bool:
    """merge.is_live for a state of [value, stamp, base] lists."""
    deleted = state.get(DELETED)
    return bool(state) and not (deleted is not None and deleted[0] is True)


def _values(state: dict[str, list]) -> dict:
    return {name: item[0] for name, item in state.items() if name != DELETED}


def _seen(value) -> dict[str, int]:
    return {str(device): int(seq) for device, seq in dict(value).items()}


def _conflict_row(key: Key, lost, note: str) -> dict:
    return {
        "noticed_at": dt.datetime.now(dt.timezone.utc).replace(microsecond=0).isoformat(),
        "collection": key[0], "record_id": key[1], "field": lost.field,
        "lost_value": json.dumps(lost.value, ensure_ascii=False), "lost_stamp": lost.stamp,
        "kept_stamp": lost.kept_stamp, "note": note, "restored": False,
    }


def _revival_row(key: Key, note: str) -> dict:
    return {
        "noticed_at": dt.datetime.now(dt.timezone.utc).replace(microsecond=0).isoformat(),
        "collection": key[0], "record_id": key[1], "field": DELETED,
        "lost_value": "true", "lost_stamp": "", "kept_stamp": "", "note": note, "restored": False,
    }


# --- what the status bar and `sync --status` say ------------------------------------------------


@dataclass(frozen=True, slots=True)
class SyncStatus:
    set_up: bool
    hub: str = ""  # without a password
    device: str = ""
    last_sync: str = ""  # ISO time, UTC
    last_result: str = ""  # "ok" or "failed: <sentence>"
    waiting: int = 0  # records changed here not yet on the hub
    conflicts: int = 0  # conflicts not restored

    def as_json(self) -> dict:
        return {name: getattr(self, name) for name in self.__dataclass_fields__}

    def sentence(self) -> str:
        if not self.set_up:
            return "Sync is not set up."
        when = self.last_sync.replace("T", " ")[:16] + " UTC" if self.last_sync else "never"
        state = "failed: " + self.last_result.removeprefix("failed: ") if self.last_result.startswith("failed") else "ok"
        extra = f"; {self.waiting} change{'s' if self.waiting != 1 else ''} to send" if self.waiting else ""
        return f"Last sync with {self.hub}: {when}, {state}{extra}."


def shown_hub(address: str) -> str:
    """The hub's address without a password."""
    if "://" not in address:
        return address
    from urllib.parse import urlsplit, urlunsplit

    parts = urlsplit(address)
    if parts.password is None:
        return address
    host = parts.hostname or ""
    netloc = f"{parts.username}@{host}" + (f":{parts.port}" if parts.port else "")
    return urlunsplit((parts.scheme, netloc, parts.path, parts.query, parts.fragment))


def status(journal: Journal) -> SyncStatus:
    with journal.reading() as connection:
        state = sync_log.read_state(connection)
        if DEVICE not in state:
            return SyncStatus(False)
        waiting = sync_log.outbox_size(connection) + len(sync_log.read_dirty(connection))
        conflicts = len(sync_log.read_conflicts(connection, restored=False))
    return SyncStatus(
        True, shown_hub(state[HUB]), state[DEVICE], state.get(LAST_SYNC, ""), state.get(LAST_RESULT, ""),
        waiting, conflicts,
    )
