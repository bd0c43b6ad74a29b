"""What worker threads import ahead of the UI thread never loads PySide6 (ui/imports_ahead.py says why)."""

import json
import subprocess
import sys
from pathlib import Path

from masterydesk.ui.imports_ahead import PLAIN_LAYERS, plain_dependencies
from masterydesk.ui.journal_opener import ATTACH_MODULES
from masterydesk.ui.tab_pages import TABS

ROOT = Path(__file__).parents[2]
LOAD = """
import importlib, json, sys
for name in json.loads(sys.argv[1]):
    importlib.import_module(name)
print(json.dumps(sorted(name for name in sys.modules
                        if name.split(".")[0] in ("PySide6", "shiboken6") or name.startswith("masterydesk.ui"))))
"""


def every_startup_import() -> tuple[str, ...]:
    return plain_dependencies(tuple(module for _name, module, _class, _icon in TABS) + ATTACH_MODULES)


def test_the_modules_imported_ahead_are_of_the_plain_layers_only():
    ahead = every_startup_import()
    assert "masterydesk.domain.records" in ahead and "masterydesk.services.protection" in ahead
    assert all(name.startswith(PLAIN_LAYERS) for name in ahead)


def test_importing_them_in_a_fresh_interpreter_loads_no_pyside_and_no_ui_module():
    result = subprocess.run([sys.executable, "-c", LOAD, json.dumps(every_startup_import())], cwd=ROOT,
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr[-2000:]
    assert json.loads(result.stdout) == []


def test_a_dependency_imported_only_under_type_checking_or_inside_a_function_is_not_ahead():
    assessment = plain_dependencies(("masterydesk.ui.welcome.assessment",))
    assert "masterydesk.services.editing" in assessment
    assert "masterydesk.store.database" not in assessment  # under TYPE_CHECKING only
    opener = plain_dependencies(("masterydesk.ui.journal_opener",))
    assert "masterydesk.services.journals" not in opener  # imported inside its methods only
