"""CSV export: one file per collection, into a folder or a zip, safe to open in a spreadsheet."""

from __future__ import annotations

import csv
import datetime as dt
import errno
import os
import shutil
import tempfile
import unicodedata
import zipfile
from dataclasses import dataclass, fields
from enum import StrEnum
from pathlib import Path

from masterydesk.domain.errors import MasteryDeskError
from masterydesk.domain.records import COLLECTIONS, Bundle
from masterydesk.services.files import atomic_file, private_folder, refuse_journal_target, sync_folder, text_stream
from masterydesk.interchange.portable import RECORD_TYPES

LIST_SEPARATOR = ";"
# OWASP's CSV injection advice: a cell whose first meaningful character is one of these is run
# as a formula by Excel, LibreOffice or Google Sheets; a leading single quote makes it plain text.
# A spreadsheet may skip leading spaces, line breaks or invisible characters, and may read the
# full-width ＝ ＋ － ＠ as = + - @: the first character that is neither is compared after NFKC.
FORMULA_STARTS = ("=", "+", "-", "@")
# OWASP also lists a tab or carriage return at the very start.
RAW_FORMULA_STARTS = ("\t", "\r")
# A first character that is printable ASCII and not a formula start: the cell is safe as it is.
_PLAIN_FIRST = frozenset(chr(code) for code in range(0x21, 0x7F)) - set(FORMULA_STARTS)
# Excel reads UTF-8 correctly only when the file starts with a byte order mark.
ENCODING = "utf-8-sig"
NESTED = {"ideas", "requirements"}  # written as tables of their own, one row per item


@dataclass(frozen=True, slots=True)
class Table:
    """One CSV file: its name, header and rows of cells."""

    name: str
    header: tuple[str, ...]
    rows: list[list[str]]


def _is_skipped(char: str) -> bool:
    """Whether a spreadsheet may pass over the character before it reads a formula."""
    return char.isspace() or unicodedata.category(char) in ("Cc", "Cf")  # controls, zero-width marks


def is_formula(cell: str) -> bool:
    """Whether a spreadsheet might run the cell as a formula."""
    if cell.startswith(RAW_FORMULA_STARTS):
        return True
    first = next((char for char in cell if not _is_skipped(char)), "")
    return unicodedata.normalize("NFKC", first).startswith(FORMULA_STARTS)


def neutralise(cell: str) -> str:
    """The cell prefixed with a single quote when a spreadsheet would run it as a formula."""
    if not cell or cell[0] in _PLAIN_FIRST:  # most cells: decided without a Unicode lookup
        return cell
    return "'" + cell if is_formula(cell) else cell


def cell(value: object) -> str:
    """A field's value as spreadsheet text: lists joined with ';', dates as YYYY-MM-DD, empty for none."""
    if value is None:
        text = ""
    elif isinstance(value, bool):
        text = "true" if value else "false"
    elif isinstance(value, tuple):
        text = LIST_SEPARATOR.join(cell(item) for item in value)
    elif isinstance(value, StrEnum):
        text = value.value
    elif isinstance(value, dt.date):
        text = value.isoformat()
    else:
        text = str(value)
    return neutralise(text)


def tables(bundle: Bundle, include_private: bool) -> list[Table]:
    """A table per collection, then the interactions' ideas and the roles' requirements."""
    result = []
    for name in COLLECTIONS:
        records = getattr(bundle, name)
        if name == "journal" and not include_private:
            records = tuple(entry for entry in records if not entry.private)
        columns = tuple(f.name for f in fields(RECORD_TYPES[name]) if f.name not in NESTED)
        result.append(Table(name, columns, [[cell(getattr(r, c)) for c in columns] for r in records]))
    ideas = [[cell(i.id), cell(idea.text), cell(idea.applied_on)] for i in bundle.interactions for idea in i.ideas]
    result.append(Table("ideas", ("interaction_id", "text", "applied_on"), ideas))
    requirements = [
        [cell(role.id), cell(q.skill_id), cell(q.tier), cell(q.weight)] for role in bundle.roles for q in role.requirements
    ]
    result.append(Table("role_requirements", ("role_id", "skill_id", "tier", "weight"), requirements))
    return result


