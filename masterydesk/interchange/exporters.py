"""`masterydesk export OUT --format …`: write the journal for other tools, every file atomically."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from pathlib import Path

from masterydesk.domain.errors import MasteryDeskError
from masterydesk.interchange import csv_export, ics, jsonresume, markdown_export, portable
from masterydesk.services.files import file_in, write_text_atomically
from masterydesk.services.metrics import journal_metrics
from masterydesk.services.transfer import export_bundle
from masterydesk.store.database import Journal


def export_portable(journal: Journal, out: Path, include_private: bool) -> Path:
    # The portable document is the user's own complete copy: private entries stay in it.
    portable.write_json_atomically(portable.bundle_to_document(export_bundle(journal)), out)
    return out


def export_csv(journal: Journal, out: Path, include_private: bool) -> Path:
    """One CSV per collection into the folder out, or a zip when out ends in .zip."""
    return csv_export.export_csv(export_bundle(journal), out, include_private)


def export_markdown(journal: Journal, out: Path, include_private: bool) -> Path:
    """One Markdown note per journal entry into the folder out."""
    return markdown_export.export_markdown(export_bundle(journal), out, include_private)


def export_markdown_by_month(journal: Journal, out: Path, include_private: bool) -> Path:
    """One Markdown note per month into the folder out."""
    return markdown_export.export_markdown_by_month(export_bundle(journal), out, include_private)


def export_calendar(journal: Journal, out: Path, include_private: bool) -> Path:
    """An iCalendar file (no journal text is in it, private or not)."""
    bundle = export_bundle(journal, journal_entries=False)
    text = ics.calendar_text(bundle, dt.date.today(), dt.datetime.now(dt.timezone.utc))
    return write_text_atomically(file_in(out, "masterydesk.ics"), text)


def export_json_resume(journal: Journal, out: Path, include_private: bool) -> Path:
    """A JSON Resume document with each skill's tier as of today (no journal text is in it)."""
    bundle = export_bundle(journal, journal_entries=False)
    tiers = {skill.id: skill.tier for skill in journal_metrics(journal).skills}
    document = jsonresume.resume_document(bundle, tiers, dt.datetime.now(dt.timezone.utc))
    text = json.dumps(document, ensure_ascii=False, indent=2) + "\n"
    return write_text_atomically(file_in(out, "resume.json"), text)


EXPORTERS: dict[str, Callable[[Journal, Path, bool], Path]] = {
    "json": export_portable,
    "csv": export_csv,
    "markdown": export_markdown,
    "markdown-months": export_markdown_by_month,
    "ics": export_calendar,
    "jsonresume": export_json_resume,
}


def export_journal(journal: Journal, out: Path, format: str = "json", *, include_private: bool = False) -> Path:
    """Write the journal to out in the format; return what was written."""
    exporter = EXPORTERS.get(format)
    if exporter is None:
        raise MasteryDeskError(f"MasteryDesk cannot export the format '{format}'; choose one of {', '.join(EXPORTERS)}.")
    return exporter(journal, Path(out), include_private)
