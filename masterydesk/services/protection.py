"""Protecting a journal with a passphrase, changing it, or removing it: the journal and every backup.

Each file is converted into a new file beside it, synced, checked with the new key and only then
renamed into place, so a crash leaves each file whole, in its old protection or its new one. The
backups are converted too: a protected journal leaves no readable copy behind, and an unprotected
one no copy that needs a forgotten passphrase.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from masterydesk.domain.errors import MasteryDeskError
from masterydesk.store import cipher, sqlite

MIN_PASSPHRASE = 8


def is_protected(journal_path: Path) -> bool:
    """Whether the journal is protected with a passphrase (judged from the file alone)."""
    return cipher.looks_protected(Path(journal_path))


def is_unlocked(journal_path: Path) -> bool:
    """Whether this process holds the key of the protected journal."""
    return cipher.key_for(Path(journal_path)) is not None


def unlock_journal(journal_path: Path, passphrase: str) -> None:
    """Check the passphrase against the protected journal and keep its key for this process."""
    cipher.unlock(Path(journal_path), passphrase)


def check_new_passphrase(passphrase: str) -> None:
    if len(passphrase) < MIN_PASSPHRASE:
        raise MasteryDeskError(f"A passphrase needs at least {MIN_PASSPHRASE} characters; nothing was changed.")


def protect(journal_path: Path, passphrase: str) -> Conversion:
    """Encrypt the journal and its backups with the passphrase."""
    journal_path = Path(journal_path)
    if is_protected(journal_path):
        raise MasteryDeskError(f"{journal_path.name} is already protected; change its passphrase instead.")
    check_new_passphrase(passphrase)
    return _convert_all(journal_path, None, cipher.new_key(passphrase))


def change(journal_path: Path, current: str, new: str) -> Conversion:
    """Encrypt the protected journal and its backups with a new passphrase."""
    journal_path = Path(journal_path)
    check_new_passphrase(new)
    current_key = _unlocked_key(journal_path, current)
    return _convert_all(journal_path, current_key, cipher.new_key(new))


def remove(journal_path: Path, current: str) -> Conversion:
    """Decrypt the protected journal and its backups: plain SQLite files again."""
    journal_path = Path(journal_path)
    return _convert_all(journal_path, _unlocked_key(journal_path, current), None)


def _unlocked_key(journal_path: Path, passphrase: str) -> str:
    if not is_protected(journal_path):
        raise MasteryDeskError(f"{journal_path.name} is not protected with a passphrase; nothing was changed.")
    cipher.unlock(journal_path, passphrase)
    return cipher.key_for(journal_path)


@dataclass(frozen=True, slots=True)
class Conversion:
    """What a change of protection did: the journal, how many backups with it, and what it could not convert."""

    journal_name: str
    backups: int
    left_behind: tuple[Path, ...]  # damaged backups and copies, or backups under another passphrase

    def sentence(self, done: str) -> str:
        """'journal.sqlite is now protected … (and 2 backups with it).' and what was left, if anything."""
        plural = "" if self.backups == 1 else "s"
        text = f"{self.journal_name} {done} (and {self.backups} backup{plural} with it)."
        if self.left_behind:
            names = ", ".join(path.name for path in self.left_behind)
            text += (f" Not converted, because they are damaged or under another passphrase: {names}; "
                     "delete them once you no longer need them.")
        return text


def _convert_all(journal_path: Path, old_key: str | None, new_key: str | None) -> Conversion:
    """The journal and every backup that can be read, all under the journal's writer lock."""
    from masterydesk.store.journal_lock import JournalLock

    sqlite.inspect_journal(journal_path)  # a damaged journal is not converted
    lock = JournalLock(journal_path)
    if not lock.try_lock():
        raise MasteryDeskError(lock.holder_message().split(";")[0] + "; close it there first, nothing was changed.")
    try:
        convertible, left = _backups_by_key(journal_path, new_key)
        _checkpoint(journal_path, old_key)
        _convert(journal_path, old_key, new_key)
        converted = 0
        for backup, key in convertible:
            try:
                _convert(backup, key, new_key)
                converted += 1
            except MasteryDeskError:  # the journal is converted: what a backup refuses is reported
                left.append(backup)
    finally:
        lock.unlock()
    return Conversion(journal_path.name, converted, tuple(left))


