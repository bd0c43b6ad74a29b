"""The private log file: details the user's one-sentence messages leave out, for a bug report."""

from __future__ import annotations

import logging
import os
from pathlib import Path

from masterydesk.paths import log_folder

FILE_MODE = 0o600
LOG_NAME = "masterydesk.log"
MAX_LOG_BYTES = 1_000_000


class PrivateFileHandler(logging.FileHandler):
    """A log file readable by its owner only, opened on the first record (a quiet run makes none)."""

    def _open(self):
        from masterydesk.store.sqlite import private_folder

        path = Path(self.baseFilename)
        private_folder(path.parent)
        if path.exists() and path.stat().st_size > MAX_LOG_BYTES:  # keep one old log, not an endless one
            os.replace(path, path.with_suffix(".log.1"))
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, FILE_MODE)
        return os.fdopen(descriptor, "a", encoding="utf-8")


def log_to_file(folder: Path | None = None) -> Path:
    """Send MasteryDesk's log records to the private log file (once per process); return its path."""
    logger = logging.getLogger("masterydesk")
    path = (folder or log_folder()) / LOG_NAME
    for old in [h for h in logger.handlers if isinstance(h, PrivateFileHandler)]:
        if old.baseFilename == str(path.absolute()):
            return path
        logger.removeHandler(old)  # the data folder moved (MASTERYDESK_HOME changed)
        old.close()
    handler = PrivateFileHandler(path, delay=True)
    handler.setFormatter(logging.Formatter("%(asctime)s %(process)d %(levelname)s %(message)s"))
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    logger.propagate = False  # the terminal gets the sentence, not the details
    return path
