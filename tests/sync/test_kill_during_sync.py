"""Kill -9 at random points of syncs on both sides: each journal stays whole, nothing a save
acknowledged is lost, and the next sync converges. The test run kills 16 syncs (8 rounds of two);
`./dev.sh bench sync` runs this same test with MASTERYDESK_KILL_ROUNDS=25: 50 kills."""

from __future__ import annotations

import os
import random
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from masterydesk.services.editing import save_records
from masterydesk.services.transfer import export_bundle
from masterydesk.store.database import open_journal
from masterydesk.sync import syncing
from tests.builders import skill

ROOT = Path(__file__).parents[2]
ROUNDS = int(os.environ.get("MASTERYDESK_KILL_ROUNDS", "8"))  # two kills a round

# A device that saves one skill (and says so once it is committed), then syncs again and again.
DEVICE = """
import sys, itertools
from masterydesk.store.database import open_journal
from masterydesk.services.editing import save_records
from masterydesk.sync import syncing
from masterydesk.domain import records as r
journal = open_journal(sys.argv[1])
save_records(journal, r.Skill(sys.argv[2], sys.argv[2], r.Category.TECHNICAL, description="x" * 2000))
print("saved", flush=True)
for n in itertools.count():
    syncing.sync_now(journal)
"""


def _start(path: Path, skill_id: str) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-c", DEVICE, str(path), skill_id],
                            cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)


def kill_rounds(laptop: Path, desktop: Path, rounds: int, seed: int) -> set[str]:
    """Run both devices, kill each at a random moment after its save; the ids acknowledged."""
    chance = random.Random(seed)
    acknowledged: set[str] = set()
    for n in range(rounds):
        devices = [_start(laptop, f"laptop-{n}"), _start(desktop, f"desktop-{n}")]
        for device, name in zip(devices, ("laptop", "desktop")):
            if device.stdout.readline().strip() == "saved":
                acknowledged.add(f"{name}-{n}")
        time.sleep(chance.uniform(0.0, 0.6))
        for device in devices:
            device.kill()
            device.wait()
    return acknowledged


def make_pair(tmp_path: Path) -> tuple[Path, Path]:
    (tmp_path / "hub").mkdir()
    paths = tmp_path / "laptop.sqlite", tmp_path / "desktop.sqlite"
    key = syncing.hub_key_for(str(tmp_path / "hub"), "passphrase")
    for n, path in enumerate(paths):
        journal = open_journal(path, create=True)
        if n == 0:
            save_records(journal, *[skill(f"s{i}", description="y" * 500) for i in range(300)])
        syncing.set_up(journal, str(tmp_path / "hub"), key)
        journal.close()
    return paths


def settle(paths) -> list:
    """Sync each journal until quiet; their records afterwards."""
    journals = [open_journal(path) for path in paths]
    try:
        for _round in range(2):
            for journal in journals:
                syncing.sync_now(journal)
        return [export_bundle(journal) for journal in journals]
    finally:
        for journal in journals:
            journal.close()


def test_syncs_killed_at_random_lose_nothing_and_converge(tmp_path):
    paths = make_pair(tmp_path)
    acknowledged = kill_rounds(*paths, rounds=ROUNDS, seed=7)
    assert len(acknowledged) == 2 * ROUNDS
    for path in paths:
        with sqlite3.connect(path) as connection:
            assert connection.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    laptop, desktop = settle(paths)
    assert laptop == desktop
    assert acknowledged <= {s.id for s in laptop.skills}
    assert len(laptop.skills) == 300 + 2 * ROUNDS