def _backups_by_key(journal_path: Path, new_key: str | None) -> tuple[list[tuple[Path, str | None]], list[Path]]:
    """The backups to convert with the key each opens with now, and the files that cannot be."""
    from masterydesk.domain.errors import JournalRefused
    from masterydesk.services.backups import damaged_copies, list_backups

    convertible, left = [], list(damaged_copies(journal_path))
    for backup in (info.path for info in list_backups(journal_path)):
        plain = sqlite.is_journal_file(backup)
        key = None if plain else cipher.key_for(backup)
        try:
            if not plain and key is None:
                raise JournalRefused("under a passphrase this process was not given")
            sqlite.inspect_journal(backup)
        except JournalRefused:
            left.append(backup)
            continue
        if key != new_key:
            convertible.append((backup, key))
    return convertible, left


def _checkpoint(journal_path: Path, key: str | None) -> None:
    """Move everything in the -wal into the file and remove the -wal: the file alone is the journal."""
    connection = sqlite.writing_connection(journal_path, key)
    try:
        connection.execute(f"PRAGMA busy_timeout = {sqlite.BUSY_TIMEOUT_MS}")
        connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        connection.execute("PRAGMA journal_mode = DELETE")
    finally:
        connection.close()


def _convert(path: Path, old_key: str | None, new_key: str | None) -> None:
    partial = path.with_name(f".{path.name}.converting")
    sqlite.remove_with_companions(partial)
    with sqlite.disk_failures_explained(f"{path.name} could not be converted"):
        try:
            sqlite.create_private_file(partial)
            cipher.convert_file(path, partial, old_key, new_key)
            with partial.open("rb+") as handle:
                os.fsync(handle.fileno())
            sqlite.inspect_journal(partial)  # opens with the new key, every page checked
            os.replace(partial, path)
        finally:
            sqlite.remove_with_companions(partial)
    sqlite.sync_folder(path.parent)


# --- the system keyring: the passphrase kept where the desktop keeps the others ------------------

KEYRING_SERVICE = "MasteryDesk"


def _keyring():
    """The system keyring's module when a usable backend exists (macOS Keychain, Windows Credential
    Locker, Secret Service); None on a machine with none, where nothing is offered."""
    try:
        import keyring
        from keyring.backends import fail, null
    except ImportError:
        return None
    backend = keyring.get_keyring()
    if isinstance(backend, (fail.Keyring, null.Keyring)) or getattr(backend, "priority", 0) <= 0:
        return None
    return keyring


def keyring_available() -> bool:
    return _keyring() is not None


def remembered_passphrase(journal_path: Path) -> str | None:
    """The passphrase kept in the system keyring for this journal, if any."""
    keyring = _keyring()
    try:
        return keyring.get_password(KEYRING_SERVICE, str(Path(journal_path))) if keyring else None
    except Exception:  # a locked or broken keyring: the passphrase is asked for instead
        return None


def remember_passphrase(journal_path: Path, passphrase: str) -> None:
    """Keep the journal's passphrase in the system keyring."""
    keyring = _keyring()
    if keyring is None:
        raise MasteryDeskError("This system has no keyring to keep the passphrase in.")
    keyring.set_password(KEYRING_SERVICE, str(Path(journal_path)), passphrase)


def forget_passphrase(journal_path: Path) -> None:
    """Take the journal's passphrase out of the system keyring (nothing if it is not there)."""
    keyring = _keyring()
    if keyring is not None:
        try:
            keyring.delete_password(KEYRING_SERVICE, str(Path(journal_path)))
        except Exception:  # keyring.errors.PasswordDeleteError: it was not kept
            pass
