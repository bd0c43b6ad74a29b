"""A second MasteryDesk on the same journal does not write to it; a killed one's lock is recovered."""

import os
import signal
import subprocess
import sys
from pathlib import Path

from masterydesk.store.journal_lock import JournalLock, lock_path

ROOT = Path(__file__).parents[2]
HOLD_LOCK = """
import sys, time
from masterydesk.store.journal_lock import JournalLock
lock = JournalLock(sys.argv[1])
print("locked" if lock.try_lock() else "refused", flush=True)
time.sleep(120)
"""


def hold_lock_in_another_process(journal_path: Path) -> subprocess.Popen:
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLD_LOCK, str(journal_path)], cwd=ROOT, stdout=subprocess.PIPE, text=True
    )
    assert holder.stdout.readline().strip() == "locked"
    return holder


def test_a_second_process_is_told_the_journal_is_open_elsewhere(journal_path):
    holder = hold_lock_in_another_process(journal_path)
    try:
        second = JournalLock(journal_path)
        assert not second.try_lock()
        message = second.holder_message()
        assert message == (
            f"journal.sqlite is already open in another MasteryDesk (process {holder.pid} on {os.uname().nodename}); "
            "it can be opened here read-only."
        )
    finally:
        holder.kill()
        holder.wait()


def test_the_lock_of_a_killed_process_is_recovered(journal_path):
    holder = hold_lock_in_another_process(journal_path)
    os.kill(holder.pid, signal.SIGKILL)
    holder.wait()
    assert lock_path(journal_path).exists()  # the killed process could not clean up
    lock = JournalLock(journal_path)
    assert lock.try_lock()
    lock.unlock()
    assert not lock_path(journal_path).exists()


def test_the_lock_is_released_for_the_next_window(journal_path):
    first, second = JournalLock(journal_path), JournalLock(journal_path)
    assert first.try_lock()
    first.unlock()
    assert second.try_lock()
    second.unlock()
