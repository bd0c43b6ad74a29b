"""The child processes of bench_sync: one sync job each, answering in JSON on its last stdout line.

    python -m benchmarks.sync_load upload JOURNAL HUB      a journal's first upload (set_up)
    python -m benchmarks.sync_load join JOURNAL HUB        a new, empty device set up with the hub
    python -m benchmarks.sync_load edit A B PLAIN          one edit A -> B, and save latency
    python -m benchmarks.sync_load load                    load-test devices (a line protocol on stdin)

Each runs as the app does: the passphrase stretched once per set-up (hub_key_for), every sync
through syncing.sync_now, every edit through services.editing (the app's one write door).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import json
import random
import sys
import threading
import time
from contextlib import contextmanager
from pathlib import Path

PASSPHRASE = "a benchmark sync passphrase"
ANSWER = "@@ "  # the line the parent reads; anything else a child prints is left alone
EDITS = 6  # one-edit rounds per child, after a warm-up edit B -> A
SAVES = 30  # saves per journal for the save latency
LOAD_SCALE = 0.005  # a small journal per user in the load test: ~330 records
COUNTER_LIMIT = 0xFFFF  # the four hex digits of a stamp's counter (domain.hlc)


def answer(value) -> None:
    print(ANSWER + json.dumps(value), flush=True)


# --- the clock ----------------------------------------------------------------------------------


def clock_overflows() -> bool:
    """Whether the shipped clock writes a stamp its own parser refuses once 65,536 edits share a
    millisecond (as a set-up's marks do: every record of the journal, one wall-clock time)."""
    from masterydesk.domain.hlc import Clock, Stamp

    _clock, stamp = Clock(1, COUNTER_LIMIT, "d").tick(1)
    try:
        Stamp.parse(stamp.text)
    except ValueError:
        return True
    return False


def patch_clock() -> bool:
    """If the clock overflows, let it move to the next millisecond instead (here only, never in
    masterydesk/): without this a journal of more than 65,536 records never reaches a new device,
    and no other figure of the ten-year journal can be measured. True when the patch was needed."""
    if not clock_overflows():
        return False
    from masterydesk.domain.hlc import Clock, Stamp

    def tick(self, now_ms: int):
        if now_ms > self.ms:
            clock = Clock(now_ms, 0, self.device)
        elif self.counter >= COUNTER_LIMIT:
            clock = Clock(self.ms + 1, 0, self.device)
        else:
            clock = Clock(self.ms, self.counter + 1, self.device)
        return clock, Stamp(clock.ms, clock.counter, self.device)

    Clock.tick = tick
    return True


# --- timing pieces of a sync --------------------------------------------------------------------


class Stages:
    """Seconds spent in named calls (summed over the calls), wall."""

    def __init__(self) -> None:
        self.seconds: dict[str, float] = {}

    def wrap(self, owner, attribute: str, name: str) -> None:
        original = getattr(owner, attribute)
        stages = self

        def timed(*args, **kwargs):
            start = time.perf_counter()
            try:
                return original(*args, **kwargs)
            finally:
                stages.seconds[name] = stages.seconds.get(name, 0.0) + time.perf_counter() - start

        setattr(owner, attribute, timed)


def timed_sync_stages() -> Stages:
    from masterydesk.sync import crypto, syncing

    stages = Stages()
    run = syncing._Run
    for attribute, name in (
        ("_fold", "fold marks into stamped changes"),
        ("_start_from_snapshot", "start from the newest snapshot"),
        ("_pull", "pull (unseal + merge + write)"),
        ("_push", "push change sets"),
        ("_publish_status", "publish status"),
        ("_snapshot_if_due", "write a snapshot"),
        ("_prune", "prune"),
    ):
        stages.wrap(run, attribute, name)
    stages.wrap(crypto, "seal", "  of which seal (zlib + encrypt)")
    stages.wrap(crypto, "unseal", "  of which unseal (decrypt + unzip)")
    stages.wrap(syncing, "_json", "  of which JSON of blobs")
    return stages


def record_count(journal) -> int:
    from masterydesk.sync import records

    with journal.reading() as connection:
        return len(records.every_key(connection))


# --- upload and join ----------------------------------------------------------------------------


def _set_up(journal_path: str, hub: str, create: bool) -> dict:
    from masterydesk.store.database import open_journal
    from masterydesk.sync import syncing

    stages = timed_sync_stages()
    start = time.perf_counter()
    key = syncing.hub_key_for(hub, PASSPHRASE)
    keyed = time.perf_counter()
    journal = open_journal(journal_path, create=create)
    try:
        opened = time.perf_counter()
        result = syncing.set_up(journal, hub, key)
        done = time.perf_counter()
        count = record_count(journal)
    finally:
        journal.close()
    return {
        "key_s": keyed - start, "open_s": opened - keyed, "set_up_s": done - opened,
        "sent": result.sent, "received": result.received, "records": count,
        "problems": list(result.problems), "stages_s": stages.seconds,
    }


def upload(journal_path: str, hub: str) -> dict:
    """A journal's first upload: hub_key_for, then set_up (what File ▸ Sync ▸ Set up… does)."""
    return _set_up(journal_path, hub, create=False)


def join(journal_path: str, hub: str) -> dict:
    """A new device: an empty journal set up with the same hub and passphrase."""
    return _set_up(journal_path, hub, create=True)


# --- one edit to the other device, and save latency -----------------------------------------------


def _entry(journal, entry_id: str):
    from masterydesk.store import bundles

    with journal.reading() as connection:
        found = bundles.read_records(connection, {"journal": [entry_id]})
    return next((e for e in found.journal if e.id == entry_id), None)


def _one_edit(a, b, entry_id: str, note: str) -> dict:
    """Change one entry's text on A (the app's write door), sync A, sync B: seconds of each."""
    from masterydesk.services.editing import save_records
    from masterydesk.sync import syncing

    before = _entry(a, entry_id)
    changed = dataclasses.replace(before, text=f"{before.text} ({note})")
    t0 = time.perf_counter()
    save_records(a, changed)
    t1 = time.perf_counter()
    pushed = syncing.sync_now(a)
    t2 = time.perf_counter()
    pulled = syncing.sync_now(b)
    t3 = time.perf_counter()
    arrived = _entry(b, entry_id)
    return {"save_s": t1 - t0, "push_s": t2 - t1, "pull_s": t3 - t2, "sent": pushed.sent,
            "received": pulled.received, "arrived": arrived is not None and arrived.text == changed.text,
            "problems": [*pushed.problems, *pulled.problems]}


def edit(a_path: str, b_path: str, plain_path: str = "", alone: str = "") -> dict:
    """One edit A -> B, EDITS times, after B has sent one edit of its own (so A has pulled once);
    with `alone`, first one edit while A has pulled nothing yet (a hub whose other devices only read).
    With a plain journal, save latency too."""
    from masterydesk.store.database import open_journal
    from masterydesk.sync import syncing

    a, b = open_journal(a_path), open_journal(b_path)
    answer_: dict = {}
    try:
        if alone:
            answer_["alone"] = [_one_edit(a, b, "entry-000999", "edited on A before any other device sent")]
        _one_edit(b, a, "entry-000998", "edited on B")  # B sends once; A pulls it
        syncing.sync_now(b)
        answer_["edits"] = [_one_edit(a, b, f"entry-{1000 + n:06d}", f"edited on A, {n}") for n in range(EDITS)]
    finally:
        a.close()
        b.close()
    if plain_path:
        answer_["saves"] = save_latency(plain_path, a_path)
    return answer_


def save_latency(plain_path: str, synced_path: str) -> dict:
    """Saves of a new entry, alternating between a journal without sync and one set up with it."""
    from masterydesk.domain import records as r
    from masterydesk.services.editing import save_records
    from masterydesk.store.database import open_journal

    journals = {"without": open_journal(plain_path), "with": open_journal(synced_path)}
    seconds: dict[str, list[float]] = {"without": [], "with": []}
    try:
        for n in range(SAVES):
            for name, journal in journals.items():
                entry = r.JournalEntry(f"bench-save-{n}", dt.date(2025, 12, 31), r.EntryKind.PRACTICE,
                                       f"Saved with sync set up or not ({n})", minutes=30)
                start = time.perf_counter()
                save_records(journal, entry)
                seconds[name].append(time.perf_counter() - start)
    finally:
        for journal in journals.values():
            journal.close()
    return seconds


# --- the load test ------------------------------------------------------------------------------


class HubClock:
    """Seconds each thread spends inside the PostgreSQL hub's connections (connect + queries)."""

    def __init__(self) -> None:
        self.local = threading.local()
        from masterydesk.sync import postgres_hub

        original = postgres_hub.PostgresHub._connection
        clock = self

        @contextmanager
        def timed(hub):
            start = time.perf_counter()
            try:
                with original(hub) as connection:
                    yield connection
            finally:
                clock.local.seconds = getattr(clock.local, "seconds", 0.0) + time.perf_counter() - start

        postgres_hub.PostgresHub._connection = timed

    def take(self) -> float:
        seconds = getattr(self.local, "seconds", 0.0)
        self.local.seconds = 0.0
        return seconds


@dataclasses.dataclass
class Device:
    user: int
    number: int  # 0..3 within the user
    path: Path
    hub: str
    journal: object = None
    expected: dict = dataclasses.field(default_factory=dict)  # entry id -> text this device wrote


def _small_bundle():
    from benchmarks.generate import generate_document
    from masterydesk.interchange.portable import document_to_bundle

    return document_to_bundle(generate_document(LOAD_SCALE))


def _prepare(devices: list[Device]) -> list[float]:
    """Each user's first device imports the small journal and uploads it; the others join."""
    from masterydesk.services.transfer import import_bundle
    from masterydesk.store.database import open_journal
    from masterydesk.sync import syncing

    bundle = _small_bundle()
    keys: dict[str, object] = {}
    joins = []
    for device in sorted(devices, key=lambda d: (d.user, d.number)):
        device.journal = open_journal(device.path, create=True)
        if device.number == 0:
            import_bundle(device.journal, bundle)
        if device.hub not in keys:
            keys[device.hub] = syncing.hub_key_for(device.hub, PASSPHRASE)
        start = time.perf_counter()
        syncing.set_up(device.journal, device.hub, keys[device.hub])
        if device.number:
            joins.append(time.perf_counter() - start)
    return joins


def _round_edit(device: Device, round_number: int) -> None:
    """Rounds 0 and 2 add an entry; round 1 changes an entry of its own (the n-th of the journal)."""
    from masterydesk.domain import records as r
    from masterydesk.services.editing import save_records

    mark = f"[u{device.user}-d{device.number}-r{round_number}]"
    if round_number % 2 == 0:
        entry = r.JournalEntry(f"load-d{device.number}-r{round_number}", dt.date(2026, 1, 1 + round_number),
                               r.EntryKind.PRACTICE, f"Load test entry {mark}", minutes=20)
    else:
        current = _entry(device.journal, f"entry-{device.number:06d}")
        entry = dataclasses.replace(current, text=f"{current.text} {mark}")
    save_records(device.journal, entry)
    device.expected[entry.id] = entry.text


def _sync(device: Device, hub_clock: HubClock, within: float = 0.0) -> dict:
    from masterydesk.sync import syncing

    if within:
        time.sleep(random.uniform(0.0, within))
    hub_clock.take()
    wall, cpu = time.perf_counter(), time.thread_time()
    try:
        result = syncing.sync_now(device.journal)
        error, problems = "", list(result.problems)
    except Exception as failure:  # a HubError or anything else: an error of the load test
        error, problems = f"{type(failure).__name__}: {failure}", []
    return {"device": f"{device.user}.{device.number}", "wall_s": time.perf_counter() - wall,
            "cpu_s": time.thread_time() - cpu, "hub_s": hub_clock.take(), "error": error, "problems": problems}


def _at_once(devices: list[Device], work) -> list[dict]:
    """work(device) in a thread per device, all started together; their answers."""
    results: list[dict] = [{}] * len(devices)
    start = threading.Barrier(len(devices))

    def run(index: int, device: Device) -> None:
        start.wait()
        results[index] = work(device)

    threads = [threading.Thread(target=run, args=(n, d)) for n, d in enumerate(devices)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


def _check(devices: list[Device]) -> list[dict]:
    """Each device's records as a digest, and the edits of its user's devices it lacks."""
    from masterydesk.services.transfer import export_bundle

    expected: dict[int, dict[str, str]] = {}
    for device in devices:
        expected.setdefault(device.user, {}).update(device.expected)
    answers = []
    for device in devices:
        bundle = export_bundle(device.journal)
        texts = {entry.id: entry.text for entry in bundle.journal}
        lost = [i for i, text in expected[device.user].items() if texts.get(i) != text]
        # Sorted by id: a device that received its records holds them in another order (its own
        # keys), which the journal list orders by date and key, so only the records are compared.
        records = [sorted(getattr(bundle, n), key=lambda record: record.id) for n in bundle.__dataclass_fields__]
        answers.append({"user": device.user, "device": device.number, "lost": lost,
                        "digest": hashlib.sha256(repr(records).encode()).hexdigest(),
                        "records": sum(len(getattr(bundle, n)) for n in bundle.__dataclass_fields__)})
    return answers


def load() -> None:
    """Devices of a few users, driven by the parent one line at a time:
    `round N [SECONDS]` (every device edits, then all sync at once, or each at a random moment of
    the seconds given), `settle` (all sync at once),
    `check`, `quit`. The first line is the devices: [[user, number, path, hub URL], ...]."""
    patch_clock()
    hub_clock = HubClock()
    devices = [Device(u, n, Path(p), h) for u, n, p, h in json.loads(sys.stdin.readline())]
    answer({"ready": True, "joins_s": _prepare(devices)})
    for line in sys.stdin:
        command = line.split()
        if not command or command[0] == "quit":
            break
        if command[0] == "round":
            number, within = int(command[1]), float(command[2]) if len(command) > 2 else 0.0
            for device in devices:
                _round_edit(device, number)
            answer({"syncs": _at_once(devices, lambda d: _sync(d, hub_clock, within))})
        elif command[0] == "settle":
            answer({"syncs": _at_once(devices, lambda d: _sync(d, hub_clock))})
        elif command[0] == "check":
            answer({"devices": _check(devices)})
    for device in devices:
        device.journal.close()


def main(argv: list[str]) -> None:
    mode, *arguments = argv
    if mode == "load":
        load()
        return
    patched = patch_clock()
    result = {"upload": upload, "join": join, "edit": edit}[mode](*arguments)
    answer({**result, "clock_patched": patched})


if __name__ == "__main__":
    main(sys.argv[1:])
