"""Failures the user can meet, each as one sentence; and text made safe to print on a terminal.

The command line and the app's background work send every error through sentence_for(): a
MasteryDeskError already is a sentence; the disk's and SQLite's refusals are turned into one here;
anything else is a fault of MasteryDesk itself, logged in full, and the sentence says where.
"""

from __future__ import annotations

import re
import sqlite3

from masterydesk.domain.errors import MasteryDeskError, shown_path
from masterydesk.store import sqlite as store_sqlite
from masterydesk.store.cipher import database_errors

# C0 and C1 control characters except tab and newline: escape sequences a terminal would obey.
CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def sentence_for(error: BaseException) -> str:
    """explain(error), its details logged; for an unexpected error, a sentence pointing to the log
    that holds its traceback."""
    sentence = explain(error)
    if sentence is not None:
        if getattr(error, "details", ""):
            _log().warning(error.details)
        return sentence
    log = _log_path()
    _log().error("Unexpected error", exc_info=error)
    return (
        f"An unexpected error stopped this ({type(error).__name__}); everything saved before it "
        f"is kept, and the details are in {log}."
    )


def _log_path():
    from masterydesk.logs import log_to_file

    return log_to_file()


def _log():
    import logging

    _log_path()  # the log is set up the first time something goes into it
    return logging.getLogger("masterydesk")


def explain(error: BaseException) -> str | None:
    """The sentence for an expected failure, or None for an unexpected one."""
    if isinstance(error, MasteryDeskError):
        return str(error)
    if isinstance(error, OSError):
        return _disk_sentence(error)
    cause = getattr(error, "orig", error)  # SQLAlchemy wraps the driver's error
    if isinstance(cause, (sqlite3.Error, *database_errors())):
        return _sqlite_sentence(cause)
    return None


def reason(error: BaseException) -> str:
    """The short cause of a failure, for a sentence that names what failed ('No space left on device')."""
    if isinstance(error, OSError) and error.strerror:
        return error.strerror
    return str(error).rstrip(".")


def _disk_sentence(error: OSError) -> str:
    reason = error.strerror or str(error) or type(error).__name__
    return f"{reason} ({shown_path(error.filename)}); nothing was changed." if error.filename else f"{reason}; nothing was changed."


def _sqlite_sentence(error: Exception) -> str | None:
    if store_sqlite.is_busy(error):
        return str(store_sqlite.busy_refusal())
    return store_sqlite.write_failure(error)


def printable(text: str) -> str:
    """text with control characters shown as \\uNNNN: names from imported files cannot drive the terminal.

    The same escape is valid inside a JSON string, so `metrics --json` output stays JSON.
    """
    return CONTROL.sub(lambda match: f"\\u{ord(match.group()):04x}", text)
