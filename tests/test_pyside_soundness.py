"""PySide6 6.12.0 on Python 3.11 aborts after a few thousand void calls (none_dealloc).

The pin in pyproject.toml keeps us on a sound release; this proves the installed one is sound.
"""

import subprocess
import sys

SCRIPT = """
from PySide6.QtWidgets import QApplication, QLabel
app = QApplication([])
label = QLabel()
for n in range(20000):
    label.setText(str(n))      # void
    label.setVisible(False)    # void
    label.adjustSize()         # void
print("done", label.text())
"""


def test_twenty_thousand_void_calls_exit_cleanly():
    result = subprocess.run(
        [sys.executable, "-c", SCRIPT], capture_output=True, text=True, timeout=120,
        env={"QT_QPA_PLATFORM": "offscreen", "PATH": "/usr/bin:/bin"},
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.strip() == "done 19999"
