"""`masterydesk export OUT --format …`: write the journal for other tools."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from masterydesk.domain.errors import MasteryDeskError
from masterydesk.interchange import portable
from masterydesk.services.transfer import export_bundle
from masterydesk.store.database import Journal


def export_portable(journal: Journal, out: Path, include_private: bool) -> Path:
    # The portable document is the user's own complete copy: private entries stay in it.
    portable.write_json_atomically(portable.bundle_to_document(export_bundle(journal)), out)
    return out


EXPORTERS: dict[str, Callable[[Journal, Path, bool], Path]] = {"json": export_portable}


def export_journal(journal: Journal, out: Path, format: str = "json", *, include_private: bool = False) -> Path:
    """Write the journal to out in the format; return what was written."""
    exporter = EXPORTERS.get(format)
    if exporter is None:
        raise MasteryDeskError(f"MasteryDesk cannot export the format '{format}'.")
    return exporter(journal, Path(out), include_private)
