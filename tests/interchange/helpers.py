"""Helpers for the import and export tests: sample files, journal snapshots, the command line."""

from __future__ import annotations

import hashlib
import shutil
import subprocess
import sys
from pathlib import Path

from masterydesk.domain.records import Bundle
from masterydesk.services.transfer import export_bundle
from masterydesk.store.database import Journal

SAMPLES = Path(__file__).parent / "samples"


def sample(name: str, folder: Path, as_name: str | None = None) -> Path:
    """A copy of a sample file in folder (under another name, to prove names do not matter)."""
    target = folder / (as_name or name)
    shutil.copyfile(SAMPLES / name, target)
    return target


def snapshot(journal: Journal) -> Bundle:
    """Every record of the journal."""
    return export_bundle(journal)


def file_digest(journal_path: Path) -> str:
    """A digest of the journal's bytes on disk, its write-ahead log included."""
    digest = hashlib.sha256()
    for path in (journal_path, journal_path.with_name(journal_path.name + "-wal")):
        digest.update(path.read_bytes() if path.exists() else b"-")
    return digest.hexdigest()


def run_cli(*args: str) -> subprocess.CompletedProcess:
    """`python -m masterydesk ARGS`, as a user would run it."""
    return subprocess.run([sys.executable, "-m", "masterydesk", *args], capture_output=True, text=True, timeout=120)


def is_one_sentence(message: str) -> bool:
    """One line, ending with a full stop, and no traceback."""
    text = message.strip()
    return "\n" not in text and text.endswith(".") and "Traceback" not in text
