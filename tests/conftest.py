"""Shared fixtures. Qt runs offscreen; every test gets its own data folder and settings."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from pathlib import Path

import pytest

from masterydesk.store.database import open_journal

@pytest.fixture(autouse=True)
def isolated_home(tmp_path, monkeypatch):
    """The default journal, demo journal and Qt settings all live under tmp_path."""
    home = tmp_path / "home"
    monkeypatch.setenv("MASTERYDESK_HOME", str(home))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    return home


@pytest.fixture
def journal_path(tmp_path) -> Path:
    return tmp_path / "journal.sqlite"


@pytest.fixture
def journal(journal_path):
    opened = open_journal(journal_path, create=True)
    yield opened
    opened.close()


