"""Protecting a journal with a passphrase, changing it, or removing it: the journal and every backup.

Each file is converted into a new file beside it, synced, checked with the new key and only then
renamed into place, so a crash leaves each file whole, in its old protection or its new one. The
backups are converted too: a protected journal leaves no readable copy behind, and an unprotected
one no copy that needs a forgotten passphrase.
"""

from __future__ import annotations

import os
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


def protect(journal_path: Path, passphrase: str) -> int:
    """Encrypt the journal and its backups with the passphrase; return how many files were converted."""
    journal_path = Path(journal_path)
    if is_protected(journal_path):
        raise MasteryDeskError(f"{journal_path.name} is already protected; change its passphrase instead.")
    check_new_passphrase(passphrase)
    return _convert_all(journal_path, None, cipher.new_key(passphrase))


def change(journal_path: Path, current: str, new: str) -> int:
    """Encrypt the protected journal and its backups with a new passphrase."""
    journal_path = Path(journal_path)
    check_new_passphrase(new)
    current_key = _unlocked_key(journal_path, current)
    return _convert_all(journal_path, current_key, cipher.new_key(new))


def remove(journal_path: Path, current: str) -> int:
    """Decrypt the protected journal and its backups: plain SQLite files again."""
    journal_path = Path(journal_path)
    return _convert_all(journal_path, _unlocked_key(journal_path, current), None)


def _unlocked_key(journal_path: Path, passphrase: str) -> str:
    if not is_protected(journal_path):
        raise MasteryDeskError(f"{journal_path.name} is not protected with a passphrase; nothing was changed.")
    cipher.unlock(journal_path, passphrase)
    return cipher.key_for(journal_path)


def _convert_all(journal_path: Path, old_key: str | None, new_key: str | None) -> int:
    """The journal first, under its writer's lock, then each backup that opens with the old key."""
    from masterydesk.services.backups import list_backups

    from masterydesk.store.journal_lock import JournalLock

    sqlite.inspect_journal(journal_path)  # a damaged journal is not converted
    lock = JournalLock(journal_path)
    if not lock.try_lock():
        raise MasteryDeskError(lock.holder_message().split(";")[0] + "; close it there first, nothing was changed.")
    try:
        _checkpoint(journal_path, old_key)
        _convert(journal_path, old_key, new_key)
    finally:
        lock.unlock()
    converted = 1
    for backup in list_backups(journal_path):
        if cipher.key_for(backup.path) == old_key or (old_key is None and not is_protected(backup.path)):
            _convert(backup.path, old_key, new_key)
            converted += 1
    return converted


def _checkpoint(journal_path: Path, key: str | None) -> None:
    """Move everything in the -wal into the file and remove the -wal: the file alone is the journal."""
    connection = sqlite.writing_connection(journal_path, key)
    try:
        connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        connection.execute("PRAGMA journal_mode = DELETE")
    finally:
        connection.close()


def _convert(path: Path, old_key: str | None, new_key: str | None) -> None:
    partial = path.with_name(f".{path.name}.converting")
    cipher.remove_file_and_companions(partial)
    with sqlite.disk_failures_explained(f"{path.name} could not be converted"):
        try:
            sqlite.create_private_file(partial)
            cipher.convert_file(path, partial, old_key, new_key)
            with partial.open("rb+") as handle:
                os.fsync(handle.fileno())
            sqlite.inspect_journal(partial)  # opens with the new key, every page checked
            os.replace(partial, path)
        finally:
            cipher.remove_file_and_companions(partial)
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
