"""A main window on a real journal file under tmp_path."""

import pytest
from PySide6.QtCore import QSettings

from masterydesk.ui.main_window import MainWindow


@pytest.fixture
def window(qtbot, tmp_path, journal_path):
    main = MainWindow(QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat))
    qtbot.addWidget(main)
    main.show()
    assert main.open_journal_path(journal_path, create=True)
    yield main
    main.close()
