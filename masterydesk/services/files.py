"""Writing export files atomically: a temporary file beside the target, flushed to disk, then renamed."""

from __future__ import annotations

import io
import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO

from masterydesk.domain.errors import MasteryDeskError
from masterydesk.store.sqlite import journal_owning, private_folder, sync_folder

__all__ = ["atomic_file", "export_folder", "file_in", "private_folder", "refuse_journal_target",
           "sync_everything", "sync_folder", "text_stream", "write_text_atomically"]


def refuse_journal_target(out: Path) -> None:
    """Refuse to write over a journal, a backup, or a journal's -wal, -shm or lock file.

    Every file MasteryDesk writes for the user passes here, so an export, a report or a chart
    saved onto the journal's own path (or any other journal's) is one sentence, not a lost journal.
    The check reads the target's header, so it holds for a path typed in any spelling.
    """
    owner = journal_owning(Path(out))
    if owner is None:
        return
    what = "is a MasteryDesk journal" if owner == Path(out) else f"belongs to the MasteryDesk journal {owner.name}"
    raise MasteryDeskError(f"{out} {what}; choose another file name so that it is not overwritten.")


def can_defer_sync() -> bool:
    """Whether one os.sync() can stand in for an fsync per file (Unix only)."""
    return hasattr(os, "sync")


def sync_everything(folder: Path) -> None:
    """After many files written with defer_sync: flush them all to disk at once."""
    if can_defer_sync():
        os.sync()
    sync_folder(folder)


@contextmanager
def atomic_file(out: Path, *, defer_sync: bool = False) -> Iterator[BinaryIO]:
    """A binary stream that becomes the file out only if the block completes (mode 0600).

    Refuses a journal or its companions as out (refuse_journal_target); missing folders are made private.

    defer_sync skips this file's fsync where os.sync exists: a caller writing thousands of
    files calls sync_everything once instead (about a hundred times faster on a real disk).
    """
    out = Path(out)
    refuse_journal_target(out)
    private_folder(out.parent)
    handle, temporary = tempfile.mkstemp(prefix=f".{out.name}.", suffix=".partial", dir=out.parent)
    try:
        with os.fdopen(handle, "wb") as stream:
            yield stream
            stream.flush()
            if not (defer_sync and can_defer_sync()):
                os.fsync(stream.fileno())
        os.replace(temporary, out)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    if not defer_sync:
        sync_folder(out.parent)


@contextmanager
def text_stream(binary: BinaryIO, encoding: str = "utf-8", newline: str = "") -> Iterator[io.TextIOWrapper]:
    """Text written through to a binary stream, which stays open afterwards."""
    wrapper = io.TextIOWrapper(binary, encoding=encoding, newline=newline)
    try:
        yield wrapper
        wrapper.flush()
    finally:
        wrapper.detach()


def write_text_atomically(out: Path, text: str, *, defer_sync: bool = False) -> Path:
    """Write text to out atomically as UTF-8, exactly as given (no newline translation)."""
    with atomic_file(out, defer_sync=defer_sync) as binary:
        binary.write(text.encode("utf-8"))
    return Path(out)


def export_folder(out: Path) -> Path:
    """The folder out, created (owner only) if missing; refused if a file has that name."""
    out = Path(out)
    refuse_journal_target(out)
    if out.exists() and not out.is_dir():
        raise MasteryDeskError(f"{out} is a file; give the name of a folder to export into.")
    return private_folder(out)


def file_in(out: Path, default_name: str) -> Path:
    """out itself, or default_name inside it when out is a folder."""
    out = Path(out)
    return out / default_name if out.is_dir() else out
