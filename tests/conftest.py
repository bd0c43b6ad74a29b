"""Shared fixtures. Qt runs offscreen; every test gets its own data folder and settings."""

from __future__ import annotations

import os
import subprocess

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from pathlib import Path

import pytest

from masterydesk.store.database import open_journal

# The throwaway PostgreSQL of the hub tests, for every folder that needs one.
pytest_plugins = ("tests.sync.postgres_fixtures",)


@pytest.fixture(autouse=True)
def isolated_home(tmp_path, monkeypatch):
    """The default journal, demo journal and Qt settings all live under tmp_path."""
    home = tmp_path / "home"
    monkeypatch.setenv("MASTERYDESK_HOME", str(home))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    for variable in ("MASTERYDESK_PASSPHRASE", "MASTERYDESK_NEW_PASSPHRASE"):
        monkeypatch.delenv(variable, raising=False)
    yield home
    from masterydesk.store import cipher

    cipher.forget_all()  # no test opens a protected journal with a key another test gave


@pytest.fixture(scope="session", autouse=True)
def collector_on_the_main_thread():
    """As the app does (masterydesk/ui/collector.py): the cyclic collector never runs on a worker thread,
    where it deleted Qt objects and left their timers to fire on freed memory. It runs after each test."""
    import gc

    gc.disable()
    yield
    gc.enable()


@pytest.fixture(autouse=True)
def collect_after_each_test():
    yield
    import gc

    from masterydesk.ui.collector import collect_by_thresholds

    gc.unfreeze()  # what a test's window froze (collector.freeze_survivors) is the next test's garbage
    collect_by_thresholds()


_ENUMS_MADE_OFF_THE_UI_THREAD: list[tuple[type, str]] = []  # (the enum, the thread's name)


def _watch_pyside_types_made_off_the_ui_thread() -> None:
    """PySide6 makes each type on first use and its enums through Python's `enum` (the functional
    API): a worker thread that makes one races the UI thread's, and crashed the app once
    (ui/imports_ahead.py). Every such enum made off the main thread is noted for the test that made it."""
    import enum
    import threading

    original = enum.EnumType._create_

    def create(cls, class_name, names, **options):
        made = original(cls, class_name, names, **options)
        if threading.current_thread() is not threading.main_thread():
            _ENUMS_MADE_OFF_THE_UI_THREAD.append((made, threading.current_thread().name))
        return made

    enum.EnumType._create_ = create


_watch_pyside_types_made_off_the_ui_thread()


@pytest.fixture(autouse=True)
def no_pyside_type_made_off_the_ui_thread():
    """Fails the test in whose run a worker thread made a PySide6 type (seen by its enums): one made
    by an earlier test on the UI thread is not made again, so this catches what each test makes first."""
    before = len(_ENUMS_MADE_OFF_THE_UI_THREAD)
    yield
    # PySide6 sets an enum's module once it is made (while it is being made, it reads as the caller's).
    made = [f"{enum.__module__}.{enum.__qualname__} on {thread}"
            for enum, thread in _ENUMS_MADE_OFF_THE_UI_THREAD[before:] if enum.__module__.startswith("PySide6")]
    if made:
        pytest.fail(f"PySide6 types made off the UI thread: {', '.join(made)}")


@pytest.fixture
def journal_path(tmp_path) -> Path:
    return tmp_path / "journal.sqlite"


@pytest.fixture
def journal(journal_path):
    opened = open_journal(journal_path, create=True)
    yield opened
    opened.close()




def _run(*command: str) -> bool:
    return subprocess.run(command, capture_output=True).returncode == 0


@pytest.fixture
def small_disk_of(tmp_path):
    """Mount a tmpfs of the given size (as root) under tmp_path; the test is skipped, saying why, where none can be."""
    mounts = []

    def mount(size: str) -> Path:
        folder = tmp_path / f"small-disk-{size}"
        folder.mkdir()
        if not _run("mount", "-t", "tmpfs", "-o", f"size={size},mode=0700", "tmpfs", str(folder)):
            pytest.skip("cannot mount a tmpfs here (needs root); the file-size-limit tests cover a failed write")
        mounts.append(folder)
        return folder

    yield mount
    for folder in mounts:
        _run("umount", "-l", str(folder))


@pytest.fixture
def small_disk(small_disk_of) -> Path:
    """A 2 MB disk that fills up (a tmpfs, as root)."""
    return small_disk_of("2m")
