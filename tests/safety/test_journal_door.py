"""The one door to a journal: open_for_app locks, checks, opens, and says what happened."""

from __future__ import annotations

import stat
import subprocess
import sys

from masterydesk.services.backups import make_backup
from masterydesk.services.journals import Outcome, open_for_app
from masterydesk.store.journal_lock import JournalLock, lock_path
from tests.safety.conftest import digest
from tests.safety.test_damaged_journals import garbage_header, newer_version, text_file, zeroed_page


def test_a_new_journal_is_created_in_private_folders_and_locked(tmp_path):
    path = tmp_path / "new" / "deeper" / "journal.sqlite"
    opening = open_for_app(path, create=True)
    try:
        assert opening.outcome is Outcome.OPENED and opening.journal.path == path
        assert not JournalLock(path).try_lock()  # a second writer is kept out
        for folder in (path.parent, path.parent.parent):
            assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    finally:
        opening.journal.close()
        opening.lock.unlock()
    assert not lock_path(path).exists()


def test_a_journal_locked_elsewhere_says_so_and_opens_read_only(filled_journal):
    holder = JournalLock(filled_journal)
    assert holder.try_lock()
    try:
        locked = open_for_app(filled_journal)
        assert locked.outcome is Outcome.LOCKED and locked.journal is None
        assert locked.sentence.startswith("journal.sqlite is already open in another MasteryDesk (process ")
        read_only = open_for_app(filled_journal, read_only=True)
        assert read_only.outcome is Outcome.OPENED and read_only.journal.read_only and read_only.lock is None
        read_only.journal.close()
    finally:
        holder.unlock()


def test_a_refused_journal_releases_its_lock_and_is_left_untouched(filled_journal):
    zeroed_page(filled_journal)
    before = digest(filled_journal)
    opening = open_for_app(filled_journal)
    assert opening.outcome is Outcome.DAMAGED and opening.recoverable  # SQLite can still read some
    assert opening.sentence.startswith("journal.sqlite is damaged (")
    assert digest(filled_journal) == before
    assert JournalLock(filled_journal).try_lock()


def test_a_damaged_file_that_is_no_database_is_recoverable_only_with_a_good_backup(filled_journal):
    garbage_header(filled_journal)
    assert open_for_app(filled_journal).recoverable is False
    text_file(filled_journal)
    assert open_for_app(filled_journal).outcome is Outcome.DAMAGED


def test_a_damaged_journal_with_a_good_backup_is_recoverable(filled_journal):
    make_backup(filled_journal)
    garbage_header(filled_journal)
    assert open_for_app(filled_journal).recoverable is True


def test_a_journal_from_a_newer_version_is_too_new(filled_journal):
    newer_version(filled_journal)
    opening = open_for_app(filled_journal)
    assert opening.outcome is Outcome.TOO_NEW
    assert "was written by a newer version of MasteryDesk" in opening.sentence


def test_a_loop_of_links_is_refused_with_a_sentence(tmp_path):
    (tmp_path / "a").symlink_to(tmp_path / "b")
    (tmp_path / "b").symlink_to(tmp_path / "a")
    opening = open_for_app(tmp_path / "a", create=True)
    assert opening.outcome is Outcome.REFUSED
    assert opening.sentence == f"{tmp_path / 'a'} is a loop of symbolic links, not a journal."


def test_the_early_look_runs_with_the_lock_held_and_before_the_open(filled_journal):
    seen = []

    def look(path):
        seen.append((path, JournalLock(path).try_lock()))

    opening = open_for_app(filled_journal, before_open=look)
    assert seen == [(filled_journal, False)]
    opening.journal.close()
    opening.lock.unlock()


def test_a_protected_journal_needs_its_passphrase_once_per_process(filled_journal):
    from masterydesk.services.protection import protect
    from masterydesk.store import cipher

    protect(filled_journal, "correct horse battery")
    cipher.forget_all()
    needed = open_for_app(filled_journal)
    assert needed.outcome is Outcome.NEEDS_PASSPHRASE
    assert needed.sentence.startswith("journal.sqlite is protected with a passphrase")
    wrong = open_for_app(filled_journal, passphrase="not the one at all")
    assert wrong.outcome is Outcome.NEEDS_PASSPHRASE
    assert wrong.sentence == "The passphrase does not open journal.sqlite; it was left untouched."
    opened = open_for_app(filled_journal, passphrase="correct horse battery")
    assert opened.outcome is Outcome.OPENED
    opened.journal.close()
    opened.lock.unlock()
    again = open_for_app(filled_journal, passphrase="a stale one from the environment")
    assert again.outcome is Outcome.OPENED  # the key given before still opens it
    again.journal.close()
    again.lock.unlock()


CHECK_THREADS = """
import sys, threading
from pathlib import Path
started = []
start = threading.Thread.start
threading.Thread.start = lambda thread: (started.append(thread.name), start(thread))[1]
from masterydesk.services.journals import open_for_app
opening = open_for_app(Path(sys.argv[1]), create=True)
print(opening.outcome, started)
"""


def test_an_existing_journal_named_to_create_is_checked_while_sqlalchemy_loads(filled_journal):
    # The app opens a journal named with --db with create: an existing one is only opened, and its
    # pages are checked on a thread of their own while the opening thread imports SQLAlchemy.
    done = subprocess.run([sys.executable, "-c", CHECK_THREADS, str(filled_journal)], capture_output=True,
                          text=True, timeout=60, check=True)
    assert done.stdout.strip() == "opened ['masterydesk-check']"
