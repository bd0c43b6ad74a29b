"""Reading files from other tools: size and count caps, text decoding, cleaning, matching keys."""

from __future__ import annotations

import os
import re
import stat
from dataclasses import fields, is_dataclass
from pathlib import Path
from typing import BinaryIO

from masterydesk.domain import limits
from masterydesk.domain.errors import MasteryDeskError

# Files from other tools (vCard, CSV, jrnl): what a person's contacts or notes can reach.
MAX_IMPORT_BYTES = 64 * 1024 * 1024
MAX_IMPORT_RECORDS = 100_000
# A MasteryDesk export is the user's own complete copy: ten years of practice export to 66 MiB
# and 66,000 records, and every export must import again. Room for decades more.
MAX_PORTABLE_BYTES = 256 * 1024 * 1024
MAX_PORTABLE_RECORDS = 1_000_000
# The portable format's limits (masterydesk-export-1.schema.json): imported text must fit them
# so that an export of the journal imports again.
MAX_NAME = limits.NAME
MAX_EMAIL = limits.EMAIL
MAX_TEXT = limits.TEXT

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_SKILL_KEY_DROP = re.compile(r"[\s_\-]+")


class ImportRefused(MasteryDeskError):
    """A file that cannot be imported; the message names the line or record."""


def _refuse_irregular(mode: int, path: Path) -> None:
    if not stat.S_ISREG(mode):
        raise ImportRefused(f"{path.name or path} is not a regular file; choose a file to import.")


def open_regular(path: Path) -> BinaryIO:
    """The file opened for binary reading, refusing a FIFO, folder or device before it is read.

    Opening a FIFO for reading waits for a writer forever; it is refused from its stat, and
    O_NONBLOCK keeps the open from waiting should one be swapped in after that stat.
    """
    path = Path(path)
    _refuse_irregular(path.stat().st_mode, path)
    descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    try:
        _refuse_irregular(os.fstat(descriptor).st_mode, path)
        if hasattr(os, "set_blocking"):
            os.set_blocking(descriptor, True)
        return os.fdopen(descriptor, "rb")
    except BaseException:
        os.close(descriptor)
        raise


def _too_large(path: Path, limit: int) -> ImportRefused:
    return ImportRefused(f"{path.name} is larger than {limit // 2**20} MiB, the most MasteryDesk imports at once.")


def read_capped(path: Path, limit: int = MAX_IMPORT_BYTES) -> bytes:
    """The bytes of a regular file, refusing one larger than the cap."""
    path = Path(path)
    try:
        with open_regular(path) as handle:
            if os.fstat(handle.fileno()).st_size > limit:
                raise _too_large(path, limit)
            data = handle.read(limit + 1)
    except OSError as error:
        raise ImportRefused(f"Cannot read {path.name}: {error.strerror or error}.") from error
    if len(data) > limit:  # the file grew after its size was read
        raise _too_large(path, limit)
    return data


def read_head(path: Path, size: int) -> bytes:
    """The first bytes of a regular file."""
    path = Path(path)
    try:
        with open_regular(path) as handle:
            return handle.read(size)
    except OSError as error:
        raise ImportRefused(f"Cannot read {path.name}: {error.strerror or error}.") from error


def decode_text(data: bytes) -> str:
    """Text from bytes: UTF-8 or UTF-16 with a byte order mark, UTF-8, else Windows-1252."""
    for mark, codec in ((b"\xef\xbb\xbf", "utf-8"), (b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be")):
        if data.startswith(mark):
            return data[len(mark):].decode(codec, errors="replace")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        # Outlook and Excel on Windows save vCards and CSV files in the ANSI code page.
        return data.decode("cp1252", errors="replace")


def read_text(path: Path) -> str:
    """A capped file decoded as text."""
    return decode_text(read_capped(path))


def clean_text(value: str) -> str:
    """Text safe to store: newlines made plain, control characters and lone surrogates removed."""
    value = value.replace("\r\n", "\n").replace("\r", "\n")
    value = _CONTROL.sub("", value)
    return value.encode("utf-8", errors="replace").decode("utf-8").strip()


def flat(value: str) -> str:
    """A value made fit for a one-line message: line breaks as spaces, control characters and lone
    surrogates as question marks."""
    flattened = _CONTROL.sub("?", value.replace("\n", " ").replace("\r", " "))
    return flattened.encode("utf-8", errors="replace").decode("utf-8")


def shown(value: str, width: int = 40) -> str:
    """A value quoted for a one-line message, shortened and with control characters hidden."""
    flattened = flat(value)
    return "'" + (flattened if len(flattened) <= width else flattened[: width - 1] + "…") + "'"


def has_lone_surrogate(value: object) -> bool:
    """Whether a text, or a text inside a tuple or a dataclass, holds a lone UTF-16 surrogate (JSON may
    spell "\\ud800"), which no journal can store as UTF-8."""
    if isinstance(value, str):
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            return True
        return False
    if isinstance(value, tuple):
        return any(has_lone_surrogate(v) for v in value)
    if is_dataclass(value):
        return any(has_lone_surrogate(getattr(value, f.name)) for f in fields(value))
    return False


def check_length(value: str, limit: int, where: str, what: str) -> str:
    """The value, or a refusal naming where it is when it is longer than the limit."""
    if len(value) > limit:
        raise ImportRefused(f"{where}: the {what} is longer than {limit:,} characters.")
    return value


def check_count(count: int, file_name: str, noun: str, limit: int = MAX_IMPORT_RECORDS) -> None:
    """Refuse a file with more records than one import takes."""
    if count > limit:
        raise ImportRefused(f"{file_name} holds more than {limit:,} {noun}; split it and import the parts one by one.")


def skill_key(name: str) -> str:
    """How names and tags are compared to skill names: case, a leading @ or #, spaces, - and _ ignored."""
    return _SKILL_KEY_DROP.sub("", name.strip().lstrip("@#").casefold())


def person_key(name: str) -> str:
    """How contact names are compared: case and runs of spaces ignored."""
    return " ".join(name.casefold().split())
