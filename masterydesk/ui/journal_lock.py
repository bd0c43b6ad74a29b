"""One writer per journal: a lock file beside it that a second MasteryDesk respects."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QLockFile


def lock_path(journal_path: Path) -> Path:
    return Path(journal_path).with_name(f"{Path(journal_path).name}.lock")


class JournalLock:
    """A QLockFile beside the journal; a lock left by a killed process is taken over.

    The lock never goes stale by age (the app may stay open for days); it is stale only when the
    process that took it is gone, which QLockFile checks by its process id.
    """

    def __init__(self, journal_path: Path) -> None:
        self.journal_path = Path(journal_path)
        self._lock = QLockFile(str(lock_path(self.journal_path)))
        self._lock.setStaleLockTime(0)

    def try_lock(self) -> bool:
        """Take the lock without waiting; False when another process holds it or it cannot be made."""
        return self._lock.tryLock(0)

    def unlock(self) -> None:
        self._lock.unlock()

    def holder_message(self) -> str:
        """Why try_lock failed, as a sentence that offers read-only."""
        name = self.journal_path.name
        if self._lock.error() == QLockFile.LockError.LockFailedError:
            pid, host, _app = self._lock.getLockInfo()
            where = f"process {pid} on {host}" if pid else "another process"
            return (
                f"{name} is already open in another MasteryDesk ({where}); "
                "it can be opened here read-only."
            )
        return f"No lock could be made beside {name} (its folder cannot be written); it can be opened read-only."
