"""Errors a user can meet: each message is one sentence they can act on."""

LONGEST_SHOWN_PATH = 120


def shown_path(path: object) -> str:
    """A file name short enough for a sentence: all of it, or its start and its end."""
    text = str(path)
    return text if len(text) <= LONGEST_SHOWN_PATH else f"{text[:40]}…{text[-60:]}"


class MasteryDeskError(Exception):
    """Base of every error the app reports to the user as a sentence; details, if any, go to the log."""

    def __init__(self, sentence: str = "", details: str = "") -> None:
        super().__init__(sentence)
        self.details = details


class InvalidRecord(MasteryDeskError):
    """A record breaks a rule; the message names the record and the field."""

    def __init__(self, collection: str, record_id: str | None, field: str, problem: str):
        self.collection = collection
        self.record_id = record_id
        self.field = field
        self.problem = problem
        where = f"{collection} record '{record_id}'" if record_id else collection
        super().__init__(f"In {where}, field '{field}': {problem}.")


class JournalRefused(MasteryDeskError):
    """A file that cannot be opened as a journal (not a journal, damaged, too new, locked)."""


class JournalTooNew(JournalRefused):
    """A journal written by a newer MasteryDesk than this one."""


class JournalDamaged(JournalRefused):
    """A journal whose file fails its checks: a backup may bring it back, or it opens read-only."""


class ReadOnlyJournal(MasteryDeskError):
    """A write was attempted on a journal opened read-only."""


class JournalWriteFailed(ReadOnlyJournal):
    """The disk refused a write (full, read-only, failing): nothing was saved, the journal is now read-only."""


class JournalBusy(MasteryDeskError):
    """Another connection held the journal's lock for longer than MasteryDesk waits; nothing changed."""
