"""CSV export: one file per collection, into a folder or a zip, safe to open in a spreadsheet."""

from __future__ import annotations

import csv
import datetime as dt
import zipfile
from dataclasses import dataclass, fields
from enum import StrEnum
from pathlib import Path

from masterydesk.domain.records import COLLECTIONS, Bundle
from masterydesk.services.files import atomic_file, export_folder, text_stream
from masterydesk.interchange.portable import RECORD_TYPES

LIST_SEPARATOR = ";"
# OWASP's CSV injection advice: a cell starting with one of these is run as a formula by
# Excel, LibreOffice or Google Sheets; a leading single quote makes it plain text.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# Excel reads UTF-8 correctly only when the file starts with a byte order mark.
ENCODING = "utf-8-sig"
NESTED = {"ideas", "requirements"}  # written as tables of their own, one row per item


@dataclass(frozen=True, slots=True)
class Table:
    """One CSV file: its name, header and rows of cells."""

    name: str
    header: tuple[str, ...]
    rows: list[list[str]]


def neutralise(cell: str) -> str:
    """The cell prefixed with a single quote when a spreadsheet would run it as a formula."""
    return "'" + cell if cell.startswith(FORMULA_STARTS) else cell


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


def write_csv_folder(folder: Path, tables_to_write: list[Table]) -> Path:
    """Each table as folder/<name>.csv, each file written atomically."""
    folder = export_folder(folder)
    for table in tables_to_write:
        with atomic_file(folder / f"{table.name}.csv") as binary:
            _write_table(binary, table)
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
