"""Reading a signed document from a file: a review request or answer, an identity card, a credential.

Each is one JSON object, read whole (so with a size limit), from a regular file only: a named
pipe would wait for a writer for ever. Whatever else the file holds is one sentence naming it.
"""

from __future__ import annotations

import json
import stat
from pathlib import Path

from masterydesk.domain.errors import MasteryDeskError


class UnreadableDocument(MasteryDeskError):
    """A file that does not hold a document to check: one sentence, naming the file."""


def read_document(path: Path, called: str, longest: int) -> dict:
    """The JSON object in the file; called ("a credential") and longest (bytes) are for the refusal."""
    path = Path(path)
    try:
        status = path.stat()
        if not stat.S_ISREG(status.st_mode):
            raise UnreadableDocument(f"{path.name} cannot be read as {called}: it is not a regular file.")
        if status.st_size > longest:
            too_large = f"it is larger than {longest // 1024 ** 2} MiB"
            raise UnreadableDocument(f"{path.name} cannot be read as {called}: {too_large}.")
        document = json.loads(path.read_text("utf-8"), parse_constant=_no_constant)
    except (OSError, UnicodeDecodeError, ValueError, RecursionError) as error:
        raise UnreadableDocument(f"{path.name} cannot be read as {called} ({_reason(error)}).") from None
    if not isinstance(document, dict):
        raise UnreadableDocument(f"{path.name} cannot be read as {called}: it holds no JSON object.")
    return document


def _no_constant(name: str) -> None:
    raise ValueError(f"{name} is not a JSON number")  # NaN and Infinity cannot be put in canonical form


def _reason(error: Exception) -> str:
    if isinstance(error, UnicodeDecodeError):
        return "it is not UTF-8 text"
    if isinstance(error, OSError):
        return error.strerror or str(error)
    if isinstance(error, RecursionError):
        return "it nests too deeply"
    return str(error)