def _write_table(binary, table: Table) -> None:
    with text_stream(binary, ENCODING) as text:
        writer = csv.writer(text, quoting=csv.QUOTE_ALL)
        writer.writerow(table.header)
        writer.writerows(table.rows)


def _write_new_file(path: Path, table: Table) -> None:
    # O_EXCL: the staging folder is new and only ours; 0600 like every other export file.
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)
    with os.fdopen(os.open(path, flags, 0o600), "wb") as binary:
        _write_table(binary, table)
        binary.flush()
        os.fsync(binary.fileno())  # on disk before a rename can make it visible


def _check_targets(folder: Path, names: list[str]) -> None:
    """Refuse, before anything is moved, a target that is a folder or a journal's file."""
    refuse_journal_target(folder)
    if folder.exists() and not folder.is_dir():
        raise MasteryDeskError(f"{folder} is a file; give the name of a folder to export into.")
    for name in names:
        target = folder / name
        refuse_journal_target(target)
        if target.is_dir():
            raise MasteryDeskError(f"{target} is a folder; move it away or export into another folder.")


def _move_into_place(staging: Path, folder: Path, names: list[str]) -> None:
    """The staged files become the folder's: renames only, which need no disk space."""
    if not folder.exists():
        os.rename(staging, folder)
        return
    for name in names:
        os.replace(staging / name, folder / name)
    staging.rmdir()


def _export_failed(error: OSError, folder: Path) -> MasteryDeskError:
    if error.errno in (errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC)):
        return MasteryDeskError("The disk is full; nothing was exported.")
    return MasteryDeskError(f"Cannot write the CSV files into {folder}: {error.strerror or error}; nothing was exported.")


def write_csv_folder(folder: Path, tables_to_write: list[Table]) -> Path:
    """Each table as folder/<name>.csv: all of them, or on any error none and the folder as it was.

    The files are written into a private sibling folder first, then that folder is renamed into
    place, or, if the folder exists, each file is renamed into it.
    """
    folder = Path(folder)
    names = [f"{table.name}.csv" for table in tables_to_write]
    _check_targets(folder, names)
    staging = None
    try:
        private_folder(folder.parent)
        staging = Path(tempfile.mkdtemp(prefix=f".{folder.name}.partial-", dir=folder.parent))  # mode 0700
        for name, table in zip(names, tables_to_write):
            _write_new_file(staging / name, table)
        sync_folder(staging)
        _move_into_place(staging, folder, names)
        sync_folder(folder)
        sync_folder(folder.parent)
    except OSError as error:
        raise _export_failed(error, folder) from error
    finally:
        if staging is not None and staging.exists():
            shutil.rmtree(staging, ignore_errors=True)
    return folder


def write_csv_zip(out: Path, tables_to_write: list[Table]) -> Path:
    """All tables as <name>.csv inside one zip, written atomically."""
    stamp = dt.datetime.now().timetuple()[:6]
    with atomic_file(out) as binary, zipfile.ZipFile(binary, "w", zipfile.ZIP_DEFLATED) as archive:
        for table in tables_to_write:
            member = zipfile.ZipInfo(f"{table.name}.csv", date_time=stamp)
            member.compress_type = zipfile.ZIP_DEFLATED
            member.external_attr = 0o100600 << 16  # a regular file, owner read/write, once unpacked
            with archive.open(member, "w") as stream:
                _write_table(stream, table)
    return Path(out)


def export_csv(bundle: Bundle, out: Path, include_private: bool) -> Path:
    """One CSV per collection into the folder out, or into a zip when out ends in .zip."""
    to_write = tables(bundle, include_private)
    if Path(out).suffix.lower() == ".zip":
        return write_csv_zip(Path(out), to_write)
    return write_csv_folder(Path(out), to_write)
