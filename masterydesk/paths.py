"""Where MasteryDesk keeps its files by default (the user data folder, or MASTERYDESK_HOME)."""

from __future__ import annotations

import os
from pathlib import Path

APP_NAME = "MasteryDesk"
# The environment variables MasteryDesk reads besides MASTERYDESK_HOME: a protected journal's
# passphrase, and the new one when it is set or changed (each asked for when not set).
PASSPHRASE_VARIABLE = "MASTERYDESK_PASSPHRASE"
NEW_PASSPHRASE_VARIABLE = "MASTERYDESK_NEW_PASSPHRASE"


def data_folder() -> Path:
    """The folder holding the default journal and the demo journal."""
    override = os.environ.get("MASTERYDESK_HOME")
    if override:
        return Path(override)
    import platformdirs

    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


def default_journal() -> Path:
    return data_folder() / "journal.sqlite"


def demo_journal() -> Path:
    return data_folder() / "demo.sqlite"


def log_folder() -> Path:
    """Where error logs go: the user log folder, or logs/ in MASTERYDESK_HOME when that is set."""
    override = os.environ.get("MASTERYDESK_HOME")
    if override:
        return Path(override) / "logs"
    import platformdirs

    return Path(platformdirs.user_log_dir(APP_NAME, appauthor=False))
