"""`masterydesk import FILE`: recognise the kind of file from its content and import it."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from masterydesk.domain.errors import MasteryDeskError
from masterydesk.domain.records import Bundle
from masterydesk.interchange import portable
from masterydesk.services.backups import make_backup
from masterydesk.services.transfer import import_bundle
from masterydesk.store.database import Journal

SNIFF_BYTES = 64 * 1024


def describe_bundle(bundle: Bundle) -> str:
    """'12 skills, 3 projects' — the non-empty collections of a bundle."""
    parts = [f"{len(getattr(bundle, name))} {name}" for name in Bundle.__dataclass_fields__ if getattr(bundle, name)]
    return ", ".join(parts) or "no records"


def read_portable(path: Path) -> Bundle:
    return portable.document_to_bundle(portable.read_document_file(path))


def detect_kind(path: Path) -> str:
    """The kind of a file from its first bytes: 'masterydesk' (more kinds come with their readers)."""
    try:
        with Path(path).open("rb") as handle:
            head = handle.read(SNIFF_BYTES)
    except OSError as error:
        raise MasteryDeskError(f"Cannot read {path}: {error.strerror}.") from error
    text = head.decode("utf-8", errors="replace").lstrip("\ufeff \t\r\n")
    if text.startswith("{") and '"masterydesk"' in text:
        return "masterydesk"
    raise MasteryDeskError(
        f"{Path(path).name} is not a file MasteryDesk can import (a MasteryDesk JSON export)."
    )


READERS: dict[str, Callable[[Path], Bundle]] = {"masterydesk": read_portable}


def read_import(path: Path) -> Bundle:
    """The records a file holds, checked for form; nothing is written."""
    return READERS[detect_kind(path)](Path(path))


def import_file(journal: Journal, path: Path) -> str:
    """Read, check and apply a file in one transaction (after a backup); return a summary."""
    bundle = read_import(path)
    make_backup(journal.path, reason="before-import")
    import_bundle(journal, bundle)
    return f"Imported {describe_bundle(bundle)} from {Path(path).name}."
