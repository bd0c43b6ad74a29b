"""The one door to a journal file, for the app and the command line.

open_for_app() locks the journal for writing, checks and opens it, and answers with what happened
(an Opening: opened, locked elsewhere, damaged, too new, refused) for the ui to turn into dialogs.
open_journal_file() is the same checked open without the lock, for a command that runs once.
The early look (peek_journal) loads no SQLAlchemy; the checked open does, so it is imported only
when called: the window shows the newest entries while it runs.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING

from masterydesk.domain.errors import JournalDamaged, JournalTooNew, MasteryDeskError
from masterydesk.store import cipher, sqlite
from masterydesk.store.journal_lock import JournalLock
from masterydesk.store.snapshot import JournalSnapshot

if TYPE_CHECKING:
    from masterydesk.store.database import Journal

__all__ = ["JournalSnapshot", "Opening", "Outcome", "backups_folder_of", "open_for_app", "open_journal_file",
           "peek_journal"]


class Outcome(StrEnum):
    OPENED = "opened"
    LOCKED = "locked"  # another MasteryDesk writes it: it can be opened here read-only
    NEEDS_PASSPHRASE = "needs passphrase"  # protected, and no passphrase (or a wrong one) was given
    DAMAGED = "damaged"  # it fails its checks: a backup may bring it back, or it opens read-only
    TOO_NEW = "too new"  # written by a newer MasteryDesk
    REFUSED = "refused"  # anything else, said in the sentence


@dataclass(eq=False)
class Opening:
    """What came of opening a journal: the journal and its lock, or why not in one sentence."""

    outcome: Outcome
    path: Path
    journal: Journal | None = None
    lock: JournalLock | None = None
    sentence: str = ""
    recoverable: bool = False  # damaged, but a good backup exists or SQLite can still read some of it


def open_for_app(
    path: Path | str, *, create: bool = False, read_only: bool = False, even_if_damaged: bool = False,
    before_open: Callable[[Path], None] | None = None, passphrase: str | None = None,
) -> Opening:
    """Lock the journal for writing (unless read-only), check it and open it; say what happened.

    A protected journal opens with its passphrase (or a key given earlier in this process).
    before_open(path) runs once the lock is held and before the slow checked open: the app
    paints the newest entries there. Nothing here raises: every failure is an Opening.
    """
    try:
        path = sqlite.resolved(path)
        if create:
            sqlite.private_folder(path.parent)  # the lock file goes beside the journal
        if passphrase is not None and path.is_file() and cipher.looks_protected(path) and cipher.key_for(path) is None:
            cipher.unlock(path, passphrase)  # a key already given in this process is not asked for again
    except (MasteryDeskError, OSError) as error:
        return _refusal(Path(path), error)
    lock = None if read_only else JournalLock(path)
    if lock is not None and not lock.try_lock():
        return Opening(Outcome.LOCKED, path, sentence=lock.holder_message())
    try:
        if before_open is not None and path.exists():
            before_open(path)
        journal = open_journal_file(path, create=create, read_only=read_only, even_if_damaged=even_if_damaged)
    except Exception as error:  # the app's one boundary for opening: a sentence, faults logged
        if lock is not None:
            lock.unlock()
        return _refusal(path, error)
    return Opening(Outcome.OPENED, path, journal=journal, lock=lock)


def _refusal(path: Path, error: Exception) -> Opening:
    from masterydesk.services.failures import sentence_for

    sentence = sentence_for(error)
    if isinstance(error, (cipher.PassphraseNeeded, cipher.WrongPassphrase)):
        return Opening(Outcome.NEEDS_PASSPHRASE, path, sentence=sentence)
    if isinstance(error, JournalDamaged):
        return Opening(Outcome.DAMAGED, path, sentence=sentence, recoverable=_recoverable(path))
    if isinstance(error, JournalTooNew):
        return Opening(Outcome.TOO_NEW, path, sentence=sentence)
    return Opening(Outcome.REFUSED, path, sentence=sentence)


def _recoverable(path: Path) -> bool:
    """Whether a damaged journal has a good backup, or starts like a database SQLite may partly read."""
    from masterydesk.services.backups import newest_good_backup

    return starts_like_a_database(path) or newest_good_backup(path) is not None


def peek_journal(path: Path) -> JournalSnapshot:
    """A read-only look at a journal whose header and version pass; its pages are checked on open."""
    return JournalSnapshot.open(path, checked_tables=None)


def open_journal_file(
    path: Path, *, create: bool = False, read_only: bool = False, even_if_damaged: bool = False
) -> Journal:
    """The journal at path, checked page by page; upgraded after a backup; refused with a sentence.

    The check of an existing journal's pages (SQLite's work, 0.1 s on ten years) runs on a thread of
    its own while this one imports SQLAlchemy (a third of a second, Python's work) when it is not yet
    imported: the app's journal is open for editing that much sooner (also when create is asked
    for, as the app does for a journal named with --db: an existing one is only opened).
    """
    import sys

    path = sqlite.resolved(path)
    if (create and not path.exists()) or even_if_damaged or "masterydesk.store.database" in sys.modules:
        from masterydesk.store.database import open_journal

        return open_journal(path, create=create, read_only=read_only, even_if_damaged=even_if_damaged)
    return _open_checked_while_importing(path, read_only)


def _open_checked_while_importing(path: Path, read_only: bool) -> Journal:
    import threading

    checked: list = []

    def check() -> None:
        try:
            checked.append(sqlite.inspect_journal(path))
        except BaseException as error:  # raised on the opening thread below
            checked.append(error)

    checking = threading.Thread(target=check, name="masterydesk-check")
    checking.start()
    try:
        from masterydesk.store.database import open_journal
    finally:
        checking.join()
    if isinstance(checked[0], BaseException):
        raise checked[0]
    return open_journal(path, read_only=read_only, inspected=checked[0])


def starts_like_a_database(path: Path) -> bool:
    """Whether the file's first bytes are SQLite's: something of a damaged journal may still be read."""
    try:
        with Path(path).open("rb") as handle:
            return handle.read(len(sqlite.SQLITE_HEADER)) == sqlite.SQLITE_HEADER
    except OSError:
        return False


def backups_folder_of(journal_path: Path) -> Path:
    """Where the journal's backups are kept."""
    from masterydesk.store.database import backups_folder

    return backups_folder(journal_path)
