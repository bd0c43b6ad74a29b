"""A main window on a real journal file, driven like a person would."""

import datetime as dt

import pytest
from PySide6.QtCore import QSettings

from masterydesk.ui.main_window import MainWindow


@pytest.fixture
def settings(tmp_path):
    return QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)


@pytest.fixture
def window(qtbot, settings, journal_path):
    main = MainWindow(settings)
    qtbot.addWidget(main)
    main.show()
    assert main.open_journal_path(journal_path, create=True)
    yield main
    main.close()


@pytest.fixture
def today():
    return dt.date.today()
