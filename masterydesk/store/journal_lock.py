"""One writer per journal: a lock file beside it that a second MasteryDesk respects.

The lock is the operating system's (flock on Unix, a byte-range lock on Windows), held on an open
lock file: it vanishes with the process that took it, however that process ended, so a killed
MasteryDesk never leaves a journal locked. The file also says who holds it (process and host).
"""

from __future__ import annotations

import os
from pathlib import Path

if os.name == "nt":
    import msvcrt
else:
    import fcntl

LOCKED_BYTE = 4096  # Windows locks a byte range: one past the holder's line, which stays readable


def lock_path(journal_path: Path, purpose: str = "lock") -> Path:
    return Path(journal_path).with_name(f"{Path(journal_path).name}.{purpose}")


def _take(descriptor: int) -> bool:
    try:
        if os.name == "nt":
            os.lseek(descriptor, LOCKED_BYTE, os.SEEK_SET)
            msvcrt.locking(descriptor, msvcrt.LK_NBLCK, 1)
        else:
            fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        return False
    return True


class JournalLock:
    """The lock of one journal, taken without waiting and released on unlock (or process exit)."""

    def __init__(self, journal_path: Path, purpose: str = "lock") -> None:
        self.journal_path = Path(journal_path)
        self.path = lock_path(self.journal_path, purpose)
        self._descriptor: int | None = None
        self._problem = ""

    def try_lock(self) -> bool:
        """Take the lock; False when another process holds it or no lock file can be made."""
        try:
            descriptor = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o600)
        except OSError as error:
            self._problem = error.strerror or str(error)
            return False
        if not _take(descriptor) or not self._still_there(descriptor):
            os.close(descriptor)
            return False
        os.ftruncate(descriptor, 0)
        os.lseek(descriptor, 0, os.SEEK_SET)  # before the locked byte, where another process can read it
        import socket  # 3 ms: not while the app's first frame peeks at the journal through this module

        os.write(descriptor, f"{os.getpid()}\n{socket.gethostname()}\n".encode())
        self._descriptor = descriptor
        return True

    def _still_there(self, descriptor: int) -> bool:
        """Whether the locked file is still the one at the path: an unlock may have removed it meanwhile."""
        try:
            return os.path.samestat(os.fstat(descriptor), os.stat(self.path))
        except OSError:
            return False

    def unlock(self) -> None:
        if self._descriptor is None:
            return
        if os.name == "nt":  # Windows removes no open file
            os.close(self._descriptor)
        try:
            self.path.unlink(missing_ok=True)  # on Unix while still held: nobody locks a file on its way out
        except OSError:
            pass  # another MasteryDesk has it open on Windows; it takes the lock from here
        if os.name != "nt":
            os.close(self._descriptor)
        self._descriptor = None

    def holder_message(self) -> str:
        """Why try_lock failed, as a sentence that offers read-only."""
        name = self.journal_path.name
        if self._problem:
            return f"No lock could be made beside {name} ({self._problem}); it can be opened read-only."
        try:
            pid, host = (self.path.read_text(encoding="utf-8").splitlines() + ["", ""])[:2]
        except OSError:
            pid = host = ""
        where = f"process {pid} on {host}" if pid.isdigit() else "another process"
        return f"{name} is already open in another MasteryDesk ({where}); it can be opened here read-only."
