"""PySide6 reads the source of each module imported after it; the app's ui package stops that
(masterydesk/ui/__init__.py): on the way to the first frame it read every module of the window."""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
# PySide looks at the module an import statement gives back: the records module, for this one.
IMPORT_AFTER = (
    "import linecache; from masterydesk.domain.records import Skill; "
    "print(sys.modules[Skill.__module__].__file__ in linecache.cache)"
)


def _source_read(first: str) -> bool:
    result = subprocess.run([sys.executable, "-c", f"import sys; {first}; {IMPORT_AFTER}"], cwd=ROOT,
                            capture_output=True, text=True, check=True)
    return result.stdout.split() == ["True"]


def test_pyside_alone_reads_the_source_of_a_module_imported_after_it():
    """The cost the ui package avoids exists in this PySide6 (when a PySide6 drops it, so can the ui package)."""
    assert _source_read("import PySide6.QtCore")


def test_after_the_ui_package_no_module_imported_has_its_source_read():
    assert not _source_read("import masterydesk.ui")
